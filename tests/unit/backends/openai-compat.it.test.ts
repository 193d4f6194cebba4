import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../../support/cleanup';
import { serveOnLoopback } from '../../support/http-server';
import {
  INTENT_CHAT,
  INTENT_COMPLETION,
  INTENT_EMBEDDING,
  OpenAiCompatBackend,
  buildBackendRequest,
  estimateTokens,
} from '@engine/backends';
import { INTENT_PATHS } from '@engine/backends/intents';
import { type BackendFlavour } from '@engine/backends/probe';
import { type BackendResult, type OpenAiCompatBackendOptions } from '@engine/backends/openai-compat';
import {
  FAKE_EMBEDDING_DIM,
  INFERENCE_PATHS,
  startFakeBackend,
  type FakeBackend,
  type FakeBackendOptions,
} from '../../support/backends';

const CHAT_MODEL = 'llama3.2:3b';
const EMBED_MODEL = 'nomic-embed-text:latest';
const OTHER_MODEL = 'qwen3:8b';
const TIMEOUT = { timeoutMs: 5000 };

const after = cleanupAfterEach();
const fake = async (opts: Partial<FakeBackendOptions> = {}): Promise<FakeBackend> =>
  after.close(await startFakeBackend({ flavour: 'ollama', models: [CHAT_MODEL, EMBED_MODEL, OTHER_MODEL], ...opts }));

interface Offer {
  /** Public name of the model used when a payload names none. */
  defaultModel?: string | null;
  /** Public names advertised now (read on every call). */
  advertisedModels?: () => string[];
  maxTokens?: number;
  flavour?: BackendFlavour | null;
  /** Backend ids by public name, where they differ. */
  ids?: Record<string, string>;
}

function backend(
  url: string,
  opts: Partial<Omit<OpenAiCompatBackendOptions, 'flavour'>> & Offer = {},
): OpenAiCompatBackend {
  const {
    defaultModel = CHAT_MODEL,
    advertisedModels = () => [CHAT_MODEL, EMBED_MODEL, OTHER_MODEL],
    maxTokens = 8192,
    flavour = null,
    ids = {},
    ...rest
  } = opts;
  return new OpenAiCompatBackend({
    url,
    build: () => ({
      defaultModel,
      flavour,
      models: Object.fromEntries(advertisedModels().map((m) => [m, { id: ids[m] ?? m, maxTokens, tools: false }])),
    }),
    ...rest,
  });
}

function chat(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { messages: [{ role: 'user', content: text }], ...extra };
}

/** A server that answers every call with `answer` (a hostile one's words). */
async function serveOnLoopbackJson(answer: unknown): Promise<{ url: string }> {
  const server = await serveOnLoopback((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  });
  after.close(server);
  return { url: `http://127.0.0.1:${server.port}` };
}

function expectError(result: BackendResult, kind: string): { kind: string; status?: number; message: string } {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('expected a failure');
  expect(result.error.kind).toBe(kind);
  return result.error;
}

function sentBody(f: FakeBackend, index = 0): Record<string, unknown> {
  return f.calls[index]?.body as Record<string, unknown>;
}

/** A port nobody listens on: bound, read, released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('task routing (reference: Rust SDK openai adapter)', () => {
  it('test_chat_completion_happy_path: a chat task is answered with the backend JSON, model and tokens', async () => {
    const f = await fake();
    const result = await backend(f.url).invoke(INTENT_CHAT, chat('hello there'), TIMEOUT);

    expect(result).toMatchObject({ ok: true, modelUsed: CHAT_MODEL, tokensUsed: 4 });
    if (!result.ok) throw new Error('unreachable');
    expect(result.result).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { role: 'assistant', content: 'hello there' } }],
      usage: { prompt_tokens: 2, completion_tokens: 2, total_tokens: 4 },
    });
    expect(f.calls.map((c) => [c.method, c.path])).toEqual([['POST', '/v1/chat/completions']]);
  });

  it('test_completion_intent_routes_to_completions_path', async () => {
    const f = await fake();
    const result = await backend(f.url).invoke(INTENT_COMPLETION, { prompt: 'once upon a time' }, TIMEOUT);

    expect(result).toMatchObject({
      ok: true,
      result: { object: 'text_completion', choices: [{ text: 'once upon a time' }] },
    });
    expect(f.calls.map((c) => c.path)).toEqual(['/v1/completions']);
  });

  it('test_embedding_intent_routes_to_embeddings_path', async () => {
    const f = await fake();
    const result = await backend(f.url).invoke(INTENT_EMBEDDING, { model: EMBED_MODEL, input: ['a b', 'c'] }, TIMEOUT);

    expect(result).toMatchObject({ ok: true, modelUsed: EMBED_MODEL, tokensUsed: 3 });
    if (!result.ok) throw new Error('unreachable');
    const data = (result.result as { data: { embedding: number[] }[] }).data;
    expect(data.map((d) => d.embedding.length)).toEqual([FAKE_EMBEDDING_DIM, FAKE_EMBEDDING_DIM]);
    expect(f.calls.map((c) => c.path)).toEqual(['/v1/embeddings']);
  });

  it('test_factory_model_is_injected_when_payload_missing', async () => {
    const f = await fake();
    await backend(f.url).invoke(INTENT_CHAT, chat('hi'), TIMEOUT);
    expect(sentBody(f).model).toBe(CHAT_MODEL);
  });

  it('test_task_payload_model_overrides_factory when the payload names an advertised model', async () => {
    const f = await fake();
    const result = await backend(f.url).invoke(INTENT_CHAT, chat('hi', { model: OTHER_MODEL }), TIMEOUT);

    expect(result).toMatchObject({ ok: true, modelUsed: OTHER_MODEL });
    expect(sentBody(f).model).toBe(OTHER_MODEL);
  });

  it('refuses a payload model the node does not advertise, without calling the backend', async () => {
    const f = await fake();
    const result = await backend(f.url).invoke(INTENT_CHAT, chat('hi', { model: 'secret-finetune' }), TIMEOUT);

    expectError(result, 'model_not_advertised');
    expect(f.calls).toEqual([]);
  });

  it('refuses the default model too once it is no longer advertised', async () => {
    const f = await fake();
    const result = await backend(f.url, { advertisedModels: () => [OTHER_MODEL] }).invoke(
      INTENT_CHAT,
      chat('hi'),
      TIMEOUT,
    );

    expectError(result, 'model_not_advertised');
    expect(f.calls).toEqual([]);
  });

  it('reads the advertised models on every call, so discovery changes apply at once', async () => {
    const f = await fake();
    let advertised: string[] = [];
    const b = backend(f.url, { advertisedModels: () => advertised });

    expectError(await b.invoke(INTENT_CHAT, chat('hi'), TIMEOUT), 'model_not_advertised');
    advertised = [CHAT_MODEL];
    expect((await b.invoke(INTENT_CHAT, chat('hi'), TIMEOUT)).ok).toBe(true);
  });

  it('test_unsupported_intent_returns_400: an unknown intent fails without a backend call', async () => {
    const f = await fake();
    const b = backend(f.url);
    for (const intent of ['urn:iicp:intent:llm:rerank:v1', '', 'constructor', '__proto__', 'toString']) {
      expectError(await b.invoke(intent, chat('hi'), TIMEOUT), 'unsupported_intent');
    }
    expect(f.calls).toEqual([]);
  });

  it('test_no_model_returns_400: no payload model and no default model', async () => {
    const f = await fake();
    const result = await backend(f.url, { defaultModel: null }).invoke(INTENT_CHAT, chat('hi'), TIMEOUT);

    expectError(result, 'no_model');
    expect(f.calls).toEqual([]);
  });

  it('treats an empty or null payload model as absent and injects the default', async () => {
    const f = await fake();
    const b = backend(f.url);
    await b.invoke(INTENT_CHAT, chat('hi', { model: '' }), TIMEOUT);
    await b.invoke(INTENT_CHAT, chat('hi', { model: null }), TIMEOUT);
    expect(f.calls.map((c) => (c.body as { model: string }).model)).toEqual([CHAT_MODEL, CHAT_MODEL]);
  });

  it('test_non_object_payload_returns_400: arrays, strings, numbers and null are refused', async () => {
    const f = await fake();
    const b = backend(f.url);
    for (const payload of [[1, 2], 'hello', 42, null, undefined, true]) {
      expectError(await b.invoke(INTENT_CHAT, payload, TIMEOUT), 'invalid_payload');
    }
    expectError(await b.invoke(INTENT_CHAT, chat('hi', { model: 7 }), TIMEOUT), 'invalid_payload');
    expect(f.calls).toEqual([]);
  });

  it('test_upstream_500_is_surfaced with its status and the upstream message', async () => {
    const f = await fake({ failStatus: 500 });
    const error = expectError(await backend(f.url).invoke(INTENT_CHAT, chat('hi'), TIMEOUT), 'upstream_status');

    expect(error.status).toBe(500);
    expect(error.message).toBe('the backend answered HTTP 500: fake upstream failure (500)');
  });

  it('test_upstream_429_rate_limit_surfaced', async () => {
    const f = await fake({ failStatus: 429 });
    const error = expectError(await backend(f.url).invoke(INTENT_CHAT, chat('hi'), TIMEOUT), 'upstream_status');

    expect(error.status).toBe(429);
    expect(error.message).toContain('Rate limit');
  });

  it("surfaces the backend's own 404 for a model it does not have", async () => {
    const f = await fake({ models: [CHAT_MODEL] });
    const result = await backend(f.url).invoke(INTENT_CHAT, chat('hi', { model: OTHER_MODEL }), TIMEOUT);

    const error = expectError(result, 'upstream_status');
    expect(error).toMatchObject({
      kind: 'upstream_status',
      status: 404,
      message: 'the backend answered HTTP 404: model "qwen3:8b" not found, try pulling it first',
      // A model the node advertised and the server does not have is the node's problem, not the consumer's.
      consumerFault: false,
    });
  });

  it('test_timeout_is_classified_deterministically against a backend that never answers', async () => {
    const f = await fake({ hang: true });
    const error = expectError(await backend(f.url).invoke(INTENT_CHAT, chat('hi'), { timeoutMs: 300 }), 'timeout');
    expect(error.message).toBe('the backend did not answer within 300 ms');
  });

  it('times out a backend that answers too slowly', async () => {
    const f = await fake({ latencyMs: 2000 });
    expectError(await backend(f.url).invoke(INTENT_CHAT, chat('hi'), { timeoutMs: 200 }), 'timeout');
  });

  it("stops when the caller's signal aborts, and says so rather than blaming the backend", async () => {
    const f = await fake({ hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await backend(f.url).invoke(INTENT_CHAT, chat('hi'), {
      signal: controller.signal,
      timeoutMs: 10_000,
    });

    expectError(result, 'aborted');
  });

  it('does not call the backend at all when the signal is already aborted', async () => {
    const f = await fake();
    const result = await backend(f.url).invoke(INTENT_CHAT, chat('hi'), {
      signal: AbortSignal.abort(),
      timeoutMs: 1000,
    });

    expectError(result, 'aborted');
    expect(f.calls).toEqual([]);
  });

  it('test_connection_refused_is_classified_as_transport_error', async () => {
    const port = await closedPort();
    const error = expectError(
      await backend(`http://127.0.0.1:${port}`).invoke(INTENT_CHAT, chat('hi'), TIMEOUT),
      'transport',
    );

    expect(error.message).toBe('the backend is unreachable (ECONNREFUSED)');
    expect(error.message).not.toContain(String(port));
  });

  it('test_api_key_sets_bearer_auth', async () => {
    const f = await fake({ apiKey: 'sk-local-123' });
    const result = await backend(f.url, { apiKey: 'sk-local-123' }).invoke(INTENT_CHAT, chat('hi'), TIMEOUT);

    expect(result.ok).toBe(true);
    expect(f.calls[0]?.headers.authorization).toBe('Bearer sk-local-123');
  });

  it('sends no Authorization header when no key is configured, and surfaces the 401', async () => {
    const f = await fake({ apiKey: 'sk-local-123' });
    const error = expectError(await backend(f.url).invoke(INTENT_CHAT, chat('hi'), TIMEOUT), 'upstream_status');

    expect(error.status).toBe(401);
    expect(f.calls[0]?.headers.authorization).toBeUndefined();
  });

  it('test_base_url_trailing_slash_normalized: with or without /v1 and trailing slashes', async () => {
    const f = await fake();
    for (const url of [f.url, `${f.url}/`, `${f.url}/v1`, `${f.url}/v1/`, `${f.url}//`]) {
      const b = backend(url);
      expect(b.apiBase).toBe(`${f.url}/v1`);
      expect((await b.invoke(INTENT_CHAT, chat('hi'), TIMEOUT)).ok).toBe(true);
    }
    expect(new Set(f.calls.map((c) => c.path))).toEqual(new Set(['/v1/chat/completions']));
  });

  it('rejects a nonsensical configuration or timeout as a programming error', async () => {
    await expect(
      backend('http://127.0.0.1:1').invoke(INTENT_CHAT, chat('hi'), { timeoutMs: Number.NaN }),
    ).rejects.toThrow(RangeError);
  });

  it('refuses backend URLs it cannot use safely, without repeating them', () => {
    for (const url of [
      'not a url',
      'ftp://127.0.0.1:1',
      'http://user:pw@127.0.0.1:1',
      'http://127.0.0.1:1/?x=1',
      'http://h/#f',
    ]) {
      expect(() => backend(url)).toThrow(TypeError);
    }
    expect(() => backend('http://user:hunter2@127.0.0.1:1')).toThrow(/^(?!.*hunter2)/);
  });
});

describe('what a consumer can and cannot make the backend do', () => {
  it('sends stream:true as stream:false, because responses are buffered', async () => {
    const f = await fake();
    const result = await backend(f.url).invoke(
      INTENT_CHAT,
      chat('hi', { stream: true, stream_options: { include_usage: true } }),
      TIMEOUT,
    );

    expect(result.ok).toBe(true);
    expect(sentBody(f).stream).toBe(false);
    expect(sentBody(f)).not.toHaveProperty('stream_options');
  });

  it('forces stream:false on chat and completion even when the consumer did not ask', async () => {
    const f = await fake();
    const b = backend(f.url);
    await b.invoke(INTENT_CHAT, chat('hi'), TIMEOUT);
    await b.invoke(INTENT_COMPLETION, { prompt: 'hi' }, TIMEOUT);
    expect(f.calls.map((c) => (c.body as { stream: unknown }).stream)).toEqual([false, false]);
  });

  it('sends no stream field to embeddings, which never stream', async () => {
    const f = await fake();
    await backend(f.url).invoke(INTENT_EMBEDDING, { model: EMBED_MODEL, input: 'x', stream: true }, TIMEOUT);
    expect(sentBody(f)).not.toHaveProperty('stream');
  });

  it('clamps max_tokens and max_completion_tokens to the advertised maximum, as one max_tokens', async () => {
    const f = await fake();
    await backend(f.url, { maxTokens: 256 }).invoke(
      INTENT_CHAT,
      chat('hi', { max_tokens: 1_000_000, max_completion_tokens: 9999 }),
      TIMEOUT,
    );
    expect(sentBody(f)).toMatchObject({ max_tokens: 256 });
    expect(sentBody(f)).not.toHaveProperty('max_completion_tokens');
  });

  it('passes a smaller limit through, and asks for the advertised limit when the consumer names none', async () => {
    const f = await fake();
    const b = backend(f.url, { maxTokens: 256 });
    await b.invoke(INTENT_CHAT, chat('one two three', { max_tokens: 2 }), TIMEOUT);
    await b.invoke(INTENT_CHAT, chat('hi'), TIMEOUT);
    await b.invoke(INTENT_COMPLETION, { prompt: 'hi', max_completion_tokens: 7 }, TIMEOUT);

    expect(sentBody(f, 0).max_tokens).toBe(2);
    expect(sentBody(f, 1).max_tokens).toBe(256);
    expect(sentBody(f, 2).max_tokens).toBe(7);
  });

  it('reads max_tokens:null as "no limit asked" (the advertised one applies) and refuses a non-numeric one a Python server would coerce', async () => {
    const f = await fake();
    const b = backend(f.url, { maxTokens: 256 });
    await b.invoke(INTENT_CHAT, chat('hi', { max_tokens: null }), TIMEOUT);
    expect(sentBody(f).max_tokens).toBe(256);

    expectError(await b.invoke(INTENT_CHAT, chat('hi', { max_tokens: '999999' }), TIMEOUT), 'invalid_payload');
    expectError(await b.invoke(INTENT_CHAT, chat('hi', { max_tokens: 0 }), TIMEOUT), 'invalid_payload');
    expect(f.calls).toHaveLength(1);
  });

  it('passes the OpenAI fields of the intent through unchanged, and nothing else', async () => {
    const f = await fake();
    const payload = chat('hi', {
      temperature: 0.2,
      top_p: 0.9,
      seed: 7,
      stop: ['x'],
      response_format: { type: 'json_object' },
      user: 'u',
      logit_bias: {},
    });
    await backend(f.url, { maxTokens: 64 }).invoke(INTENT_CHAT, payload, TIMEOUT);

    const { user: _u, logit_bias: _l, ...allowed } = payload;
    expect(sentBody(f)).toEqual({ ...allowed, model: CHAT_MODEL, max_tokens: 64, stream: false });
    expect(payload).not.toHaveProperty('stream');
  });

  it('refuses an allowed field of the wrong type rather than passing it on', async () => {
    const f = await fake();
    expectError(
      await backend(f.url).invoke(INTENT_CHAT, chat('hi', { temperature: 'hot' }), TIMEOUT),
      'invalid_payload',
    );
    expectError(
      await backend(f.url).invoke(
        INTENT_EMBEDDING,
        { model: EMBED_MODEL, input: 'x', encoding_format: 'raw' },
        TIMEOUT,
      ),
      'invalid_payload',
    );
    expect(f.calls).toEqual([]);
  });

  it('sends the backend its own id for a model published under another name', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['/home/alice/models/tiny.gguf'] });
    const b = backend(f.url, {
      defaultModel: 'tiny',
      advertisedModels: () => ['tiny'],
      ids: { tiny: '/home/alice/models/tiny.gguf' },
      flavour: 'llamacpp',
      maxTokens: 16,
    });
    const r = await b.invoke(INTENT_CHAT, chat('hi', { model: 'tiny' }), TIMEOUT);

    expect(r.ok && r.modelUsed).toBe('tiny');
    expect(sentBody(f)).toMatchObject({ model: '/home/alice/models/tiny.gguf', max_tokens: 16, n_predict: 16 });
    expectError(
      await b.invoke(INTENT_CHAT, chat('hi', { model: '/home/alice/models/tiny.gguf' }), TIMEOUT),
      'model_not_advertised',
    );
  });

  it.each([['../api/pull'], ['x/../../api/delete'], ['/api/push'], ['%2e%2e/api/pull'], ['llama3.2:3b?x=1']])(
    'model %j cannot steer the request: unadvertised, so nothing is called',
    async (model) => {
      const f = await fake();
      expectError(await backend(f.url).invoke(INTENT_CHAT, chat('hi', { model }), TIMEOUT), 'model_not_advertised');
      expect(f.calls).toEqual([]);
    },
  );

  it('a path-like model name, even if advertised, only ever travels in the JSON body', async () => {
    const f = await fake({ models: ['../api/pull', 'x/../../api/delete'] });
    const b = backend(f.url, { advertisedModels: () => ['../api/pull', 'x/../../api/delete'] });
    await b.invoke(INTENT_CHAT, chat('hi', { model: '../api/pull' }), TIMEOUT);
    await b.invoke(INTENT_COMPLETION, { model: 'x/../../api/delete', prompt: 'hi' }, TIMEOUT);
    await b.invoke(INTENT_EMBEDDING, { model: '../api/pull', input: 'hi' }, TIMEOUT);

    expect(f.calls.map((c) => c.path)).toEqual(['/v1/chat/completions', '/v1/completions', '/v1/embeddings']);
  });

  it.each([
    ['urn:iicp:intent:llm:chat:v1/../../api/pull'],
    ['urn:iicp:intent:llm:chat:v1?x=1'],
    ['URN:IICP:INTENT:LLM:CHAT:V1'],
    ['/api/pull'],
  ])('intent %j is not an intent: nothing is called', async (intent) => {
    const f = await fake();
    expectError(await backend(f.url).invoke(intent, chat('hi'), TIMEOUT), 'unsupported_intent');
    expect(f.calls).toEqual([]);
  });

  it('only the three mapped paths exist, and they cannot be changed at run time', () => {
    expect(INTENT_PATHS).toEqual({
      [INTENT_CHAT]: '/chat/completions',
      [INTENT_COMPLETION]: '/completions',
      [INTENT_EMBEDDING]: '/embeddings',
    });
    expect(Object.isFrozen(INTENT_PATHS)).toBe(true);
  });

  it('sends only its own headers: content type, accept and the configured key', async () => {
    const f = await fake({ apiKey: 'k' });
    await backend(f.url, { apiKey: 'k' }).invoke(INTENT_CHAT, chat('hi'), TIMEOUT);
    const headers = f.calls[0]?.headers ?? {};

    expect(headers['content-type']).toBe('application/json');
    expect(headers.accept).toBe('application/json');
    // Everything else is what Node's fetch itself adds to any request.
    const own = ['content-type', 'accept', 'authorization'];
    const transport = [
      'host',
      'connection',
      'content-length',
      'user-agent',
      'accept-encoding',
      'accept-language',
      'sec-fetch-mode',
    ];
    expect(Object.keys(headers).filter((h) => !own.includes(h) && !transport.includes(h))).toEqual([]);
  });

  it('never reaches any other backend route over a run of mixed tasks', async () => {
    const f = await fake();
    const b = backend(f.url);
    await b.invoke(INTENT_CHAT, chat('hi'), TIMEOUT);
    await b.invoke(INTENT_COMPLETION, { prompt: 'p' }, TIMEOUT);
    await b.invoke(INTENT_EMBEDDING, { model: EMBED_MODEL, input: 'x' }, TIMEOUT);
    await b.invoke('urn:iicp:intent:llm:chat:v1/../../api/pull', chat('hi', { model: '../api/pull' }), TIMEOUT);

    expect(f.calls.every((c) => c.method === 'POST' && (INFERENCE_PATHS as readonly string[]).includes(c.path))).toBe(
      true,
    );
  });
});

describe('what comes back from the backend', () => {
  it('counts the tokens itself when the backend sends no usage: the prompt estimated from the request, the answer from its text', async () => {
    const f = await fake({ usage: false });
    const b = backend(f.url);
    const built = buildBackendRequest(INTENT_CHAT, chat('hi'), b.buildOptions());
    if (!built.ok) throw new Error(built.error.message);
    // The fake echoes "hi": two bytes, one token by the node's estimate.
    expect(await b.invoke(INTENT_CHAT, chat('hi'), TIMEOUT)).toMatchObject({
      ok: true,
      tokensUsed: estimateTokens(built.request.bound.promptBytes) + 1,
    });
  });

  it("holds a usage past what the request could produce to the request's bound, and tells the result so", async () => {
    const server = await serveOnLoopbackJson({
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 4, completion_tokens: 9e15, total_tokens: 9e15 + 4 },
    });
    const result = await backend(server.url).invoke(INTENT_CHAT, chat('hi', { max_tokens: 20 }), TIMEOUT);
    // The answer's part: "ok" is one token by the estimate, four times that and 64 more, but never past max_tokens 20.
    expect(result).toMatchObject({
      ok: true,
      tokensUsed: 24,
      result: { usage: { prompt_tokens: 4, completion_tokens: 20, total_tokens: 24 } },
    });
  });

  it('aborts a response larger than the cap', async () => {
    const f = await fake();
    const result = await backend(f.url, { maxResponseBytes: 1024 }).invoke(
      INTENT_CHAT,
      chat('word '.repeat(1000)),
      TIMEOUT,
    );

    expect(expectError(result, 'bad_response').message).toBe('the backend response exceeded 1024 bytes');
  });

  it('counts the bytes actually received, not a declared Content-Length', async () => {
    const chunk = new Uint8Array(600).fill(0x20);
    const fetchImpl: typeof fetch = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            controller.enqueue(chunk);
          },
        }),
        { status: 200 },
      );
    const result = await backend('http://127.0.0.1:1', { fetchImpl, maxResponseBytes: 1024 }).invoke(
      INTENT_CHAT,
      chat('hi'),
      TIMEOUT,
    );

    expectError(result, 'bad_response');
  });

  it('classifies a 2xx that is not JSON as bad_response', async () => {
    // A server that streams no matter what is the realistic way to get a non-JSON 2xx.
    const fetchImpl: typeof fetch = async () => new Response('data: {}\n\n', { status: 200 });
    const result = await backend('http://127.0.0.1:1', { fetchImpl }).invoke(INTENT_CHAT, chat('hi'), TIMEOUT);

    expectError(result, 'bad_response');
  });

  it('does not follow redirects: a 3xx is an upstream status', async () => {
    let calls = 0;
    const fetchImpl: typeof fetch = async (_url, init) => {
      calls++;
      expect(init?.redirect).toBe('manual');
      return new Response(null, { status: 307, headers: { location: 'http://elsewhere/' } });
    };
    const error = expectError(
      await backend('http://127.0.0.1:1', { fetchImpl }).invoke(INTENT_CHAT, chat('hi'), TIMEOUT),
      'upstream_status',
    );

    expect(error.status).toBe(307);
    expect(calls).toBe(1);
  });

  it('keeps secrets, URL credentials and control characters out of upstream messages, and cuts them at 512', async () => {
    const key = 'sk-very-secret';
    const upstream = `bad key ${key} for http://admin:pw@10.0.0.2:8000/v1 (Bearer ${key})\u0007 ${'x'.repeat(2000)}`;
    const fetchImpl: typeof fetch = async () =>
      new Response(JSON.stringify({ error: { message: upstream } }), { status: 401 });
    const error = expectError(
      await backend('http://127.0.0.1:1', { apiKey: key, fetchImpl }).invoke(INTENT_CHAT, chat('hi'), TIMEOUT),
      'upstream_status',
    );

    expect(error.message).not.toContain(key);
    expect(error.message).not.toContain('admin:pw');
    expect(error.message).not.toContain('\u0007');
    expect(error.message).toContain('bad key [redacted] for http');
    expect(error.message).not.toContain('10.0.0.2');
    expect(error.message.length).toBeLessThanOrEqual('the backend answered HTTP 401: '.length + 512);
  });

  it('does not pass on an HTML error page', async () => {
    const fetchImpl: typeof fetch = async () =>
      new Response('<html><body>502 Bad Gateway</body></html>', { status: 502 });
    const error = expectError(
      await backend('http://127.0.0.1:1', { fetchImpl }).invoke(INTENT_CHAT, chat('hi'), TIMEOUT),
      'upstream_status',
    );

    expect(error.message).toBe('the backend answered HTTP 502');
  });
});

describe('every backend flavour serves tasks through the same three routes', () => {
  it.each(['ollama', 'lmstudio', 'vllm', 'llamacpp'] as const)('%s', async (flavour) => {
    const f = await fake({ flavour, models: [CHAT_MODEL, EMBED_MODEL] });
    const b = backend(f.url, { advertisedModels: () => [CHAT_MODEL, EMBED_MODEL] });

    expect(await b.invoke(INTENT_CHAT, chat('hi'), TIMEOUT)).toMatchObject({ ok: true, tokensUsed: 2 });
    expect(await b.invoke(INTENT_COMPLETION, { prompt: 'hi' }, TIMEOUT)).toMatchObject({ ok: true });
    const embedded = await b.invoke(INTENT_EMBEDDING, { model: EMBED_MODEL, input: 'hi' }, TIMEOUT);
    if (flavour === 'llamacpp') {
      // llama-server runs one model: a chat model's server cannot embed, and says so (the node's fault, not the
      // consumer's).
      expect(expectError(embedded, 'upstream_status')).toMatchObject({ status: 400, consumerFault: false });
    } else expect(embedded).toMatchObject({ ok: true });
    expect(f.calls.map((c) => c.path)).toEqual([...INFERENCE_PATHS]);
  });
});
