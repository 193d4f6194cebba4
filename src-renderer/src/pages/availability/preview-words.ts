/** The availability preview's times in words. No React. */
import { daysAhead, formatClock, formatUntil } from '@shared/text/wall-clock';
import { personLocale } from '../../locale';
import { dayTimeInZone, timeInZone } from '../../lib/zone-time';
import { sayNow } from '@shared/i18n/current';

export interface Span {
  from: string;
  to: string;
}

/**
 * The "from – to" words of each stretch of the next 24 hours, on the schedule's clock: the first starts "Now"; a
 * time on another day than the one before it says which ("07:43 tomorrow"), so "Now – 07:43" is never read as this
 * morning; times after it on the same day need no repeat.
 */
export function spanWords(
  spans: readonly Span[],
  now: number,
  timeZone: string,
  locale: string | undefined = personLocale(),
): { from: string; to: string }[] {
  const style = { timeZone, locale };
  const t = sayNow();
  const when = (ms: number) => formatUntil(ms, now, timeZone, locale) ?? formatClock(ms, style);
  return spans.map((s, i) => {
    const a = Date.parse(s.from);
    const b = Date.parse(s.to);
    const prev = i === 0 ? null : Date.parse(spans[i - 1]!.from);
    const from =
      i === 0
        ? t('availability.preview.now')
        : prev !== null && daysAhead(a, prev, timeZone) !== 0
          ? when(a)
          : formatClock(a, style);
    const to = daysAhead(b, i === 0 ? now : a, timeZone) !== 0 ? when(b) : formatClock(b, style);
    return { from, to };
  });
}

/**
 * When a stretch of the bar runs, for its tooltip: "Wed 19:52–21:00". A stretch shorter than a minute (the last
 * seconds before a change), or one whose ends read the same, is one time, "Wed 19:52", never "Wed 19:52–19:52".
 */
export function stretchWhen(from: number, to: number, timeZone: string): string {
  const start = dayTimeInZone(from, timeZone);
  const end = timeInZone(to, timeZone);
  return to - from < 60_000 || end === timeInZone(from, timeZone) ? start : `${start}–${end}`;
}
