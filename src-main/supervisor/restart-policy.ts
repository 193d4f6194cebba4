/**
 * When to restart an engine that stopped unexpectedly: soon the first time, a little later each time after, and not
 * at all once it has stopped `maxRestarts` times within `windowMs` — a crash loop is a problem to tell the person
 * about, not something to keep doing in the background forever.
 */
export interface RestartPolicyOptions {
  /** Restarts allowed within the window; the next stop within it gives up. */
  maxRestarts: number;
  windowMs: number;
  /** Delay before each restart in a row (the last one repeats). */
  backoffMs: readonly number[];
}

export const DEFAULT_RESTART_POLICY: RestartPolicyOptions = {
  maxRestarts: 5,
  windowMs: 60_000,
  backoffMs: [250, 1_000, 2_000, 4_000, 8_000],
};

export type RestartDecision = { restart: true; delayMs: number } | { restart: false; stopsInWindow: number };

export class RestartPolicy {
  private stops: number[] = [];

  constructor(private readonly options: RestartPolicyOptions = DEFAULT_RESTART_POLICY) {}

  /** Records a stop at `now` and says what to do about it. */
  onStop(now: number): RestartDecision {
    this.stops = this.stops.filter((at) => now - at < this.options.windowMs);
    this.stops.push(now);
    if (this.stops.length > this.options.maxRestarts) return { restart: false, stopsInWindow: this.stops.length };
    const steps = this.options.backoffMs;
    const delayMs = steps[Math.min(this.stops.length - 1, steps.length - 1)] ?? 0;
    return { restart: true, delayMs };
  }

  /** The person asked to try again: the count starts over. */
  reset(): void {
    this.stops = [];
  }

  get windowMs(): number {
    return this.options.windowMs;
  }
}
