import { Worker } from 'node:worker_threads';
import type { NatAPIMapOptions, NatAPIOptions } from '@silentbot1/nat-api';
import type { NatApiJob, NatApiOp, NatApiReply, NatApiWorkerData } from './nat-api-worker';
import { threadModule } from '../subprocess';

export interface NatApiThreadOptions {
  /** Time one operation may take; past it the thread is ended and the operation fails. */
  budgetMs?: number;
  /** Time a new thread may take to load (a busy computer, tests loading TypeScript). */
  startMs?: number;
  /** The thread's JavaScript heap; a device whose answers need more ends the thread, not the node. */
  maxHeapMb?: number;
  /** Largest body read from the device (description or SOAP answer). */
  maxBodyBytes?: number;
}

/** Honest descriptions are a few KiB and SOAP answers less; this leaves room for the most verbose routers. */
export const MAX_BODY_BYTES = 256 * 1024;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * The nat-api client, run in a worker thread. The library reads the router's description and SOAP answers in full and
 * parses them with xml2js; on the node's own thread a LAN device could stall the health endpoint and the heartbeats
 * with a slow document or swell the engine with an endless one. In the thread each body is capped, the heap is small
 * and each operation has a time budget: a thread that overruns is terminated and its operation fails with a plain
 * error; the next operation gets a fresh thread (a fresh library client, as after any failed exchange).
 */
export class NatApiThread {
  private readonly budgetMs: number;
  private readonly startMs: number;
  private readonly maxHeapMb: number;
  private readonly maxBodyBytes: number;
  private worker: Worker | null = null;
  private started: Promise<Worker> | null = null;
  /** Fails the start of a thread that is ended before it said it was ready. */
  private abortStart: ((err: Error) => void) | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Threads ended for overrunning their time or memory budget (tests read it). */
  overruns = 0;

  constructor(
    private readonly options: NatAPIOptions,
    o: NatApiThreadOptions = {},
  ) {
    this.budgetMs = o.budgetMs ?? 10_000;
    this.startMs = o.startMs ?? 20_000;
    this.maxHeapMb = o.maxHeapMb ?? 64;
    this.maxBodyBytes = o.maxBodyBytes ?? MAX_BODY_BYTES;
  }

  /** Resolves once the thread has loaded (within `startMs`), so the operations' budgets measure only the router. */
  async ready(): Promise<void> {
    await this.start();
  }

  map(opts: NatAPIMapOptions): Promise<boolean> {
    return this.call('map', opts) as Promise<boolean>;
  }

  unmap(opts: Omit<NatAPIMapOptions, 'ttl' | 'description'>): Promise<boolean> {
    return this.call('unmap', opts) as Promise<boolean>;
  }

  async externalIp(): Promise<string> {
    const ip = await this.call('externalIp');
    // Whatever the device put there, only a short string comes back; the mapper judges it as an address.
    return typeof ip === 'string' ? ip.slice(0, 64) : '';
  }

  /** Empties the library's list of opened ports, so destroy() closes sockets without unmapping them. */
  forgetOpenPorts(): void {
    this.worker?.postMessage({ id: 0, op: 'forget' } satisfies NatApiJob);
  }

  async destroy(): Promise<boolean> {
    if (!this.worker && !this.started) return true;
    try {
      // A thread still busy with an operation is not waited for: ending it releases its sockets.
      if (this.pending.size === 0) await this.call('destroy');
    } catch {
      // best effort, the thread is ended below either way
    }
    this.end(new Error('the port-mapping client was closed'));
    return true;
  }

  private async call(op: NatApiOp, args?: unknown): Promise<unknown> {
    const worker = await this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.overruns += 1;
        this.end(new Error(`the router's answer timed out after ${this.budgetMs} ms`));
      }, this.budgetMs);
      timer.unref?.();
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, op, args } satisfies NatApiJob);
    });
  }

  private start(): Promise<Worker> {
    this.started ??= new Promise<Worker>((resolve, reject) => {
      const module = threadModule('nat-api-worker', './nat-api-worker.ts', import.meta.url);
      const worker = new Worker(module.url, {
        execArgv: module.execArgv,
        workerData: { options: this.options, maxBodyBytes: this.maxBodyBytes } satisfies NatApiWorkerData,
        resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
      });
      worker.unref();
      this.worker = worker;
      const startTimer = setTimeout(() => {
        if (this.worker === worker)
          this.end(new Error(`the port-mapping thread did not start within ${this.startMs} ms`));
      }, this.startMs);
      startTimer.unref?.();
      this.abortStart = (err) => {
        clearTimeout(startTimer);
        reject(err);
      };
      worker.on('message', (reply: NatApiReply) => {
        if (this.worker !== worker) return;
        if ('ready' in reply) {
          clearTimeout(startTimer);
          this.abortStart = null;
          resolve(worker);
          return;
        }
        const p = this.pending.get(reply.id);
        if (!p) return;
        this.pending.delete(reply.id);
        clearTimeout(p.timer);
        // The library answers "no" for a body it could not read; the node says what happened instead.
        if (reply.ok && reply.capped && !reply.value)
          p.reject(new Error(`the router's answer was larger than ${this.maxBodyBytes} bytes`));
        else if (reply.ok) p.resolve(reply.value);
        else p.reject(new Error(reply.message));
      });
      const died = (err?: Error) => {
        if (this.worker !== worker) return;
        clearTimeout(startTimer);
        const oom = (err as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
        if (oom) this.overruns += 1;
        const e = new Error(
          oom
            ? `the router's answer needed more than ${this.maxHeapMb} MiB to read`
            : `the port-mapping thread stopped${err ? ` (${err.message})` : ''}`,
        );
        this.end(e);
      };
      worker.on('error', died);
      worker.on('exit', () => died());
    });
    return this.started;
  }

  /** Ends the thread and fails whatever it was doing; the next call starts a fresh one. */
  private end(err: Error): void {
    const w = this.worker;
    this.worker = null;
    this.started = null;
    this.abortStart?.(err);
    this.abortStart = null;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
    if (!w) return;
    w.removeAllListeners('exit');
    w.removeAllListeners('error');
    w.on('error', () => undefined);
    void w.terminate().catch(() => undefined);
  }
}
