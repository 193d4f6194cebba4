import { Cancellation } from '../backends/transport';
import type { OverShare } from './admission-terms';

/**
 * A task's own state while it holds a slot: its backend call's cancellation, and whether it was cut after running
 * beyond its source's fair share for the grace period while another source waited (admission.ts).
 */
export class RunningTask {
  readonly cancel = new Cancellation();
  preempted = false;
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

  end(): void {
    if (this.grace) clearTimeout(this.grace);
    this.grace = null;
  }
}
