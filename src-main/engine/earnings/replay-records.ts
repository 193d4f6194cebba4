import type { CutTasksRepository, LedgerRepository, NewLedgerRow } from '../store';
import { BloomFilter } from './bloom-filter';
import { RecentNonces } from './recent-nonces';

/** Rows not yet in the store (the ledger writer's queue): they count as recorded. */
export interface UnwrittenRows {
  holdsTask(taskId: string): boolean;
  holdsNonce(nonce: string): boolean;
}

export interface ReplayRecordsOptions {
  ledger: LedgerRepository;
  /** The tasks cut after their answer began (no ledger row, their ids and nonces taken all the same). */
  cut: CutTasksRepository;
  unwritten: UnwrittenRows;
  /** How long a nonce stays single-use (the replay guard's window). */
  windowMs: number;
  now?: () => number;
  /** Rows read per seeding chunk (each chunk is one short synchronous read; see `start`). */
  chunkRows?: number;
  /** Runs the next chunk later (setImmediate: after the I/O that waited meanwhile, so serving goes on). */
  defer?: (fn: () => void) => void;
  /** Seeding failed (the store could not be read): retried after this long. */
  retryMs?: number;
  /** The task id filter's size (log2 of its bits), for tests that want it full. */
  taskBitsLog2?: number;
}

/**
 * 2^25 bits (4 MiB), one block of 256 bits a key: about 1 in 100,000 false positives at a million task ids, 1 in 200 at
 * three million, and still exact beyond (a false positive costs one indexed lookup).
 */
const TASK_BITS_LOG2 = 25;
/** Nonces: one table per minute (RecentNonces), enough of them to cover any window. */
const NONCE_SLICE_MS = 60_000;
const CHUNK_ROWS = 2000;

/**
 * What the replay checks ask of the node's durable records — has this task id ever been served (or cut after its
 * answer began), was this nonce used in the last 300 s — answered without a ledger lookup per task.
 *
 * Task ids are kept in one fixed-size Bloom filter: a "no" from memory is certain, and a "maybe" (a real repeat, or a
 * rare false positive) is settled by the ledger's task id index. Nonces matter for the window only: they are held
 * exactly, by fingerprint, for the window (RecentNonces), and the ledger keeps no index of them. At start both are
 * seeded from the ledger in small chunks between which the node serves (all task ids through their index; the nonces
 * of the last 300 s through the time index); until then, questions go to the store. Rows are added when they are
 * handed to the ledger writer, before they are written, and rows still in its queue count as recorded. A task cut
 * after its answer began has no ledger row: it is written to its own table (`cut_tasks`) at once, and read with the
 * ledger's, into the same filters.
 */
export class ReplayRecords {
  private readonly tasks: BloomFilter;
  private readonly nonces: RecentNonces;
  private tasksSeeded = false;
  private noncesSeeded = false;
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  private readonly chunkRows: number;
  private readonly defer: (fn: () => void) => void;
  /** Chunks read so far (tests, diagnostics). */
  chunks = 0;

  constructor(private readonly o: ReplayRecordsOptions) {
    this.now = o.now ?? Date.now;
    this.chunkRows = o.chunkRows ?? CHUNK_ROWS;
    this.defer = o.defer ?? ((fn) => setImmediate(fn));
    this.tasks = new BloomFilter(o.taskBitsLog2 ?? TASK_BITS_LOG2);
    // One slice more than the window spans, so the slice being filled never pushes out one still asked about.
    this.nonces = new RecentNonces(NONCE_SLICE_MS, Math.ceil(o.windowMs / NONCE_SLICE_MS) + 1);
  }

  /** Memory held by the filter and the nonce tables. */
  get bytes(): number {
    return this.tasks.bytes + this.nonces.bytes;
  }

  /** Both filters are seeded: from now on a "no" costs no lookup. */
  get seeded(): boolean {
    return this.tasksSeeded && this.noncesSeeded;
  }

  /** Seeds the filters from the ledger in the background, chunk by chunk. */
  start(): void {
    if (this.running || this.seeded) return;
    this.running = true;
    const since = this.now() - this.o.windowMs;
    this.seedNonces(since, 0, since);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** A row handed to the ledger writer. */
  note(row: NewLedgerRow): void {
    this.tasks.add(row.taskId);
    if (row.nonce) this.nonces.add(row.nonce, row.ts);
  }

  /**
   * A task cut after its answer began: its id and nonce taken now, in memory and in the store. A store that cannot
   * be written loses it there (a later run of the same request is then sealed under a salt of its own: ADR 0018).
   */
  noteCut(taskId: string, nonce: string | null): void {
    const ts = this.now();
    this.tasks.add(taskId);
    if (nonce) this.nonces.add(nonce, ts);
    try {
      this.o.cut.note(taskId, ts, nonce);
    } catch {
      // The filters above hold it for this run's nonce window; the id is asked of the store, which may answer "no".
    }
  }

  /**
   * Whether the task id has a ledger row, written or waiting to be, or was cut after its answer began. A store that
   * cannot be read answers "no".
   */
  hasTask(taskId: string): boolean {
    // The filter holds every row handed to the writer too (`note` comes first): its "no" settles nearly every task.
    if (this.tasksSeeded && !this.tasks.mayHave(taskId)) return false;
    if (this.o.unwritten.holdsTask(taskId)) return true;
    try {
      return this.o.ledger.hasTask(taskId) || this.o.cut.hasTask(taskId);
    } catch {
      return false;
    }
  }

  /** Whether a task carrying this nonce was recorded since `sinceMs`. */
  hasNonce(nonce: string, sinceMs: number): boolean {
    // Every nonce noted in this run is held (`note` comes before the writer), exactly: a "yes" needs no seeding.
    const known = this.nonces.usedSince(nonce, sinceMs);
    if (known !== null) return known;
    if (this.o.unwritten.holdsNonce(nonce)) return true;
    try {
      return this.o.ledger.hasNonce(nonce, sinceMs) || this.o.cut.hasNonce(nonce, sinceMs);
    } catch {
      return false;
    }
  }

  /** The nonces of rows from `from` on, oldest first: the window is short, so they come first. */
  private seedNonces(afterTs: number, afterId: number, from: number): void {
    const rows = this.read(
      () => this.o.ledger.noncesAfter(afterTs, afterId, this.chunkRows),
      () => this.seedNonces(afterTs, afterId, from),
    );
    if (!rows) return;
    for (const r of rows) this.nonces.add(r.nonce, r.ts);
    const last = rows[rows.length - 1];
    if (last && rows.length === this.chunkRows) return this.next(() => this.seedNonces(last.ts, last.id, from));
    this.next(() => this.seedCutNonces(from, '', from));
  }

  /** The nonces of tasks cut from `from` on (after the ledger's: the window is covered once both are read). */
  private seedCutNonces(afterTs: number, afterId: string, from: number): void {
    const rows = this.read(
      () => this.o.cut.noncesAfter(afterTs, afterId, this.chunkRows),
      () => this.seedCutNonces(afterTs, afterId, from),
    );
    if (!rows) return;
    for (const r of rows) this.nonces.add(r.nonce, r.ts);
    const last = rows[rows.length - 1];
    if (last && rows.length === this.chunkRows) return this.next(() => this.seedCutNonces(last.ts, last.taskId, from));
    this.nonces.cover(from);
    this.noncesSeeded = true;
    this.next(() => this.seedTasks(''));
  }

  /** Every task id in the ledger, in index order (rows written meanwhile were noted as they came). */
  private seedTasks(after: string): void {
    const ids = this.read(
      () => this.o.ledger.taskIdsAfter(after, this.chunkRows),
      () => this.seedTasks(after),
    );
    if (!ids) return;
    for (const id of ids) this.tasks.add(id);
    const last = ids[ids.length - 1];
    if (last !== undefined && ids.length === this.chunkRows) return this.next(() => this.seedTasks(last));
    this.next(() => this.seedCutTasks(''));
  }

  /** Every id of a task cut after its answer began (cut meanwhile: noted as they came). */
  private seedCutTasks(after: string): void {
    const ids = this.read(
      () => this.o.cut.taskIdsAfter(after, this.chunkRows),
      () => this.seedCutTasks(after),
    );
    if (!ids) return;
    for (const id of ids) this.tasks.add(id);
    const last = ids[ids.length - 1];
    if (last !== undefined && ids.length === this.chunkRows) return this.next(() => this.seedCutTasks(last));
    this.tasksSeeded = true;
    this.running = false;
  }

  /** One chunk; null when seeding stopped or the read failed (then tried again later). */
  private read<T>(fn: () => T, again: () => void): T | null {
    if (!this.running) return null;
    this.chunks += 1;
    try {
      return fn();
    } catch {
      this.timer = setTimeout(() => {
        this.timer = null;
        if (this.running) again();
      }, this.o.retryMs ?? 5_000);
      this.timer.unref?.();
      return null;
    }
  }

  private next(fn: () => void): void {
    this.defer(() => {
      if (this.running) fn();
    });
  }
}
