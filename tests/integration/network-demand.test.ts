/**
 * "What the network asks for" against the directory stand-in with known nodes and a requests feed with refusals: the
 * models consumers asked this node for that it does not offer, the models few nodes serve, where its price stands;
 * then a one-click pull onto the Ollama server, with its progress, that can be stopped, and one that finishes and is
 * offered.
 */
import { english } from '@shared/i18n/say';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { registerOtherNode, startTestDirectory, type TestDirectory } from '../support/directory';
import { eventually, http, startPublicNode, type NodeHarness } from '../support/node-harness';

const CHAT = 'urn:iicp:intent:llm:chat:v1';

let directory: TestDirectory;
let ollama: FakeBackend;
let h: NodeHarness;
/** The other node at port 11: the person adds it to their machines in the last test. */
let second: string;

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false });
  await registerOtherNode(directory.url, { port: 10, models: ['qwen2.5:7b', 'llama3.1:8b'], multiplier: 1 });
  second = (await registerOtherNode(directory.url, { port: 11, models: ['qwen2.5:7b'], multiplier: 0.5 })).node_id;
  await registerOtherNode(directory.url, { port: 12, models: ['phi4:14b'], multiplier: 2 });
  ollama = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'], pull: { steps: 50, stepMs: 40 } });
  h = await startPublicNode({ directory: directory.url, backend: ollama.url });
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
  // Consumers asked for models this node does not offer.
  for (const [model, times] of [
    ['mistral:7b', 3],
    ['gemma3:4b', 1],
  ] as const) {
    for (let i = 0; i < times; i++) {
      const r = await http(`${h.base}/v1/task`, {
        body: { task_id: randomUUID(), intent: CHAT, payload: { model, messages: [{ role: 'user', content: 'hi' }] } },
      });
      expect(r.json.error.code).toBe('IICP-E029');
    }
  }
});

afterAll(async () => {
  await h?.stop();
  await ollama?.close();
  await directory?.close();
});

describe('what the network asks for', () => {
  it('the three lists: asked of this node, served by few, and the price among the others', async () => {
    const d = await h.node.commandHandlers().getDemand({ refresh: true });
    expect(d.problem).toBeNull();
    expect(d.asked).toEqual([
      { model: 'mistral:7b', times: 3 },
      { model: 'gemma3:4b', times: 1 },
    ]);
    expect(d.scarce).toEqual([
      { model: 'llama3.1:8b', nodes: 1, own: 0, yours: false },
      { model: 'phi4:14b', nodes: 1, own: 0, yours: false },
      { model: 'qwen2.5:7b', nodes: 2, own: 0, yours: true },
    ]);
    expect(d.mine).toEqual([{ model: 'qwen2.5:7b', others: 2, own: 0 }]);
    expect(d.nodesSeen).toBe(3);
    expect(d.price).toEqual({ yours: 1, others: 3, median: 1, cheaper: 1, dearer: 1 });
    expect(d.pullTo).toEqual([{ server: 'main', url: ollama.url }]);
    expect(d.discoveredAt).not.toBeNull();
  });

  it('a pull shows its progress and can be stopped; nothing is offered then', async () => {
    await h.node.commandHandlers().pullModel({ server: 'main', model: 'mistral:7b' });
    await eventually(() => expect(h.node.getSnapshot().backend.pull?.completed ?? 0).toBeGreaterThan(0));
    const running = h.node.getSnapshot().backend.pull!;
    expect(running).toMatchObject({ server: 'main', model: 'mistral:7b', state: 'running', total: 4_683_073_184 });
    expect(running.status).toMatch(/^pulling /);
    await h.node.commandHandlers().cancelPull({});
    expect(h.node.getSnapshot().backend.pull).toMatchObject({ state: 'cancelled' });
    await eventually(() => expect(ollama.pullsCancelled).toBe(1));
    expect(ollama.models).not.toContain('mistral:7b');
  });

  it('a pull that finishes: the server lists the model and the node offers it', async () => {
    ollama.set({ pull: { stepMs: 0 } });
    await h.node.commandHandlers().pullModel({ server: 'main', model: 'mistral:7b' });
    await eventually(() =>
      expect(h.node.getSnapshot().backend.pull).toMatchObject({ state: 'done', status: 'success' }),
    );
    await eventually(() => expect(h.node.getSnapshot().backend.models).toContain('mistral:7b'), 10_000);
  });

  it('a pull Ollama fails: its words are quoted, cleaned', async () => {
    ollama.set({ pull: { fail: 'pull model manifest: file does not exist\u202e' } });
    await h.node.commandHandlers().pullModel({ server: 'main', model: 'no-such-model:1b' });
    await eventually(() => expect(h.node.getSnapshot().backend.pull?.state).toBe('failed'));
    const pull = h.node.getSnapshot().backend.pull!;
    expect(english.said(pull.words)).toBe('Ollama could not finish the download.');
    expect(pull.status).toBe('pull model manifest: file does not exist');
  });
});

describe('what the network asks for, with the person’s own machines', () => {
  it('counts a machine on the person’s list apart from other people’s nodes, as the gateway tells them', async () => {
    await h.node.commandHandlers().createOperator({ displayName: 'Ada Rigs' });
    await h.node.commandHandlers().addMachine({ nodeId: second });
    const d = await h.node.commandHandlers().getDemand({ refresh: true });
    const line = d.mine.find((m) => m.model === 'qwen2.5:7b');
    // The node at port 10 is someone else's; the one at port 11 is now the person's; this computer is in neither.
    expect(line).toEqual({ model: 'qwen2.5:7b', others: 1, own: 1 });
    expect(d.scarce.find((x) => x.model === 'qwen2.5:7b')).toMatchObject({ nodes: 1, own: 1, yours: true });
  }, 60_000);
});
