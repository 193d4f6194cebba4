import { sayNow } from '../i18n/current';
/**
 * Calendar days, for the engine and the page alike: the local day of an instant in a time zone, where that day
 * begins, and a set of weekdays in words. No Node built-in: the page runs it too.
 */

/** ISO weekdays 1 (Monday) … 7 (Sunday) by their short English name: the engine's words and log lines use these. */
export const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

const HOUR_MS = 3600_000;
/** Every zone's offset is a whole number of quarter hours. */
const QUARTER_HOUR_MS = 900_000;
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The local calendar day ("2026-11-21") of an instant in a zone. */
export function localDay(ms: number, timeZone: string): string {
  let f = dayFormatters.get(timeZone);
  if (!f) {
    // en-CA formats dates as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, f);
  }
  return f.format(ms);
}

/** The instant local midnight begins for the day containing `ms` (DST days are 23 or 25 hours long). */
export function startOfLocalDay(ms: number, timeZone: string): number {
  const day = localDay(ms, timeZone);
  // Walk back while still on the same day: in whole hours, then in quarter hours. Local days are contiguous, so the
  // hour steps cannot jump over the day's start.
  let t = Math.floor(ms / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  while (localDay(t - HOUR_MS, timeZone) === day) t -= HOUR_MS;
  while (localDay(t - QUARTER_HOUR_MS, timeZone) === day) t -= QUARTER_HOUR_MS;
  return t;
}

/**
 * ISO weekdays in words, runs of three or more joined with a dash: [1,2,3,4,5] → "Mon–Fri", [1,3,6,7] → "Mon, Wed,
 * Sat, Sun", all seven → "Every day". `name` gives a day's short name (the page passes the person's locale's).
 */
export function describeDays(
  days: readonly number[],
  name: (day: number) => string = (d) => DAY_NAMES[d - 1] ?? String(d),
): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return sayNow()('common.days.every');
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(
      j - i >= 2
        ? `${name(sorted[i]!)}–${name(sorted[j]!)}`
        : sorted
            .slice(i, j + 1)
            .map(name)
            .join(', '),
    );
    i = j + 1;
  }
  return parts.join(', ');
}
