import type { ServerResponse } from 'node:http';

/**
 * Browser consumers call /v1/task directly; allow the headers they send (the reference node allows only Content-Type
 * and Authorization, so a browser sending a consumer token or trace headers would fail its preflight).
 */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers':
    'Content-Type, Authorization, X-IICP-Consumer-Token, traceparent, tracestate, X-IICP-Require-E2E',
};

/**
 * On every answer of the task port: CORS, never cached (answers are per request and may be encrypted for one
 * consumer), and never content-sniffed (a browser must not run a JSON answer that happens to look like HTML).
 */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  ...CORS_HEADERS,
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...BASE_HEADERS,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** An error answer: its status, its wire code and words, fields beside them, and headers beyond the usual. */
export interface ErrorAnswer {
  status: number;
  code: string;
  message: string;
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** The IICP protocol's error shape `{"error":{"code","message",…}}`. */
export function sendError(res: ServerResponse, e: ErrorAnswer): void {
  sendJson(res, e.status, { error: { code: e.code, message: e.message, ...e.extra } }, e.headers);
}
