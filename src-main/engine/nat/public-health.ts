import { english } from '@shared/i18n/say';
import { said, type Said } from '@shared/i18n/said';
import { BodyTooLargeError, networkErrorSaid, readBodyCapped } from '../net';

export type HealthResult = { ok: true } | { ok: false; why: string };
/** A failed health check: `reason` for the person's screen, `why` the same in English for steps and log files. */
export type HealthFailure = { ok: false; why: string; reason: Said };

/**
 * A node's health answer is a small JSON object (about a kilobyte); whatever answers through a tunnel or a relay
 * is someone else's program, so no more than this is ever read of it.
 */
export const MAX_HEALTH_BODY_BYTES = 64 * 1024;

/**
 * `GET {url}/iicp/health` from the outside in — through DNS, a tunnel's edge or a relay, back to this node: the path a
 * consumer takes (the quick tunnel's watchdog, "Check my node"). Any 2xx counts. `why` is a few plain words.
 */
export async function probePublicHealth(
  url: string,
  fetchImpl: typeof fetch,
  timeoutMs: number,
  cancel?: AbortSignal,
): Promise<{ ok: true } | HealthFailure> {
  // AbortSignal.timeout takes whole milliseconds only.
  const timeout = AbortSignal.timeout(Math.max(1, Math.ceil(timeoutMs)));
  const signal = cancel ? AbortSignal.any([cancel, timeout]) : timeout;
  try {
    const res = await fetchImpl(`${url.replace(/\/+$/, '')}/iicp/health`, {
      signal,
      redirect: 'manual',
      headers: { accept: 'application/json' },
    });
    // Read to the end so the connection can be reused (or closed) rather than left half-read; an answer far larger
    // than any health check is not ours, and is cut off rather than held in memory.
    try {
      await readBodyCapped(res, MAX_HEALTH_BODY_BYTES);
    } catch (err) {
      if (err instanceof BodyTooLargeError)
        return failure(
          said('network.health.tooLarge', { status: String(res.status), kib: String(MAX_HEALTH_BODY_BYTES / 1024) }),
        );
      if (signal.aborted) throw err;
      // A body cut short by the network: the status line already said what there is to say.
    }
    if (res.ok) return { ok: true };
    return failure(statusWords(res.status));
  } catch (err) {
    return failure(failureWords(err, timeoutMs));
  }
}

const failure = (reason: Said): HealthFailure => ({ ok: false, why: english.said(reason), reason });

function statusWords(status: number): Said {
  // Cloudflare's own answers when the tunnel, not the node, is the problem.
  if (status === 530) return said('network.health.tunnelUnconnected');
  if (status === 502 || status === 504) return said('network.health.tunnelUnreached', { status: String(status) });
  return said('network.health.status', { status: String(status) });
}

function failureWords(err: unknown, timeoutMs: number): Said {
  const name = (err as { name?: string } | null)?.name;
  if (name === 'TimeoutError')
    return said('network.health.timeout', { seconds: String(Math.round(timeoutMs / 100) / 10) });
  if (name === 'AbortError') return said('network.health.stopped');
  const code = (err as { cause?: { code?: string } } | null)?.cause?.code;
  return networkErrorSaid(err) ?? (code ? said('network.health.failedWith', { code }) : said('network.health.failed'));
}
