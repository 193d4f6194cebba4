import { networkErrorWords } from '../net/error-words';

export type HealthResult = { ok: true } | { ok: false; why: string };

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
    // Read to the end so the connection can be reused (or closed) rather than left half-read.
    await res.arrayBuffer().catch(() => undefined);
    if (res.ok) return { ok: true };
    return { ok: false, why: statusWords(res.status) };
  } catch (err) {
    return { ok: false, why: failureWords(err, timeoutMs) };
  }
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
