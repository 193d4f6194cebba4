import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyUpTo } from '../http-server';

/** What a route handler returns; the server serialises it. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** The bytes to send instead of `JSON.stringify(body)` (routes that reproduce PHP's json_encode output). */
  encoded?: string;
}

export interface ParsedRequest {
  method: string;
  /** Path with the optional `/api` prefix removed, e.g. `/v1/register`. */
  route: string;
  /** The path as requested, `/api` included (routes served at the origin only, like did.json, match on it). */
  pathname: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  /** Decoded JSON object body, or `{}` (see `readRequest`). */
  body: Record<string, unknown>;
  /** Laravel `$request->input()`: JSON body keys win over query keys. */
  input: Record<string, unknown>;
  ip: string;
}

const MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * Laravel only decodes a body whose Content-Type contains `/json` or `+json`, and an undecodable
 * body simply yields no input. Reproducing that means a client that forgets the header, or sends
 * broken JSON, sees the same 401/422 it would get from production instead of a crash.
 */
export async function readRequest(req: IncomingMessage): Promise<ParsedRequest> {
  const raw = (await readBodyUpTo(req, MAX_BODY_BYTES)).bytes.toString('utf8');
  const contentType = String(req.headers['content-type'] ?? '');
  let body: Record<string, unknown> = {};
  if (raw.length > 0 && (contentType.includes('/json') || contentType.includes('+json'))) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        body = parsed as Record<string, unknown>;
      }
    } catch {
      body = {};
    }
  }
  const url = new URL(req.url ?? '/', 'http://directory.invalid');
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const pathname = url.pathname.replace(/\/+$/, '') || '/';
  let route = pathname;
  if (route === '/api' || route.startsWith('/api/')) route = route.slice(4) || '/';
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    route,
    pathname,
    query,
    headers: req.headers,
    body,
    input: { ...query, ...body },
    ip: clientIp(req),
  };
}

/** PHP trusts Cloudflare's header; tests use it to simulate several source addresses. */
function clientIp(req: IncomingMessage): string {
  const cf = req.headers['cf-connecting-ip'];
  if (typeof cf === 'string' && cf.trim() !== '') return cf.trim();
  const remote = req.socket.remoteAddress ?? '0.0.0.0';
  return remote.startsWith('::ffff:') ? remote.slice(7) : remote;
}

export function bearerToken(req: ParsedRequest): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  return m?.[1] ? m[1].trim() : null;
}

export function headerValue(req: ParsedRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return typeof v === 'string' ? v : Array.isArray(v) ? v[0] : undefined;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, body, headers } : { status, body };
}

/** The object form of a directory error: `{"error":{"code","message"}}`. */
export function objectError(status: number, code: string, message: string, extra?: Record<string, unknown>): Reply {
  return json(status, { error: { code, message, ...extra } });
}

/** The string form of a directory error, `{"error":"<code>","message"}` (E034 rate limit, registry lookups). */
export function stringError(status: number, code: string, message: string, extra?: Record<string, unknown>): Reply {
  return json(status, { error: code, message, ...extra });
}

export function validationError(fields: Record<string, string[]>): Reply {
  return objectError(422, 'validation_error', 'Input validation failed', { fields });
}

export function sendReply(res: ServerResponse, reply: Reply): void {
  const payload = reply.encoded ?? JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    ...reply.headers,
  });
  res.end(payload);
}

export function sendRaw(res: ServerResponse, status: number, raw: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(raw) });
  res.end(raw);
}

/** Carbon `toIso8601String()`: seconds precision with an explicit `+00:00` offset. */
export function iso8601(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Eloquent's serialised timestamp: microseconds and `Z`. */
export function eloquentTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}
