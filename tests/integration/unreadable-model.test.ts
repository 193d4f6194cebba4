/**
 * A bad model is not a bad server: a second LLM server (a fake Ollama) whose `/api/show` answer for one of its models
 * is larger than the node reads. The server stays reachable, its other model is registered and served, and the bad
 * one is left out of what the node offers and named on the LLM servers card.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { eventually, http, startPublicNode, type NodeHarness } from '../support/node-harness';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const ON_MAIN = 'llama3.2:3b';
const GOOD = 'mistral:7b';
const HUGE = 'huge-license:7b';
/** Past the probe's cap on an answer (8 MiB). */
const OVER_CAP = 8 * 1024 * 1024 + 1;

let directory: TestDirectory;
let a: FakeBackend;
let b: FakeBackend;
let h: NodeHarness;
let nodeId: string;

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: true, heartbeatIntervalMs: 1000 });
  a = await startFakeBackend({ flavour: 'ollama', models: [ON_MAIN] });
  b = await startFakeBackend({ flavour: 'ollama', models: [HUGE, GOOD], showBytes: { [HUGE]: OVER_CAP } });
  h = await startPublicNode(
    { directory: directory.url, backend: a.url },
    { moreBackends: [{ id: 'boxtwo', url: b.url }] },
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

const task = (model: string) => ({
  task_id: randomUUID(),
  intent: CHAT,
  payload: { model, messages: [{ role: 'user', content: 'hello' }] },
});
const chatCalls = (f: FakeBackend) =>
  f.calls.filter((c) => c.path === '/v1/chat/completions').map((c) => (c.body as { model: string }).model);

describe('a model whose description is too large to read', () => {
  it('leaves the server reachable and names the model on the LLM servers card', async () => {
    await eventually(() => {
      const box = h.node.getSnapshot().backend.servers.find((s) => s.id === 'boxtwo');
      expect(box).toMatchObject({
        status: 'healthy',
        message: null,
        models: [GOOD],
        leftOut: [{ name: HUGE, why: 'too_large' }],
        leftOutCount: 1,
      });
    });
    expect(h.node.getSnapshot().backend.status).toBe('healthy');
    expect(h.node.getSnapshot().backend.message).toBeNull();
  });

  it('registers and advertises the server’s other model, never the one left out', async () => {
    await eventually(() => {
      const registered = directory.state.registrations.filter(
        (r) => (r.body as { node_id?: string }).node_id === nodeId && r.status === 201,
      );
      const caps = registered.at(-1)!.body as { capabilities: { intent: string; models: string[] }[] };
      const chat = caps.capabilities.filter((c) => c.intent === CHAT).flatMap((c) => c.models);
      expect(chat.sort()).toEqual([GOOD, ON_MAIN].sort());
    });
    expect(h.node.getSnapshot().backend.models).not.toContain(HUGE);
  });

  it('serves the other model on that server, and refuses the one left out as not offered', async () => {
    const served = await http(`${h.base}/v1/task`, { body: task(GOOD) });
    expect(served.status, JSON.stringify(served.json)).toBe(200);
    expect(chatCalls(b)).toEqual([GOOD]);

    const refused = await http(`${h.base}/v1/task`, { body: task(HUGE) });
    expect(refused.json.error.code).toBe('IICP-E029');
    expect(chatCalls(b)).toEqual([GOOD]);
  });

  it('does not read the large description again at every look', async () => {
    const shows = () =>
      b.calls.filter((c) => c.path === '/api/show' && (c.body as { model?: string }).model === HUGE).length;
    const before = shows();
    await h.node.commandHandlers().listServerModels({});
    await h.node.commandHandlers().listServerModels({});
    expect(shows()).toBe(before);
  });
});
