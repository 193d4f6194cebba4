/**
 * The node under load against a llama-server-like backend: three HTTP workers, an idle connection held
 * for 5 s, Nagle on. The node must not knock its own healthy server over with its probes (one kept-alive
 * connection, bodies read to the end, a task answered counts as proof of life), and must notice a dead server from
 * its tasks at once rather than at the next heartbeat — then notice it back within two seconds.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSnapshot } from '@shared/contract';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { freePort } from '../support/free-port';
import { chatTask, eventually, http, startPublicNode, type NodeHarness } from '../support/node-harness';

const LOAD_MS = 60_000;
const MODEL = 'qwen2.5-0.5b-instruct-q4_k_m.gguf';

let directory: TestDirectory;
let backend: FakeBackend;
let backendPort: number;
let h: NodeHarness;
const states: { at: number; state: NodeSnapshot['state']; backend: NodeSnapshot['backend']['status'] }[] = [];

beforeAll(async () => {
  // The production heartbeat: the node may not lean on it to notice anything.
  directory = await startTestDirectory({ routabilityCheck: false, heartbeatIntervalMs: 30_000 });
  backendPort = await freePort();
  backend = await startFakeBackend({ flavour: 'llamacpp', models: [MODEL], port: backendPort, msPerOutputToken: 10 });
  h = await startPublicNode({ directory: directory.url, backend: backend.url });
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 10_000);
  h.node.onSnapshot((s) => states.push({ at: Date.now(), state: s.state, backend: s.backend.status }));
}, 30_000);

afterAll(async () => {
  await h?.stop();
  await backend?.close();
  await directory?.close();
});

/**
 * Consumers that keep every slot of the node busy until `until()` says stop; the statuses they got. Each sends from an
 * address of its own (127.0.0.2, 127.0.0.3, …): one consumer alone holds at most all slots but one.
 */
async function keepBusy(consumers: number, until: () => boolean): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  await Promise.all(
    Array.from({ length: consumers }, async (_, i) => {
      while (!until()) {
        const body = chatTask(randomUUID(), {
          payload: { messages: [{ role: 'user', content: 'one two three four five' }] },
        });
        const r = await http(`${h.base}/v1/task`, { body, localAddress: `127.0.0.${2 + i}` }).catch(() => ({
          status: 0,
        }));
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      }
    }),
  );
  return statuses;
}

describe('the default capacity kept busy for a minute against a 3-worker llama-server', () => {
  it(
    'refuses nothing with 503 and is never degraded, heartbeats and probes included',
    async () => {
      const capacity = h.node.getSnapshot().capacity.maxConcurrent;
      const from = Date.now();
      const stopAt = from + LOAD_MS;
      const statuses = await keepBusy(capacity, () => Date.now() >= stopAt);

      expect(statuses.get(503) ?? 0).toBe(0);
      expect(statuses.get(200) ?? 0).toBeGreaterThan(100);
      expect([...statuses.keys()]).toEqual([200]);
      expect(states.filter((s) => s.at >= from && (s.state === 'degraded' || s.backend !== 'healthy'))).toEqual([]);
      // Probes and tasks together stayed within the server's workers: nothing waited for a free one.
      expect(backend.maxOpenConnections).toBeLessThanOrEqual(3);
      expect(h.node.getSnapshot().state).toBe('online');
      console.log(
        `[backend-load] ${LOAD_MS / 1000} s at capacity ${capacity}: ${[...statuses].map(([s, n]) => `${n} × ${s}`).join(', ')}; server connections at most ${backend.maxOpenConnections} of 3`,
      );
    },
    LOAD_MS + 30_000,
  );
});

describe('a llama-server killed under load', () => {
  it('makes the node degraded within a second, without waiting for a heartbeat, and back within two of its return', async () => {
    let stop = false;
    const busy = keepBusy(2, () => stop);
    await eventually(() => expect(backend.inFlight).toBeGreaterThan(0));

    const killedAt = Date.now();
    await backend.close();
    await eventually(() => expect(h.node.getSnapshot().state).toBe('degraded'), 5000);
    const degradedAt = states.find((s) => s.at >= killedAt && s.state === 'degraded')!.at;
    expect(degradedAt - killedAt).toBeLessThanOrEqual(1000);
    const refused = await http(`${h.base}/v1/task`, { body: chatTask(randomUUID()) });
    expect(refused.status).toBe(503);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(2);

    backend = await startFakeBackend({ flavour: 'llamacpp', models: [MODEL], port: backendPort, msPerOutputToken: 10 });
    const backAt = Date.now();
    await eventually(() => expect(h.node.getSnapshot().state).toBe('online'), 5000);
    const onlineAt = states.find((s) => s.at >= backAt && s.state === 'online')!.at;
    expect(onlineAt - backAt).toBeLessThanOrEqual(2000);
    console.log(
      `[backend-load] killed: degraded after ${degradedAt - killedAt} ms (heartbeat 30 s); back: online after ${onlineAt - backAt} ms`,
    );
    stop = true;
    const statuses = await busy;
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
  }, 30_000);
});
