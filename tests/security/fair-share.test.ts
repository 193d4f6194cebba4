/**
 * Slots are shared fairly between consumers, also against a consumer that tries to keep them all:
 *
 * - One client keeps every slot busy with long backend calls (shorter than the over-share grace, so none is ever cut)
 *   and sends its next task the moment one ends. Another client, honest and one task at a time, is still served within
 *   about one of those calls: a slot that frees while it waits (or is between its retries) is kept for it, and the
 *   greedy client cannot take it back.
 * - Behind a local reverse proxy, one consumer claims a different `CF-Connecting-IP` with every task to count as
 *   many consumers. The claim counts for nothing: forwarding headers are read only from a proxy the owner named, and
 *   then the proxy's own record (the address it appended) is what counts, never more than one source per connection.
 *
 * - One client sends as many long tasks as there are slots. It holds at most all but one (max(1, N − 1) of N), so
 *   with two slots another client's interactive and batch tasks are both served at once, not refused.
 *
 * - A source sends only bodies that are no task, as fast as it is answered. Refused unread while the node is full,
 *   it earns no turn it would never use once it has shown what it sends: a consumer sending one task after another
 *   is never kept waiting for it.
 *
 * Each prints the honest client's figures: tasks served, 429s, and how long it waited for its first answer.
 */
import { randomUUID } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { chatTask, eventually, http, startNode, type HttpAnswer, type NodeHarness } from '../support/node-harness';
import { secondLoopbackAddress } from './lib/conn-probe';

const MODEL = 'qwen2.5:7b';
type NodeSettings = Parameters<typeof startNode>[0];

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function servedNode(
  settings: NodeSettings,
  latencyMs: number,
): Promise<{ backend: FakeBackend; h: NodeHarness }> {
  const backend = await startFakeBackend({ flavour: 'ollama', models: [MODEL], latencyMs });
  cleanups.push(() => backend.close());
  const h = await startNode({ backendUrl: backend.url, ...settings });
  cleanups.push(() => h.stop());
  return { backend, h };
}

/** What the honest client saw. */
interface Tally {
  served: number;
  refused: number;
  /** From its first attempt to its first 200. */
  firstServedMs: number | null;
  other: number[];
}

/**
 * A client that keeps `parallel` tasks going and sends the next one the moment an answer (200 or 429) comes, until
 * `stop()`; what it sends is `send(i)`.
 */
function greedy(
  parallel: number,
  send: (i: number) => Promise<HttpAnswer>,
): { stop(): Promise<void>; served(): number } {
  let running = true;
  let served = 0;
  let i = 0;
  const loops = Array.from({ length: parallel }, async () => {
    while (running) {
      const r = await send(i++).catch(() => null);
      if (r?.status === 200) served++;
    }
  });
  return {
    served: () => served,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/**
 * An honest client: one task at a time; after a 429 it comes back when `Retry-After` says (it is told 2 s), which is
 * the client's behaviour under test, not a wait of the test. Runs until `until()` or `deadline` ms have passed.
 */
async function honest(
  send: () => Promise<HttpAnswer>,
  until: (t: Tally) => boolean,
  deadlineMs: number,
): Promise<Tally> {
  const t: Tally = { served: 0, refused: 0, firstServedMs: null, other: [] };
  const started = Date.now();
  while (!until(t) && Date.now() - started < deadlineMs) {
    const r = await send();
    if (r.status === 200) {
      t.served++;
      t.firstServedMs ??= Date.now() - started;
    } else if (r.status === 429) {
      t.refused++;
      const after = Number(r.headers['retry-after'] ?? '2');
      await new Promise((res) => setTimeout(res, Math.max(0, Math.min(after, 5)) * 1000));
    } else t.other.push(r.status);
  }
  return t;
}

const interactive = (id: string) => chatTask(id, { constraints: { qos: 'interactive', timeout_ms: 120_000 } });

describe('one client cannot keep every slot', () => {
  it('a client holding every slot with long tasks (shorter than the grace) and refilling them at once leaves the next freed slot to a waiting client', async () => {
    // Long calls, well under the 20 s over-share grace: none is ever cut, so only the way freed slots are handed out
    // decides.
    const callMs = 4_000;
    const { backend, h } = await servedNode({ maxConcurrent: 1 }, callMs);
    const hogAddress = await secondLoopbackAddress(h.port);
    if (!hogAddress) return; // sources cannot be told apart on this host
    const hog = greedy(6, (i) =>
      http(`${h.base}/v1/task`, { body: interactive(`hog-${i}-${randomUUID()}`), localAddress: hogAddress }),
    );
    cleanups.push(() => hog.stop());
    await eventually(() => expect(backend.inFlight).toBe(1));
    // The honest client wants two answers; it has three calls' time (each the hog's slots turn over once).
    const tally = await honest(
      () => http(`${h.base}/v1/task`, { body: interactive(`honest-${randomUUID()}`), localAddress: '127.0.0.3' }),
      (t) => t.served >= 2,
      6 * callMs,
    );
    await hog.stop();
    console.log(
      `[security] fair share, long tasks: honest client served ${tally.served} task(s), ${tally.refused} × 429, first answer after ${tally.firstServedMs ?? 'never'} ms; the hog was served ${hog.served()}`,
    );
    expect(tally.other).toEqual([]);
    expect(tally.served).toBe(2);
    expect(hog.served()).toBeGreaterThan(0); // turns, not a lock-out the other way round
  }, 60_000);
});

describe('one source cannot hold every slot at once', () => {
  it('with two slots, a source whose two long tasks run leaves one free: another source is served at once, interactive and batch', async () => {
    // The source's tasks are long (15 s in the campaign): the fake LLM server holds them open until the test lets go.
    const LONG = 'a long task from the first source';
    const backend = await startFakeBackend({
      flavour: 'ollama',
      models: [MODEL],
      holdInference: (c) => JSON.stringify(c.body).includes(LONG),
    });
    cleanups.push(() => backend.close());
    cleanups.push(() => backend.set({ holdInference: false }));
    const h = await startNode({ backendUrl: backend.url, maxConcurrent: 2 });
    cleanups.push(() => h.stop());
    if (!(await secondLoopbackAddress(h.port))) return; // sources cannot be told apart on this host
    const [a, b] = ['127.0.0.2', '127.0.0.3'];
    const long = (i: number) =>
      chatTask(`a-${i}-${randomUUID()}`, {
        constraints: { timeout_ms: 120_000 },
        payload: { messages: [{ role: 'user', content: LONG }] },
      });
    let aSettled = 0;
    const aTasks = [1, 2].map((i) =>
      http(`${h.base}/v1/task`, { body: long(i), localAddress: a }).finally(() => aSettled++),
    );
    // Both of the first source's tasks have had their answer from admission: running, or turned away.
    await eventually(() => expect(backend.inFlight + aSettled).toBe(2));
    const aRunning = backend.inFlight;

    const started = Date.now();
    const bInteractive = await http(`${h.base}/v1/task`, {
      body: chatTask(`b-i-${randomUUID()}`, { constraints: { qos: 'interactive' } }),
      localAddress: b,
    });
    const interactiveMs = Date.now() - started;
    const bBatch = await http(`${h.base}/v1/task`, {
      body: chatTask(`b-b-${randomUUID()}`, { constraints: { qos: 'batch' } }),
      localAddress: b,
    });
    const batchMs = Date.now() - started - interactiveMs;
    // The backend saw the second source's calls while the first source's long task still ran.
    const stillRunning = backend.inFlight;
    backend.set({ holdInference: false });
    const aAnswers = await Promise.all(aTasks);
    console.log(
      `[security] slot cap, 2 slots: the first source ran ${aRunning} long task(s) at once (${aAnswers.map((r) => r.status).join(', ')}); ` +
        `the second source's interactive task got ${bInteractive.status} after ${interactiveMs} ms, its batch task ${bBatch.status} after ${batchMs} ms`,
    );
    expect([bInteractive.status, bBatch.status]).toEqual([200, 200]);
    expect(stillRunning).toBe(1);
    expect(aRunning).toBe(1);
    // The first source's second task was turned away with a 429 it can act on, not left hanging.
    expect(aAnswers.map((r) => r.status).sort()).toEqual([200, 429]);
  }, 30_000);
});

/**
 * A local reverse proxy as nginx is usually set up: every request on its own connection to the node (HTTP/1.0
 * upstream), the client's headers passed on, and its own record of the client appended to `X-Forwarded-For`.
 */
async function startReverseProxy(target: number): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req: IncomingMessage, res) => {
    const seen = req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '';
    const prior = req.headers['x-forwarded-for'];
    const headers = {
      ...req.headers,
      'x-forwarded-for': prior ? `${String(prior)}, ${seen}` : seen,
      connection: 'close',
    };
    const up = request(
      {
        host: '127.0.0.1',
        port: target,
        method: req.method,
        path: req.url,
        headers,
        agent: false,
        localAddress: '127.0.0.1',
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe('forwarding headers', () => {
  it('behind a local reverse proxy, a consumer claiming a new CF-Connecting-IP with every task is still one consumer', async () => {
    const callMs = 1_000;
    // The owner named the proxy as trusted: the address it appends is believed, the headers its clients write are not.
    const { h } = await servedNode({ maxConcurrent: 2, trustedProxies: ['127.0.0.1'] }, callMs);
    const hogAddress = await secondLoopbackAddress(h.port);
    if (!hogAddress) return;
    const proxy = await startReverseProxy(h.port);
    cleanups.push(() => proxy.close());
    const via = `http://127.0.0.1:${proxy.port}/v1/task`;
    let n = 0;
    const spoofed = () => `198.51.100.${(n++ % 250) + 1}`;
    const hog = greedy(8, (i) =>
      http(via, {
        body: chatTask(`spoof-${i}-${randomUUID()}`),
        headers: { 'CF-Connecting-IP': spoofed() },
        localAddress: hogAddress,
      }),
    );
    cleanups.push(() => hog.stop());
    // The honest consumer asks best-effort (refused at once when full, as most consumers send) and wants three answers.
    const tally = await honest(
      () => http(via, { body: chatTask(`honest-${randomUUID()}`), localAddress: '127.0.0.3' }),
      (t) => t.served >= 3,
      16 * callMs,
    );
    await hog.stop();
    console.log(
      `[security] forwarded-for spoofing: honest client served ${tally.served} task(s), ${tally.refused} × 429, first answer after ${tally.firstServedMs ?? 'never'} ms; the spoofer was served ${hog.served()}`,
    );
    expect(tally.other).toEqual([]);
    expect(tally.served).toBe(3);
  }, 60_000);

  it('with no proxy named, a program on this computer writing a new CF-Connecting-IP with every task is one consumer', async () => {
    const callMs = 1_000;
    const { h } = await servedNode({ maxConcurrent: 2 }, callMs);
    if (!(await secondLoopbackAddress(h.port))) return;
    let n = 0;
    const spoofer = greedy(8, (i) =>
      http(`${h.base}/v1/task`, {
        body: chatTask(`local-${i}-${randomUUID()}`),
        headers: { 'CF-Connecting-IP': `198.51.100.${(n++ % 250) + 1}` },
        localAddress: '127.0.0.1',
      }),
    );
    cleanups.push(() => spoofer.stop());
    const tally = await honest(
      () => http(`${h.base}/v1/task`, { body: chatTask(`honest-${randomUUID()}`), localAddress: '127.0.0.3' }),
      (t) => t.served >= 3,
      16 * callMs,
    );
    await spoofer.stop();
    console.log(
      `[security] forwarded-for spoofing from this computer, no proxy named: honest client served ${tally.served} task(s), ${tally.refused} × 429, first answer after ${tally.firstServedMs ?? 'never'} ms; the spoofer was served ${spoofer.served()}`,
    );
    expect(tally.other).toEqual([]);
    expect(tally.served).toBe(3);
  }, 60_000);
});

describe('turns are kept only for sources whose tasks run', () => {
  it('a source sending only what cannot run, refused while the node is full, cannot keep the freed slot from a consumer', async () => {
    // Two slots: one held by a long task of another source (its cap), the other turned over by an honest consumer
    // sending one short task after another. Meanwhile a third source sends bodies that are no task (no payload):
    // refused unread for capacity while the consumer runs, each refusal once earned it the next freed slot, which it
    // then never used, so the consumer waited out its 2 s and got 429.
    const LONG = 'a long task that holds its slot';
    const backend = await startFakeBackend({
      flavour: 'ollama',
      models: [MODEL],
      latencyMs: 20,
      holdInference: (c) => JSON.stringify(c.body).includes(LONG),
    });
    cleanups.push(() => backend.close());
    cleanups.push(() => backend.set({ holdInference: false }));
    const h = await startNode({ backendUrl: backend.url, maxConcurrent: 2 });
    cleanups.push(() => h.stop());
    if (!(await secondLoopbackAddress(h.port))) return; // sources cannot be told apart on this host
    const [holder, junk, consumer] = ['127.0.0.2', '127.0.0.4', '127.0.0.3'];
    const held = http(`${h.base}/v1/task`, {
      body: chatTask(`held-${randomUUID()}`, {
        constraints: { timeout_ms: 120_000 },
        payload: { messages: [{ role: 'user', content: LONG }] },
      }),
      localAddress: holder,
    });
    await eventually(() => expect(backend.inFlight).toBe(1));
    const junkStatuses = new Map<number, number>();
    const sender = greedy(2, async (i) => {
      const r = await http(`${h.base}/v1/task`, {
        body: JSON.stringify({
          task_id: `junk-${i}-${randomUUID()}`,
          intent: 'urn:iicp:intent:llm:chat:v1',
          payload: {},
        }),
        localAddress: junk,
      });
      junkStatuses.set(r.status, (junkStatuses.get(r.status) ?? 0) + 1);
      return r;
    });
    cleanups.push(() => sender.stop());
    const statuses: number[] = [];
    const took: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t0 = Date.now();
      const r = await http(`${h.base}/v1/task`, {
        body: interactive(`consumer-${i}-${randomUUID()}`),
        localAddress: consumer,
      });
      statuses.push(r.status);
      took.push(Date.now() - t0);
    }
    await sender.stop();
    backend.set({ holdInference: false });
    await held;
    const refusedForCapacity = junkStatuses.get(429) ?? 0;
    console.log(
      `[security] turns: the consumer's 40 tasks got ${statuses.filter((s) => s === 200).length} × 200 (the slowest after ${Math.max(...took)} ms); the junk source's answers ${JSON.stringify(Object.fromEntries(junkStatuses))}`,
    );
    // The junk source was refused for capacity meanwhile (else this tried nothing), and never kept the consumer out.
    expect(refusedForCapacity).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  }, 60_000);
});
