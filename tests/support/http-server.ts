/** Small pieces the stand-in servers (directory, relay, drivers) share. */
import type { IncomingMessage, Server } from 'node:http';
import type { ListenOptions } from 'node:net';

/** Listens, rejecting on the first error (a port in use) instead of leaving an 'error' listener behind. */
export function listen(server: Server, options: ListenOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Reads a whole request body, keeping at most `maxBytes` of it: the stand-ins answer an oversized body themselves
 * (413, or as if it were empty) but must drain it so the client sees that answer. `size` is what arrived in all.
 */
export async function readBodyUpTo(req: IncomingMessage, maxBytes: number): Promise<{ bytes: Buffer; size: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size <= maxBytes) chunks.push(buf);
  }
  return { bytes: Buffer.concat(chunks), size };
}
