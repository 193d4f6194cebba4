/**
 * PHP `ProbeController@check`, `GET /v1/probe?host&port` (throttle 10 a minute per address): an instant reachability
 * check. The host is resolved (localhost as 127.0.0.1, an IP literal as given, a name to its IPv4 address only),
 * private addresses are refused where the production routability rule applies, and the pinned address gets
 * `HEAD http://<ip>:<port>/iicp/health` with the host's name, 3 s to connect and 5 s in all. Only a 2xx counts.
 * Answers: 200 `{reachable, latency_ms, error}` with `error` null, `timeout`, `connection_refused` or `http_<code>`;
 * 422 with `private_address` or `unresolvable_host` in the same shape; 422 `validation_error` and 429 `rate_limited`
 * in the object shape.
 */
import { lookup } from 'node:dns/promises';
import { request } from 'node:http';
import { isIP } from 'node:net';
import { json, objectError, type ParsedRequest, type Reply } from './http';
import { ipIsBlocked } from './routability';
import type { DirectoryContext } from './types';

const PER_MINUTE = 10;
const CONNECT_MS = 3_000;
const TOTAL_MS = 5_000;

export async function handleDialProbe(ctx: DirectoryContext, req: ParsedRequest): Promise<Reply> {
  const limited = throttle(ctx, req.ip);
  if (limited) return limited;
  const host = req.query.host;
  const portText = req.query.port;
  const fields: Record<string, string[]> = {};
  if (host === undefined || host === '') fields.host = ['The host field is required.'];
  else if (host.length > 253) fields.host = ['The host field must not be greater than 253 characters.'];
  const port = portText !== undefined && /^-?\d+$/.test(portText) ? Number(portText) : NaN;
  if (portText === undefined || portText === '') fields.port = ['The port field is required.'];
  else if (!Number.isInteger(port)) fields.port = ['The port field must be an integer.'];
  else if (port < 1024) fields.port = ['The port field must be at least 1024.'];
  else if (port > 65535) fields.port = ['The port field must not be greater than 65535.'];
  if (Object.keys(fields).length > 0)
    return objectError(422, 'validation_error', 'Input validation failed', { fields });
  const ip = await resolve(host!);
  if (ip === null)
    return record(ctx, host!, port, json(422, { reachable: false, latency_ms: null, error: 'unresolvable_host' }));
  if (ctx.routabilityCheck && ipIsBlocked(ip))
    return record(ctx, host!, port, json(422, { reachable: false, latency_ms: null, error: 'private_address' }));
  const started = Date.now();
  const error = await headHealth(ip, port, host!);
  const body =
    error === null
      ? { reachable: true, latency_ms: Date.now() - started, error: null }
      : { reachable: false, latency_ms: null, error };
  return record(ctx, host!, port, json(200, body));
}

function record(ctx: DirectoryContext, host: string, port: number, reply: Reply): Reply {
  ctx.state.dialProbes.push({ at: ctx.now(), host, port, status: reply.status, body: reply.body });
  return reply;
}

function throttle(ctx: DirectoryContext, ip: string): Reply | null {
  const now = ctx.now();
  let w = ctx.state.dialRate[ip];
  if (!w || now >= w.resetAt) w = ctx.state.dialRate[ip] = { count: 0, resetAt: now + 60_000 };
  w.count += 1;
  if (w.count <= PER_MINUTE) return null;
  const retry = Math.max(1, Math.ceil((w.resetAt - now) / 1000));
  return {
    ...objectError(429, 'rate_limited', `Too many requests — retry after ${retry}s`),
    headers: { 'Retry-After': String(retry) },
  };
}

async function resolve(host: string): Promise<string | null> {
  if (host === 'localhost' || host === '::1') return '127.0.0.1';
  if (isIP(host) !== 0) return host;
  try {
    return (await lookup(host, { family: 4 })).address;
  } catch {
    return null;
  }
}

/** `HEAD /iicp/health` on the pinned address; null for a 2xx, else the error PHP names. */
function headHealth(ip: string, port: number, host: string): Promise<string | null> {
  return new Promise((done) => {
    let settled = false;
    const finish = (e: string | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(total);
      req.destroy();
      done(e);
    };
    const req = request(
      {
        host: ip,
        port,
        method: 'HEAD',
        path: '/iicp/health',
        agent: false,
        headers: { host, 'user-agent': 'iicp-directory-probe/1.0' },
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        finish(status >= 200 && status < 300 ? null : `http_${status}`);
      },
    );
    const total = setTimeout(() => finish('timeout'), TOTAL_MS);
    req.on('socket', (socket) => {
      const connect = setTimeout(() => finish('timeout'), CONNECT_MS);
      socket.once('connect', () => clearTimeout(connect));
      socket.once('close', () => clearTimeout(connect));
    });
    req.on('error', () => finish('connection_refused'));
    req.end();
  });
}
