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
import { BUCKET_MS, ROLLUP_UPSERT, RollupSums, type RollupRow } from './rollup-sums';
import {
  OutboxSettlement,
  type OutboxEntry,
  type Retry,
  type Settlement,
  type SettledState,
} from './outbox-settlement';

export { BUCKET_MS };
export type { RollupRow, RollupTotals } from './rollup-sums';
export type { OutboxEntry, Retry, Settlement, SettledState };
export { markAfter };
export type { FoldGroup, FoldResult, JournalMark, LedgerEntry, LedgerFilter, NewLedgerRow, NewReceipt, RefusedEntry };

/**
 * The task ledger, its receipt outbox and the quarter-hour rollups, always changed together in one transaction:
 * the rollups never disagree with the rows, and a receipt never exists without its ledger row (or vice versa).
 */
export class LedgerRepository {
  private readonly insertRow;
  private readonly insertOutbox;
  private readonly bumpRollup;
  private readonly due;
  private readonly retry;
  private readonly outbox: OutboxSettlement;
  private readonly taskRow;
  private readonly nonceSince;
  /** The group's transaction, made once (better-sqlite3 builds a wrapper for each `db.transaction()`). */
  private readonly groupTx;
  private readonly foldTx;
  private readonly readTx;
  private readonly markWrite;
  private readonly markRead;

  constructor(private readonly db: Db) {
    this.groupTx = db.transaction(
      (entries: readonly LedgerEntry[], refused: RefusedEntry[] | null, mark: JournalMark | undefined) => {
        const ids = this.writeGroup(entries, refused);
        if (mark) this.markWrite.run(JSON.stringify(mark), new Date().toISOString());
        return ids;
      },
    );
    this.readTx = db.transaction((fn: () => unknown) => fn());
    this.foldTx = db.transaction((groups: readonly FoldGroup[], refused: RefusedEntry[] | null) =>
      this.foldNew(groups, refused),
    );
    this.markWrite = db.prepare(
      `INSERT INTO engine_state (key, value, updated_at) VALUES ('${MARK_KEY}', ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    this.markRead = db.prepare(`SELECT value FROM engine_state WHERE key = '${MARK_KEY}'`).pluck();
    this.insertRow = db.prepare(
      'INSERT INTO ledger (task_id, ts, intent, model, outcome, tokens, latency_ms, receipt, claimed, nonce, energy_j, response_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertOutbox = db.prepare(
      'INSERT INTO receipt_outbox (task_id, ledger_id, body, expires_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.bumpRollup = db.prepare(ROLLUP_UPSERT);
    this.due = db.prepare(
      'SELECT task_id, ledger_id, body, expires_at, attempts FROM receipt_outbox WHERE next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?',
    );
    this.retry = db.prepare(
      'UPDATE receipt_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE task_id = ?',
    );
    this.outbox = new OutboxSettlement(db);
    this.taskRow = db.prepare('SELECT 1 FROM ledger WHERE task_id = ? LIMIT 1').pluck();
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
    if (rows.length === 0) return;
    this.groupTx(
      rows.map((row) => ({ row, receipt: null })),
      null,
      undefined,
    );
  }

  /** A row with its receipt in one transaction; its ledger id. */
  insertWithReceipt(row: NewLedgerRow, receipt: NewReceipt): number {
    // A task is served once (ReplayGuard), so its receipt is new here; a second one for the same task is refused by
    // the outbox's primary key, and with it the whole transaction.
    return this.groupTx([{ row, receipt }], null, undefined)[0]!;
  }

  /**
   * The group commit of the task path: the rows and receipts of the tasks that finished together, in one transaction,
   * with one rollup upsert per quarter hour and model instead of one per row. An entry the ledger refuses for what it
   * is (SQLITE_CONSTRAINT: a second receipt for its task) is left out and returned, and the rest is still written;
   * anything else (a full disk) throws, and nothing of the group is written. With `mark`, the journal's position
   * after the group is stored in the same transaction (see LedgerJournal).
   */
  insertGroup(entries: readonly LedgerEntry[], mark?: JournalMark): RefusedEntry[] {
    if (entries.length === 0 && !mark) return [];
    try {
      this.groupTx(entries, null, mark);
      return [];
    } catch (err) {
      if (!isConstraint(err)) throw err;
    }
    // Rare: each entry in a savepoint of its own, so the refused one takes nothing else with it.
    const refused: RefusedEntry[] = [];
    this.groupTx(entries, refused, mark);
    return refused;
  }

  /**
   * The groups the ledger does not hold yet, written as `insertGroup` writes them, in one transaction that takes the
   * write lock first and skips every journaled group at or before the ledger's mark: two connections folding the same
   * journal (the fold thread, and the event loop when something must read the ledger at once) never write a group
   * twice.
   */
  foldGroups(groups: readonly FoldGroup[]): FoldResult {
    try {
      return this.foldTx.immediate(groups, null);
    } catch (err) {
      if (!isConstraint(err)) throw err;
    }
    return this.foldTx.immediate(groups, []);
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
    const raw = this.markRead.get() as string | undefined;
    if (raw === undefined) return { gen: 0, offset: 0 };
    try {
      const v = JSON.parse(raw) as Partial<JournalMark>;
      if (Number.isSafeInteger(v.gen) && Number.isSafeInteger(v.offset)) return { gen: v.gen!, offset: v.offset! };
    } catch {
      // an unreadable mark: every journal file found is replayed, and the ledger's own keys refuse a second receipt
    }
    return { gen: 0, offset: 0 };
  }

  /** Inside the fold's transaction: writes the groups after the ledger's mark, and the mark after them. */
  private foldNew(groups: readonly FoldGroup[], refused: RefusedEntry[] | null): FoldResult {
    const held = this.journalMark();
    const entries: LedgerEntry[] = [];
    let mark: JournalMark | null = null;
    for (const g of groups) {
      if (g.end !== null && !markAfter(g.end, held)) continue;
      for (const e of g.entries) entries.push(e);
      if (g.end !== null) mark = g.end;
    }
    this.writeGroup(entries, refused);
    if (mark) this.markWrite.run(JSON.stringify(mark), new Date().toISOString());
    const receipts = entries.reduce((n, e) => (e.receipt && !refused?.some((r) => r.entry === e) ? n + 1 : n), 0);
    return { mark: mark ?? held, rows: entries.length, receipts, refused: refused ?? [] };
  }

  /** Writes the entries and their summed rollups (inside a transaction); with `refused`, each in a savepoint. */
  private writeGroup(entries: readonly LedgerEntry[], refused: RefusedEntry[] | null): number[] {
    const sums = new RollupSums();
    const ids: number[] = [];
    for (const e of entries) {
      try {
        ids.push(refused ? this.db.transaction(() => this.insertEntry(e))() : this.insertEntry(e));
      } catch (err) {
        if (!refused || !isConstraint(err)) throw err;
        refused.push({ entry: e, error: err as Error });
        continue;
      }
      sums.add(e.row, e.receipt?.amount ?? null);
    }
    for (const d of sums.deltas()) this.bumpRollup.run(d);
    return ids;
  }

  private insertEntry({ row: r, receipt }: LedgerEntry): number {
    const claimed = receipt ? receipt.amount : null;
    // The signed award names the receipt's response hash: kept with the row, it binds the award to this task.
    const hash = receipt && typeof receipt.body.response_hash === 'string' ? receipt.body.response_hash : null;
    const info = this.insertRow.run(
      r.taskId,
      r.ts,
      r.intent,
      r.model,
      r.outcome,
      r.tokens,
      r.latencyMs,
      receipt ? 'claimed' : 'none',
      claimed,
      r.nonce ?? null,
      r.energyJ ?? null,
      hash,
    );
    const id = Number(info.lastInsertRowid);
    if (receipt) this.insertOutbox.run(r.taskId, id, JSON.stringify(receipt.body), receipt.expiresAt, r.ts);
    return id;
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

  rollups(fromMs: number, toMs: number): RollupRow[] {
    return this.db
      .prepare(
        'SELECT bucket, model, jobs, errors, tokens, awarded, pending, rejected, expired, claimed_u AS claimedU, awarded_u AS awardedU, rejected_u AS rejectedU, expired_u AS expiredU, energy_j AS energyJ, energy_jobs AS energyJobs, energy_tokens AS energyTokens FROM ledger_rollup WHERE bucket >= ? AND bucket < ?',
      )
      .all(Math.floor(fromMs / BUCKET_MS), Math.ceil(toMs / BUCKET_MS)) as RollupRow[];
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

/** The engine_state key of the journal mark. */
const MARK_KEY = 'ledger_journal_mark';

function isConstraint(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code?.toString().startsWith('SQLITE_CONSTRAINT') === true;
}
