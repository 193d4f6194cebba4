/**
 * What httpCall prepares once per URL rather than on every call: the parsed URL, and per headers object the
 * request options node:http takes, with the headers as a ready list (node:http writes a list as it is, where it
 * validates and stores an object's headers one by one on every request) in which the content-length is the only
 * value set per call.
 */
import { Agent as HttpAgent, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { urlToHttpOptions } from 'node:url';
import type { PooledTarget } from './pooled-call';
import { SpareConnections } from './spare-connections';
import { applyUrlCredentials, urlCredentialsGeneration } from './url-credentials';

// Shared keep-alive pools: a task reuses a warm socket to the local server (a receipt one to the directory)
// instead of opening one.
export const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });
export const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });
// Connections used once over https: an agent that never keeps a socket and has no socket cap makes node:http close
// its end once the answer is read. (Plain http ones come from the server's `SpareConnections`.)
const freshHttpsAgent = new HttpsAgent({ keepAlive: false });

/** What `auto` knows of one server (scheme, host, port). */
export interface Origin {
  /** Why calls go fresh now: its Server header, the stall seen, or not at all (keep-alive). */
  fresh: 'server' | 'stall' | null;
  /** `performance.now()` until which a stall verdict holds. */
  freshUntil: number;
  /** `performance.now()` until which the stall test is off (the gaps were the server's own). */
  quietUntil: number;
  /** The keep-alive pool's key prefix for this server (`host:port:`, as node:http's Agent names it). */
  poolPrefix: string;
  /** Plain http: the pre-opened connection for the next call that uses one once. */
  spares: SpareConnections | null;
}

/** A request ready for node:http: `options.headers[lengthAt]` takes the call's content-length (-1: none). */
export interface Prepared {
  options: RequestOptions & { headers: string[] };
  lengthAt: number;
}

export interface Target {
  https: boolean;
  origin: Origin;
  protocol: string;
  hostname: string;
  port: number;
  path: string;
  /** What node:http would send as `Host` (the port left out when it is the scheme's). */
  host: string;
  /** Basic authentication from credentials kept out of the configured URL (url-credentials.ts). */
  authorization: string | null;
  /** The same URL for the keep-alive pools (pooled-call.ts). */
  pooled: PooledTarget;
  /** By frozen headers object: the prepared requests (see `slotOf`). Other objects may change between calls. */
  prepared: WeakMap<object, (Prepared | undefined)[]>;
}

/** Backend and directory URLs are a handful of constants; parsing them once per call showed up in profiles. */
const targetCache = new Map<string, Target>();
/** The credentials' generation the cached targets were prepared with (url-credentials.ts). */
let targetCredentials = 0;
const origins = new Map<string, Origin>();

export function targetOf(url: string): Target {
  if (targetCredentials !== urlCredentialsGeneration()) {
    targetCache.clear();
    targetCredentials = urlCredentialsGeneration();
  }
  let t = targetCache.get(url);
  if (!t) {
    if (targetCache.size > 256) {
      targetCache.clear();
      // Together: a cached target must share its origin's verdict with every new one.
      for (const o of origins.values()) o.spares?.close();
      origins.clear();
    }
    const parsed = new URL(url);
    // Credentials kept out of a configured URL (its user name, password or query) go back in here, on the wire only.
    applyUrlCredentials(parsed);
    const { protocol, hostname, port, path, auth } = urlToHttpOptions(parsed);
    const https = protocol === 'https:';
    const defaultPort = https ? 443 : 80;
    const portNumber = port === undefined ? defaultPort : Number(port);
    const host = hostname ?? 'localhost';
    const key = `${protocol}//${host}:${portNumber}`;
    let origin = origins.get(key);
    if (!origin) {
      origin = {
        fresh: null,
        freshUntil: 0,
        quietUntil: 0,
        poolPrefix: `${host}:${portNumber}:`,
        spares: https ? null : new SpareConnections(host, portNumber),
      };
      origins.set(key, origin);
    }
    // IPv6 in brackets, and the port only when it is not the scheme's: what node:http sends for an object of headers.
    const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
    const authorization = auth == null ? null : `Basic ${Buffer.from(auth).toString('base64')}`;
    t = {
      https,
      origin,
      protocol: protocol ?? 'http:',
      hostname: host,
      port: portNumber,
      path: path ?? '/',
      host: portNumber === defaultPort ? bracketed : `${bracketed}:${portNumber}`,
      authorization,
      pooled: { origin: `${protocol ?? 'http:'}//${bracketed}:${portNumber}`, path: path ?? '/', authorization },
      prepared: new WeakMap(),
    };
    targetCache.set(url, t);
  }
  return t;
}

/** Every server `auto` has an opinion on. */
export function allOrigins(): IterableIterator<Origin> {
  return origins.values();
}

export type Method = 'GET' | 'POST' | 'DELETE';

/** How the call reaches the server: the keep-alive pool, a connection used once, or the caller's own agent. */
export type Route = { kind: 'keep-alive' } | { kind: 'fresh' } | { kind: 'agent'; agent: HttpAgent };

/**
 * The request for `headers` over `route`. Prepared once per target for a frozen headers object over the shared
 * routes (what the backend client sends on every task); otherwise built for this call.
 */
export function preparedFor(
  t: Target,
  headers: Readonly<Record<string, string>>,
  method: Method,
  withLength: boolean,
  route: Route,
): Prepared {
  if (route.kind === 'agent' || !Object.isFrozen(headers)) return build(t, headers, method, withLength, route);
  let slots = t.prepared.get(headers);
  if (!slots) {
    slots = [];
    t.prepared.set(headers, slots);
  }
  const slot =
    (method === 'POST' ? 0 : method === 'GET' ? 4 : 8) + (withLength ? 2 : 0) + (route.kind === 'fresh' ? 1 : 0);
  return (slots[slot] ??= build(t, headers, method, withLength, route));
}

/**
 * The headers as node:http would send them for an object (one value per name case-insensitively, the last one
 * winning; `Host`, and `Authorization` from the URL's credentials, unless given), plus the content-length slot, and
 * `Connection: close` for a connection used once.
 */
function build(
  t: Target,
  headers: Readonly<Record<string, string>>,
  method: Method,
  withLength: boolean,
  route: Route,
): Prepared {
  const byName = new Map<string, [string, string]>();
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (withLength && lower === 'content-length') continue;
    if (route.kind === 'fresh' && lower === 'connection') continue;
    byName.set(lower, [name, headers[name]!]);
  }
  const list: string[] = [];
  for (const [name, value] of byName.values()) list.push(name, value);
  if (!byName.has('host')) list.push('Host', t.host);
  if (t.authorization !== null && !byName.has('authorization')) list.push('Authorization', t.authorization);
  let lengthAt = -1;
  if (withLength) {
    list.push('content-length', '0');
    lengthAt = list.length - 1;
  }
  if (route.kind === 'fresh') list.push('Connection', 'close');
  const options: Prepared['options'] = {
    protocol: t.protocol,
    hostname: t.hostname,
    port: t.port,
    path: t.path,
    method,
    headers: list,
  };
  if (route.kind === 'agent') options.agent = route.agent;
  else if (route.kind === 'keep-alive') options.agent = t.https ? httpsAgent : httpAgent;
  else if (t.origin.spares !== null) options.createConnection = t.origin.spares.connect;
  else options.agent = freshHttpsAgent;
  return { options, lengthAt };
}
