import { request as httpRequest, type Agent as HttpAgent, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BodyTooLargeError } from './read-body';
import {
  TransportAbortedError,
  TransportTimeoutError,
  type Cancellation,
  type CancelWatcher,
} from './call-cancellation';
import { deadlineAfter, unwatchDeadline, watchDeadline, type Deadlined } from './call-deadlines';
import { closePooledConnections, pooledCall, type PooledResult } from './pooled-call';
import { rawHeader } from './raw-headers';
import {
  allOrigins,
  httpAgent,
  httpsAgent,
  preparedFor,
  targetOf,
  type Method,
  type Origin,
  type Route,
  type Target,
} from './request-targets';

export { setSpareConnections } from './spare-connections';
export { rawHeader };

/**
 * How a call reaches its server (why: the comment above `STALL_MIN_MS`; which flavour gets which:
 * `connectionPolicyFor` in backends/transport.ts):
 * - `keep-alive`: a warm socket from the shared pool (opened if none is free), kept for the next call.
 * - `fresh`: a connection used for this call only, asked to close after the answer (`Connection: close`); over
 *   plain http one pre-opened after the previous answer when there is one (spare-connections.ts).
 * - `auto`: keep-alive, unless the server is one known to stall on reused connections (its answers say
 *   `Server: llama.cpp`) or it shows the stall (below); such a server gets fresh connections.
 */
export type ConnectionPolicy = 'keep-alive' | 'fresh' | 'auto';

export interface CallOptions {
  /**
   * Default POST. A GET or DELETE is sent with `body` null (no body, no content-length); a POST without one says
   * `content-length: 0`.
   */
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

/*
 * Why connections used once, and pre-opened. llama.cpp's llama-server (cpp-httplib; b4748 and the builds before its
 * `CPPHTTPLIB_TCP_NODELAY true`) leaves Nagle's algorithm on and writes an answer's header and body in two writes:
 * the body waits in its kernel until the header is acknowledged. On a reused keep-alive connection our kernel
 * delays that ACK (Linux: 40 ms; macOS and Windows delay longer, not measured here), so every answer arrives
 * ~40 ms late (a tiny task: 44 ms instead of 1.5 ms). TCP_NODELAY on our side changes nothing (node:http's agents
 * set it already; the held-back bytes are the server's), and reading the head and body as they come is what
 * node:http does: the body is simply not sent yet. Node cannot set TCP_QUICKACK, and nothing valid can be sent on
 * the socket mid-answer to carry the ACK. What does release the body (tests/bench/backend/release.ts: loopback,
 * Linux 6.18, median gap between header and body over 8 answers):
 * - the server closing the connection after the answer: its FIN pushes out what Nagle held back (Linux sends the
 *   rest with Nagle off when a socket is closed; BSD stacks send it with the FIN) — 0.00 ms even on a connection
 *   whose earlier answers stalled. This is why `Connection: close` never stalls, on any system;
 * - a connection's first answer: Linux acknowledges the first data on a connection at once (quick-ACK), also on one
 *   opened 100 ms before its request — 0.00 ms;
 * - a keep-alive connection that rested ≥ 45 ms before its next request (0.01 ms; ≤ 30 ms: 41–44 ms): Linux leaves
 *   its delayed-ACK "ping-pong" mode when a delayed ACK fires, and returns to it when we send within the ACK
 *   timeout (≥ 40 ms, growing with the traffic) of the last data received.
 * The choice: one connection per call, asked to close, and opened before the task needs it — after an answer came
 * in, a few per server (one per four calls in flight, at most four), closed when tasks stop (spare-connections.ts).
 * Resting keep-alive connections would save the handshake's CPU too, but every resting socket holds one of
 * llama-server's few HTTP threads (one per connection; 3 by default), a rest ≥ the ACK timeout takes ~2 connections
 * per task in flight (one resting, one busy), and it rests on kernel internals. Figures of the backend bench
 * (tests/bench/backend: 50 ms generation, c + 2 server workers, 2-core VM; two runs of the shipped code):
 * - a reused keep-alive connection (node:http's agent: TCP_NODELAY on our side): +39…+42 ms per answer, any c;
 * - a direct client pre-opening its connections, against opening them on demand: −0.2…−1.1 ms p50 at c = 1…16;
 * - a direct client resting its keep-alive connections ≥ 50 ms: no stall at c=1 (−0.6…−0.8 ms, 2 connections held),
 *   but 8 and 32 connections held at c=4 and c=16 for 6 and 18 workers: tasks waited for one (p99 +6 s, +9 s);
 * - the node, pre-opening against opening on demand: c=1 +1.31 / +1.50 ms against +1.35 / +1.58 ms over direct (the
 *   handshake is little of it here: timeline.ts puts the node's call → the server's request at 0.05 ms against
 *   0.19 ms); c=16 −0.13 / −0.26 ms against +1.62 / −0.15 ms, and 0.965 / 0.980 of direct throughput against
 *   0.939 / 0.955. Keep-alive to every server (before): +41…+44 ms.
 * Connection: close also frees llama-server's thread at once (an idle keep-alive connection holds it 5 s, so a 4th
 * concurrent task would wait). The server closes first (it was asked to), so the TIME_WAIT is mostly on its side and
 * our ephemeral port is freed at once (the backend bench counts them); on loopback Linux also reuses TIME_WAIT ports
 * for new connections (tcp_tw_reuse=2, the default), so high task rates do not run out of ports.
 * Servers that set TCP_NODELAY (Ollama: Go; vLLM: uvicorn/asyncio; Node servers) keep the keep-alive pool,
 * which saves the handshake.
 *
 * `auto` (the backend transport's default, so it holds whatever the caller knows about the flavour): an answer
 * saying `Server: llama.cpp` / `llama-server` on a new connection turns its origin to connections used once from the
 * next call. For any other server the stall itself is watched for: a reused socket whose small body ends ≥ 30 ms
 * (and < 1 s: a delayed ACK is at most 500 ms) after its header was parsed. One such call turns the origin to
 * fresh for 10 minutes (then keep-alive is tried again: the server may have changed). If a fresh connection shows
 * the same gap, the gap was the server's own pacing (header flushed before the body is ready), not the stall: the
 * origin goes back to keep-alive and the test stays off for 10 minutes. Turning an origin to fresh closes its idle
 * pooled sockets, which would otherwise hold llama-server's threads until its 5 s keep-alive timeout.
 */
const STALL_MIN_MS = 30;
const STALL_MAX_MS = 1000;
/** A body this small travels in one segment, so a gap before it is the Nagle hold-back, not transfer time. */
const STALL_MAX_BODY_BYTES = 16 * 1024;
const VERDICT_TTL_MS = 10 * 60_000;

/** Whether `auto` sends the next call to this URL's server over a fresh connection (tests and diagnostics). */
export function autoUsesFreshConnections(url: string): boolean {
  return freshNow(targetOf(url).origin);
}

/** Idle pre-opened connections to this URL's server (0 or 1; tests and diagnostics). */
export function spareConnections(url: string): number {
  return targetOf(url).origin.spares?.idle ?? 0;
}

/** Forgets what `auto` learnt about every server, and closes the pre-opened connections (tests). */
export function resetConnectionVerdicts(): void {
  for (const o of allOrigins()) {
    o.fresh = null;
    o.freshUntil = 0;
    o.quietUntil = 0;
    o.spares?.close();
  }
}

function freshNow(o: Origin): boolean {
  if (o.fresh === 'stall' && performance.now() >= o.freshUntil) o.fresh = null;
  return o.fresh !== null;
}

function turnFresh(o: Origin, why: 'server' | 'stall', https: boolean, pooledOrigin: string): void {
  o.fresh = why;
  o.freshUntil = performance.now() + VERDICT_TTL_MS;
  closePooledConnections(pooledOrigin);
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

const KEEP_ALIVE: Route = { kind: 'keep-alive' };
const FRESH: Route = { kind: 'fresh' };

/**
 * One HTTP call over `node:http`, by default over the keep-alive pool (see `ConnectionPolicy`). It costs a fraction
 * of the CPU of global `fetch` per call, and close to a bare `http.request` (measured by
 * tests/bench/proxy/pipeline-steps.ts): the request options and headers are prepared once per URL and headers object
 * (request-targets.ts), and the deadline is watched by one shared timer (call-deadlines.ts), so nothing of a finished
 * call stays alive until a long timeout fires. Never follows redirects: a 3xx comes back as a status like any other.
 * A 2xx body past `maxBytes` fails with BodyTooLargeError; any other body is cut at `maxErrorBytes` (only a message
 * is wanted from it).
 */
export const httpCall = (
  url: string,
  headers: Readonly<Record<string, string>>,
  body: string | Buffer | null,
  opts: CallOptions,
  /** The policy when `opts.connection` names none. */
  defaultConnection: ConnectionPolicy = 'keep-alive',
): Promise<CallResult> => {
  const target = targetOf(url);
  const policy = opts.agent === undefined ? (opts.connection ?? defaultConnection) : null;
  if (policy === 'keep-alive' || (policy === 'auto' && !freshNow(target.origin)))
    return keptAliveCall(target, headers, body, opts, policy === 'auto');
  return new Promise<CallResult>((resolve, reject) => {
    new Call({ target, headers, body, opts, policy, resolve, reject });
  });
};

/**
 * A keep-alive call goes over undici's pool (pooled-call.ts: a third of node:http's CPU per call); with `auto`, what
 * the answer says about its server is looked at.
 */
async function keptAliveCall(
  target: Target,
  headers: Readonly<Record<string, string>>,
  body: string | Buffer | null,
  opts: CallOptions,
  auto: boolean,
): Promise<CallResult> {
  const method = opts.method ?? 'POST';
  // undici keeps node:http's rules: a POST without a body says `content-length: 0`, a GET or DELETE sends no length.
  const r = await pooledCall(target.pooled, headers, body, {
    method,
    timeoutMs: opts.timeoutMs,
    cancel: opts.cancel,
    maxBytes: opts.maxBytes,
    maxErrorBytes: opts.maxErrorBytes,
  });
  if (auto) sawPooledAnswer(target, r);
  return { status: r.status, body: r.body, rawHeaders: r.rawHeaders };
}

/**
 * `auto` on the keep-alive pool: a server naming itself llama.cpp, or a small answer whose body came STALL_MIN_MS or
 * more after its header (the stall), turns the origin to connections used once. Which connection the answer came on
 * is not known here; a gap that was the server's own pacing shows on a connection used once too, and that path then
 * turns the origin back (`Call.sawBody`).
 */
function sawPooledAnswer(target: Target, r: PooledResult): void {
  const o = target.origin;
  if (stallsOnReuse(rawHeader(r.rawHeaders, 'server'))) {
    if (o.fresh !== 'server') turnFresh(o, 'server', target.https, target.pooled.origin);
    return;
  }
  if (o.fresh === 'server') o.fresh = null; // another server on that port now
  const gap = r.endAt - r.headersAt;
  if (
    r.body.length <= STALL_MAX_BODY_BYTES &&
    gap >= STALL_MIN_MS &&
    gap < STALL_MAX_MS &&
    o.fresh === null &&
    performance.now() >= o.quietUntil
  ) {
    turnFresh(o, 'stall', target.https, target.pooled.origin);
  }
}

/** What one node:http call sends, how, and whom it tells of the outcome. */
interface CallSpec {
  target: Target;
  headers: Readonly<Record<string, string>>;
  body: string | Buffer | null;
  opts: CallOptions;
  /** null: the caller's own agent decides. */
  policy: ConnectionPolicy | null;
  resolve: (r: CallResult) => void;
  reject: (err: Error) => void;
}

/** One httpCall; its state lives here rather than in per-call closures. */
class Call implements CancelWatcher, Deadlined {
  private settled = false;
  private answeredOnce = false;
  private retried = false;
  private req: ClientRequest | undefined;
  /** This attempt's connection is used once (`fresh`, or `auto` sending fresh). */
  private fresh = false;
  /** This attempt's connection was a pre-opened one. */
  private spare = false;
  /** Counted among the calls in flight of its server's pre-opened connections (spare-connections.ts). */
  private counted = false;
  /** `auto`: when the answer's header was parsed (performance.now()), if this answer is timed for the stall. */
  private headersAt = 0;
  readonly deadline: number;
  prevDue: Deadlined | null = null;
  nextDue: Deadlined | null = null;

  constructor(private readonly c: CallSpec) {
    this.deadline = deadlineAfter(Math.ceil(c.opts.timeoutMs));
    const cancel = c.opts.cancel;
    if (cancel) {
      if (cancel.aborted) {
        this.finish(new TransportAbortedError());
        return;
      }
      cancel.watch(this);
    }
    watchDeadline(this);
    this.send();
  }

  private send(): void {
    const { target, body, opts, policy } = this.c;
    const method: Method = opts.method ?? 'POST';
    let route: Route;
    if (policy === null) route = { kind: 'agent', agent: opts.agent! };
    else {
      this.fresh = policy === 'fresh' || (policy === 'auto' && freshNow(target.origin));
      route = this.fresh ? FRESH : KEEP_ALIVE;
    }
    const withLength = body !== null || method === 'POST';
    let req: ClientRequest;
    try {
      const { options, lengthAt } = preparedFor(target, this.c.headers, method, withLength, route);
      // node:http writes the list out while it builds the request, so the shared list may take this call's value.
      if (lengthAt >= 0) options.headers[lengthAt] = body === null ? '0' : String(Buffer.byteLength(body));
      req = (target.https ? httpsRequest : httpRequest)(options, (res: IncomingMessage) => this.answered(res));
    } catch (err) {
      // e.g. an http.Agent given for an https URL, or a header value node:http refuses
      this.finish(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    const spares = target.origin.spares;
    if (this.fresh && spares !== null) {
      this.spare = spares.tookSpare;
      if (!this.counted) {
        this.counted = true;
        spares.started();
      }
    } else this.spare = false;
    this.req = req;
    req.on('error', (err: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed while it sat in the pool (or a pre-opened one it closed before our
      // request reached it) fails at once, before any answer: the request never reached the server, so it goes once
      // more on a new socket (what node:http documents).
      if (
        !this.retried &&
        !this.answeredOnce &&
        !this.settled &&
        (req.reusedSocket || this.spare) &&
        (err.code === 'ECONNRESET' || err.code === 'EPIPE')
      ) {
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

  expired(): void {
    const socket = this.req?.socket;
    this.finish(new TransportTimeoutError(socket !== undefined && socket !== null && !socket.connecting));
  }

  private answered(res: IncomingMessage): void {
    this.answeredOnce = true;
    // Only `auto` watches the server: its name on a new connection, and the stall where it can show.
    const auto = this.c.policy === 'auto';
    const timed = auto && this.sawHeader(res);
    // node:http detaches the socket from `res` when it is kept alive, before 'end' is told: hold it here.
    const kept = auto && !this.fresh ? res.socket : null;
    const status = res.statusCode ?? 0;
    const ok = status >= 200 && status <= 299;
    const cap = ok ? this.c.opts.maxBytes : this.c.opts.maxErrorBytes;
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
    res.on('end', () => {
      if (timed) this.sawBody(total);
      // A kept-alive socket to a server now sent fresh connections is not put back in the pool (node:http does that
      // after this 'end'): it would hold one of the server's threads until its keep-alive timeout.
      if (kept !== null && this.c.target.origin.fresh !== null) kept.destroy();
      // The next call to this server finds its connection open (spare-connections.ts).
      if (this.fresh && (this.c.policy === 'fresh' || this.c.target.origin.fresh !== null))
        this.c.target.origin.spares?.refill();
      this.finish(null, {
        status,
        body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total),
        rawHeaders: res.rawHeaders,
      });
    });
    res.on('error', (err) => this.finish(err));
    res.on('aborted', () =>
      this.finish(Object.assign(new Error('connection closed mid-answer'), { code: 'ECONNRESET' })),
    );
  }

  /**
   * `auto`: the header of an answer, and who sent it (read on a new connection only: a server does not change
   * under a kept-alive one). Whether the body is to be timed: on a reused socket while the test is on, or on a fresh
   * one while a stall verdict holds (to tell the server's own pacing from it).
   */
  private sawHeader(res: IncomingMessage): boolean {
    const o = this.c.target.origin;
    const reused = this.req?.reusedSocket === true;
    if (!reused) {
      if (stallsOnReuse(rawHeader(res.rawHeaders, 'server'))) {
        if (o.fresh !== 'server') turnFresh(o, 'server', this.c.target.https, this.c.target.pooled.origin);
      } else if (o.fresh === 'server') {
        o.fresh = null; // another server on that port now
        o.spares?.close();
      }
    }
    if (reused ? o.fresh !== null || performance.now() < o.quietUntil : !(this.fresh && o.fresh === 'stall'))
      return false;
    this.headersAt = performance.now();
    return true;
  }

  /** `auto`: the whole answer is in; was it held back? */
  private sawBody(bytes: number): void {
    const o = this.c.target.origin;
    const gap = performance.now() - this.headersAt;
    if (bytes > STALL_MAX_BODY_BYTES || gap < STALL_MIN_MS || gap >= STALL_MAX_MS) return;
    if (this.req?.reusedSocket && o.fresh === null && performance.now() >= o.quietUntil)
      turnFresh(o, 'stall', this.c.target.https, this.c.target.pooled.origin);
    else if (this.fresh && o.fresh === 'stall') {
      // A fresh connection is acknowledged at once, so this gap is the server's own pacing, not the stall.
      o.fresh = null;
      o.quietUntil = performance.now() + VERDICT_TTL_MS;
      o.spares?.close();
    }
  }

  private finish(err: Error | null, result?: CallResult): void {
    if (this.settled) return;
    this.settled = true;
    unwatchDeadline(this);
    if (this.counted) this.c.target.origin.spares!.ended();
    this.c.opts.cancel?.watch(null);
    if (err) {
      this.req?.destroy(); // none yet when the call was cancelled before it was sent
      this.c.reject(err);
    } else this.c.resolve(result!);
  }
}

/** `Number(res.headers['content-length'])`, or NaN. */
function declaredLength(res: IncomingMessage): number {
  return Number(rawHeader(res.rawHeaders, 'content-length') ?? Number.NaN);
}
