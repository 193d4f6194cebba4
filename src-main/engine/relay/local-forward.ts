import { BodyTooLargeError, httpCall, rawHeader } from '../net';
import type { ForwardedAnswer } from './relay-result';

/** The node's own answers are bounded (8 MiB bodies, capped generations); this only guards against a surprise. */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;
/**
 * A refusal is a small JSON object; past this it is cut (and then unreadable, which relayResult turns into an error).
 */
const MAX_ERROR_BYTES = 1024 * 1024;
/** Longer than any task may run on the node, so the node's own timeout answers first. */
const FORWARD_TIMEOUT_MS = 15 * 60_000;

/**
 * Hands a task pulled from a relay to the node's own task port over loopback, as its bytes: it takes exactly the path
 * of a direct task (admission before the body, the body budget and shape limits, parsing off the event loop,
 * IICP-CX, limits, ledger, receipts). `relayedMark` is the node's per-process proof that the task came through its
 * relay worker (server/relayed-task.ts), so the pipeline judges it as relayed — an encrypted task's answer is always
 * sealed, a plaintext one refused unless the person allowed it — while nobody outside the process can claim that.
 * Over the node's keep-alive pool (`httpCall`), the relay path's share of the busiest path costs what a backend call
 * does, not what global fetch would.
 */
export async function forwardToOwnPort(
  bindHost: string,
  port: number | null,
  task: Buffer,
  relayedMark: Record<string, string>,
): Promise<ForwardedAnswer> {
  if (port === null)
    return {
      status: 503,
      body: { error: { code: 'not_serving', message: 'The node is not serving right now.' } },
      retryAfter: '30',
    };
  const host =
    bindHost === '::' || bindHost === '0.0.0.0' ? '127.0.0.1' : bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  try {
    const res = await httpCall(
      `http://${host}:${port}/v1/task`,
      { ...relayedMark, 'Content-Type': 'application/json' },
      task,
      {
        timeoutMs: FORWARD_TIMEOUT_MS,
        maxBytes: MAX_ANSWER_BYTES,
        maxErrorBytes: MAX_ERROR_BYTES,
      },
    );
    return {
      status: res.status,
      body: parseOrNull(res.body.toString('utf8')),
      retryAfter: rawHeader(res.rawHeaders, 'retry-after'),
    };
  } catch (err) {
    if (err instanceof BodyTooLargeError)
      return {
        status: 502,
        body: { error: { code: 'backend_error', message: 'The answer was too large to relay.' } },
        retryAfter: null,
      };
    throw err;
  }
}

function parseOrNull(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}
