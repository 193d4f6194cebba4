/**
 * The short CI variant of the load bench (tests/bench/load, `npm run bench -- load`): 300 connections for
 * 5 s against a node in front of a slow fake backend, all in this process. Only invariants that do not
 * depend on timing are asserted — the bench reports the figures (429 latency, throughput, RSS, heartbeats):
 * backend calls in flight never exceed the node's capacity, every answer is a good 200 or a good 429 with
 * JSON (no other status, no dropped connection), and the node is healthy afterwards.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPacedLoad, type PacedLoadResult } from '../bench/load/paced-load';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { chatTask, http, startNode, type NodeHarness } from '../support/node-harness';

const CAPACITY = 4;
const INTENT = 'urn:iicp:intent:llm:chat:v1';

let backend: FakeBackend;
let h: NodeHarness;
let load: PacedLoadResult;

beforeAll(async () => {
  backend = await startFakeBackend({ flavour: 'ollama', models: ['llama3.2:3b'], latencyMs: 250 });
  // Loopback directory URL where nothing listens: the node serves locally and makes no traffic elsewhere.
  h = await startNode(
    { backendUrl: backend.url, maxConcurrent: CAPACITY, directoryUrl: 'http://127.0.0.1:9' },
    { tuning: { snapshotIntervalMs: 250 } },
  );
  const payload = JSON.stringify({ messages: [{ role: 'user', content: 'hello there' }] });
  load = await runPacedLoad({
    url: `${h.base}/v1/task`,
    connections: 300,
    warmupMs: 500,
    durationMs: 5000,
    // A client told 429 comes back after ~100 ms: far more than the backend can take, in one event loop.
    backoffMs: 100,
    body: () => `{"task_id":"${randomUUID()}","nonce":"${randomUUID()}","intent":"${INTENT}","payload":${payload}}`,
  });
}, 60_000);

afterAll(async () => {
  await h?.stop();
  await backend?.close();
});

describe('a node under 300 connections for 5 s (short load)', () => {
  it('answers every request with a good 200 or a good 429 (JSON, IICP-E021, Retry-After), on open connections', () => {
    expect(load.firstProblem).toBeNull();
    expect(load.bad).toBe(0);
    expect(load.errors).toBe(0);
    expect(Object.keys(load.byStatus).sort()).toEqual(['200', '429']);
    expect(load.maxOpen).toBe(300);
    expect(load.ok.count).toBeGreaterThan(0);
    expect(load.rejected.count).toBeGreaterThan(load.ok.count);
  });

  it('never has more backend calls in flight than its capacity', () => {
    expect(backend.maxInFlight).toBeGreaterThan(0);
    expect(backend.maxInFlight).toBeLessThanOrEqual(CAPACITY);
    const inference = backend.calls.filter((c) => c.path === '/v1/chat/completions').length;
    expect(inference).toBeGreaterThanOrEqual(load.byStatus['200']!);
  });

  it('is healthy afterwards: nothing left running, full capacity, and a task succeeds', async () => {
    const health = await http(`${h.base}/iicp/health`);
    expect(health.status).toBe(200);
    expect(health.json).toMatchObject({ status: 'ok', active_jobs: 0, effective_max_concurrent: CAPACITY });
    const snap = h.node.getSnapshot();
    expect(snap.state).toBe('online');
    expect(snap.capacity.activeJobs).toBe(0);
    const r = await http(`${h.base}/v1/task`, { body: chatTask(randomUUID()) });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('success');
    expect(backend.inFlight).toBe(0);
  });
});
