/**
 * The person's availability switch, with an optional end of a pause. It is stored at once (a restart comes back as
 * the person left it) and a timed pause ends by itself, even across a restart.
 */
import type { EventLevel } from '@shared/contract';
import { ContractError } from '@shared/contract/errors';
import { said } from '@shared/i18n/said';
import type { EngineEventName } from '@shared/words/event-words';
import type { Store } from '../store';

const MAX_PAUSE_DAYS = 7;
const MAX_PAUSE_MS = MAX_PAUSE_DAYS * 24 * 3600 * 1000;

export interface AvailabilitySwitchOptions {
  store: () => Store;
  now: () => number;
  /** Whether the node runs (a pause that ends while it is stopped is applied at the next start). */
  running: () => boolean;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
  /** The switch flipped: a router mapping or relay is held only while the node is offered. */
  flipped: () => void;
  /** The switch was written (flipped or not): the running state is derived again. */
  settle: () => void;
}

export class AvailabilitySwitch {
  private available = true;
  private pausedUntilMs: number | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly o: AvailabilitySwitchOptions) {}

  get on(): boolean {
    return this.available;
  }

  get pausedUntil(): number | null {
    return this.pausedUntilMs;
  }

  /** Reads the stored switch; a pause that ended while the node was stopped ends now. */
  load(store: Store): void {
    this.available = store.state.get('available', true, (v): v is boolean => typeof v === 'boolean');
    this.pausedUntilMs = store.state.get(
      'pausedUntilMs',
      null,
      (v): v is number | null => v === null || typeof v === 'number',
    );
  }

  /** After start: a pause that ended meanwhile ends now. */
  expireStalePause(): void {
    if (this.pausedUntilMs !== null && this.pausedUntilMs <= this.o.now()) this.set(true, null, 'pause_expired');
  }

  /** Off, optionally until a time at most 7 days ahead. */
  pause(untilMs: number | null): void {
    if (untilMs !== null) {
      const now = this.o.now();
      if (untilMs <= now) throw new ContractError('invalid_request', said('refusal.availability.pauseOver'));
      if (untilMs - now > MAX_PAUSE_MS)
        throw new ContractError('invalid_request', said('refusal.availability.pauseTooLong', { days: MAX_PAUSE_DAYS }));
    }
    this.set(false, untilMs, 'manual');
  }

  set(available: boolean, untilMs: number | null, cause: string): void {
    const store = this.o.store();
    try {
      store.db.transaction(() => {
        store.state.set('available', available);
        store.state.set('pausedUntilMs', available ? null : untilMs);
      })();
    } catch (err) {
      throw new ContractError(
        'store_error',
        said('refusal.availability.switchNotSaved', { detail: err instanceof Error ? err.message : String(err) }),
      );
    }
    const changed = this.available !== available || this.pausedUntilMs !== (available ? null : untilMs);
    this.available = available;
    this.pausedUntilMs = available ? null : untilMs;
    this.arm();
    if (changed) {
      const until = this.pausedUntilMs ? ` until=${new Date(this.pausedUntilMs).toISOString()}` : '';
      this.o.log('info', available ? 'availability_on' : 'availability_off', `cause=${cause}${until}`);
      this.o.flipped();
    }
    this.o.settle();
  }

  arm(): void {
    this.clear();
    if (this.available || this.pausedUntilMs === null) return;
    // setTimeout cannot wait longer than ~24.8 days; pauses are capped at 7 days so one timer suffices.
    const wait = Math.max(0, this.pausedUntilMs - this.o.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.o.running()) this.set(true, null, 'pause_expired');
    }, wait);
    this.timer.unref?.();
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
