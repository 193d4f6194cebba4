/**
 * Per-`Origin` fixed-window limit (brief §3.4 step 1: 120 requests per 60 s per origin; 0 disables).
 * Only browser calls carry an Origin, so only they are limited here; capacity limits everyone.
 */
export class OriginRateLimit {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
    private readonly maxOrigins = 10_000,
  ) {}

  /** true = allowed. */
  allow(origin: string): boolean {
    if (this.limit <= 0) return true;
    const t = this.now();
    let w = this.windows.get(origin);
    if (!w || t - w.start >= this.windowMs) {
      if (!w && this.windows.size >= this.maxOrigins) this.evictExpired(t);
      w = { start: t, count: 0 };
      this.windows.set(origin, w);
    }
    w.count += 1;
    return w.count <= this.limit;
  }

  private evictExpired(t: number): void {
    for (const [k, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(k);
    // Still full of live windows: drop the oldest rather than grow without bound.
    while (this.windows.size >= this.maxOrigins) this.windows.delete(this.windows.keys().next().value!);
  }
}
