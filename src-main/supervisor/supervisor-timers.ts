/**
 * The supervisor's timers: the heartbeat and the conditions sent on an interval, a restart after its back-off. All
 * are ended at once when the supervisor stops, so nothing of a stopped supervisor runs later or keeps the host alive.
 */
export class SupervisorTimers {
  private readonly intervals: NodeJS.Timeout[] = [];
  private restart: NodeJS.Timeout | null = null;

  /** Runs `fn` every `ms` until `clear()`; never keeps the host's process alive by itself. */
  every(ms: number, fn: () => void): void {
    const timer = setInterval(fn, ms);
    timer.unref();
    this.intervals.push(timer);
  }

  /** Runs `fn` once after `ms`: the one restart waiting for its back-off. */
  restartAfter(ms: number, fn: () => void): void {
    this.restart = setTimeout(() => {
      this.restart = null;
      fn();
    }, ms);
  }

  clear(): void {
    for (const timer of this.intervals.splice(0)) clearInterval(timer);
    if (this.restart) clearTimeout(this.restart);
    this.restart = null;
  }
}
