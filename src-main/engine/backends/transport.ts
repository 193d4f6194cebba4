import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { urlToHttpOptions } from 'node:url';
import { BodyTooLargeError, readBodyCapped } from './http';

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

export interface PostOptions {
  timeoutMs: number;
  cancel?: Cancellation;
  /** Cap for a 2xx body; past it the call fails with BodyTooLargeError. */
  maxBytes: number;
  /** Cap for an error body: only a message is wanted, so it is cut, not failed. */
  maxErrorBytes: number;
}

export interface PostResult {
  status: number;
  body: Buffer;
}

/** One JSON POST to the backend. Never follows redirects; a 3xx comes back as a status like any other. */
export type BackendTransport = (url: string, headers: Record<string, string>, body: string, opts: PostOptions) => Promise<PostResult>;

// Shared keep-alive pools: a task reuses a warm socket to the local server instead of opening one.
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });

interface Target {
  https: boolean;
  /** `http.request` options of the URL (what node:http derives from a URL object on every call). */
  options: RequestOptions;
}

/** Backend URLs are a handful of constants; parsing them once per task showed up in profiles. */
const targetCache = new Map<string, Target>();
function targetOf(url: string): Target {
  let t = targetCache.get(url);
  if (!t) {
    if (targetCache.size > 64) targetCache.clear();
    // Only what node:http needs of the URL (as urlToHttpOptions derives it): every extra option is copied
    // again by the agent on each request.
    const { protocol, hostname, port, path, auth } = urlToHttpOptions(new URL(url));
    t = { https: protocol === 'https:', options: auth === undefined ? { protocol, hostname, port, path } : { protocol, hostname, port, path, auth } };
    targetCache.set(url, t);
  }
  return t;
}

/**
 * The default transport: `node:http` with a keep-alive agent. It costs a fraction of the CPU of global
 * `fetch` per call (measured by tests/bench/proxy), and its deadline is a plain timer cleared when the
 * call ends, so nothing of a finished task stays alive until a long timeout fires.
 */
export const nodeHttpTransport: BackendTransport = (url, headers, body, opts) =>
  new Promise<PostResult>((resolve, reject) => {
    new Post(targetOf(url), headers, body, opts, resolve, reject);
  });

/** One call of nodeHttpTransport; its state lives here rather than in per-call closures. */
class Post implements CancelWatcher {
  private settled = false;
  private readonly timer: NodeJS.Timeout;
  private readonly req: ClientRequest;

  constructor(
    target: Target,
    headers: Record<string, string>,
    body: string,
    private readonly opts: PostOptions,
    private readonly resolve: (r: PostResult) => void,
    private readonly reject: (err: Error) => void,
  ) {
    this.timer = setTimeout(() => this.finish(new TransportTimeoutError()), Math.ceil(opts.timeoutMs));
    this.req = (target.https ? httpsRequest : httpRequest)(
      { ...target.options, method: 'POST', agent: target.https ? httpsAgent : httpAgent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res: IncomingMessage) => this.answered(res),
    );
    this.req.on('error', (err) => this.finish(err));
    const cancel = opts.cancel;
    if (cancel) {
      if (cancel.aborted) {
        this.finish(new TransportAbortedError());
        return;
      }
      cancel.watch(this);
    }
    this.req.end(body);
  }

  cancelled(): void {
    this.finish(new TransportAbortedError());
  }

  private answered(res: IncomingMessage): void {
    const status = res.statusCode ?? 0;
    const ok = status >= 200 && status <= 299;
    const cap = ok ? this.opts.maxBytes : this.opts.maxErrorBytes;
    const declared = declaredLength(res);
    if (ok && Number.isFinite(declared) && declared > cap) return this.finish(new BodyTooLargeError(cap));
    const chunks: Buffer[] = [];
    let total = 0;
    res.on('data', (chunk: Buffer) => {
      if (this.settled) return;
      if (total + chunk.length > cap) {
        if (ok) return this.finish(new BodyTooLargeError(cap));
        chunks.push(chunk.subarray(0, cap - total));
        total = cap;
        this.finish(null, { status, body: Buffer.concat(chunks, total) });
        return;
      }
      chunks.push(chunk);
      total += chunk.length;
    });
    res.on('end', () => this.finish(null, { status, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) }));
    res.on('error', (err) => this.finish(err));
    res.on('aborted', () => this.finish(Object.assign(new Error('connection closed mid-answer'), { code: 'ECONNRESET' })));
  }

  private finish(err: Error | null, result?: PostResult): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.opts.cancel?.watch(null);
    if (err) {
      this.req.destroy();
      this.reject(err);
    } else this.resolve(result!);
  }
}

/**
 * `Number(res.headers['content-length'])` without building the headers object (which node:http does lazily
 * on first use, for every header): the first Content-Length, as node:http keeps it, or NaN.
 */
function declaredLength(res: IncomingMessage): number {
  const raw = res.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 14 && name.toLowerCase() === 'content-length') return Number(raw[i + 1]);
  }
  return Number.NaN;
}

/** The same contract over a `fetch` implementation (tests script answers this way). */
export function fetchTransport(fetchImpl: typeof fetch): BackendTransport {
  return async (url, headers, body, opts) => {
    const ctrl = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctrl.abort();
    }, Math.ceil(opts.timeoutMs));
    opts.cancel?.watch({ cancelled: () => ctrl.abort() });
    const classify = (err: unknown): Error => {
      if (opts.cancel?.aborted) return new TransportAbortedError();
      if (timedOut) return new TransportTimeoutError();
      return err instanceof Error ? err : new Error(String(err));
    };
    try {
      if (opts.cancel?.aborted) throw new TransportAbortedError();
      const res = await fetchImpl(url, { method: 'POST', headers: { ...headers }, body, redirect: 'manual', signal: ctrl.signal });
      const ok = res.status >= 200 && res.status <= 299;
      if (ok) return { status: res.status, body: await readBodyCapped(res, opts.maxBytes) };
      let text: Buffer = Buffer.alloc(0);
      try {
        text = await readBodyCapped(res, opts.maxErrorBytes);
      } catch (err) {
        if (opts.cancel?.aborted || timedOut) throw err;
        // A status without its message is still a useful answer.
      }
      return { status: res.status, body: text };
    } catch (err) {
      throw err instanceof BodyTooLargeError || err instanceof TransportAbortedError ? err : classify(err);
    } finally {
      clearTimeout(timer);
      opts.cancel?.watch(null);
    }
  };
}
