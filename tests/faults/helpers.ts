/**
 * Shared pieces of the fault suite: a world (test directory, optional fault proxy, fake backend, node), task
 * traffic, and the arithmetic that turns request timestamps into "bounded, jittered back-off" assertions.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { expect } from 'vitest';
import type { ProviderNodeOptions } from '@engine/node/provider-node';
import type { Settings } from '@shared/contract';
import type { FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory, type TestDirectoryOptions } from '../support/directory';
import { startFaultProxy, type FaultProxy, type ProxyFault } from '../support/fault-proxy';
import { freePort } from '../support/free-port';
import { chatTask, eventually, http, startNode, type HttpAnswer, type NodeHarness } from '../support/node-harness';

/** IICP_LONG_TESTS=1 runs the long variants (more rounds, longer outages). */
export const LONG = process.env.IICP_LONG_TESTS === '1';

/** Prints one figure line a report on the fault suite can quote (`[faults] name: value`). */
export function figure(name: string, value: unknown): void {
  console.log(`[faults] ${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
}

export interface World {
  directory: TestDirectory;
  proxy: FaultProxy | null;
  h: NodeHarness;
  nodeId: string;
  close(): Promise<void>;
}

/** A registered node on loopback, talking to a test directory (through a fault proxy when asked). */
export async function startWorld(
  backend: FakeBackend,
  o: {
    proxy?: boolean;
    proxyFault?: ProxyFault;
    directory?: TestDirectoryOptions;
    node?: Partial<ProviderNodeOptions>;
    settings?: Partial<Settings>;
    waitRegistered?: boolean;
  } = {},
): Promise<World> {
  const directory = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: false,
    heartbeatIntervalMs: 1000,
    rateLimitPerMinute: 1000,
    ...o.directory,
  });
  const proxy = o.proxy || o.proxyFault ? await startFaultProxy(directory.url) : null;
  if (o.proxyFault) proxy!.fail(o.proxyFault);
  const port = await freePort();
  const h = await startNode(
    {
      backendUrl: backend.url,
      directoryUrl: proxy?.url ?? directory.url,
      publicEndpoint: `http://127.0.0.1:${port}`,
      ...o.settings,
    },
    {
      taskPort: port,
      allowPrivateEndpoint: true,
      ...o.node,
      tuning: {
        directoryStartupRetryDelaysMs: [200, 400],
        directoryBackoffBaseMs: 100,
        earnings: { retryBaseMs: 100, syncIntervalMs: 60_000 },
        ...o.node?.tuning,
      },
    },
  );
  if (o.waitRegistered !== false)
    await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 10_000);
  return {
    directory,
    proxy,
    h,
    nodeId: h.node.getSnapshot().node.nodeId!,
    async close() {
      await h.stop();
      await proxy?.close();
      await directory.close();
    },
  };
}

export interface Served {
  taskId: string;
  status: number;
  answer: HttpAnswer;
  at: number;
}

export async function serveOne(base: string, extra: Record<string, unknown> = {}): Promise<Served> {
  const taskId = randomUUID();
  const at = Date.now();
  const answer = await http(`${base}/v1/task`, { body: chatTask(taskId, extra) });
  return { taskId, status: answer.status, answer, at };
}

/** Sends a task every `everyMs` until `stop()`; keeps every answer. */
export function traffic(base: string, everyMs = 200): { served: Served[]; stop(): Promise<Served[]> } {
  const served: Served[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        served.push(await serveOne(base));
      } catch (err) {
        served.push({
          taskId: 'connection-failed',
          status: 0,
          answer: { status: 0, headers: {}, text: String(err), json: null },
          at: Date.now(),
        });
      }
      await sleep(everyMs);
    }
  })();
  return {
    served,
    async stop() {
      running = false;
      await loop;
      return served;
    },
  };
}

/**
 * A free TCP port below Linux's ephemeral range (32768+), for a node that is killed and restarted on the same port:
 * while it is down, an outgoing connection elsewhere on the machine could otherwise be given that port.
 */
export async function stablePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Accepted (awarded) posts of one task's receipt at the test directory. */
export function acceptedAwards(directory: TestDirectory, taskId: string): number {
  return directory.state.awards.filter(
    (a) => (a.body as { task_id?: string }).task_id === taskId && a.outcome === 'accepted',
  ).length;
}

/** The largest number of timestamps in any window of `windowMs` (requests per second for 1000). */
export function maxInWindow(times: readonly number[], windowMs = 1000): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  let i = 0;
  for (let j = 0; j < t.length; j++) {
    while (t[j]! - t[i]! >= windowMs) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

export function gaps(times: readonly number[]): number[] {
  const t = [...times].sort((a, b) => a - b);
  return t.slice(1).map((v, i) => v - t[i]!);
}

/**
 * How many attempts a capped, jittered exponential back-off makes in `windowMs` after a first attempt at 0:
 * attempt k+1 comes base·2^(k-1)·j later (k = failures so far, capped at `capMs`), j ∈ [0.8, 1.2].
 */
export function backoffAttemptBounds(baseMs: number, windowMs: number, capMs = 300_000): { min: number; max: number } {
  const count = (jitter: number): number => {
    let t = 0;
    let n = 1;
    for (let k = 1; ; k++) {
      t += Math.min(capMs, baseMs * 2 ** Math.min(k - 1, 16)) * jitter;
      if (t > windowMs) return n;
      n++;
    }
  };
  return { min: count(1.2), max: count(0.8) };
}

/**
 * Asserts that consecutive attempts back off: gap k (1-based) lies within [0.8, 1.2]·base·2^(k-1) (capped), less
 * `slack.below` (an attempt that took longer than the next one shortens the gap between their timestamps) and plus
 * `slack.above` (a busy machine delays timers, never advances them). Returns the ratios gap / nominal delay.
 */
export function expectBackoffGaps(
  times: readonly number[],
  baseMs: number,
  slack: { below: number; above: number },
  capMs = 300_000,
): number[] {
  return gaps(times).map((g, i) => {
    const nominal = Math.min(capMs, baseMs * 2 ** Math.min(i, 16));
    expect(g, `gap ${i + 1} (${g} ms) for a nominal ${nominal} ms: a tight loop`).toBeGreaterThanOrEqual(
      0.8 * nominal - slack.below,
    );
    expect(g, `gap ${i + 1} (${g} ms) for a nominal ${nominal} ms: not bounded`).toBeLessThanOrEqual(
      1.2 * nominal + slack.above,
    );
    return Math.round((g / nominal) * 1000) / 1000;
  });
}

/** A small seeded PRNG (mulberry32) so a failing random schedule can be replayed with IICP_FAULT_SEED. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export { eventually, http };
