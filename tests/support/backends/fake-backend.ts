/**
 * Fake local LLM servers on real sockets, speaking the HTTP APIs (and sending the identifying headers) of
 * Ollama (0.12), LM Studio (0.3), vLLM (0.11) and llama.cpp's llama-server (b4748, Feb 2025), honest to the real
 * servers rather than to our node. Many tests rely on this API; keep it stable.
 *
 *   const fake = await startFakeBackend({ flavour: 'ollama', models: ['qwen3:8b'] });
 *   … point the node at fake.url (no `/v1`) …
 *   expect(fake.calls.map((c) => c.path)).toEqual(['/v1/chat/completions']);
 *   await fake.close();
 *
 * Options (all but `flavour` and `port` can be changed later with `set`):
 * - `models`: installed models (default `DEFAULT_FAKE_MODELS[flavour]`); `loaded`: resident ones (default
 *   all of `models`). Ollama and LM Studio load a model when it is used, like the real servers. llama.cpp
 *   serves `models[0]` only: it is the `-m` path (tests pass e.g. `/home/alice/models/x.gguf`), which
 *   `/v1/models` shows as the id and `/props` as `model_path`; `alias` (`--alias`) replaces the id.
 * - `modelFacts`: per model `{ kind, vision, tools, contextLength, parameterCount }`, reported the way each server
 *   does (Ollama `/api/show` `capabilities`, `details.parameter_size`, `model_info`; LM Studio `/api/v0/models`
 *   `type`/`max_context_length`; vLLM `max_model_len`; llama.cpp `meta`). Left out: a name with "embed" is an
 *   embedding model (on llama.cpp only `embeddings` makes one: a file name decides nothing there), a vision name
 *   (vl, llava, …) a vision model, no tools, 32768 tokens of trained context.
 *   `thinks` makes a reasoning model (fake-thinking.ts): Ollama lists `thinking`, llama.cpp's `/props` shows its chat
 *   template, and each server honours or refuses a thinking setting as the real one does.
 *   Chat on an embedding model gets the server's refusal (Ollama 400 "… does not support chat", LM Studio 404
 *   "Model is not llm.", vLLM 400 "The model does not support Chat Completions API"); embeddings on a chat
 *   model too (llama.cpp 400 "Pooling type 'none' is not OAI compatible…", LM Studio 404, vLLM 400).
 * - `latencyMs`: delay before inference routes answer. `answerDelayMs`: delay before every route answers (a busy or
 *   slow server: its model list too), counted from the request's arrival, so lowering it with `set` releases the
 *   requests waiting (within 20 ms). `hang: true`: every request is accepted and
 *   recorded but never answered (inference requests still count as in flight). `holdInference`: inference
 *   requests are held open (in flight) while it is true, or while it returns true for the call, until
 *   `set({ holdInference: false })` lets them answer (within 20 ms): a long task without waiting for it in real time.
 * - Generation (fake-generation.ts has each server's rules and sources): the answer is the echo (chat: the last
 *   user message; completion: the prompt); `naturalTokens` is how many tokens a model says before it stops on its
 *   own (default: the echo's length; more repeats the echo word by word). Each server's limit fields, defaults
 *   and errors apply: llama.cpp `n_predict` before `max_tokens` (no `max_completion_tokens`; -1/none = no limit),
 *   `ignore_eos`, `n` ≠ 1 → 500; vLLM `max_completion_tokens`/`max_tokens`, `n`, `min_tokens`, `ignore_eos`, no limit
 *   = context − prompt; Ollama `/v1` `max_tokens` only; LM Studio `max_tokens` (-1 = none). Unlimited generation
 *   is bounded by the context (and never exceeds MAX_FAKE_GENERATED tokens). `usage.completion_tokens` and
 *   `calls[i].generatedTokens` are the generated count (all choices), `calls[i].finishReason` why it ended,
 *   `calls[i].promptTokens` the prompt as processed. vLLM's errors have 0.11's `{error:{message,type,param,code}}`.
 * - `msPerOutputToken`: generation time: an answer of N generated tokens takes N × this longer.
 * - `contextLength`: the served context: llama.cpp `-c` (default 4096; `/props` `default_generation_settings.n_ctx`),
 *   vLLM `--max-model-len` (`/v1/models` `max_model_len`; default the model's), LM Studio the loaded context
 *   (`max_context_length`; default the model's), Ollama `num_ctx` (default 4096; `/api/ps` `context_length`; also
 *   `model_info["<arch>.context_length"]` unless `modelFacts` says). Too long a prompt: llama.cpp truncates it
 *   (`contextShift`, default true as in b4748) or answers 400 (`contextShift: false`); vLLM 400; Ollama truncates.
 * - llama.cpp only: `embeddings: true` (`--embeddings`): chat and completions → 501 "This server does not support
 *   completions. Start it without `--embeddings`" and, as its model is an embedding model (BERT vocabulary
 * without EOS), `/props` → 500; an input over 512 tokens or the context → 500 (fake-generation.ts). `loading: true`:
 * every route answers 503 "Loading model" (`set({ loading:
 *   false })` to finish). `buildInfo` (default FAKE_LLAMACPP_BUILD): `/props` `build_info`, `system_fingerprint`.
 *   b4748 has no `/version`. `apiKey` spares `/health`, `/models`, `/v1/models` and answers 401 "Invalid API Key".
 * - Connections (fake-connections.ts): `httpWorkers` connections are served at once (llama.cpp default 3,
 *   cpp-httplib's threads; others unlimited); a further connection is accepted but not read until a worker is
 *   free. `keepAliveIdleMs` closes a connection idle that long (llama.cpp 5000, others 30000). `nagle` (llama.cpp
 *   default true): Nagle on and header and body in separate writes, so a reused keep-alive connection stalls
 *   ~40 ms per answer on Linux. llama.cpp also closes a connection after 100 requests, advertises
 *   `Keep-Alive: timeout=5, max=100` and sends no `Date`. Counters: `openConnections`, `maxOpenConnections`,
 *   `waitingConnections`.
 * - `failStatus`: inference routes answer this status with an OpenAI-style JSON error (429 adds Retry-After).
 * - Ollama, hostile: `showBytes` pads the `/api/show` answer of the models it names with a `license` that long (one
 *   model's description over the node's cap); `pull.layers` and `pull.setback` make a pull of several layers whose
 *   counts go back (fake-types.ts).
 * - `apiKey`: every route requires `Authorization: Bearer <key>`, else 401 `{error:{message:'Unauthorized'}}`
 *   (llama.cpp: its own public routes and body, above).
 * - `usage: false`: inference answers carry no `usage`.
 * - `lmstudioStates`: per-model `loaded_instances[].state` in LM Studio's `/api/v1/models` (a model listed
 *   here shows one instance in that state even if not in `loaded`).
 *
 * Every request, on any route, is appended to `calls` (path includes any query string; JSON bodies are
 * parsed), so tests can assert what the node never calls, e.g. Ollama's admin routes (`/api/pull`,
 * `/api/delete`, `/api/create`, `/api/copy`, `/api/push`, `/api/chat`, `/api/generate`), which are served
 * and act like Ollama (pull adds a model, delete removes it).
 *
 * Tokens are whitespace-separated words (`fakeTokenCount`); embeddings are `FAKE_EMBEDDING_DIM` numbers derived
 * from the input (`fakeEmbedding`). `stream: true` is answered as server-sent events, as the real servers do.
 * Unknown models get the server's own 404, except on llama.cpp, which serves its one model whatever is asked.
 * `inFlight`/`maxInFlight` count inference requests between arrival and the end of the response.
 * A server can be killed and restarted: `close()`, then `startFakeBackend({ ...sameOptions, port: old.port })`.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { ConnectionFront, writeBody } from './fake-connections';
import {
  FAKE_CREATED,
  FAKE_CREATED_ISO,
  FAKE_EMBEDDING_DIM,
  FAKE_LLAMACPP_BUILD,
  FAKE_OLLAMA_VERSION,
  FAKE_VLLM_VERSION,
} from './fake-constants';
import {
  factsOf,
  llamaCppMeta,
  lmStudioType,
  lmStudioV0Models,
  ollamaDetails,
  ollamaShow,
  reportedContext,
  servedContext,
} from './fake-facts';
import {
  chatRefusal,
  embeddingRefusal,
  llamaCppEmbeddingLimit,
  llamaCppError,
  planGeneration,
  vllmError,
  type Endpoint,
  type Refusal,
} from './fake-generation';
import type { FakeBackend, FakeBackendOptions, FakeCall, Flavour, State } from './fake-types';
import { templateFor, thinksOf, thoughtFor } from './fake-thinking';
import {
  type Json,
  chatPromptTokens,
  fakeTokenCount,
  isObject,
  lastUserText,
  modelField,
  parseBody,
  readAll,
  sleep,
  stringField,
} from './fake-util';

export type { FakeBackend, FakeBackendOptions, FakeCall, FakeModelFacts, Flavour } from './fake-types';
export {
  FAKE_CREATED,
  FAKE_EMBEDDING_DIM,
  FAKE_LLAMACPP_BUILD,
  FAKE_OLLAMA_VERSION,
  FAKE_VLLM_VERSION,
} from './fake-constants';
export { MAX_FAKE_GENERATED } from './fake-generation';
export { fakeTokenCount } from './fake-util';

export const DEFAULT_FAKE_MODELS: Readonly<Record<Flavour, readonly string[]>> = Object.freeze({
  ollama: ['llama3.2:3b', 'nomic-embed-text:latest'],
  lmstudio: ['qwen2.5-7b-instruct', 'text-embedding-nomic-embed-text-v1.5'],
  vllm: ['Qwen/Qwen2.5-7B-Instruct'],
  llamacpp: ['Qwen2.5-7B-Instruct-Q4_K_M.gguf'],
});

/** The one layer a fake pull fetches unless `pull.layers` says otherwise (qwen2.5:7b's model blob). */
const FAKE_PULL_LAYER_BYTES = 4_683_073_184;

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

/** llama-server's `DEFAULT_OAICOMPAT_MODEL`: the `model` of an answer to a request that names none (no alias). */
export const LLAMACPP_DEFAULT_OAICOMPAT_MODEL = 'gpt-3.5-turbo';

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

type Handler = (ctx: Ctx) => void | Promise<void>;

interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  body: unknown;
  state: State;
  flavour: Flavour;
  call: FakeCall;
  json(status: number, body: unknown, extra?: Record<string, string>): void;
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

const LLAMACPP_PUBLIC_PATHS = new Set(['/health', '/models', '/v1/models', '/']);

export async function startFakeBackend(opts: FakeBackendOptions): Promise<FakeBackend> {
  const flavour = opts.flavour;
  const llama = flavour === 'llamacpp';
  const models = [...(opts.models ?? DEFAULT_FAKE_MODELS[flavour])];
  const state: State = {
    models,
    loaded: [...(opts.loaded ?? models)],
    latencyMs: opts.latencyMs ?? 0,
    answerDelayMs: opts.answerDelayMs ?? 0,
    msPerOutputToken: opts.msPerOutputToken ?? 0,
    apiKey: opts.apiKey,
    hang: opts.hang ?? false,
    holdInference: opts.holdInference ?? false,
    failStatus: opts.failStatus ?? null,
    usage: opts.usage ?? true,
    lmstudioStates: { ...(opts.lmstudioStates ?? {}) },
    naturalTokens: opts.naturalTokens ?? null,
    contextLength: opts.contextLength ?? null,
    contextShift: opts.contextShift ?? true,
    alias: opts.alias ?? null,
    embeddings: opts.embeddings ?? false,
    loading: opts.loading ?? false,
    buildInfo: opts.buildInfo ?? FAKE_LLAMACPP_BUILD,
    pull: {
      steps: opts.pull?.steps ?? 4,
      stepMs: opts.pull?.stepMs ?? 0,
      fail: opts.pull?.fail ?? null,
      refuse: opts.pull?.refuse ?? null,
      layers: [...(opts.pull?.layers ?? [FAKE_PULL_LAYER_BYTES])],
      setback: opts.pull?.setback ?? false,
    },
    pullsCancelled: 0,
    modelFacts: { ...(opts.modelFacts ?? {}) },
    showBytes: { ...(opts.showBytes ?? {}) },
    httpWorkers: opts.httpWorkers ?? (llama ? 3 : Infinity),
    keepAliveIdleMs: opts.keepAliveIdleMs ?? (llama ? 5000 : 30_000),
    nagle: opts.nagle ?? llama,
    thinking: opts.thinking ?? null,
    thinkingField: opts.thinkingField ?? (llama || flavour === 'lmstudio' ? 'reasoning_content' : 'reasoning'),
  };
  const routes = routesFor(flavour);

  const handle: FakeBackend = {
    url: '',
    port: 0,
    flavour,
    calls: [],
    inFlight: 0,
    maxInFlight: 0,
    openConnections: 0,
    maxOpenConnections: 0,
    waitingConnections: 0,
    get models() {
      return [...state.models];
    },
    get pullsCancelled() {
      return state.pullsCancelled;
    },
    setModels: (m) => {
      state.models = [...m];
    },
    setLoaded: (m) => {
      state.loaded = [...m];
    },
    set: (patch) => {
      const {
        flavour: _f,
        port: _p,
        models: m,
        loaded: l,
        lmstudioStates: ls,
        modelFacts: mf,
        showBytes: sb,
        pull,
        ...rest
      } = patch;
      if (pull) {
        const p = state.pull;
        state.pull = {
          steps: pull.steps ?? p.steps,
          stepMs: pull.stepMs ?? p.stepMs,
          fail: pull.fail ?? p.fail,
          refuse: pull.refuse ?? p.refuse,
          layers: [...(pull.layers ?? p.layers)],
          setback: pull.setback ?? p.setback,
        };
      }
      if (m) state.models = [...m];
      if (l) state.loaded = [...l];
      if (ls) state.lmstudioStates = { ...ls };
      if (mf) state.modelFacts = { ...mf };
      if (sb) state.showBytes = { ...sb };
      for (const [key, value] of Object.entries(rest)) {
        if (value !== undefined || key === 'apiKey') (state as unknown as Record<string, unknown>)[key] = value;
      }
      front.pump();
    },
    close: async () => {
      await front.close();
    },
  };

  const http = createServer((req, res) => {
    void serve(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  // The idle timeout is the front's (it also covers a connection that never sends a request); node's own is off.
  http.keepAliveTimeout = 0;
  const front = new ConnectionFront(
    http,
    () => ({
      workers: state.httpWorkers,
      idleMs: state.keepAliveIdleMs,
      nagle: state.nagle,
      maxRequests: llama ? 100 : 0,
    }),
    handle,
  );

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (llama) res.sendDate = false;
    const raw = await readAll(req);
    const path = req.url ?? '/';
    const body = parseBody(raw);
    const call: FakeCall = { method: req.method ?? 'GET', path, headers: { ...req.headers }, body };
    handle.calls.push(call);

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
    for (const arrived = Date.now(); state.answerDelayMs > 0 && Date.now() - arrived < state.answerDelayMs;) {
      await sleep(Math.min(20, state.answerDelayMs - (Date.now() - arrived)));
      if (res.destroyed) return;
    }
    const json = (status: number, payload: unknown, extra: Record<string, string> = {}) =>
      sendJson(res, { flavour, state }, status, payload, extra);

    if (llama && state.loading) {
      // server.cpp middleware_server_state: every route while the model loads (the web UI gets an HTML page).
      if (pathname === '/' || pathname.endsWith('.html'))
        return sendText(res, 503, '<html><body>Loading model…</body></html>', 'text/html; charset=utf-8');
      return json(503, llamaCppError(503, 'Loading model').body);
    }
    if (state.apiKey !== undefined && req.headers.authorization !== `Bearer ${state.apiKey}`) {
      if (!llama) return json(401, { error: { message: 'Unauthorized' } });
      if (!LLAMACPP_PUBLIC_PATHS.has(pathname)) return json(401, llamaCppError(401, 'Invalid API Key').body);
    }
    if (inference) {
      while (holds(state.holdInference, call) && !res.destroyed) await sleep(20);
      if (state.latencyMs > 0) await sleep(state.latencyMs);
      if (res.destroyed) return;
      if (state.failStatus !== null) return sendFailure(json, state.failStatus);
    }
    const route = routes.get(key);
    if (!route) return notFound(res, json, flavour, req.method ?? 'GET', pathname);
    await route({ req, res, body, state, flavour, call, json });
  }

  handle.port = await front.listen(opts.port ?? 0);
  handle.url = `http://127.0.0.1:${handle.port}`;
  return handle;
}

function holds(hold: State['holdInference'], call: FakeCall): boolean {
  return typeof hold === 'function' ? hold(call) : hold;
}

function routesFor(flavour: Flavour): Map<string, Handler> {
  const r = new Map<string, Handler>();
  r.set('POST /v1/chat/completions', (ctx) => generation(ctx, 'chat'));
  r.set('POST /v1/completions', (ctx) => generation(ctx, 'completion'));
  r.set('POST /v1/embeddings', embeddings);
  r.set('GET /v1/models', v1Models);
  if (flavour === 'ollama' || flavour === 'lmstudio') {
    r.set('GET /api/version', ({ json }) => json(200, { version: FAKE_OLLAMA_VERSION }));
    r.set('GET /api/tags', apiTags);
  }
  if (flavour === 'ollama') {
    r.set('GET /', ({ res }) => sendText(res, 200, 'Ollama is running'));
    r.set('GET /api/ps', apiPs);
    r.set('POST /api/pull', apiPull);
    r.set('DELETE /api/delete', ({ res, json, body, state }) => {
      const name = modelField(body, 'model') ?? modelField(body, 'name');
      if (!name || !state.models.includes(name)) return json(404, { error: `model '${name ?? ''}' not found` });
      state.models = state.models.filter((m) => m !== name);
      state.loaded = state.loaded.filter((m) => m !== name);
      res.writeHead(200).end();
    });
    r.set('POST /api/chat', ({ json, body, state }) => {
      const model = modelField(body, 'model') ?? '';
      json(200, {
        model,
        created_at: FAKE_CREATED_ISO,
        message: { role: 'assistant', content: lastUserText(body) },
        done: true,
        done_reason: 'stop',
      });
      markLoaded(state, model);
    });
    r.set('POST /api/generate', ({ json, body, state }) => {
      const model = modelField(body, 'model') ?? '';
      // Ollama's documented way to unload a model: no prompt and `keep_alive: 0` (server/routes.go GenerateHandler
      // answers with done_reason "unload").
      const keepAlive = isObject(body) ? body.keep_alive : undefined;
      if ((keepAlive === 0 || keepAlive === '0') && !stringField(body, 'prompt')) {
        state.loaded = state.loaded.filter((m) => m !== model);
        return json(200, { model, created_at: FAKE_CREATED_ISO, response: '', done: true, done_reason: 'unload' });
      }
      json(200, { model, created_at: FAKE_CREATED_ISO, response: stringField(body, 'prompt'), done: true });
    });
    r.set('POST /api/create', ({ json }) => json(200, { status: 'success' }));
    r.set('POST /api/copy', ({ res }) => {
      res.writeHead(200).end();
    });
    r.set('POST /api/push', ({ json }) => json(200, { status: 'success' }));
    r.set('POST /api/show', ({ json, body, state }) => {
      const name = modelField(body, 'model') ?? modelField(body, 'name') ?? '';
      // server/routes.go ShowHandler.
      if (!state.models.includes(name)) return json(404, { error: `model '${name}' not found` });
      const license = state.showBytes[name];
      json(
        200,
        license === undefined ? ollamaShow(state, name) : { license: 'L'.repeat(license), ...ollamaShow(state, name) },
      );
    });
  }
  if (flavour === 'lmstudio') {
    r.set('GET /api/v1/models', lmStudioModels);
    r.set('GET /api/v0/models', ({ json, state }) => json(200, lmStudioV0Models(state)));
  }
  if (flavour === 'vllm') {
    r.set('GET /health', ({ res }) => {
      res.writeHead(200, { ...FLAVOUR_HEADERS.vllm, 'content-length': '0' }).end();
    });
    r.set('GET /version', ({ json }) => json(200, { version: FAKE_VLLM_VERSION }));
  }
  if (flavour === 'llamacpp') {
    r.set('GET /health', ({ json }) => json(200, { status: 'ok' }));
    r.set('GET /models', v1Models);
    r.set('GET /props', llamaCppProps);
  }
  return r;
}

// ---- inference -----------------------------------------------------------------------------------------------------

async function generation(ctx: Ctx, endpoint: Endpoint): Promise<void> {
  const { res, body, state, flavour, call, json } = ctx;
  if (flavour === 'llamacpp' && endpoint === 'chat' && state.embeddings)
    return refuse(ctx, chatRefusal(flavour, endpoint, state, '')!);
  const model = resolveModel(ctx);
  if (model === null) return;
  const echo = endpoint === 'chat' ? lastUserText(body) : stringField(body, 'prompt');
  const promptTokens = endpoint === 'chat' ? chatPromptTokens(body) : fakeTokenCount(echo);
  // llama.cpp's facts are its one model's, whatever the request names.
  const served = flavour === 'llamacpp' ? llamaCppModelPath(state) : model;
  let plan = planGeneration(flavour, { endpoint, body, state, model: served, echo, promptTokens });
  // llama.cpp parses a completion request before it looks at --embeddings; chat it refuses first (above).
  if (plan.ok || flavour !== 'llamacpp' || plan.status !== 500)
    plan = chatRefusal(flavour, endpoint, state, served) ?? plan;
  if (!plan.ok) return refuse(ctx, plan);
  const asked =
    endpoint === 'chat' && isObject(body) ? thoughtFor(flavour, state, served, body, llamaCppKwargs(state)) : null;
  if (asked !== null && typeof asked === 'object') return refuse(ctx, asked);
  call.generatedTokens = plan.generatedTokens;
  call.finishReason = plan.finish;
  call.promptTokens = plan.promptTokens;
  if (state.msPerOutputToken > 0 && plan.generatedTokens > 0)
    await sleep(plan.generatedTokens * state.msPerOutputToken);
  if (res.destroyed) return;

  const id = `${endpoint === 'chat' ? 'chatcmpl' : 'cmpl'}-fake-${ctx.req.socket.remotePort ?? 0}`;
  const indexes = Array.from({ length: plan.choices }, (_, i) => i);
  const { text, finish } = plan;
  const llama = flavour === 'llamacpp';
  const fingerprint =
    flavour === 'ollama' ? { system_fingerprint: 'fp_ollama' } : llama ? { system_fingerprint: state.buildInfo } : {};
  const said =
    endpoint === 'chat' && isObject(body) ? thoughtFor(flavour, state, served, body, llamaCppKwargs(state)) : null;
  const thought = typeof said === 'string' ? { [state.thinkingField]: said } : null;
  // A server counts the thinking among the tokens it wrote, as llama.cpp and vLLM do.
  const written = plan.generatedTokens + (typeof said === 'string' ? fakeTokenCount(said) * plan.choices : 0);
  const usageJson = usage(state, plan.promptTokens, written);
  const timings = llama ? { timings: { prompt_n: plan.promptTokens, predicted_n: written } } : {};
  if (isObject(body) && body.stream === true) {
    const head = { id, created: FAKE_CREATED, model, ...fingerprint };
    const thinking = (index: number) => ({
      ...head,
      object: 'chat.completion.chunk',
      choices: [{ index, delta: { role: 'assistant', content: null, ...thought }, finish_reason: null }],
    });
    const chunks: Json[] =
      endpoint === 'chat'
        ? [
            ...(thought === null ? [] : indexes.map(thinking)),
            ...indexes.map((index) => ({
              ...head,
              object: 'chat.completion.chunk',
              choices: [{ index, delta: { role: 'assistant', content: text }, finish_reason: null }],
            })),
            ...indexes.map((index) => ({
              ...head,
              object: 'chat.completion.chunk',
              choices: [{ index, delta: {}, finish_reason: finish }],
              ...(llama ? { ...usageJson, ...timings } : {}),
            })),
          ]
        : indexes.map((index) => ({
            ...head,
            object: 'text_completion',
            choices: [{ index, text, logprobs: null, finish_reason: finish }],
          }));
    // vLLM, Ollama's and LM Studio's OpenAI APIs send the usage in a last chunk of no choices when asked for it.
    const asked = isObject(body.stream_options) && body.stream_options.include_usage === true;
    if (!llama && asked && 'usage' in usageJson)
      chunks.push({
        ...head,
        object: endpoint === 'chat' ? 'chat.completion.chunk' : 'text_completion',
        choices: [],
        ...usageJson,
      });
    sendSse(res, flavour, state, chunks);
  } else if (endpoint === 'chat') {
    json(200, {
      id,
      object: 'chat.completion',
      created: FAKE_CREATED,
      model,
      ...fingerprint,
      choices: indexes.map((index) => ({
        index,
        message: { role: 'assistant', content: text, ...thought },
        finish_reason: finish,
      })),
      ...usageJson,
      ...timings,
    });
  } else {
    json(200, {
      id,
      object: 'text_completion',
      created: FAKE_CREATED,
      model,
      ...fingerprint,
      choices: indexes.map((index) => ({ index, text, logprobs: null, finish_reason: finish })),
      ...usageJson,
      ...timings,
    });
  }
  markLoaded(state, model);
}

function embeddings(ctx: Ctx): void {
  const { body, state, flavour, json } = ctx;
  const model = resolveModel(ctx);
  if (model === null) return;
  const refusal = embeddingRefusal(flavour, state, flavour === 'llamacpp' ? llamaCppModelPath(state) : model);
  if (refusal) return refuse(ctx, refusal);
  const input = isObject(body) ? body.input : undefined;
  const inputs =
    typeof input === 'string' ? [input] : Array.isArray(input) ? input.filter((i) => typeof i === 'string') : [];
  const tokens = inputs.map((i) => fakeTokenCount(i));
  const tooLarge = flavour === 'llamacpp' ? llamaCppEmbeddingLimit(state, model, tokens) : null;
  if (tooLarge) return refuse(ctx, tooLarge);
  const promptTokens = tokens.reduce((n, t) => n + t, 0);
  json(200, {
    object: 'list',
    data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text) })),
    model,
    ...(state.usage ? { usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } } : {}),
  });
  markLoaded(state, model);
}

function refuse({ json }: Ctx, refusal: Refusal): void {
  json(refusal.status, refusal.body);
}

// ---- discovery -----------------------------------------------------------------------------------------------------

function v1Models({ json, state, flavour }: Ctx): void {
  if (flavour === 'llamacpp') {
    // handle_models: the one model, its id the alias or else the -m path.
    const path = llamaCppModelPath(state);
    const data = [
      {
        id: state.alias ?? path,
        object: 'model',
        created: FAKE_CREATED,
        owned_by: 'llamacpp',
        meta: llamaCppMeta(state, path),
      },
    ];
    return json(200, { object: 'list', data });
  }
  const ownedBy = { ollama: 'library', lmstudio: 'organization_owner', vllm: 'vllm' }[flavour];
  const data = state.models.map((id) => ({
    id,
    object: 'model',
    created: FAKE_CREATED,
    owned_by: ownedBy,
    ...(flavour === 'vllm'
      ? { root: id, parent: null, max_model_len: servedContext(state, flavour, id), permission: [] }
      : {}),
  }));
  json(200, { object: 'list', data });
}

function llamaCppProps({ json, state }: Ctx): void {
  const path = llamaCppModelPath(state);
  if (factsOf(state, 'llamacpp', path).kind === 'embedding') {
    // handle_props renders eos_token with common_token_to_piece(-1) on a vocabulary without EOS (bge-small's
    // BERT vocabulary): id_to_token.at(-1) throws std::out_of_range, and the exception handler answers 500.
    const nVocab = llamaCppMeta(state, path).n_vocab as number;
    return json(
      500,
      llamaCppError(
        500,
        `vector::_M_range_check: __n (which is 18446744073709551615) >= this->size() (which is ${nVocab})`,
      ).body,
    );
  }
  json(200, {
    default_generation_settings: {
      id: 0,
      id_task: -1,
      n_ctx: servedContext(state, 'llamacpp', path),
      speculative: false,
      is_processing: false,
      params: {
        n_predict: -1,
        seed: 4294967295,
        temperature: 0.8,
        top_k: 40,
        top_p: 0.95,
        min_p: 0.05,
        max_tokens: -1,
        n_keep: 0,
        ignore_eos: false,
        stream: true,
      },
      prompt: '',
      next_token: { has_next_token: true, has_new_line: false, n_remain: -1, n_decoded: 0, stopping_word: '' },
    },
    total_slots: 1,
    model_path: path,
    chat_template:
      templateFor(thinksOf(state, path)) ??
      "{%- for message in messages %}{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}{%- endfor %}",
    bos_token: '<|endoftext|>',
    eos_token: '<|im_end|>',
    build_info: state.buildInfo,
    // Later builds also say what the loaded template takes and which inputs the loaded projector reads.
    ...(llamaCppBuild(state.buildInfo) >= LLAMACPP_CAPS_SINCE ? llamaCppCaps(factsOf(state, 'llamacpp', path)) : {}),
  });
}

/** The first llama-server build (as this fake plays them) whose `/props` has `modalities` and `chat_template_caps`. */
export const LLAMACPP_CAPS_SINCE = 6000;

/** Whether this llama-server build passes `chat_template_kwargs` to the template (the builds that report its caps). */
const llamaCppKwargs = (state: State): boolean => llamaCppBuild(state.buildInfo) >= LLAMACPP_CAPS_SINCE;

function llamaCppBuild(info: string): number {
  const m = /^b(\d+)/.exec(info);
  return m ? Number(m[1]) : 0;
}

/** `/props` of such a build: the template's abilities as minja's caps name them, and the projector's inputs. */
function llamaCppCaps(f: { vision: boolean; tools: boolean }): Record<string, Json> {
  return {
    modalities: { vision: f.vision, audio: false },
    chat_template_caps: {
      supports_tools: f.tools,
      supports_tool_calls: f.tools,
      supports_parallel_tool_calls: f.tools,
      supports_system_role: true,
      supports_tool_call_id: f.tools,
    },
  };
}

/** Ollama 0.12's pull: NDJSON status lines, each layer's progress in turn, then the model is listed. */
async function apiPull({ res, json, body, state }: Ctx): Promise<void> {
  const name = modelField(body, 'model') ?? modelField(body, 'name');
  if (!name) return json(400, { error: 'model is required' });
  if (state.pull.refuse !== null) return json(state.pull.refuse, { error: `pull model manifest: file does not exist` });
  if ((body as { stream?: unknown }).stream === false) {
    if (!state.models.includes(name)) state.models.push(name);
    return json(200, { status: 'success' });
  }
  let gone = false;
  res.on('close', () => {
    if (!res.writableFinished) gone = true;
  });
  res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
  const line = async (o: Json): Promise<boolean> => {
    if (gone) return false;
    res.write(`${JSON.stringify(o)}\n`);
    if (state.pull.stepMs > 0) await sleep(state.pull.stepMs);
    return !gone;
  };
  let ok = await line({ status: 'pulling manifest' });
  if (ok && state.pull.fail !== null) {
    await line({ error: state.pull.fail });
    res.end();
    return;
  }
  const { steps, layers, setback } = state.pull;
  for (const [n, total] of layers.entries()) {
    // The first layer's digest is the one a single-layer pull always had; the others are made from their place.
    const digest = `sha256:${n === 0 ? '2bada8a7450677000f678be90653b85d364de7db25eb5ea54136ada5f3933730' : createHash('sha256').update(`layer ${n}`).digest('hex')}`;
    const status = `pulling ${digest.slice(7, 19)}`;
    for (let i = 0; ok && i <= steps; i++) {
      const completed = Math.round((total * i) / Math.max(1, steps));
      ok = await line({ status, digest, total, ...(completed > 0 ? { completed } : {}) });
      if (ok && setback && i === Math.floor(steps / 2) && completed > 0)
        ok = await line({ status, digest, total: Math.floor(total / 2), completed: Math.floor(completed / 2) });
    }
    if (!ok) break;
  }
  for (const status of ['verifying sha256 digest', 'writing manifest']) if (ok) ok = await line({ status });
  if (!ok || gone) {
    state.pullsCancelled += 1;
    return;
  }
  if (!state.models.includes(name)) state.models.push(name);
  res.end(`${JSON.stringify({ status: 'success' })}\n`);
}

function apiTags({ json, state }: Ctx): void {
  json(200, {
    models: state.models.map((name) => ({
      name,
      model: name,
      modified_at: FAKE_CREATED_ISO,
      size: 2_019_393_189,
      digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
      details: ollamaDetails(state, name),
    })),
  });
}

function apiPs({ json, state }: Ctx): void {
  json(200, {
    models: state.loaded.map((name) => ({
      name,
      model: name,
      size: 3_619_393_189,
      digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
      details: ollamaDetails(state, name),
      expires_at: new Date((FAKE_CREATED + 300) * 1000).toISOString(),
      size_vram: 3_619_393_189,
      context_length: servedContext(state, 'ollama', name),
    })),
  });
}

function lmStudioModels({ json, state }: Ctx): void {
  json(200, {
    data: state.models.map((id) => {
      const explicit = state.lmstudioStates[id];
      const instances =
        explicit !== undefined ? [{ id, state: explicit }] : state.loaded.includes(id) ? [{ id, state: 'loaded' }] : [];
      const type = lmStudioType(factsOf(state, 'lmstudio', id));
      return {
        id,
        key: id,
        type: type === 'embeddings' ? 'embeddings' : 'llm',
        publisher: 'lmstudio-community',
        max_context_length: reportedContext(state, 'lmstudio', id),
        loaded_instances: instances,
      };
    }),
  });
}

// ---- helpers --------------------------------------------------------------------------------------------------------

function llamaCppModelPath(state: State): string {
  return state.models[0] ?? 'model.gguf';
}

/** The model an inference request is for, or null after answering the way the real server does. */
function resolveModel({ body, state, flavour, json }: Ctx): string | null {
  if (!isObject(body)) {
    json(
      400,
      flavour === 'vllm'
        ? vllmError(400, 'invalid JSON body').body
        : openAiError('invalid JSON body', 'invalid_request_error', null),
    );
    return null;
  }
  const model = typeof body.model === 'string' ? body.model : '';
  // llama-server has exactly one model and ignores the field, but echoes it (else its alias or
  // DEFAULT_OAICOMPAT_MODEL).
  if (flavour === 'llamacpp') return model || (state.alias ?? LLAMACPP_DEFAULT_OAICOMPAT_MODEL);
  if (!model) {
    json(
      400,
      flavour === 'vllm'
        ? vllmError(400, 'model is required').body
        : openAiError('model is required', 'invalid_request_error', null),
    );
    return null;
  }
  if (!state.models.includes(model)) {
    if (flavour === 'vllm') json(404, vllmError(404, `The model \`${model}\` does not exist.`, 'NotFoundError').body);
    else if (flavour === 'ollama')
      json(404, openAiError(`model "${model}" not found, try pulling it first`, 'api_error', null));
    else json(404, openAiError(`Model "${model}" not found. Please download it first.`, 'invalid_request_error', null));
    return null;
  }
  return model;
}

function markLoaded(state: State, model: string): void {
  if (state.models.includes(model) && !state.loaded.includes(model)) state.loaded.push(model);
}

function usage(state: State, prompt: number, completion: number): Json {
  return state.usage
    ? { usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } }
    : {};
}

function openAiError(message: string, type: string, code: number | null): Json {
  return { error: { message, type, param: null, code } };
}

function sendFailure(json: Ctx['json'], status: number): void {
  const extra: Record<string, string> = status === 429 ? { 'Retry-After': '1' } : {};
  const message = status === 429 ? 'Rate limit reached, please retry later' : `fake upstream failure (${status})`;
  const type = status === 429 ? 'rate_limit_error' : status >= 500 ? 'server_error' : 'invalid_request_error';
  json(status, openAiError(message, type, status), extra);
}

function notFound(res: ServerResponse, json: Ctx['json'], flavour: Flavour, method: string, path: string): void {
  if (flavour === 'ollama') return sendText(res, 404, '404 page not found');
  if (flavour === 'vllm') return json(404, { detail: 'Not Found' });
  if (flavour === 'llamacpp') return json(404, llamaCppError(404, 'File Not Found').body);
  json(404, { error: `Unexpected endpoint or method. (${method} ${path})` });
}

/**
 * The keep-alive hint: cpp-httplib sends `Keep-Alive: timeout=5, max=100`, Express (LM Studio) `timeout=5`-style,
 * Go and uvicorn none. A sub-second `keepAliveIdleMs` (a test device) is not advertised: clients keep their own.
 */
function keepAliveHint(res: ServerResponse, flavour: Flavour, state: State): Record<string, string> {
  const seconds = Math.floor(state.keepAliveIdleMs / 1000);
  if (!res.shouldKeepAlive || seconds < 1 || !Number.isFinite(seconds)) return {};
  if (flavour === 'llamacpp') return { 'Keep-Alive': `timeout=${seconds}, max=100` };
  if (flavour === 'lmstudio') return { 'Keep-Alive': `timeout=${seconds}` };
  return {};
}

/** `by`: the server that answers, as its flavour sends headers and as its state says now. */
function sendJson(
  res: ServerResponse,
  by: { flavour: Flavour; state: State },
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
): void {
  if (res.destroyed) return;
  const { flavour, state } = by;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...FLAVOUR_HEADERS[flavour],
    ...keepAliveHint(res, flavour, state),
    ...extra,
    'Content-Type': JSON_TYPE[flavour],
    'Content-Length': Buffer.byteLength(text),
  });
  writeBody(res, text, flavour === 'llamacpp' && state.nagle);
}

function sendText(res: ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendSse(res: ServerResponse, flavour: Flavour, state: State, chunks: unknown[]): void {
  res.writeHead(200, {
    ...FLAVOUR_HEADERS[flavour],
    ...keepAliveHint(res, flavour, state),
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
  });
  const events = chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('') + 'data: [DONE]\n\n';
  writeBody(res, events, flavour === 'llamacpp' && state.nagle);
}
