import type { LedgerRow } from '@shared/contract';
import type { Db } from './database';
import {
  markAfter,
  type FoldGroup,
  type FoldResult,
  type JournalMark,
  type LedgerEntry,
  type LedgerFilter,
  type NewLedgerRow,
  type NewReceipt,
  type RefusedEntry,
} from './ledger-entries';
import { iterateRows, listRows } from './ledger-rows';
import { BUCKET_MS, type RollupRow, type UnitSums } from './rollup-sums';
import { LedgerWrites } from './ledger-writes';
import {
  OutboxSettlement,
  type OutboxEntry,
  type Retry,
  type Settlement,
  type SettledState,
} from './outbox-settlement';

export { BUCKET_MS };
export type { RollupRow, RollupTotals, UnitSums } from './rollup-sums';
export type { OutboxEntry, Retry, Settlement, SettledState };
export { markAfter };
export type { FoldGroup, FoldResult, JournalMark, LedgerEntry, LedgerFilter, NewLedgerRow, NewReceipt, RefusedEntry };

/**
 * The task ledger, its receipt outbox and the quarter-hour rollups, always changed together in one transaction:
 * the rollups never disagree with the rows, and a receipt never exists without its ledger row (or vice versa). The
 * writes of rows and receipts are `LedgerWrites`; this repository offers them beside the ledger's reads.
 */
export class LedgerRepository {
  private readonly writes: LedgerWrites;
  private readonly due;
  private readonly retry;
  private readonly outbox: OutboxSettlement;
  private readonly taskRow;
  private readonly nonceSince;
  private readonly readTx;
  private readonly rollupRows;
  private readonly unitRows;

  constructor(private readonly db: Db) {
    this.writes = new LedgerWrites(db);
    this.readTx = db.transaction((fn: () => unknown) => fn());
    this.due = db.prepare(
      'SELECT task_id, ledger_id, body, expires_at, attempts FROM receipt_outbox WHERE next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?',
    );
    this.retry = db.prepare(
      'UPDATE receipt_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE task_id = ?',
    );
    this.outbox = new OutboxSettlement(db);
    this.taskRow = db.prepare('SELECT 1 FROM ledger WHERE task_id = ? LIMIT 1').pluck();
    this.rollupRows = db.prepare(
      'SELECT bucket, model, jobs, errors, tokens, awarded, pending, rejected, expired, claimed_u AS claimedU, awarded_u AS awardedU, rejected_u AS rejectedU, expired_u AS expiredU, energy_j AS energyJ, energy_jobs AS energyJobs, energy_tokens AS energyTokens FROM ledger_rollup WHERE bucket >= ? AND bucket < ?',
    );
    this.unitRows = db.prepare(
      'SELECT model, sum(audio_ms) AS audioMs, sum(characters) AS characters, sum(items) AS items FROM ledger_rollup INDEXED BY ledger_rollup_units WHERE bucket >= ? AND bucket < ? AND audio_ms + characters + items > 0 GROUP BY model',
    );
    // Through the time index (nonces have none): only the window's rows are read, and only until the replay check's
    // memory is seeded after a start (see ReplayRecords).
    this.nonceSince = db
      .prepare('SELECT 1 FROM ledger INDEXED BY ledger_ts WHERE ts >= ? AND nonce = ? LIMIT 1')
      .pluck();
  }

  /** When the newest served task was answered, or null (read from the end of the time index). */
  lastServedAt(): number | null {
    const ts = this.db
      .prepare("SELECT ts FROM ledger INDEXED BY ledger_ts WHERE outcome = 'ok' ORDER BY ts DESC LIMIT 1")
      .pluck()
      .get();
    return typeof ts === 'number' ? ts : null;
  }

  /** Whether the task id has a row (one lookup in the task id index). */
  hasTask(taskId: string): boolean {
    return this.taskRow.get(taskId) !== undefined;
  }

  /** Whether a task with this nonce was recorded since `sinceMs`. */
  hasNonce(nonce: string, sinceMs: number): boolean {
    return this.nonceSince.get(sinceMs, nonce) !== undefined;
  }

  /** Task ids after `after` in index order (the replay filter is seeded in chunks, reading the task id index alone). */
  taskIdsAfter(after: string, limit: number): string[] {
    return this.db
      .prepare('SELECT task_id FROM ledger WHERE task_id > ? ORDER BY task_id LIMIT ?')
      .pluck()
      .all(after, limit) as string[];
  }

  /** Nonces of rows after (`ts`, `id`) in time order, through the ts index (the last 300 s after a restart). */
  noncesAfter(ts: number, id: number, limit: number): { id: number; ts: number; nonce: string }[] {
    return this.db
      .prepare('SELECT id, ts, nonce FROM ledger WHERE (ts, id) > (?, ?) AND nonce IS NOT NULL ORDER BY ts, id LIMIT ?')
      .all(ts, id, limit) as {
      id: number;
      ts: number;
      nonce: string;
    }[];
  }

  /** Plain rows (no receipt) in one transaction, all or none. */
  insertMany(rows: readonly NewLedgerRow[]): void {
    this.writes.insertMany(rows);
  }

  /** A row with its receipt in one transaction; its ledger id. */
  insertWithReceipt(row: NewLedgerRow, receipt: NewReceipt): number {
    return this.writes.insertWithReceipt(row, receipt);
  }

  /** The group commit of the task path; what the ledger refused for what it is (LedgerWrites.insertGroup). */
  insertGroup(entries: readonly LedgerEntry[], mark?: JournalMark): RefusedEntry[] {
    return this.writes.insertGroup(entries, mark);
  }

  /** The groups the ledger does not hold yet, skipping those at or before its mark (LedgerWrites.foldGroups). */
  foldGroups(groups: readonly FoldGroup[]): FoldResult {
    return this.writes.foldGroups(groups);
  }

  /**
   * `fn`'s reads in one transaction, so they see the ledger as it was at one moment: the fold thread commits on its own
   * connection meanwhile, and figures read apart could count its rows twice or not at all.
   */
  consistent<T>(fn: () => T): T {
    return this.readTx(fn) as T;
  }

  /** How far the ledger has taken in the journal; generation 0 before it ever did. */
  journalMark(): JournalMark {
    return this.writes.journalMark();
  }

  /** A fresh token: every receipt waiting for a retry is worth posting now. */
  makeAllDue(now: number): void {
    this.db.prepare('UPDATE receipt_outbox SET next_attempt_at = ? WHERE next_attempt_at > ?').run(now, now);
  }

  /** Receipts due for a (re-)post, oldest first. */
  dueReceipts(now: number, limit: number): OutboxEntry[] {
    return (
      this.due.all(now, limit) as {
        task_id: string;
        ledger_id: number;
        body: string;
        expires_at: number;
        attempts: number;
      }[]
    ).map((r) => ({
      taskId: r.task_id,
      ledgerId: r.ledger_id,
      body: r.body,
      expiresAt: r.expires_at,
      attempts: r.attempts,
    }));
  }

  outboxSize(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM receipt_outbox').get() as { n: number }).n;
  }

  nextDue(): number | null {
    const r = this.db.prepare('SELECT min(next_attempt_at) AS t FROM receipt_outbox').get() as { t: number | null };
    return r.t;
  }

  /**
   * A receipt re-signed before its next post (without a consumer id the directory did not know): the outbox holds what
   * is posted, so a crash re-posts the same.
   */
  replaceBody(taskId: string, body: string): void {
    this.db.prepare('UPDATE receipt_outbox SET body = ? WHERE task_id = ?').run(body, taskId);
  }

  retryLater(taskId: string, nextAttemptAt: number, error: string): void {
    this.retry.run(nextAttemptAt, error.slice(0, 500), taskId);
  }

  /**
   * The directory's final word on a receipt: the outbox entry goes, the ledger row and rollups say what happened.
   * Committed without an fsync (it survives the process being killed): if a power cut loses it, the receipt is
   * simply posted again, the directory answers "nonce already used", and it is recorded as accepted then.
   */
  settle(entry: OutboxEntry, state: SettledState, awarded: number | null, note: string | null): void {
    this.recordPosts([{ entry, state, awarded, note }], []);
  }

  /**
   * A posting batch's outcomes in one commit, a fixed number of statements (OutboxSettlement): the final words, and
   * the receipts to post again later. Without an fsync, as `settle`: lost in a power cut, a retry is only sooner.
   */
  recordPosts(settled: readonly Settlement[], retries: readonly Retry[]): void {
    if (settled.length === 0 && retries.length === 0) return;
    this.db.transaction(() => {
      this.outbox.settle(settled);
      this.outbox.retry(retries);
    })();
  }

  /**
   * The directory asked for a pause: every receipt due before `until` waits for it, except one whose last chance
   * (`lastChanceMs` before its expiry) comes first. One statement; returns how many receipts moved.
   */
  deferDue(now: number, until: number, lastChanceMs: number): number {
    return this.outbox.defer(now, until, lastChanceMs);
  }

  /** The quarter-hour rollups of [fromMs, toMs), without the speech units (`unitSums` reads those). */
  rollups(fromMs: number, toMs: number): RollupRow[] {
    return this.rollupRows.all(Math.floor(fromMs / BUCKET_MS), Math.ceil(toMs / BUCKET_MS)) as RollupRow[];
  }

  /**
   * Each model's speech units over the quarter hours of [fromMs, toMs), summed in SQL from the few rollups that hold
   * any (a partial index): nothing to read on a node that serves no speech.
   */
  unitSums(fromMs: number, toMs: number): ({ model: string } & UnitSums)[] {
    return this.unitRows.all(Math.floor(fromMs / BUCKET_MS), Math.ceil(toMs / BUCKET_MS)) as ({
      model: string;
    } & UnitSums)[];
  }

  /** Joules attributed to every task the ledger holds, all its days (the rollups keep each row's energy). */
  energyJoules(): number {
    return this.db.prepare('SELECT coalesce(sum(energy_j), 0) FROM ledger_rollup').pluck().get() as number;
  }

  /**
   * Rejected receipts since `fromMs`, per quarter hour and reason (the directory's words): count and exact amount
   * claimed. Grouped in SQL, so a node whose every receipt was refused for a month still returns a few rows.
   */
  rejections(fromMs: number): { bucket: number; note: string; count: number; claimedU: number }[] {
    return this.db
      .prepare(
        `SELECT ts / ${BUCKET_MS} AS bucket, coalesce(note, '') AS note, count(*) AS count, sum(CAST(round(coalesce(claimed, 0) * 1000000) AS INTEGER)) AS claimedU
         FROM ledger WHERE receipt = 'rejected' AND ts >= ? GROUP BY 1, 2`,
      )
      .all(fromMs) as { bucket: number; note: string; count: number; claimedU: number }[];
  }

  /**
   * The directory's transactions as they were listed, amounts exact to the directory's four decimals; one already kept
   * is left as it is.
   */
  keepDirectoryTransactions(
    rows: readonly { id: string; ts: number; type: string; reason: string; amountU: number; taskId: string | null }[],
  ): void {
    if (rows.length === 0) return;
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO directory_transactions (id, ts, type, reason, amount_u, task_id) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const r of rows) insert.run(r.id, r.ts, r.type, r.reason, r.amountU, r.taskId);
    })();
  }

  /** The kept directory transactions since `fromMs`. */
  directoryTransactions(fromMs: number): { ts: number; type: string; reason: string; amountU: number }[] {
    return this.db
      .prepare('SELECT ts, type, reason, amount_u AS amountU FROM directory_transactions WHERE ts >= ? ORDER BY ts')
      .all(fromMs) as { ts: number; type: string; reason: string; amountU: number }[];
  }

  /** Verified award credits and differing claims per quarter hour since `fromMs`, as the last check left them. */
  verifiedBuckets(fromMs: number): { bucket: number; verifiedU: number; differing: number }[] {
    return this.db
      .prepare('SELECT bucket, verified_u AS verifiedU, differing FROM verified_rollup WHERE bucket >= ?')
      .all(Math.floor(fromMs / BUCKET_MS)) as { bucket: number; verifiedU: number; differing: number }[];
  }

  rejectedReasons(fromMs: number): { note: string; count: number }[] {
    return this.db
      .prepare(
        "SELECT coalesce(note, '') AS note, count(*) AS count FROM ledger WHERE receipt = 'rejected' AND ts >= ? GROUP BY note ORDER BY count DESC LIMIT 20",
      )
      .all(fromMs) as { note: string; count: number }[];
  }

  list(filter: LedgerFilter, limit: number, beforeId?: number): LedgerRow[] {
    return listRows(this.db, filter, limit, beforeId);
  }

  /** Every matching row, oldest first, one at a time (exports must not hold a large ledger in memory twice). */
  iterate(filter: LedgerFilter): Generator<LedgerRow> {
    return iterateRows(this.db, filter);
  }
}
