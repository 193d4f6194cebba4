import type { RequestOutcome } from '@shared/contract';
import type { Db } from '../store/database';

/** One answer of the task port as stored (times in ms since the epoch). */
export interface StoredRequest {
  id: number;
  ts: number;
  outcome: RequestOutcome;
  code: string;
  variant: string;
  status: number;
  intent: string | null;
  model: string | null;
  qos: string | null;
  tokens: number | null;
  /** Of `tokens`, those the model wrote (null when the LLM server did not say, or an older row). */
  completionTokens: number | null;
  durationMs: number;
  taskId: string | null;
}

/** A change to one daily counter: `count` answers, `unlisted` of them without a row. */
export interface CounterDelta {
  outcome: RequestOutcome;
  code: string;
  variant: string;
  count: number;
  unlisted: number;
}

export interface DayCounter extends CounterDelta {
  day: string;
}

const COLUMNS = 'id, ts, outcome, code, variant, status, intent, model, qos, tokens, completion_tokens, duration_ms, task_id';
/** The columns read back under the names of StoredRequest, so a row needs no copying. */
const SELECTED = 'id, ts, outcome, code, variant, status, intent, model, qos, tokens, completion_tokens AS completionTokens, duration_ms AS durationMs, task_id AS taskId';
/** Daily counters are small (a few dozen rows a day); a year of them is kept. */
const KEEP_DAYS_MS = 400 * 24 * 3600 * 1000;

/**
 * The requests feed in SQLite (migration 6): the newest answers of the task port, capped, and exact daily counters
 * per outcome and reason. A batch of rows and its counter changes are one transaction, so a process killed mid-write
 * leaves either all of a batch or none of it, and the counters never disagree with what was committed.
 */
export class RequestStore {
  private readonly insertRow;
  private readonly bumpDay;
  private readonly prune;
  private readonly pageFirst;
  private readonly pageBefore;
  private readonly pageOutcome;
  private readonly pageOutcomeBefore;
  private readonly dayRows;
  private readonly maxId;
  private readonly writeTx;

  constructor(
    private readonly db: Db,
    /** Rows kept; older ones are deleted with each batch. */
    private readonly keepRows = 5000,
  ) {
    this.insertRow = db.prepare(
      `INSERT INTO requests (${COLUMNS}) VALUES (@id, @ts, @outcome, @code, @variant, @status, @intent, @model, @qos, @tokens, @completionTokens, @durationMs, @taskId)`,
    );
    this.bumpDay = db.prepare(
      `INSERT INTO request_days (day, outcome, code, variant, count, unlisted) VALUES (@day, @outcome, @code, @variant, @count, @unlisted)
       ON CONFLICT (day, outcome, code, variant) DO UPDATE SET count = count + excluded.count, unlisted = unlisted + excluded.unlisted`,
    );
    this.prune = db.prepare('DELETE FROM requests WHERE id <= ?');
    this.pageFirst = db.prepare<[number], StoredRequest>(`SELECT ${SELECTED} FROM requests ORDER BY id DESC LIMIT ?`);
    this.pageBefore = db.prepare<[number, number], StoredRequest>(`SELECT ${SELECTED} FROM requests WHERE id < ? ORDER BY id DESC LIMIT ?`);
    this.pageOutcome = db.prepare<[string, number], StoredRequest>(`SELECT ${SELECTED} FROM requests WHERE outcome = ? ORDER BY id DESC LIMIT ?`);
    this.pageOutcomeBefore = db.prepare<[string, number, number], StoredRequest>(`SELECT ${SELECTED} FROM requests WHERE outcome = ? AND id < ? ORDER BY id DESC LIMIT ?`);
    this.dayRows = db.prepare<[string], DayCounter>('SELECT day, outcome, code, variant, count, unlisted FROM request_days WHERE day = ?');
    this.maxId = db.prepare('SELECT max(id) FROM requests').pluck();
    this.writeTx = db.transaction((rows: readonly StoredRequest[], day: string, deltas: readonly CounterDelta[]) => {
      for (const r of rows) this.insertRow.run(r);
      for (const d of deltas) this.bumpDay.run({ day, ...d });
      const last = rows.length > 0 ? rows[rows.length - 1]!.id : 0;
      if (last > this.keepRows) this.prune.run(last - this.keepRows);
    });
  }

  /** The largest id stored (0 when none): ids are given out in memory, before the rows are written. */
  lastId(): number {
    return Number(this.maxId.get() ?? 0);
  }

  /**
   * Rows and counter changes in one transaction, then rows beyond the cap deleted. Committed without a disk flush (see
   * openDatabase): it survives the process being killed; a power cut may lose the last half second of a feed that is
   * a view, not a record of money.
   */
  write(rows: readonly StoredRequest[], day: string, deltas: readonly CounterDelta[]): void {
    if (rows.length === 0 && deltas.length === 0) return;
    this.writeTx(rows, day, deltas);
  }

  /** Newest first; `beforeId` continues a previous page. */
  list(limit: number, beforeId?: number, outcome?: RequestOutcome): StoredRequest[] {
    return outcome === undefined
      ? beforeId === undefined
        ? this.pageFirst.all(limit)
        : this.pageBefore.all(beforeId, limit)
      : beforeId === undefined
        ? this.pageOutcome.all(outcome, limit)
        : this.pageOutcomeBefore.all(outcome, beforeId, limit);
  }

  /** The counters of one local day ("2026-11-21"). */
  day(day: string): DayCounter[] {
    return this.dayRows.all(day);
  }

  /** Counters of days long gone (a year is plenty to compare with). */
  forgetDaysBefore(ms: number): void {
    const cutoff = new Date(ms - KEEP_DAYS_MS).toISOString().slice(0, 10);
    this.db.prepare('DELETE FROM request_days WHERE day < ?').run(cutoff);
  }
}
