import {
  BodyTooLargeError,
  JsonShapeScanner,
  readBodyCapped,
  shapeFields,
  type ByteBudget,
  type ShapeLimits,
  type ShapeProblem,
} from '../net';

/** A relay's answer that is not "go on": the status and the relay's error code, for the worker to decide. */
export class RelayRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'RelayRefusal';
  }
}

export interface RelaySession {
  token: string;
  /** How long the relay holds a pull open before it answers 204. */
  pollTimeoutMs: number;
  /** The consumer-facing path the relay serves for this worker (`/v1/relay-for/<worker_id>`). */
  endpointPath: string;
}

/**
 * What one pull brought. A call is still the relay's raw bytes (parsed later, off the event loop), holding its share
 * of the node's body budget until `release`. A call refused while it was read (too large, too deep, no room in the
 * budget) is not read further; `callId` is the id the relay gave, where it came before the refusal.
 */
export type Pulled =
  | { kind: 'call'; raw: Buffer; callId: string | undefined; release: () => void }
  | { kind: 'idle' }
  | { kind: 'refused'; callId: string | undefined; why: ShapeProblem | 'too_large' | 'no_room' };

/** How a pulled call is read: against the node's own body budget and the task port's shape limits. */
export interface PullLimits {
  budget: ByteBudget;
  /** Who the bytes are booked to in the budget. */
  source: string;
  /** The shape limits of the call as a whole (a task's, plus the call's own level and keys). */
  shape: ShapeLimits;
}

/** A task from the relay can be as large as one the node accepts directly (8 MiB) plus the call's own keys. */
export const MAX_CALL_BYTES = 8 * 1024 * 1024 + 64 * 1024;
const MAX_SMALL_BYTES = 64 * 1024;

/**
 * The worker side of a relay's HTTP long-poll transport: bind, pull, result, unbind. Each call
 * is bounded in time and in the bytes it reads; failures come back as a RelayRefusal (the relay answered) or as the
 * network error (it did not), so the worker can tell a busy relay from a dead one.
 */
export class RelayClient {
  constructor(
    readonly url: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async bind(
    body: { worker_id: string; intent: string; models: string[]; bind_ticket?: string },
    timeoutMs = 10_000,
  ): Promise<RelaySession> {
    const { status, json, retryAfter } = await this.call('/v1/relay/bind', { token: null, body, timeoutMs });
    if (status !== 200 && status !== 201) throw refusal(status, json, retryAfter, 'bind');
    const token = typeof json?.session_token === 'string' ? json.session_token : '';
    if (!token || token.length > 1024)
      throw new RelayRefusal(status, 'bad_response', 'The relay accepted the bind but sent no session token.');
    const poll =
      typeof json?.poll_timeout_s === 'number' && Number.isFinite(json.poll_timeout_s) ? json.poll_timeout_s : 25;
    const path =
      typeof json?.worker_endpoint_path === 'string' && json.worker_endpoint_path.startsWith('/')
        ? json.worker_endpoint_path
        : `/v1/relay-for/${encodeURIComponent(body.worker_id)}`;
    return { token, pollTimeoutMs: Math.min(60, Math.max(1, poll)) * 1000, endpointPath: path };
  }

  /**
   * One long poll: a call, or idle (204) when the relay's window passed without one. A call is read as the task port
   * reads a body: each chunk booked against the node's body budget as it arrives, its shape checked as it streams
   * (four million `[` are refused after the first few, before anything is built from them), nothing parsed here.
   */
  async pull(session: RelaySession, limits: PullLimits, signal?: AbortSignal): Promise<Pulled> {
    // The relay answers 204 after its own window; our deadline is a little later so a slow network is not a failure.
    const timeout = AbortSignal.timeout(session.pollTimeoutMs + 15_000);
    const res = await this.fetchImpl(this.url + '/v1/relay/pull', {
      method: 'GET',
      headers: { Accept: 'application/json', 'User-Agent': 'iicp-provider', Authorization: `Bearer ${session.token}` },
      redirect: 'manual',
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    if (res.status === 204) {
      await res.body?.cancel().catch(() => undefined);
      return { kind: 'idle' };
    }
    if (res.status !== 200) {
      const { json } = await readSmallJson(res);
      throw refusal(res.status, json, res.headers.get('retry-after'), 'pull');
    }
    return readCall(res, limits);
  }

  async result(
    session: RelaySession,
    callId: string,
    result: Record<string, unknown>,
    timeoutMs = 15_000,
  ): Promise<void> {
    const { status, json, retryAfter } = await this.call('/v1/relay/result', {
      token: session.token,
      body: { call_id: callId, result },
      timeoutMs,
    });
    if (status < 200 || status >= 300) throw refusal(status, json, retryAfter, 'result');
  }

  /** Best effort: the relay forgets an unpulled session after 90 s anyway. */
  async unbind(session: RelaySession, timeoutMs = 5_000): Promise<void> {
    await this.call('/v1/relay/unbind', { token: session.token, body: {}, timeoutMs }).catch(() => undefined);
  }

  private async call(
    path: string,
    c: SmallCall,
  ): Promise<{ status: number; json: Record<string, unknown> | null; retryAfter: string | null; bytes: number }> {
    const { method = 'POST', token, body, timeoutMs, maxBytes = MAX_SMALL_BYTES, signal } = c;
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'iicp-provider' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    const timeout = AbortSignal.timeout(timeoutMs);
    const res = await this.fetchImpl(this.url + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      // A redirect could carry the session token to another host.
      redirect: 'manual',
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    const { json, bytes } = await readSmallJson(res, maxBytes);
    return { status: res.status, json, retryAfter: res.headers.get('retry-after'), bytes };
  }
}

/** One call to the relay with a small JSON answer: the session's token (none to bind), the body, and its bounds. */
interface SmallCall {
  method?: 'GET' | 'POST';
  token: string | null;
  body: unknown;
  timeoutMs: number;
  /** The most of the answer read; MAX_SMALL_BYTES unless said. */
  maxBytes?: number;
  signal?: AbortSignal;
}

/** A small JSON answer (bind, a refusal): capped, and small enough to parse where it is. */
async function readSmallJson(
  res: Response,
  maxBytes = MAX_SMALL_BYTES,
): Promise<{ json: Record<string, unknown> | null; bytes: number }> {
  let buf: Buffer;
  try {
    buf = await readBodyCapped(res, maxBytes);
  } catch (err) {
    if (err instanceof BodyTooLargeError)
      throw new RelayRefusal(res.status, 'response_too_large', 'The relay sent more than it should.');
    throw err;
  }
  let json: Record<string, unknown> | null = null;
  if (buf.length > 0) {
    try {
      const parsed: unknown = JSON.parse(buf.toString('utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
    } catch {
      json = null;
    }
  }
  return { json, bytes: buf.length };
}

const CALL_FIELDS = shapeFields(['call_id']);

/** The body of a 200 pull, within the size cap, the budget and the shape limits (see `RelayClient.pull`). */
async function readCall(res: Response, limits: PullLimits): Promise<Pulled> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > MAX_CALL_BYTES) {
    await res.body?.cancel().catch(() => undefined);
    return { kind: 'refused', callId: undefined, why: 'too_large' };
  }
  if (!res.body) return { kind: 'call', raw: Buffer.alloc(0), callId: undefined, release: () => undefined };
  const scanner = new JsonShapeScanner(limits.shape, CALL_FIELDS);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let reserved = 0;
  const release = () => {
    limits.budget.release(limits.source, reserved);
    reserved = 0;
  };
  const refuse = async (why: Extract<Pulled, { kind: 'refused' }>['why']): Promise<Pulled> => {
    release();
    await reader.cancel().catch(() => undefined);
    return { kind: 'refused', callId: scanner.field('call_id'), why };
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > MAX_CALL_BYTES) return await refuse('too_large');
      if (!limits.budget.tryReserve(limits.source, value.byteLength)) return await refuse('no_room');
      reserved += value.byteLength;
      const problem = scanner.push(value);
      if (problem) return await refuse(problem);
      chunks.push(value);
    }
  } catch (err) {
    release();
    throw err;
  }
  const raw = Buffer.concat(chunks, total);
  return { kind: 'call', raw, callId: scanner.field('call_id'), release };
}

function refusal(
  status: number,
  json: Record<string, unknown> | null,
  retryAfter: string | null,
  what: string,
): RelayRefusal {
  const err = json?.error && typeof json.error === 'object' ? (json.error as Record<string, unknown>) : null;
  const code =
    typeof err?.code === 'string'
      ? err.code.slice(0, 64)
      : typeof json?.error === 'string'
        ? json.error.slice(0, 64)
        : null;
  const secs = retryAfter !== null && /^\d{1,6}$/.test(retryAfter.trim()) ? Number(retryAfter.trim()) * 1000 : null;
  return new RelayRefusal(status, code, `The relay refused the ${what} (${status}${code ? ` ${code}` : ''}).`, secs);
}
