import type { IncomingMessage, ServerResponse } from 'node:http';
import { reachNonceOf, REACH_PROOF_HEADER, type ReachProof } from '../net';
import type { FleetLimits } from './fleet-limits';
import { fleetRoute, type FleetAnswer } from './fleet-route';
import { BASE_HEADERS, sendError, sendJson } from './http-util';
import { isLocalProxy, sourceOf } from './source-address';
import type { NodeMetrics } from './node-metrics';
import type { TaskHandler } from './task-handler';

/** What the routes answer from. */
export interface RouteOptions {
  handler: Pick<TaskHandler, 'handle'>;
  health: () => Record<string, unknown>;
  /**
   * `POST /iicp/fleet`: another machine of the operator asks this one about itself (a sealed answer), or says hello
   * (fleet-route.ts); everything else is refused alike, with or without an operator identity.
   */
  fleet?: FleetAnswer;
  /**
   * Answers the one-time code of a health request with this node's proof (net/reach-proof.ts), so the node can tell
   * whether an address another program named really leads here.
   */
  reachProof?: Pick<ReachProof, 'answer'>;
  metrics: Pick<NodeMetrics, 'render'>;
  /**
   * A reverse proxy the owner named: like the local ones, it carries many consumers and only counts against
   * `maxConnections`.
   */
  isTrustedProxy?: (address: string | undefined) => boolean;
}

/** The routes' options and the fleet route's limits. */
export type RouteParts = RouteOptions & { fleetLimits: FleetLimits };

/**
 * The task port's routes: `POST /v1/task` to the task handler, `GET|HEAD /iicp/health` (with the reach proof's answer
 * for a code that came from this computer), `POST /iicp/fleet`, `GET /metrics`, the CORS preflight; anything else 404.
 */
export function routeRequest(req: IncomingMessage, res: ServerResponse, o: RouteParts): void {
  let path = routePath(req.url ?? '/');
  if (path === null) {
    try {
      path = new URL(req.url ?? '/', 'http://node').pathname;
    } catch {
      return sendError(res, { status: 400, code: 'bad_request', message: 'Unreadable request path.' });
    }
  }
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS' && (path === '/v1/task' || path === '/iicp/health')) {
    res.writeHead(204, { ...BASE_HEADERS, 'Access-Control-Max-Age': '86400' });
    res.end();
    return;
  }
  if (path === '/iicp/health') {
    if (method !== 'GET' && method !== 'HEAD')
      return sendError(res, {
        status: 405,
        code: 'method_not_allowed',
        message: 'Use GET or HEAD.',
        headers: { Allow: 'GET, HEAD, OPTIONS' },
      });
    const text = JSON.stringify(o.health());
    // Tunnel agents deliver from this computer; a code that arrives from anywhere else gets no proof, so a server
    // that was handed the code cannot fetch the answer from the task port itself.
    const local = isLocalProxy(sourceOf(req.socket.remoteAddress));
    const nonce = o.reachProof && local ? reachNonceOf(req.url ?? '') : null;
    const proof = nonce !== null ? o.reachProof?.answer(nonce) : null;
    res.writeHead(200, {
      ...BASE_HEADERS,
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      ...(proof ? { [REACH_PROOF_HEADER]: proof } : {}),
    });
    res.end(method === 'HEAD' ? undefined : text);
    return;
  }
  if (path === '/iicp/fleet') {
    const source = sourceOf(req.socket.remoteAddress);
    const shared = isLocalProxy(source) || (o.isTrustedProxy?.(req.socket.remoteAddress) ?? false);
    return fleetRoute(req, res, o.fleet, o.fleetLimits, { source, shared });
  }
  if (path === '/v1/task') {
    if (method !== 'POST')
      return sendError(res, {
        status: 405,
        code: 'method_not_allowed',
        message: 'Use POST.',
        headers: { Allow: 'POST, OPTIONS' },
      });
    o.handler.handle(req, res).catch(() => {
      // The handler answers every expected failure itself; this is a bug — still answer in JSON.
      sendError(res, { status: 500, code: 'internal_error', message: 'The task could not be processed.' });
    });
    return;
  }
  if (path === '/metrics') {
    if (method !== 'GET')
      return sendError(res, {
        status: 405,
        code: 'method_not_allowed',
        message: 'Use GET.',
        headers: { Allow: 'GET' },
      });
    o.metrics.render().then(
      ({ contentType, body }) => {
        res.writeHead(200, { ...BASE_HEADERS, 'Content-Type': contentType });
        res.end(body);
      },
      () => sendError(res, { status: 500, code: 'internal_error', message: 'Metrics are unavailable.' }),
    );
    return;
  }
  sendJson(res, 404, { error: { code: 'not_found', message: 'No such route on this node.' } });
}

/**
 * The path of a request for one of the fixed routes, read without a URL parser (it showed up in profiles):
 * the target up to its query, if that is literally a route. Anything else (absolute forms, dot segments,
 * escapes) returns null and goes through `new URL`, which normalises it exactly as before.
 */
export function routePath(url: string): string | null {
  const q = url.indexOf('?');
  const p = q < 0 ? url : url.slice(0, q);
  return p === '/v1/task' || p === '/iicp/health' || p === '/iicp/fleet' || p === '/metrics' ? p : null;
}
