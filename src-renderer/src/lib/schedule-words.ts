/**
 * The schedule in words, in the person's locale: days, a window's times with their exclusive end, an hour cell's
 * label, and the engine's own names of windows. No React.
 */
import { describeDays as describeWeekdays } from '@shared/calendar/days';
import type { AvailabilityWindow } from '@shared/contract';
import { sayNow } from '@shared/i18n/current';
import { formatWallTime } from '../locale';
import {
  MINUTES_PER_DAY,
  dayLong,
  dayShort,
  formatMinutes,
  formatShare,
  nextDay,
  toMinutes,
  two,
  type CellView,
} from './schedule-grid';

/** [1,2,3,4,5] → "Mon–Fri", [1,3,6,7] → "Mon, Wed, Sat, Sun", in the person's locale (see @shared/calendar/days). */
export function describeDays(days: readonly number[]): string {
  // The shared words say all seven days in English; the page says them in its language.
  if (new Set(days).size === 7) return sayNow()('availability.grid.everyDay');
  return describeWeekdays(days, dayShort);
}

/**
 * When a window ends, as a person reads an end: the minute after its last one (a window stored to 17:59 ends at
 * 18:00), and "midnight" for the end of the day, never "11:59 PM".
 */
function endWords(end: string): string {
  const after = toMinutes(end) + 1;
  return after === MINUTES_PER_DAY ? sayNow()('availability.grid.midnight') : formatWallTime(formatMinutes(after));
}

/** "08:00–18:00" (or "8:00 AM–6:00 PM") with "(into the next day)" when it runs into the next day; ends exclusive. */
export function describeTimes(w: Pick<AvailabilityWindow, 'start' | 'end'>): string {
  const overnight = toMinutes(w.start) > toMinutes(w.end);
  const times = `${formatWallTime(w.start)}–${endWords(w.end)}`;
  return overnight ? sayNow()('availability.grid.overnight', { times }) : times;
}

/**
 * A window's days and times as the window list shows them: "Mon–Fri" and "8:00 AM–6:00 PM"; a window of one day that
 * runs past midnight names the day it ends on instead ("Sun" and "10:00 PM–Mon 2:00 AM").
 */
export function windowWords(w: Pick<AvailabilityWindow, 'days' | 'start' | 'end'>): { days: string; times: string } {
  const day = w.days.length === 1 ? w.days[0]! : null;
  if (day !== null && toMinutes(w.start) > toMinutes(w.end))
    return { days: dayShort(day), times: `${formatWallTime(w.start)}–${dayShort(nextDay(day))} ${endWords(w.end)}` };
  return { days: describeDays(w.days), times: describeTimes(w) };
}

/**
 * A window in one line, as every page names one ("Mon–Fri 8:00 AM–6:00 PM", "Sun 10:00 PM–midnight"): the words of the
 * window list, so no page says a stored, inclusive end ("11:59 PM").
 */
export function windowLine(w: Pick<AvailabilityWindow, 'days' | 'start' | 'end'>): string {
  const { days, times } = windowWords(w);
  return `${days} ${times}`;
}

/** A stretch of one hour's minutes as the locale writes times; a single minute as one time, never "09:15–09:15". */
function minutesOfHour(hour: number, from: number, to: number): string {
  const a = formatWallTime(`${two(hour)}:${two(from)}`);
  return from === to ? a : `${a}–${formatWallTime(`${two(hour)}:${two(to)}`)}`;
}

/** The label of an hour cell for screen readers and tooltips: "Monday 09:00–09:59: 50 %". */
export function cellLabel(day: number, hour: number, view: CellView): string {
  const t = sayNow();
  const when = `${dayLong(day)} ${minutesOfHour(hour, 0, 59)}`;
  if (view.share === null) return t('availability.grid.cellOutside', { when });
  const words = (s: number) => (s === 0 ? t('availability.grid.closedWindow') : formatShare(s));
  if (!view.partial) return t('availability.grid.cell', { when, share: words(view.share) });
  const parts = view.parts.map((p) => `${minutesOfHour(hour, p.from, p.to - 1)} ${words(p.share)}`);
  return t('availability.grid.cellPartly', { when, parts: parts.join(', ') });
}

const ENGINE_DAYS: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/**
 * A window as the engine names it inside its refusals ("Mon–Fri 09:00–17:00", "Every day 22:00–06:00") with
 * the weekdays and times in the person's locale. The engine writes them one fixed way, whatever the person reads.
 */
export function localScheduleWords(text: string): string {
  return text
    .replace(/\bEvery day\b/g, () => sayNow()('availability.grid.everyDay'))
    .replace(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b/g, (d) => dayShort(ENGINE_DAYS[d]!))
    .replace(/(?<![\d:])([01]\d|2[0-3]):([0-5]\d)(?![\d:])/g, (t) => formatWallTime(t));
}
