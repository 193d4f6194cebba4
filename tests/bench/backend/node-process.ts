/**
 * Child process of the backend bench: the provider node in front of the backend, unregistered (the task port is
 * what is measured).
 *
 *   node-process.ts <backendUrl> <policy: shipped|on-demand|keep-alive>
 *
 * `on-demand` is the policy before pre-opened connections: a connection used once, opened when the call starts
 * (`setSpareConnections(false)`). `keep-alive` is the old policy (before fresh connections to llama-server), for
 * comparison: the node's backend calls
 * (and its probes) go through `fetchImpl`, a fetch look-alike over httpCall with `connection: 'keep-alive'` (the same
 * node:http code, plus a Response object per call: tens of µs, nothing next to the stall).
 */
import { Cancellation } from '@engine/net/call-cancellation';
import { httpCall, setSpareConnections } from '@engine/net/http-client';
import { startNode } from '../../support/node-harness';
import { untilModelAdvertised } from '../lib/node-ready';
import { serveChild } from '../lib/server-child';

export interface BenchNodeInfo {
  url: string;
  port: number;
  policy: string;
}

const [backendUrl, policy = 'shipped'] = process.argv.slice(2);

function keepAliveFetch(): typeof fetch {
  const impl = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (headers[k] = v));
    const cancel = new Cancellation();
    init.signal?.addEventListener('abort', () => cancel.cancel(), { once: true });
    const body = typeof init.body === 'string' ? init.body : null;
    const method = (init.method ?? 'GET') as 'GET' | 'POST' | 'DELETE';
    const r = await httpCall(url, headers, body, {
      method,
      timeoutMs: 120_000,
      cancel,
      maxBytes: 64 << 20,
      maxErrorBytes: 64 << 10,
      connection: 'keep-alive',
    });
    const h = new Headers();
    for (let i = 0; i < r.rawHeaders.length; i += 2) h.append(r.rawHeaders[i]!, r.rawHeaders[i + 1]!);
    return new Response(r.status === 204 || r.status === 304 ? null : r.body, { status: r.status, headers: h });
  };
  return impl as typeof fetch;
}

serveChild<BenchNodeInfo>(async () => {
  if (policy === 'on-demand') setSpareConnections(false);
  const h = await startNode(
    // A loopback directory URL where nothing listens: the node never registers and makes no traffic off 127.0.0.1.
    {
      backendUrl: backendUrl!,
      maxConcurrent: 17 /* 16 at once from one client: one source never holds every slot */,
      directoryUrl: 'http://127.0.0.1:9',
    },
    { tuning: { snapshotIntervalMs: 250 }, ...(policy === 'keep-alive' ? { fetchImpl: keepAliveFetch() } : {}) },
  );
  await untilModelAdvertised(h.base, 15_000);
  return { info: { url: h.base, port: h.port, policy }, close: () => h.stop() };
});
