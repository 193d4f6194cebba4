import { networkCodeWords } from '@shared/words/error-words';
import { addressRefusalOf } from './address-place';

/**
 * A failed network call in a few plain words, from its error (and undici's `cause` code): what the Network page and
 * the relay worker's steps and the public health probe say instead of an errno dump. `null` when the error says nothing
 * recognisable. The words themselves are shared with the event log's sentences (src-shared/words/error-words.ts).
 */
export function networkErrorWords(err: unknown): string | null {
  if (!(err instanceof Error)) return null;
  const refused = addressRefusalOf(err);
  if (refused) return `its address ${refused.words}`;
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'no answer in time';
  const own = (err as { code?: unknown }).code;
  const cause = (err as { cause?: unknown }).cause;
  const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : typeof own === 'string' ? own : null;
  return networkCodeWords(code);
}
