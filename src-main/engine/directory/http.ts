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
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** `{base}/v1/<route>` with any trailing slash of the base trimmed (brief §2.1). */
export function directoryUrl(base: string, route: string, query?: Record<string, string>): string {
  const url = new URL(base.replace(/\/+$/, '') + route);
  for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
  return url.toString();
}

/**
 * One call to the directory. Never follows redirects (a redirect could carry the node token elsewhere),
 * bounds time and body size, and turns every non-2xx into a parsed `DirectoryFailure`. Network trouble
 * throws `DirectoryNetworkError` (the caller backs off); it never carries the token in its message.
 */
export async function callDirectory(base: string, req: DirectoryRequest, fetchImpl: typeof fetch = fetch): Promise<DirectoryResponse> {
  const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'iicp-provider' };
  if (req.body !== undefined) headers['Content-Type'] = 'application/json';
  if (req.token) headers.Authorization = `Bearer ${req.token}`;
  if (req.nodeId) headers['X-Node-Id'] = req.nodeId;
  const timeout = AbortSignal.timeout(req.timeoutMs ?? DIRECTORY_TIMEOUT_MS);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetchImpl(directoryUrl(base, req.route, req.query), {
      method: req.method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      redirect: 'manual',
      signal,
    });
  } catch (err) {
    const why = timeout.aborted ? 'timed out' : err instanceof Error && 'cause' in err && err.cause instanceof Error ? err.cause.message : 'failed';
    throw new DirectoryNetworkError(`directory request ${req.method} ${req.route} ${why}`, { cause: err });
  }
  let text: string;
  try {
    text = (await readBodyCapped(res, MAX_BODY_BYTES)).toString('utf8');
  } catch (err) {
    // The directory was reached and answered; an answer we refuse to read is not a network problem.
    if (err instanceof BodyTooLargeError) {
      return { ok: false, failure: { status: res.status, code: 'response_too_large', message: 'The directory sent an answer too large to read.' } };
    }
    throw new DirectoryNetworkError(`directory response to ${req.route} could not be read`, { cause: err });
  }
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (res.status >= 200 && res.status < 300) {
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return { ok: false, failure: { status: res.status, code: 'bad_response', message: 'The directory answered with something that is not a JSON object.' } };
    }
    return { ok: true, status: res.status, body: body as Record<string, unknown> };
  }
  return { ok: false, failure: parseDirectoryFailure(res.status, body, res.headers.get('retry-after')) };
}
