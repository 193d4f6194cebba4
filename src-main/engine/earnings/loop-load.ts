import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** How often the event loop's busy share is read: often enough for a batch of claims to notice a burst of tasks. */
const SAMPLE_MS = 100;

/**
 * The event loop's busy share over the last tenth of a second, in percent, in shared memory for the ledger thread to
 * read (`Atomics.load`): the poster there holds its batches back while the loop that answers tasks is busy. Read from
 * Node's own accounting (`performance.eventLoopUtilization`), a few microseconds per sample; 0 while stopped.
 */
export class LoopLoad {
  readonly buffer = new SharedArrayBuffer(4);
  private readonly view = new Int32Array(this.buffer);
  private timer: NodeJS.Timeout | null = null;
  private last: EventLoopUtilization | null = null;

  start(): void {
    if (this.timer) return;
    this.last = performance.eventLoopUtilization();
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    Atomics.store(this.view, 0, 0);
  }

  private sample(): void {
    const now = performance.eventLoopUtilization();
    const since = performance.eventLoopUtilization(now, this.last ?? undefined);
    this.last = now;
    Atomics.store(this.view, 0, Math.round(since.utilization * 100));
  }
}
