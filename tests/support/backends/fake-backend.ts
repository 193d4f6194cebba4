/**
 * Fake local LLM servers on real sockets, speaking the HTTP APIs (and sending the identifying headers) of
 * Ollama, LM Studio, vLLM and llama.cpp. Many tests rely on this API; keep it stable.
 *
 *   const fake = await startFakeBackend({ flavour: 'ollama', models: ['qwen3:8b'] });
 *   … point the node at fake.url (no `/v1`) …
 *   expect(fake.calls.map((c) => c.path)).toEqual(['/v1/chat/completions']);
 *   await fake.close();
 *
 * Options (all but `flavour` and `port` can be changed later with `set`):
 * - `models`: installed models (default `DEFAULT_FAKE_MODELS[flavour]`); `loaded`: resident ones (default
 *   all of `models`). Ollama and LM Studio load a model when it is used, like the real servers.
 * - `latencyMs`: delay before inference routes answer. `hang: true`: every request is accepted and
 *   recorded but never answered (inference requests still count as in flight).
 * - `msPerOutputToken`: generation time, as a real server's grows with what it generates: a chat or completion
 *   answer of N tokens takes N × this longer (so a task asking for a long answer holds its slot longer).
 * - `failStatus`: inference routes answer this status with an OpenAI-style JSON error (429 adds Retry-After).
 * - `apiKey`: every route requires `Authorization: Bearer <key>`, else 401 `{error:{message:'Unauthorized'}}`.
 * - `usage: false`: inference answers carry no `usage`.
 * - `lmstudioStates`: per-model `loaded_instances[].state` in LM Studio's `/api/v1/models` (a model listed
 *   here shows one instance in that state even if not in `loaded`).
 *
 * Every request, on any route, is appended to `calls` (path includes any query string; JSON bodies are
 * parsed), so tests can assert what the node never calls, e.g. Ollama's admin routes (`/api/pull`,
 * `/api/delete`, `/api/create`, `/api/copy`, `/api/push`, `/api/chat`, `/api/generate`), which are served
 * and act like Ollama (pull adds a model, delete removes it).
 *
 * Inference is deterministic: chat echoes the last user message, completion echoes the prompt, both cut to
 * `max_tokens` words (finish_reason 'length'); tokens are counted as whitespace-separated words
 * (`fakeTokenCount`); embeddings are `FAKE_EMBEDDING_DIM` numbers derived from the input (`fakeEmbedding`).
 * `stream: true` is answered as server-sent events, as the real servers do.
 * Unknown models get the server's own 404, except on llama.cpp, which serves its one model whatever is asked.
 * `inFlight`/`maxInFlight` count inference requests between arrival and the end of the response.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Flavour = 'ollama' | 'lmstudio' | 'vllm' | 'llamacpp';

export interface FakeBackendOptions {
  flavour: Flavour;
  models?: string[];
  loaded?: string[];
  latencyMs?: number;
  msPerOutputToken?: number;
  apiKey?: string;
  hang?: boolean;
  failStatus?: number | null;
  usage?: boolean;
  lmstudioStates?: Record<string, string>;
  port?: number;
}

export interface FakeCall {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface FakeBackend {
  /** `http://127.0.0.1:<port>`, without `/v1`, like a URL a person would configure. */
  url: string;
  port: number;
  flavour: Flavour;
  calls: FakeCall[];
  inFlight: number;
  maxInFlight: number;
  setModels(models: string[]): void;
  setLoaded(models: string[]): void;
  set(opts: Partial<FakeBackendOptions>): void;
  close(): Promise<void>;
}

export const DEFAULT_FAKE_MODELS: Readonly<Record<Flavour, readonly string[]>> = Object.freeze({
  ollama: ['llama3.2:3b', 'nomic-embed-text:latest'],
  lmstudio: ['qwen2.5-7b-instruct', 'text-embedding-nomic-embed-text-v1.5'],
  vllm: ['Qwen/Qwen2.5-7B-Instruct'],
  llamacpp: ['Qwen2.5-7B-Instruct-Q4_K_M.gguf'],
});

export const FAKE_EMBEDDING_DIM = 8;
export const FAKE_OLLAMA_VERSION = '0.12.3';
export const FAKE_VLLM_VERSION = '0.11.0';
export const FAKE_CREATED = 1_750_000_000;

/** Inference and admin paths, so tests can say "none of these was called". */
export const INFERENCE_PATHS = ['/v1/chat/completions', '/v1/completions', '/v1/embeddings'] as const;
export const OLLAMA_ADMIN_PATHS = [
  '/api/pull',
  '/api/delete',
  '/api/chat',
  '/api/generate',
  '/api/create',
  '/api/copy',
  '/api/push',
] as const;

export function fakeTokenCount(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

/** A deterministic vector for `text`: FNV-1a of (index, text) mapped into [-1, 1]. */
export function fakeEmbedding(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < FAKE_EMBEDDING_DIM; i++) {
    let h = 0x811c9dc5 ^ i;
    for (const ch of text) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 0x01000193);
    out.push(Math.round((((h >>> 0) / 0xffffffff) * 2 - 1) * 1e6) / 1e6);
  }
  return out;
}

type State = Required<Omit<FakeBackendOptions, 'port' | 'apiKey' | 'flavour'>> & { apiKey: string | undefined };
type Json = Record<string, unknown>;
type Handler = (ctx: Ctx) => void | Promise<void>;

interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  body: unknown;
  state: State;
  flavour: Flavour;
}

const FLAVOUR_HEADERS: Record<Flavour, Record<string, string>> = {
  // Ollama (Go, gin) sends no Server header at all: that absence is part of its fingerprint.
  ollama: {},
  lmstudio: { 'X-Powered-By': 'Express', 'Access-Control-Allow-Origin': '*' },
  // uvicorn writes its header names in lower case.
  vllm: { server: 'uvicorn' },
  llamacpp: { Server: 'llama.cpp' },
};

const JSON_TYPE: Record<Flavour, string> = {
  ollama: 'application/json; charset=utf-8',
  lmstudio: 'application/json; charset=utf-8',
  vllm: 'application/json',
  llamacpp: 'application/json; charset=utf-8',
};

export async function startFakeBackend(opts: FakeBackendOptions): Promise<FakeBackend> {
  const flavour = opts.flavour;
  const models = [...(opts.models ?? DEFAULT_FAKE_MODELS[flavour])];
  const state: State = {
    models,
    loaded: [...(opts.loaded ?? models)],
    latencyMs: opts.latencyMs ?? 0,
    msPerOutputToken: opts.msPerOutputToken ?? 0,
    apiKey: opts.apiKey,
    hang: opts.hang ?? false,
    failStatus: opts.failStatus ?? null,
    usage: opts.usage ?? true,
    lmstudioStates: { ...(opts.lmstudioStates ?? {}) },
  };
  const routes = routesFor(flavour);

  const handle: FakeBackend = {
    url: '',
    port: 0,
    flavour,
    calls: [],
    inFlight: 0,
    maxInFlight: 0,
    setModels: (m) => {
      state.models = [...m];
    },
    setLoaded: (m) => {
      state.loaded = [...m];
    },
    set: (patch) => {
      const { flavour: _f, port: _p, ...rest } = patch;
      if (rest.models) state.models = [...rest.models];
      if (rest.loaded) state.loaded = [...rest.loaded];
      if (rest.latencyMs !== undefined) state.latencyMs = rest.latencyMs;
      if (rest.msPerOutputToken !== undefined) state.msPerOutputToken = rest.msPerOutputToken;
      if ('apiKey' in rest) state.apiKey = rest.apiKey;
      if (rest.hang !== undefined) state.hang = rest.hang;
      if (rest.failStatus !== undefined) state.failStatus = rest.failStatus;
      if (rest.usage !== undefined) state.usage = rest.usage;
      if (rest.lmstudioStates) state.lmstudioStates = { ...rest.lmstudioStates };
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server: Server = createServer((req, res) => {
    void serve(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readAll(req);
    const path = req.url ?? '/';
    const body = parseBody(raw);
    handle.calls.push({ method: req.method ?? 'GET', path, headers: { ...req.headers }, body });

    const pathname = new URL(path, 'http://fake').pathname;
    const key = `${req.method ?? 'GET'} ${pathname}`;
    const inference = (INFERENCE_PATHS as readonly string[]).includes(pathname) && req.method === 'POST';
    if (inference) {
      handle.inFlight++;
      handle.maxInFlight = Math.max(handle.maxInFlight, handle.inFlight);
      res.once('close', () => {
        handle.inFlight--;
      });
    }
    if (state.hang) return;

    if (state.apiKey !== undefined && req.headers.authorization !== `Bearer ${state.apiKey}`) {
      return sendJson(res, flavour, 401, { error: { message: 'Unauthorized' } });
    }
    if (inference) {
      if (state.latencyMs > 0) await sleep(state.latencyMs);
      if (state.msPerOutputToken > 0 && pathname !== '/v1/embeddings') await sleep(outputTokens(body) * state.msPerOutputToken);
      if (res.destroyed) return;
      if (state.failStatus !== null) return sendFailure(res, flavour, state.failStatus);
    }
    const route = routes.get(key);
    if (!route) return notFound(res, flavour, req.method ?? 'GET', pathname);
    await route({ req, res, body, state, flavour });
  }

  server.keepAliveTimeout = 30_000;
  server.listen(opts.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  handle.port = port;
  handle.url = `http://127.0.0.1:${port}`;
  return handle;
}

function routesFor(flavour: Flavour): Map<string, Handler> {
  const r = new Map<string, Handler>();
  r.set('POST /v1/chat/completions', chatCompletions);
  r.set('POST /v1/completions', completions);
  r.set('POST /v1/embeddings', embeddings);
  r.set('GET /v1/models', v1Models);
  if (flavour === 'ollama' || flavour === 'lmstudio') {
    r.set('GET /api/version', ({ res }) => sendJson(res, flavour, 200, { version: FAKE_OLLAMA_VERSION }));
    r.set('GET /api/tags', apiTags);
  }
  if (flavour === 'ollama') {
    r.set('GET /', ({ res }) => sendText(res, 200, 'Ollama is running'));
    r.set('GET /api/ps', apiPs);
    r.set('POST /api/pull', ({ res, body, state }) => {
      const name = modelField(body, 'model') ?? modelField(body, 'name');
      if (name && !state.models.includes(name)) state.models.push(name);
      sendJson(res, flavour, 200, { status: 'success' });
    });
    r.set('DELETE /api/delete', ({ res, body, state }) => {
      const name = modelField(body, 'model') ?? modelField(body, 'name');
      if (!name || !state.models.includes(name)) {
        return sendJson(res, flavour, 404, { error: `model '${name ?? ''}' not found` });
      }
      state.models = state.models.filter((m) => m !== name);
      state.loaded = state.loaded.filter((m) => m !== name);
      res.writeHead(200).end();
    });
    r.set('POST /api/chat', ({ res, body, state }) => {
      const model = modelField(body, 'model') ?? '';
      sendJson(res, flavour, 200, {
        model,
        created_at: new Date(FAKE_CREATED * 1000).toISOString(),
        message: { role: 'assistant', content: lastUserText(body) },
        done: true,
        done_reason: 'stop',
      });
      markLoaded(state, model);
    });
    r.set('POST /api/generate', ({ res, body }) =>
      sendJson(res, flavour, 200, {
        model: modelField(body, 'model') ?? '',
        created_at: new Date(FAKE_CREATED * 1000).toISOString(),
        response: stringField(body, 'prompt'),
        done: true,
      }),
    );
    r.set('POST /api/create', ({ res }) => sendJson(res, flavour, 200, { status: 'success' }));
    r.set('POST /api/copy', ({ res }) => {
      res.writeHead(200).end();
    });
    r.set('POST /api/push', ({ res }) => sendJson(res, flavour, 200, { status: 'success' }));
    r.set('POST /api/show', ({ res, body }) =>
      sendJson(res, flavour, 200, {
        modelfile: '',
        parameters: '',
        template: '{{ .Prompt }}',
        details: ollamaDetails(modelField(body, 'model') ?? ''),
        capabilities: ['completion'],
      }),
    );
  }
  if (flavour === 'lmstudio') r.set('GET /api/v1/models', lmStudioModels);
  if (flavour === 'vllm') {
    r.set('GET /health', ({ res }) => {
      res.writeHead(200, { ...FLAVOUR_HEADERS.vllm, 'content-length': '0' }).end();
    });
    r.set('GET /version', ({ res }) => sendJson(res, flavour, 200, { version: FAKE_VLLM_VERSION }));
  }
  if (flavour === 'llamacpp') {
    r.set('GET /health', ({ res }) => sendJson(res, flavour, 200, { status: 'ok' }));
    r.set('GET /props', ({ res, state }) =>
      sendJson(res, flavour, 200, {
        default_generation_settings: { n_ctx: 4096, params: { temperature: 0.8, top_p: 0.95, n_predict: -1 } },
        total_slots: 1,
        model_path: `/models/${state.models[0] ?? 'model.gguf'}`,
        chat_template: '{% for message in messages %}{{ message.content }}{% endfor %}',
        build_info: 'b6000-fake',
      }),
    );
  }
  return r;
}

// ---- route handlers -------------------------------------------------------------------------------

function chatCompletions(ctx: Ctx): void {
  const { res, body, state, flavour } = ctx;
  const model = resolveModel(ctx);
  if (model === null) return;
  const messages = isObject(body) && Array.isArray(body.messages) ? body.messages : [];
  const { text, finish } = truncate(lastUserText(body), maxTokens(body));
  const promptTokens = messages.reduce<number>((n, m) => n + fakeTokenCount(contentText(m)), 0);
  const id = `chatcmpl-fake-${ctx.req.socket.remotePort ?? 0}`;
  if (isObject(body) && body.stream === true) {
    return sendSse(res, flavour, [
      { id, object: 'chat.completion.chunk', created: FAKE_CREATED, model, choices: [{ index: 0, delta: { role: 'assistant', content: text }, finish_reason: null }] },
      { id, object: 'chat.completion.chunk', created: FAKE_CREATED, model, choices: [{ index: 0, delta: {}, finish_reason: finish }] },
    ]);
  }
  sendJson(res, flavour, 200, {
    id,
    object: 'chat.completion',
    created: FAKE_CREATED,
    model,
    ...(flavour === 'ollama' ? { system_fingerprint: 'fp_ollama' } : {}),
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: finish }],
    ...usage(state, promptTokens, fakeTokenCount(text)),
  });
  markLoaded(state, model);
}

function completions(ctx: Ctx): void {
  const { res, body, state, flavour } = ctx;
  const model = resolveModel(ctx);
  if (model === null) return;
  const prompt = stringField(body, 'prompt');
  const { text, finish } = truncate(prompt, maxTokens(body));
  const id = `cmpl-fake-${ctx.req.socket.remotePort ?? 0}`;
  if (isObject(body) && body.stream === true) {
    return sendSse(res, flavour, [
      { id, object: 'text_completion', created: FAKE_CREATED, model, choices: [{ index: 0, text, finish_reason: finish }] },
    ]);
  }
  sendJson(res, flavour, 200, {
    id,
    object: 'text_completion',
    created: FAKE_CREATED,
    model,
    choices: [{ index: 0, text, logprobs: null, finish_reason: finish }],
    ...usage(state, fakeTokenCount(prompt), fakeTokenCount(text)),
  });
  markLoaded(state, model);
}

function embeddings(ctx: Ctx): void {
  const { res, body, state, flavour } = ctx;
  const model = resolveModel(ctx);
  if (model === null) return;
  const input = isObject(body) ? body.input : undefined;
  const inputs = typeof input === 'string' ? [input] : Array.isArray(input) ? input.filter((i) => typeof i === 'string') : [];
  const promptTokens = inputs.reduce((n, i) => n + fakeTokenCount(i), 0);
  sendJson(res, flavour, 200, {
    object: 'list',
    data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text) })),
    model,
    ...(state.usage ? { usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } } : {}),
  });
  markLoaded(state, model);
}

function v1Models({ res, state, flavour }: Ctx): void {
  const ownedBy = { ollama: 'library', lmstudio: 'organization_owner', vllm: 'vllm', llamacpp: 'llamacpp' }[flavour];
  const data = state.models.map((id) => ({
    id,
    object: 'model',
    created: FAKE_CREATED,
    owned_by: ownedBy,
    ...(flavour === 'vllm' ? { root: id, parent: null, max_model_len: 32768, permission: [] } : {}),
    ...(flavour === 'llamacpp' ? { meta: { vocab_type: 2, n_ctx_train: 32768, n_params: 7_615_616_512 } } : {}),
  }));
  const llamaModels =
    flavour === 'llamacpp'
      ? { models: state.models.map((m) => ({ name: m, model: m, type: 'model', capabilities: ['completion'] })) }
      : {};
  sendJson(res, flavour, 200, { object: 'list', data, ...llamaModels });
}

function apiTags({ res, state, flavour }: Ctx): void {
  sendJson(res, flavour, 200, {
    models: state.models.map((name) => ({
      name,
      model: name,
      modified_at: new Date(FAKE_CREATED * 1000).toISOString(),
      size: 2_019_393_189,
      digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
      details: ollamaDetails(name),
    })),
  });
}

function apiPs({ res, state, flavour }: Ctx): void {
  sendJson(res, flavour, 200, {
    models: state.loaded.map((name) => ({
      name,
      model: name,
      size: 3_619_393_189,
      digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
      details: ollamaDetails(name),
      expires_at: new Date((FAKE_CREATED + 300) * 1000).toISOString(),
      size_vram: 3_619_393_189,
      context_length: 4096,
    })),
  });
}

function lmStudioModels({ res, state, flavour }: Ctx): void {
  sendJson(res, flavour, 200, {
    data: state.models.map((id) => {
      const explicit = state.lmstudioStates[id];
      const instances =
        explicit !== undefined ? [{ id, state: explicit }] : state.loaded.includes(id) ? [{ id, state: 'loaded' }] : [];
      return {
        id,
        key: id,
        type: id.toLowerCase().includes('embed') ? 'embeddings' : 'llm',
        publisher: 'lmstudio-community',
        max_context_length: 32768,
        loaded_instances: instances,
      };
    }),
  });
}

// ---- helpers --------------------------------------------------------------------------------------

/** The model an inference request is for, or null after answering the way the real server does. */
function resolveModel({ res, body, state, flavour }: Ctx): string | null {
  if (!isObject(body)) {
    sendJson(res, flavour, 400, openAiError('invalid JSON body', 'invalid_request_error', flavour === 'vllm' ? 400 : null));
    return null;
  }
  const model = typeof body.model === 'string' ? body.model : '';
  // llama-server has exactly one model and ignores the field.
  if (flavour === 'llamacpp') return model || (state.models[0] ?? 'model.gguf');
  if (!model) {
    sendJson(res, flavour, 400, openAiError('model is required', 'invalid_request_error', flavour === 'vllm' ? 400 : null));
    return null;
  }
  if (!state.models.includes(model)) {
    const message =
      flavour === 'ollama'
        ? `model "${model}" not found, try pulling it first`
        : flavour === 'vllm'
          ? `The model \`${model}\` does not exist.`
          : `Model "${model}" not found. Please download it first.`;
    const payload =
      flavour === 'vllm'
        ? { object: 'error', message, type: 'NotFoundError', param: null, code: 404 }
        : openAiError(message, flavour === 'ollama' ? 'api_error' : 'invalid_request_error', null);
    sendJson(res, flavour, 404, payload);
    return null;
  }
  return model;
}

function markLoaded(state: State, model: string): void {
  if (state.models.includes(model) && !state.loaded.includes(model)) state.loaded.push(model);
}

function usage(state: State, prompt: number, completion: number): Json {
  return state.usage ? { usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } } : {};
}

function truncate(text: string, limit: number | null): { text: string; finish: 'stop' | 'length' } {
  if (limit === null || fakeTokenCount(text) <= limit) return { text, finish: 'stop' };
  return { text: text.trim().split(/\s+/).slice(0, Math.max(0, limit)).join(' '), finish: 'length' };
}

/** Tokens a chat or completion answer to `body` has (what the route handlers generate). */
function outputTokens(body: unknown): number {
  const source = isObject(body) && typeof body.prompt === 'string' ? body.prompt : lastUserText(body);
  return fakeTokenCount(truncate(source, maxTokens(body)).text);
}

function maxTokens(body: unknown): number | null {
  if (!isObject(body)) return null;
  const v = body.max_tokens ?? body.max_completion_tokens;
  return typeof v === 'number' ? v : null;
}

function lastUserText(body: unknown): string {
  const messages = isObject(body) && Array.isArray(body.messages) ? body.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m: unknown = messages[i];
    if (isObject(m) && m.role === 'user') return contentText(m);
  }
  return '';
}

function contentText(message: unknown): string {
  if (!isObject(message)) return '';
  const content = message.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => (isObject(part) && part.type === 'text' && typeof part.text === 'string' ? part.text : ''))
    .filter((t) => t !== '')
    .join(' ');
}

function ollamaDetails(name: string): Json {
  return {
    parent_model: '',
    format: 'gguf',
    family: name.split(/[:.\d]/)[0] ?? 'llama',
    families: [name.split(/[:.\d]/)[0] ?? 'llama'],
    parameter_size: '3.2B',
    quantization_level: 'Q4_K_M',
  };
}

function openAiError(message: string, type: string, code: number | null): Json {
  return { error: { message, type, param: null, code } };
}

function sendFailure(res: ServerResponse, flavour: Flavour, status: number): void {
  const extra: Record<string, string> = status === 429 ? { 'Retry-After': '1' } : {};
  const message = status === 429 ? 'Rate limit reached, please retry later' : `fake upstream failure (${status})`;
  const type = status === 429 ? 'rate_limit_error' : status >= 500 ? 'server_error' : 'invalid_request_error';
  sendJson(res, flavour, status, openAiError(message, type, status), extra);
}

function notFound(res: ServerResponse, flavour: Flavour, method: string, path: string): void {
  if (flavour === 'ollama') return sendText(res, 404, '404 page not found');
  if (flavour === 'vllm') return sendJson(res, flavour, 404, { detail: 'Not Found' });
  if (flavour === 'llamacpp') return sendJson(res, flavour, 404, { error: { code: 404, message: 'File Not Found', type: 'not_found_error' } });
  sendJson(res, flavour, 404, { error: `Unexpected endpoint or method. (${method} ${path})` });
}

function sendJson(res: ServerResponse, flavour: Flavour, status: number, body: unknown, extra: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...FLAVOUR_HEADERS[flavour],
    ...extra,
    'Content-Type': JSON_TYPE[flavour],
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendSse(res: ServerResponse, flavour: Flavour, chunks: unknown[]): void {
  res.writeHead(200, { ...FLAVOUR_HEADERS[flavour], 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  for (const chunk of chunks) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
  res.end('data: [DONE]\n\n');
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function modelField(body: unknown, key: string): string | null {
  return isObject(body) && typeof body[key] === 'string' ? body[key] : null;
}

function stringField(body: unknown, key: string): string {
  return modelField(body, key) ?? '';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
