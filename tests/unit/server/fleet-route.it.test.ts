/**
 * `/iicp/fleet` on real sockets (127.0.0.1, port 0) with the fleet room played by a spy that answers every request it
 * sees: a source past its allowance, a request past the requests being read at once, and a declared body past the
 * route's cap are answered before a byte of the body is sent, and the fleet room never sees them. Other loopback
 * addresses (127.0.0.2 …) play sources on the internet; 127.0.0.1 plays a local tunnel.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TaskServer, type TaskServerOptions } from '@engine/server/task-server';
import { parseResponses, type RawResponse } from '../../security/lib/raw-http';
import { eventually } from '../../support/eventually';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(o: Partial<TaskServerOptions> = {}) {
  const seen: string[] = [];
  const server = new TaskServer({
    host: '127.0.0.1',
    handler: { handle: async () => undefined },
    health: () => ({ status: 'ok' }),
    metrics: { render: async () => ({ contentType: 'text/plain', body: '' }) },
    fleet: (body) => {
      seen.push(body);
      return 'hello';
    },
    ...o,
  });
  const port = await server.listen(0);
  cleanups.push(() => server.close(0));
  return { port, seen };
}

/** A connection from `from` that has sent `head` (and `body`, if any), and the responses it got so far. */
async function client(port: number, from: string, head: string, body = '') {
  const socket: Socket = connect({ host: '127.0.0.1', port, localAddress: from });
  cleanups.push(() => socket.destroy());
  let got = Buffer.alloc(0);
  socket.on('data', (d: Buffer) => (got = Buffer.concat([got, d])));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(head + body);
  return {
    socket,
    responses: (): RawResponse[] => parseResponses(got).responses,
    async answer(): Promise<RawResponse> {
      await eventually(() => expect(parseResponses(got).responses.length).toBeGreaterThan(0), 5_000);
      return parseResponses(got).responses[0]!;
    },
  };
}

/** A body over the route's cap (48 KiB, FLEET_BODY_MAX_BYTES) and under the 192 KiB it had before. */
const OVER_CAP = 64 * 1024;
const HELLO = JSON.stringify({ from: 'node-attic-0002', hello: '{}' });
const post = (length: number) =>
  `POST /iicp/fleet HTTP/1.1\r\nHost: node\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
const errorCode = (r: RawResponse) => (JSON.parse(r.body.toString('utf8')) as { error: { code: string } }).error.code;

describe('/iicp/fleet before its body is read', () => {
  it('a source past its allowance gets 429 with Retry-After before it sends its body; the fleet room never sees it', async () => {
    const { port, seen } = await start({ fleetLimits: { burst: 3, perSecond: 0.01 } });
    for (let i = 0; i < 3; i++)
      expect((await (await client(port, '127.0.0.2', post(HELLO.length), HELLO)).answer()).status).toBe(204);
    expect(seen).toHaveLength(3);
    // The fourth says how long its body is and sends none of it: the answer cannot have waited for it.
    const over = await client(port, '127.0.0.2', post(1_000));
    const r = await over.answer();
    // Before: no limit; the route waited for the body (10 s, then 408).
    expect(r.status).toBe(429);
    expect(errorCode(r)).toBe('rate_limited');
    expect(r.headers['retry-after']).toEqual(['1']);
    expect(seen).toHaveLength(3);
    // Another source has its own allowance.
    expect((await (await client(port, '127.0.0.3', post(HELLO.length), HELLO)).answer()).status).toBe(204);
  });

  it('from a local tunnel (127.0.0.1) only the overall cap applies: every sibling behind it is heard', async () => {
    const { port, seen } = await start({ fleetLimits: { burst: 3, perSecond: 0.01 } });
    for (let i = 0; i < 10; i++)
      expect((await (await client(port, '127.0.0.1', post(HELLO.length), HELLO)).answer()).status).toBe(204);
    expect(seen).toHaveLength(10);
  });

  it('a body declared past the cap gets 413 before a byte of it is read', async () => {
    const { port, seen } = await start();
    const big = await client(port, '127.0.0.2', post(OVER_CAP));
    const r = await big.answer();
    // Before: the cap was 192 KiB, and this body was waited for.
    expect(r.status).toBe(413);
    expect(errorCode(r)).toBe('payload_too_large');
    expect(seen).toHaveLength(0);
  });

  it('reads at most a few requests of one source at once, and a few dozen over all; each place is given back', async () => {
    const { port, seen } = await start({ fleetLimits: { perSource: 4, inFlight: 6 } });
    // Unfinished bodies hold their places.
    const held = [];
    for (let i = 0; i < 4; i++) held.push(await client(port, '127.0.0.2', post(HELLO.length), HELLO.slice(0, 10)));
    const more = await client(port, '127.0.0.2', post(HELLO.length));
    // Before: no cap; it waited for its body like the others.
    expect((await more.answer()).status).toBe(503);
    expect(errorCode(more.responses()[0]!)).toBe('busy');
    held.push(await client(port, '127.0.0.3', post(HELLO.length), HELLO.slice(0, 10)));
    held.push(await client(port, '127.0.0.1', post(HELLO.length), HELLO.slice(0, 10)));
    // Full over all: a newcomer waits, whoever it is.
    const newcomer = await client(port, '127.0.0.4', post(HELLO.length));
    expect((await newcomer.answer()).status).toBe(503);
    // The first finishes its body and is answered; one that goes away gives its place back too.
    held[0]!.socket.write(HELLO.slice(10));
    expect((await held[0]!.answer()).status).toBe(204);
    held[1]!.socket.destroy();
    await eventually(
      async () =>
        expect((await (await client(port, '127.0.0.4', post(HELLO.length), HELLO)).answer()).status).toBe(204),
      5_000,
    );
    expect(seen).toHaveLength(2);
  });
});
