/**
 * Starts the owner watcher's thread and checks what it says. A thread that dies is started again a few times; one
 * that keeps dying, or says things that fail the checks, is switched off: the node goes on serving without the
 * watcher, and the person is told.
 */
import { Worker } from 'node:worker_threads';
import { OwnerReplySchema, type OwnerJob, type OwnerLookMessage, type OwnerWorkerData } from './owner-wire';
import { threadModule } from '../subprocess';

/** Deaths (or unreadable messages) before the watcher is switched off for this run. */
const MAX_DEATHS = 5;

export interface OwnerThreadEvents {
  look: (m: OwnerLookMessage) => void;
  /** The watcher was switched off for good (this run), with why. */
  off: (why: string) => void;
}

export class OwnerThread {
  private worker: Worker | null = null;
  private deaths = 0;
  private stopped = false;
  private config: Extract<OwnerJob, { op: 'configure' }> = { op: 'configure', programs: [], fullscreen: false };
  private readonly waiting = new Map<number, (names: string[]) => void>();
  private nextId = 1;
  private restart: NodeJS.Timeout | null = null;

  constructor(
    private readonly data: OwnerWorkerData,
    private readonly on: OwnerThreadEvents,
  ) {}

  start(): void {
    if (this.stopped || this.worker) return;
    const module = threadModule('owner-worker', './owner-worker.ts', import.meta.url);
    const worker = new Worker(module.url, {
      execArgv: module.execArgv,
      workerData: this.data,
      resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8, stackSizeMb: 4 },
    });
    worker.unref();
    this.worker = worker;
    worker.on('message', (raw: unknown) => this.message(worker, raw));
    // Kept for good: an 'error' without a listener would be thrown on the node's loop.
    worker.on('error', () => undefined);
    worker.on('exit', () => this.died(worker, 'the watcher thread ended'));
    worker.postMessage(this.config);
  }

  configure(programs: readonly string[], fullscreen: boolean): void {
    this.config = { op: 'configure', programs: [...programs], fullscreen };
    this.worker?.postMessage(this.config);
  }

  /** The programs running now, for the person to pick from (names only, never sent anywhere). */
  listPrograms(timeoutMs = 5_000): Promise<string[]> {
    const worker = this.worker;
    if (!worker) return Promise.resolve([]);
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve([]);
      }, timeoutMs);
      timer.unref?.();
      this.waiting.set(id, (names) => {
        clearTimeout(timer);
        resolve(names);
      });
      worker.postMessage({ op: 'listPrograms', id } satisfies OwnerJob);
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.restart) clearTimeout(this.restart);
    const w = this.worker;
    this.worker = null;
    if (w) {
      w.postMessage({ op: 'stop' } satisfies OwnerJob);
      // The thread kills its tools when told to stop; terminating right after would leave them running.
      const t = setTimeout(() => void w.terminate(), 1_000);
      t.unref?.();
    }
    for (const done of this.waiting.values()) done([]);
    this.waiting.clear();
  }

  private message(worker: Worker, raw: unknown): void {
    if (this.worker !== worker) return;
    const parsed = OwnerReplySchema.safeParse(raw);
    if (!parsed.success) {
      void worker.terminate();
      return;
    }
    const m = parsed.data;
    if (m.kind === 'look') {
      this.deaths = 0;
      this.on.look(m);
    } else if (m.kind === 'programs') {
      this.waiting.get(m.id)?.(m.names);
      this.waiting.delete(m.id);
    }
  }

  private died(worker: Worker, why: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    if (this.stopped) return;
    this.deaths += 1;
    if (this.deaths >= MAX_DEATHS) {
      this.stopped = true;
      this.on.off(`${why} ${this.deaths} times in a row; watching for your own use is off until the app restarts.`);
      return;
    }
    this.restart = setTimeout(() => this.start(), 1000 * 2 ** (this.deaths - 1));
    this.restart.unref?.();
  }
}
