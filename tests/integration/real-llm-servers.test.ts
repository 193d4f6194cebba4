/**
 * Real LLM servers: what a node does against servers that behave like the real ones — llama-server
 * reads `n_predict` before `max_tokens` and has no limit of its own, names its model by the file it loaded, answers
 * everything with 503 while it loads, serves embeddings only when started so; Ollama, LM Studio and vLLM describe
 * their models through their own APIs. The fakes in tests/support/backends reproduce what was observed on the real
 * servers; these tests say what the node makes of it.
 */
import { english } from '@shared/i18n/say';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../support/cleanup';
import { startFakeBackend, type FakeBackend, type FakeBackendOptions, type Flavour } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { chatTask, eventually, http, startNode, startPublicNode, type NodeHarness } from '../support/node-harness';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const COMPLETION = 'urn:iicp:intent:llm:completion:v1';
const EMBEDDING = 'urn:iicp:intent:llm:embedding:v1';

const after = cleanupAfterEach();
const fake = async (opts: FakeBackendOptions): Promise<FakeBackend> => after.close(await startFakeBackend(opts));

async function node(backend: FakeBackend, settings: Parameters<typeof startNode>[0] = {}): Promise<NodeHarness> {
  const h = await startNode({ backendUrl: backend.url, ...settings });
  after.defer(() => h.stop());
  return h;
}

async function registeredNode(backend: FakeBackend): Promise<{ h: NodeHarness; directory: TestDirectory }> {
  const directory = await startTestDirectory({ routabilityCheck: false });
  after.defer(() => directory.close());
  const h = await startPublicNode({ directory: directory.url, backend: backend.url });
  after.defer(() => h.stop());
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 10_000);
  return { h, directory };
}

const inferenceCalls = (f: FakeBackend) => f.calls.filter((c) => c.method === 'POST' && c.path.startsWith('/v1/'));
const task = (intent: string, payload: Record<string, unknown>) => ({ task_id: randomUUID(), intent, payload });

/**
 * Every engine field a consumer was seen to send to get past the advertised limit or to change the server (`n` and
 * `best_of` above 1 are refused instead: see honour-or-refuse.test.ts).
 */
const ENGINE_FIELDS = {
  n_predict: 20_000,
  min_tokens: 5_000,
  ignore_eos: true,
  max_completion_tokens: 20_000,
  options: { num_predict: -1, num_ctx: 131_072 },
  keep_alive: -1,
  ttl: 999_999,
  id_slot: 0,
  lora: [{ id: 0, scale: 4 }],
  grammar: 'root ::= "x"*',
  prompt_logprobs: 20,
  cache_prompt: false,
  stream: true,
  stream_options: { include_usage: true },
} as const;

const CHAT_FIELDS = new Set([
  'model',
  'messages',
  'max_tokens',
  'stream',
  'temperature',
  'top_p',
  'stop',
  'seed',
  'presence_penalty',
  'frequency_penalty',
  'response_format',
  'n_predict',
]);
const COMPLETION_FIELDS = new Set([
  'model',
  'prompt',
  'max_tokens',
  'stream',
  'temperature',
  'top_p',
  'stop',
  'seed',
  'presence_penalty',
  'frequency_penalty',
  'n_predict',
]);

describe('a consumer cannot make the backend generate more than the node advertises', () => {
  it.each(['llamacpp', 'ollama', 'lmstudio', 'vllm'] as Flavour[])(
    '%s: only allowed fields reach it, with a limit at most the advertised one',
    async (flavour) => {
      // A model that would talk for 5 000 tokens if nothing stopped it.
      const f = await fake({ flavour, models: ['chatty-7b'], naturalTokens: 5_000 });
      const h = await node(f, { maxTokens: 16 });
      const words = Array.from({ length: 50 }, (_, i) => `w${i}`).join(' ');

      const chat = await http(`${h.base}/v1/task`, {
        body: task(CHAT, { messages: [{ role: 'user', content: words }], temperature: 0.5, ...ENGINE_FIELDS }),
      });
      const completion = await http(`${h.base}/v1/task`, {
        body: task(COMPLETION, { prompt: words, ...ENGINE_FIELDS }),
      });
      expect([chat.status, completion.status]).toEqual([200, 200]);

      const [chatCall, completionCall] = inferenceCalls(f);
      const chatBody = chatCall!.body as Record<string, unknown>;
      const completionBody = completionCall!.body as Record<string, unknown>;
      expect(Object.keys(chatBody).filter((k) => !CHAT_FIELDS.has(k))).toEqual([]);
      expect(Object.keys(completionBody).filter((k) => !COMPLETION_FIELDS.has(k))).toEqual([]);
      for (const body of [chatBody, completionBody]) {
        expect(body.max_tokens).toBeLessThanOrEqual(16);
        expect(body.stream).toBe(false);
        if (flavour === 'llamacpp') expect(body.n_predict).toBeLessThanOrEqual(16);
        else expect(body).not.toHaveProperty('n_predict');
      }
      expect(chatBody.temperature).toBe(0.5);
      for (const call of [chatCall!, completionCall!]) expect(call.generatedTokens).toBeLessThanOrEqual(16);
      expect(chat.json.result.usage.completion_tokens).toBeLessThanOrEqual(16);
    },
  );

  it('llama.cpp: a task with no limit at all still stops at the advertised one', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['chatty-7b'], naturalTokens: 2_025 });
    const h = await node(f, { maxTokens: 32 });
    const r = await http(`${h.base}/v1/task`, {
      body: task(CHAT, { messages: [{ role: 'user', content: 'tell me everything' }] }),
    });

    expect(r.status).toBe(200);
    expect(inferenceCalls(f)[0]!.generatedTokens).toBeLessThanOrEqual(32);
  });
});

describe('a model loaded from a file in a home folder', () => {
  const PATH = '/home/alice/models/tiny-q4.gguf';

  it('is published under its file name: nothing that names the folder leaves the machine', async () => {
    const f = await fake({ flavour: 'llamacpp', models: [PATH] });
    const { h, directory } = await registeredNode(f);

    const registered = JSON.stringify(directory.state.registrations.filter((r) => r.status === 201).at(-1)!.body);
    expect(registered).toContain('"tiny-q4"');
    const health = await http(`${h.base}/iicp/health`);
    expect(health.json.models).toEqual(['tiny-q4']);
    const answer = await http(`${h.base}/v1/task`, {
      body: task(CHAT, { model: 'tiny-q4', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(answer.status).toBe(200);
    expect(answer.json.model_used).toBe('tiny-q4');
    expect(answer.json.result.model).toBe('tiny-q4');
    // The backend was asked under its own id.
    expect((inferenceCalls(f)[0]!.body as Record<string, unknown>).model).toBe(PATH);

    const ledger = await h.node.commandHandlers().listLedger({ limit: 10 });
    const diagnostics = (await h.node.commandHandlers().getDiagnostics({})) as { json: string };
    const beats = JSON.stringify(directory.state.heartbeats.map((b) => b.body));
    for (const text of [
      registered,
      health.text,
      answer.text,
      JSON.stringify(ledger),
      JSON.stringify(h.node.getSnapshot()),
      diagnostics.json,
      beats,
    ]) {
      expect(text).not.toContain('alice');
      expect(text).not.toContain('/home/');
    }
  });

  it('is refused under its path: the public name is the only one', async () => {
    const f = await fake({ flavour: 'llamacpp', models: [PATH] });
    const h = await node(f);
    const r = await http(`${h.base}/v1/task`, {
      body: task(CHAT, { model: PATH, messages: [{ role: 'user', content: 'hi' }] }),
    });

    expect(r.status).toBe(404);
    expect(r.text).not.toContain('alice');
    expect(inferenceCalls(f)).toEqual([]);
  });
});

describe('what a model is comes from the server, not its name', () => {
  it('llama.cpp started with --embeddings serves an embedding model whose name does not say so', async () => {
    const f = await fake({
      flavour: 'llamacpp',
      models: ['bge-small-en-v1.5-q8_0.gguf'],
      embeddings: true,
      modelFacts: { 'bge-small-en-v1.5-q8_0.gguf': { kind: 'embedding' } },
    });
    const h = await node(f);

    const health = (await http(`${h.base}/iicp/health`)).json;
    expect(health.intent).toBe(EMBEDDING);
    const embedded = await http(`${h.base}/v1/task`, { body: task(EMBEDDING, { input: 'hello' }) });
    expect(embedded.status).toBe(200);
    const chat = await http(`${h.base}/v1/task`, { body: chatTask(randomUUID()) });
    expect(chat.status).toBe(422); // not advertised: the server never sees it
    expect(inferenceCalls(f).map((c) => c.path)).toEqual(['/v1/embeddings']);
  });

  it('llama.cpp: the context of a slot bounds the advertised max_tokens, and a prompt over it is the consumer’s mistake', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['small-ctx.gguf'], contextLength: 256, contextShift: false });
    const { h, directory } = await registeredNode(f);

    const body = directory.state.registrations.filter((r) => r.status === 201).at(-1)!.body as {
      capabilities: { max_tokens: number }[];
    };
    expect(body.capabilities.every((c) => c.max_tokens <= 256)).toBe(true);
    const long = Array.from({ length: 600 }, (_, i) => `w${i}`).join(' ');
    const r = await http(`${h.base}/v1/task`, { body: task(CHAT, { messages: [{ role: 'user', content: long }] }) });

    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe('validation_error');
    expect(r.json.error.message).toMatch(/context size/i);
    // Not a failure of the node: still online, nothing in the ledger to claim.
    expect(h.node.getSnapshot().state).toBe('online');
    expect(await h.node.commandHandlers().listLedger({ limit: 10 })).toEqual([]);
  });

  it('Ollama: a vision model is advertised with image input because /api/show says so', async () => {
    const f = await fake({
      flavour: 'ollama',
      models: ['qwen2.5vl:7b', 'all-minilm:l6'],
      modelFacts: { 'qwen2.5vl:7b': { vision: true, contextLength: 4096 }, 'all-minilm:l6': { kind: 'embedding' } },
    });
    const { directory } = await registeredNode(f);
    const body = directory.state.registrations.filter((r) => r.status === 201).at(-1)!.body as {
      capabilities: { intent: string; models: string[]; input_modalities: string[]; max_tokens: number }[];
    };

    expect(body.capabilities).toContainEqual(
      expect.objectContaining({
        intent: CHAT,
        models: ['qwen2.5vl:7b'],
        max_tokens: 4096,
        input_modalities: ['text', 'image'],
        claim_provenance: { source: 'runtime_introspection' },
      }),
    );
    expect(body.capabilities).toContainEqual(expect.objectContaining({ intent: EMBEDDING, models: ['all-minilm:l6'] }));
  });

  it('LM Studio: its own model list says which model embeds and how much context each has', async () => {
    const f = await fake({
      flavour: 'lmstudio',
      models: ['qwen2.5-7b-instruct', 'my-retriever'],
      contextLength: 2048,
      modelFacts: { 'my-retriever': { kind: 'embedding' } },
    });
    const { directory } = await registeredNode(f);
    const body = directory.state.registrations.filter((r) => r.status === 201).at(-1)!.body as {
      capabilities: { intent: string; models: string[]; max_tokens: number }[];
    };

    expect(body.capabilities).toContainEqual(expect.objectContaining({ intent: EMBEDDING, models: ['my-retriever'] }));
    expect(body.capabilities).toContainEqual(
      expect.objectContaining({ intent: CHAT, models: ['qwen2.5-7b-instruct'], max_tokens: 2048 }),
    );
  });

  it('vLLM: max_model_len bounds the advertised max_tokens', async () => {
    const f = await fake({ flavour: 'vllm', models: ['Qwen/Qwen2.5-0.5B-Instruct'], contextLength: 1024 });
    const { directory } = await registeredNode(f);
    const body = directory.state.registrations.filter((r) => r.status === 201).at(-1)!.body as {
      capabilities: { max_tokens: number }[];
    };

    expect(body.capabilities.map((c) => c.max_tokens)).toEqual([1024, 1024]);
  });

  it('completion is advertised and served for chat models, and can be turned off', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['m.gguf'] });
    const h = await node(f);

    expect((await http(`${h.base}/v1/task`, { body: task(COMPLETION, { prompt: 'once upon a time' }) })).status).toBe(
      200,
    );
    expect(inferenceCalls(f).map((c) => c.path)).toEqual(['/v1/completions']);
    h.node.commands.updateSettings({ offerCompletion: false });
    await eventually(async () =>
      expect((await http(`${h.base}/v1/task`, { body: task(COMPLETION, { prompt: 'again' }) })).status).toBe(422),
    );
  });
});

describe('a llama.cpp server that is loading its model', () => {
  it('is "loading", not broken: tasks get 503 IICP-E024 with a short Retry-After, and are served once it is ready', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['big.gguf'], loading: true });
    const h = await node(f);

    await eventually(() => expect(h.node.getSnapshot().backend.status).toBe('loading'));
    expect(english.said(h.node.getSnapshot().backend.message!)).toBe('Your LLM server is loading a model.');
    const refused = await http(`${h.base}/v1/task`, { body: chatTask(randomUUID()) });
    expect(refused.status).toBe(503);
    expect(refused.json.error).toMatchObject({ code: 'IICP-E024', reason: 'backend_loading' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(2);

    f.set({ loading: false });
    await eventually(() => expect(h.node.getSnapshot().backend.status).toBe('healthy'), 5000);
    await eventually(
      async () => expect((await http(`${h.base}/v1/task`, { body: chatTask(randomUUID()) })).status).toBe(200),
      5000,
    );
  });

  it('the wizard says it is loading, and knows the build from /props', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['big.gguf'], loading: true, buildInfo: 'b4748-abcdef0' });
    const h = await node(f);
    const loading = await h.node.commandHandlers().detectBackends({ extraUrls: [f.url], apiKeys: [] });
    const candidate = loading.candidates.find((c) => c.url === f.url)!;
    expect(candidate).toMatchObject({ found: true, flavour: 'llamacpp' });
    expect(english.said(candidate.problem!)).toBe(
      'Your LLM server (llama.cpp) is loading a model. It will be ready in a moment; check again then.',
    );

    f.set({ loading: false });
    const ready = (await h.node.commandHandlers().detectBackends({ extraUrls: [f.url], apiKeys: [] })).candidates.find(
      (c) => c.url === f.url,
    )!;
    expect(ready).toMatchObject({ found: true, flavour: 'llamacpp', version: 'b4748-abcdef0', problem: null });
    expect(ready.models.map((m) => m.name)).toEqual(['big.gguf']);
  });
});
