import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { httpCall, rawHeader, TransportTimeoutError } from '../net';
import { BodyTooLargeError, bearerHeaders, parseJson, transportCode } from './http';

/** Model lists and descriptions are small; a backend answering megabytes is misbehaving, and its answer is not read. */
export const MAX_PROBE_BODY_BYTES = 8 * 1024 * 1024;
const MAX_ERROR_BODY_BYTES = 64 * 1024;

export type ProbeAnswer =
  | { kind: 'answer'; status: number; rawHeaders: string[]; json: { ok: true; value: unknown } | { ok: false } }
  | { kind: 'timeout' }
  | { kind: 'unreachable'; code: string | null }
  /** The server answered 2xx with more than `MAX_PROBE_BODY_BYTES`: it answers, but that answer is not read. */
  | { kind: 'too_large'; status: number };

/**
 * The monitor's line to the backend: ONE keep-alive connection, every body read to its end, so probes never take a
 * second of the server's connection slots (llama-server serves one connection per HTTP worker, three by default,
 * and holds an idle one for 5 s: a probe that left a socket half-read and opened another could lock it out of its
 * own server while tasks ran). Redirects are never followed; every failure is an answer, never a throw.
 */
export class ProbeClient {
  private readonly agent: HttpAgent;
  private readonly base: string;

  constructor(
    root: string,
    private readonly apiKey: () => string | null,
  ) {
    this.base = root.replace(/\/+$/, '');
    const opts = { keepAlive: true, maxSockets: 1, maxFreeSockets: 1 };
    this.agent = this.base.startsWith('https:') ? new HttpsAgent(opts) : new HttpAgent(opts);
  }

  get(path: string, timeoutMs: number): Promise<ProbeAnswer> {
    return this.call('GET', path, null, timeoutMs);
  }

  post(path: string, body: unknown, timeoutMs: number): Promise<ProbeAnswer> {
    return this.call('POST', path, JSON.stringify(body), timeoutMs);
  }

  close(): void {
    this.agent.destroy();
  }

  private async call(
    method: 'GET' | 'POST',
    path: string,
    body: string | null,
    timeoutMs: number,
  ): Promise<ProbeAnswer> {
    const headers: Record<string, string> = { accept: 'application/json', ...bearerHeaders(this.apiKey()) };
    if (body !== null) headers['content-type'] = 'application/json';
    try {
      const r = await httpCall(`${this.base}${path}`, headers, body, {
        method,
        timeoutMs,
        maxBytes: MAX_PROBE_BODY_BYTES,
        maxErrorBytes: MAX_ERROR_BODY_BYTES,
        agent: this.agent,
      });
      return { kind: 'answer', status: r.status, rawHeaders: r.rawHeaders, json: parseJson(r.body) };
    } catch (err) {
      if (err instanceof BodyTooLargeError) return { kind: 'too_large', status: err.status ?? 200 };
      // A connection that never opened in time is nothing answering at the address; one that opened is a slow server.
      if (err instanceof TransportTimeoutError)
        return err.connected ? { kind: 'timeout' } : { kind: 'unreachable', code: 'ETIMEDOUT' };
      return { kind: 'unreachable', code: transportCode(err) };
    }
  }
}

export function headerOf(a: ProbeAnswer, name: string): string {
  return a.kind === 'answer' ? (rawHeader(a.rawHeaders, name) ?? '') : '';
}

export function okJson(a: ProbeAnswer): unknown {
  return a.kind === 'answer' && a.status >= 200 && a.status <= 299 && a.json.ok ? a.json.value : undefined;
}

/** llama-server's answer to everything while it loads a model: 503 `{"error":{"message":"Loading model",…}}`. */
export function isLoadingAnswer(a: ProbeAnswer): boolean {
  if (a.kind !== 'answer' || a.status !== 503 || !a.json.ok) return false;
  const v = a.json.value as { error?: { message?: unknown; type?: unknown } } | null;
  const message = typeof v?.error?.message === 'string' ? v.error.message : '';
  return /loading model/i.test(message) || v?.error?.type === 'unavailable_error';
}
