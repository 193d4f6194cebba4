/** The spec tests' HTTP client for stand-ins: one call, its status, parsed JSON (if any), text and headers. */
import { afterEach } from 'vitest';

export interface CallResult {
  status: number;
  /** Parsed JSON body, or undefined when the body is not JSON (204s, plain-text rejections). */
  json: unknown;
  text: string;
  headers: Headers;
}

export interface CallOptions {
  body?: unknown;
  raw?: string;
  token?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function call(url: string, method: string, opts: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...opts.headers };
  let body: string | undefined;
  if (opts.raw !== undefined || opts.body !== undefined) {
    body = opts.raw ?? JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(url, { method, headers, body, signal: opts.signal });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}

/** Reads `a.b.0.c` out of a JSON value; tests use it instead of casting to `any`. */
export function dig<T = unknown>(value: unknown, path: string): T {
  let cur: unknown = value;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined as T;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur as T;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
/** Runs after the current test, last registered first. */
export const onCleanup = (fn: () => Promise<void> | void): void => {
  cleanups.push(fn);
};
