/**
 * The rules every answer of the task port obeys, whatever was sent: a status from the documented set,
 * a JSON body with a stable `error.code` (or a served task, health, metrics, a preflight), and no 5xx
 * unless the backend is in trouble (it is not, in these suites).
 */
import type { CaseMeta, FuzzCase } from './task-fuzz';
import { nestingDepth } from './values';

/** Every error code the task port may answer with, and the statuses it goes with. */
export const TASK_PORT_CODES: Readonly<Record<string, readonly number[]>> = {
  bad_request: [400],
  invalid_json: [400],
  'IICP-CX-02': [400],
  'IICP-CX-03': [400],
  tool_execution_denied: [403],
  not_found: [404],
  'IICP-E029': [404],
  method_not_allowed: [405],
  request_timeout: [408],
  // Suggested for `Expect:` values other than 100-continue (known-bugs.test.ts, BUG 3); not emitted yet.
  expectation_failed: [417],
  'IICP-E010': [409],
  'IICP-E011': [409],
  payload_too_large: [413],
  validation_error: [422],
  intent_not_advertised: [422],
  'IICP-E021': [429],
  'IICP-E023': [429],
  headers_too_large: [431],
  // Backend trouble only; the suites' backend is healthy, so these count as findings unless explained.
  backend_error: [502],
  backend_unavailable: [503],
  'IICP-E024': [503],
  node_starting: [503],
  task_timeout: [504],
};

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Known engine bugs (see the report and tests/security/known-bugs.test.ts); tallied, not hidden. */
export type KnownBug = 'deep-payload-502' | 'no-host-empty-400' | 'expect-417-empty' | 'connect-no-answer';

export type Verdict =
  { ok: true; served: boolean; health: boolean } | { ok: false; problem: string } | { ok: false; known: KnownBug };

function header(a: Answer, name: string): string {
  const v = a.headers[name];
  return Array.isArray(v) ? v.join(', ') : (v ?? '');
}

/** The constraints.timeout_ms the request asked for, when its body is JSON that says so. */
function requestedTimeout(requestJson: unknown): number | null {
  if (typeof requestJson !== 'object' || requestJson === null) return null;
  const c = (requestJson as Record<string, unknown>).constraints;
  if (typeof c !== 'object' || c === null) return null;
  const t = (c as Record<string, unknown>).timeout_ms;
  return typeof t === 'number' ? t : null;
}

function payloadDepth(meta: CaseMeta, requestJson: unknown): number {
  if (meta.payloadDepth !== undefined) return meta.payloadDepth;
  if (typeof requestJson !== 'object' || requestJson === null) return 0;
  return nestingDepth((requestJson as Record<string, unknown>).payload, 2000);
}

/**
 * Judges one answer to one request. `requestJson` is the request body parsed as JSON where it parses
 * (the checker reads the consumer's own timeout from it); `method` is what the request line said.
 */
export function judge(c: Pick<FuzzCase, 'meta' | 'expect'>, method: string, a: Answer, requestJson: unknown): Verdict {
  const text = a.body.toString('utf8');
  const type = header(a, 'content-type');

  if (a.status === 400 && a.body.length === 0 && c.meta.noHost) return { ok: false, known: 'no-host-empty-400' };
  if (a.status === 417 && a.body.length === 0 && c.meta.expectHeader) return { ok: false, known: 'expect-417-empty' };

  if (a.status === 100) return { ok: true, served: false, health: false };
  if (a.status === 204) {
    if (method !== 'OPTIONS') return { ok: false, problem: `204 for ${method}` };
    return a.body.length === 0 ? { ok: true, served: false, health: false } : { ok: false, problem: '204 with a body' };
  }
  // A HEAD request the parser refused (400/408/431 from the clientError path) is answered in full.
  if (method === 'HEAD' && !(a.body.length > 0 && [400, 408, 431].includes(a.status))) {
    if (a.body.length !== 0) return { ok: false, problem: 'HEAD answer with a body' };
    return a.status === 200 || a.status === 404 || a.status === 405
      ? { ok: true, served: false, health: a.status === 200 }
      : { ok: false, problem: `HEAD answered ${a.status}` };
  }
  if (a.status === 200 && type.startsWith('text/plain')) {
    return text.includes('# TYPE iicp_tasks_total')
      ? { ok: true, served: false, health: false }
      : { ok: false, problem: 'text/plain answer that is not /metrics' };
  }
  if (!type.startsWith('application/json'))
    return {
      ok: false,
      problem: `status ${a.status} with Content-Type ${JSON.stringify(type)} and body ${JSON.stringify(text.slice(0, 80))}`,
    };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, problem: `status ${a.status}: body is not JSON: ${JSON.stringify(text.slice(0, 80))}` };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, problem: `status ${a.status}: JSON body is not an object` };
  const o = body as Record<string, unknown>;

  if (a.status === 200) {
    if ((o.status === 'success' || o.status === 'encrypted') && typeof o.task_id === 'string') {
      return { ok: true, served: header(a, 'x-iicp-replayed') !== '1', health: false };
    }
    if ((o.status === 'ok' || o.status === 'degraded') && typeof o.node_id === 'string')
      return { ok: true, served: false, health: true };
    return { ok: false, problem: `200 with an unexpected body ${JSON.stringify(text.slice(0, 120))}` };
  }

  const err = o.error;
  const code = typeof err === 'object' && err !== null ? (err as Record<string, unknown>).code : undefined;
  if (typeof code !== 'string')
    return { ok: false, problem: `status ${a.status} without error.code: ${JSON.stringify(text.slice(0, 120))}` };
  if (typeof (err as Record<string, unknown>).message !== 'string')
    return { ok: false, problem: `status ${a.status} ${code} without error.message` };
  const statuses = TASK_PORT_CODES[code];
  if (!statuses) return { ok: false, problem: `status ${a.status} with an undocumented code ${JSON.stringify(code)}` };
  if (!statuses.includes(a.status)) return { ok: false, problem: `code ${code} with status ${a.status}` };

  if (a.status >= 500) {
    if (a.status === 504 && code === 'task_timeout') {
      const t = requestedTimeout(requestJson);
      // the consumer's own tight deadline
      if (t !== null && t < 5_000) return { ok: true, served: true, health: false };
    }
    if (a.status === 502 && code === 'backend_error' && payloadDepth(c.meta, requestJson) > 1_000)
      return { ok: false, known: 'deep-payload-502' };
    return {
      ok: false,
      problem: `unexpected ${a.status} ${code} (the backend is healthy): ${JSON.stringify(text.slice(0, 160))}`,
    };
  }
  return { ok: true, served: false, health: false };
}
