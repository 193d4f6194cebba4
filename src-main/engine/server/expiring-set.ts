/**
 * Keys remembered for `ttlMs` (nonces, task ids), with an optional value. Bounded: past `maxEntries` the
 * oldest are forgotten first, so a flood of unique keys costs bounded memory instead of an outage.
 *
 * Age order lives in a queue of (key, seq, time) beside the lookup map rather than in the map's insertion
 * order: a Map keeps deleted slots at its front until it rehashes, so "delete the oldest" by iterating it
 * costs time proportional to everything deleted before (tens of µs per task at 200k nonces). A queue slot
 * whose seq no longer matches the map is stale (the key was set again or deleted) and is skipped.
 *
 * Nothing is allocated per key besides the map's own entry: the map holds the key's seq (a small integer),
 * the queue is three parallel arrays, and values other than `true` sit in a second map (a plain key set,
 * like the 200k nonces, has none). Hundreds of thousands of small objects would otherwise survive into the
 * old generation and make every garbage collection of a busy node slower.
 */
export class ExpiringMap<V = true> {
  /** key → seq of its live queue slot. */
  private readonly seqs = new Map<string, number>();
  /** The values that are not `true`, for keys in `seqs` only. */
  private readonly values = new Map<string, V>();
  private qKeys: string[] = [];
  private qSeqs: number[] = [];
  private qTimes: number[] = [];
  private head = 0;
  private seq = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    this.purge();
    if (!this.seqs.has(key)) return undefined;
    return this.values.has(key) ? this.values.get(key) : (true as V);
  }

  has(key: string): boolean {
    this.purge();
    return this.seqs.has(key); // not get() !== undefined: a stored value may itself be undefined
  }

  set(key: string, value: V): void {
    const seq = ++this.seq;
    this.seqs.set(key, seq);
    if (value === true) {
      if (this.values.size > 0) this.values.delete(key);
    } else this.values.set(key, value);
    this.qKeys.push(key);
    this.qSeqs.push(seq);
    this.qTimes.push(this.now());
    while (this.seqs.size > this.maxEntries) this.dropOldest();
    this.compact();
  }

  delete(key: string): void {
    this.forget(key);
  }

  /** Live entries (expired ones are forgotten first). */
  get size(): number {
    this.purge();
    return this.seqs.size;
  }

  private forget(key: string): void {
    this.seqs.delete(key);
    if (this.values.size > 0) this.values.delete(key);
  }

  private purge(): void {
    const cutoff = this.now() - this.ttlMs;
    const keys = this.qKeys;
    while (this.head < keys.length) {
      const key = keys[this.head]!;
      if (this.seqs.get(key) === this.qSeqs[this.head]) {
        if (this.qTimes[this.head]! > cutoff) break;
        this.forget(key);
      }
      this.head += 1;
    }
    this.compact();
  }

  private dropOldest(): void {
    const keys = this.qKeys;
    while (this.head < keys.length) {
      const i = this.head++;
      const key = keys[i]!;
      if (this.seqs.get(key) === this.qSeqs[i]) {
        this.forget(key);
        return;
      }
    }
  }

  /** Drops consumed queue slots once they are the larger part, keeping memory and cost amortised O(1). */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.qKeys.length) {
      this.qKeys = this.qKeys.slice(this.head);
      this.qSeqs = this.qSeqs.slice(this.head);
      this.qTimes = this.qTimes.slice(this.head);
      this.head = 0;
    }
  }
}
