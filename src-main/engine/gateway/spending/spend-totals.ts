import type { GatewayRequestRow } from '@shared/contract';
import type { NewSpendRow, SpendByApp } from '../../store';
import type { FlaggedSource } from './node-flags';

/** One finished gateway request as the books keep it: the spent book's row (amounts in micro-credits). */
export type SpendEntry = NewSpendRow;

/** Where spending is booked: the same database as the earnings. */
export interface SpendBook {
  /** Requests that ended, in one transaction. */
  record(entries: readonly SpendEntry[]): void;
  recent(limit: number): GatewayRequestRow[];
  /** Micro-credits spent by answered requests in [from, to): what the directory charged where known, else the bound. */
  spentBetweenMicro(fromMs: number, toMs: number): number;
  /** Per app key that sent requests in [from, to): what they cost and how many there were. */
  byApp(fromMs: number, toMs: number): SpendByApp[];
  /** Goes up with every write to the book, by anyone. */
  version(): number;
  /**
   * Micro-credits answered paid requests count until their debit or its silence is read: the balance may not show them
   * yet.
   */
  unsettledMicro?: () => number;
  /**
   * The answers' lengths of the last answered requests for `model`, newest first, at most `limit`: of one app key, or
   * of every app with null (typical-answer.ts). None: the plan takes a fixed length.
   */
  answerTokens?: (model: string, appKeyId: string | null, limit: number) => number[];
  /** The nodes of rows flagged (a debit above what was expected, or tokens above what the request could use). */
  flagged?: FlaggedSource;
}

/** Windows kept at once: today and this month, and the ones that just ended. */
const KEPT = 4;

/**
 * Running totals of the spent book for windows that end now (today, this month): summed in the database once, then
 * kept up to date with each request the gateway books, so a request costs no sum over the day's rows. When anyone
 * else wrote the book (the directory's charges were read), the next look sums again.
 */
export class SpendTotals {
  private readonly windows = new Map<number, { micro: number; version: number }>();

  constructor(private readonly book: SpendBook) {}

  /** Micro-credits spent by requests made from `fromMs` until now. */
  since(fromMs: number, nowMs: number): number {
    const hit = this.windows.get(fromMs);
    if (hit && hit.version === this.book.version()) return hit.micro;
    const micro = this.book.spentBetweenMicro(fromMs, nowMs + 1);
    this.windows.set(fromMs, { micro, version: this.book.version() });
    if (this.windows.size > KEPT) this.windows.delete(this.windows.keys().next().value!);
    return micro;
  }

  /** Books requests and carries what they spent into the windows they fall in. */
  record(entries: readonly SpendEntry[]): void {
    const before = this.book.version();
    this.book.record(entries);
    const after = this.book.version();
    for (const [from, w] of this.windows) {
      if (w.version !== before) continue;
      for (const e of entries) w.micro += e.outcome === 'answered' && e.atMs >= from ? (e.creditsU ?? 0) : 0;
      w.version = after;
    }
  }
}
