import { backendFail as fail, type BackendError } from './backend-error';
import { BodyTooLargeError, bearerHeaders, isPlainObject, parseJson, transportCode } from './http';
import {
  Cancellation,
  connectionPolicyFor,
  fetchTransport,
  nodeHttpTransport,
  TransportAbortedError,
  TransportTimeoutError,
  type BackendTransport,
  type PostResult,
} from './transport';
import {
  INTENT_CHAT,
  INTENT_COMPLETION,
  INTENT_EMBEDDING,
  INTENT_PATHS,
  pathForIntent,
  type LlmIntent,
} from './intents';
import type { BackendFlavour } from './probe';
import { sanitizeUpstreamMessage } from './sanitize';
import { streamCall, type StreamOptions, type StreamOutcome } from './stream-call';
import {
  answerBytes,
  claimTokens,
  estimateTokens,
  serverCountOf,
  toldUsage,
  type TokenBound,
  type TokenClaim,
} from './token-claim';
import { unhonouredField } from './unhonoured-fields';
import { backendApiBase, backendUrlProblem } from './urls';

export const DEFAULT_MAX_TOKENS = 8192;
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** Error bodies are only mined for a short message; reading megabytes of them buys nothing. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

export type { BackendError, BackendErrorKind } from './backend-error';

export type BackendResult =
  /** `tokensUsed`: the tokens claimed (token-claim.ts); `result.usage` says the same when the server's did not. */
  { ok: true; result: unknown; modelUsed: string; tokensUsed: number } | { ok: false; error: BackendError };

export interface OpenAiCompatBackendOptions {
  /** The configured backend URL, with or without `/v1`. */
  url: string;
  apiKey?: string | null;
  /** The models the node advertises now, their backend ids and limits; read on every call so it follows discovery. */
  build: () => BuildOptions;
  /** This server's own flavour, which picks its connection policy; `build().flavour` when not given. */
  flavour?: () => BackendFlavour | null;
  /** Larger responses (a streamed one counted as it comes) are aborted and reported as `bad_response`. */
  maxResponseBytes?: number;
  /** Buffered calls only: a stream always goes over node:http. */
  fetchImpl?: typeof fetch;
}

export interface InvokeOptions {
  signal?: AbortSignal;
  /** The same as `signal`, cheaper (the task path uses it); either may be given. */
  cancel?: Cancellation;
  timeoutMs: number;
}

/**
 * Runs IICP LLM tasks against an OpenAI-compatible server (Ollama through its /v1 dialect, LM Studio,
 * vLLM, llama.cpp). The consumer controls only the JSON body, and only within limits: the intent picks
 * one of three constant paths, the model must be advertised, output length is clamped, and responses
 * are read under a size cap: buffered (`invoke`, `send`) or streamed piece by piece (`stream`).
 */
export class OpenAiCompatBackend {
  readonly apiBase: string;
  private readonly apiKey: string | null;
  private readonly build: () => BuildOptions;
  private readonly flavour: () => BackendFlavour | null;
  private readonly maxResponseBytes: number;
  private readonly transport: BackendTransport;
  /** Built from scratch on purpose: no header a consumer sent can reach the backend. */
  private readonly headers: Readonly<Record<string, string>>;
  private readonly streamHeaders: Readonly<Record<string, string>>;
  private readonly urls = new Map<string, string>();

  constructor(opts: OpenAiCompatBackendOptions) {
    const problem = backendUrlProblem(opts.url);
    if (problem) throw new TypeError(problem);
    this.apiBase = backendApiBase(opts.url);
    this.apiKey = opts.apiKey ? opts.apiKey : null;
    this.build = opts.build;
    this.flavour = opts.flavour ?? (() => this.build().flavour);
    this.maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.transport = opts.fetchImpl ? fetchTransport(opts.fetchImpl) : nodeHttpTransport;
    this.headers = Object.freeze({
      'content-type': 'application/json',
      accept: 'application/json',
      ...bearerHeaders(this.apiKey),
    });
    this.streamHeaders = Object.freeze({ ...this.headers, accept: 'text/event-stream' });
  }

  /** What `buildBackendRequest` needs from this backend now (plain data: it also crosses to the codec worker). */
  buildOptions(): BuildOptions {
    return this.build();
  }

  /**
   * Never rejects for anything a consumer or the backend does; only a non-positive `timeoutMs` (a caller bug) throws.
   */
  async invoke(intent: string, payload: unknown, opts: InvokeOptions): Promise<BackendResult> {
    if (!Number.isFinite(opts.timeoutMs) || opts.timeoutMs <= 0)
      throw new RangeError('timeoutMs must be a positive number');
    const built = buildBackendRequest(intent, payload, this.buildOptions());
    if (!built.ok) return { ok: false, error: built.error };
    const sent = await this.send(built.request, opts);
    if (!sent.ok) return sent;
    if (sent.status < 200 || sent.status > 299) return { ok: false, error: this.upstreamError(sent.status, sent.body) };
    const parsed = parseJson(sent.body);
    if (!parsed.ok) return fail('bad_response', 'the backend answered with something other than JSON');
    const claim = answerClaim(parsed.value, built.request.bound);
    const result =
      claim.note && isPlainObject(parsed.value)
        ? { ...parsed.value, usage: toldUsage(parsed.value.usage, claim) }
        : parsed.value;
    return { ok: true, result, modelUsed: built.request.model, tokensUsed: claim.total };
  }

  /**
   * Sends a built request: the status and body of whatever the backend answered, or why there is none (timeout,
   * cancelled, unreachable, too large). Interpreting a 2xx body is the caller's (the task codec does it, off the
   * event loop when it is large).
   */
  async send(
    request: BackendRequest,
    opts: InvokeOptions,
  ): Promise<{ ok: true; status: number; body: Buffer } | { ok: false; error: BackendError }> {
    if (!Number.isFinite(opts.timeoutMs) || opts.timeoutMs <= 0)
      throw new RangeError('timeoutMs must be a positive number');
    const signal = opts.signal;
    if (signal?.aborted || opts.cancel?.aborted) return fail('aborted', 'the task was cancelled');
    // A signal is passed on as a Cancellation of its own, cancelled when either fires.
    let cancel = opts.cancel;
    let onAbort: (() => void) | null = null;
    if (signal) {
      const bridged = new Cancellation();
      const outer = opts.cancel;
      onAbort = () => bridged.cancel();
      signal.addEventListener('abort', onAbort, { once: true });
      outer?.watch({ cancelled: () => bridged.cancel() });
      cancel = bridged;
    }
    let answer: PostResult;
    try {
      answer = await this.transport(this.urlFor(request.path), this.headers, request.body, {
        timeoutMs: opts.timeoutMs,
        cancel,
        maxBytes: this.maxResponseBytes,
        maxErrorBytes: MAX_ERROR_BODY_BYTES,
        connection: connectionPolicyFor(this.flavour()),
      });
    } catch (err) {
      if (err instanceof TransportAbortedError || cancel?.aborted) return fail('aborted', 'the task was cancelled');
      if (err instanceof TransportTimeoutError)
        return fail('timeout', `the backend did not answer within ${opts.timeoutMs} ms`);
      if (err instanceof BodyTooLargeError)
        return fail('bad_response', `the backend response exceeded ${this.maxResponseBytes} bytes`);
      const code = transportCode(err);
      if (!code) return fail('transport', 'the backend is unreachable');
      return { ok: false, error: { kind: 'transport', code, message: `the backend is unreachable (${code})` } };
    } finally {
      if (signal && onAbort) {
        signal.removeEventListener('abort', onAbort);
        opts.cancel?.watch(null);
      }
    }
    return { ok: true, status: answer.status, body: answer.body };
  }

  /**
   * Sends a request built with `{ stream: true }` and passes the answer on in pieces as it comes (stream-call.ts).
   * Never rejects for anything the backend does; a non-positive `timeoutMs` or `maxTokens` (a caller bug) throws.
   */
  stream(request: BackendRequest, opts: StreamOptions): Promise<StreamOutcome> {
    if (!Number.isFinite(opts.timeoutMs) || opts.timeoutMs <= 0)
      throw new RangeError('timeoutMs must be a positive number');
    if (!(opts.maxTokens > 0)) throw new RangeError('maxTokens must be a positive number');
    // The limit the request itself asked for holds even when the caller passes a looser one.
    const maxTokens =
      request.maxTokens !== undefined && request.maxTokens < opts.maxTokens ? request.maxTokens : opts.maxTokens;
    return streamCall(
      {
        url: this.urlFor(request.path),
        headers: this.streamHeaders,
        body: request.body,
        connection: connectionPolicyFor(this.flavour()),
        completion: request.path === INTENT_PATHS[INTENT_COMPLETION],
        model: request.model,
        bound: request.bound,
        maxBytes: this.maxResponseBytes,
        maxErrorBytes: MAX_ERROR_BODY_BYTES,
        upstreamError: (status, body) => this.upstreamError(status, body),
      },
      maxTokens === opts.maxTokens ? opts : { ...opts, maxTokens },
    );
  }

  /** A non-2xx answer as an error a consumer may read (the backend's words, sanitised: no URL, no key). */
  upstreamError(status: number, body: Buffer): BackendError {
    const detail = sanitizeUpstreamMessage(body, [this.apiKey]);
    const message = detail ? `the backend answered HTTP ${status}: ${detail}` : `the backend answered HTTP ${status}`;
    const loading = isLoadingModel(status, detail);
    return {
      kind: 'upstream_status',
      status,
      message,
      consumerFault: isConsumerFault(status, detail),
      ...(loading ? { loading } : {}),
      ...(detail ? { detail } : {}),
    };
  }

  /** The same string for the same path every time (the transport looks its parsed URL up by it). */
  private urlFor(path: string): string {
    let url = this.urls.get(path);
    if (url === undefined) {
      url = `${this.apiBase}${path}`;
      this.urls.set(path, url);
    }
    return url;
  }
}

export interface BuildOptions {
  /** The public name used when a payload names no model. */
  defaultModel: string | null;
  /** The advertised models by public name: the backend's id for each, and its output limit. */
  models: Readonly<Record<string, BuildModel>>;
  /** Decides the engine's own limit field (llama.cpp reads `n_predict` before `max_tokens`) and the connections. */
  flavour: BackendFlavour | null;
}

export interface BuildModel {
  /** What the backend calls it (it may be a file path: sent to the backend, never shown). */
  id: string;
  /** Every chat and completion call asks for at most this many tokens. */
  maxTokens: number;
  /** The model takes `tools` / `tool_choice` / `parallel_tool_calls`. */
  tools: boolean;
  /**
   * The model fills in the middle: a completion's `suffix` is sent on (absent: it does not, and `suffix` is refused).
   */
  fim?: boolean;
  /** The flavour of the server(s) that run it, where it differs from `BuildOptions.flavour`. */
  flavour?: BackendFlavour | null;
  /** The LLM servers (their ids) that run it as `id`, in the node's order: a task may go to any of them. */
  servers?: readonly string[];
}

/** A request ready for the backend: one of the three constant paths, the JSON body, and the model it names. */
export interface BackendRequest {
  path: string;
  body: string | Buffer;
  /** The public name (answers, the ledger and the dashboard). */
  model: string;
  /** A streamed request: the output limit it asks for, which `stream()` counts the tokens against. */
  maxTokens?: number;
  /** What the request lets its answer cost: the tokens claimed for it are held to this (token-claim.ts). */
  bound: TokenBound;
}

type FieldCheck = (v: unknown) => boolean;
const isNumber: FieldCheck = (v) => typeof v === 'number' && Number.isFinite(v);
const isInteger: FieldCheck = (v) => Number.isSafeInteger(v);
const isString: FieldCheck = (v) => typeof v === 'string';
const isStop: FieldCheck = (v) =>
  typeof v === 'string' || (Array.isArray(v) && v.length <= 16 && v.every((s) => typeof s === 'string'));
const isObject: FieldCheck = (v) => isPlainObject(v);
const isToolChoice: FieldCheck = (v) => typeof v === 'string' || isPlainObject(v);
const isTools: FieldCheck = (v) => Array.isArray(v) && v.length <= 128 && v.every(isPlainObject);
const isBoolean: FieldCheck = (v) => typeof v === 'boolean';
const isEncoding: FieldCheck = (v) => v === 'float' || v === 'base64';

const SAMPLING: Readonly<Record<string, FieldCheck>> = {
  temperature: isNumber,
  top_p: isNumber,
  presence_penalty: isNumber,
  frequency_penalty: isNumber,
  seed: isInteger,
  stop: isStop,
};

/**
 * The only payload fields that reach the backend, per intent (OpenAI's names, which every flavour reads). Fields the
 * server cannot honour for the model (tools, a suffix, n, log probabilities, …) are refused (unhonoured-fields.ts).
 * Everything else is dropped: engine fields (`n_predict`, `options.num_predict`, `ignore_eos`, `min_tokens`, `n`,
 * `best_of`,
 * `keep_alive`, `ttl`, `id_slot`, `lora`, `grammar`, …) let a consumer generate without limit, multiply the work,
 * pin memory or pick the server's internals.
 */
const ALLOWED: Readonly<Record<LlmIntent, Readonly<Record<string, FieldCheck>>>> = {
  [INTENT_CHAT]: { messages: (v) => Array.isArray(v), ...SAMPLING, response_format: isObject },
  [INTENT_COMPLETION]: { prompt: isString, ...SAMPLING },
  [INTENT_EMBEDDING]: {
    input: (v) => typeof v === 'string' || Array.isArray(v),
    encoding_format: isEncoding,
    dimensions: isInteger,
  },
};
const TOOL_FIELDS: Readonly<Record<string, FieldCheck>> = {
  tools: isTools,
  tool_choice: isToolChoice,
  parallel_tool_calls: isBoolean,
};
const FIM_FIELDS: Readonly<Record<string, FieldCheck>> = { suffix: isString };

/**
 * The backend request for a task payload, or why there is none. Pure (no I/O, plain data in and out), so the task
 * codec can run it on a worker thread for large payloads. `stream`: the answer is asked for as server-sent events,
 * with the usage in a last chunk (chat and completion only). `payloadBytes`: the bytes the consumer's payload took,
 * which bound the prompt's tokens; the backend body's own bytes when not given.
 */
export function buildBackendRequest(
  intent: string,
  payload: unknown,
  o: BuildOptions,
  mode: { stream?: boolean; payloadBytes?: number } = {},
): { ok: true; request: BackendRequest } | { ok: false; error: BackendError } {
  const path = pathForIntent(intent);
  if (path === null) return fail('unsupported_intent', 'this node does not serve the requested intent');
  const stream = mode.stream === true;
  if (stream && intent === INTENT_EMBEDDING) return fail('unsupported_intent', 'embeddings are not streamed');
  if (!isPlainObject(payload)) return fail('invalid_payload', 'the task payload must be a JSON object');
  const requested = payload.model;
  if (requested !== undefined && requested !== null && typeof requested !== 'string')
    return fail('invalid_payload', 'model must be a string');
  const model = requested ? requested : o.defaultModel;
  if (!model) return fail('no_model', 'the payload names no model and the node has no default model');
  const offered = Object.hasOwn(o.models, model) ? o.models[model] : undefined;
  if (!offered) return fail('model_not_advertised', 'the requested model is not offered by this node');

  const unhonoured = unhonouredField(intent, payload, offered);
  if (unhonoured !== null) return fail('invalid_payload', unhonoured);

  const body: Record<string, unknown> = { model: offered.id };
  let maxTokens: number | undefined;
  // Embeddings write nothing; chat and completion at most their limit, for one choice (`n` is never sent on).
  let answerTokens = 0;
  const wrong =
    copyAllowed(payload, ALLOWED[intent as LlmIntent], body) ??
    (intent === INTENT_CHAT && offered.tools ? copyAllowed(payload, TOOL_FIELDS, body) : null) ??
    (intent === INTENT_COMPLETION && offered.fim === true && payload.suffix !== ''
      ? copyAllowed(payload, FIM_FIELDS, body)
      : null);
  if (wrong !== null) return fail('invalid_payload', `${wrong} has the wrong type`);
  if (intent !== INTENT_EMBEDDING) {
    const limit = outputLimit(payload, offered.maxTokens);
    if (typeof limit === 'string') return fail('invalid_payload', limit);
    body.max_tokens = limit;
    answerTokens = limit;
    // llama-server reads n_predict first and treats a missing limit as none at all.
    if ((offered.flavour !== undefined ? offered.flavour : o.flavour) === 'llamacpp') body.n_predict = limit;
    body.stream = stream;
    if (stream) {
      body.stream_options = { include_usage: true };
      maxTokens = limit;
    }
  }
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch {
    // Too deep to serialise (a hostile payload): the consumer's fault, not an unreachable backend.
    return fail('invalid_payload', 'the payload cannot be forwarded (nested too deeply)');
  }
  const bound: TokenBound = { promptBytes: mode.payloadBytes ?? Buffer.byteLength(text, 'utf8'), answerTokens };
  return {
    ok: true,
    request:
      maxTokens === undefined ? { path, body: text, model, bound } : { path, body: text, model, maxTokens, bound },
  };
}

/** Copies the fields of `allowed` that the payload has into `body`; the first of the wrong type stops it (its name). */
function copyAllowed(
  payload: Record<string, unknown>,
  allowed: Readonly<Record<string, FieldCheck>>,
  body: Record<string, unknown>,
): string | null {
  for (const [field, check] of Object.entries(allowed)) {
    const value = payload[field];
    if (value === undefined || value === null) continue;
    if (!check(value)) return field;
    body[field] = value;
  }
  return null;
}

/**
 * min(requested, advertised): `max_tokens`, else `max_completion_tokens`, else the advertised limit. A string is
 * refused rather than read: Python servers coerce "999999" and a clamp that skipped it would be no clamp.
 */
function outputLimit(payload: Record<string, unknown>, advertised: number): number | string {
  for (const field of ['max_tokens', 'max_completion_tokens'] as const) {
    const value = payload[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) return `${field} must be a number`;
    if (value < 1) return `${field} must be at least 1`;
    return Math.min(Math.floor(value), advertised);
  }
  return advertised;
}

const INPUT_TOO_LARGE =
  /input is larger than the max context size|exceeds the available context size|too large to process/i;

/** llama-server's answer to every request while it loads a model: 503 "Loading model". */
export function isLoadingModel(status: number, detail: string): boolean {
  return status === 503 && /^loading model\b/i.test(detail);
}

/**
 * Whether a backend's refusal is about the request (a prompt over the context, a parameter out of range: a 4xx, or
 * llama-server's words for an input over its context or batch, whatever the status) rather than about the node (a model
 * it advertised but cannot serve, a key, a kind of model the server does not run): only the first
 * is the consumer's to fix, and only the second counts against the node.
 */
export function isConsumerFault(status: number, detail: string): boolean {
  // llama-server says an input is over its context or batch with whatever status its build uses (500 for embeddings).
  if (INPUT_TOO_LARGE.test(detail)) return true;
  if (status !== 400 && status !== 413 && status !== 422) return false;
  return !/not supported|does not support|pooling type|not oai compatible|no model|model .*not found|not loaded|unauthori[sz]ed|api key/i.test(
    detail,
  );
}

/**
 * The claim for a whole answer (token-claim.ts): its `usage` held to the node's estimate of what the model wrote and to
 * the request's bound.
 */
export function answerClaim(result: unknown, bound: TokenBound): TokenClaim {
  return claimTokens(
    serverCountOf(isPlainObject(result) ? result.usage : undefined),
    estimateTokens(answerBytes(result)),
    bound,
  );
}
