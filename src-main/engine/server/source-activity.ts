import { MAX_CONTENDERS, type Activity } from './admission-terms';
import { waterFill } from './admission-shares';

/**
 * The sources active lately (holding, waiting, refused, or served within the contention window), the most slots each
 * wanted at once, and when each was last served: what each source's fair share and its place in the turns are
 * reckoned from (admission.ts).
 */
export class SourceActivity {
  /** Sources active lately, least recently active first. */
  private readonly activity = new Map<string, Activity>();

  constructor(
    private readonly now: () => number,
    /** How long a source stays active after it last did anything. */
    private readonly windowMs: number,
    private readonly capacity: () => number,
    /** Slots held per source (admission's own map, read here). */
    private readonly held: ReadonlyMap<string, number>,
    /** Waiters per source (admission's own map, read here). */
    private readonly waiting: ReadonlyMap<string, number>,
  ) {}

  /** `source` holds or asks for `wanted` slots now. */
  note(source: string, wanted: number): void {
    const a = this.activity.get(source);
    this.activity.delete(source); // re-inserted at the end: the map stays least recently active first
    this.activity.set(source, { demand: Math.max(1, wanted, a?.demand ?? 0), at: this.now(), servedAt: a?.servedAt });
    if (this.activity.size > MAX_CONTENDERS) {
      for (const s of this.activity.keys()) {
        if (this.activity.size <= MAX_CONTENDERS) break;
        if (!this.held.has(s) && !this.waiting.has(s)) this.activity.delete(s);
      }
    }
  }

  /** `source`, if active lately, was served now: it goes behind those served less recently. */
  served(source: string): void {
    const a = this.activity.get(source);
    if (a) a.servedAt = this.now();
  }

  servedAt(source: string): number {
    return this.activity.get(source)?.servedAt ?? -Infinity;
  }

  /**
   * The slots `source` may hold now: its part of a max-min (water-filling) division of the capacity over the sources
   * active lately by what each wants (at least one each); null while it is the only one (then only its cap bounds it).
   * `asking`: it wants one more than it holds.
   */
  shareOf(source: string, asking: boolean): number | null {
    this.prune();
    const n = this.activity.size + (this.activity.has(source) ? 0 : 1);
    if (n <= 1) return null;
    const mine = Math.max(this.activity.get(source)?.demand ?? 1, this.heldBy(source) + (asking ? 1 : 0));
    const wants: number[] = [];
    for (const [s, a] of this.activity) if (s !== source) wants.push(Math.max(a.demand, this.heldBy(s)));
    return waterFill(wants, mine, this.capacity());
  }

  private heldBy(source: string): number {
    return this.held.get(source) ?? 0;
  }

  /** Forgets sources idle for longer than the window; those holding or waiting stay (they are active). */
  private prune(): void {
    const cutoff = this.now() - this.windowMs;
    for (const [s, a] of this.activity) {
      if (a.at > cutoff) return;
      this.activity.delete(s);
      if (this.held.has(s) || this.waiting.has(s)) this.activity.set(s, { ...a, at: this.now() });
    }
  }
}
