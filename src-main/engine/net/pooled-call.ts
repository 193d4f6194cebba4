import type { Dispatcher, Pool } from 'undici';
import { BodyTooLargeError } from './read-body';
import {
  TransportAbortedError,
  TransportTimeoutError,
  type CancelWatcher,
  type Cancellation,
} from './call-cancellation';
import { deadlineAfter, unwatchDeadline, watchDeadline, type Deadlined } from './call-deadlines';
import { rawHeader } from './raw-headers';
import { undici } from './undici-on-use';

/*
 * The keep-alive calls of the node's busiest paths (a task's call to its LLM server, a receipt's award post) over
 * undici's connection pools rather than node:http's Agent. Measured on a 2-core machine against a keep-alive server at
 * 64 calls in flight, a call costs the caller 80–100 µs of CPU through `http.request` and about 30 µs through undici's
 * `dispatch` (it writes a request in one go and parses the answer with llhttp without building IncomingMessage
 * streams) — a good part of what a task costs the node beyond the LLM's own work.
 *
 * One pool per origin: up to 256 connections (what the node:http pool allowed), kept alive while calls come and
 * closed after 4 s idle, or sooner when the server says so in `Keep-Alive: timeout=` (undici reads it), which keeps
 * us from reusing a connection the server is about to close. A call has one deadline of its own and no other
 * timeouts; undici's header and body timeouts are off so that a long generation is never cut but by the caller.
 */

export interface PooledTarget {
  /** `http://host:port` or `https://host:port`. */
  origin: string;
  /** Path and query. */
  path: string;
  /** `Authorization` from credentials kept out of the configured URL (url-credentials.ts), or null. */
  authorization: string | null;
}

export interface PooledCallOptions {
  method: 'GET' | 'POST' | 'DELETE';
  timeoutMs: number;
  cancel?: Cancellation;
  maxBytes: number;
  maxErrorBytes: number;
}

export interface PooledResult {
  status: number;
  body: Buffer;
  rawHeaders: string[];
  /**
   * `performance.now()` when the answer's header was parsed and when its body ended (the stall check in http-client).
   */
  headersAt: number;
  endAt: number;
}

const MAX_CONNECTIONS = 256;

interface OriginPool {
  pool: Pool;
  /** Open connections, counted from the pool's events: `pool.stats` sums six figures over every connection per read. */
  connected: number;
}

const pools = new Map<string, OriginPool>();

function poolFor(origin: string): OriginPool {
  let entry = pools.get(origin);
  if (!entry) {
    if (pools.size >= 64) closeIdlePools();
    const pool = new (undici().Pool)(origin, {
      connections: MAX_CONNECTIONS,
      pipelining: 1,
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    const counted: OriginPool = { pool, connected: 0 };
    pool
      .on('connect', () => counted.connected++)
      .on('disconnect', () => (counted.connected = Math.max(0, counted.connected - 1)));
    entry = counted;
    pools.set(origin, entry);
  }
  return entry;
}

/**
 * Origins come from the settings and the directory: a handful. A long-lived node that saw many gets the idle ones
 * closed.
 */
function closeIdlePools(): void {
  for (const [origin, { pool }] of pools) {
    const stats = pool.stats;
    if (stats.running === 0 && stats.pending === 0 && stats.queued === 0) {
      pools.delete(origin);
      void pool.close().catch(() => undefined);
    }
  }
}

/**
 * Lets the pooled connections to one origin go (a server that turned to connections used once must not keep ours):
 * idle ones close now, busy ones once their answer is in; new calls get a new pool.
 */
export function closePooledConnections(origin: string): void {
  const entry = pools.get(origin);
  if (!entry) return;
  pools.delete(origin);
  void entry.pool.close().catch(() => undefined);
}

/** Closes every pool (tests; the engine's stop). */
export async function closeAllPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.pool.destroy().catch(() => undefined)));
}

/**
 * One call over the origin's pool. Rejects with TransportTimeoutError, TransportAbortedError, BodyTooLargeError or a
 * socket error.
 */
export function pooledCall(
  target: PooledTarget,
  headers: Record<string, string>,
  body: string | Buffer | null,
  opts: PooledCallOptions,
): Promise<PooledResult> {
  return new Promise<PooledResult>((resolve, reject) => {
    const call = new PooledCallHandler(opts, resolve, reject);
    if (call.settled) return;
    const h = headersFor(headers, target.authorization);
    const { pool, connected } = poolFor(target.origin);
    const send = () => {
      try {
        pool.dispatch({ origin: target.origin, path: target.path, method: opts.method, headers: h, body }, call);
      } catch (err) {
        call.onError(err instanceof Error ? err : new Error(String(err)));
      }
    };
    // Only a call that may go out on a kept-alive connection can meet one the server is closing (undici's own count of
    // free connections lags a call that has just ended, so any open connection counts).
    if (connected > 0) call.retry = send;
    send();
  });
}

/** The normalised headers of a frozen headers object (the backend client sends the same one on every task). */
const normalised = new WeakMap<object, { authorization: string | null; headers: Record<string, string> }>();

/**
 * The headers as node:http would send them: one value per name case-insensitively (the last wins), no caller's
 * `content-length` (the call's own length wins; undici sets it from the body), `Authorization` from the URL's
 * credentials unless given. Worked out once for a frozen object, else per call.
 */
function headersFor(headers: Readonly<Record<string, string>>, authorization: string | null): Record<string, string> {
  const frozen = Object.isFrozen(headers);
  if (frozen) {
    const hit = normalised.get(headers);
    if (hit && hit.authorization === authorization) return hit.headers;
  }
  const byName = new Map<string, [string, string]>();
  for (const name of Object.keys(headers)) byName.set(name.toLowerCase(), [name, headers[name]!]);
  byName.delete('content-length');
  if (authorization !== null && !byName.has('authorization'))
    byName.set('authorization', ['authorization', authorization]);
  const out: Record<string, string> = {};
  for (const [name, value] of byName.values()) out[name] = value;
  if (frozen) normalised.set(headers, { authorization, headers: out });
  return out;
}

/** One call's state and undici's callbacks; a class, so a call costs one object rather than a closure each. */
class PooledCallHandler implements Dispatcher.DispatchHandler, CancelWatcher, Deadlined {
  settled = false;
  private abort: ((err: Error) => void) | null = null;
  readonly deadline: number;
  prevDue: Deadlined | null = null;
  nextDue: Deadlined | null = null;
  private status = 0;
  private ok = false;
  private cap = 0;
  private chunks: Buffer[] = [];
  private total = 0;
  private rawHeaders: string[] = [];
  private headersAt = 0;
  /** Sends the call once more; null once used, or when the call could not have met a stale connection. */
  retry: (() => void) | null = null;

  constructor(
    private readonly opts: PooledCallOptions,
    private readonly resolve: (r: PooledResult) => void,
    private readonly reject: (err: Error) => void,
  ) {
    // One shared timer watches every call's deadline (call-deadlines.ts), not a timer each.
    this.deadline = deadlineAfter(Math.ceil(opts.timeoutMs));
    watchDeadline(this);
    const cancel = opts.cancel;
    if (cancel) {
      if (cancel.aborted) {
        this.fail(new TransportAbortedError());
        return;
      }
      cancel.watch(this);
    }
  }

  cancelled(): void {
    this.fail(new TransportAbortedError());
  }

  expired(): void {
    this.fail(new TransportTimeoutError(this.abort !== null));
  }

  // undici's handler: told the request is on a connection, then the answer's header, its body, its end, or an error.
  onConnect(abort: (err?: Error) => void): void {
    if (this.settled) {
      abort(new TransportAbortedError());
      return;
    }
    this.abort = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    if (this.settled) return false;
    this.headersAt = performance.now();
    this.status = statusCode;
    this.ok = statusCode >= 200 && statusCode <= 299;
    this.cap = this.ok ? this.opts.maxBytes : this.opts.maxErrorBytes;
    const names: string[] = new Array<string>(rawHeaders.length);
    for (let i = 0; i < rawHeaders.length; i++) names[i] = rawHeaders[i]!.toString('latin1');
    this.rawHeaders = names;
    if (this.ok) {
      const declared = Number(rawHeader(names, 'content-length') ?? Number.NaN);
      if (Number.isFinite(declared) && declared > this.cap) {
        this.fail(new BodyTooLargeError(this.cap, statusCode));
        return false;
      }
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled) return false;
    if (this.total + chunk.length > this.cap) {
      if (this.ok) {
        this.fail(new BodyTooLargeError(this.cap, this.status));
        return false;
      }
      // An error answer is only read for its message: cut, and the connection let go rather than drained.
      this.chunks.push(chunk.subarray(0, this.cap - this.total));
      this.total = this.cap;
      this.succeed();
      this.abort?.(new TransportAbortedError());
      return false;
    }
    this.chunks.push(chunk);
    this.total += chunk.length;
    return true;
  }

  onComplete(): void {
    this.succeed();
  }

  onError(err: Error): void {
    // undici has ended the request already: nothing to abort.
    this.abort = null;
    if (this.settled) return;
    const e = asSocketError(err);
    if (this.retry !== null && this.headersAt === 0 && isReset(e)) {
      // A kept-alive connection the server closed as this call went out: the request never reached the server, so
      // it goes once more (undici opens a new connection for it), as node:http's pool does.
      const again = this.retry;
      this.retry = null;
      again();
      return;
    }
    this.fail(e);
  }

  private succeed(): void {
    if (this.settled) return;
    this.end();
    const chunks = this.chunks;
    this.resolve({
      status: this.status,
      body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.total),
      rawHeaders: this.rawHeaders,
      headersAt: this.headersAt,
      endAt: performance.now(),
    });
  }

  private fail(err: Error): void {
    if (this.settled) return;
    this.end();
    // The connection goes with the call (undici closes it): a half-read answer cannot be reused.
    this.abort?.(err);
    this.reject(err);
  }

  private end(): void {
    this.settled = true;
    unwatchDeadline(this);
    this.opts.cancel?.watch(null);
  }
}

function isReset(err: Error): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'ECONNRESET' || code === 'EPIPE';
}

/**
 * undici names a connection the server closed under a request `UND_ERR_SOCKET` ("other side closed"); the words and
 * the backend monitor know node:http's names for it, so it is reported as the reset it is.
 */
function asSocketError(err: Error): Error {
  const code = (err as { code?: unknown }).code;
  // A header value node:http would refuse too (a control character): named as node:http names it.
  if (code === 'UND_ERR_INVALID_ARG' && /header/i.test(err.message)) {
    return Object.assign(new TypeError(err.message), {
      code: /key|name/i.test(err.message) ? 'ERR_INVALID_HTTP_TOKEN' : 'ERR_INVALID_CHAR',
      cause: err,
    });
  }
  if (code === 'UND_ERR_SOCKET')
    return Object.assign(new Error(`connection closed mid-answer (${err.message})`), {
      code: 'ECONNRESET',
      cause: err,
    });
  return err;
}
