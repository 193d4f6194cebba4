import { BodyTooLargeError, bearerHeaders, isPlainObject, parseJson, transportCode } from './http';
import { Cancellation, fetchTransport, nodeHttpTransport, TransportAbortedError, TransportTimeoutError, type BackendTransport, type PostResult } from './transport';
import { INTENT_EMBEDDING, pathForIntent } from './intents';
import { sanitizeUpstreamMessage } from './sanitize';
import { backendApiBase, backendUrlProblem } from './urls';

export const DEFAULT_MAX_TOKENS = 8192;
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** Error bodies are only mined for a short message; reading megabytes of them buys nothing. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

export type BackendErrorKind =
  | 'unsupported_intent'
  | 'invalid_payload'
  | 'no_model'
  | 'model_not_advertised'
  | 'upstream_status'
  | 'timeout'
  | 'transport'
  | 'bad_response'
  | 'aborted';

/** `message` is safe to show a remote consumer: no backend URL, no API key, no stack. */
export interface BackendError {
  kind: BackendErrorKind;
  status?: number;
  message: string;
}

export type BackendResult =
  | { ok: true; result: unknown; modelUsed: string; tokensUsed: number | null }
  | { ok: false; error: BackendError };

export interface OpenAiCompatBackendOptions {
  /** The configured backend URL, with or without `/v1`. */
  url: string;
  apiKey?: string | null;
  /** Used when a payload names no model. */
  defaultModel: string | null;
  /** The models the node currently advertises; read on every call so it follows discovery. */
  advertisedModels: () => readonly string[];
  /** The advertised `max_tokens`; larger requests are clamped to it. */
  maxTokens: number;
  /** Larger responses are aborted and reported as `bad_response`. */
  maxResponseBytes?: number;
  fetchImpl?: typeof fetch;
}

export interface InvokeOptions {
  signal?: AbortSignal;
  /** The same as `signal`, cheaper (the task path uses it); either may be given. */
  cancel?: Cancellation;
  timeoutMs: number;
}

/** Fields that bound how much a single task can make the backend generate. */
const TOKEN_LIMIT_FIELDS = ['max_tokens', 'max_completion_tokens'] as const;

/**
 * Runs IICP LLM tasks against an OpenAI-compatible server (Ollama through its /v1 dialect, LM Studio,
 * vLLM, llama.cpp). The consumer controls only the JSON body, and only within limits: the intent picks
 * one of three constant paths, the model must be advertised, output length is clamped, and responses
 * are buffered (never streamed) under a size cap.
 */
export class OpenAiCompatBackend {
  readonly apiBase: string;
  private readonly apiKey: string | null;
  private readonly defaultModel: string | null;
  private readonly advertisedModels: () => readonly string[];
  private readonly maxTokens: number;
  private readonly maxResponseBytes: number;
  private readonly transport: BackendTransport;
  /** Built from scratch on purpose: no header a consumer sent can reach the backend. */
  private readonly headers: Readonly<Record<string, string>>;
  private readonly urls = new Map<string, string>();

  constructor(opts: OpenAiCompatBackendOptions) {
    const problem = backendUrlProblem(opts.url);
    if (problem) throw new TypeError(problem);
    if (!Number.isInteger(opts.maxTokens) || opts.maxTokens <= 0) {
      throw new RangeError('maxTokens must be a positive integer');
    }
    this.apiBase = backendApiBase(opts.url);
    this.apiKey = opts.apiKey ? opts.apiKey : null;
    this.defaultModel = opts.defaultModel ? opts.defaultModel : null;
    this.advertisedModels = opts.advertisedModels;
    this.maxTokens = opts.maxTokens;
    this.maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.transport = opts.fetchImpl ? fetchTransport(opts.fetchImpl) : nodeHttpTransport;
    this.headers = Object.freeze({ 'content-type': 'application/json', accept: 'application/json', ...bearerHeaders(this.apiKey) });
  }

  /** What `buildBackendRequest` needs from this backend now (plain data: it also crosses to the codec worker). */
  buildOptions(): BuildOptions {
    return { defaultModel: this.defaultModel, advertisedModels: this.advertisedModels(), maxTokens: this.maxTokens };
  }

  /** Never rejects for anything a consumer or the backend does; only a non-positive `timeoutMs` (a caller bug) throws. */
  async invoke(intent: string, payload: unknown, opts: InvokeOptions): Promise<BackendResult> {
    if (!Number.isFinite(opts.timeoutMs) || opts.timeoutMs <= 0) throw new RangeError('timeoutMs must be a positive number');
    const built = buildBackendRequest(intent, payload, this.buildOptions());
    if (!built.ok) return { ok: false, error: built.error };
    const sent = await this.send(built.request, opts);
    if (!sent.ok) return sent;
    if (sent.status < 200 || sent.status > 299) return { ok: false, error: this.upstreamError(sent.status, sent.body) };
    const parsed = parseJson(sent.body);
    if (!parsed.ok) return fail('bad_response', 'the backend answered with something other than JSON');
    return { ok: true, result: parsed.value, modelUsed: built.request.model, tokensUsed: totalTokens(parsed.value) };
  }

  /**
   * Sends a built request: the status and body of whatever the backend answered, or why there is none (timeout,
   * cancelled, unreachable, too large). Interpreting a 2xx body is the caller's (the task codec does it, off the
   * event loop when it is large).
   */
  async send(request: BackendRequest, opts: InvokeOptions): Promise<{ ok: true; status: number; body: Buffer } | { ok: false; error: BackendError }> {
    if (!Number.isFinite(opts.timeoutMs) || opts.timeoutMs <= 0) throw new RangeError('timeoutMs must be a positive number');
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
      answer = await this.transport(
        this.urlFor(request.path),
        this.headers,
        request.body,
        { timeoutMs: opts.timeoutMs, cancel, maxBytes: this.maxResponseBytes, maxErrorBytes: MAX_ERROR_BODY_BYTES },
      );
    } catch (err) {
      if (err instanceof TransportAbortedError || cancel?.aborted) return fail('aborted', 'the task was cancelled');
      if (err instanceof TransportTimeoutError) return fail('timeout', `the backend did not answer within ${opts.timeoutMs} ms`);
      if (err instanceof BodyTooLargeError) return fail('bad_response', `the backend response exceeded ${this.maxResponseBytes} bytes`);
      const code = transportCode(err);
      return fail('transport', code ? `the backend is unreachable (${code})` : 'the backend is unreachable');
    } finally {
      if (signal && onAbort) {
        signal.removeEventListener('abort', onAbort);
        opts.cancel?.watch(null);
      }
    }
    return { ok: true, status: answer.status, body: answer.body };
  }

  /** A non-2xx answer as an error a consumer may read (the backend's words, sanitised: no URL, no key). */
  upstreamError(status: number, body: Buffer): BackendError {
    const detail = sanitizeUpstreamMessage(body, [this.apiKey]);
    const message = detail ? `the backend answered HTTP ${status}: ${detail}` : `the backend answered HTTP ${status}`;
    return { kind: 'upstream_status', status, message };
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
  /** Used when a payload names no model. */
  defaultModel: string | null;
  /** The models the node advertises now. */
  advertisedModels: readonly string[];
  /** The advertised `max_tokens`; larger requests are clamped to it. */
  maxTokens: number;
}

/** A request ready for the backend: one of the three constant paths, the JSON body, and the model it names. */
export interface BackendRequest {
  path: string;
  body: string | Buffer;
  model: string;
}

/**
 * The backend request for a task payload, or why there is none. Pure (no I/O, plain data in and out), so the task
 * codec can run it on a worker thread for large payloads.
 */
export function buildBackendRequest(intent: string, payload: unknown, o: BuildOptions): { ok: true; request: BackendRequest } | { ok: false; error: BackendError } {
  const path = pathForIntent(intent);
  if (path === null) return fail('unsupported_intent', 'this node does not serve the requested intent');
  if (!isPlainObject(payload)) return fail('invalid_payload', 'the task payload must be a JSON object');
  const requested = payload.model;
  if (requested !== undefined && requested !== null && typeof requested !== 'string') return fail('invalid_payload', 'model must be a string');
  const model = requested ? requested : o.defaultModel;
  if (!model) return fail('no_model', 'the payload names no model and the node has no default model');
  if (!o.advertisedModels.includes(model)) return fail('model_not_advertised', 'the requested model is not offered by this node');

  const body: Record<string, unknown> = { ...payload, model };
  for (const field of TOKEN_LIMIT_FIELDS) {
    const value = body[field];
    if (value === undefined) continue;
    // null means "no limit" to OpenAI servers, which is exactly what the clamp exists to prevent.
    if (value === null) {
      delete body[field];
      continue;
    }
    // Strings are refused rather than passed on: Python servers coerce "999999" and would dodge the clamp.
    if (typeof value !== 'number' || !Number.isFinite(value)) return fail('invalid_payload', `${field} must be a number`);
    if (value > o.maxTokens) body[field] = o.maxTokens;
  }
  if (intent === INTENT_EMBEDDING) delete body.stream;
  else body.stream = false;
  // vLLM rejects stream_options unless streaming, and a buffered call has no use for it.
  delete body.stream_options;
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch {
    // Too deep to serialise (a hostile payload): the consumer's fault, not an unreachable backend.
    return fail('invalid_payload', 'the payload cannot be forwarded (nested too deeply)');
  }
  return { ok: true, request: { path, body: text, model } };
}

function fail(kind: BackendErrorKind, message: string): { ok: false; error: BackendError } {
  return { ok: false, error: { kind, message } };
}

/** `usage.total_tokens` of an OpenAI-style answer, if it has one. */
export function totalTokens(result: unknown): number | null {
  if (!isPlainObject(result) || !isPlainObject(result.usage)) return null;
  const total = result.usage.total_tokens;
  return typeof total === 'number' && Number.isFinite(total) ? total : null;
}
