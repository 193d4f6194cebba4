/**
 * What the listener tells an app about a request it served: the answer or the refusal, where the request went
 * (`X-IICP-*` headers), and whether the app's library should send it again.
 */
export interface Served {
  ok: boolean;
  status: number;
  code: string;
  message: string;
  /** The answer in the app's API, when `ok`: the body (or the stream's frames) as text; `contentType` null is JSON. */
  answer?: { contentType: string | null; chunks: (string | Buffer)[] };
  /** The request field a refusal is about (OpenAI's `param`), when the gateway knows it. */
  param?: string;
  /** The answer (or its error event) was already written to the app as it streamed: only the end is left. */
  written?: boolean;
  /** The task's id and the node that answered (or was tried last), told to the app in `X-IICP-*` headers. */
  taskId?: string;
  nodeId?: string | null;
  own?: boolean | null;
  /** The answer's length the gateway sent when it lowered the app's bound to fit a limit; told in a header. */
  maxTokensLowered?: number | null;
}

/** Where a request went, as the listener tells it. */
export type ServedIds = Pick<Served, 'taskId' | 'nodeId' | 'own' | 'maxTokensLowered'>;

/** A request's end as the listener tells it: the answer in the app's API, or the failure, with where it went. */
export function servedOf(
  rendered: { ok: true; contentType: string | null; chunks: (string | Buffer)[] } | { ok: false } | null,
  failure: { status: number; code: string; message: string } | null,
  ids: ServedIds,
): Served {
  if (rendered?.ok)
    return {
      ok: true,
      status: 200,
      code: 'ok',
      message: '',
      answer: { contentType: rendered.contentType, chunks: rendered.chunks },
      ...ids,
    };
  const f = failure!;
  return { ok: false, status: f.status, code: f.code, message: f.message, ...ids };
}

/**
 * Where a request went, for an app (and the page's "try it" box) that wants to know; and the bound sent when the
 * gateway lowered the app's to fit a limit, so an app can tell a cut answer from a finished one.
 */
export function servedHeaders(s: ServedIds): Record<string, string> {
  const h: Record<string, string> = {};
  if (s.taskId) h['X-IICP-Task-Id'] = s.taskId;
  if (s.nodeId) h['X-IICP-Node-Id'] = s.nodeId;
  if (s.own !== undefined && s.own !== null) h['X-IICP-Own-Machine'] = s.own ? 'yes' : 'no';
  if (typeof s.maxTokensLowered === 'number') h['X-IICP-Max-Tokens-Lowered'] = String(s.maxTokensLowered);
  return h;
}

/**
 * Refusals that the same request sent again cannot change, whatever the status: the budget's, no machine for the
 * model, and a field or request no machine takes.
 */
const FINAL_CODES: ReadonlySet<string> = new Set([
  'insufficient_quota',
  'no_nodes',
  'model_not_found',
  'unsupported_field',
  'invalid_request',
]);

/**
 * Whether the app's library should send the same request again. The OpenAI and Anthropic SDKs retry 408, 409, 429 and
 * every 5xx twice unless `x-should-retry` says no: a refusal that cannot change would only cost the app seconds.
 * Busy and rate-limited answers stay retryable and carry `Retry-After`.
 */
export function retryable(status: number, code: string): boolean {
  if (FINAL_CODES.has(code)) return false;
  return !(status >= 400 && status < 500 && status !== 408 && status !== 409 && status !== 429);
}

/** The header that tells an app's library not to send a refusal's request again; none when it may. */
export const retryHeaders = (status: number, code: string): Record<string, string> =>
  retryable(status, code) ? {} : { 'x-should-retry': 'false' };
