import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { threadModule } from './thread-module';

export interface WorkerPoolOptions {
  /** The thread's module: its built name (scripts/engine-entries.ts), its source beside `beside`. */
  builtName: string;
  sourceFile: string;
  beside: string;
  /** Threads at most (default: one less than the cores, at least one, at most two). */
  maxWorkers?: number;
  /** An idle thread ends after this long, giving its memory back. */
  idleMs?: number;
  /** Jobs waiting for a thread at most; past it a job gets its `busy` answer at once. */
  maxQueued?: number;
  /** What each new thread is given as its `workerData` (asked when a thread starts). */
  workerData?: () => unknown;
}

interface Job<J, R> {
  input: J;
  transfer: ArrayBuffer[];
  resolve: (r: R) => void;
  died: () => R;
}

interface Slot<J, R> {
  worker: Worker;
  job: Job<J, R> | null;
  idle: NodeJS.Timeout | null;
}

/** What a pool's thread receives and sends back: `{ id, body }`, the job or its answer under the same id. */
export interface PoolMessage<T> {
  id: number;
  body: T;
}

/**
 * Threads that take one job at a time from a bounded queue, started on first need and ended when idle. A thread that
 * dies fails only the job it ran (with that job's `died` answer); the others go to a new thread. Work that would hold
 * the event loop for more than a few milliseconds (a large body parsed, a large answer rewritten) runs here.
 */
export class WorkerPool<J, R> {
  private readonly slots: Slot<J, R>[] = [];
  private readonly queue: Job<J, R>[] = [];
  private readonly maxWorkers: number;
  private readonly idleMs: number;
  private readonly maxQueued: number;
  private nextId = 1;
  private closed = false;

  constructor(private readonly o: WorkerPoolOptions) {
    this.maxWorkers = o.maxWorkers ?? Math.min(2, Math.max(1, availableParallelism() - 1));
    this.idleMs = o.idleMs ?? 30_000;
    this.maxQueued = o.maxQueued ?? 256;
  }

  get workers(): number {
    return this.slots.length;
  }

  /**
   * Runs `input` on a thread; `transfer` moves those buffers instead of copying them (the caller must not read them).
   */
  run(input: J, a: { transfer?: ArrayBuffer[]; busy: () => R; died: () => R }): Promise<R> {
    if (this.closed || this.queue.length >= this.maxQueued) return Promise.resolve(a.busy());
    return new Promise<R>((resolve) => {
      this.queue.push({ input, transfer: a.transfer ?? [], resolve, died: a.died });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve(job.died());
    await Promise.all(this.slots.splice(0).map((s) => this.retire(s)));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.job === null);
      if (!slot) {
        if (this.slots.length >= this.maxWorkers) return;
        slot = this.spawn();
      }
      const job = this.queue.shift()!;
      slot.job = job;
      if (slot.idle) clearTimeout(slot.idle);
      slot.idle = null;
      const message: PoolMessage<J> = { id: this.nextId++, body: job.input };
      slot.worker.postMessage(message, job.transfer);
    }
  }

  private spawn(): Slot<J, R> {
    const module = threadModule(this.o.builtName, this.o.sourceFile, this.o.beside);
    const worker = new Worker(module.url, {
      workerData: this.o.workerData?.(),
      // No heap limit of its own: V8 turns a limit reached inside JSON.parse into an abort of the whole process, not
      // of the thread. What bounds a job's memory is its input, which the callers cap.
      execArgv: module.execArgv,
    });
    worker.unref();
    const slot: Slot<J, R> = { worker, job: null, idle: null };
    worker.on('message', (reply: PoolMessage<R>) => {
      const job = slot.job;
      slot.job = null;
      job?.resolve(reply.body);
      if (this.queue.length > 0) this.dispatch();
      else this.idleLater(slot);
    });
    const died = () => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      if (slot.idle) clearTimeout(slot.idle);
      const job = slot.job;
      slot.job = null;
      job?.resolve(job.died());
      if (!this.closed) this.dispatch();
    };
    worker.on('error', died);
    worker.on('exit', died);
    this.slots.push(slot);
    return slot;
  }

  private idleLater(slot: Slot<J, R>): void {
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = setTimeout(() => {
      const i = this.slots.indexOf(slot);
      if (i >= 0 && slot.job === null) {
        this.slots.splice(i, 1);
        void this.retire(slot);
      }
    }, this.idleMs);
    slot.idle.unref?.();
  }

  private async retire(slot: Slot<J, R>): Promise<void> {
    if (slot.idle) clearTimeout(slot.idle);
    slot.worker.removeAllListeners('exit');
    slot.worker.removeAllListeners('error');
    slot.worker.on('error', () => undefined);
    await slot.worker.terminate().catch(() => undefined);
  }
}
