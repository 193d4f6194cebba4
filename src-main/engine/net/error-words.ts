/**
 * A failed network call in a few plain words, from its error (and undici's `cause` code): what the Network page and
 * the relay worker's steps and the public health probe say instead of an errno dump. `null` when the error says nothing recognisable.
 */
export function networkErrorWords(err: unknown): string | null {
  if (!(err instanceof Error)) return null;
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'no answer in time';
  const cause = (err as { cause?: unknown }).cause;
  const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : null;
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was dropped';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the name could not be found';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'the network has no route there';
    default:
      return null;
  }
}
