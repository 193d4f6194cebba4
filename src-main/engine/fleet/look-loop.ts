/**
 * When the fleet looks at its machines: once per heartbeat interval while running, at once when asked, and right
 * after a look under way when asked during it (never two looks at a time).
 */
import type { FleetLog } from './seen-machines';

export class LookLoop {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private looking: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly look: () => Promise<void>,
    private readonly interval: () => number,
    private readonly log: FleetLog,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  /** Starts the looks with one at once; false when they ran already. */
  start(): boolean {
    if (this.running) return false;
    this.running = true;
    this.schedule(0);
    return true;
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.looking;
  }

  /** A look now, or right after the one under way. */
  now(): void {
    if (!this.running) return;
    if (this.looking) this.again = true;
    else this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.looking = this.look()
        .catch((err: unknown) =>
          this.log('warn', 'fleet_look_failed', err instanceof Error ? err.message : String(err)),
        )
        .finally(() => {
          this.looking = null;
          const soon = this.again;
          this.again = false;
          if (this.running) this.schedule(soon ? 0 : this.interval());
        });
    }, ms);
    this.timer.unref?.();
  }
}
