import { HEARING_MS, MAX_CONTENDERS, type Claim } from './admission-terms';
import type { SourceActivity } from './source-activity';

/**
 * The turns of admission (admission.ts): the sources that asked for a slot and got none are owed one, for a while, and
 * a freed slot is kept for those ahead of whoever asks — claimants holding fewer slots, then those served less
 * recently, then those asking longer.
 */
export class TurnClaims {
  /** Sources owed a turn, least recently refreshed first. */
  private readonly claims = new Map<string, Claim>();

  constructor(
    private readonly now: () => number,
    private readonly activity: SourceActivity,
    /** Slots held per source (admission's own map, read here). */
    private readonly held: ReadonlyMap<string, number>,
    /** Waiters per source (admission's own map, read here). */
    private readonly waiting: ReadonlyMap<string, number>,
  ) {}

  has(source: string): boolean {
    return this.claims.has(source);
  }

  /** The source's turn is used (it was served, or sent nothing that could run). */
  drop(source: string): void {
    this.claims.delete(source);
  }

  /** `source` asked and got no slot: it is owed one (its turn dates from its first try) for `holdMs` from now. */
  claim(source: string, holdMs: number): void {
    const now = this.now();
    const c = this.claims.get(source);
    this.claims.delete(source); // re-inserted at the end: least recently refreshed first
    this.claims.set(source, { since: c?.since ?? now, until: Math.max(c?.until ?? 0, now + holdMs) });
    if (this.claims.size > MAX_CONTENDERS) this.claims.delete(this.claims.keys().next().value!);
  }

  /** Its request passed the door: a turn kept for it waits HEARING_MS at most for the body. */
  hear(source: string): void {
    const c = this.claims.get(source);
    if (c) c.until = Math.min(c.until, this.now() + HEARING_MS);
  }

  /**
   * How many other sources, up to `limit`, are owed a free slot before `source`: claimants holding fewer slots, or as
   * many and served less recently (never served first, then asking since longer), that may still take one (below
   * their share).
   */
  ahead(source: string, limit: number): number {
    const now = this.now();
    for (const [s, c] of this.claims) {
      if (c.until > now || this.waiting.has(s)) break;
      this.claims.delete(s);
    }
    if (this.claims.size === 0) return 0;
    const mine = this.heldBy(source);
    const served = this.activity.servedAt(source);
    const since = this.claims.get(source)?.since ?? Infinity;
    let ahead = 0;
    for (const [s, c] of this.claims) {
      if (s === source || c.until <= now) continue;
      const theirs = this.heldBy(s);
      if (theirs > mine) continue;
      if (theirs === mine) {
        const theirServed = this.activity.servedAt(s);
        if (theirServed > served || (theirServed === served && c.since >= since)) continue;
      }
      if (theirs > 0) {
        const share = this.activity.shareOf(s, true);
        if (share !== null && theirs >= share) continue;
      }
      if (++ahead >= limit) break;
    }
    return ahead;
  }

  /** When the first claim of a source not waiting now lapses, after `now`; Infinity when there is none. */
  firstLapse(now: number): number {
    let first = Infinity;
    for (const [s, c] of this.claims) if (!this.waiting.has(s) && c.until > now) first = Math.min(first, c.until);
    return first;
  }

  private heldBy(source: string): number {
    return this.held.get(source) ?? 0;
  }
}
