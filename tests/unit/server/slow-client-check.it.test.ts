/**
 * Node's slow-client check of the task port runs only while a connection is open: an idle node's HTTP server has no
 * interval waking it, and a slow client is still cut off at the headers timeout, the first one as the one after a
 * quiet spell. Real sockets on 127.0.0.1; the interval is looked up where Node keeps it.
 */
import type { Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendJson } from '@engine/server/http-util';
import { TaskServer } from '@engine/server/task-server';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(): Promise<{ http: Server; port: number }> {
  const server = new TaskServer({
    host: '127.0.0.1',
    handler: { handle: async (_req, res) => sendJson(res, 200, { status: 'success' }) },
    health: () => ({ status: 'ok' }),
    metrics: { render: async () => ({ contentType: 'text/plain; version=0.0.4', body: '# metrics\n' }) },
    limits: { headersTimeoutMs: 400, requestTimeoutMs: 600_000 },
  });
  const port = await server.listen(0);
  cleanups.push(() => server.close(0));
  return { http: (server as unknown as { server: Server }).server, port };
}

/** Whether Node's slow-client check of `server` is running (an interval not cleared). */
function checking(server: Server): boolean {
  const key = Object.getOwnPropertySymbols(server).find(
    (k) => k.description === 'http.server.connectionsCheckingInterval',
  );
  const interval = key ? (server as unknown as Record<symbol, { _destroyed?: boolean } | null>)[key] : null;
  return Boolean(interval) && !interval!._destroyed;
}

/** A client that sends the start of a head and never its end; resolves with ms from connect to close, and the text. */
async function slowClient(port: number): Promise<{ socket: Socket; closed: Promise<{ ms: number; text: string }> }> {
  const socket = connect(port, '127.0.0.1');
  cleanups.push(() => socket.destroy());
  socket.on('error', () => {});
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
  const at = await new Promise<number>((resolve) => socket.once('connect', () => resolve(Date.now())));
  socket.write('GET /iicp/health HTTP/1.1\r\nHost: node\r\n');
  const closed = new Promise<{ ms: number; text: string }>((resolve) =>
    socket.once('close', () => resolve({ ms: Date.now() - at, text })),
  );
  return { socket, closed };
}

const until = async (ok: () => boolean, ms = 2_000): Promise<void> => {
  for (const end = Date.now() + ms; !ok() && Date.now() < end;) await new Promise((r) => setTimeout(r, 10));
};

describe("the task port's slow-client check", () => {
  it('does not run while no connection is open', async () => {
    const { http } = await start();
    expect(http.listening).toBe(true);
    expect(checking(http)).toBe(false);
  });

  it('runs while a connection is open, cuts a slow client off at the headers timeout, and stops after', async () => {
    const { http, port } = await start();
    for (let round = 0; round < 2; round++) {
      const c = await slowClient(port);
      await until(() => checking(http));
      expect(checking(http)).toBe(true);
      const { ms, text } = await c.closed;
      expect(ms).toBeGreaterThanOrEqual(350);
      expect(ms).toBeLessThan(3_000);
      expect(text).toMatch(/^HTTP\/1\.1 408 /);
      await until(() => !checking(http));
      expect(checking(http)).toBe(false);
    }
  });
});
