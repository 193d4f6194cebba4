import type { RequestOutcome } from '@shared/contract';
import { RequestRowsRepository, type CounterDelta, type DayCounter, type Db, type StoredRequest } from '../store';

export type { CounterDelta, DayCounter, StoredRequest };

/** Daily counters are small (a few dozen rows a day); a year of them is kept. */
const KEEP_DAYS_MS = 400 * 24 * 3600 * 1000;

/**
 * The requests feed in SQLite: the newest answers of the task port, capped, and exact daily counters per outcome and
 * reason (their rows: `../store/request-rows-repo.ts`). A batch of rows and its counter changes are one transaction,
 * so a process killed mid-write leaves either all of a batch or none of it, and the counters never disagree with what
 * was committed.
 */
export class RequestStore {
  private readonly rows: RequestRowsRepository;

  constructor(
    db: Db,
    /** Rows kept; older ones are deleted with each batch. */
    private readonly keepRows = 5000,
  ) {
    this.rows = new RequestRowsRepository(db);
  }

  /** The largest id stored (0 when none): ids are given out in memory, before the rows are written. */
  lastId(): number {
    return this.rows.lastId();
  }

  /**
   * Rows and counter changes in one transaction, then rows beyond the cap deleted. Committed without a disk flush (see
   * openDatabase): it survives the process being killed; a power cut may lose the last half second of a feed that is
   * a view, not a record of money.
   */
  write(rows: readonly StoredRequest[], day: string, deltas: readonly CounterDelta[]): void {
    if (rows.length === 0 && deltas.length === 0) return;
    const last = rows.length > 0 ? rows[rows.length - 1]!.id : 0;
    this.rows.write({ rows, day, deltas, pruneThroughId: last > this.keepRows ? last - this.keepRows : null });
  }

  /** Newest first; `beforeId` continues a previous page. */
  list(limit: number, beforeId?: number, outcome?: RequestOutcome): StoredRequest[] {
    return this.rows.page(limit, beforeId, outcome);
  }

  /** The counters of one local day ("2026-11-21"). */
  day(day: string): DayCounter[] {
    return this.rows.day(day);
  }

  /** Counters of days long gone (a year is plenty to compare with). */
  forgetDaysBefore(ms: number): void {
    this.rows.deleteDaysBefore(new Date(ms - KEEP_DAYS_MS).toISOString().slice(0, 10));
  }
}
