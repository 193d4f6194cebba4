/**
 * httpCall's connection policies on real loopback sockets: a server that leaves Nagle on and writes header
 * and body apart (llama.cpp's llama-server b4748) stalls every answer on a reused keep-alive connection by the
 * client's delayed ACK (≥ 40 ms on Linux); connections used once (`Connection: close`, pre-opened after the answer
 * before: http-client-spares.test.ts) do not stall; `auto` finds such a server (by its Server header, or by the stall
 * itself) and keeps keep-alive reuse for servers without the stall.
 *
 * The stall is shown by its one timing that a busy machine cannot fake (≥ 30 ms: the kernel holds the ACK at least
 * that long); that it is avoided is shown by which connection carried which request, since only a reused connection
 * can stall. How long calls take is measured by the proxy bench. */
import { Agent } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { autoUsesFreshConnections, httpCall, resetConnectionVerdicts, type CallOptions } from '@engine/net/http-client';
import { connectionPolicyFor, nodeHttpTransport } from '@engine/backends/transport';
import { startNagleServer, type NagleServer } from './nagle-server';
import { tick, until } from './turns';

const CALLS = 10;
const base: CallOptions = { timeoutMs: 5_000, maxBytes: 1 << 20, maxErrorBytes: 1 << 16 };
const headers = { 'content-type': 'application/json', accept: 'application/json' };

let servers: NagleServer[] = [];
async function server(opts: Parameters<typeof startNagleServer>[0]): Promise<NagleServer> {
  const s = await startNagleServer(opts);
  servers.push(s);
  return s;
}

afterEach(async () => {
  resetConnectionVerdicts();
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** `n` calls one after the other, a loop turn apart; the duration of each (ms). */
async function timed(n: number, call: () => Promise<{ status: number }>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0) await tick();
    const t0 = performance.now();
    const r = await call();
    ms.push(performance.now() - t0);
    expect(r.status).toBe(200);
  }
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const maxPerConnection = (s: NagleServer) => Math.max(...s.requests.map((r) => r.nth));

describe('httpCall connection policies against a Nagle server (header and body written apart)', () => {
  it('keep-alive: every answer on a reused connection stalls on the delayed ACK', async () => {
    const s = await server({ nagle: true });
    const ms = await timed(CALLS, () =>
      httpCall(`${s.url}/v1/chat/completions`, headers, '{"a":1}', { ...base, connection: 'keep-alive' }),
    );
    expect(s.connections()).toBe(1); // all reused…
    expect(median(ms.slice(1))).toBeGreaterThanOrEqual(30); // …and each reused one held back
  });

  it('fresh: no stall, one connection per call, each asked to close (and one more left open for the next call)', async () => {
    const s = await server({ nagle: true });
    // The stall needs a reused connection: one request per connection cannot meet it (how long calls take is the proxy
    // bench's).
    await timed(CALLS, () =>
      httpCall(`${s.url}/v1/chat/completions`, headers, '{"a":1}', { ...base, connection: 'fresh' }),
    );
    expect(maxPerConnection(s)).toBe(1);
    await until(() => s.connections() === CALLS + 1, 'the connection for a next call accepted');
    expect(s.requests.every((r) => r.headers.connection === 'close')).toBe(true);
  });

  it('auto: a server saying `Server: llama.cpp` gets fresh connections from its first answer on, never a reused one', async () => {
    const s = await server({ nagle: true, serverHeader: 'llama.cpp' });
    await timed(CALLS, () => nodeHttpTransport(`${s.url}/v1/chat/completions`, headers, '{"a":1}', base));
    expect(maxPerConnection(s)).toBe(1); // the stall needs a reused connection: there was none
    // Call 1 (keep-alive until the server named itself) and 2 open their own; 3… take one opened after the answer
    // before.
    await until(() => s.connections() === CALLS + 1, 'the connection for a next call accepted');
    expect(s.requests.slice(1).every((r) => r.headers.connection === 'close')).toBe(true);
    expect(autoUsesFreshConnections(s.url)).toBe(true);
  });

  it('auto: an unknown server that shows the stall once is sent fresh connections after it', async () => {
    const s = await server({ nagle: true });
    const ms = await timed(CALLS, () =>
      httpCall(`${s.url}/v1/chat/completions`, headers, '{"a":1}', { ...base, connection: 'auto' }),
    );
    // Call 1 opens a connection, call 2 reuses it and stalls, calls 3… are fresh.
    expect(s.requests.map((r) => r.nth)).toEqual([1, 2, ...Array<number>(CALLS - 2).fill(1)]);
    expect(ms[1]).toBeGreaterThanOrEqual(30);
    expect(autoUsesFreshConnections(s.url)).toBe(true);
  });

  it('auto: fresh connections also at concurrency 4 (no socket kept in the pool)', async () => {
    const s = await server({ nagle: true, serverHeader: 'llama.cpp', latencyMs: 5 });
    const url = `${s.url}/v1/chat/completions`;
    for (let round = 0; round < 3; round++) {
      await tick();
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => nodeHttpTransport(url, headers, '{"a":1}', base)),
      );
      expect(answers.every((a) => a.status === 200)).toBe(true);
    }
    expect(maxPerConnection(s)).toBe(1);
    // 4 (keep-alive until the server named itself) + 4 of their own + 1 pre-opened after those answers (4 in flight:
    // one waits) + 3 of their own + 1 pre-opened for a next call.
    await until(() => s.connections() === 13, 'the connection for a next call accepted');
    await tick();
    expect(s.connections()).toBe(13);
  });
});

describe('httpCall connection policies against servers without the stall', () => {
  it('auto keeps keep-alive reuse for a server with Nagle off', async () => {
    const s = await server({ nagle: false });
    await timed(CALLS, () => nodeHttpTransport(`${s.url}/v1/chat/completions`, headers, '{"a":1}', base));
    expect(s.connections()).toBe(1);
    expect(maxPerConnection(s)).toBe(CALLS);
    expect(autoUsesFreshConnections(s.url)).toBe(false);
  });

  it('keep-alive stays the default of httpCall (the directory client)', async () => {
    const s = await server({ nagle: false });
    await timed(5, () => httpCall(`${s.url}/v1/x`, headers, '{"a":1}', base));
    expect(s.connections()).toBe(1);
  });

  it('auto: a gap the server makes itself (header flushed before the body) is told from the stall and keep-alive comes back', async () => {
    // Nagle off but a 50 ms pause between header and body on every connection, fresh or not.
    const s = await server({ nagle: false, bodyDelayMs: 50 });
    await timed(6, () => httpCall(`${s.url}/v1/x`, headers, '{"a":1}', { ...base, connection: 'auto' }));
    // Call 1 shows the gap → call 2 on a connection used once shows the same gap (not the stall: the server's own
    // pacing) → calls 3–6 back on kept-alive connections.
    const [first, second, ...rest] = s.requests;
    expect(first).toMatchObject({ nth: 1 });
    expect(second).toMatchObject({ nth: 1 });
    expect(second!.connection).not.toBe(first!.connection);
    expect(rest).toHaveLength(4);
    expect(rest.some((r) => r.nth > 1)).toBe(true);
    expect(autoUsesFreshConnections(s.url)).toBe(false);
  });
});

describe('GET and a caller-owned agent', () => {
  it('GET sends no body and no content-length; a one-socket keep-alive agent carries every probe', async () => {
    const s = await server({ nagle: false });
    const agent = new Agent({ keepAlive: true, maxSockets: 1, maxFreeSockets: 1 });
    try {
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          httpCall(`${s.url}/v1/models`, { accept: 'application/json' }, null, { ...base, method: 'GET', agent }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
      expect(JSON.parse(answers[4]!.body.toString())).toMatchObject({ ok: true, connection: 1, nth: 5 });
      expect(s.connections()).toBe(1);
      for (const r of s.requests) {
        expect(r.method).toBe('GET');
        expect(r.path).toBe('/v1/models');
        expect(r.headers['content-length']).toBeUndefined();
        expect(r.headers['transfer-encoding']).toBeUndefined();
        expect(r.body).toBe('');
      }
    } finally {
      agent.destroy();
    }
  });

  it('a POST without a body says content-length 0 (not chunked)', async () => {
    const s = await server({ nagle: false });
    const r = await httpCall(`${s.url}/x`, {}, null, base);
    expect(r.status).toBe(200);
    expect(s.requests[0]).toMatchObject({ method: 'POST', body: '' });
    expect(s.requests[0]!.headers['content-length']).toBe('0');
    expect(s.requests[0]!.headers['transfer-encoding']).toBeUndefined();
  });

  it('a given agent decides reuse even against a llama.cpp server (connection does not apply)', async () => {
    const s = await server({ nagle: false, serverHeader: 'llama.cpp' });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await timed(4, () =>
        httpCall(`${s.url}/health`, {}, null, { ...base, method: 'GET', agent, connection: 'fresh' }),
      );
      expect(s.connections()).toBe(1);
    } finally {
      agent.destroy();
    }
  });

  it('an http agent for an https URL fails the call instead of throwing', async () => {
    const agent = new Agent();
    await expect(httpCall('https://127.0.0.1:9/x', {}, null, { ...base, method: 'GET', agent })).rejects.toThrow();
    agent.destroy();
  });
});

describe('connectionPolicyFor', () => {
  it('llama.cpp: fresh; the others and an unknown flavour: auto', () => {
    expect(connectionPolicyFor('llamacpp')).toBe('fresh');
    for (const f of ['ollama', 'vllm', 'lmstudio', 'custom', null, undefined] as const)
      expect(connectionPolicyFor(f)).toBe('auto');
  });
});
