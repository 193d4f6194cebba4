import type { EventLevel } from '@shared/contract';
import { isEngineEventName, type EngineEventName } from '@shared/words/event-words';
import { describeError, releaseDbThread, startDbThread, type DbThread } from '../store';
import { threadModule } from '../subprocess';
import { FoldAnswers, FoldFailed, FoldThreadGone, isConnectionFault, type FoldDone } from './fold-answers';
import type { FoldFrame, LedgerJob, LedgerReply, PosterConfig, RefusedTask } from './ledger-wire';
import { LoopLoad } from './loop-load';
import { OneShotTimer } from './one-shot-timer';

export type { FoldFrame, PosterConfig, RefusedTask };
export { FoldFailed, FoldThreadGone, type FoldDone } from './fold-answers';

export interface LedgerThreadOptions {
  /** Threads that may die before the ledger's background work goes back to the event loop for good. */
  maxRestarts?: number;
  /**
   * A thread with nothing to fold and nothing to post this long closes, giving its memory back; the next need starts
   * one.
   */
  idleMs?: number;
  /** The longest `close()` waits for the work under way. */
  closeWaitMs?: number;
  /** How long the thread's writes wait for a write lock the event loop's connection holds. */
  busyTimeoutMs?: number;
}

/** What the thread hands back to the event loop: its log lines, changes to show, and its requests to flush the disk. */
export interface LedgerThreadHooks {
  log: (level: EventLevel, event: EngineEventName, details: string, persist?: boolean) => void;
  changed: () => void;
  /** Makes every commit so far power-safe (Store.flush through the ledger writer); never rejects. */
  durable: () => Promise<void>;
  /**
   * When the outbox's first receipt falls due (null: it is empty), read on the event loop's connection: a poster with
   * nothing to post starts no thread, it waits for that moment instead.
   */
  nextDue?: () => number | null;
}

export interface LedgerThreadStats {
  folds: number;
  rows: number;
  /** The thread's own time in its fold transactions, in all and the longest. */
  ms: number;
  maxMs: number;
  deaths: number;
  /** Threads started, the first included. */
  starts: number;
  /** Whether a thread is running now. */
  running: boolean;
  lastError: string | null;
}

/**
 * The ledger's background work on a worker thread with a connection of its own (ledger-worker.ts), so that the event
 * loop answering tasks spends nothing on it but a message:
 *
 * - Folds: the ledger writer sends the journal frames' bytes as it appended them; the thread writes them with
 *   `LedgerRepository.foldGroups`, which skips whatever the ledger's mark says it holds, so the event loop may fold the
 *   same frames itself when it must read the ledger at once. A row's SQLite work — its random task id index page above
 *   all — is the thread's.
 * - The receipt poster (`poster`): reading the outbox, posting the awards, recording the answers; the thread asks the
 *   event loop to flush the disk before each round (the ledger writer's `durable`) and hands its log lines back.
 *   While the event loop is busy answering tasks (LoopLoad), batches wait a little: claims never take the tasks' time.
 *
 * The thread starts at the first need and says when its connection is open (`ready`); meanwhile the ledger writer
 * folds on the event loop. A thread with nothing to do closes after `idleMs`: nothing to fold, and a poster with
 * nothing to post but a retry later (`posterIdle`), for which the event loop then starts a thread again. An idle node
 * so keeps no thread, and no memory for one. A thread that dies
 * fails the folds it had (`FoldThreadGone`: the ledger writer sends them again) and is replaced, its poster started
 * again; a connection that cannot write is replaced too. After `maxRestarts`, `available` is false and the work goes
 * back to the event loop, as it was before this thread existed.
 */
export class LedgerThread {
  private thread: DbThread<LedgerReply> | null = null;
  private readonly leaving = new Set<DbThread<LedgerReply>>();
  private readonly answers = new FoldAnswers();
  private closed = false;
  /** The current thread has said its connection is open. */
  private isReady = false;
  private readonly idleTimer = new OneShotTimer();
  /** The poster's last configuration while it posts (sent again to a thread that replaced one that died). */
  private posting: PosterConfig | null = null;
  /**
   * Counts the calls to the poster: the thread's word that its poster is idle counts only if no call was sent after
   * the last one it saw (a `soon` crossing the word in flight must not let the thread close on its waiting receipts).
   */
  private posterCalls = 0;
  /** The poster said it has nothing to post until `idleDue` (null: nothing at all), and no call came since. */
  private posterIdle = false;
  private idleDue: number | null = null;
  /** Starts a thread again when a retry of the outbox falls due while no thread runs. */
  private readonly wakeTimer = new OneShotTimer();
  private readonly load = new LoopLoad();
  private readonly maxRestarts: number;
  private readonly idleMs: number;
  private readonly closeWaitMs: number;
  private readonly busyTimeoutMs: number;
  /** The counts; whether a thread runs is read from `thread` when asked. */
  private readonly s: Omit<LedgerThreadStats, 'running'> = {
    folds: 0,
    rows: 0,
    ms: 0,
    maxMs: 0,
    deaths: 0,
    starts: 0,
    lastError: null,
  };

  constructor(
    private readonly path: string,
    private readonly hooks: LedgerThreadHooks,
    o: LedgerThreadOptions = {},
  ) {
    this.maxRestarts = o.maxRestarts ?? 3;
    this.idleMs = o.idleMs ?? 60_000;
    this.closeWaitMs = o.closeWaitMs ?? 5000;
    this.busyTimeoutMs = o.busyTimeoutMs ?? 5000;
  }

  /** Whether work may go to the thread: false once it closed, or threads died too often. */
  get available(): boolean {
    return !this.closed && this.s.deaths <= this.maxRestarts;
  }

  /** Whether a thread with its connection open is waiting for work (`warm` starts one). */
  get ready(): boolean {
    return this.isReady && this.thread !== null;
  }

  stats(): LedgerThreadStats {
    return { ...this.s, running: this.thread !== null };
  }

  /**
   * Starts a thread if none runs, without giving it anything to do: a thread takes a moment to start (tens of
   * milliseconds built, longer from source), during which the ledger writer folds on the event loop itself.
   */
  warm(): void {
    if (this.available && !this.thread) this.start();
  }

  /** Folds the frames into the ledger on the thread. Rejects with `FoldFailed` or `FoldThreadGone`. */
  fold(frames: FoldFrame[]): Promise<FoldDone> {
    const t = this.available ? (this.thread ?? this.start()) : null;
    if (!t) return Promise.reject(new FoldThreadGone(this.s.lastError ?? 'the ledger thread is closed'));
    this.keepAwake();
    const { id, done } = this.answers.fold();
    this.post(t, { op: 'fold', id, frames });
    return done;
  }

  /**
   * The poster on the thread: post what is due now, soon, or after a pause the directory asked for. False: no thread.
   */
  poster(call: 'kick' | 'soon' | 'resume', config: PosterConfig): boolean {
    if (!this.available) return false;
    this.posting = config;
    this.posterCalls += 1;
    this.posterIdle = false;
    this.wakeTimer.clear();
    // New receipts (`soon`) always need a thread; a kick or a resume only if the outbox holds a receipt due by now.
    if (!this.thread && call !== 'soon' && this.hooks.nextDue) {
      const due = this.hooks.nextDue();
      if (due === null || due > Date.now()) {
        this.wakeAt(due);
        return true;
      }
    }
    const t = this.thread ?? this.start();
    if (!t) return false;
    this.keepAwake();
    this.load.start();
    this.post(t, { op: 'poster', call, config, seq: this.posterCalls });
    return true;
  }

  /** Stops the poster once the round under way is over (the event loop keeps answering its flush meanwhile). */
  stopPoster(): Promise<void> {
    this.posting = null;
    this.load.stop();
    this.wakeTimer.clear();
    const t = this.thread;
    if (!t) return Promise.resolve();
    const { id, done } = this.answers.stop();
    this.post(t, { op: 'posterStop', id });
    return done;
  }

  /** Ends the thread's connection (waiting for the fold under way); folds not answered yet fail. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.posting = null;
    this.load.stop();
    this.wakeTimer.clear();
    this.idleTimer.clear();
    const threads = [...this.leaving, ...(this.thread ? [this.thread] : [])];
    this.thread = null;
    this.leaving.clear();
    for (const t of threads) releaseDbThread(t, this.closeWaitMs);
    this.answers.failAll('the ledger thread closed');
  }

  private start(): DbThread<LedgerReply> | null {
    try {
      const url = threadModule('ledger-worker', './ledger-worker.ts', import.meta.url);
      const t: DbThread<LedgerReply> = startDbThread<LedgerReply>(
        url,
        this.path,
        {
          message: (reply) => this.answered(t, reply),
          exit: () => this.ended(t),
          error: (err) => {
            this.s.lastError = describeError(err);
          },
        },
        { busyTimeoutMs: this.busyTimeoutMs, loopLoad: this.load.buffer },
      );
      this.thread = t;
      this.isReady = false;
      this.s.starts += 1;
      // A poster that ran on a thread that died, or waited for a retry without one, goes on on this one.
      if (this.posting) {
        this.posterIdle = false;
        this.load.start();
        this.post(t, { op: 'poster', call: 'kick', config: this.posting, seq: this.posterCalls });
      }
      return t;
    } catch (err) {
      this.lost(`the ledger thread could not start: ${describeError(err)}`);
      return null;
    }
  }

  private post(t: DbThread<LedgerReply>, job: LedgerJob): void {
    t.worker.postMessage(job);
  }

  private answered(t: DbThread<LedgerReply>, reply: LedgerReply): void {
    if (t !== this.thread) return;
    switch (reply.op) {
      case 'ready':
        this.isReady = true;
        // Started ahead of its first fold: it closes again if nothing comes.
        return this.retireLater();
      case 'log':
        // The thread logs with literal names (receipt-poster.ts); what crosses back is checked against the catalogue.
        if (isEngineEventName(reply.event)) this.hooks.log(reply.level, reply.event, reply.details, reply.persist);
        return;
      case 'changed':
        return this.hooks.changed();
      case 'durable':
        void this.hooks.durable().then(() => {
          if (this.thread === t) this.post(t, { op: 'durable', id: reply.id });
        });
        return;
      case 'posterIdle':
        if (reply.seq !== this.posterCalls) return;
        this.posterIdle = true;
        this.idleDue = reply.nextDue;
        return this.retireLater();
      case 'posterStopped':
        this.answers.stopped(reply.id);
        return this.retireLater();
      case 'failed':
        return this.foldFailed(t, reply);
      case 'folded': {
        this.s.folds += 1;
        this.s.rows += reply.rows;
        this.s.ms += reply.ms;
        this.s.maxMs = Math.max(this.s.maxMs, reply.ms);
        this.s.lastError = null;
        this.answers.folded(reply.id, {
          mark: reply.mark,
          rows: reply.rows,
          receipts: reply.receipts,
          refused: reply.refused,
        });
        return this.retireLater();
      }
    }
  }

  private foldFailed(t: DbThread<LedgerReply>, reply: Extract<LedgerReply, { op: 'failed' }>): void {
    this.s.lastError = `${reply.code}: ${reply.message}`;
    this.answers.failed(reply.id, new FoldFailed(reply.code, reply.message));
    // A connection that cannot write (opened while the folder was read-only, or broken) would fail every fold: it
    // goes, counted like a thread that died, and the next need gets a fresh one — or the event loop does the work.
    if (isConnectionFault(reply.code)) {
      this.thread = null;
      this.leaving.add(t);
      this.post(t, { op: 'close' });
      this.lost(this.s.lastError);
    }
  }

  private ended(t: DbThread<LedgerReply>): void {
    if (this.leaving.delete(t) || t !== this.thread) return;
    this.thread = null;
    this.lost('the ledger thread ended');
    // The poster was running on it: a new thread takes over at once (while restarts are left).
    if (this.posting && this.available) this.start();
  }

  /** A thread died or could not start: its folds fail, and the next need starts another while restarts are left. */
  private lost(why: string): void {
    this.s.deaths += 1;
    this.s.lastError = why;
    this.answers.failAll(why);
    if (!this.available) {
      this.posting = null;
      this.load.stop();
    }
  }

  private keepAwake(): void {
    this.idleTimer.clear();
  }

  /**
   * No answer owed (a fold, or a stop of the poster: a thread retired before it answers a stop would leave the stop
   * waiting for ever), and a poster (if any) with nothing to post now.
   */
  private get idle(): boolean {
    return this.answers.owed === 0 && (this.posting === null || this.posterIdle);
  }

  private retireLater(): void {
    if (this.idleTimer.set || this.closed || !this.idle) return;
    this.idleTimer.after(this.idleMs, () => {
      const t = this.thread;
      if (!t || !this.idle) return;
      this.thread = null;
      this.leaving.add(t);
      this.post(t, { op: 'close' });
      this.load.stop();
      // The poster's next retry starts a thread again.
      if (this.posting) this.wakeAt(this.idleDue);
    });
  }

  /** Starts a thread for the poster when the outbox's next receipt falls due (null: only a new receipt will). */
  private wakeAt(due: number | null): void {
    this.wakeTimer.at(due, () => {
      if (this.posting && !this.thread && this.available) this.start();
    });
  }
}
