import { Cancellation, TransportAbortedError, TransportTimeoutError } from '../net/call-cancellation';
import { httpCall, rawHeader } from '../net/http-client';
import { BodyTooLargeError, readBodyCapped } from '../net/read-body';
import { parseDirectoryFailure, type DirectoryFailure } from './errors';

export const DIRECTORY_TIMEOUT_MS = 7000;
const MAX_BODY_BYTES = 1024 * 1024;

export type DirectoryResponse =
  | { ok: true; status: number; body: Record<string, unknown> }
  | { ok: false; failure: DirectoryFailure };

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
 * One call to the directory. Never follows redirects (a redirect could carry the node token elsewhere),
 * bounds time and body size, and turns every non-2xx into a parsed `DirectoryFailure`. Network trouble
 * throws `DirectoryNetworkError` (the caller backs off); it never carries the token in its message.
 * Over node:http unless a `fetch` is given (tests script directories that way): a receipt is posted per
 * served task, and global fetch cost several times the CPU per call on the node's busiest path.
 */
export async function callDirectory(base: string, req: DirectoryRequest, fetchImpl?: typeof fetch): Promise<DirectoryResponse> {
  const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'iicp-provider' };
  if (req.body !== undefined) headers['Content-Type'] = 'application/json';
  if (req.token) headers.Authorization = `Bearer ${req.token}`;
  if (req.nodeId) headers['X-Node-Id'] = req.nodeId;
  Object.assign(headers, req.headers);
  const url = directoryUrl(base, req.route, req.query);
  const body = req.body === undefined ? null : JSON.stringify(req.body);
  const answer = fetchImpl ? await viaFetch(fetchImpl, url, req, headers, body) : await viaNodeHttp(url, req, headers, body);
  if ('tooLarge' in answer) {
    // The directory was reached and answered; an answer we refuse to read is not a network problem.
    return { ok: false, failure: { status: answer.status, code: 'response_too_large', message: 'The directory sent an answer too large to read.' } };
  }
  let parsed: unknown;
  try {
    parsed = answer.text ? JSON.parse(answer.text) : null;
  } catch {
    parsed = null;
  }
  if (answer.status >= 200 && answer.status < 300) {
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return { ok: false, failure: { status: answer.status, code: 'bad_response', message: 'The directory answered with something that is not a JSON object.' } };
    }
    return { ok: true, status: answer.status, body: parsed as Record<string, unknown> };
  }
  return { ok: false, failure: parseDirectoryFailure(answer.status, parsed, answer.retryAfter) };
}

type RawAnswer = { status: number; text: string; retryAfter: string | null } | { status: number; tooLarge: true };

async function viaNodeHttp(url: string, req: DirectoryRequest, headers: Record<string, string>, body: string | null): Promise<RawAnswer> {
  const cancel = new Cancellation();
  const onAbort = () => cancel.cancel();
  if (req.signal?.aborted) cancel.cancel();
  req.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await httpCall(url, headers, body, { method: req.method, timeoutMs: req.timeoutMs ?? DIRECTORY_TIMEOUT_MS, cancel, maxBytes: MAX_BODY_BYTES, maxErrorBytes: MAX_BODY_BYTES });
    return { status: res.status, text: res.body.toString('utf8'), retryAfter: rawHeader(res.rawHeaders, 'retry-after') };
  } catch (err) {
    if (err instanceof BodyTooLargeError) return { status: err.status ?? 200, tooLarge: true };
    const why = err instanceof TransportTimeoutError ? 'timed out' : err instanceof TransportAbortedError ? 'aborted' : err instanceof Error ? err.message : 'failed';
    throw new DirectoryNetworkError(`directory request ${req.method} ${req.route} ${why}`, { cause: err });
  } finally {
    req.signal?.removeEventListener('abort', onAbort);
  }
}

async function viaFetch(fetchImpl: typeof fetch, url: string, req: DirectoryRequest, headers: Record<string, string>, body: string | null): Promise<RawAnswer> {
  const timeout = AbortSignal.timeout(req.timeoutMs ?? DIRECTORY_TIMEOUT_MS);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetchImpl(url, { method: req.method, headers, body: body ?? undefined, redirect: 'manual', signal });
  } catch (err) {
    const why = timeout.aborted ? 'timed out' : err instanceof Error && 'cause' in err && err.cause instanceof Error ? err.cause.message : 'failed';
    throw new DirectoryNetworkError(`directory request ${req.method} ${req.route} ${why}`, { cause: err });
  }
  try {
    return { status: res.status, text: (await readBodyCapped(res, MAX_BODY_BYTES)).toString('utf8'), retryAfter: res.headers.get('retry-after') };
  } catch (err) {
    if (err instanceof BodyTooLargeError) return { status: res.status, tooLarge: true };
    throw new DirectoryNetworkError(`directory response to ${req.route} could not be read`, { cause: err });
  }
}
