interface Entry<V> {
  at: number;
  seq: number;
  value: V;
}

/**
 * Keys remembered for `ttlMs` (nonces, task ids), with an optional value. Bounded: past `maxEntries` the
 * oldest are forgotten first, so a flood of unique keys costs bounded memory instead of an outage.
 *
 * Age order lives in a queue of (key, seq) beside the lookup map rather than in the map's insertion order:
 * a Map keeps deleted slots at its front until it rehashes, so "delete the oldest" by iterating it costs
 * time proportional to everything deleted before (tens of µs per task at 200k nonces). A queue entry whose
 * seq no longer matches the map is stale (the key was set again or deleted) and is skipped.
 */
export class ExpiringMap<V = true> {
  private readonly entries = new Map<string, Entry<V>>();
  private queue: { key: string; seq: number }[] = [];
  private head = 0;
  private seq = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    this.purge();
    return this.entries.get(key)?.value;
  }

  has(key: string): boolean {
    this.purge();
    return this.entries.has(key); // not get() !== undefined: a stored value may itself be undefined
  }

  set(key: string, value: V): void {
    const seq = ++this.seq;
    this.entries.set(key, { at: this.now(), seq, value });
    this.queue.push({ key, seq });
    while (this.entries.size > this.maxEntries) this.dropOldest();
    this.compact();
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Live entries (expired ones are forgotten first). */
  get size(): number {
    this.purge();
    return this.entries.size;
  }

  private purge(): void {
    const cutoff = this.now() - this.ttlMs;
    while (this.head < this.queue.length) {
      const q = this.queue[this.head]!;
      const e = this.entries.get(q.key);
      if (e && e.seq === q.seq) {
        if (e.at > cutoff) break;
        this.entries.delete(q.key);
      }
      this.head += 1;
    }
    this.compact();
  }

  private dropOldest(): void {
    while (this.head < this.queue.length) {
      const q = this.queue[this.head++]!;
      const e = this.entries.get(q.key);
      if (e && e.seq === q.seq) {
        this.entries.delete(q.key);
        return;
      }
    }
  }

  /** Drops consumed queue slots once they are the larger part, keeping memory and cost amortised O(1). */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
