/**
 * A relay node on a real socket, for testing a worker against the reference HTTP long-poll relay
 * (iicp-client-rust src/node.rs, `relay_capable`). README.md in this folder is the wire contract.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { listen } from '../http-server';
import { handleOwnHealth, handleRelayForHealth, handleRelayForTask, type OwnHealth } from './consumer-routes';
import { freshContext, type RelayContext, type RelaySettings } from './context';
import { deregister, fetchDirectoryKey, register, registerBody, startHeartbeats } from './directory-client';
import { sendEmpty, sendText } from './http';
import { publicKeyFromHex } from './ticket';
import type { RegisterWithOptions, RelayLogEntry, RelayRegistration, TestRelay, TestRelayOptions } from './types';
import { handleBind, handlePull, handleResult, handleUnbind } from './worker-routes';

type Handler = (ctx: RelayContext, req: IncomingMessage, res: ServerResponse, wid: string) => number | Promise<number>;

interface Route {
  path: RegExp;
  method: 'GET' | 'POST';
  handle: Handler;
}

const ROUTES: Route[] = [
  { path: /^\/v1\/relay\/bind$/, method: 'POST', handle: (c, q, s) => handleBind(c, q, s) },
  { path: /^\/v1\/relay\/pull$/, method: 'GET', handle: (c, q, s) => handlePull(c, q, s) },
  { path: /^\/v1\/relay\/result$/, method: 'POST', handle: (c, q, s) => handleResult(c, q, s) },
  { path: /^\/v1\/relay\/unbind$/, method: 'POST', handle: (c, q, s) => handleUnbind(c, q, s) },
  {
    path: /^\/v1\/relay-for\/([^/]+)\/v1\/task$/,
    method: 'POST',
    handle: (c, q, s, w) => handleRelayForTask(c, w, q, s),
  },
  {
    path: /^\/v1\/relay-for\/([^/]+)\/iicp\/health$/,
    method: 'GET',
    handle: (c, q, s, w) => handleRelayForHealth(c, w, q, s),
  },
];
const HEALTH = /^\/iicp\/health$/;

/** axum's `Path` percent-decodes the segment; a malformed escape is a 400. */
function decodeSegment(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** `relay_cors_preflight`: every relay route and `/iicp/health` answer OPTIONS with 204 and a one-day max-age. */
function preflight(res: ServerResponse): number {
  return sendEmpty(res, 204, { 'access-control-max-age': '86400' });
}

export async function startTestRelay(opts: TestRelayOptions = {}): Promise<TestRelay> {
  const host = opts.host ?? '127.0.0.1';
  const nodeId = opts.nodeId ?? `relay-${randomBytes(4).toString('hex')}`;
  let ticketKey = opts.directoryPublicKeyHex === undefined ? null : publicKeyFromHex(opts.directoryPublicKeyHex);
  if (opts.directoryPublicKeyHex !== undefined && !ticketKey)
    throw new Error('directoryPublicKeyHex must be 64 hex characters');
  if (!ticketKey && opts.directoryUrl !== undefined) ticketKey = await fetchDirectoryKey(opts.directoryUrl);

  const settings: RelaySettings = {
    nodeId,
    requireBindTicket: opts.requireBindTicket ?? false,
    ticketKey,
    requireTicketJti: opts.requireTicketJti ?? false,
    pollTimeoutMs: opts.pollTimeoutMs ?? 25_000,
    sessionAliveMs: opts.sessionAliveMs ?? 90_000,
    maxSessions: opts.maxSessions ?? 256,
    bindsPerMinute: opts.bindsPerMinute ?? 30,
    forwardTimeoutMs: opts.forwardTimeoutMs ?? 120_000,
    now: opts.now ?? (() => Date.now()),
    tamper: opts.tamper ?? null,
  };
  const log: RelayLogEntry[] = [];
  const requests: { at: number; method: string; path: string; status: number }[] = [];
  const own: OwnHealth = {
    nodeId,
    region: 'eu-central',
    intent: 'urn:iicp:intent:llm:chat:v1',
    model: 'relay-stand-in',
  };
  let ctx = freshContext(settings, log);
  let port = opts.port ?? 0;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = new URL(req.url ?? '/', 'http://relay.invalid').pathname;
    const asGet = method === 'HEAD' ? 'GET' : method;
    if (HEALTH.test(path)) {
      if (method === 'OPTIONS') return preflight(res);
      if (asGet === 'GET') return handleOwnHealth(own, req, res);
      return sendEmpty(res, 405, { allow: 'GET,HEAD,OPTIONS' });
    }
    for (const r of ROUTES) {
      const m = r.path.exec(path);
      if (!m) continue;
      req.on('error', () => undefined);
      if (method === 'OPTIONS') return preflight(res);
      if (asGet !== r.method)
        return sendEmpty(res, 405, { allow: r.method === 'GET' ? 'GET,HEAD,OPTIONS' : 'POST,OPTIONS' });
      const wid = decodeSegment(m[1] ?? '');
      if (wid === null) return sendText(res, 400, 'Invalid URL: Cannot parse `wid` to a `String`');
      const tampered = path.startsWith('/v1/relay-for/') ? settings.tamper?.relayFor : undefined;
      if (tampered?.({ req, res, workerId: wid, path: path.endsWith('/iicp/health') ? 'health' : 'task' }))
        return res.statusCode;
      return r.handle(ctx, req, res, wid);
    }
    req.resume();
    return sendEmpty(res, 404);
  }

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      let status = 500;
      try {
        status = await route(req, res);
      } catch (err) {
        if (!res.headersSent) status = sendText(res, 500, (err as Error).message);
      }
      requests.push({ at: settings.now(), method: req.method ?? 'GET', path: req.url ?? '/', status });
    })();
  };

  let server: Server;
  const sockets = new Set<Socket>();
  const open = async (): Promise<void> => {
    server = createServer(listener);
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await listen(server, { port, host });
    port = (server.address() as AddressInfo).port;
  };
  await open();
  let listening = true;
  const url = `http://${host}:${port}`;

  let registration: { body: Record<string, unknown>; opts: RegisterWithOptions; current: RelayRegistration } | null =
    null;
  let heartbeats: { stop: () => void } | null = null;

  async function registerNow(directoryUrl: string, regOpts: RegisterWithOptions): Promise<RelayRegistration> {
    own.region = regOpts.region ?? own.region;
    own.intent = regOpts.intent ?? own.intent;
    own.model = regOpts.model ?? own.model;
    const body = registerBody({ nodeId, endpoint: url }, regOpts);
    const current = await register(directoryUrl, body);
    registration = { body, opts: regOpts, current };
    heartbeats?.stop();
    heartbeats = startHeartbeats(current, body, regOpts.heartbeatIntervalMs ?? 30_000, (renewed) => {
      if (registration) registration.current = renewed;
    });
    return current;
  }

  async function stopListening(abrupt: boolean): Promise<void> {
    if (!listening) return;
    listening = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) {
      // A crash resets connections (RST); a shutdown closes them (FIN).
      if (abrupt) socket.resetAndDestroy();
      else socket.destroy();
    }
    ctx.registry.dispose();
    await closed;
  }

  return {
    url,
    port,
    nodeId,
    sessions: () => ctx.registry.all().map((s) => s.view(settings.now())),
    log,
    requests,
    registerWith: (directoryUrl, regOpts = {}) => registerNow(directoryUrl, regOpts),
    async close() {
      heartbeats?.stop();
      heartbeats = null;
      if (listening && registration) await deregister(registration.current);
      await stopListening(false);
    },
    async kill() {
      heartbeats?.stop();
      heartbeats = null;
      await stopListening(true);
    },
    async restart() {
      heartbeats?.stop();
      heartbeats = null;
      await stopListening(true);
      ctx = freshContext(settings, log);
      await open();
      listening = true;
      if (registration) await registerNow(registration.current.directoryUrl, registration.opts);
    },
    setTamper(tamper) {
      settings.tamper = tamper;
    },
  };
}
