import { BodyTooLargeError, networkErrorWords, readBodyCapped } from '../net';

export type HealthResult = { ok: true } | { ok: false; why: string };

/**
 * A node's health answer is a small JSON object (about a kilobyte); whatever answers through a tunnel or a relay
 * is someone else's program, so no more than this is ever read of it.
 */
export const MAX_HEALTH_BODY_BYTES = 64 * 1024;

/**
 * `GET {url}/iicp/health` from the outside in — through DNS, a tunnel's edge or a relay, back to this node: the path a
 * consumer takes (the quick tunnel's watchdog, "Check my node"). Any 2xx counts. `why` is a few plain words.
 */
export async function probePublicHealth(url: string, fetchImpl: typeof fetch, timeoutMs: number, cancel?: AbortSignal): Promise<HealthResult> {
  // AbortSignal.timeout takes whole milliseconds only.
  const timeout = AbortSignal.timeout(Math.max(1, Math.ceil(timeoutMs)));
  const signal = cancel ? AbortSignal.any([cancel, timeout]) : timeout;
  try {
    const res = await fetchImpl(`${url.replace(/\/+$/, '')}/iicp/health`, { signal, redirect: 'manual', headers: { accept: 'application/json' } });
    // Read to the end so the connection can be reused (or closed) rather than left half-read; an answer far larger
    // than any health check is not ours, and is cut off rather than held in memory.
    try {
      await readBodyCapped(res, MAX_HEALTH_BODY_BYTES);
    } catch (err) {
      if (err instanceof BodyTooLargeError) return { ok: false, why: tooLargeWords(res.status) };
      if (signal.aborted) throw err;
      // A body cut short by the network: the status line already said what there is to say.
    }
    if (res.ok) return { ok: true };
    return { ok: false, why: statusWords(res.status) };
  } catch (err) {
    return { ok: false, why: failureWords(err, timeoutMs) };
  }
}

function tooLargeWords(status: number): string {
  return `the address answered HTTP ${status} with more than ${MAX_HEALTH_BODY_BYTES / 1024} KiB, far more than a health check sends, so the answer was not read`;
}

function statusWords(status: number): string {
  // Cloudflare's own answers when the tunnel, not the node, is the problem.
  if (status === 530) return 'Cloudflare answered that the tunnel has no connection to this computer (HTTP 530)';
  if (status === 502 || status === 504) return `Cloudflare could not reach the node through the tunnel (HTTP ${status})`;
  return `the address answered HTTP ${status}`;
}

function failureWords(err: unknown, timeoutMs: number): string {
  const name = (err as { name?: string } | null)?.name;
  if (name === 'TimeoutError') return `no answer within ${Math.round(timeoutMs / 100) / 10} s`;
  if (name === 'AbortError') return 'stopped';
  const code = (err as { cause?: { code?: string } } | null)?.cause?.code;
  return networkErrorWords(err) ?? (code ? `the request failed (${code})` : 'the request failed');
}
