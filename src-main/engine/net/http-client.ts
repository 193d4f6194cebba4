import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { urlToHttpOptions } from 'node:url';
import { BodyTooLargeError } from './read-body';
import { applyUrlCredentials, urlCredentialsGeneration } from './url-credentials';
import { TransportAbortedError, TransportTimeoutError, type Cancellation, type CancelWatcher } from './call-cancellation';
import { closePooledConnections, pooledCall, type PooledResult, type PooledTarget } from './pooled-call';

/**
 * How a call reaches its server (why: the comment above `STALL_MIN_MS`; which flavour gets which:
 * `connectionPolicyFor` in backends/transport.ts):
 * - `keep-alive`: a warm socket from the shared pool (opened if none is free), kept for the next call.
 * - `fresh`: a new connection for this call, asked to close after the answer (`Connection: close`).
 * - `auto`: keep-alive, unless the server is one known to stall on reused connections (its answers say
 *   `Server: llama.cpp`) or it shows the stall (below); such a server gets fresh connections.
 */
export type ConnectionPolicy = 'keep-alive' | 'fresh' | 'auto';

export interface CallOptions {
  /** Default POST. A GET or DELETE is sent with `body` null (no body, no content-length); a POST without one says `content-length: 0`. */
  method?: 'GET' | 'POST' | 'DELETE';
  timeoutMs: number;
  cancel?: Cancellation;
  /** Cap for a 2xx body; past it the call fails with BodyTooLargeError. */
  maxBytes: number;
  /** Cap for an error body: only a message is wanted, so it is cut, not failed. */
  maxErrorBytes: number;
  /** Default `keep-alive` (httpCall's `defaultConnection`). Ignored when `agent` is given. */
  connection?: ConnectionPolicy;
  /**
   * Used instead of the shared pools (an `https.Agent` for an https URL), e.g. a dedicated one-socket keep-alive
   * agent for periodic probes, so they neither queue behind tasks nor open a connection each time. The agent
   * decides reuse: `connection` does not apply.
   */
  agent?: HttpAgent;
}

export interface CallResult {
  status: number;
  body: Buffer;
  /** The answer's headers as received (name, value, name, value …): node:http builds its headers object lazily. */
  rawHeaders: string[];
}

// Shared keep-alive pools: a task reuses a warm socket to the local server (a receipt one to the directory)
// instead of opening one.
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });
// Fresh connections: an agent that never keeps a socket and has no socket cap makes node:http send
// `Connection: close` itself, and close its end once the answer is read.
const freshHttpAgent = new HttpAgent({ keepAlive: false });
const freshHttpsAgent = new HttpsAgent({ keepAlive: false });

/*
 * Why fresh connections. llama.cpp's llama-server (cpp-httplib; b4748 and the builds before its
 * `CPPHTTPLIB_TCP_NODELAY true`) leaves Nagle's algorithm on and writes an answer's header and body in two writes:
 * the body waits in its kernel until the header is acknowledged. On a reused keep-alive connection our kernel
 * delays that ACK (Linux: 40 ms; macOS and Windows delay longer, not measured here), so every answer arrives
 * ~40 ms late (a tiny task: 44 ms instead of 1.5 ms). A fresh connection starts in quick-ack mode (the first segments are
 * acknowledged at once), so the body follows the header within microseconds. Node cannot set TCP_QUICKACK, and
 * nothing valid can be sent on the socket mid-answer to carry the ACK, so the only fix on our side is not to
 * reuse connections to such a server. It also suits llama-server in any build: it serves one connection per HTTP
 * thread (3 by default) and keeps an idle keep-alive connection for 5 s, so our idle pooled sockets would hold
 * its threads (a 4th concurrent task would wait up to 5 s); `Connection: close` frees the thread at once.
 * The cost: a TCP handshake per call (~0.1–0.3 ms on loopback, one round trip on a LAN). The server closes first
 * (it was asked to), so the TIME_WAIT is mostly on its side and our ephemeral port is freed at once (the backend
 * bench counts them: ~9 in 10 on the server's side); on loopback Linux also reuses TIME_WAIT ports for new
 * connections (tcp_tw_reuse=2, the default), so high task rates do not run out of ports.
 * Servers that set TCP_NODELAY (Ollama: Go; vLLM: uvicorn/asyncio; Node servers) keep the keep-alive pool,
 * which saves the handshake.
 *
 * `auto` (the backend transport's default, so it holds whatever the caller knows about the flavour): an answer
 * saying `Server: llama.cpp` / `llama-server` turns its origin to fresh connections from the next call. For any
 * other server the stall itself is watched for: a reused socket whose small body ends ≥ 30 ms (and < 1 s: a
 * delayed ACK is at most 500 ms) after its header was parsed. One such call turns the origin to fresh for 10
 * minutes (then keep-alive is tried again: the server may have changed). If a fresh connection shows the same gap,
 * the gap was the server's own pacing (header flushed before the body is ready), not the stall: the origin goes
 * back to keep-alive and the test stays off for 10 minutes. Turning an origin to fresh closes its idle pooled
 * sockets, which would otherwise hold llama-server's threads until its 5 s keep-alive timeout.
 */
const STALL_MIN_MS = 30;
const STALL_MAX_MS = 1000;
/** A body this small travels in one segment, so a gap before it is the Nagle hold-back, not transfer time. */
const STALL_MAX_BODY_BYTES = 16 * 1024;
const VERDICT_TTL_MS = 10 * 60_000;

/** What `auto` knows of one server (scheme, host, port). */
interface Origin {
  /** Why calls go fresh now: its Server header, the stall seen, or not at all (keep-alive). */
  fresh: 'server' | 'stall' | null;
  /** `performance.now()` until which a stall verdict holds. */
  freshUntil: number;
  /** `performance.now()` until which the stall test is off (the gaps were the server's own). */
  quietUntil: number;
  /** The keep-alive pool's key prefix for this server (`host:port:`). */
  poolPrefix: string;
}

interface Target {
  https: boolean;
  /** The same URL for the keep-alive pools (pooled-call.ts). */
  pooled: PooledTarget;
  /** `scheme://host:port` as undici names the origin. */
  originKey: string;
  /** `http.request` options of the URL (what node:http derives from a URL object on every call). */
  options: RequestOptions;
  origin: Origin;
}

/** Backend and directory URLs are a handful of constants; parsing them once per call showed up in profiles. */
const targetCache = new Map<string, Target>();
/** The credentials' generation the cached targets were prepared with (url-credentials.ts). */
let targetCredentials = 0;
const origins = new Map<string, Origin>();
function targetOf(url: string): Target {
  if (targetCredentials !== urlCredentialsGeneration()) {
    targetCache.clear();
    targetCredentials = urlCredentialsGeneration();
  }
  let t = targetCache.get(url);
  if (!t) {
    if (targetCache.size > 256) {
      targetCache.clear();
      origins.clear(); // together: a cached target must share its origin's verdict with every new one
    }
    // Only what node:http needs of the URL (as urlToHttpOptions derives it): every extra option is copied
    // again by the agent on each request.
    const parsed = new URL(url);
    // Credentials kept out of a configured URL (its user name, password or query) go back in here, on the wire only.
    applyUrlCredentials(parsed);
    const { protocol, hostname, port, path, auth } = urlToHttpOptions(parsed);
    const key = `${protocol}//${hostname}:${port}`;
    let origin = origins.get(key);
    if (!origin) {
      origin = { fresh: null, freshUntil: 0, quietUntil: 0, poolPrefix: `${hostname}:${port}:` };
      origins.set(key, origin);
    }
    const pooledOrigin = `${protocol}//${hostname?.includes(':') ? `[${hostname}]` : hostname}:${port || (protocol === 'https:' ? 443 : 80)}`;
    t = {
      https: protocol === 'https:',
      options: auth === undefined ? { protocol, hostname, port, path } : { protocol, hostname, port, path, auth },
      pooled: auth === undefined || auth === null ? { origin: pooledOrigin, path: path ?? '/' } : { origin: pooledOrigin, path: path ?? '/', auth },
      originKey: pooledOrigin,
      origin,
    };
    targetCache.set(url, t);
  }
  return t;
}

/** Whether `auto` sends the next call to this URL's server over a fresh connection (tests and diagnostics). */
export function autoUsesFreshConnections(url: string): boolean {
  return freshNow(targetOf(url).origin);
}

/** Forgets what `auto` learnt about every server (tests). */
export function resetConnectionVerdicts(): void {
  for (const o of origins.values()) {
    o.fresh = null;
    o.freshUntil = 0;
    o.quietUntil = 0;
  }
}

function freshNow(o: Origin): boolean {
  if (o.fresh === 'stall' && performance.now() >= o.freshUntil) o.fresh = null;
  return o.fresh !== null;
}

function turnFresh(o: Origin, why: 'server' | 'stall', https: boolean, originKey?: string): void {
  o.fresh = why;
  o.freshUntil = performance.now() + VERDICT_TTL_MS;
  if (originKey !== undefined) closePooledConnections(originKey);
  // Idle pooled sockets to it would hold the server's threads until its keep-alive timeout.
  const free = (https ? httpsAgent : httpAgent).freeSockets;
  for (const name of Object.keys(free)) {
    if (!name.startsWith(o.poolPrefix)) continue;
    for (const s of [...(free[name] ?? [])]) s.destroy();
  }
}

/** llama.cpp's server names itself so (it is what flavour detection reads too). */
function stallsOnReuse(server: string | null): boolean {
  if (server === null) return false;
  const s = server.toLowerCase();
  return s.includes('llama.cpp') || s.includes('llama-server');
}

/**
 * One HTTP call over `node:http`, by default over the keep-alive pool (see `ConnectionPolicy`). It costs a fraction
 * of the CPU of global `fetch` per call (measured by tests/bench/proxy and tests/bench/load), and its deadline is a plain timer cleared when the
 * call ends, so nothing of a finished call stays alive until a long timeout fires. Never follows redirects: a
 * 3xx comes back as a status like any other. A 2xx body past `maxBytes` fails with BodyTooLargeError; any other
 * body is cut at `maxErrorBytes` (only a message is wanted from it).
 */
export const httpCall = (
  url: string,
  headers: Record<string, string>,
  body: string | Buffer | null,
  opts: CallOptions,
  /** The policy when `opts.connection` names none. */
  defaultConnection: ConnectionPolicy = 'keep-alive',
): Promise<CallResult> => {
  const target = targetOf(url);
  const policy = opts.agent === undefined ? (opts.connection ?? defaultConnection) : null;
  if (policy === 'keep-alive' || (policy === 'auto' && !freshNow(target.origin))) return keptAliveCall(target, headers, body, opts, policy === 'auto');
  return new Promise<CallResult>((resolve, reject) => {
    new Call(target, headers, body, opts, policy, resolve, reject);
  });
};

/** A keep-alive call over undici's pool (pooled-call.ts); with `auto`, what the answer says about the server is looked at. */
async function keptAliveCall(target: Target, headers: Record<string, string>, body: string | Buffer | null, opts: CallOptions, auto: boolean): Promise<CallResult> {
  const method = opts.method ?? 'POST';
  // node:http's rules, kept: a POST without a body says so; a GET or DELETE without one sends no length.
  const h = body === null && method === 'POST' ? { ...headers, 'content-length': '0' } : headers;
  const r = await pooledCall(target.pooled, h, body, { method, timeoutMs: opts.timeoutMs, cancel: opts.cancel, maxBytes: opts.maxBytes, maxErrorBytes: opts.maxErrorBytes });
  if (auto) sawPooledAnswer(target, r);
  return { status: r.status, body: r.body, rawHeaders: r.rawHeaders };
}

/**
 * `auto` on the keep-alive pool: a server naming itself llama.cpp, or a small answer whose body came ≥ STALL_MIN_MS
 * after its header (the stall), turns the origin to fresh connections. Which connection it came on is not known
 * here; a gap that was the server's own pacing shows on a fresh connection too, and the fresh path then turns the
 * origin back (see `sawBody`).
 */
function sawPooledAnswer(target: Target, r: PooledResult): void {
  const o = target.origin;
  if (stallsOnReuse(rawHeader(r.rawHeaders, 'server'))) {
    if (o.fresh !== 'server') turnFresh(o, 'server', target.https, target.originKey);
    return;
  }
  if (o.fresh === 'server') o.fresh = null;
  const gap = r.endAt - r.headersAt;
  if (r.body.length <= STALL_MAX_BODY_BYTES && gap >= STALL_MIN_MS && gap < STALL_MAX_MS && o.fresh === null && performance.now() >= o.quietUntil) {
    turnFresh(o, 'stall', target.https, target.originKey);
  }
}

/** One httpCall; its state lives here rather than in per-call closures. */
class Call implements CancelWatcher {
  private settled = false;
  private answeredOnce = false;
  private retried = false;
  private readonly timer: NodeJS.Timeout;
  private req: ClientRequest | undefined;
  /** `auto`: this attempt's connection is a fresh one. */
  private fresh = false;
  /** `auto`: when the answer's header was parsed (performance.now()). */
  private headersAt = 0;

  constructor(
    private readonly target: Target,
    private readonly headers: Record<string, string>,
    private readonly body: string | Buffer | null,
    private readonly opts: CallOptions,
    /** null: the caller's own agent decides. */
    private readonly policy: ConnectionPolicy | null,
    private readonly resolve: (r: CallResult) => void,
    private readonly reject: (err: Error) => void,
  ) {
    this.timer = setTimeout(() => {
      const socket = this.req?.socket;
      this.finish(new TransportTimeoutError(socket !== undefined && socket !== null && !socket.connecting));
    }, Math.ceil(opts.timeoutMs));
    const cancel = opts.cancel;
    if (cancel) {
      if (cancel.aborted) {
        this.finish(new TransportAbortedError());
        return;
      }
      cancel.watch(this);
    }
    this.send();
  }

  private send(): void {
    const { target, body, opts } = this;
    const policy = this.policy;
    const method = opts.method ?? 'POST';
    let agent = opts.agent;
    if (policy !== null) {
      this.fresh = policy === 'fresh' || (policy === 'auto' && freshNow(target.origin));
      if (target.https) agent = this.fresh ? freshHttpsAgent : httpsAgent;
      else agent = this.fresh ? freshHttpAgent : httpAgent;
    }
    let req: ClientRequest;
    try {
      req = (target.https ? httpsRequest : httpRequest)(
        {
          ...target.options,
          method,
          agent,
          headers: body !== null ? { ...this.headers, 'content-length': String(Buffer.byteLength(body)) } : method === 'POST' ? { ...this.headers, 'content-length': '0' } : this.headers,
        },
        (res: IncomingMessage) => this.answered(res),
      );
    } catch (err) {
      // e.g. an http.Agent given for an https URL
      this.finish(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    this.req = req;
    req.on('error', (err: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed while it sat in the pool fails at once, before any answer: the
      // request never reached the server, so it goes once more on a fresh socket (what node:http documents).
      if (!this.retried && !this.answeredOnce && !this.settled && req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) {
        this.retried = true;
        this.send();
        return;
      }
      this.finish(err);
    });
    if (body === null) req.end();
    else req.end(body);
  }

  cancelled(): void {
    this.finish(new TransportAbortedError());
  }

  private answered(res: IncomingMessage): void {
    this.answeredOnce = true;
    const auto = this.policy === 'auto';
    if (auto) this.sawHeader(res);
    const status = res.statusCode ?? 0;
    const ok = status >= 200 && status <= 299;
    const cap = ok ? this.opts.maxBytes : this.opts.maxErrorBytes;
    const declared = declaredLength(res);
    if (ok && Number.isFinite(declared) && declared > cap) return this.finish(new BodyTooLargeError(cap, status));
    const chunks: Buffer[] = [];
    let total = 0;
    res.on('data', (chunk: Buffer) => {
      if (this.settled) return;
      if (total + chunk.length > cap) {
        if (ok) return this.finish(new BodyTooLargeError(cap, status));
        chunks.push(chunk.subarray(0, cap - total));
        total = cap;
        this.finish(null, { status, body: Buffer.concat(chunks, total), rawHeaders: res.rawHeaders });
        return;
      }
      chunks.push(chunk);
      total += chunk.length;
    });
    // node:http detaches the socket from `res` when it is kept alive, before 'end' is told: hold it here.
    const socket = auto ? res.socket : null;
    res.on('end', () => {
      if (socket) this.sawBody(socket, total);
      this.finish(null, { status, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total), rawHeaders: res.rawHeaders });
    });
    res.on('error', (err) => this.finish(err));
    res.on('aborted', () => this.finish(Object.assign(new Error('connection closed mid-answer'), { code: 'ECONNRESET' })));
  }

  /** `auto`: the header of an answer, and who sent it. */
  private sawHeader(res: IncomingMessage): void {
    this.headersAt = performance.now();
    const o = this.target.origin;
    if (stallsOnReuse(rawHeader(res.rawHeaders, 'server'))) {
      if (o.fresh !== 'server') turnFresh(o, 'server', this.target.https);
    } else if (o.fresh === 'server') {
      o.fresh = null; // another server on that port now
    }
  }

  /** `auto`: the whole answer is in; was it held back? */
  private sawBody(socket: Socket, bytes: number): void {
    const o = this.target.origin;
    const gap = performance.now() - this.headersAt;
    if (bytes <= STALL_MAX_BODY_BYTES && gap >= STALL_MIN_MS && gap < STALL_MAX_MS) {
      if (this.req?.reusedSocket && o.fresh === null && performance.now() >= o.quietUntil) turnFresh(o, 'stall', this.target.https);
      else if (this.fresh && o.fresh === 'stall') {
        // A fresh connection is acknowledged at once, so this gap is the server's own pacing, not the stall.
        o.fresh = null;
        o.quietUntil = performance.now() + VERDICT_TTL_MS;
      }
    }
    // A kept-alive socket to a server now sent fresh connections is not put back in the pool (node:http does that
    // after this 'end'): it would hold one of the server's threads until its keep-alive timeout.
    if (!this.fresh && o.fresh !== null) socket.destroy();
  }

  private finish(err: Error | null, result?: CallResult): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.opts.cancel?.watch(null);
    if (err) {
      this.req?.destroy(); // none yet when the call was cancelled before it was sent
      this.reject(err);
    } else this.resolve(result!);
  }
}

/**
 * The first value of a header, as node:http keeps it, without building the headers object (which node:http does
 * lazily on first use, for every header); null if absent. `name` in lower case.
 */
export function rawHeader(rawHeaders: readonly string[], name: string): string | null {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const n = rawHeaders[i]!;
    if (n.length === name.length && n.toLowerCase() === name) return rawHeaders[i + 1] ?? null;
  }
  return null;
}

/** `Number(res.headers['content-length'])`, or NaN. */
function declaredLength(res: IncomingMessage): number {
  return Number(rawHeader(res.rawHeaders, 'content-length') ?? Number.NaN);
}
