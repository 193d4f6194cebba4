/** Small pieces the stand-in servers (directory, relay, drivers) share. */
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

/** A server on a free loopback port; `close` ends its open connections too, so a test's cleanup never waits on one. */
export async function serveOnLoopback(handler: RequestListener): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer(handler);
  await listen(server, { port: 0, host: '127.0.0.1' });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
