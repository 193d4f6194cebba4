import type { DetectionStep } from '@shared/contract';
import type { Said } from '@shared/i18n/said';

/** How many steps of "what happened" the Network page keeps. */
export const MAX_STEPS = 60;

/** A step at `now`: its time, and its sentence (said by each page in its own language, by the log in English). */
export function stepAt(now: number, words: Said): DetectionStep {
  return { at: new Date(now).toISOString(), words };
}

/**
 * The ladder's account of a check, one sentence per step: what the Network page shows under "what happened" and the
 * REGISTER's last detection step.
 */
export class StepLog {
  private entries: DetectionStep[] = [];

  constructor(private readonly now: () => number) {}

  step(words: Said): void {
    this.entries.push(stepAt(this.now(), words));
    if (this.entries.length > MAX_STEPS) this.entries.splice(0, this.entries.length - MAX_STEPS);
  }

  /** Steps a router task took, kept after the task is gone. */
  keep(steps: readonly DetectionStep[]): void {
    this.entries.push(...steps);
  }

  clear(): void {
    this.entries = [];
  }

  /**
   * These steps and a running task's, in time order, the newest MAX_STEPS. A stable sort on the time alone
   * interleaves them and keeps each log's own order within a millisecond.
   */
  mergedWith(other: readonly DetectionStep[]): DetectionStep[] {
    return [...this.entries, ...other].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).slice(-MAX_STEPS);
  }
}
