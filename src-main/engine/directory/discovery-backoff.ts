/**
 * How long a directory that failed an ask is left alone: the answer window after one failure, twice that after two in
 * a row, and so on up to five minutes; one good answer ends it. While it lasts, readers get the last answer and why it
 * is not newer at once, so a directory that is down or hangs costs them nothing and is not asked by every reader.
 */
/** The longest a failing directory is left alone between two asks. */
export const BACKOFF_CAP_MS = 5 * 60_000;

/** A directory's failures in a row: how many, the last one and when it was asked, and when it may be asked again. */
export interface DirectoryTrouble<F> {
  failures: number;
  failure: F;
  askedAt: number;
  /** When the last failure was known. */
  endedAt: number;
  retryAt: number;
}

/** Per directory (its base address): the failures in a row (`F`: why one failed) and the wait they earned. */
export class DiscoveryBackoff<F> {
  private readonly trouble = new Map<string, DirectoryTrouble<F>>();

  /** `firstMs`: the wait after one failure (the answer window); each further failure in a row doubles it. */
  constructor(
    private readonly firstMs: number,
    private readonly capMs: number = BACKOFF_CAP_MS,
  ) {}

  /** An ask of `base` asked at `askedAt` failed; it ended at `now`, and the wait runs from then. */
  failed(base: string, failure: F, askedAt: number, now: number): void {
    const was = this.trouble.get(base);
    // Asked before the last failure was known (several questions asked together): the same failure, no longer wait.
    if (was !== undefined && askedAt <= was.endedAt) return;
    const failures = (was?.failures ?? 0) + 1;
    const waitMs = Math.min(this.capMs, this.firstMs * 2 ** Math.min(failures - 1, 30));
    this.trouble.set(base, { failures, failure, askedAt, endedAt: now, retryAt: now + waitMs });
  }

  /** `base` answered: its failures are over. */
  answered(base: string): void {
    this.trouble.delete(base);
  }

  /** The trouble of `base` while it is still to be left alone at `now`; null: it may be asked. */
  waiting(base: string, now: number): DirectoryTrouble<F> | null {
    const t = this.trouble.get(base);
    return t !== undefined && now < t.retryAt ? t : null;
  }

  forget(): void {
    this.trouble.clear();
  }
}
