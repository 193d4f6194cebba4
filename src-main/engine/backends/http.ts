/** Raised while reading a body that grows past its cap; the read is cancelled so the socket is freed. */
export class BodyTooLargeError extends Error {
  constructor(readonly capBytes: number) {
    super(`response larger than ${capBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads a response body, giving up as soon as it exceeds `capBytes`. A declared Content-Length is only an
 * early exit: a backend can lie about it or compress, so the decoded bytes are what is counted.
 */
export async function readBodyCapped(res: Response, capBytes: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > capBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError(capBytes);
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > capBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(capBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

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
