/** How many lines of "what happened" the Network page keeps. */
export const MAX_STEPS = 60;

/**
 * The ladder's account of a check in words, one "<ISO time> text" line per step: what the Network page shows under
 * "what happened" and the REGISTER's last detection step.
 */
export class StepLog {
  private lines: string[] = [];

  constructor(private readonly now: () => number) {}

  step(line: string): void {
    this.lines.push(`${new Date(this.now()).toISOString()} ${line}`);
    if (this.lines.length > MAX_STEPS) this.lines.splice(0, this.lines.length - MAX_STEPS);
  }

  /** Lines a router task wrote, kept after the task is gone. */
  keep(lines: readonly string[]): void {
    this.lines.push(...lines);
  }

  clear(): void {
    this.lines = [];
  }

  /**
   * These steps and a running task's, in time order, the newest MAX_STEPS. A stable sort on the time alone
   * interleaves them and keeps each log's own order within a millisecond.
   */
  mergedWith(other: readonly string[]): string[] {
    return [...this.lines, ...other].sort((a, b) => (a.slice(0, 24) < b.slice(0, 24) ? -1 : a.slice(0, 24) > b.slice(0, 24) ? 1 : 0)).slice(-MAX_STEPS);
  }
}
