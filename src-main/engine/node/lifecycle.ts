import type { LifecycleState } from '@shared/contract';
import type { Said } from '@shared/i18n/said';

/** Which state may follow which. Anything else is a bug in the engine, not a user error. */
const TRANSITIONS: Record<LifecycleState, readonly LifecycleState[]> = {
  stopped: ['starting'],
  starting: ['online', 'paused', 'degraded', 'stopping'],
  online: ['paused', 'degraded', 'stopping'],
  paused: ['online', 'degraded', 'stopping'],
  degraded: ['online', 'paused', 'stopping'],
  stopping: ['stopped'],
};

export const RUNNING_STATES: readonly LifecycleState[] = ['online', 'paused', 'degraded'];

export class IllegalTransitionError extends Error {
  constructor(from: LifecycleState, to: LifecycleState) {
    super(`Illegal lifecycle transition ${from} → ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

/** The lifecycle state machine: current state, since when, and why (in plain words). */
export class Lifecycle {
  private current: LifecycleState = 'stopped';
  private sinceMs: number;
  private why: Said | null = null;

  constructor(private readonly now: () => number) {
    this.sinceMs = now();
  }

  get state(): LifecycleState {
    return this.current;
  }
  get since(): number {
    return this.sinceMs;
  }
  get reason(): Said | null {
    return this.why;
  }
  get isRunning(): boolean {
    return RUNNING_STATES.includes(this.current);
  }

  static canTransition(from: LifecycleState, to: LifecycleState): boolean {
    return TRANSITIONS[from].includes(to);
  }

  /** Moves to `to`; staying in the same state only updates the reason. Returns whether anything changed. */
  transition(to: LifecycleState, reason: Said | null = null): boolean {
    if (to === this.current) {
      // Sentences are rebuilt on each evaluation: the same words are the same id and values.
      if (JSON.stringify(reason) === JSON.stringify(this.why)) return false;
      this.why = reason;
      return true;
    }
    if (!Lifecycle.canTransition(this.current, to)) throw new IllegalTransitionError(this.current, to);
    this.current = to;
    this.sinceMs = this.now();
    this.why = reason;
    return true;
  }
}
