import type { Db } from './database';
import {
  markAfter,
  type FoldGroup,
  type FoldResult,
  type JournalMark,
  type LedgerEntry,
  type NewLedgerRow,
  type NewReceipt,
  type RefusedEntry,
} from './ledger-entries';
import { ROLLUP_UPSERT, RollupSums } from './rollup-sums';

/**
 * The ledger's writes: rows, their receipts in the outbox, the summed rollups and the journal's mark, always in one
 * transaction, so the rollups never disagree with the rows and a receipt never exists without its ledger row (or vice
 * versa). `LedgerRepository` offers them beside the ledger's reads.
 */
export class LedgerWrites {
  private readonly insertRow;
  private readonly insertOutbox;
  private readonly bumpRollup;
  /** The group's transaction, made once (better-sqlite3 builds a wrapper for each `db.transaction()`). */
  private readonly groupTx;
  private readonly foldTx;
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
    this.foldTx = db.transaction((groups: readonly FoldGroup[], refused: RefusedEntry[] | null) =>
      this.foldNew(groups, refused),
    );
    this.markWrite = db.prepare(
      `INSERT INTO engine_state (key, value, updated_at) VALUES ('${MARK_KEY}', ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    this.markRead = db.prepare(`SELECT value FROM engine_state WHERE key = '${MARK_KEY}'`).pluck();
    this.insertRow = db.prepare(
      'INSERT INTO ledger (task_id, ts, intent, model, outcome, tokens, latency_ms, receipt, claimed, nonce, energy_j, response_hash, units, unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertOutbox = db.prepare(
      'INSERT INTO receipt_outbox (task_id, ledger_id, body, expires_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.bumpRollup = db.prepare(ROLLUP_UPSERT);
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
      r.units?.count ?? null,
      r.units?.unit ?? null,
    );
    const id = Number(info.lastInsertRowid);
    if (receipt) this.insertOutbox.run(r.taskId, id, JSON.stringify(receipt.body), receipt.expiresAt, r.ts);
    return id;
  }
}

/** The engine_state key of the journal mark. */
const MARK_KEY = 'ledger_journal_mark';

function isConstraint(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code?.toString().startsWith('SQLITE_CONSTRAINT') === true;
}
