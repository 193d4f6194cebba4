import type { TimerFns } from '../net';

/**
 * One operation at a time, plus at most one timer that starts the next: how the router lease tasks (the IPv4 mapping
 * and the IPv6 pinhole) keep renewals, retries and stop() from ever overlapping. `stop()` of a task waits for
 * `inflight`, then cancels the timer, so nothing it holds on the router is left behind by a late callback.
 */
export class SerialOps {
  inflight: Promise<void> | null = null;
  /** When the scheduled operation is due (ms), or null when none is. */
  nextAttemptAt: number | null = null;
  private timer: unknown = null;

  constructor(
    private readonly timers: TimerFns,
    private readonly now: () => number,
    /** Operations are not started any more once this says so. */
    private readonly stopped: () => boolean,
  ) {}

  async run(op: () => Promise<void>): Promise<void> {
    if (this.stopped()) return;
    const p = op().finally(() => {
      if (this.inflight === p) this.inflight = null;
    });
    this.inflight = p;
    await p;
  }

  schedule(delayMs: number, op: () => Promise<void>): void {
    this.clearTimer();
    this.nextAttemptAt = this.now() + delayMs;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.nextAttemptAt = null;
      void this.run(op);
    }, delayMs);
  }

  clearTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.nextAttemptAt = null;
  }

  /** Waits until no operation runs (one finishing may have started another). */
  async settle(): Promise<void> {
    while (this.inflight) await this.inflight;
  }
}
