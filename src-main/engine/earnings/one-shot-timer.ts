/**
 * One timer at most, set again or cleared as the work changes; it never keeps the process alive (unref), so a node
 * that stops is not held up by a retry or an idle close still to come.
 */
export class OneShotTimer {
  private timer: NodeJS.Timeout | null = null;

  /** Whether a call is waiting. */
  get set(): boolean {
    return this.timer !== null;
  }

  /** Calls `fire` after `ms`, in place of any call still waiting. */
  after(ms: number, fire: () => void): void {
    this.clear();
    this.timer = setTimeout(() => {
      this.timer = null;
      fire();
    }, ms);
    this.timer.unref?.();
  }

  /** Calls `fire` at the moment `due` (null: never), in place of any call still waiting. */
  at(due: number | null, fire: () => void): void {
    this.clear();
    if (due === null) return;
    // setTimeout takes at most 2^31 - 1 ms; a later moment is met by an earlier call that finds nothing due yet.
    this.after(Math.min(Math.max(0, due - Date.now()), 2 ** 31 - 1), fire);
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
