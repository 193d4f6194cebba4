/**
 * What each fake server says about itself and its models, and how it refuses what it cannot do. These are
 * specifications of the real servers (llama-server b4748, Ollama 0.12, LM Studio 0.3, vLLM 0.11).
 */
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../../../support/cleanup';
import {
  FAKE_LLAMACPP_BUILD,
  startFakeBackend,
  type FakeBackend,
  type FakeBackendOptions,
} from '../../../support/backends';

const after = cleanupAfterEach();
const fake = async (opts: FakeBackendOptions): Promise<FakeBackend> =>
  after.close(await startFakeBackend({ nagle: false, ...opts }));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of many shapes, read field by field
type Body = any;

async function call(
  f: FakeBackend,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Body }> {
  const res = await fetch(
    `${f.url}${path}`,
    body === undefined
      ? { headers }
      : { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) },
  );
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

const hi = { messages: [{ role: 'user', content: 'hi' }] };
const PATH = '/home/alice/models/x.gguf';

describe('llama.cpp b4748', () => {
  it('names its model by the -m path unless started with --alias, and describes it in meta', async () => {
    const f = await fake({ flavour: 'llamacpp', models: [PATH] });
    const models = await call(f, '/v1/models');
    expect(models.body).toEqual({
      object: 'list',
      data: [
        { id: PATH, object: 'model', created: expect.any(Number), owned_by: 'llamacpp', meta: expect.any(Object) },
      ],
    });
    expect(Object.keys(models.body.data[0].meta)).toEqual([
      'vocab_type',
      'n_vocab',
      'n_ctx_train',
      'n_embd',
      'n_params',
      'size',
    ]);
    expect(models.body).not.toHaveProperty('models'); // the Ollama-style list came later (2025-05)
    expect((await call(f, '/props')).body.model_path).toBe(PATH);

    f.set({ alias: 'x' });
    expect((await call(f, '/v1/models')).body.data.map((m: { id: string }) => m.id)).toEqual(['x']);
    expect((await call(f, '/props')).body.model_path).toBe(PATH);
  });

  it('/props reports the slot context (-c, default 4096), the build and the template; there is no /version', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['m.gguf'] });
    const props = (await call(f, '/props')).body;
    expect(props).toMatchObject({
      default_generation_settings: { n_ctx: 4096 },
      total_slots: 1,
      model_path: 'm.gguf',
      build_info: FAKE_LLAMACPP_BUILD,
      chat_template: expect.any(String),
    });
    expect(await call(f, '/version')).toMatchObject({
      status: 404,
      body: { error: { code: 404, message: 'File Not Found', type: 'not_found_error' } },
    });

    f.set({ contextLength: 8192, buildInfo: 'b4748-abcdef0' });
    expect((await call(f, '/props')).body).toMatchObject({
      default_generation_settings: { n_ctx: 8192 },
      build_info: 'b4748-abcdef0',
    });
  });

  it('started with --embeddings: embeds, refuses chat and completions with 501, and /props fails with 500', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['bge-small-en-v1.5-q8_0.gguf'], embeddings: true });
    const refusal = {
      error: {
        code: 501,
        message: 'This server does not support completions. Start it without `--embeddings`',
        type: 'not_supported_error',
      },
    };
    expect(await call(f, '/v1/chat/completions', hi)).toMatchObject({ status: 501, body: refusal });
    expect(await call(f, '/v1/completions', { prompt: 'hi' })).toMatchObject({ status: 501, body: refusal });
    expect((await call(f, '/v1/embeddings', { input: 'hi' })).status).toBe(200);
    const props = await call(f, '/props');
    expect(props.status).toBe(500);
    expect(props.body).toEqual({
      error: {
        code: 500,
        message: 'vector::_M_range_check: __n (which is 18446744073709551615) >= this->size() (which is 30522)',
        type: 'server_error',
      },
    });
    expect((await call(f, '/health')).status).toBe(200);
  });

  it('a chat model cannot embed: pooling type none', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['qwen.gguf'] });
    expect(await call(f, '/v1/embeddings', { input: 'hi' })).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 400,
          message: "Pooling type 'none' is not OAI compatible. Please use a different pooling type",
          type: 'invalid_request_error',
        },
      },
    });
  });

  it('answers every route with 503 "Loading model" while it loads', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['m.gguf'], loading: true });
    const loading = { error: { code: 503, message: 'Loading model', type: 'unavailable_error' } };
    for (const path of ['/health', '/v1/models', '/models', '/props', '/nope'])
      expect(await call(f, path)).toMatchObject({ status: 503, body: loading });
    expect(await call(f, '/v1/chat/completions', hi)).toMatchObject({ status: 503, body: loading });

    f.set({ loading: false });
    expect(await call(f, '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('with an API key, /health and /v1/models stay public and the rest answer 401 "Invalid API Key"', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['m.gguf'], apiKey: 'k' });
    expect((await call(f, '/health')).status).toBe(200);
    expect((await call(f, '/v1/models')).status).toBe(200);
    expect(await call(f, '/props')).toMatchObject({
      status: 401,
      body: { error: { code: 401, message: 'Invalid API Key', type: 'authentication_error' } },
    });
    expect((await call(f, '/props', undefined, { authorization: 'Bearer k' })).status).toBe(200);
  });

  it('advertises its keep-alive like cpp-httplib and sends no Date', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['m.gguf'] });
    const health = await call(f, '/health');
    expect(health.headers.get('keep-alive')).toBe('timeout=5, max=100');
    expect(health.headers.get('date')).toBeNull();
  });
});

describe('Ollama 0.12', () => {
  it('/api/show says what a model can do, how big it is and its context', async () => {
    const f = await fake({
      flavour: 'ollama',
      models: ['qwen2.5vl:7b', 'qwen3:8b', 'nomic-embed-text:latest', 'llava:13b'],
      modelFacts: {
        'qwen2.5vl:7b': { vision: true, parameterCount: 8_292_166_656, contextLength: 128_000 },
        'qwen3:8b': { tools: true },
      },
    });
    const vl = (await call(f, '/api/show', { model: 'qwen2.5vl:7b' })).body;
    expect(vl).toMatchObject({
      capabilities: ['completion', 'vision'],
      details: { format: 'gguf', family: 'qwen', parameter_size: '8.3B' },
      model_info: {
        'general.architecture': 'qwen',
        'general.parameter_count': 8_292_166_656,
        'qwen.context_length': 128_000,
      },
    });
    expect((await call(f, '/api/show', { model: 'qwen3:8b' })).body.capabilities).toEqual(['completion', 'tools']);
    expect((await call(f, '/api/show', { name: 'nomic-embed-text:latest' })).body.capabilities).toEqual(['embedding']);
    expect((await call(f, '/api/show', { model: 'llava:13b' })).body.capabilities).toEqual(['completion', 'vision']);
    expect(await call(f, '/api/show', { model: 'nope:1b' })).toEqual({
      status: 404,
      headers: expect.anything(),
      body: { error: "model 'nope:1b' not found" },
    });
  });

  it('num_ctx (contextLength, default 4096) is the loaded context in /api/ps', async () => {
    const f = await fake({ flavour: 'ollama', models: ['m'], contextLength: 8192 });
    expect((await call(f, '/api/ps')).body.models[0].context_length).toBe(8192);
    expect((await call(f, '/api/show', { model: 'm' })).body.model_info['m.context_length']).toBe(8192);
  });

  it('refuses chat and completions on an embedding model', async () => {
    const f = await fake({
      flavour: 'ollama',
      models: ['all-minilm:l6'],
      modelFacts: { 'all-minilm:l6': { kind: 'embedding' } },
    });
    expect(await call(f, '/v1/chat/completions', { model: 'all-minilm:l6', ...hi })).toMatchObject({
      status: 400,
      body: { error: { message: '"all-minilm:l6" does not support chat', type: 'api_error', param: null, code: null } },
    });
    expect((await call(f, '/v1/completions', { model: 'all-minilm:l6', prompt: 'hi' })).body.error.message).toBe(
      '"all-minilm:l6" does not support generate',
    );
    expect((await call(f, '/v1/embeddings', { model: 'all-minilm:l6', input: 'hi' })).status).toBe(200);
  });
});

describe('LM Studio 0.3', () => {
  it('/api/v0/models lists type, arch, quantization, state and max_context_length', async () => {
    const f = await fake({
      flavour: 'lmstudio',
      models: ['qwen2.5-7b-instruct', 'qwen2-vl-7b-instruct', 'my-retriever'],
      loaded: ['qwen2.5-7b-instruct'],
      contextLength: 8192,
      modelFacts: { 'my-retriever': { kind: 'embedding', contextLength: 2048 } },
    });
    const body = (await call(f, '/api/v0/models')).body;
    expect(body.object).toBe('list');
    expect(body.data[0]).toEqual({
      id: 'qwen2.5-7b-instruct',
      object: 'model',
      type: 'llm',
      publisher: 'lmstudio-community',
      arch: 'qwen',
      compatibility_type: 'gguf',
      quantization: 'Q4_K_M',
      state: 'loaded',
      max_context_length: 8192,
    });
    expect(body.data.map((m: { type: string; state: string }) => [m.type, m.state])).toEqual([
      ['llm', 'loaded'],
      ['vlm', 'not-loaded'],
      ['embeddings', 'not-loaded'],
    ]);
  });

  it('refuses a model of the other kind with 404 "Model is not llm." / "Model is not embedding."', async () => {
    const f = await fake({
      flavour: 'lmstudio',
      models: ['qwen2.5-7b-instruct', 'text-embedding-nomic-embed-text-v1.5'],
    });
    expect(
      await call(f, '/v1/chat/completions', { model: 'text-embedding-nomic-embed-text-v1.5', ...hi }),
    ).toMatchObject({
      status: 404,
      body: {
        error: {
          message: 'Failed to load model "text-embedding-nomic-embed-text-v1.5". Error: Model is not llm.',
          type: 'invalid_request_error',
          param: 'model',
          code: 'model_not_found',
        },
      },
    });
    expect((await call(f, '/v1/embeddings', { model: 'qwen2.5-7b-instruct', input: 'hi' })).body.error.message).toMatch(
      /Model is not embedding\.$/,
    );
  });
});

describe('vLLM 0.11', () => {
  it('/v1/models max_model_len is --max-model-len, else the model’s own context', async () => {
    const f = await fake({
      flavour: 'vllm',
      models: ['Qwen/Qwen2.5-7B-Instruct'],
      modelFacts: { 'Qwen/Qwen2.5-7B-Instruct': { contextLength: 32_768 } },
    });
    expect((await call(f, '/v1/models')).body.data[0].max_model_len).toBe(32_768);
    f.set({ contextLength: 1024 });
    expect((await call(f, '/v1/models')).body.data[0].max_model_len).toBe(1024);
  });

  it('an embedding model serves no chat, and errors have the OpenAI shape', async () => {
    const f = await fake({
      flavour: 'vllm',
      models: ['BAAI/bge-small-en-v1.5'],
      modelFacts: { 'BAAI/bge-small-en-v1.5': { kind: 'embedding' } },
    });
    expect(await call(f, '/v1/chat/completions', { model: 'BAAI/bge-small-en-v1.5', ...hi })).toMatchObject({
      status: 400,
      body: {
        error: {
          message: 'The model does not support Chat Completions API',
          type: 'BadRequestError',
          param: null,
          code: 400,
        },
      },
    });
    expect(await call(f, '/v1/chat/completions', { model: 'x', ...hi })).toMatchObject({
      status: 404,
      body: { error: { message: 'The model `x` does not exist.', type: 'NotFoundError', code: 404 } },
    });
  });
});
