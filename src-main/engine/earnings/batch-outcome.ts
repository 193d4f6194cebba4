import type { EventLevel } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import { MICRO } from '../pricing';
import type { OutboxEntry, Retry, Settlement } from '../store';

/** What the posts of one batch came to, recorded together when the batch is over. */
export class BatchOutcome {
  readonly settled: Settlement[] = [];
  readonly retries: Retry[] = [];
  /** Awarded now (not "accepted earlier"): one log line for the batch. */
  readonly awarded: Settlement[] = [];
  /** Held over to the next clock hour: one event for the batch. */
  readonly capped: Retry[] = [];
  /** Set when the directory asked, by its answer or its silence, not to be sent more for a while: how long. */
  pauseMs: number | null = null;

  settle(entry: OutboxEntry, state: Settlement['state'], awarded: number | null, note: string | null): void {
    this.settled.push({ entry, state, awarded, note });
  }

  /** Not sent more of this batch, and nothing before `ms` from now. */
  pause(ms: number): void {
    this.pauseMs = Math.max(this.pauseMs ?? 0, ms);
  }

  /** One line per batch for the routine outcomes (one per task would be two log writes per served task). */
  log(log: (level: EventLevel, event: EngineEventName, details: string, persist?: boolean) => void): void {
    const awarded = this.awarded;
    if (awarded.length === 1)
      log('info', 'receipt_awarded', `task=${awarded[0]!.entry.taskId} awarded=${awarded[0]!.awarded}`, false);
    else if (awarded.length > 1) {
      const micro = awarded.reduce((sum, s) => sum + Math.round((s.awarded ?? 0) * MICRO), 0);
      log('info', 'receipt_awarded', `tasks=${awarded.length} awarded=${micro / MICRO}`, false);
    }
    const capped = this.capped;
    if (capped.length === 0) return;
    const first = new Date(Math.min(...capped.map((r) => r.at))).toISOString();
    if (capped.length === 1) log('info', 'receipt_hourly_cap', `task=${capped[0]!.taskId} retry_at=${first}`);
    else log('info', 'receipt_hourly_cap', `tasks=${capped.length} retry_at=${first}`);
  }
}
