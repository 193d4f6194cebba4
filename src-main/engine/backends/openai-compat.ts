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
import { buildBackendRequest, type BackendRequest, type BuildOptions } from './backend-request';
import { INTENT_COMPLETION, INTENT_PATHS } from './intents';
import type { BackendFlavour } from './probe';
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
import { upstreamError } from './upstream-error';
import { MAX_SPEECH_AUDIO_BYTES, speechAnswer } from './speech-answer';
import { backendApiBase, backendRoot, backendUrlProblem } from './urls';

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
    const ask = built.request.speech;
    if (ask) {
      const a = speechAnswer(sent.body, sent.contentType, ask);
      if (!a.ok) return fail('bad_response', a.message);
      return { ok: true, result: a.result, modelUsed: built.request.model, tokensUsed: a.tokensUsed };
    }
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
  ): Promise<
    { ok: true; status: number; body: Buffer; contentType: string | null } | { ok: false; error: BackendError }
  > {
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
    // A speech answer is audio carried whole in the result: held to what a sealed result can carry (speech-answer.ts).
    const maxBytes = request.speech ? Math.min(this.maxResponseBytes, MAX_SPEECH_AUDIO_BYTES) : this.maxResponseBytes;
    try {
      const headers = request.headers ? { ...this.headers, ...request.headers } : this.headers;
      answer = await this.transport(this.urlFor(request.path, request.rootPath), headers, request.body, {
        timeoutMs: opts.timeoutMs,
        cancel,
        maxBytes,
        maxErrorBytes: MAX_ERROR_BODY_BYTES,
        connection: connectionPolicyFor(this.flavour()),
      });
    } catch (err) {
      if (err instanceof TransportAbortedError || cancel?.aborted) return fail('aborted', 'the task was cancelled');
      if (err instanceof TransportTimeoutError)
        return fail('timeout', `the backend did not answer within ${opts.timeoutMs} ms`);
      if (err instanceof BodyTooLargeError)
        return fail('bad_response', `the backend response exceeded ${maxBytes} bytes`);
      const code = transportCode(err);
      if (!code) return fail('transport', 'the backend is unreachable');
      return { ok: false, error: { kind: 'transport', code, message: `the backend is unreachable (${code})` } };
    } finally {
      if (signal && onAbort) {
        signal.removeEventListener('abort', onAbort);
        opts.cancel?.watch(null);
      }
    }
    return {
      ok: true,
      status: answer.status,
      body: answer.body,
      contentType: headerOf(answer.rawHeaders, 'content-type'),
    };
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
    return upstreamError(status, body, [this.apiKey]);
  }

  /** The same string for the same path every time (the transport looks its parsed URL up by it). */
  /** The URL of an intent's path under the API base, or of a model's own path from the server's root. */
  private urlFor(path: string, rootPath?: string): string {
    const key = rootPath === undefined ? path : `root:${rootPath}`;
    let url = this.urls.get(key);
    if (url === undefined) {
      url = rootPath === undefined ? `${this.apiBase}${path}` : `${backendRoot(this.apiBase)}${rootPath}`;
      this.urls.set(key, url);
    }
    return url;
  }
}

/** One header of an answer's raw list (names in any case), or null. */
function headerOf(raw: readonly string[] | undefined, name: string): string | null {
  if (!raw) return null;
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) return raw[i + 1]!;
  return null;
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
