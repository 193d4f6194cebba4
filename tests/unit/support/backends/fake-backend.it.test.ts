import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../../../support/cleanup';
import { eventually } from '../../../support/eventually';
import {
  FAKE_EMBEDDING_DIM,
  FAKE_OLLAMA_VERSION,
  fakeEmbedding,
  startFakeBackend,
  startNullBackend,
  type FakeBackend,
  type FakeBackendOptions,
} from '../../../support/backends';

const after = cleanupAfterEach();
const fake = async (opts: FakeBackendOptions): Promise<FakeBackend> => after.close(await startFakeBackend(opts));

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: unknown }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('the fakes identify themselves like the real servers', () => {
  it('Ollama sends no Server or X-Powered-By header and answers its native API', async () => {
    const f = await fake({ flavour: 'ollama', models: ['qwen3:8b'], loaded: [] });
    const tags = await getJson(`${f.url}/api/tags`);

    expect(tags.headers.get('server')).toBeNull();
    expect(tags.headers.get('x-powered-by')).toBeNull();
    expect(tags.body).toMatchObject({ models: [{ name: 'qwen3:8b', model: 'qwen3:8b', details: { format: 'gguf' } }] });
    expect((await getJson(`${f.url}/api/version`)).body).toEqual({ version: FAKE_OLLAMA_VERSION });
    expect((await getJson(`${f.url}/api/ps`)).body).toEqual({ models: [] });
    expect((await getJson(`${f.url}/v1/models`)).body).toMatchObject({
      object: 'list',
      data: [{ id: 'qwen3:8b', object: 'model', owned_by: 'library' }],
    });
    expect(await (await fetch(`${f.url}/nope`)).text()).toBe('404 page not found');
  });

  it('LM Studio marks every response X-Powered-By: Express, and also answers Ollama-style', async () => {
    const f = await fake({
      flavour: 'lmstudio',
      models: ['qwen2.5-7b-instruct', 'text-embedding-nomic'],
      loaded: ['qwen2.5-7b-instruct'],
    });
    for (const path of ['/v1/models', '/api/v1/models', '/api/version', '/api/tags', '/nope']) {
      expect((await fetch(`${f.url}${path}`)).headers.get('x-powered-by')).toBe('Express');
    }
    expect((await getJson(`${f.url}/api/v1/models`)).body).toEqual({
      data: [
        expect.objectContaining({
          id: 'qwen2.5-7b-instruct',
          type: 'llm',
          loaded_instances: [{ id: 'qwen2.5-7b-instruct', state: 'loaded' }],
        }),
        expect.objectContaining({ id: 'text-embedding-nomic', type: 'embeddings', loaded_instances: [] }),
      ],
    });
  });

  it('LM Studio shows the instance states a test asks for', async () => {
    const f = await fake({ flavour: 'lmstudio', models: ['m'], loaded: [], lmstudioStates: { m: 'loading' } });
    expect((await getJson(`${f.url}/api/v1/models`)).body).toMatchObject({
      data: [{ id: 'm', loaded_instances: [{ state: 'loading' }] }],
    });
    f.set({ lmstudioStates: {} });
    expect((await getJson(`${f.url}/api/v1/models`)).body).toMatchObject({ data: [{ id: 'm', loaded_instances: [] }] });
  });

  it('vLLM sends "server: uvicorn" and serves /health, /version and /v1/models', async () => {
    const f = await fake({ flavour: 'vllm', models: ['Qwen/Qwen2.5-7B-Instruct'] });
    const health = await fetch(`${f.url}/health`);

    expect([health.status, health.headers.get('server'), await health.text()]).toEqual([200, 'uvicorn', '']);
    expect((await getJson(`${f.url}/version`)).body).toEqual({ version: expect.any(String) });
    expect((await getJson(`${f.url}/v1/models`)).body).toMatchObject({
      data: [{ id: 'Qwen/Qwen2.5-7B-Instruct', owned_by: 'vllm' }],
    });
    expect((await getJson(`${f.url}/api/tags`)).status).toBe(404);
  });

  it('llama.cpp sends "Server: llama.cpp" and serves /health, /props and /v1/models', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['/models/model.gguf'] });
    const health = await getJson(`${f.url}/health`);

    expect([health.status, health.headers.get('server'), health.body]).toEqual([200, 'llama.cpp', { status: 'ok' }]);
    expect((await getJson(`${f.url}/props`)).body).toMatchObject({ total_slots: 1, model_path: '/models/model.gguf' });
    // Without --alias the id is the -m path.
    expect((await getJson(`${f.url}/v1/models`)).body).toMatchObject({ data: [{ id: '/models/model.gguf' }] });
  });
});

describe('inference on the fakes', () => {
  it('echoes the last user message with usage, cut to max_tokens words', async () => {
    const f = await fake({ flavour: 'vllm', models: ['m'] });
    const res = await post(`${f.url}/v1/chat/completions`, {
      model: 'm',
      messages: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'x' },
        { role: 'user', content: [{ type: 'text', text: 'one two three' }] },
      ],
      max_tokens: 2,
    });

    expect(await res.json()).toMatchObject({
      object: 'chat.completion',
      model: 'm',
      choices: [{ message: { content: 'one two' }, finish_reason: 'length' }],
      usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
    });
  });

  it('answers stream:true as server-sent events, like the real servers', async () => {
    const f = await fake({ flavour: 'ollama', models: ['m'] });
    const res = await post(`${f.url}/v1/chat/completions`, {
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });

    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(await res.text()).toMatch(/^data: \{.*\n\ndata: \[DONE\]\n\n$/s);
  });

  it('embeds deterministically with a fixed length', async () => {
    const f = await fake({ flavour: 'lmstudio', models: ['e'], modelFacts: { e: { kind: 'embedding' } } });
    const body = (await (await post(`${f.url}/v1/embeddings`, { model: 'e', input: ['a', 'b'] })).json()) as {
      data: { embedding: number[] }[];
    };

    expect(body.data.map((d) => d.embedding)).toEqual([fakeEmbedding('a'), fakeEmbedding('b')]);
    expect(fakeEmbedding('a')).toHaveLength(FAKE_EMBEDDING_DIM);
  });

  it("answers an unknown model with the server's own 404, except llama.cpp which serves its one model", async () => {
    const ollama = await fake({ flavour: 'ollama', models: ['m'] });
    const res = await post(`${ollama.url}/v1/chat/completions`, { model: 'x', messages: [] });
    expect([res.status, await res.json()]).toEqual([
      404,
      { error: expect.objectContaining({ message: expect.stringContaining('try pulling it first') }) },
    ]);

    const llama = await fake({ flavour: 'llamacpp', models: ['m.gguf'] });
    expect((await post(`${llama.url}/v1/chat/completions`, { model: 'x', messages: [] })).status).toBe(200);
  });

  it('loads a model on first use on Ollama, as the real one does', async () => {
    const f = await fake({ flavour: 'ollama', models: ['m'], loaded: [] });
    await (await post(`${f.url}/v1/chat/completions`, { model: 'm', messages: [] })).text();
    expect((await getJson(`${f.url}/api/ps`)).body).toMatchObject({ models: [{ name: 'm' }] });
  });

  it('fails inference with failStatus but keeps discovery working', async () => {
    const f = await fake({ flavour: 'ollama', models: ['m'], failStatus: 429 });
    const res = await post(`${f.url}/v1/chat/completions`, { model: 'm', messages: [] });

    expect([res.status, res.headers.get('retry-after')]).toEqual([429, '1']);
    expect((await fetch(`${f.url}/api/tags`)).status).toBe(200);
    f.set({ failStatus: null });
    expect((await post(`${f.url}/v1/chat/completions`, { model: 'm', messages: [] })).status).toBe(200);
  });

  it('omits usage when asked to', async () => {
    const f = await fake({ flavour: 'ollama', models: ['m'], usage: false });
    expect(await (await post(`${f.url}/v1/chat/completions`, { model: 'm', messages: [] })).json()).not.toHaveProperty(
      'usage',
    );
  });

  it('requires the API key on every route when one is set', async () => {
    const f = await fake({ flavour: 'lmstudio', apiKey: 'k' });
    for (const path of ['/v1/models', '/api/v1/models', '/api/version']) {
      const res = await getJson(`${f.url}${path}`);
      expect([res.status, res.body]).toEqual([401, { error: { message: 'Unauthorized' } }]);
    }
    expect((await fetch(`${f.url}/v1/models`, { headers: { authorization: 'Bearer k' } })).status).toBe(200);
  });

  it('counts concurrent inference requests', async () => {
    const f = await fake({ flavour: 'ollama', models: ['m'], latencyMs: 100 });
    await Promise.all(
      [1, 2, 3].map(async () => (await post(`${f.url}/v1/chat/completions`, { model: 'm', messages: [] })).text()),
    );
    expect([f.inFlight, f.maxInFlight]).toEqual([0, 3]);
  });
});

describe('recording and lifecycle', () => {
  it("records every call, including Ollama's admin routes, which behave like Ollama's", async () => {
    const f = await fake({ flavour: 'ollama', models: ['m'] });
    await post(`${f.url}/api/pull`, { model: 'new:1b' });
    await fetch(`${f.url}/api/delete`, { method: 'DELETE', body: JSON.stringify({ model: 'm' }) });

    expect(f.calls.map((c) => [c.method, c.path, c.body])).toEqual([
      ['POST', '/api/pull', { model: 'new:1b' }],
      ['DELETE', '/api/delete', { model: 'm' }],
    ]);
    expect((await getJson(`${f.url}/api/tags`)).body).toMatchObject({ models: [{ name: 'new:1b' }] });
  });

  it('holds requests forever when hanging, and close() still ends them', async () => {
    const f = await startFakeBackend({ flavour: 'ollama', models: ['m'], hang: true });
    const outcome = new Promise<string>((resolve) => {
      const req = request(`${f.url}/v1/chat/completions`, { method: 'POST' }, () => resolve('answered'));
      req.on('error', () => resolve('connection ended'));
      req.end('{"model":"m"}');
    });
    await eventually(() => expect([f.calls.length, f.inFlight]).toEqual([1, 1]));

    await f.close();
    expect(await outcome).toBe('connection ended');
  });

  it('the null backend answers any POST with a chat completion over keep-alive', async () => {
    const nb = await startNullBackend();
    after.close(nb);
    const bodies = await Promise.all(
      [1, 2, 3, 4].map(async () => (await post(`${nb.url}/v1/chat/completions`, { messages: [] })).json()),
    );

    expect(bodies[0]).toMatchObject({ object: 'chat.completion', model: nb.model, usage: { total_tokens: 2 } });
    expect([nb.requests, nb.inFlight]).toEqual([4, 0]);
  });
});
