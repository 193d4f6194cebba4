/**
 * Per-`Origin` fixed-window limit, as the reference node has it: 120 requests per 60 s per origin; 0 disables.
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
    if (w && t - w.start >= this.windowMs) {
      this.windows.delete(origin); // re-inserted below, so the map stays ordered by window start
      w = undefined;
    }
    if (!w) {
      if (this.windows.size >= this.maxOrigins) this.dropExpired(t);
      // Still full of live windows: keep them (an origin over its limit stays limited) and leave this
      // newcomer untracked until some expire, rather than grow without bound or forget who is limited.
      if (this.windows.size >= this.maxOrigins) return true;
      w = { start: t, count: 0 };
      this.windows.set(origin, w);
    }
    w.count += 1;
    return w.count <= this.limit;
  }

  /** Origins currently tracked. */
  get size(): number {
    return this.windows.size;
  }

  /** Oldest windows first (insertion order is start order), so this stops at the first live one. */
  private dropExpired(t: number): void {
    for (const [k, w] of this.windows) {
      if (t - w.start < this.windowMs) break;
      this.windows.delete(k);
    }
  }
}
