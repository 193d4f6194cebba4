import type { DetectionStep } from '@shared/contract';
import type { Said } from '@shared/i18n/said';
import { stepAt } from './step-log';

/**
 * A router lease task's state, the listeners told of its changes, and its log of steps in words (the Network page's
 * "what happened"): what the IPv4 mapping task and the IPv6 pinhole task share. A listener that throws is skipped, so
 * a faulty subscriber cannot break a renewal loop.
 */
export class TaskJournal<S extends string, E extends { type: string }> {
  private current: S;
  private readonly lines: DetectionStep[] = [];
  private readonly listeners = new Set<(event: E) => void>();

  constructor(
    initial: S,
    /** The task's own "state changed" event. */
    private readonly stateEvent: (state: S, previous: S) => E,
    private readonly now: () => number,
    private readonly maxSteps: number,
  ) {
    this.current = initial;
  }

  get state(): S {
    return this.current;
  }

  /** A copy of the steps, oldest first, each with its time. */
  get steps(): DetectionStep[] {
    return [...this.lines];
  }

  set(next: S): void {
    const previous = this.current;
    if (previous === next) return;
    this.current = next;
    this.emit(this.stateEvent(next, previous));
  }

  emit(event: E): void {
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch {
        // A faulty listener must not break the renewal loop.
      }
    }
  }

  onChange(listener: (event: E) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** One step of what happened; the oldest go beyond `maxSteps`. */
  step(words: Said): void {
    this.lines.push(stepAt(this.now(), words));
    if (this.lines.length > this.maxSteps) this.lines.splice(0, this.lines.length - this.maxSteps);
  }
}
