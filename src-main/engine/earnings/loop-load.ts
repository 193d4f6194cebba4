import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** How often the event loop's busy share is read: often enough for a batch of claims to notice a burst of tasks. */
const SAMPLE_MS = 100;

/** Where the samples come from; tests give their own. */
export interface LoopLoadSources {
  /** Node's event loop utilisation, as `performance.eventLoopUtilization`. */
  elu: (a?: EventLoopUtilization, b?: EventLoopUtilization) => EventLoopUtilization;
  /** This thread's CPU time in microseconds, or null where the runtime cannot tell (`process.threadCpuUsage`). */
  threadCpuMicros: () => number | null;
  /** A monotonic clock in milliseconds. */
  now: () => number;
}

const nodeSources: LoopLoadSources = {
  elu: (a, b) => performance.eventLoopUtilization(a, b),
  threadCpuMicros: () => {
    const usage = typeof process.threadCpuUsage === 'function' ? process.threadCpuUsage() : null;
    return usage ? usage.user + usage.system : null;
  },
  now: () => performance.now(),
};

/**
 * The event loop's busy share over the last tenth of a second, in percent, in shared memory for the ledger thread to
 * read (`Atomics.load`): the poster there holds its batches back while the loop that answers tasks is busy.
 *
 * Node's own accounting (`eventLoopUtilization`) counts every moment the loop is not waiting in its poll. A CPU
 * profiler (or DevTools recording) interrupts that wait a thousand times a second, and an idle loop then reads 87 %
 * busy: claims would wait their full deferral forever. So the share is capped by the thread's own CPU time over the
 * same interval, which the profiler leaves alone; each sample costs a few microseconds. 0 while stopped.
 */
export class LoopLoad {
  readonly buffer = new SharedArrayBuffer(4);
  private readonly view = new Int32Array(this.buffer);
  private timer: NodeJS.Timeout | null = null;
  private last: { elu: EventLoopUtilization; cpu: number | null; at: number } | null = null;

  constructor(private readonly sources: LoopLoadSources = nodeSources) {}

  start(): void {
    if (this.timer) return;
    this.last = this.read();
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.last = null;
    Atomics.store(this.view, 0, 0);
  }

  private read(): { elu: EventLoopUtilization; cpu: number | null; at: number } {
    return { elu: this.sources.elu(), cpu: this.sources.threadCpuMicros(), at: this.sources.now() };
  }

  private sample(): void {
    const now = this.read();
    const last = this.last ?? now;
    this.last = now;
    let share = this.sources.elu(now.elu, last.elu).utilization;
    const wallMicros = (now.at - last.at) * 1000;
    if (now.cpu !== null && last.cpu !== null && wallMicros > 0)
      share = Math.min(share, (now.cpu - last.cpu) / wallMicros);
    Atomics.store(this.view, 0, Math.round(Math.max(0, Math.min(1, share)) * 100));
  }
}
