import { DAY_NAMES } from '@shared/calendar/days';
import type {
  AvailabilityInfo,
  AvailabilityPreview,
  AvailabilitySchedule,
  OwnerInfo,
  Settings,
} from '@shared/contract';
import { ContractError } from '@shared/contract/errors';
import { said, sameSaid, type Said } from '@shared/i18n/said';
import type { Store } from '../store';
import { effectiveCapacity, timeline, wallClock } from './evaluator';
import { evaluatePolicy, type HostConditions, type PolicyResult } from './policy';
import { formatMinutes, scheduleProblems, systemTimeZone, type ScheduleProblem } from './schedule';
import type { EngineEventName } from '@shared/words/event-words';

export interface AvailabilityControllerOptions {
  store: Store;
  settings: () => Settings;
  /** The person's switch and the end of a timed pause. */
  switchState: () => { on: boolean; pausedUntil: number | null };
  host: HostConditions | null;
  /** The owner-first watcher's state, and the words while it holds the node back (null when it does not). */
  owner: () => { info: OwnerInfo; message: Said | null };
  now: () => number;
  log: (level: 'info' | 'warn', event: EngineEventName, details: string) => void;
}

/**
 * Owns the weekly schedule and evaluates the availability policy on demand. It holds no timers of its own: the
 * node re-evaluates on a slow tick, on every change and on wake (level-triggered), so nothing is missed after a
 * restart or a sleep.
 */
export class AvailabilityController {
  private schedule: AvailabilitySchedule;
  private last: PolicyResult | null = null;

  constructor(private readonly o: AvailabilityControllerOptions) {
    const { schedule, skippedWindows } = o.store.schedule.load({
      timeZone: systemTimeZone(),
      windows: [],
      outsideShare: 0,
    });
    this.schedule = schedule;
    if (skippedWindows > 0) o.log('warn', 'schedule_invalid', `windows skipped: ${skippedWindows}`);
    // A zone the runtime does not know (the database moved to an older system) must not break evaluation.
    if (scheduleProblems({ ...schedule, windows: [] }).length > 0) {
      o.log('warn', 'schedule_invalid', `unknown time zone ${schedule.timeZone}; using ${systemTimeZone()}`);
      this.schedule = { ...schedule, timeZone: systemTimeZone() };
    }
  }

  get current(): AvailabilitySchedule {
    return this.schedule;
  }

  /** Evaluates the policy now; returns whether anything a person would notice changed. */
  evaluate(): boolean {
    const sw = this.o.switchState();
    const s = this.o.settings();
    const owner = this.o.owner().message;
    const next = evaluatePolicy(
      {
        // The owner's sentence travels as a sentence of its own, so each screen says it in its person's language.
        owner: owner === null ? null : { message: owner },
        switchOn: sw.on,
        pausedUntil: sw.pausedUntil,
        schedule: this.schedule,
        conditions: { onlyOnMains: s.onlyOnMains, idleMinutes: s.idleMinutes },
        host: this.o.host,
        maxConcurrent: s.maxConcurrent,
        now: this.o.now(),
      },
      (ms) => this.formatTime(ms),
    );
    const prev = this.last;
    this.last = next;
    return (
      !prev ||
      prev.share !== next.share ||
      prev.capacity !== next.capacity ||
      prev.reason !== next.reason ||
      !sameSaid(prev.message, next.message) ||
      prev.window !== next.window ||
      prev.nextChangeAt !== next.nextChangeAt ||
      prev.onBattery !== next.onBattery
    );
  }

  get result(): PolicyResult {
    if (!this.last) this.evaluate();
    return this.last!;
  }

  /** Validates (overlaps, zone) and stores a new schedule as a whole. */
  update(schedule: AvailabilitySchedule): AvailabilitySchedule {
    const problems = scheduleProblems(schedule);
    if (problems.length > 0) throw refusedSchedule(problems);
    const clean: AvailabilitySchedule = {
      timeZone: schedule.timeZone,
      outsideShare: schedule.outsideShare,
      windows: schedule.windows.map((w) => ({ ...w, days: [...w.days].sort((a, b) => a - b) })),
    };
    try {
      this.o.store.schedule.save(clean);
    } catch (err) {
      throw new ContractError(
        'store_error',
        said('refusal.availability.scheduleNotSaved', { detail: err instanceof Error ? err.message : String(err) }),
      );
    }
    this.schedule = clean;
    this.o.log(
      'info',
      'schedule_changed',
      `windows=${clean.windows.length} zone=${clean.timeZone} outside=${clean.outsideShare}`,
    );
    return clean;
  }

  /** Shares and capacities from now on, for the stored schedule or a draft (validated the same way). */
  preview(draft: AvailabilitySchedule | undefined, hours: number): AvailabilityPreview {
    const schedule = draft ?? this.schedule;
    if (draft) {
      const problems = scheduleProblems(draft);
      if (problems.length > 0) throw refusedSchedule(problems);
    }
    const base = this.o.settings().maxConcurrent;
    return {
      timeZone: schedule.timeZone,
      segments: timeline(schedule, this.o.now(), hours).map((seg) => ({
        from: new Date(seg.from).toISOString(),
        to: new Date(seg.to).toISOString(),
        share: seg.share,
        capacity: effectiveCapacity(base, seg.share),
        window: seg.window === null ? null : schedule.windows[seg.window]!,
      })),
    };
  }

  info(): AvailabilityInfo {
    const r = this.result;
    const s = this.o.settings();
    return {
      share: r.share,
      windowShare: r.windowShare,
      reason: r.reason,
      message: r.message,
      window: r.window,
      nextChangeAt: r.nextChangeAt === null ? null : new Date(r.nextChangeAt).toISOString(),
      timeZone: this.schedule.timeZone,
      windowCount: this.schedule.windows.length,
      outsideShare: this.schedule.outsideShare,
      conditions: {
        onlyOnMains: s.onlyOnMains,
        idleMinutes: s.idleMinutes,
        supported: this.o.host !== null,
        onBattery: r.onBattery,
        idleSeconds: r.idleSeconds,
      },
      owner: this.o.owner().info,
    };
  }

  /** "18:00" later today, else "Mon 08:00", on the schedule's wall clock. */
  formatTime(ms: number): string {
    const tz = this.schedule.timeZone;
    const at = wallClock(ms, tz);
    const now = wallClock(this.o.now(), tz);
    const sameDay = at.weekday === now.weekday && ms - this.o.now() < 24 * 3600_000;
    return sameDay ? formatMinutes(at.minute) : `${DAY_NAMES[at.weekday - 1]} ${formatMinutes(at.minute)}`;
  }
}

/** A schedule that cannot be kept: its first problem as the refusal, each one at its field. */
function refusedSchedule(problems: ScheduleProblem[]): ContractError {
  return new ContractError(
    'invalid_request',
    problems[0]!.said,
    problems.map((p) => ({ path: p.path, message: p.said })),
  );
}
