/**
 * Several LLM servers behind one node: two stand-ins with their own models and one they share. The node registers
 * the union, every task reaches only a server that has its model, and a server that stops takes only its own models
 * out of the next heartbeat's `health_models`; the other keeps serving, and the stopped one comes back by itself.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { freePort } from '../support/free-port';
import { eventually, http, startPublicNode, type NodeHarness } from '../support/node-harness';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const SHARED = 'qwen2.5:7b';
const ONLY_A = 'llama3.2:3b';
const ONLY_B = 'mistral:7b';
const TASKS_PER_MODEL = 100;

let directory: TestDirectory;
let a: FakeBackend;
let b: FakeBackend;
let bPort: number;
let h: NodeHarness;
let nodeId: string;

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: true, heartbeatIntervalMs: 1000 });
  a = await startFakeBackend({ flavour: 'ollama', models: [SHARED, ONLY_A] });
  bPort = await freePort();
  b = await startFakeBackend({ flavour: 'ollama', models: [SHARED, ONLY_B], port: bPort });
  h = await startPublicNode(
    { directory: directory.url, backend: a.url },
    { moreBackends: [{ id: 'boxtwo', url: b.url }], maxConcurrent: 8 },
  );
  nodeId = h.node.getSnapshot().node.nodeId!;
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
});

afterAll(async () => {
  await h?.stop();
  await a?.close();
  await b?.close();
  await directory?.close();
});

const registered = () =>
  directory.state.registrations.filter((r) => (r.body as { node_id?: string }).node_id === nodeId && r.status === 201);
const beats = () =>
  directory.state.heartbeats
    .filter((x) => x.nodeId === nodeId && x.status === 200)
    .map((x) => x.body as { health_models?: string[] });
const task = (model: string) => ({
  task_id: randomUUID(),
  intent: CHAT,
  payload: { model, messages: [{ role: 'user', content: 'hello' }] },
});
const chatCalls = (f: FakeBackend) =>
  f.calls.filter((c) => c.path === '/v1/chat/completions').map((c) => (c.body as { model: string }).model);

describe('two LLM servers behind one node', () => {
  it('registers the union of their models, the shared one once', () => {
    const caps = registered().at(-1)!.body as { capabilities: { intent: string; models: string[] }[] };
    const chat = caps.capabilities.filter((c) => c.intent === CHAT).flatMap((c) => c.models);
    expect(chat.sort()).toEqual([ONLY_A, ONLY_B, SHARED].sort());
    expect(new Set(chat).size).toBe(chat.length);
    const servers = h.node.getSnapshot().backend.servers;
    expect(servers.map((s) => [s.id, s.status])).toEqual([
      ['main', 'healthy'],
      ['boxtwo', 'healthy'],
    ]);
  });

  it(`sends ${TASKS_PER_MODEL} tasks of each model only to a server that has it, the shared one to both`, async () => {
    const beforeA = chatCalls(a).length;
    const beforeB = chatCalls(b).length;
    for (const model of [ONLY_A, ONLY_B, SHARED]) {
      // Eight at a time, so the shared model finds one server busier than the other.
      for (let i = 0; i < TASKS_PER_MODEL; i += 8) {
        const answers = await Promise.all(
          Array.from({ length: Math.min(8, TASKS_PER_MODEL - i) }, () =>
            http(`${h.base}/v1/task`, { body: task(model) }),
          ),
        );
        for (const r of answers) expect(r.status, JSON.stringify(r.json)).toBe(200);
      }
    }
    const toA = chatCalls(a).slice(beforeA);
    const toB = chatCalls(b).slice(beforeB);
    expect(toA.filter((m) => m === ONLY_A)).toHaveLength(TASKS_PER_MODEL);
    expect(toB.filter((m) => m === ONLY_B)).toHaveLength(TASKS_PER_MODEL);
    expect(toA).not.toContain(ONLY_B);
    expect(toB).not.toContain(ONLY_A);
    const shared = [...toA, ...toB].filter((m) => m === SHARED);
    expect(shared).toHaveLength(TASKS_PER_MODEL);
    // Both servers are capacity for the shared model: equally idle, they take turns.
    expect(toA.filter((m) => m === SHARED).length).toBeGreaterThanOrEqual(TASKS_PER_MODEL / 4);
    expect(toB.filter((m) => m === SHARED).length).toBeGreaterThanOrEqual(TASKS_PER_MODEL / 4);
  });

  it('a shared model goes to the server that holds it in memory, even when the other has nothing to do', async () => {
    a.setLoaded([ONLY_A]);
    b.setLoaded([SHARED, ONLY_B]);
    await eventually(() => {
      const servers = h.node.getSnapshot().backend.servers;
      expect(servers.map((s) => s.loaded)).toEqual([1, 2]);
    }, 20_000);
    const beforeA = chatCalls(a).length;
    const beforeB = chatCalls(b).length;
    for (let i = 0; i < 10; i++) expect((await http(`${h.base}/v1/task`, { body: task(SHARED) })).status).toBe(200);
    expect(chatCalls(a).slice(beforeA)).toEqual([]);
    expect(chatCalls(b).slice(beforeB)).toEqual(Array(10).fill(SHARED));
  });

  it('a stopped server takes only its own models out of the next heartbeat; the other keeps serving', async () => {
    await b.close();
    await eventually(() => expect(beats().at(-1)?.health_models).toEqual([ONLY_A, SHARED].sort()), 20_000);
    expect(h.node.getSnapshot().state).toBe('online');
    expect(h.node.getSnapshot().backend.servers.find((s) => s.id === 'boxtwo')?.status).toBe('unreachable');
    for (const model of [ONLY_A, SHARED]) {
      const r = await http(`${h.base}/v1/task`, { body: task(model) });
      expect(r.status).toBe(200);
    }
    // The directory is told the smaller set, so consumers stop asking for the missing model.
    await eventually(() => {
      const caps = registered().at(-1)!.body as { capabilities: { intent: string; models: string[] }[] };
      expect(
        caps.capabilities
          .filter((c) => c.intent === CHAT)
          .flatMap((c) => c.models)
          .sort(),
      ).toEqual([ONLY_A, SHARED].sort());
    }, 20_000);
  });

  it('comes back by itself when the server is back', async () => {
    b = await startFakeBackend({ flavour: 'ollama', models: [SHARED, ONLY_B], port: bPort });
    await eventually(() => expect(beats().at(-1)?.health_models).toEqual([ONLY_A, ONLY_B, SHARED].sort()), 20_000);
    await eventually(
      async () => expect((await http(`${h.base}/v1/task`, { body: task(ONLY_B) })).status).toBe(200),
      10_000,
    );
    expect(chatCalls(b)).toContain(ONLY_B);
  });
});
