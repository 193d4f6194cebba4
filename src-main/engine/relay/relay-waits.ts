/** Time as the worker sees it: tests pass a fake clock to count pulls without waiting for them. */
export interface RelayClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const SYSTEM_CLOCK: Omit<RelayClock, 'now'> = {
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * The relay worker's waits (back-off, pauses, waiting for room): each can be ended early, and stopping ends them all.
 */
export class RelayWaits {
  private readonly sleepers = new Set<() => void>();

  constructor(private readonly clock: RelayClock) {}

  /** Ends every wait in progress (the worker stops). */
  wakeAll(): void {
    for (const wake of [...this.sleepers]) wake();
  }

  /** Waits for `p`, or less when the worker is stopped meanwhile; not at all when `live` already says it is over. */
  async until(live: () => boolean, p: Promise<unknown>): Promise<void> {
    const stop = { wake: (): void => undefined };
    const stopped = new Promise<void>((resolve) => (stop.wake = resolve));
    this.sleepers.add(stop.wake);
    try {
      if (live()) await Promise.race([p.catch(() => undefined), stopped]);
    } finally {
      this.sleepers.delete(stop.wake);
    }
  }

  /** A wait that stopping cuts short; `onWake` learns how to end it early. */
  sleep(ms: number, onWake?: (wake: () => void) => void): Promise<void> {
    return new Promise<void>((resolve) => {
      let handle: unknown = null;
      const wake = () => {
        if (!this.sleepers.delete(wake)) return;
        if (handle !== null) this.clock.clearTimer(handle);
        resolve();
      };
      this.sleepers.add(wake);
      handle = this.clock.setTimer(wake, ms);
      onWake?.(wake);
    });
  }
}
