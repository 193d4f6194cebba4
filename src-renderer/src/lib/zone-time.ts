/** Clock times in the schedule's time zone (which need not be this browser's). No React. */
import { formatClock, formatDayClock } from '@shared/text/wall-clock';
import type { Weekday } from './schedule-grid';
import { personLocale } from '../locale';

const WEEKDAY_NUMBERS: Record<string, Weekday> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = cache.get(key);
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

/** True when this browser knows the zone (an unknown one would throw in every formatter). */
export function isKnownZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** A zone this browser can format in: the one asked for, or UTC when it does not know it. */
const usable = (timeZone: string) => (isKnownZone(timeZone) ? timeZone : 'UTC');

export interface WallClock {
  weekday: Weekday;
  hour: number;
  minute: number;
}

/** The wall clock in `timeZone` at an instant, the way the engine's evaluator reads it. */
export function wallClock(at: number, timeZone: string): WallClock {
  const tz = usable(timeZone);
  const f = formatter(
    `wall|${tz}`,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
  );
  let weekday: Weekday = 1;
  let hour = 0;
  let minute = 0;
  for (const p of f.formatToParts(at)) {
    if (p.type === 'weekday') weekday = WEEKDAY_NUMBERS[p.value] ?? 1;
    else if (p.type === 'hour') hour = Number(p.value) % 24;
    else if (p.type === 'minute') minute = Number(p.value);
  }
  return { weekday, hour, minute };
}

/** "14:05" (or "2:05 PM") in the zone, in the person's locale. */
export function timeInZone(at: number | string, timeZone: string, locale: string | undefined = personLocale()): string {
  return formatClock(at, { timeZone: usable(timeZone), locale });
}

/** "Sat 14:05" (or "Sat 2:05 PM") in the zone, in the person's locale. */
export function dayTimeInZone(
  at: number | string,
  timeZone: string,
  locale: string | undefined = personLocale(),
): string {
  return formatDayClock(at, { timeZone: usable(timeZone), locale });
}

/** A short weekday name in the zone, in the person's locale ("Sat", "Sa."). */
export function weekdayInZone(at: number, timeZone: string): string {
  const tz = usable(timeZone);
  const locale = personLocale();
  const f = formatter(
    `weekday|${tz}|${locale ?? ''}`,
    () => new Intl.DateTimeFormat(locale, { timeZone: tz, weekday: 'short' }),
  );
  return f.format(new Date(at));
}

/** This browser's own zone, e.g. "Europe/Berlin". */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

let zoneList: string[] | null = null;

/** Every zone this browser knows, sorted, with UTC and any zone in `extra` (e.g. the stored one) included. */
export function timeZoneOptions(extra: readonly string[]): string[] {
  if (!zoneList) {
    try {
      zoneList = Intl.supportedValuesOf('timeZone');
    } catch {
      zoneList = [];
    }
  }
  return [...new Set([...zoneList, 'UTC', ...extra])].sort((a, b) => a.localeCompare(b));
}

/**
 * The zone's offset from UTC at an instant, as people write it: "UTC+01:00", "UTC−05:00", "UTC".
 */
export function offsetLabel(at: number, timeZone: string): string {
  const tz = usable(timeZone);
  const f = formatter(
    `offset|${tz}`,
    () => new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' }),
  );
  const name = f.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const m = /^GMT([+-−])(\d{2}):?(\d{2})?$/.exec(name);
  if (!m) return 'UTC';
  return `UTC${m[1] === '+' ? '+' : '−'}${m[2]}:${m[3] ?? '00'}`;
}

/**
 * The whole hours of the zone's clock between two instants (exclusive of `from`), as instants, for the ticks of
 * a timeline. Zones a half or quarter hour off UTC get their ticks at their own full hours.
 */
export function hourTicks(from: number, to: number, timeZone: string): { at: number; hour: number }[] {
  const start = Math.floor(from / 60_000) * 60_000;
  const { minute } = wallClock(start, timeZone);
  const ticks: { at: number; hour: number }[] = [];
  for (let t = start + (60 - minute) * 60_000; t < to; t += 3_600_000) {
    if (t <= from) continue;
    ticks.push({ at: t, hour: wallClock(t, timeZone).hour });
  }
  return ticks;
}
