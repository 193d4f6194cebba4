import type { EngineEvent } from '@shared/contract';

/** Repeats counted on rows already sent go out together at most this often. */
export const REPEAT_PUSH_INTERVAL_MS = 1_000;

/**
 * Hands stored events to the windows and dashboards (Electron IPC, the headless bridge, the engine's supervisor).
 * A new row goes out at once. A repeat counted on a row (`count` ≥ 2) changes only that row's count, so only its
 * newest state needs to go out: repeats are gathered and sent together at most every `intervalMs`, the first one
 * after a quiet spell at once. A flood of one event then costs each dashboard a few messages a second instead of one
 * per occurrence, and every count still arrives (the last one when the flood ends, or at `flush`).
 */
export class EventPush {
  private readonly pending = new Map<number, EngineEvent>();
  private timer: NodeJS.Timeout | null = null;
  private lastFlushAt = -Infinity;

  constructor(
    private readonly send: (event: EngineEvent) => void,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = REPEAT_PUSH_INTERVAL_MS,
  ) {}

  push(event: EngineEvent): void {
    // Id 0: an event the disk refused to store has no row to count on.
    if ((event.count ?? 1) < 2 || event.id <= 0) {
      this.send(event);
      return;
    }
    this.pending.set(event.id, event);
    if (this.timer) return;
    // Never longer than the interval, even if the clock was set back since the last flush.
    const wait = Math.min(this.intervalMs, this.lastFlushAt + this.intervalMs - this.now());
    if (wait <= 0) {
      this.flush();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
    this.timer.unref?.();
  }

  /** Sends every gathered repeat now (also when the engine stops, so the last counts are not held back). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    this.lastFlushAt = this.now();
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const e of due) this.send(e);
  }
}
