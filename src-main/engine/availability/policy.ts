import { said, type Said } from '@shared/i18n/said';
import { effectiveCapacity, nextChange, shareAt } from './evaluator';
import type { AvailabilitySchedule, AvailabilityWindow } from './schedule';

/** What the OS can tell about the computer's use; the Electron shell provides it, headless has none. */
export interface HostConditions {
  /** True on battery, false on mains, null when the OS cannot say. */
  onBattery(): boolean | null;
  /** Seconds since the last keyboard or mouse input, or null when the OS cannot say. */
  idleSeconds(): number | null;
}

export interface AvailabilityConditions {
  /** Offer the node only while the computer runs on mains power. */
  onlyOnMains: boolean;
  /** Offer it only after this many minutes without input; null = no such condition. */
  idleMinutes: number | null;
}

export type AvailabilityReason = 'switched_off' | 'outside_window' | 'on_battery' | 'in_use' | 'owner_use' | null;

export interface PolicyInput {
  switchOn: boolean;
  pausedUntil: number | null;
  schedule: AvailabilitySchedule;
  conditions: AvailabilityConditions;
  host: HostConditions | null;
  /** The owner needs the GPU (or the node waits out the cooldown after): the words for it, else null. */
  owner: { message: Said } | null;
  maxConcurrent: number;
  now: number;
}

export interface PolicyResult {
  /** The share actually offered: the window's share, or 0 when the switch or a condition says no. */
  share: number;
  capacity: number;
  /** Why nothing is offered (the first reason that applies), or null when something is. */
  reason: AvailabilityReason;
  /** The sentence for `reason`, with the time it changes when known. */
  message: Said | null;
  windowShare: number;
  /** The window in force as stored, or null: each screen says it in its own words, its end as the minute after. */
  window: AvailabilityWindow | null;
  /** When the schedule's share next changes (ms), or null. */
  nextChangeAt: number | null;
  onBattery: boolean | null;
  idleSeconds: number | null;
}

/**
 * The level-triggered availability policy: online share = switch ∧ window share ∧ the owner's own use ∧ conditions. It
 * is evaluated from scratch every time (on a slow tick, on every change, on wake), so a missed timer or a sleep never
 * leaves the node in the wrong state. Backend health is applied by the lifecycle (a dead backend is `degraded`).
 */
export function evaluatePolicy(i: PolicyInput, formatTime: (ms: number) => string): PolicyResult {
  const w = shareAt(i.schedule, i.now);
  const next = nextChange(i.schedule, i.now);
  const onBattery = i.host?.onBattery() ?? null;
  const idleSeconds = i.host?.idleSeconds() ?? null;
  const base = {
    windowShare: w.share,
    window: w.window === null ? null : i.schedule.windows[w.window]!,
    nextChangeAt: next,
    onBattery,
    idleSeconds,
  };
  const off = (reason: Exclude<AvailabilityReason, null>, message: Said): PolicyResult => ({
    ...base,
    share: 0,
    capacity: 0,
    reason,
    message,
  });
  if (!i.switchOn) {
    return off(
      'switched_off',
      i.pausedUntil
        ? said('status.reason.pausedUntil', { when: formatTime(i.pausedUntil) })
        : said('status.reason.switchedOff'),
    );
  }
  if (w.share <= 0) {
    return off(
      'outside_window',
      next ? said('status.reason.outsideUntil', { when: formatTime(next) }) : said('status.reason.outside'),
    );
  }
  if (i.owner) return off('owner_use', i.owner.message);
  // Conditions the host cannot check do not block: the UI says they are unavailable instead.
  if (i.conditions.onlyOnMains && onBattery === true) return off('on_battery', said('status.reason.onBattery'));
  if (i.conditions.idleMinutes !== null && idleSeconds !== null && idleSeconds < i.conditions.idleMinutes * 60) {
    return off('in_use', said('status.reason.inUse', { minutes: i.conditions.idleMinutes }));
  }
  return {
    ...base,
    share: w.share,
    capacity: effectiveCapacity(i.maxConcurrent, w.share),
    reason: null,
    message: null,
  };
}
