import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BodyTooLargeError } from './read-body';
import { TransportAbortedError, TransportTimeoutError, type CancelWatcher } from './call-cancellation';
import { deadlineAfter, unwatchDeadline, watchDeadline, type Deadlined } from './call-deadlines';
import type { CallOptions, CallResult, ConnectionPolicy } from './call-options';
import {
  STALL_MAX_BODY_BYTES,
  STALL_MAX_MS,
  STALL_MIN_MS,
  VERDICT_TTL_MS,
  freshNow,
  stallsOnReuse,
  turnFresh,
} from './connection-verdicts';
import { rawHeader } from './raw-headers';
import { preparedFor, type Method, type Route, type Target } from './request-targets';

const KEEP_ALIVE: Route = { kind: 'keep-alive' };
const FRESH: Route = { kind: 'fresh' };

/** What one node:http call sends, how, and whom it tells of the outcome. */
export interface CallSpec {
  target: Target;
  headers: Readonly<Record<string, string>>;
  body: string | Buffer | null;
  opts: CallOptions;
  /** null: the caller's own agent decides. */
  policy: ConnectionPolicy | null;
  resolve: (r: CallResult) => void;
  reject: (err: Error) => void;
}

/**
 * One httpCall over node:http (connections used once, `auto` sending fresh, or the caller's own agent); its state
 * lives here rather than in per-call closures.
 */
export class NodeHttpCall implements CancelWatcher, Deadlined {
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
