/** QoS classes that may wait for a slot (brief §3.5); everything else fails fast. */
const QUEUE_ELIGIBLE: Record<string, number> = { realtime: 0, interactive: 1 };
export const QUEUE_WAIT_MS = 2000;
/** Bounded so a flood of interactive requests cannot pile up memory while the node is full. */
const MAX_WAITERS = 256;

export type Release = () => void;

interface Waiter {
  rank: number;
  seq: number;
  settle: (release: Release | null) => void;
  timer: NodeJS.Timeout;
}

/**
 * Concurrency slots for tasks. A task gets a slot if one is free; `realtime` and `interactive` tasks may
 * wait up to 2 s for one (realtime first), all others are refused at once. Waiters are woken by releases,
 * not by polling. A release function works once, so a slot can never be returned twice. With capacity 0
 * (paused, availability window closed) nothing waits: every task is refused at once.
 */
export class Admission {
  private active = 0;
  private seq = 0;
  private readonly waiters: Waiter[] = [];

  constructor(
    private readonly capacity: () => number,
    /** Told whenever the number of running tasks changes (the dashboard shows it). */
    private readonly onChange: () => void = () => {},
  ) {}

  get activeJobs(): number {
    return this.active;
  }

  /** Normalises the QoS value of a task (`constraints.qos ?? constraints.qos_class`). */
  static qosClass(raw: unknown): string {
    if (typeof raw !== 'string') return 'best_effort';
    const v = raw.toLowerCase().replace('-', '_');
    return ['realtime', 'interactive', 'batch', 'best_effort'].includes(v) ? v : 'best_effort';
  }

  /**
   * A slot if one is free right now, without a promise (the task path's common case); null when the caller
   * would have to wait or be refused, which `acquire` then decides exactly as if called alone.
   */
  tryAcquire(): Release | null {
    this.dispatch(); // capacity may have grown without capacityChanged(): waiters go before newcomers
    return this.active < this.capacity() ? this.take() : null;
  }

  async acquire(qos: string): Promise<Release | null> {
    this.dispatch(); // capacity may have grown without capacityChanged(): waiters go before newcomers
    if (this.active < this.capacity()) return this.take();
    const rank = QUEUE_ELIGIBLE[qos];
    if (rank === undefined || this.capacity() <= 0 || this.waiters.length >= MAX_WAITERS) return null;
    return new Promise<Release | null>((resolve) => {
      const waiter: Waiter = {
        rank,
        seq: this.seq++,
        settle: resolve,
        timer: setTimeout(() => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          resolve(null);
        }, QUEUE_WAIT_MS),
      };
      this.waiters.push(waiter);
      this.waiters.sort((a, b) => a.rank - b.rank || a.seq - b.seq);
    });
  }

  /**
   * Capacity changed (window opened or closed, setting changed): hand free slots to waiters, or — capacity
   * now 0 — refuse them at once instead of letting them wait for slots that will not come.
   */
  capacityChanged(): void {
    if (this.capacity() <= 0) {
      for (const w of this.waiters.splice(0)) {
        clearTimeout(w.timer);
        w.settle(null);
      }
      return;
    }
    this.dispatch();
  }

  private take(): Release {
    this.active += 1;
    this.onChange();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.active -= 1;
      this.onChange();
      this.dispatch();
    };
  }

  private dispatch(): void {
    while (this.waiters.length > 0 && this.active < this.capacity()) {
      const w = this.waiters.shift()!;
      clearTimeout(w.timer);
      w.settle(this.take());
    }
  }
}
