/** Raised while reading a body that grows past its cap; the read is cancelled so the socket is freed. */
export class BodyTooLargeError extends Error {
  constructor(
    readonly capBytes: number,
    /** The answer's status, where the reader knew it. */
    readonly status?: number,
  ) {
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
