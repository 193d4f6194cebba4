/**
 * The HTTP surface's own defences, on real sockets (127.0.0.1, port 0) with a stub task handler: slow and
 * idle clients are cut off, connection floods are bounded, and broken HTTP still gets a JSON answer. The
 * routes' task behaviour is covered end to end in tests/integration/task-server.test.ts. Time here is
 * real, so the limits are shortened through the `limits` option; assertions wait for socket events.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendJson } from '@engine/server/http-util';
import { TaskServer, type TaskServerOptions } from '@engine/server/task-server';
import { http } from '../../support/node-harness';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Handle = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
const answerOk: Handle = async (_req, res) => sendJson(res, 200, { status: 'success' });

async function start(o: Partial<TaskServerOptions> & { handle?: Handle } = {}) {
  const { handle = answerOk, ...rest } = o;
  const server = new TaskServer({
    host: '127.0.0.1',
    handler: { handle },
    health: () => ({ status: 'ok' }),
    metrics: { render: async () => ({ contentType: 'text/plain; version=0.0.4', body: '# metrics\n' }) },
    ...rest,
  });
  const port = await server.listen(0);
  cleanups.push(() => server.close(0));
  return { server, port };
}

interface RawClient {
  socket: Socket;
  /** Everything the server sent so far. */
  received(): string;
  /** Resolves when the connection is closed (by either side), with ms since the client connected. */
  closed: Promise<number>;
  /** Resolves once the received text contains `marker`. */
  waitFor(marker: string): Promise<void>;
}

/** A raw TCP client, so tests can send what no HTTP library would. */
async function rawClient(port: number): Promise<RawClient> {
  const socket = connect(port, '127.0.0.1');
  cleanups.push(() => socket.destroy());
  let text = '';
  const listeners = new Set<() => void>();
  socket.on('data', (d: Buffer) => {
    text += d.toString('latin1');
    for (const l of listeners) l();
  });
  socket.on('error', () => {}); // resets are an expected way for the server to end things here
  const connectedAt = await new Promise<number>((resolve, reject) => {
    socket.once('connect', () => resolve(Date.now()));
    socket.once('error', reject);
  });
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - connectedAt)));
  return {
    socket,
    received: () => text,
    closed,
    waitFor: (marker) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (text.includes(marker)) {
            listeners.delete(check);
            resolve();
          }
        };
        listeners.add(check);
        check();
        void closed.then(() => {
          if (!text.includes(marker))
            reject(new Error(`connection closed before ${JSON.stringify(marker)}; got ${JSON.stringify(text)}`));
        });
      }),
  };
}

/** Status, lower-cased headers and body of one raw HTTP/1.1 response. */
function parseResponse(raw: string) {
  const [head = '', body = ''] = raw.split('\r\n\r\n', 2);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

const GET_HEALTH = 'GET /iicp/health HTTP/1.1\r\nHost: node\r\n\r\n';

describe('defaults', () => {
  it('keeps the documented limits when none are given: headers 10 s, request 30 s, keep-alive 5 s, 16 KiB heads', () => {
    const ts = new TaskServer({
      host: '127.0.0.1',
      handler: { handle: answerOk },
      health: () => ({}),
      metrics: { render: async () => ({ contentType: 'text/plain', body: '' }) },
    });
    // White-box: the node:http server is private, these are its public settings. The 2048-connection cap is the
    // server's own (it evicts idle connections instead of refusing newcomers); see "connection flood".
    const s = (ts as unknown as { server: Server & { maxHeaderSize: number } }).server;
    expect([s.headersTimeout, s.requestTimeout, s.keepAliveTimeout, s.maxHeaderSize]).toEqual([
      10_000,
      30_000,
      5_000,
      16 * 1024,
    ]);
  });
});

describe('slow clients', () => {
  it('cuts off a slow-loris client that sends its headers a byte at a time: 408 JSON, then the connection closes', async () => {
    // The request timeout is ten minutes, so a cut before the head's 20 s is the headers timeout's.
    const { port } = await start({ limits: { headersTimeoutMs: 500, requestTimeoutMs: 600_000 } });
    const c = await rawClient(port);
    const head = `GET /iicp/health HTTP/1.1\r\nHost: node\r\nX-Padding: ${'a'.repeat(200)}\r\n\r\n`; // 20+ s at this pace
    let i = 0;
    const drip = setInterval(() => {
      if (!c.socket.destroyed && i < head.length) c.socket.write(head[i++]!);
    }, 100);
    cleanups.push(() => clearInterval(drip));
    const elapsed = await c.closed;
    clearInterval(drip);
    expect(i).toBeLessThan(head.length); // the head was never completed
    expect(elapsed).toBeGreaterThanOrEqual(450);
    const r = parseResponse(c.received());
    expect(r.status).toBe(408);
    expect(r.headers['content-type']).toBe('application/json');
    expect(JSON.parse(r.body)).toEqual({ error: { code: 'request_timeout', message: expect.any(String) } });
  });

  it('cuts off a client that connects and sends nothing', async () => {
    const { port } = await start({ limits: { headersTimeoutMs: 300, requestTimeoutMs: 5_000 } });
    const c = await rawClient(port);
    expect(await c.closed).toBeLessThan(4_000);
  });

  it('closes an idle keep-alive connection on its own after the keep-alive timeout', async () => {
    const { port } = await start({ limits: { keepAliveTimeoutMs: 200 } });
    const c = await rawClient(port);
    c.socket.write(GET_HEALTH);
    await c.waitFor('"status":"ok"');
    const answeredAt = Date.now();
    expect(parseResponse(c.received()).headers.connection).toBe('keep-alive');
    await c.closed; // the client never closes: only the server can end this
    const idle = Date.now() - answeredAt;
    expect(idle).toBeGreaterThanOrEqual(150);
    // Node keeps the socket open `keepAliveTimeoutBuffer` (1 s) past the advertised timeout.
    expect(idle).toBeLessThan(200 + 1_000 + 2_500);
  });

  it('serves several requests on one keep-alive connection while it is not idle', async () => {
    const { port } = await start({ limits: { keepAliveTimeoutMs: 2_000 } });
    const c = await rawClient(port);
    c.socket.write(GET_HEALTH + GET_HEALTH);
    await c.waitFor('"status":"ok"}HTTP/1.1 200');
  });
});

describe('connection flood', () => {
  it('at maxConnections a newcomer takes the place of the oldest idle connection, so idle floods lock nobody out', async () => {
    const { port } = await start({
      maxConnections: 2,
      limits: { keepAliveTimeoutMs: 10_000, headersTimeoutMs: 10_000 },
    });
    const held: RawClient[] = [];
    for (let n = 0; n < 2; n++) {
      const c = await rawClient(port);
      c.socket.write(GET_HEALTH);
      await c.waitFor('"status":"ok"'); // accepted, answered, now idle (keep-alive)
      held.push(c);
    }
    const newcomer = await rawClient(port);
    newcomer.socket.write(GET_HEALTH);
    await newcomer.waitFor('"status":"ok"');
    await held[0]!.closed; // the oldest idle one made room
    expect(held[1]!.socket.destroyed).toBe(false);
  });

  it('refuses a newcomer only when every connection has a request in progress', async () => {
    let release: () => void = () => undefined;
    let entered: () => void = () => undefined;
    const handling = new Promise<void>((resolve) => (entered = resolve));
    const slow = (_req: IncomingMessage, res: ServerResponse) =>
      new Promise<void>((resolve) => {
        release = () => {
          res.end('{}');
          resolve();
        };
        entered();
      });
    const { port } = await start({ maxConnections: 1, handle: slow, limits: { headersTimeoutMs: 10_000 } });
    const busy = await rawClient(port);
    busy.socket.write('POST /v1/task HTTP/1.1\r\nHost: node\r\nContent-Length: 2\r\n\r\n{}');
    await handling; // the one connection is now busy
    const excess = await rawClient(port);
    excess.socket.write(GET_HEALTH);
    await excess.closed;
    expect(excess.received()).toBe('');
    release();
  });
});

describe('broken HTTP gets a JSON answer (clientError)', () => {
  it.each([
    ['a request line that is not HTTP', 'NOT HTTP AT ALL\r\n\r\n'],
    ['a header line without a colon', 'GET /iicp/health HTTP/1.1\r\nHost: node\r\nBroken header\r\n\r\n'],
    ['a bad Content-Length', 'POST /v1/task HTTP/1.1\r\nHost: node\r\nContent-Length: abc\r\n\r\n'],
  ])('%s → 400 bad_request, Connection: close', async (_what, request) => {
    const { port } = await start();
    const c = await rawClient(port);
    c.socket.write(request);
    await c.closed;
    const r = parseResponse(c.received());
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers.connection).toBe('close');
    expect(Number(r.headers['content-length'])).toBe(Buffer.byteLength(r.body));
    expect(JSON.parse(r.body)).toEqual({ error: { code: 'bad_request', message: expect.any(String) } });
  });

  it('answers headers over 16 KiB with 431 headers_too_large', async () => {
    const { port } = await start();
    const c = await rawClient(port);
    c.socket.write(`GET /iicp/health HTTP/1.1\r\nHost: node\r\nX-Big: ${'b'.repeat(20 * 1024)}\r\n\r\n`);
    await c.closed;
    const r = parseResponse(c.received());
    expect(r.status).toBe(431);
    expect(JSON.parse(r.body)).toEqual({ error: { code: 'headers_too_large', message: expect.any(String) } });
  });

  it('still serves well-formed requests on new connections afterwards', async () => {
    const { port } = await start();
    const bad = await rawClient(port);
    bad.socket.write('NOT HTTP\r\n\r\n');
    await bad.closed;
    expect((await http(`http://127.0.0.1:${port}/iicp/health`)).json).toEqual({ status: 'ok' });
  });
});

describe('routing failures', () => {
  it('answers 500 internal_error in JSON when the task handler fails unexpectedly', async () => {
    const { port } = await start({
      handle: async () => {
        throw new Error('bug');
      },
    });
    const r = await http(`http://127.0.0.1:${port}/v1/task`, { body: {} });
    expect([r.status, r.json]).toEqual([500, { error: { code: 'internal_error', message: expect.any(String) } }]);
    expect(r.text).not.toContain('bug');
  });

  it('answers 500 in JSON when the metrics cannot be rendered', async () => {
    const { port } = await start({ metrics: { render: () => Promise.reject(new Error('registry broken')) } });
    const r = await http(`http://127.0.0.1:${port}/metrics`);
    expect([r.status, r.json.error.code]).toEqual([500, 'internal_error']);
  });

  it('refuses an unreadable request path with 400 JSON', async () => {
    const { port } = await start();
    const c = await rawClient(port);
    c.socket.write('GET http://[bad/ HTTP/1.1\r\nHost: node\r\nConnection: close\r\n\r\n');
    await c.closed;
    const r = parseResponse(c.received());
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error.code).toBe('bad_request');
  });
});

describe('close()', () => {
  it('lets a running task finish within the drain time', async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let finish!: () => void;
    const { server, port } = await start({
      handle: async (_req, res) => {
        await new Promise<void>((resolve) => {
          finish = resolve;
          started();
        });
        sendJson(res, 200, { status: 'success' });
      },
    });
    const answer = http(`http://127.0.0.1:${port}/v1/task`, { body: {} });
    await running;
    const closing = server.close(10_000);
    finish();
    expect((await answer).status).toBe(200);
    await closing;
    expect(server.port).toBeNull();
  });

  it('cuts off a task still running when the drain time is over', async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const { server, port } = await start({
      handle: () => {
        started();
        return new Promise<void>(() => {}); // never answers
      },
    });
    const answer = http(`http://127.0.0.1:${port}/v1/task`, { body: {} }).then(
      () => 'answered',
      () => 'cut off',
    );
    await running;
    // The handler never answers: only the drain time running out ends the close and the request.
    await server.close(200);
    expect(await answer).toBe('cut off');
  });
});
