import {
  BodyTooLargeError,
  Cancellation,
  httpCall,
  rawHeader,
  readBodyCapped,
  TransportAbortedError,
  TransportTimeoutError,
} from '../net';
import { parseDirectoryFailure, type DirectoryFailure } from './errors';

export const DIRECTORY_TIMEOUT_MS = 7000;
const MAX_BODY_BYTES = 1024 * 1024;

export type DirectoryResponse =
  { ok: true; status: number; body: Record<string, unknown> } | { ok: false; failure: DirectoryFailure };

export class DirectoryNetworkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DirectoryNetworkError';
  }
}

export interface DirectoryRequest {
  method: 'GET' | 'POST' | 'DELETE';
  route: string; // e.g. "/v1/register"
  body?: unknown;
  token?: string | null;
  nodeId?: string;
  query?: Record<string, string>;
  /** Extra request headers (a restricted trust domain's `X-IICP-Membership`). */
  headers?: Record<string, string>;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** `{base}/v1/<route>` with any trailing slash of the base trimmed, as every IICP client composes it. */
export function directoryUrl(base: string, route: string, query?: Record<string, string>): string {
  const url = new URL(base.replace(/\/+$/, '') + route);
  for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
  return url.toString();
}

/**
 * A call made many times with the same URL and headers (a receipt award per served task): composed once, posted
 * with `callPrepared`. Frozen: the same headers object goes to every call.
 */
export interface PreparedCall {
  readonly method: DirectoryRequest['method'];
  readonly route: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

/** Composes the URL and headers of `req` (its body aside); throws a TypeError for a base that is not a URL. */
export function prepareCall(
  base: string,
  req: Omit<DirectoryRequest, 'body' | 'signal'> & { json: boolean },
): PreparedCall {
  const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'iicp-provider' };
  if (req.json) headers['Content-Type'] = 'application/json';
  if (req.token) headers.Authorization = `Bearer ${req.token}`;
  if (req.nodeId) headers['X-Node-Id'] = req.nodeId;
  Object.assign(headers, req.headers);
  return Object.freeze({
    method: req.method,
    route: req.route,
    url: directoryUrl(base, req.route, req.query),
    headers: Object.freeze(headers),
    timeoutMs: req.timeoutMs,
  });
}

/**
 * One call to the directory. Never follows redirects (a redirect could carry the node token elsewhere),
 * bounds time and body size, and turns every non-2xx into a parsed `DirectoryFailure`. Network trouble
 * throws `DirectoryNetworkError` (the caller backs off); it never carries the token in its message.
 * Over node:http unless a `fetch` is given (tests script directories that way): a receipt is posted per
 * served task, and global fetch cost several times the CPU per call on the node's busiest path.
 */
export async function callDirectory(
  base: string,
  req: DirectoryRequest,
  fetchImpl?: typeof fetch,
): Promise<DirectoryResponse> {
  const call = prepareCall(base, { ...req, json: req.body !== undefined });
  return callPrepared(call, req.body === undefined ? null : JSON.stringify(req.body), fetchImpl, req.signal);
}

/** `callDirectory` with the URL and headers already composed and the body already serialised (sent as it is). */
export async function callPrepared(
  call: PreparedCall,
  body: string | null,
  fetchImpl?: typeof fetch,
  signal?: AbortSignal,
): Promise<DirectoryResponse> {
  const answer = fetchImpl ? await viaFetch(fetchImpl, call, body, signal) : await viaNodeHttp(call, body, signal);
  if ('tooLarge' in answer) {
    // The directory was reached and answered; an answer we refuse to read is not a network problem.
    return {
      ok: false,
      failure: {
        status: answer.status,
        code: 'response_too_large',
        message: 'The directory sent an answer too large to read.',
      },
    };
  }
  let parsed: unknown;
  try {
    parsed = answer.text ? JSON.parse(answer.text) : null;
  } catch {
    parsed = null;
  }
  if (answer.status >= 200 && answer.status < 300) {
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return {
        ok: false,
        failure: {
          status: answer.status,
          code: 'bad_response',
          message: 'The directory answered with something that is not a JSON object.',
        },
      };
    }
    return { ok: true, status: answer.status, body: parsed as Record<string, unknown> };
  }
  return { ok: false, failure: parseDirectoryFailure(answer.status, parsed, answer.retryAfter) };
}

type RawAnswer = { status: number; text: string; retryAfter: string | null } | { status: number; tooLarge: true };

async function viaNodeHttp(call: PreparedCall, body: string | null, signal?: AbortSignal): Promise<RawAnswer> {
  const cancel = new Cancellation();
  const onAbort = () => cancel.cancel();
  if (signal?.aborted) cancel.cancel();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    // Frozen headers: httpCall works out what it sends from them once, and never changes the object.
    const res = await httpCall(call.url, call.headers, body, {
      method: call.method,
      timeoutMs: call.timeoutMs ?? DIRECTORY_TIMEOUT_MS,
      cancel,
      maxBytes: MAX_BODY_BYTES,
      maxErrorBytes: MAX_BODY_BYTES,
    });
    return {
      status: res.status,
      text: res.body.toString('utf8'),
      retryAfter: rawHeader(res.rawHeaders, 'retry-after'),
    };
  } catch (err) {
    if (err instanceof BodyTooLargeError) return { status: err.status ?? 200, tooLarge: true };
    const why =
      err instanceof TransportTimeoutError
        ? 'timed out'
        : err instanceof TransportAbortedError
          ? 'aborted'
          : err instanceof Error
            ? err.message
            : 'failed';
    throw new DirectoryNetworkError(`directory request ${call.method} ${call.route} ${why}`, { cause: err });
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

async function viaFetch(
  fetchImpl: typeof fetch,
  call: PreparedCall,
  body: string | null,
  given?: AbortSignal,
): Promise<RawAnswer> {
  const timeout = AbortSignal.timeout(call.timeoutMs ?? DIRECTORY_TIMEOUT_MS);
  const signal = given ? AbortSignal.any([given, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetchImpl(call.url, {
      method: call.method,
      headers: call.headers,
      body: body ?? undefined,
      redirect: 'manual',
      signal,
    });
  } catch (err) {
    const why = timeout.aborted
      ? 'timed out'
      : err instanceof Error && 'cause' in err && err.cause instanceof Error
        ? err.cause.message
        : 'failed';
    throw new DirectoryNetworkError(`directory request ${call.method} ${call.route} ${why}`, { cause: err });
  }
  try {
    return {
      status: res.status,
      text: (await readBodyCapped(res, MAX_BODY_BYTES)).toString('utf8'),
      retryAfter: res.headers.get('retry-after'),
    };
  } catch (err) {
    if (err instanceof BodyTooLargeError) return { status: res.status, tooLarge: true };
    throw new DirectoryNetworkError(`directory response to ${call.route} could not be read`, { cause: err });
  }
}
