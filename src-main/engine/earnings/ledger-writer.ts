import type { EventLevel } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import type { LedgerEntry, LedgerRepository, NewLedgerRow, NewReceipt } from '../store/ledger-repo';

export interface LedgerWriterOptions {
  ledger: LedgerRepository;
  /** Resolves once every commit made before the call is on stable storage (Store.flush: the WAL's fdatasync). */
  flush: () => Promise<void>;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
  onChange: () => void;
  /** The ledger could not be written (disk full, read-only folder): a message while it lasts, then null. */
  onStoreProblem?: (message: string | null) => void;
  /** Receipts are in the ledger: the outbox has more to post. */
  receiptsStored: () => void;
}

/** A group is committed at once when it reaches this many tasks, without waiting for the end of the turn. */
const GROUP_ROWS = 500;
/** Entries kept in memory while the store refuses them; past this the oldest plain rows give way first. */
const MAX_QUEUE = 20_000;
const RETRY_MS = 5_000;

/**
 * Getting finished tasks into the ledger, in one group commit per turn of the event loop: every task that finished
 * in the turn (its row, its receipt and outbox entry, the rollups summed in memory) shares one transaction. An answer
 * waits for its group's commit, after which the row survives the process being killed (the WAL is written). A task
 * that finishes while no other is running has nobody to wait for: its group is committed at once.
 *
 * A receipt is made power-safe before it is posted, not before it is answered: `durable()` (one fdatasync of the WAL
 * off the event loop, for every commit before it) runs once per round of posts. Holding each answer for the disk's
 * flush cost a task at c=1 a quarter of a millisecond and at c=64 a sixth of the node's CPU; what a power cut can
 * take in exchange is a claim from the last moments that was never posted — credits the node forgoes, never an
 * award the directory holds that the ledger has lost.
 *
 * What the store refuses (a full disk, a read-only folder) waits in memory, is counted as recorded, and is retried
 * every few seconds; answers are never held back by it, and the problem is shown until a write succeeds again.
 */
export class LedgerWriter {
  /** Entries not yet committed: this turn's group, and earlier ones the store refused. */
  private queue: LedgerEntry[] = [];
  /** Task ids and nonces of the rows in the queue (the replay checks count them as recorded). */
  private readonly unwrittenTasks = new Set<string>();
  private readonly unwrittenNonces = new Set<string>();
  /** Answers waiting for this turn's group. */
  private waiters: (() => void)[] = [];
  private scheduled = false;
  /** Set while the store refuses writes: the queue is tried again when it fires, not at every task. */
  private retryTimer: NodeJS.Timeout | null = null;
  private storeProblem: string | null = null;
  private stopped = false;
  private readonly flushSoon = () => this.flush();

  constructor(private readonly o: LedgerWriterOptions) {}

  /** No more retries; what is queued is committed now if the store takes it. */
  stop(): void {
    this.stopped = true;
    this.flush();
  }

  /**
   * A finished task joins this turn's group. The promise settles once the group was committed or the store refused
   * it. Undefined when there is nothing to wait for: the store refuses writes (the answer goes at once), or the task
   * was `alone` — no other task is running to join its group, so the group is committed now, before this returns.
   */
  record(row: NewLedgerRow, receipt: NewReceipt | null, alone = false): Promise<void> | undefined {
    this.keep({ row, receipt });
    if (this.retryTimer) return undefined;
    if (alone) {
      // A task served on its own (one at a time) would only wait for the end of the turn to commit by itself.
      this.flush();
      return undefined;
    }
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      if (this.queue.length >= GROUP_ROWS) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flushSoon);
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
    for (const e of this.queue) yield { row: e.row, claimed: e.receipt?.amount ?? 0 };
  }

  /** The group commit: everything queued in one transaction, then the answers. */
  flush(): void {
    this.scheduled = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const waiters = this.waiters;
    this.waiters = [];
    const group = this.queue;
    this.queue = [];
    if (group.length === 0) return settle(waiters);
    let refused;
    try {
      refused = this.o.ledger.insertGroup(group);
    } catch (err) {
      this.queue = group;
      this.storeFailed(err, `rows=${group.length}`);
      return settle(waiters);
    }
    let receipts = false;
    for (const e of group) {
      this.forgetUnwritten(e.row);
      if (e.receipt) receipts = true;
    }
    // A receipt the ledger refuses for what it is (a second one for its task) is never claimed; the rest is written.
    for (const r of refused) this.o.log('error', 'receipt_refused_by_ledger', `task=${r.entry.row.taskId} ${r.error.message}`);
    this.storeWorks();
    this.o.onChange();
    settle(waiters);
    if (receipts) this.o.receiptsStored();
  }

  /**
   * Resolves once every commit so far is on stable storage: the poster's step before a round of posts, so that a
   * claim the directory accepted cannot vanish from the ledger in a power cut. Never rejects: a flush that fails
   * (an I/O error) is shown like a failed write until a later one succeeds, and the receipts are posted anyway —
   * they are in the ledger as long as the disk holds it.
   */
  async durable(): Promise<void> {
    try {
      await this.o.flush();
      this.storeWorks();
    } catch (err) {
      if (!this.stopped) this.report(err, 'flush');
    }
  }

  /** Into the queue; a store down for long: plain rows (they claim nothing) give way first, then the oldest claims. */
  private keep(entry: LedgerEntry): void {
    if (this.queue.length >= MAX_QUEUE) {
      const plain = this.queue.findIndex((e) => e.receipt === null);
      const [dropped] = this.queue.splice(plain >= 0 ? plain : 0, 1);
      if (dropped) this.forgetUnwritten(dropped.row);
    }
    this.queue.push(entry);
    this.unwrittenTasks.add(entry.row.taskId);
    if (entry.row.nonce) this.unwrittenNonces.add(entry.row.nonce);
  }

  /** A commit failed: reported, and the queue tried again a little later (new tasks wait in memory meanwhile). */
  private storeFailed(err: unknown, what: string): void {
    this.report(err, what);
    if (!this.stopped) {
      this.retryTimer = setTimeout(this.flushSoon, RETRY_MS);
      this.retryTimer.unref?.();
    }
  }

  private report(err: unknown, what: string): void {
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
  }

  private forgetUnwritten(row: NewLedgerRow): void {
    this.unwrittenTasks.delete(row.taskId);
    if (row.nonce) this.unwrittenNonces.delete(row.nonce);
  }

  private storeWorks(): void {
    if (this.storeProblem === null || this.queue.length > 0) return;
    this.storeProblem = null;
    this.o.onStoreProblem?.(null);
  }
}

function settle(waiters: readonly (() => void)[]): void {
  for (const w of waiters) w();
}
