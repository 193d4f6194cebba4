import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { urlToHttpOptions } from 'node:url';
import { BodyTooLargeError } from './read-body';

export class TransportTimeoutError extends Error {
  constructor() {
    super('timed out');
    this.name = 'TransportTimeoutError';
  }
}

export class TransportAbortedError extends Error {
  constructor() {
    super('aborted');
    this.name = 'TransportAbortedError';
  }
}

/** Told once when its call is cancelled. */
export interface CancelWatcher {
  cancelled(): void;
}

/**
 * Cancels a backend call: a cheaper stand-in for an AbortSignal on the task path (no EventTarget, no
 * listener objects), watched by at most one call at a time. Cancelling twice does nothing.
 */
export class Cancellation {
  private done = false;
  private watcher: CancelWatcher | null = null;

  get aborted(): boolean {
    return this.done;
  }

  cancel(): void {
    if (this.done) return;
    this.done = true;
    const w = this.watcher;
    this.watcher = null;
    w?.cancelled();
  }

  /** The call to tell (null: none any more). */
  watch(watcher: CancelWatcher | null): void {
    this.watcher = watcher;
  }
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  timeoutMs: number;
  cancel?: Cancellation;
  /** Cap for a 2xx body; past it the call fails with BodyTooLargeError. */
  maxBytes: number;
  /** Cap for an error body: only a message is wanted, so it is cut, not failed. */
  maxErrorBytes: number;
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

interface Target {
  https: boolean;
  /** `http.request` options of the URL (what node:http derives from a URL object on every call). */
  options: RequestOptions;
}

/** Backend and directory URLs are a handful of constants; parsing them once per call showed up in profiles. */
const targetCache = new Map<string, Target>();
function targetOf(url: string): Target {
  let t = targetCache.get(url);
  if (!t) {
    if (targetCache.size > 256) targetCache.clear();
    // Only what node:http needs of the URL (as urlToHttpOptions derives it): every extra option is copied
    // again by the agent on each request.
    const { protocol, hostname, port, path, auth } = urlToHttpOptions(new URL(url));
    t = { https: protocol === 'https:', options: auth === undefined ? { protocol, hostname, port, path } : { protocol, hostname, port, path, auth } };
    targetCache.set(url, t);
  }
  return t;
}

/**
 * One HTTP call over `node:http` with a keep-alive agent. It costs a fraction of the CPU of global `fetch` per
 * call (measured by tests/bench/proxy and tests/bench/load), and its deadline is a plain timer cleared when the
 * call ends, so nothing of a finished call stays alive until a long timeout fires. Never follows redirects: a
 * 3xx comes back as a status like any other. A 2xx body past `maxBytes` fails with BodyTooLargeError; any other
 * body is cut at `maxErrorBytes` (only a message is wanted from it).
 */
export const httpCall = (url: string, headers: Record<string, string>, body: string | Buffer | null, opts: CallOptions): Promise<CallResult> =>
  new Promise<CallResult>((resolve, reject) => {
    new Call(targetOf(url), headers, body, opts, resolve, reject);
  });

/** One httpCall; its state lives here rather than in per-call closures. */
class Call implements CancelWatcher {
  private settled = false;
  private answeredOnce = false;
  private retried = false;
  private readonly timer: NodeJS.Timeout;
  private req: ClientRequest | undefined;

  constructor(
    private readonly target: Target,
    private readonly headers: Record<string, string>,
    private readonly body: string | Buffer | null,
    private readonly opts: CallOptions,
    private readonly resolve: (r: CallResult) => void,
    private readonly reject: (err: Error) => void,
  ) {
    this.timer = setTimeout(() => this.finish(new TransportTimeoutError()), Math.ceil(opts.timeoutMs));
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
    const { target, body } = this;
    const req = (target.https ? httpsRequest : httpRequest)(
      {
        ...target.options,
        method: this.opts.method ?? 'POST',
        agent: target.https ? httpsAgent : httpAgent,
        headers: body === null ? this.headers : { ...this.headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res: IncomingMessage) => this.answered(res),
    );
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
    res.on('end', () => this.finish(null, { status, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total), rawHeaders: res.rawHeaders }));
    res.on('error', (err) => this.finish(err));
    res.on('aborted', () => this.finish(Object.assign(new Error('connection closed mid-answer'), { code: 'ECONNRESET' })));
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
