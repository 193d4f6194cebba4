import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Cancellation, TransportAbortedError, TransportTimeoutError } from '@engine/net/call-cancellation';
import { closeAllPools, pooledCall, type PooledCallOptions } from '@engine/net/pooled-call';
import { BodyTooLargeError } from '@engine/net/read-body';

const OPTS: PooledCallOptions = { method: 'POST', timeoutMs: 5_000, maxBytes: 1024, maxErrorBytes: 64 };

let servers: (Server | TcpServer)[] = [];

async function serve(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

/** A raw TCP server whose sockets are destroyed with it (a test's half-closed socket must not hold the close up). */
async function tcpServe(onSocket: (s: Socket) => void): Promise<string> {
  const sockets = new Set<Socket>();
  const tcp = createTcpServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    onSocket(s);
  });
  tcp.on('close', () => undefined);
  const close = tcp.close.bind(tcp);
  tcp.close = (cb?: (err?: Error) => void) => {
    for (const s of sockets) s.destroy();
    return close(cb);
  };
  servers.push(tcp);
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(tcp.address() as { port: number }).port}`;
}

afterEach(async () => {
  await closeAllPools();
  for (const s of servers) {
    (s as Server).closeAllConnections?.();
    await new Promise((r) => s.close(r));
  }
  servers = [];
});

describe('pooledCall (undici keep-alive pool)', () => {
  it('sends method, headers and body, and returns status, body and raw headers; connections are reused', async () => {
    const seen: { method?: string; type?: string; body: string; port: number }[] = [];
    const { origin } = await serve((req, res, body) => {
      seen.push({ method: req.method, type: req.headers['content-type'], body, port: req.socket.remotePort! });
      res.writeHead(201, { 'Content-Type': 'application/json', Server: 'test' });
      res.end('{"ok":true}');
    });
    for (let i = 0; i < 10; i++) {
      const r = await pooledCall(
        { origin, path: '/v1/x?a=1', authorization: null },
        { 'content-type': 'application/json' },
        `{"i":${i}}`,
        OPTS,
      );
      expect(r.status).toBe(201);
      expect(r.body.toString()).toBe('{"ok":true}');
      expect(r.rawHeaders.map((h) => h.toLowerCase())).toContain('server');
      expect(r.endAt).toBeGreaterThanOrEqual(r.headersAt);
    }
    expect(seen.map((s) => s.body)).toEqual(Array.from({ length: 10 }, (_, i) => `{"i":${i}}`));
    expect(seen.every((s) => s.method === 'POST' && s.type === 'application/json')).toBe(true);
    // undici may open a second connection while the first finishes its answer's bookkeeping; never one per call.
    expect(new Set(seen.map((s) => s.port)).size).toBeLessThanOrEqual(2);
  });

  it('adds Basic authentication from the URL credentials', async () => {
    let auth: string | undefined;
    const { origin } = await serve((req, res) => {
      auth = req.headers.authorization;
      res.end('{}');
    });
    await pooledCall(
      { origin, path: '/', authorization: `Basic ${Buffer.from('user:p@ss').toString('base64')}` },
      {},
      null,
      { ...OPTS, method: 'GET' },
    );
    expect(auth).toBe(`Basic ${Buffer.from('user:p@ss').toString('base64')}`);
  });

  it('fails a 2xx body over its cap (declared or not) and cuts an error body at its own cap', async () => {
    const { origin } = await serve((req, res) => {
      if (req.url === '/declared') {
        res.writeHead(200, { 'Content-Length': 2048 });
        res.end('x'.repeat(2048));
      } else if (req.url === '/chunked') {
        res.write('x'.repeat(800));
        res.end('y'.repeat(800));
      } else {
        res.writeHead(500);
        res.end('e'.repeat(500));
      }
    });
    await expect(pooledCall({ origin, path: '/declared', authorization: null }, {}, null, OPTS)).rejects.toBeInstanceOf(
      BodyTooLargeError,
    );
    await expect(pooledCall({ origin, path: '/chunked', authorization: null }, {}, null, OPTS)).rejects.toBeInstanceOf(
      BodyTooLargeError,
    );
    const err = await pooledCall({ origin, path: '/error', authorization: null }, {}, null, OPTS);
    expect(err.status).toBe(500);
    expect(err.body.length).toBe(64);
  });

  it('times out, saying whether the server had the connection; a cancelled call ends at once', async () => {
    const held: ServerResponse[] = [];
    const { origin } = await serve((_req, res) => held.push(res));
    const timedOut = await pooledCall({ origin, path: '/', authorization: null }, {}, null, {
      ...OPTS,
      timeoutMs: 50,
    }).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(TransportTimeoutError);
    expect((timedOut as TransportTimeoutError).connected).toBe(true);
    const cancel = new Cancellation();
    const pending = pooledCall({ origin, path: '/', authorization: null }, {}, null, { ...OPTS, cancel });
    await new Promise((r) => setImmediate(r));
    cancel.cancel();
    await expect(pending).rejects.toBeInstanceOf(TransportAbortedError);
    const already = new Cancellation();
    already.cancel();
    await expect(
      pooledCall({ origin, path: '/', authorization: null }, {}, null, { ...OPTS, cancel: already }),
    ).rejects.toBeInstanceOf(TransportAbortedError);
    for (const r of held) r.destroy();
  });

  it('names a refused connection and a connection closed mid-answer as node:http does', async () => {
    const shortOrigin = await tcpServe((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort'));
    const cut = await pooledCall({ origin: shortOrigin, path: '/', authorization: null }, {}, null, OPTS).catch(
      (e: unknown) => e,
    );
    expect((cut as { code?: string }).code).toBe('ECONNRESET');
    const free = createTcpServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
    const port = (free.address() as { port: number }).port;
    await new Promise((r) => free.close(r));
    const refused = await pooledCall(
      { origin: `http://127.0.0.1:${port}`, path: '/', authorization: null },
      {},
      null,
      OPTS,
    ).catch((e: unknown) => e);
    expect((refused as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('sends a call once more when the kept-alive connection it went out on was reset by the server', async () => {
    // Resets the first connection that brings a second request (a server that had just given up the idle connection
    // as the request arrived); answers everything else.
    let requests = 0;
    let resets = 0;
    const origin = await tcpServe((s) => {
      let served = 0;
      s.on('data', () => {
        requests++;
        if (served++ === 0 || resets > 0) return void s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}');
        resets++;
        s.resetAndDestroy();
      });
    });
    for (let i = 0; i < 8; i++)
      expect((await pooledCall({ origin, path: '/', authorization: null }, {}, '{}', OPTS)).status).toBe(200);
    expect(resets).toBe(1);
    expect(requests).toBe(9);
    // On a fresh connection there is nothing to blame: a reset is the call's failure.
    await closeAllPools();
    const resetting = await tcpServe((s) => s.on('data', () => s.resetAndDestroy()));
    const err = await pooledCall({ origin: resetting, path: '/', authorization: null }, {}, '{}', OPTS).catch(
      (e: unknown) => e,
    );
    expect((err as { code?: string }).code).toBe('ECONNRESET');
  });
});
