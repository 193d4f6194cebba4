/**
 * Bind rate limit per transport source, after `RelaySessionRegistry.allowBind` (iicp-client-typescript
 * src/relay_session.ts: DEFAULT_RELAY_BIND_RATE_LIMIT = 30, 60 s fixed window per source, rebind exempt,
 * 0 disables). The "principal" is the connection's remote address — never a header a client can choose —
 * and the IICP protocol words it as "rate-limit binds per source IP".
 */
const WINDOW_MS = 60_000;
/** Same housekeeping threshold as the reference: expired buckets are swept once there are this many. */
const SWEEP_ABOVE = 4096;

export class BindRateLimiter {
  private readonly buckets = new Map<string, { start: number; count: number }>();

  constructor(private readonly perMinute: number) {}

  /** Counts the attempt and says whether it is within the limit. A rebind of a held worker id is not counted. */
  allow(source: string, rebind: boolean, now: number): boolean {
    if (rebind || this.perMinute === 0) return true;
    let bucket = this.buckets.get(source);
    if (!bucket || now - bucket.start >= WINDOW_MS) bucket = { start: now, count: 0 };
    bucket.count += 1;
    this.buckets.set(source, bucket);
    if (this.buckets.size > SWEEP_ABOVE) {
      for (const [key, b] of this.buckets) if (now - b.start >= WINDOW_MS) this.buckets.delete(key);
    }
    return bucket.count <= this.perMinute;
  }
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are the same host; keep one spelling so they share a bucket. */
export function sourceAddress(remote: string | undefined): string {
  const addr = remote ?? 'unknown';
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr;
}
