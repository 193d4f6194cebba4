import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
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

export interface PostOptions {
  timeoutMs: number;
  signal?: AbortSignal;
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

/** Backend URLs are a handful of constants; parsing them once per task showed up in profiles. */
const urlCache = new Map<string, URL>();
function parsedUrl(url: string): URL {
  let u = urlCache.get(url);
  if (!u) {
    if (urlCache.size > 64) urlCache.clear();
    u = new URL(url);
    urlCache.set(url, u);
  }
  return u;
}

/**
 * The default transport: `node:http` with a keep-alive agent. It costs a fraction of the CPU of global
 * `fetch` per call (measured by tests/bench/proxy), and its deadline is a plain timer cleared when the
 * call ends, so nothing of a finished task stays alive until a long timeout fires.
 */
export const nodeHttpTransport: BackendTransport = (url, headers, body, opts) =>
  new Promise<PostResult>((resolve, reject) => {
    const u = parsedUrl(url);
    const isHttps = u.protocol === 'https:';
    let settled = false;
    const finish = (err: Error | null, result?: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) {
        req.destroy();
        reject(err);
      } else resolve(result!);
    };
    const onAbort = () => finish(new TransportAbortedError());
    const timer = setTimeout(() => finish(new TransportTimeoutError()), Math.ceil(opts.timeoutMs));
    const req = (isHttps ? httpsRequest : httpRequest)(
      u,
      {
        method: 'POST',
        agent: isHttps ? httpsAgent : httpAgent,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        const ok = status >= 200 && status <= 299;
        const cap = ok ? opts.maxBytes : opts.maxErrorBytes;
        const declared = Number(res.headers['content-length']);
        if (ok && Number.isFinite(declared) && declared > cap) return finish(new BodyTooLargeError(cap));
        const chunks: Buffer[] = [];
        let total = 0;
        res.on('data', (chunk: Buffer) => {
          if (settled) return;
          if (total + chunk.length > cap) {
            if (ok) return finish(new BodyTooLargeError(cap));
            chunks.push(chunk.subarray(0, cap - total));
            total = cap;
            finish(null, { status, body: Buffer.concat(chunks, total) });
            return;
          }
          chunks.push(chunk);
          total += chunk.length;
        });
        res.on('end', () => finish(null, { status, body: Buffer.concat(chunks, total) }));
        res.on('error', (err) => finish(err));
        res.on('aborted', () => finish(Object.assign(new Error('connection closed mid-answer'), { code: 'ECONNRESET' })));
      },
    );
    req.on('error', (err) => finish(err));
    if (opts.signal?.aborted) return finish(new TransportAbortedError());
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    req.end(body);
  });

/** The same contract over a `fetch` implementation (tests script answers this way). */
export function fetchTransport(fetchImpl: typeof fetch): BackendTransport {
  return async (url, headers, body, opts) => {
    const ctrl = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctrl.abort();
    }, Math.ceil(opts.timeoutMs));
    const onAbort = () => ctrl.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const classify = (err: unknown): Error => {
      if (opts.signal?.aborted) return new TransportAbortedError();
      if (timedOut) return new TransportTimeoutError();
      return err instanceof Error ? err : new Error(String(err));
    };
    try {
      if (opts.signal?.aborted) throw new TransportAbortedError();
      const res = await fetchImpl(url, { method: 'POST', headers, body, redirect: 'manual', signal: ctrl.signal });
      const ok = res.status >= 200 && res.status <= 299;
      if (ok) return { status: res.status, body: await readBodyCapped(res, opts.maxBytes) };
      let text: Buffer = Buffer.alloc(0);
      try {
        text = await readBodyCapped(res, opts.maxErrorBytes);
      } catch (err) {
        if (opts.signal?.aborted || timedOut) throw err;
        // A status without its message is still a useful answer.
      }
      return { status: res.status, body: text };
    } catch (err) {
      throw err instanceof BodyTooLargeError || err instanceof TransportAbortedError ? err : classify(err);
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  };
}
