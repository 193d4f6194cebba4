import type { Worker } from 'node:worker_threads';
import type { Statement } from 'better-sqlite3';
import type { CheckpointJob, CheckpointReply } from './checkpoint-wire';
import type { Db } from './database';
import { threadModule } from '../subprocess';
import { describeError as describe, releaseDbThread, startDbThread, type DbThread } from './db-thread';
import { UNWATCHED_POLL_MS, watchWalOnce, type StopWatching } from './wal-watch';

export interface CheckpointerOptions {
  /** WAL frames not yet in the database file at which the thread is asked to copy them (SQLite's own default: 1000). */
  thresholdFrames?: number;
  /** From this many frames on, the WAL is checkpointed to its end so that it can restart (see the class comment). */
  restartFrames?: number;
  /** A tail this short (frames) the main connection copies itself, to let the WAL restart. */
  tailFrames?: number;
  /** A WAL this large (bytes) is checkpointed on the main connection, whatever the thread does. */
  hardLimitBytes?: number;
  /** How often the WAL is looked at while it changes, and while it stands still (a safety net, see wal-watch.ts). */
  pollMs?: number;
  idlePollMs?: number;
  /** A thread not asked for anything this long closes, giving its memory back; the next need starts another. */
  idleMs?: number;
  /** Threads that may die before the main connection takes the checkpoints back for good. */
  maxRestarts?: number;
  /** The longest `close()` waits for the thread to close its connection. */
  closeWaitMs?: number;
}

export interface CheckpointStats {
  /** Where checkpoints run: on the thread (with the hard bound on the main connection), or on the main connection. */
  mode: 'thread' | 'main';
  /** Checkpoints the thread ran, and how many of those a reader kept from finishing. */
  threadCheckpoints: number;
  threadBusy: number;
  /** Checkpoints the main connection ran: of a short tail, so that the WAL restarts, or at the hard bound. */
  mainCheckpoints: number;
  mainAtHardBound: number;
  /** The event loop's time in those checkpoints: in all, and the longest. */
  mainMs: number;
  mainMaxMs: number;
  /** Threads that ended without being asked to. */
  deaths: number;
  /** The last failure (a thread's or a checkpoint's), null after a checkpoint succeeds. */
  lastError: string | null;
  /** The WAL as last seen: its frames, and how many of them are in the database file. */
  walFrames: number;
  backfilled: number;
}

type Thread = DbThread<CheckpointReply>;

interface WalState {
  busy: number;
  log: number;
  checkpointed: number;
}

/** Checkpoints in a row chasing the WAL's end before waiting for the next look (see step). */
const MAX_CHAINED = 4;

/** SQLite's frame header (24 bytes) comes with every page in the WAL. */
const FRAME_HEADER = 24;

/**
 * Keeps the WAL short without checkpointing on the event loop. SQLite's automatic checkpoint runs inside the COMMIT
 * that crosses 1000 WAL pages: it copies every page into the database file and syncs twice, tens of milliseconds that
 * every request waits behind (≈45 µs per task at high rates, see database.ts). Here the main connection does not
 * checkpoint on its own (`wal_autocheckpoint = 0`); a second connection on a worker thread does, with PASSIVE
 * checkpoints, which take no lock a writer waits for.
 *
 * When to checkpoint is read from SQLite itself: `PRAGMA wal_checkpoint(NOOP)` returns the WAL's frame count and how
 * many of them are already in the database file, from the WAL index in shared memory — no lock, no I/O, ≈5 µs. The main
 * connection looks every `pollMs` while the WAL changes between looks (or holds a checkpoint's worth); a still WAL
 * waits for its file's next write (`unwatch`, any connection's), with a look every `idlePollMs` as a safety net: a
 * short tail below the threshold stays until more is written, and an idle node must not wake to find it unchanged
 * (each wake costs far more than the look). Counting pages per commit would need a hook in every repository, and the
 * WAL file's size (`stat`) says nothing once SQLite restarts the WAL from its top. Between two looks the WAL grows by
 * what the event loop commits meanwhile. The thread starts at the first need, and closes after `idleMs` unused.
 *
 * SQLite restarts the WAL from its top only after a checkpoint has reached its end with no commit since, which commits
 * that never pause do not allow: past `restartFrames` the thread chases the end and the main connection copies the
 * last short tail itself (see step) — a pause of one sync, once per `restartFrames` (32 MiB) of WAL, where SQLite's
 * own checkpoint copied and synced every 1000 pages (4 MiB). A checkpoint that cannot finish — a reader holding an
 * older snapshot, an I/O error — is tried again at a later look; its errors are kept in `stats()`, never thrown. At
 * `hardLimitBytes` (a thread that does not keep up or does not answer) the main connection checkpoints whatever is
 * left, so the WAL cannot grow without bound — except behind a reader that never ends, as in any SQLite database.
 *
 * A thread that dies is replaced at the next need, `maxRestarts` times; after that the main connection's automatic
 * checkpoint is switched back on — slower, never down. Power-cut safety does not depend on who checkpoints: SQLite
 * restarts the WAL only after a complete checkpoint has synced the database file (in any `synchronous` mode but OFF),
 * and a receipt is posted only after `Store.flush()` has synced the WAL that holds it.
 */
export class Checkpointer {
  private readonly thresholdFrames: number;
  private readonly restartFrames: number;
  private readonly tailFrames: number;
  private readonly hardFrames: number;
  private readonly pollMs: number;
  private readonly idlePollMs: number;
  private readonly idleMs: number;
  private readonly maxRestarts: number;
  private readonly closeWaitMs: number;
  private readonly noop: Statement;
  private readonly passive: Statement;
  private thread: Thread | null = null;
  /** Threads told to close (idle) that have not ended yet. */
  private readonly leaving = new Set<Thread>();
  private inflight: number | null = null;
  /** Checkpoints asked for back to back, each on the reply to the one before, to catch up with the WAL's end. */
  private chained = 0;
  /** The tail the last of those left. */
  private lastTail = 0;
  private nextId = 1;
  private lastAsked = 0;
  private timer: NodeJS.Timeout | null = null;
  private unwatch: StopWatching | null = null;
  /** The WAL at the last look: a WAL that has not moved since needs no quick look again. */
  private lastLook: WalState | null = null;
  private closed = false;
  private readonly s: CheckpointStats = {
    mode: 'thread',
    threadCheckpoints: 0,
    threadBusy: 0,
    mainCheckpoints: 0,
    mainAtHardBound: 0,
    mainMs: 0,
    mainMaxMs: 0,
    deaths: 0,
    lastError: null,
    walFrames: 0,
    backfilled: 0,
  };

  constructor(
    private readonly db: Db,
    o: CheckpointerOptions = {},
  ) {
    this.thresholdFrames = o.thresholdFrames ?? 1000;
    this.restartFrames = o.restartFrames ?? 8 * this.thresholdFrames;
    this.tailFrames = o.tailFrames ?? Math.ceil(this.thresholdFrames / 8);
    const frameBytes = Number(db.pragma('page_size', { simple: true })) + FRAME_HEADER;
    this.hardFrames = Math.max(1, Math.floor((o.hardLimitBytes ?? 64 * 2 ** 20) / frameBytes));
    this.pollMs = o.pollMs ?? 100;
    this.idlePollMs = o.idlePollMs ?? 30_000;
    this.idleMs = o.idleMs ?? 60_000;
    this.maxRestarts = o.maxRestarts ?? 3;
    this.closeWaitMs = o.closeWaitMs ?? 5000;
    this.noop = db.prepare('PRAGMA wal_checkpoint(NOOP)');
    this.passive = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
    db.pragma('wal_autocheckpoint = 0');
    // When the WAL restarts from the top, SQLite cuts the file back to this: only a WAL that went past the hard bound
    // (a reader in the way) is cut, since cutting costs the commit that does it milliseconds, and a WAL reused in
    // place costs its fdatasync no file size to record.
    db.pragma(`journal_size_limit = ${this.hardFrames * frameBytes}`);
    this.schedule(this.pollMs);
  }

  stats(): CheckpointStats {
    return { ...this.s };
  }

  /** The running thread, if any: for tests and diagnostics. */
  get worker(): Worker | null {
    return this.thread?.worker ?? null;
  }

  /** Looks at the WAL now instead of at the next tick (tests; a host that knows it just wrote a lot). */
  poll(): void {
    this.stopTimers();
    if (this.closed || this.s.mode === 'main') return;
    const wal = this.walState();
    const before = this.lastLook;
    this.lastLook = wal;
    // Commits came since the last look (or the thread copied some), or a checkpoint's worth waits (a reader held the
    // last one back): look again soon. A WAL that stood still, whatever its short tail, waits for the idle look.
    const moving =
      wal !== null && (before === null || wal.log !== before.log || wal.checkpointed !== before.checkpointed);
    const due = wal !== null && wal.log - wal.checkpointed >= this.thresholdFrames;
    if (wal) this.step(wal, false);
    if (moving || due) return this.schedule(this.pollMs);
    this.retireIfIdle();
    this.unwatch = this.closed ? null : watchWalOnce(`${this.db.name}-wal`, () => this.poll());
    this.schedule(this.unwatch ? this.idlePollMs : Math.min(this.idlePollMs, UNWATCHED_POLL_MS));
  }

  /**
   * Ends the thread's connection before the store closes its own, so that the main connection is the last one and
   * closes as before (a last checkpoint, the WAL removed). Waits at most `closeWaitMs` for a checkpoint under way.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopTimers();
    const threads = [...this.leaving, ...(this.thread ? [this.thread] : [])];
    this.thread = null;
    this.leaving.clear();
    for (const t of threads) this.release(t);
  }

  private stopTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    this.unwatch?.();
    this.timer = this.unwatch = null;
  }

  private schedule(ms: number): void {
    if (this.closed || this.s.mode === 'main') return;
    this.timer = setTimeout(() => this.poll(), ms);
    this.timer.unref?.();
  }

  private walState(): WalState | null {
    try {
      return this.noop.get() as WalState;
    } catch {
      // A statement still iterating on this connection, or the database going away: look again next tick.
      return null;
    }
  }

  /**
   * What the WAL as it is now calls for. Frames to copy go to the thread. A WAL past `restartFrames` must also reach
   * its end once, for SQLite to restart it, and commits that never pause keep a tail ahead of the thread (a checkpoint
   * takes two syncs; commits come faster): each checkpoint leaves a shorter tail — what was committed while it ran —
   * so the thread goes again at once, until the tail is short enough for the main connection to copy it: a few pages
   * and two syncs, the database file's a journal commit on ext4 (10–25 ms on the test machine: the pause this costs
   * the event loop, once per `restartFrames` of WAL). After `MAX_CHAINED` tries, or once a try no longer halves the
   * tail (commits come too fast for it to get that short), the main connection copies the tail as it is. At
   * `hardFrames` — a thread that does not keep up, or does not answer — the main connection copies whatever is left.
   * While the thread runs a checkpoint, SQLite answers the main connection's at once with "busy" (one at a time), and
   * it is tried again at the next look.
   */
  private step(wal: WalState, fromThread: boolean): void {
    if (wal.log < 0) return;
    this.s.walFrames = wal.log;
    this.s.backfilled = wal.checkpointed;
    const tail = wal.log - wal.checkpointed;
    if (tail <= 0) return;
    if (wal.log >= this.hardFrames) {
      this.checkpointHere(true);
    } else if (wal.log >= this.restartFrames && tail <= this.tailFrames) {
      this.checkpointHere(false);
    } else if (wal.log >= this.restartFrames) {
      const converging = this.chained === 0 || tail <= this.lastTail / 2;
      if (!fromThread || (this.chained < MAX_CHAINED && converging)) this.ask(fromThread);
      // Commits outpace the thread: the tail will not get much shorter than this, and the WAL must restart.
      else this.checkpointHere(false);
      this.lastTail = tail;
    } else if (tail >= this.thresholdFrames) {
      this.ask(false);
    }
  }

  /** A PASSIVE checkpoint on the main connection (see step); "busy", without waiting, while the thread runs one. */
  private checkpointHere(atHardBound: boolean): void {
    const t0 = performance.now();
    try {
      const r = this.passive.get() as WalState;
      if (r.busy !== 0) return;
      this.s.mainCheckpoints += 1;
      if (atHardBound) this.s.mainAtHardBound += 1;
    } catch (err) {
      this.s.lastError = describe(err);
    } finally {
      const ms = performance.now() - t0;
      this.s.mainMs += ms;
      this.s.mainMaxMs = Math.max(this.s.mainMaxMs, ms);
    }
  }

  private ask(chain = false): void {
    if (this.inflight !== null) return;
    this.chained = chain ? this.chained + 1 : 0;
    const t = this.thread ?? this.spawn();
    if (!t) return;
    const id = this.nextId++;
    this.inflight = id;
    this.lastAsked = performance.now();
    t.worker.postMessage({ op: 'checkpoint', id } satisfies CheckpointJob);
  }

  private spawn(): Thread | null {
    let t: Thread;
    try {
      const url = threadModule('checkpoint-worker', './checkpoint-worker.ts', import.meta.url);
      t = startDbThread<CheckpointReply>(url, this.db.name, {
        message: (reply) => this.answered(t, reply),
        exit: () => this.ended(t),
        error: (err) => {
          this.s.lastError = describe(err);
        },
      });
    } catch (err) {
      this.s.lastError = describe(err);
      this.lost();
      return null;
    }
    this.thread = t;
    return t;
  }

  private answered(t: Thread, reply: CheckpointReply): void {
    if (t !== this.thread) return;
    if (reply.id === this.inflight) this.inflight = null;
    if (reply.op === 'failed') {
      this.s.lastError = `${reply.code}: ${reply.message}`;
      return;
    }
    this.s.threadCheckpoints += 1;
    if (reply.busy) this.s.threadBusy += 1;
    else this.s.lastError = null;
    // The WAL as it is now, not as the thread left it: commits went on meanwhile.
    const wal = reply.busy ? null : this.walState();
    if (wal) this.step(wal, true);
  }

  private ended(t: Thread): void {
    if (this.leaving.delete(t) || t !== this.thread) return;
    this.thread = null;
    this.inflight = null;
    if (!this.closed) this.lost();
  }

  /** A thread died (or could not start): the next need starts another, until there have been too many. */
  private lost(): void {
    this.s.deaths += 1;
    if (this.s.deaths <= this.maxRestarts) return;
    this.s.mode = 'main';
    this.stopTimers();
    try {
      this.db.pragma(`wal_autocheckpoint = ${this.thresholdFrames}`);
    } catch (err) {
      this.s.lastError = describe(err);
    }
  }

  private retireIfIdle(): void {
    const t = this.thread;
    if (!t || this.inflight !== null || performance.now() - this.lastAsked < this.idleMs) return;
    this.thread = null;
    this.leaving.add(t);
    t.worker.postMessage({ op: 'close' } satisfies CheckpointJob);
  }

  private release(t: Thread): void {
    releaseDbThread(t, this.closeWaitMs);
  }
}
