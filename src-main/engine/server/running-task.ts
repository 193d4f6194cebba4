import { Cancellation } from '../backends';
import type { OverShare } from './admission-terms';

/**
 * A task's own state while it holds a slot: its backend call's cancellation, and whether it was cut after running
 * beyond its source's fair share for the grace period while another source waited (admission.ts).
 */
export class RunningTask {
  readonly cancel = new Cancellation();
  preempted = false;
  /** Cut because the computer's owner needs the GPU: the consumer is told to try elsewhere, and nothing is booked. */
  yielded = false;
  /** Its answer streams: it cannot wait out the owner's grace, since every piece sent is work the GPU did for it. */
  streamed = false;
  private grace: NodeJS.Timeout | null = null;

  readonly onOverShare: OverShare = (graceMs, stillOver) => {
    if (this.grace) clearTimeout(this.grace);
    this.grace = setTimeout(() => {
      this.grace = null;
      if (!stillOver()) return;
      this.preempted = true;
      this.cancel.cancel();
    }, graceMs);
    this.grace.unref?.();
  };

  /** The owner needs the GPU back: the backend call ends now. */
  yieldToOwner(): void {
    this.yielded = true;
    this.cancel.cancel();
  }

  end(): void {
    if (this.grace) clearTimeout(this.grace);
    this.grace = null;
  }
}

/** Cuts every task of `tasks` for the owner; returns how many there were. */
export function yieldAll(tasks: ReadonlySet<RunningTask>): number {
  for (const t of tasks) t.yieldToOwner();
  return tasks.size;
}

/** Cuts the streamed tasks of `tasks` for the owner (the others keep their grace); returns how many. */
export function yieldStreamed(tasks: ReadonlySet<RunningTask>): number {
  let n = 0;
  for (const t of tasks) {
    if (!t.streamed) continue;
    t.yieldToOwner();
    n += 1;
  }
  return n;
}
