import { describeError, releaseDbThread, startDbThread, type DbThread } from './db-thread';
import type { FoldFrame, FoldReply, RefusedTask } from './fold-wire';
import type { JournalMark } from './ledger-entries';

export type { FoldFrame, RefusedTask };

export interface FoldThreadOptions {
  /** Threads that may die before folding goes back to the event loop for good. */
  maxRestarts?: number;
  /** A thread given nothing to fold this long closes, giving its memory back; the next fold starts another. */
  idleMs?: number;
  /** The longest `close()` waits for the fold under way. */
  closeWaitMs?: number;
  /** How long a fold waits for a write lock the event loop's connection holds (a setting, award answers). */
  busyTimeoutMs?: number;
}

/** A fold the thread did: the ledger's mark after it, and what it added. */
export interface FoldDone {
  mark: JournalMark;
  rows: number;
  receipts: number;
  refused: RefusedTask[];
}

export interface FoldThreadStats {
  folds: number;
  rows: number;
  /** The thread's own time in its transactions, in all and the longest. */
  ms: number;
  maxMs: number;
  deaths: number;
  lastError: string | null;
}

/** The thread ended (or could not start) with folds still to answer: nothing of them is known to be written. */
export class FoldThreadGone extends Error {
  readonly code = 'FOLD_THREAD_GONE';
}

/** A fold the thread's connection could not write (a full disk): `code` is SQLite's. */
export class FoldFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** SQLite's codes for a connection that cannot do its work, rather than a database that refuses this one write. */
const CONNECTION_FAULT = /^SQLITE_(READONLY|CANTOPEN|IOERR|NOTADB|CORRUPT)/;

interface Pending {
  resolve: (done: FoldDone) => void;
  reject: (err: Error) => void;
}

/**
 * Takes journal frames into the ledger on a worker thread (fold-worker.ts), so that a served task's SQLite work — its
 * row, its receipt, the random index pages they touch — costs the event loop one `postMessage` per batch instead of
 * a transaction. The frames travel as the bytes the ledger writer appended to the journal; the thread writes them
 * with `LedgerRepository.foldGroups`, which skips whatever the ledger's mark says it already holds, so the event loop
 * may fold the same frames itself when it must read the ledger at once.
 *
 * The thread starts at the first fold and closes after `idleMs` without one. A thread that dies fails the folds it
 * had (`FoldThreadGone`: the ledger writer sends them again) and is replaced at the next, `maxRestarts` times; after
 * that `available` is false and the ledger writer folds on the event loop, as it did before this thread existed.
 */
export class FoldThread {
  private thread: DbThread<FoldReply> | null = null;
  private readonly leaving = new Set<DbThread<FoldReply>>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  /** The current thread has said its connection is open. */
  private isReady = false;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly maxRestarts: number;
  private readonly idleMs: number;
  private readonly closeWaitMs: number;
  private readonly busyTimeoutMs: number;
  private readonly s: FoldThreadStats = { folds: 0, rows: 0, ms: 0, maxMs: 0, deaths: 0, lastError: null };

  constructor(
    private readonly path: string,
    o: FoldThreadOptions = {},
  ) {
    this.maxRestarts = o.maxRestarts ?? 3;
    this.idleMs = o.idleMs ?? 60_000;
    this.closeWaitMs = o.closeWaitMs ?? 5000;
    this.busyTimeoutMs = o.busyTimeoutMs ?? 5000;
  }

  /** Whether folds may go to the thread: false once the store closed, or threads died too often. */
  get available(): boolean {
    return !this.closed && this.s.deaths <= this.maxRestarts;
  }

  /** Whether a thread with its connection open is waiting for folds (`warm` starts one). */
  get ready(): boolean {
    return this.isReady && this.thread !== null;
  }

  /**
   * Starts a thread if none runs, without giving it anything to fold: a thread takes a moment to start (tens of
   * milliseconds built, longer from source), during which the ledger writer folds on the event loop itself.
   */
  warm(): void {
    if (!this.available || this.thread) return;
    try {
      this.spawn();
    } catch (err) {
      this.lost(describeError(err));
    }
  }

  stats(): FoldThreadStats {
    return { ...this.s };
  }

  /** Folds the frames into the ledger on the thread. Rejects with `FoldFailed` or `FoldThreadGone`. */
  fold(frames: FoldFrame[]): Promise<FoldDone> {
    if (!this.available) return Promise.reject(new FoldThreadGone('the fold thread is closed'));
    let t = this.thread;
    if (!t) {
      try {
        t = this.spawn();
      } catch (err) {
        this.lost(describeError(err));
        return Promise.reject(new FoldThreadGone(`the fold thread could not start: ${describeError(err)}`));
      }
    }
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const id = this.nextId++;
    const done = new Promise<FoldDone>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    t.worker.postMessage({ op: 'fold', id, frames });
    return done;
  }

  /** Ends the thread's connection (waiting for the fold under way); folds not answered yet fail. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const threads = [...this.leaving, ...(this.thread ? [this.thread] : [])];
    this.thread = null;
    this.leaving.clear();
    for (const t of threads) releaseDbThread(t, this.closeWaitMs);
    this.failPending('the store closed');
  }

  private spawn(): DbThread<FoldReply> {
    const t: DbThread<FoldReply> = startDbThread<FoldReply>(
      'fold-worker',
      this.path,
      {
        message: (reply) => this.answered(t, reply),
        exit: () => this.ended(t),
        error: (err) => {
          this.s.lastError = describeError(err);
        },
      },
      { busyTimeoutMs: this.busyTimeoutMs },
    );
    this.thread = t;
    this.isReady = false;
    return t;
  }

  private answered(t: DbThread<FoldReply>, reply: FoldReply): void {
    if (t !== this.thread) return;
    if (reply.op === 'ready') {
      this.isReady = true;
      // Started ahead of its first fold: it closes again if none comes.
      if (this.pending.size === 0) this.retireLater();
      return;
    }
    const p = this.pending.get(reply.id);
    if (reply.op === 'failed') {
      this.s.lastError = `${reply.code}: ${reply.message}`;
      if (p) {
        this.pending.delete(reply.id);
        p.reject(new FoldFailed(reply.code, reply.message));
      }
      // A connection that cannot write (opened while the folder was read-only, or broken) would fail every fold: it
      // goes, counted like a thread that died, and the next fold gets a fresh one — or the event loop folds.
      if (CONNECTION_FAULT.test(reply.code)) this.recycle(t);
      return;
    }
    this.s.folds += 1;
    this.s.rows += reply.rows;
    this.s.ms += reply.ms;
    this.s.maxMs = Math.max(this.s.maxMs, reply.ms);
    this.s.lastError = null;
    if (p) {
      this.pending.delete(reply.id);
      p.resolve({ mark: reply.mark, rows: reply.rows, receipts: reply.receipts, refused: reply.refused });
    }
    if (this.pending.size === 0) this.retireLater();
  }

  private recycle(t: DbThread<FoldReply>): void {
    this.thread = null;
    this.leaving.add(t);
    t.worker.postMessage({ op: 'close' });
    this.lost(this.s.lastError ?? 'the fold thread\'s connection failed');
  }

  private ended(t: DbThread<FoldReply>): void {
    if (this.leaving.delete(t) || t !== this.thread) return;
    this.thread = null;
    this.lost('the fold thread ended');
  }

  /** A thread died or could not start: its folds fail, and the next fold starts another while restarts are left. */
  private lost(why: string): void {
    this.s.deaths += 1;
    this.s.lastError = why;
    this.failPending(why);
  }

  private failPending(why: string): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(new FoldThreadGone(why));
  }

  private retireLater(): void {
    if (this.idleTimer || this.closed) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      const t = this.thread;
      if (!t || this.pending.size > 0) return;
      this.thread = null;
      this.leaving.add(t);
      t.worker.postMessage({ op: 'close' });
    }, this.idleMs);
    this.idleTimer.unref?.();
  }
}
