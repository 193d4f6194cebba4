/**
 * The weekly availability schedule (the reference node's daily windows, extended with days of the week and a time
 * zone): windows of wall-clock time in an IANA zone, each offering a share of `maxConcurrent`. Ends are inclusive at
 * minute resolution, like the reference evaluator, so `08:00–12:00` includes 12:00 and two windows that share a
 * minute overlap.
 */

import { DAY_NAMES, describeDays } from '@shared/calendar/days';
import type { AvailabilitySchedule, AvailabilityWindow } from '@shared/contract';
import { said, type Said } from '@shared/i18n/said';
import { english } from '@shared/i18n/say';

export type { AvailabilitySchedule, AvailabilityWindow };

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const MINUTES_PER_DAY = 1440;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function toMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

export function formatMinutes(m: number): string {
  const mm = ((m % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return `${String(Math.floor(mm / 60)).padStart(2, '0')}:${String(mm % 60).padStart(2, '0')}`;
}

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function isValidTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Minute-of-week ranges (inclusive) a window covers; an overnight window spills into the next day. */
function weekRanges(w: AvailabilityWindow): [number, number][] {
  const s = toMinutes(w.start);
  const e = toMinutes(w.end);
  const out: [number, number][] = [];
  for (const d of w.days) {
    const base = (d - 1) * MINUTES_PER_DAY;
    if (s <= e) out.push([base + s, base + e]);
    else {
      out.push([base + s, base + MINUTES_PER_DAY - 1]);
      const next = (base + MINUTES_PER_DAY) % MINUTES_PER_WEEK;
      out.push([next, next + e]);
    }
  }
  return out;
}

/**
 * A window as it was sent, its end inclusive: "Mon–Fri 09:00–16:59", "Every day 22:00–06:00". Only a refusal says it
 * so, since it quotes what was sent; every screen that shows a window gets the window itself and says its end as the
 * minute after (the page's `windowWords`).
 */
export function describeWindow(w: AvailabilityWindow): string {
  return `${describeDays(w.days)} ${w.start}–${w.end}`;
}

function describeMinuteOfWeek(m: number): string {
  return `${DAY_NAMES[Math.floor(m / MINUTES_PER_DAY)]} ${formatMinutes(m % MINUTES_PER_DAY)}`;
}

export interface ScheduleProblem {
  path: string;
  /** The problem in English (logs, the CLI). */
  message: string;
  /** The same as a sentence, for a page in its person's language (the windows are in the engine's words). */
  said: Said;
}

const problemAt = (path: string, words: Said): ScheduleProblem => ({ path, message: english.said(words), said: words });

/**
 * Everything wrong with a schedule, in words a person can act on; empty when it is fine. Shape checks (types,
 * ranges) belong to the contract's schema; this adds what a schema cannot say: overlaps, empty windows.
 */
export function scheduleProblems(s: AvailabilitySchedule): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  if (!isValidTimeZone(s.timeZone))
    problems.push(problemAt('timeZone', said('refusal.schedule.unknownZone', { zone: s.timeZone })));
  s.windows.forEach((w, i) => {
    if (!HHMM.test(w.start) || !HHMM.test(w.end))
      problems.push(problemAt(`windows.${i}`, said('refusal.schedule.timeFormat')));
    else if (w.start === w.end)
      problems.push(problemAt(`windows.${i}`, said('refusal.schedule.sameMinute', { window: describeWindow(w) })));
    if (new Set(w.days).size !== w.days.length)
      problems.push(problemAt(`windows.${i}.days`, said('refusal.schedule.dayTwice')));
  });
  if (problems.length) return problems;
  const ranges = s.windows.map(weekRanges);
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      const hit = firstOverlap(ranges[i]!, ranges[j]!);
      if (hit !== null) {
        const words = said('refusal.schedule.overlap', {
          first: describeWindow(s.windows[i]!),
          second: describeWindow(s.windows[j]!),
          at: describeMinuteOfWeek(hit),
          end: formatMinutes(hit - 1),
        });
        problems.push(problemAt(`windows.${j}`, words));
      }
    }
  }
  return problems;
}

function firstOverlap(a: [number, number][], b: [number, number][]): number | null {
  let first: number | null = null;
  for (const [a0, a1] of a) {
    for (const [b0, b1] of b) {
      const lo = Math.max(a0, b0);
      if (lo <= Math.min(a1, b1) && (first === null || lo < first)) first = lo;
    }
  }
  return first;
}
