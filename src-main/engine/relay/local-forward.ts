import type { ForwardedAnswer } from './relay-result';

/** The node's own answers are bounded (8 MiB bodies, capped generations); this only guards against a surprise. */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;
/** Longer than any task may run on the node, so the node's own timeout answers first. */
const FORWARD_TIMEOUT_MS = 15 * 60_000;

/**
 * Hands a task pulled from a relay to the node's own task port over loopback, as a local tunnel client would: it
 * takes exactly the path of a direct task (admission, IICP-CX, limits, ledger, receipts), and loopback callers count
 * only against the overall connection cap, not against one source's.
 */
export async function forwardToOwnPort(bindHost: string, port: number | null, task: Record<string, unknown>): Promise<ForwardedAnswer> {
  if (port === null) return { status: 503, body: { error: { code: 'not_serving', message: 'The node is not serving right now.' } }, retryAfter: '30' };
  const host = bindHost === '::' || bindHost === '0.0.0.0' ? '127.0.0.1' : bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  const res = await fetch(`http://${host}:${port}/v1/task`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(task),
    signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
  });
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > MAX_ANSWER_BYTES) {
    await res.body?.cancel().catch(() => undefined);
    return { status: 502, body: { error: { code: 'backend_error', message: 'The answer was too large to relay.' } }, retryAfter: null };
  }
  const text = await res.text();
  return { status: res.status, body: parseOrNull(text), retryAfter: res.headers.get('retry-after') };
}

function parseOrNull(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}
