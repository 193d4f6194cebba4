import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listen } from '../http-server';
import { handleAward, handleBalance, handleSummary, handleTransactions } from './credits';
import { handleHeartbeat } from './heartbeat';
import { objectError, readRequest, sendRaw, sendReply, type ParsedRequest, type Reply } from './http';
import { handleDiscover } from './discover';
import { handleQuote } from './quote';
import { createEventControls } from './event-tamper';
import { handleDidJson, handleEvents } from './events-route';
import { logEvict } from './logged-events';
import { createOperatorControls } from './operator-identity';
import { handleOperatorChallenge, handleOperatorKeyRotate } from './operator-self-service';
import { handleNodeDetail, handleRegistryList, handleRegistryNode } from './node-views';
import { loadGenesisKey } from './genesis-key';
import { handleMe, handleStats } from './public-routes';
import { handleDialProbe } from './dial-probe';
import { handleDirectoryKey, handleRelayTicket } from './relay-ticket';
import { handleDeregister, handleRegister } from './register';
import { issueMembership, revokeMembership } from './restricted-domain';
import { ACTIVE_PROBE_INTERVAL_MS, startActiveProbe } from './active-probe';
import { createState, findNode, refreshDormancy, resetState } from './state';
import type { DirectoryContext, FaultMode, FaultRoute, TestDirectory, TestDirectoryOptions } from './types';

interface Route {
  name: string;
  method: string;
  path: RegExp;
  /** Matched against the path as requested (served at the origin only, not under `/api`). */
  atOrigin?: boolean;
  category: Exclude<FaultRoute, '*'>;
  handle: (ctx: DirectoryContext, req: ParsedRequest, params: string[]) => Reply | Promise<Reply>;
}

const param = (params: string[], i: number): string => decodeURIComponent(params[i] ?? '');

/** Paths are matched after the optional `/api` prefix is stripped: PHP lives under /api/v1, Rust serves both. */
const ROUTES: Route[] = [
  { name: 'register', method: 'POST', path: /^\/v1\/register$/, category: 'register', handle: handleRegister },
  { name: 'deregister', method: 'DELETE', path: /^\/v1\/register$/, category: 'deregister', handle: handleDeregister },
  { name: 'heartbeat', method: 'POST', path: /^\/v1\/heartbeat$/, category: 'heartbeat', handle: handleHeartbeat },
  { name: 'award', method: 'POST', path: /^\/v1\/credits\/award$/, category: 'credits', handle: handleAward },
  { name: 'balance', method: 'GET', path: /^\/v1\/credits\/balance$/, category: 'credits', handle: handleBalance },
  { name: 'summary', method: 'GET', path: /^\/v1\/credits\/summary$/, category: 'credits', handle: handleSummary },
  {
    name: 'transactions',
    method: 'GET',
    path: /^\/v1\/credits\/transactions$/,
    category: 'credits',
    handle: handleTransactions,
  },
  { name: 'quote', method: 'GET', path: /^\/v1\/credits\/quote$/, category: 'credits', handle: handleQuote },
  { name: 'discover', method: 'GET', path: /^\/v1\/discover$/, category: 'public', handle: handleDiscover },
  {
    name: 'node',
    method: 'GET',
    path: /^\/v1\/node\/([^/]+)$/,
    category: 'public',
    handle: (c, r, p) => handleNodeDetail(c, r, param(p, 0)),
  },
  {
    name: 'registry-list',
    method: 'GET',
    path: /^\/v1\/registry\/nodes$/,
    category: 'public',
    handle: handleRegistryList,
  },
  {
    name: 'registry',
    method: 'GET',
    path: /^\/v1\/registry\/nodes\/([^/]+)$/,
    category: 'public',
    handle: (c, _r, p) => handleRegistryNode(c, param(p, 0)),
  },
  { name: 'dial-probe', method: 'GET', path: /^\/v1\/probe$/, category: 'public', handle: handleDialProbe },
  { name: 'stats', method: 'GET', path: /^\/v1\/stats$/, category: 'public', handle: (c) => handleStats(c) },
  { name: 'me', method: 'GET', path: /^\/v1\/me$/, category: 'public', handle: handleMe },
  {
    name: 'directory-key',
    method: 'GET',
    path: /^\/v1\/directory-key$/,
    category: 'public',
    handle: (c) => handleDirectoryKey(c),
  },
  { name: 'relay-ticket', method: 'POST', path: /^\/v1\/relay\/ticket$/, category: 'relay', handle: handleRelayTicket },
  { name: 'events', method: 'GET', path: /^\/v1\/events$/, category: 'public', handle: handleEvents },
  {
    name: 'operator-challenge',
    method: 'POST',
    path: /^\/v1\/operator\/challenge$/,
    category: 'public',
    handle: handleOperatorChallenge,
  },
  {
    name: 'operator-key-rotate',
    method: 'POST',
    path: /^\/v1\/operator\/key\/rotate$/,
    category: 'public',
    handle: handleOperatorKeyRotate,
  },
  {
    name: 'did',
    method: 'GET',
    path: /^\/\.well-known\/did\.json$/,
    atOrigin: true,
    category: 'public',
    handle: (c) => handleDidJson(c),
  },
];

type ActiveFault = FaultMode & { remaining: number | null };

/** Injected replies are logged like real ones so "posted exactly once" assertions also hold under faults. */
function logInjected(ctx: DirectoryContext, route: Route, req: ParsedRequest, fault: ActiveFault): void {
  const at = ctx.now();
  const nodeId = typeof req.input.node_id === 'string' ? req.input.node_id : null;
  const response = fault.raw ?? fault.body ?? null;
  const status = fault.status;
  if (route.category === 'register')
    ctx.state.registrations.push({ at, ip: req.ip, body: req.body, status, response, injected: true });
  if (route.category === 'heartbeat')
    ctx.state.heartbeats.push({ at, nodeId, body: req.body, status, response, injected: true });
  if (route.category === 'deregister') ctx.state.deregistrations.push({ at, nodeId, status, injected: true });
  if (route.name === 'relay-ticket')
    ctx.state.relayTickets.push({ at, nodeId, body: req.body, status, response, injected: true });
  if (route.name === 'award') {
    ctx.state.awards.push({ at, body: req.body, status, outcome: 'rejected', code: 'injected', injected: true });
  }
}

export async function startTestDirectory(opts: TestDirectoryOptions = {}): Promise<TestDirectory> {
  const state = createState();
  const host = opts.host ?? '127.0.0.1';
  let port = opts.port ?? 0;
  let fault: ActiveFault | null = null;
  const ctx: DirectoryContext = {
    state,
    now: opts.now ?? (() => Date.now()),
    routabilityCheck: opts.routabilityCheck ?? true,
    livenessProbe: opts.livenessProbe ?? true,
    heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 30_000,
    rateLimitPerMinute: opts.rateLimitPerMinute ?? 60,
    restrictedDomain: opts.restrictedDomain ?? false,
    jwtSecret: randomBytes(32),
    genesisKey: loadGenesisKey(opts.genesisEd25519SecretKey),
    origin: () => `http://${host}:${port}`,
  };

  function takeFault(route: Route): ActiveFault | null {
    if (!fault) return null;
    const routes = fault.routes ?? ['*'];
    if (!routes.includes('*') && !routes.includes(route.category)) return null;
    const hit = fault;
    if (hit.remaining !== null) {
      hit.remaining -= 1;
      if (hit.remaining <= 0) fault = null;
    }
    return hit;
  }

  async function dispatch(req: ParsedRequest, res: ServerResponse): Promise<number> {
    for (const evicted of refreshDormancy(state, ctx.now())) logEvict(ctx, evicted);
    const candidates = ROUTES.map((r) => ({ r, m: r.path.exec(r.atOrigin ? req.pathname : req.route) })).filter(
      (x) => x.m !== null,
    );
    const match = candidates.find((x) => x.r.method === req.method);
    let reply: Reply;
    if (!match?.m) {
      reply =
        candidates.length > 0
          ? objectError(405, 'method_not_allowed', `The ${req.method} method is not supported for route ${req.route}.`)
          : objectError(404, 'not_found', `No route for ${req.method} ${req.route}`);
    } else {
      const injected = takeFault(match.r);
      if (injected) {
        logInjected(ctx, match.r, req, injected);
        if (injected.raw !== undefined) {
          sendRaw(res, injected.status, injected.raw);
          return injected.status;
        }
        reply = { status: injected.status, body: injected.body ?? null, headers: injected.headers };
      } else {
        reply = await match.r.handle(ctx, req, match.m.slice(1));
      }
    }
    sendReply(res, reply);
    return reply.status;
  }

  const listener = (rawReq: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      let status = 500;
      let path = rawReq.url ?? '/';
      try {
        const req = await readRequest(rawReq);
        path = req.route;
        status = await dispatch(req, res);
      } catch (err) {
        if (!res.headersSent) sendReply(res, objectError(500, 'server_error', (err as Error).message));
      }
      state.requests.push({ at: ctx.now(), method: rawReq.method ?? 'GET', path, status });
    })();
  };

  let server = createServer(listener);
  await listen(server, { port, host });
  port = (server.address() as AddressInfo).port;
  let listening = true;
  const activeProbe = startActiveProbe(
    ctx,
    opts.activeProbeIntervalMs === undefined ? ACTIVE_PROBE_INTERVAL_MS : opts.activeProbeIntervalMs,
  );

  async function close(): Promise<void> {
    if (!listening) return;
    listening = false;
    activeProbe.stop();
    const closing = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive sockets from clients would otherwise hold `close()` open indefinitely.
    server.closeAllConnections();
    await closing;
  }

  return {
    url: `http://${host}:${port}/api`,
    port,
    state,
    fail(mode) {
      fault = mode && (mode.times === undefined || mode.times > 0) ? { ...mode, remaining: mode.times ?? null } : null;
    },
    revokeToken(nodeId) {
      const node = findNode(state, nodeId);
      if (!node) throw new Error(`revokeToken: unknown node ${nodeId}`);
      node.token = null;
    },
    observeReachability(nodeId, reachable) {
      const node = findNode(state, nodeId);
      if (!node) throw new Error(`observeReachability: unknown node ${nodeId}`);
      node.reachabilityObservation = reachable === null ? null : { ok: reachable, at: ctx.now() };
    },
    probeNow: () => activeProbe.runOnce(),
    issueMembership: (subjectId, scopes, ttlSeconds, subjectKind) =>
      issueMembership(ctx, subjectId, scopes, ttlSeconds, subjectKind),
    revokeMembership: (subjectId, subjectKind) => revokeMembership(ctx, subjectId, subjectKind),
    events: createEventControls(ctx),
    operators: createOperatorControls(ctx),
    close,
    async restart(restartOpts = {}) {
      await close();
      if (restartOpts.keepState === false) resetState(state);
      server = createServer(listener);
      await listen(server, { port, host });
      listening = true;
      activeProbe.restart();
    },
  };
}
