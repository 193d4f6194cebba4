/**
 * Honour or refuse, never drop: a task field the LLM server cannot honour for its model is refused before the server is
 * asked, and what llama-server answers for an input over its context or while it loads a model reaches the consumer as
 * the consumer's mistake (422) or a short wait (503 with Retry-After), not as the node's failure (502). The stand-in
 * servers answer with the bodies the real ones send (tests/support/backends).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../support/cleanup';
import { startFakeBackend, type FakeBackend, type FakeBackendOptions } from '../support/backends';
import { startTestDirectory } from '../support/directory';
import { eventually, http, startNode, startPublicNode, type NodeHarness } from '../support/node-harness';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const COMPLETION = 'urn:iicp:intent:llm:completion:v1';
const EMBEDDING = 'urn:iicp:intent:llm:embedding:v1';

const after = cleanupAfterEach();
const fake = async (opts: FakeBackendOptions): Promise<FakeBackend> => after.close(await startFakeBackend(opts));

async function node(backend: FakeBackend): Promise<NodeHarness> {
  const h = await startNode({ backendUrl: backend.url });
  after.defer(() => h.stop());
  return h;
}

const inferenceCalls = (f: FakeBackend) => f.calls.filter((c) => c.method === 'POST' && c.path.startsWith('/v1/'));
const task = (intent: string, payload: Record<string, unknown>) => ({ task_id: randomUUID(), intent, payload });
const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
const TOOLS = [
  {
    type: 'function',
    function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
  },
];

describe('fields the server cannot honour are refused, never dropped', () => {
  it('llama.cpp: tools on a model whose template takes none are refused naming tools; the server is never asked', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['plain.gguf'] });
    const h = await node(f);

    const r = await http(`${h.base}/v1/task`, {
      body: task(CHAT, { messages: [{ role: 'user', content: 'weather?' }], tools: TOOLS, tool_choice: 'auto' }),
    });
    expect(r.status).toBe(422);
    expect(r.json.error).toMatchObject({ code: 'validation_error', message: 'tools: this model does not take tools' });
    expect(inferenceCalls(f)).toEqual([]);
  });

  it('n and best_of above 1 are refused: one task is one answer', async () => {
    const f = await fake({ flavour: 'vllm', models: ['Qwen/Qwen2.5-0.5B-Instruct'] });
    const h = await node(f);

    const n = await http(`${h.base}/v1/task`, {
      body: task(CHAT, { messages: [{ role: 'user', content: 'hi' }], n: 8 }),
    });
    const bestOf = await http(`${h.base}/v1/task`, { body: task(COMPLETION, { prompt: 'hi', best_of: 8 }) });
    expect([n.status, bestOf.status]).toEqual([422, 422]);
    expect(n.json.error.message).toMatch(/^n: /);
    expect(bestOf.json.error.message).toMatch(/^best_of: /);
    expect(inferenceCalls(f)).toEqual([]);
  });

  it('Ollama: a model whose capabilities say "insert" is advertised with fill_in_middle and gets the suffix', async () => {
    const f = await fake({
      flavour: 'ollama',
      models: ['qwen2.5-coder:7b', 'llama3.2:3b'],
      modelFacts: { 'qwen2.5-coder:7b': { fim: true } },
    });
    const directory = await startTestDirectory({ routabilityCheck: false });
    after.defer(() => directory.close());
    const h = await startPublicNode({ directory: directory.url, backend: f.url });
    after.defer(() => h.stop());
    await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 10_000);

    const body = directory.state.registrations.filter((r) => r.status === 201).at(-1)!.body as {
      capabilities: { intent: string; models: string[]; features?: string[] }[];
    };
    const completion = body.capabilities.filter((c) => c.intent === COMPLETION);
    expect(completion.find((c) => c.models.includes('qwen2.5-coder:7b'))?.features).toEqual(['fill_in_middle']);
    expect(completion.find((c) => c.models.includes('llama3.2:3b'))?.features).toBeUndefined();

    const filled = await http(`${h.base}/v1/task`, {
      body: task(COMPLETION, { model: 'qwen2.5-coder:7b', prompt: 'def add(a, b):\n    ', suffix: '\n    return c' }),
    });
    expect(filled.status).toBe(200);
    expect(inferenceCalls(f).at(-1)!.body).toMatchObject({ prompt: 'def add(a, b):\n    ', suffix: '\n    return c' });
    const calls = inferenceCalls(f).length;
    const plain = await http(`${h.base}/v1/task`, {
      body: task(COMPLETION, { model: 'llama3.2:3b', prompt: 'x', suffix: 'y' }),
    });
    expect(plain.status).toBe(422);
    expect(plain.json.error.message).toBe('suffix: this model does not fill in the middle');
    expect(inferenceCalls(f)).toHaveLength(calls);
  });
});

describe("llama-server's own refusals", () => {
  it('an embedding input over its batch or context is the consumer’s mistake (422 with its words), though it answers 500', async () => {
    const f = await fake({
      flavour: 'llamacpp',
      models: ['bge-small-en-v1.5-q8_0.gguf'],
      embeddings: true,
      modelFacts: { 'bge-small-en-v1.5-q8_0.gguf': { kind: 'embedding' } },
    });
    const h = await node(f);
    await eventually(async () => expect((await http(`${h.base}/iicp/health`)).json.intent).toBe(EMBEDDING));

    const r = await http(`${h.base}/v1/task`, { body: task(EMBEDDING, { input: words(600) }) });
    expect(inferenceCalls(f)).toHaveLength(1);
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe('validation_error');
    expect(r.json.error.message).toMatch(/input is too large to process/);
    // Not a failure of the node: still online, nothing in the ledger to claim.
    expect(h.node.getSnapshot().state).toBe('online');
    expect(await h.node.commandHandlers().listLedger({ limit: 10 })).toEqual([]);
  });

  it('a task that finds it loading a model gets 503 with Retry-After, as a load the node knows of, not 502', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['big.gguf'] });
    const h = await node(f);
    await eventually(async () =>
      expect(
        (await http(`${h.base}/v1/task`, { body: task(CHAT, { messages: [{ role: 'user', content: 'hi' }] }) })).status,
      ).toBe(200),
    );
    const before = inferenceCalls(f).length;

    // It starts loading another model between two looks of the node: the next task reaches it.
    f.set({ loading: true });
    const r = await http(`${h.base}/v1/task`, {
      body: task(CHAT, { messages: [{ role: 'user', content: 'hi again' }] }),
    });
    expect(inferenceCalls(f)).toHaveLength(before + 1);
    expect(r.status).toBe(503);
    expect(r.json.error).toMatchObject({ code: 'IICP-E024', reason: 'backend_loading' });
    expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(2);
  });
});
