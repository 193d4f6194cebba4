/**
 * Experiment knob of the proxy bench (`BENCH_NODE_FETCH=agent`): a `fetch` look-alike built on
 * `http.request` with a keep-alive Agent, handed to the node through `ProviderNodeOptions.fetchImpl`. It
 * answers "how much of the node's overhead is undici's fetch?" without touching the node's code. Only what
 * the node uses is implemented: string URL, method, headers, string body, signal; the answer is a
 * standard `Response` over the fully read body. Not for production use (no redirects, no TLS, no streaming).
 */
import { Agent, request } from 'node:http';

export function agentFetch(): typeof fetch {
  const agent = new Agent({ keepAlive: true, maxSockets: 1024, maxFreeSockets: 1024 });
  const impl = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      const u = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      if (u.protocol !== 'http:') return reject(new TypeError('agentFetch speaks plain http only'));
      const body = typeof init.body === 'string' ? Buffer.from(init.body) : undefined;
      const headers: Record<string, string | number> = { ...(init.headers as Record<string, string> | undefined) };
      if (body) headers['content-length'] = body.length;
      const signal = init.signal ?? undefined;
      if (signal?.aborted) return reject(signal.reason);
      const req = request(
        { host: u.hostname, port: u.port, path: u.pathname + u.search, method: init.method ?? 'GET', headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            signal?.removeEventListener('abort', onAbort);
            const h = new Headers();
            for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
            const status = res.statusCode ?? 502;
            const noBody = status === 204 || status === 304 || init.method === 'HEAD';
            resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, headers: h }));
          });
          res.on('error', reject);
        },
      );
      const onAbort = () => req.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (err) => {
        signal?.removeEventListener('abort', onAbort);
        reject(err);
      });
      req.end(body);
    });
  return impl as typeof fetch;
}
