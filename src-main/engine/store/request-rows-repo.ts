import type { RequestDelivery, RequestOutcome } from '@shared/contract';
import type { Db } from './database';

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
  /** Streamed, or whole through the relay (migration 17); null for an ordinary task and for older rows. */
  delivery: RequestDelivery | null;
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

/** A batch for the requests feed: rows, one day's counter changes, and the last row id to delete (null: none). */
export interface RequestBatch {
  rows: readonly StoredRequest[];
  day: string;
  deltas: readonly CounterDelta[];
  pruneThroughId: number | null;
}

const COLUMNS =
  'id, ts, outcome, code, variant, status, intent, model, qos, tokens, completion_tokens, duration_ms, task_id, delivery';
/** The columns read back under the names of StoredRequest, so a row needs no copying. */
const SELECTED =
  'id, ts, outcome, code, variant, status, intent, model, qos, tokens, completion_tokens AS completionTokens, duration_ms AS durationMs, task_id AS taskId, delivery';

/**
 * The requests feed's tables (migration 6): `requests`, the newest answers of the task port, and `request_days`, exact
 * daily counters per outcome and reason. A batch is one transaction (made once, with its statements), so a process
 * killed mid-write leaves either all of a batch or none of it.
 */
export class RequestRowsRepository {
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

  constructor(private readonly db: Db) {
    this.insertRow = db.prepare(
      `INSERT INTO requests (${COLUMNS}) VALUES (@id, @ts, @outcome, @code, @variant, @status, @intent, @model, @qos, @tokens, @completionTokens, @durationMs, @taskId, @delivery)`,
    );
    this.bumpDay = db.prepare(
      `INSERT INTO request_days (day, outcome, code, variant, count, unlisted) VALUES (@day, @outcome, @code, @variant, @count, @unlisted)
       ON CONFLICT (day, outcome, code, variant) DO UPDATE SET count = count + excluded.count, unlisted = unlisted + excluded.unlisted`,
    );
    this.prune = db.prepare('DELETE FROM requests WHERE id <= ?');
    this.pageFirst = db.prepare<[number], StoredRequest>(`SELECT ${SELECTED} FROM requests ORDER BY id DESC LIMIT ?`);
    this.pageBefore = db.prepare<[number, number], StoredRequest>(
      `SELECT ${SELECTED} FROM requests WHERE id < ? ORDER BY id DESC LIMIT ?`,
    );
    this.pageOutcome = db.prepare<[string, number], StoredRequest>(
      `SELECT ${SELECTED} FROM requests WHERE outcome = ? ORDER BY id DESC LIMIT ?`,
    );
    this.pageOutcomeBefore = db.prepare<[string, number, number], StoredRequest>(
      `SELECT ${SELECTED} FROM requests WHERE outcome = ? AND id < ? ORDER BY id DESC LIMIT ?`,
    );
    this.dayRows = db.prepare<[string], DayCounter>(
      'SELECT day, outcome, code, variant, count, unlisted FROM request_days WHERE day = ?',
    );
    this.maxId = db.prepare('SELECT max(id) FROM requests').pluck();
    this.writeTx = db.transaction((b: RequestBatch) => {
      for (const r of b.rows) this.insertRow.run(r);
      for (const d of b.deltas) this.bumpDay.run({ day: b.day, ...d });
      if (b.pruneThroughId !== null) this.prune.run(b.pruneThroughId);
    });
  }

  /** The largest id stored (0 when none). */
  lastId(): number {
    return Number(this.maxId.get() ?? 0);
  }

  /** Rows, counter changes and the deletion of old rows in one transaction. */
  write(batch: RequestBatch): void {
    this.writeTx(batch);
  }

  /** Newest first; `beforeId` continues a previous page, `outcome` keeps one kind of answer. */
  page(limit: number, beforeId?: number, outcome?: RequestOutcome): StoredRequest[] {
    return outcome === undefined
      ? beforeId === undefined
        ? this.pageFirst.all(limit)
        : this.pageBefore.all(beforeId, limit)
      : beforeId === undefined
        ? this.pageOutcome.all(outcome, limit)
        : this.pageOutcomeBefore.all(outcome, beforeId, limit);
  }

  /** The counters of one day ("2026-11-21"). */
  day(day: string): DayCounter[] {
    return this.dayRows.all(day);
  }

  /** Counters of days before `day` ("2026-11-21") are deleted. */
  deleteDaysBefore(day: string): void {
    this.db.prepare('DELETE FROM request_days WHERE day < ?').run(day);
  }
}
