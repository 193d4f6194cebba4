/**
 * A fault-injecting HTTP proxy for the fault suite (tests/faults): it sits between a node and the test directory,
 * forwards every request unchanged, and — while a fault is set — answers the matching routes itself: any status,
 * any headers (a `Retry-After` the test directory's own `fail()` cannot send), a JSON or raw body (HTML, truncated
 * JSON, a huge body), or no answer at all (`hang`: the connection stays open; `reset`: it is torn down).
 *
 *   const proxy = await startFaultProxy(directory.url);
 *   … point the node at proxy.url …
 *   proxy.fail({ status: 429, headers: { 'Retry-After': '2' }, routes: ['heartbeat'] });
 *   proxy.log  // every request, with its time, route and whether the proxy answered it
 *
 * Routes are named like the test directory's `FaultRoute`s: `register` (POST /v1/register), `deregister`,
 * `heartbeat`, `credits` (/v1/credits/*), `public` (everything else) or `*`.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { listen } from './http-server';

export type ProxyRoute = 'register' | 'deregister' | 'heartbeat' | 'credits' | 'public';

export interface ProxyFault {
  /** Default 500. */
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON. Ignored when `raw` is given. */
  body?: unknown;
  /** Sent verbatim with `content-type` from `headers` (default `application/json`). */
  raw?: string | Buffer;
  /**
   * `reply` (default); `hang`: read the request and never answer; `reset`: destroy the connection; `delay`: forward
   * it to the directory at once and hold the directory's answer for `delayMs` (the work is done, the answer is late).
   */
  mode?: 'reply' | 'hang' | 'reset' | 'delay';
  delayMs?: number;
  /** Default `['*']`. */
  routes?: (ProxyRoute | '*')[];
  /** How many matching requests are faulted before the fault clears itself. Default: until `fail(null)`. */
  times?: number;
}

export interface ProxyLogEntry {
  at: number;
  method: string;
  /** Path without the `/api` prefix and the query, e.g. `/v1/heartbeat`. */
  route: string;
  category: ProxyRoute;
  /** The status the node got; 0 for a hang or reset, or when the directory could not be reached. */
  status: number;
  injected: boolean;
  /** The request body (first 64 KiB), e.g. to tell receipts apart by their task_id. */
  body: string;
}

export interface FaultProxy {
  /** Base URL ending in `/api`, like the test directory's. */
  url: string;
  port: number;
  log: ProxyLogEntry[];
  fail(fault: ProxyFault | null): void;
  /** Requests of one route category (optionally only those at or after `since`). */
  requests(category: ProxyRoute, since?: number): ProxyLogEntry[];
  close(): Promise<void>;
}

export function routeCategory(method: string, route: string): ProxyRoute {
  if (route === '/v1/register') return method === 'DELETE' ? 'deregister' : 'register';
  if (route === '/v1/heartbeat') return 'heartbeat';
  if (route.startsWith('/v1/credits/')) return 'credits';
  return 'public';
}

export async function startFaultProxy(upstreamUrl: string): Promise<FaultProxy> {
  const upstream = new URL(upstreamUrl);
  const log: ProxyLogEntry[] = [];
  let fault: (ProxyFault & { remaining: number | null }) | null = null;
  const sockets = new Set<Socket>();

  function take(category: ProxyRoute): ProxyFault | null {
    if (!fault) return null;
    const routes = fault.routes ?? ['*'];
    if (!routes.includes('*') && !routes.includes(category)) return null;
    const hit = fault;
    if (hit.remaining !== null && --hit.remaining <= 0) fault = null;
    return hit;
  }

  function forward(req: IncomingMessage, res: ServerResponse, body: Buffer, entry: ProxyLogEntry, delayMs = 0): void {
    const headers = { ...req.headers, host: upstream.host };
    delete headers.connection;
    const out = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent: false },
      (up) => {
        const relay = (): void => {
          entry.status = up.statusCode ?? 0;
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        };
        if (delayMs > 0) setTimeout(relay, delayMs);
        else relay();
      },
    );
    out.on('error', () => {
      // The directory itself is down: the node sees the connection fail, as it would without the proxy.
      entry.status = 0;
      req.socket.destroy();
    });
    out.end(body);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://proxy.invalid');
      let route = url.pathname.replace(/\/+$/, '') || '/';
      if (route === '/api' || route.startsWith('/api/')) route = route.slice(4) || '/';
      const method = (req.method ?? 'GET').toUpperCase();
      const category = routeCategory(method, route);
      const body = Buffer.concat(chunks);
      const entry: ProxyLogEntry = {
        at: Date.now(),
        method,
        route,
        category,
        status: 0,
        injected: false,
        body: body.subarray(0, 65_536).toString('utf8'),
      };
      log.push(entry);
      const f = take(category);
      if (!f) return forward(req, res, body, entry);
      if (f.mode === 'delay') return forward(req, res, body, entry, f.delayMs ?? 0);
      entry.injected = true;
      if (f.mode === 'hang') return;
      if (f.mode === 'reset') {
        req.socket.destroy();
        return;
      }
      const status = f.status ?? 500;
      entry.status = status;
      const payload = f.raw !== undefined ? Buffer.from(f.raw) : Buffer.from(JSON.stringify(f.body ?? null));
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': payload.length, ...f.headers });
      res.end(payload);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await listen(server, { port: 0, host: '127.0.0.1' });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/api`,
    port,
    log,
    fail(f) {
      fault = f && (f.times === undefined || f.times > 0) ? { ...f, remaining: f.times ?? null } : null;
    },
    requests(category, since = 0) {
      return log.filter((e) => e.category === category && e.at >= since);
    },
    async close() {
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closing;
    },
  };
}
