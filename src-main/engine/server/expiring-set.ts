/**
 * Keys remembered for `ttlMs` (nonces, task ids), with an optional value. Bounded: past `maxEntries` the
 * oldest are forgotten first, so a flood of unique keys costs bounded memory instead of an outage.
 */
export class ExpiringMap<V = true> {
  private readonly entries = new Map<string, { at: number; value: V }>();

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
    this.entries.delete(key); // re-insert at the end so insertion order stays age order
    this.entries.set(key, { at: this.now(), value });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
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
    for (const [k, e] of this.entries) {
      if (e.at > cutoff) break;
      this.entries.delete(k);
    }
  }
}
