/**
 * Connections used once (`fresh`: llama.cpp's llama-server) are pre-opened: after an answer came in, one connection
 * is opened for the next call to that server, on real loopback sockets against a server that leaves Nagle on and
 * writes header and body apart (nagle-server.ts). What is asserted is which connection carried which request and
 * which connections are open, never how long anything took.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  httpCall,
  resetConnectionVerdicts,
  setSpareConnections,
  spareConnections,
  type CallOptions,
} from '@engine/net/http-client';
import { CALLS_PER_SPARE, MAX_SPARES, SPARE_IDLE_MS } from '@engine/net/spare-connections';
import { startNagleServer, type NagleServer } from './nagle-server';
import { tick, until } from './turns';

const base: CallOptions = { timeoutMs: 5_000, maxBytes: 1 << 20, maxErrorBytes: 1 << 16, connection: 'fresh' };
const headers = Object.freeze({ 'content-type': 'application/json', accept: 'application/json' });

let servers: NagleServer[] = [];
async function server(opts: Parameters<typeof startNagleServer>[0]): Promise<NagleServer> {
  const s = await startNagleServer(opts);
  servers.push(s);
  return s;
}

afterEach(async () => {
  vi.useRealTimers();
  setSpareConnections(true);
  resetConnectionVerdicts();
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const call = (s: NagleServer, opts: Partial<CallOptions> = {}) =>
  httpCall(`${s.url}/v1/chat/completions`, headers, '{"a":1}', { ...base, ...opts });

describe('pre-opened connections for a server that stalls on reused ones', () => {
  it('each call after the first goes out on a connection opened after the answer before it, without the stall', async () => {
    const s = await server({ nagle: true });
    for (let i = 0; i < 8; i++) {
      if (i > 0) {
        await tick();
        // Opened before this call starts, and taken by it.
        expect(spareConnections(s.url)).toBe(1);
        await until(() => s.connections() === i + 1, 'the pre-opened connection accepted');
      }
      expect((await call(s)).status).toBe(200);
    }
    // One connection per request, each asked to close, and each one the server had accepted before the request came.
    expect(s.requests.map((r) => [r.connection, r.nth])).toEqual(Array.from({ length: 8 }, (_, i) => [i + 1, 1]));
    expect(s.requests.every((r) => r.headers.connection === 'close')).toBe(true);
  });

  it(`one waits per ${CALLS_PER_SPARE} calls in flight at an answer, at least one, never more than ${MAX_SPARES}; the others open their own`, async () => {
    const s = await server({ nagle: true, latencyMs: 5 });
    // Answers in turn: n, n − 1 … calls in flight at each, so the first answers ask for floor(n / 4) waiting at most.
    for (const [n, waiting] of [
      [4, 1],
      [12, 2],
      [24, MAX_SPARES],
      [40, MAX_SPARES],
    ] as const) {
      await tick();
      const before = s.connections();
      const took = spareConnections(s.url);
      const answers = await Promise.all(Array.from({ length: n }, () => call(s)));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      await tick();
      expect(spareConnections(s.url)).toBe(waiting);
      // Every call on a connection of its own: the ones waiting before took some, the rest opened theirs.
      await until(() => s.connections() === before + (n - took) + waiting, 'the connections for next calls accepted');
    }
    expect(s.requests.every((r) => r.nth === 1)).toBe(true);
    // The used ones are closed (the server closes after the answer); only the waiting ones stay open.
    await until(() => s.open() === MAX_SPARES, 'only the pre-opened connections open');
  });

  it('one call at a time leaves one waiting: never more connections than calls in flight just before', async () => {
    const s = await server({ nagle: true });
    for (let i = 0; i < 6; i++) {
      await tick();
      expect((await call(s)).status).toBe(200);
      await tick();
      expect(spareConnections(s.url)).toBe(1);
    }
    await until(() => s.connections() === 7, 'the last pre-opened connection accepted');
  });

  it('once tasks stop, the waiting connections are closed within two idle periods, and none is opened again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const s = await server({ nagle: true }); // (no latency: the server's timers are fake too)
    const answers = await Promise.all(Array.from({ length: 24 }, () => call(s)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await until(() => s.open() === 4 && s.connections() === 28, 'the pre-opened connections accepted');
    await vi.advanceTimersByTimeAsync(SPARE_IDLE_MS);
    expect(spareConnections(s.url)).toBe(4); // not a whole period unused yet
    await vi.advanceTimersByTimeAsync(SPARE_IDLE_MS);
    // The server sees them go: no idle socket of ours holds one of its threads.
    await until(() => s.open() === 0, 'the server sees the idle connections closed');
    expect(spareConnections(s.url)).toBe(0);
    await vi.advanceTimersByTimeAsync(10 * SPARE_IDLE_MS);
    expect(s.connections()).toBe(28);
  });

  it('a waiting connection the server closed is dropped, and the next call opens its own', async () => {
    const s = await server({ nagle: true });
    expect((await call(s)).status).toBe(200);
    await until(() => s.connections() === 2 && s.open() === 1, 'the pre-opened connection accepted');
    expect(s.closeUnused()).toBe(1); // as llama-server does after its keep-alive timeout
    await until(() => spareConnections(s.url) === 0, 'the closed connection dropped');
    expect((await call(s)).status).toBe(200);
    expect(s.requests.map((r) => r.connection)).toEqual([1, 3]);
  });

  it('a pre-opened connection reset as the request arrives is retried once on a new one', async () => {
    const s = await server({ nagle: true, resetConnection: 2 });
    expect((await call(s)).status).toBe(200);
    await tick();
    expect(spareConnections(s.url)).toBe(1);
    const r = await call(s);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body.toString())).toMatchObject({ connection: 3, nth: 1 });
  });

  it('no connection is pre-opened after a call that got no answer (nothing listens)', async () => {
    const s = await server({ nagle: true });
    const url = s.url;
    await s.close();
    servers = [];
    await expect(httpCall(`${url}/v1/chat/completions`, headers, '{}', base)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    await tick();
    expect(spareConnections(url)).toBe(0);
  });

  it('with pre-opening off, each call opens its own connection when it starts, still without the stall', async () => {
    setSpareConnections(false);
    const s = await server({ nagle: true });
    for (let i = 0; i < 6; i++) {
      await tick();
      expect((await call(s)).status).toBe(200);
      expect(spareConnections(s.url)).toBe(0);
    }
    expect(s.connections()).toBe(6);
  });

  it('keep-alive calls never pre-open: one connection carries them all', async () => {
    const s = await server({ nagle: false });
    for (let i = 0; i < 5; i++) {
      await tick();
      expect((await call(s, { connection: 'keep-alive' })).status).toBe(200);
    }
    await tick();
    expect(spareConnections(s.url)).toBe(0);
    expect(s.requests.map((r) => [r.connection, r.nth])).toEqual([1, 2, 3, 4, 5].map((n) => [1, n]));
  });
});
