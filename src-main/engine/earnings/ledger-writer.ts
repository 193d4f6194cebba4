import type { EventLevel } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import type { LedgerRepository, NewLedgerRow, NewReceipt } from '../store/ledger-repo';

export interface LedgerWriterOptions {
  ledger: LedgerRepository;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
  onChange: () => void;
  /** The ledger could not be written (disk full, read-only folder): a message while it lasts, then null. */
  onStoreProblem?: (message: string | null) => void;
  /** A receipt that waited in memory is in the ledger now: the outbox has one more to post. */
  receiptStored: () => void;
}

const FLUSH_ROWS = 500;
const MAX_QUEUE = 20_000;
const RETRY_MS = 5_000;

/**
 * Getting task rows into the ledger: plain rows are committed together (one transaction per turn of the event loop),
 * a row with a receipt at once. What the store refuses (a full disk) waits in memory, is retried, and is still
 * counted as recorded, and the problem is shown until a write succeeds again.
 */
export class LedgerWriter {
  private queue: NewLedgerRow[] = [];
  /** Task ids and nonces of the rows not yet in the store (queued, or receipts waiting for a full disk). */
  private readonly unwrittenTasks = new Set<string>();
  private readonly unwrittenNonces = new Set<string>();
  /** Receipts whose first write failed (disk full): kept, with their rows, until the store takes them. */
  private pendingReceipts: { row: NewLedgerRow; receipt: NewReceipt }[] = [];
  /** Answers waiting for the next commit of the queue. */
  private waiters: (() => void)[] = [];
  private flushScheduled = false;
  private flushTimer: NodeJS.Timeout | null = null;
  private storeProblem: string | null = null;
  private stopped = false;

  constructor(private readonly o: LedgerWriterOptions) {}

  /** No more retries; what is queued is committed now if the store takes it. */
  stop(): void {
    this.stopped = true;
    this.flush();
  }

  /**
   * A row with its receipt, committed now (`relaxed`: the caller flushes the WAL itself). False when the store
   * refused it: the row and its claim then wait in memory for a store that takes them again.
   */
  commitReceipt(row: NewLedgerRow, receipt: NewReceipt, relaxed: boolean): boolean {
    try {
      this.o.ledger.insertWithReceipt(row, receipt, { relaxed });
      this.storeWorks();
      return true;
    } catch (err) {
      if (this.pendingReceipts.length < MAX_QUEUE) {
        this.pendingReceipts.push({ row, receipt });
        this.noteUnwritten(row);
      }
      this.storeFailed(err, `task=${row.taskId}`);
      return false;
    }
  }

  /** A plain row joins this turn's commit; the promise settles when that commit was tried. */
  enqueue(row: NewLedgerRow): Promise<void> {
    if (this.queue.length >= MAX_QUEUE) this.forgetUnwritten(this.queue.shift()!); // a database down for long: keep the newest
    this.queue.push(row);
    this.noteUnwritten(row);
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      if (this.queue.length >= FLUSH_ROWS) this.flush();
      else if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Whether a task id is among the rows not yet in the store. */
  holdsTask(taskId: string): boolean {
    return this.unwrittenTasks.has(taskId);
  }

  holdsNonce(nonce: string): boolean {
    return this.unwrittenNonces.has(nonce);
  }

  /** The rows waiting in memory, each with what it claims (0 for a row without a receipt). */
  *waiting(): Generator<{ row: NewLedgerRow; claimed: number }> {
    for (const row of this.queue) yield { row, claimed: 0 };
    for (const p of this.pendingReceipts) yield { row: p.row, claimed: p.receipt.amount };
  }

  /** Group commit: every row queued in this turn of the event loop in one transaction, then their answers go. */
  flush(): void {
    this.flushScheduled = false;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const waiters = this.waiters;
    this.waiters = [];
    const rows = this.queue;
    this.queue = [];
    try {
      this.writePendingReceipts();
      this.o.ledger.insertMany(rows, { relaxed: true });
      for (const r of rows) this.forgetUnwritten(r);
      if (rows.length > 0 || waiters.length > 0) this.storeWorks();
    } catch (err) {
      this.queue = rows.concat(this.queue).slice(-MAX_QUEUE);
      this.storeFailed(err, `rows=${rows.length}`);
      if (!this.stopped) {
        this.flushTimer = setTimeout(() => this.flush(), RETRY_MS);
        this.flushTimer.unref?.();
      }
    } finally {
      // Answers are never held back by a store that refuses: the rows stay queued and the problem is shown.
      for (const w of waiters) w();
    }
    if (rows.length > 0) this.o.onChange();
  }

  /** A write failed: logged, shown as a problem, and the waiting rows tried again a little later. */
  storeFailed(err: unknown, what: string): void {
    const text = err instanceof Error ? err.message : String(err);
    this.o.log('error', 'ledger_write_failed', `${what} ${text}`);
    const full = /full|SQLITE_FULL|ENOSPC/i.test(text);
    const message = full
      ? 'The disk is full: served tasks and their credit claims are kept in memory until there is space again.'
      : `The task ledger cannot be written (${text}): served tasks are kept in memory until it can.`;
    if (message !== this.storeProblem) {
      this.storeProblem = message;
      this.o.onStoreProblem?.(message);
    }
    if (!this.flushTimer && !this.stopped) {
      this.flushTimer = setTimeout(() => this.flush(), RETRY_MS);
      this.flushTimer.unref?.();
    }
  }

  private writePendingReceipts(): void {
    while (this.pendingReceipts.length > 0) {
      const p = this.pendingReceipts[0]!;
      try {
        this.o.ledger.insertWithReceipt(p.row, p.receipt);
      } catch (err) {
        // A receipt the ledger refuses for what it is (a second one for its task): never claimed, and it must not
        // hold up the rows behind it. Anything else (a full disk) keeps it waiting.
        if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT') !== true) throw err;
        this.o.log('error', 'receipt_refused_by_ledger', `task=${p.row.taskId} ${(err as Error).message}`);
      }
      this.pendingReceipts.shift();
      this.forgetUnwritten(p.row);
      this.o.receiptStored();
    }
  }

  private noteUnwritten(row: NewLedgerRow): void {
    this.unwrittenTasks.add(row.taskId);
    if (row.nonce) this.unwrittenNonces.add(row.nonce);
  }

  private forgetUnwritten(row: NewLedgerRow): void {
    this.unwrittenTasks.delete(row.taskId);
    if (row.nonce) this.unwrittenNonces.delete(row.nonce);
  }

  private storeWorks(): void {
    if (this.storeProblem === null || this.pendingReceipts.length > 0) return;
    this.storeProblem = null;
    this.o.onStoreProblem?.(null);
  }
}
