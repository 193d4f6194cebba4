import type { Said } from '@shared/i18n/said';
import type { EventLevel } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import type { FoldDone, LedgerThread } from './ledger-thread';
import {
  encodeEntries,
  type JournalMark,
  type LedgerEntry,
  type LedgerJournal,
  type LedgerRepository,
  type NewLedgerRow,
  type NewReceipt,
} from '../store';
import { JournalCleanup } from './journal-cleanup';
import { OneShotTimer } from './one-shot-timer';
import { StoreProblem } from './store-problem';
import { UnfoldedGroups, type Unfolded } from './unfolded-groups';

export interface LedgerWriterOptions {
  ledger: LedgerRepository;
  /**
   * The ledger's journal (Store.journal): each turn's group is appended to it before the answers go, and folded
   * into the ledger in larger batches. Null or absent: each group is committed into the ledger at once.
   */
  journal?: LedgerJournal | null;
  /** Folds journaled groups on a thread of its own (Store.folder); null or absent: on the event loop. */
  folder?: Pick<LedgerThread, 'ready' | 'warm' | 'fold'> | null;
  /** Resolves once every commit made before the call is on stable storage (Store.flush: the WAL's fdatasync). */
  flush: () => Promise<void>;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
  onChange: () => void;
  /** The ledger could not be written (disk full, read-only folder): a message while it lasts, then null. */
  onStoreProblem?: (message: Said | null) => void;
  /** Receipts are in the ledger: the outbox has more to post. */
  receiptsStored: () => void;
  /** How long a journaled group may wait to be folded into the ledger (tests shorten it). */
  foldAfterMs?: number;
}

/** A turn's group is written at once when it reaches this many tasks, without waiting for the end of the turn. */
const GROUP_ROWS = 500;
/**
 * Journaled rows folded into the ledger in one transaction at most: SQLite's per-commit cost (the index pages a
 * commit rewrites, its locks) is shared by many rows, and the event loop is held a few milliseconds at most.
 */
const FOLD_ROWS = 400;
/**
 * On the fold thread a transaction may take more (the event loop does not wait for it); few enough that a write of
 * the event loop's own (a setting, a batch of award answers) waits a few milliseconds at most for the thread's lock.
 */
const THREAD_FOLD_ROWS = 1000;
/** Journaled rows wait at most this long to be folded (receipts are posted from the ledger's outbox). */
const FOLD_AFTER_MS = 200;
const RETRY_MS = 5_000;

/**
 * Getting finished tasks into the ledger. Every task that finished in a turn of the event loop joins one group; the
 * group is appended to the ledger's journal with one write (LedgerJournal), and its answers go after that write —
 * from then on the rows survive the process being killed. Journaled groups are folded into the SQLite ledger in
 * batches (one transaction, the journal's mark stored with them) within a fraction of a second: on the fold thread
 * (LedgerThread), which is sent the frames' bytes, so the event loop spends nothing on SQLite for a served task; on the
 * event loop when there is no thread, and at once when something reads the ledger (the list, the report, the export,
 * a stop). Both may fold the same frames: the ledger's mark tells each what it already holds. Until they are folded,
 * rows count as recorded: the day's figures and the replay checks read them here (`waiting`, `holdsTask`). A task
 * that finishes while no other is running has nobody to wait for: its group is written at once. Without a journal,
 * each group is committed into the ledger instead, and answered at the commit.
 *
 * A receipt is made power-safe before it is posted, not before it is answered: the poster posts only what is folded,
 * after `durable()` (one fdatasync of the WAL off the event loop, for every commit before it). What a power cut can
 * take in exchange is a claim from the last moments that was never posted — credits the node forgoes, never an
 * award the directory holds that the ledger has lost.
 *
 * What the store refuses (a full disk, a read-only folder) waits in memory, is counted as recorded, and is retried
 * every few seconds; answers are never held back by it, and the problem is shown until a write succeeds again.
 */
export class LedgerWriter {
  /** This turn's group, not yet written anywhere. */
  private turn: LedgerEntry[] = [];
  /** Groups written to the journal (or refused by it) and not yet in the ledger, oldest first. */
  private readonly unfolded = new UnfoldedGroups();
  /** Answers waiting for this turn's group. */
  private waiters: (() => void)[] = [];
  private scheduled = false;
  private readonly foldTimer = new OneShotTimer();
  private foldSoon = false;
  /** A fold the thread has not answered yet (one at a time: its answer schedules the next). */
  private threadFold = false;
  /** Set while the store refuses writes: the queue is tried again when it fires, not at every task. */
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly problem: StoreProblem;
  private stopped = false;
  private readonly cleanup: JournalCleanup;
  private readonly journal: LedgerJournal | null;
  private readonly writeTurnSoon = () => this.writeTurn();
  private readonly foldNow = () => this.foldSome();
  private readonly retryNow = () => this.flush();

  constructor(private readonly o: LedgerWriterOptions) {
    this.journal = o.journal ?? null;
    this.cleanup = new JournalCleanup(this.journal, o.flush);
    this.problem = new StoreProblem(o.log, o.onStoreProblem);
  }

  /** No more retries; what is queued is committed now if the store takes it. */
  stop(): void {
    this.stopped = true;
    this.flush();
    this.foldTimer.clear();
  }

  /**
   * A finished task joins this turn's group. The promise settles once the group was written (to the journal, or
   * without one into the ledger) or refused. Undefined when there is nothing to wait for: the store refuses writes
   * (the answer goes at once), or the task was `alone` — no other task is running to join its group, so the group is
   * written now, before this returns.
   */
  record(row: NewLedgerRow, receipt: NewReceipt | null, alone = false): Promise<void> | undefined {
    const entry = { row, receipt };
    this.unfolded.note(entry, this.turn.length);
    if (this.retryTimer) {
      this.unfolded.push({ entries: [entry], end: null, payload: null });
      return undefined;
    }
    this.turn.push(entry);
    if (alone) {
      // A task served on its own (one at a time) would only wait for the end of the turn to be written by itself.
      this.writeTurn();
      return undefined;
    }
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      if (this.turn.length >= GROUP_ROWS) this.writeTurn();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.writeTurnSoon);
      }
    });
  }

  /** Whether a task id is among the rows not yet in the store. */
  holdsTask(taskId: string): boolean {
    return this.unfolded.holdsTask(taskId);
  }

  holdsNonce(nonce: string): boolean {
    return this.unfolded.holdsNonce(nonce);
  }

  /**
   * The rows not yet in the ledger, each with what it claims (0 for a row without a receipt). `heldThrough`: the
   * ledger's journal mark, read in the same transaction as the figures these rows are added to (see UnfoldedGroups).
   */
  *waiting(heldThrough?: JournalMark): Generator<{ row: NewLedgerRow; claimed: number }> {
    yield* this.unfolded.waiting(heldThrough);
    for (const e of this.turn) yield { row: e.row, claimed: e.receipt?.amount ?? 0 };
  }

  /** Receipts not yet in the ledger's outbox (they join it at the next fold); `heldThrough` as for `waiting`. */
  receiptsWaiting(heldThrough?: JournalMark): number {
    let n = 0;
    for (const { claimed } of this.waiting(heldThrough)) if (claimed > 0) n += 1;
    return n;
  }

  /** Everything into the ledger now, on the event loop: the turn's group, and every group waiting to be folded. */
  flush(): void {
    this.writeTurn();
    this.fold(Infinity);
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
      if (!this.stopped) this.problem.report(err, 'flush');
    }
  }

  /** The turn's group: one journal write, then its answers; without a journal (or when it fails), a commit. */
  private writeTurn(): void {
    this.scheduled = false;
    const waiters = this.waiters;
    this.waiters = [];
    const group = this.turn;
    this.turn = [];
    if (group.length === 0) return settle(waiters);
    let end: JournalMark | null = null;
    let payload: Buffer | null = null;
    if (this.journal) {
      try {
        payload = encodeEntries(group);
        end = this.journal.appendPayload(payload);
      } catch (err) {
        payload = null;
        // Logged, not shown: the group goes straight into the ledger below, and only if that fails too is there a
        // problem for the person (the rows would be in memory only).
        this.o.log(
          'error',
          'ledger_write_failed',
          `journal rows=${group.length} ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
    this.unfolded.push({ entries: group, end, payload });
    if (end === null) this.fold(Infinity);
    else {
      this.o.onChange();
      this.scheduleFold();
    }
    settle(waiters);
  }

  private scheduleFold(): void {
    if (this.retryTimer || this.threadFold || this.stopped) return;
    if (this.unfolded.rows >= FOLD_ROWS) {
      if (!this.foldSoon) {
        this.foldSoon = true;
        setImmediate(this.foldNow);
      }
    } else if (!this.foldTimer.set && this.unfolded.rows > 0) {
      this.foldTimer.after(this.o.foldAfterMs ?? FOLD_AFTER_MS, this.foldNow);
    }
  }

  /**
   * One batch folded (or sent to the thread), and the next one scheduled: the event loop is held for one batch at a
   * time.
   */
  private foldSome(): void {
    this.foldSoon = false;
    this.foldTimer.clear();
    if (this.threadFold || this.retryTimer) return;
    const folder = this.o.folder;
    // A thread that is still starting would keep these rows waiting: they are folded here meanwhile.
    folder?.warm();
    const sendable = folder?.ready ? this.unfolded.first(THREAD_FOLD_ROWS, true) : [];
    if (folder && sendable.length > 0) return this.sendToThread(folder, sendable);
    this.fold(FOLD_ROWS);
    this.scheduleFold();
  }

  private sendToThread(folder: Pick<LedgerThread, 'fold'>, groups: readonly Unfolded[]): void {
    this.threadFold = true;
    const frames = groups.map((g) => ({ payload: g.payload!, end: g.end! }));
    folder.fold(frames).then(
      (done) => this.foldedByThread(done),
      (err: unknown) => {
        this.threadFold = false;
        if (this.stopped) return;
        // A thread that ended (or could not start) folded nothing known: the frames go again, to the next thread or,
        // once there is none, on the event loop. A fold the thread's connection could not write is tried at once on
        // the event loop's: only if that fails too is it the store's problem (fold reports it).
        if ((err as { code?: unknown }).code === 'FOLD_THREAD_GONE') this.scheduleFold();
        else {
          const code = (err as { code?: unknown }).code;
          this.o.log(
            'warn',
            'ledger_helper_failed',
            `${typeof code === 'string' ? `${code}: ` : ''}${err instanceof Error ? err.message : String(err)}`,
          );
          this.fold(Infinity);
          this.scheduleFold();
        }
      },
    );
  }

  private foldedByThread(done: FoldDone): void {
    this.threadFold = false;
    const receipts = this.unfolded.removeThrough(done.mark);
    if (this.stopped) return;
    this.folded(done.refused, receipts || done.receipts > 0, done.mark);
    this.scheduleFold();
  }

  /**
   * Groups from the oldest on, whole, until at least `rows` rows, on the event loop's connection, in one transaction
   * with the journal's mark after the last journaled one (groups the fold thread wrote meanwhile are skipped). What
   * the ledger refuses for what it is (a second receipt for its task) is never claimed; the rest is written. A failed
   * commit leaves everything waiting, and is retried a little later.
   */
  private fold(rows: number): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const groups = this.unfolded.first(rows);
    if (groups.length === 0) return;
    let result;
    try {
      result = this.o.ledger.foldGroups(groups);
    } catch (err) {
      this.storeFailed(err, `rows=${groups.reduce((n, g) => n + g.entries.length, 0)}`);
      return;
    }
    const receipts = this.unfolded.removeFirst(groups.length);
    const refused = result.refused.map((r) => ({ taskId: r.entry.row.taskId, message: r.error.message }));
    this.folded(refused, receipts, groups.some((g) => g.end !== null) ? result.mark : null);
  }

  /** What every fold is followed by, on the thread or here. */
  private folded(
    refused: readonly { taskId: string; message: string }[],
    receipts: boolean,
    mark: JournalMark | null,
  ): void {
    for (const r of refused) this.o.log('error', 'receipt_refused_by_ledger', `task=${r.taskId} ${r.message}`);
    this.storeWorks();
    this.o.onChange();
    if (mark) this.cleanup.foldedThrough(mark.gen);
    if (receipts) this.o.receiptsStored();
  }

  /** A commit failed: reported, and the queue tried again a little later (new tasks wait in memory meanwhile). */
  private storeFailed(err: unknown, what: string): void {
    this.problem.report(err, what);
    if (!this.stopped) {
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(this.retryNow, RETRY_MS);
      this.retryTimer.unref?.();
    }
  }

  /** A write succeeded: the problem goes, unless rows the store refused still wait in memory only. */
  private storeWorks(): void {
    if (!this.problem.showing || this.unfolded.hasUnjournaled()) return;
    this.problem.cleared();
  }
}

function settle(waiters: readonly (() => void)[]): void {
  for (const w of waiters) w();
}
