/** QoS classes that may wait for a slot (brief §3.5); everything else fails fast. */
const QUEUE_ELIGIBLE: Record<string, number> = { realtime: 0, interactive: 1 };
export const QUEUE_WAIT_MS = 2000;
/** Bounded so a flood of interactive requests cannot pile up memory while the node is full. */
const MAX_WAITERS = 256;

export type Release = () => void;

interface Waiter {
  rank: number;
  seq: number;
  grant: (release: Release) => void;
  timer: NodeJS.Timeout;
}

/**
 * Concurrency slots for tasks. A task gets a slot if one is free; `realtime` and `interactive` tasks may
 * wait up to 2 s for one (realtime first), all others are refused at once. Waiters are woken by releases,
 * not by polling. A release function works once, so a slot can never be returned twice.
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

  async acquire(qos: string): Promise<Release | null> {
    if (this.active < this.capacity()) return this.take();
    const rank = QUEUE_ELIGIBLE[qos];
    if (rank === undefined || this.waiters.length >= MAX_WAITERS) return null;
    return new Promise<Release | null>((resolve) => {
      const waiter: Waiter = {
        rank,
        seq: this.seq++,
        grant: (release) => resolve(release),
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

  /** Capacity grew (window opened, setting changed): hand free slots to waiters. */
  capacityChanged(): void {
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
      w.grant(this.take());
    }
  }
}
