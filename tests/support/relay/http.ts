/**
 * The reference relay is an axum app (iicp-client-rust src/node.rs): CORS on every response (`relay_cors` as a
 * `map_response` layer), `Json<Value>` extractors that answer in plain text before the handler runs, and
 * axum's default 2 MB body limit. This file reproduces that envelope.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyUpTo } from '../http-server';

/** `relay_cors`: added to every response, errors and 404s included. */
export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'Content-Type, Authorization',
} as const;

/** axum `DefaultBodyLimit`: 2 MB. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

const TEXT = 'text/plain; charset=utf-8';

export type JsonBody = { ok: true; value: unknown } | { ok: false; status: number; text: string };

/** axum `json_content_type`: `application/json` or any `application/*+json`, parameters allowed. */
function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const mime = header.split(';')[0]?.trim().toLowerCase() ?? '';
  const [type, subtype = ''] = mime.split('/');
  return type === 'application' && (subtype === 'json' || subtype.endsWith('+json'));
}

/**
 * `Json<Value>` in axum's order: 415 without a JSON content type (the body is not read), 413 over the limit,
 * 400 when the bytes are not JSON. Any JSON value passes, arrays and strings included (handlers then find no
 * fields in them). The 400 text names JSON.parse's reason where axum names serde's.
 */
export async function readJson(req: IncomingMessage): Promise<JsonBody> {
  if (!isJsonContentType(req.headers['content-type'])) {
    req.resume();
    return { ok: false, status: 415, text: 'Expected request with `Content-Type: application/json`' };
  }
  const { bytes, size } = await readBodyUpTo(req, MAX_BODY_BYTES);
  if (size > MAX_BODY_BYTES) {
    return { ok: false, status: 413, text: 'Failed to buffer the request body: length limit exceeded' };
  }
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch (err) {
    return { ok: false, status: 400, text: `Failed to parse the request body as JSON: ${(err as Error).message}` };
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `Authorization: Bearer <token>` exactly as the reference reads it: case-sensitive prefix, one space. */
export function bearer(req: IncomingMessage): string {
  const header = req.headers.authorization;
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : '';
}

export function sendJson(res: ServerResponse, status: number, body: unknown): number {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...CORS_HEADERS,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
  return status;
}

export function sendText(res: ServerResponse, status: number, text: string): number {
  res.writeHead(status, { ...CORS_HEADERS, 'content-type': TEXT, 'content-length': Buffer.byteLength(text) });
  res.end(text);
  return status;
}

/** 204s, and axum's empty 404/405 (a 405 names the allowed methods). */
export function sendEmpty(res: ServerResponse, status: number, extra: Record<string, string> = {}): number {
  // RFC 9110: a 204 carries no Content-Length; axum's empty 404/405 say 0.
  res.writeHead(
    status,
    status === 204 ? { ...CORS_HEADERS, ...extra } : { ...CORS_HEADERS, ...extra, 'content-length': 0 },
  );
  res.end();
  return status;
}

export function relayError(res: ServerResponse, status: number, code: string, message: string): number {
  return sendJson(res, status, { error: { code, message } });
}
