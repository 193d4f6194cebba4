export { BodyTooLargeError, readBodyCapped } from '../net';

/** Discards a body we do not need, so keep-alive sockets go back to the pool instead of leaking. */
export async function discardBody(res: Response): Promise<void> {
  await res.body?.cancel().catch(() => undefined);
}

export function parseJson(bytes: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The socket-level error code undici hides in `cause` (ECONNREFUSED, ENOTFOUND, …), if any. */
export function transportCode(err: unknown): string | null {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && isPlainObjectLike(current); depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.length > 0) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function isPlainObjectLike(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

export function bearerHeaders(apiKey: string | null | undefined): Record<string, string> {
  return apiKey ? { authorization: `Bearer ${apiKey}` } : {};
}
