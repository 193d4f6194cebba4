/**
 * Times of day and dates as the person reads them: one module for the status sentence, the tray, the events, the
 * logs and the pages, so a time looks the same wherever it is shown. The person's locale decides the order, the
 * separators and the hour cycle (12-hour "7:42 AM" in the US, 24-hour "07:42" in Germany or Britain), and every
 * formatter here uses the same hour cycle and padding for that locale.
 *
 * `locale` undefined means the runtime's own: the browser's language on the dashboard, the app's locale in the
 * desktop app's main process (passed in by the tray), the environment's in a plain Node process.
 */
import { sayNow } from '../i18n/current';

export interface TimeStyle {
  /** A BCP 47 tag ("de-DE"); undefined = the runtime's default locale. */
  locale?: string | undefined;
  /** An IANA zone; undefined (or one this runtime does not know) = the computer's own. */
  timeZone?: string | undefined;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function make(
  locale: string | undefined,
  options: Intl.DateTimeFormatOptions,
  timeZone: string | undefined,
): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: timeZone || undefined });
  } catch {
    // An unknown zone or a malformed tag: the computer's zone in the runtime's locale still tells the time.
    try {
      return new Intl.DateTimeFormat(locale, options);
    } catch {
      return new Intl.DateTimeFormat(undefined, options);
    }
  }
}

/**
 * The locale's hour cycle decides the padding too, so all times in one locale look alike: a 12-hour clock writes
 * "7:42 AM" (nobody writes "07:42 AM"), a 24-hour one "07:42" (as the locale's own weekday-and-time form does).
 */
function hourOption(locale: string | undefined): Intl.DateTimeFormatOptions['hour'] {
  const cycle = cached('cycle', locale, undefined, { hour: 'numeric' }).resolvedOptions().hourCycle;
  return cycle === 'h11' || cycle === 'h12' ? 'numeric' : '2-digit';
}

function cached(
  kind: string,
  locale: string | undefined,
  timeZone: string | undefined,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${kind}|${locale ?? ''}|${timeZone ?? ''}`;
  let format = formats.get(key);
  if (!format) {
    format = make(locale, options, timeZone);
    if (formats.size > 64) formats.clear();
    formats.set(key, format);
  }
  return format;
}

type Shape = 'clock' | 'clockSeconds' | 'dayClock' | 'dateClock' | 'dateClockSeconds' | 'fullDateClock';

function shaped(shape: Shape, style: TimeStyle): Intl.DateTimeFormat {
  const { locale, timeZone } = style;
  const hour = hourOption(locale);
  const time: Intl.DateTimeFormatOptions = { hour, minute: '2-digit' };
  const options: Record<Shape, Intl.DateTimeFormatOptions> = {
    clock: time,
    clockSeconds: { ...time, second: '2-digit' },
    dayClock: { weekday: 'short', ...time },
    dateClock: { weekday: 'short', day: 'numeric', month: 'short', ...time },
    dateClockSeconds: { weekday: 'short', day: 'numeric', month: 'short', ...time, second: '2-digit' },
    fullDateClock: { year: 'numeric', month: 'short', day: 'numeric', ...time, second: '2-digit' },
  };
  return cached(shape, locale, timeZone, options[shape]);
}

const toMs = (at: number | string | Date): number =>
  typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();

/** A time of day: "14:05" or "2:05 PM"; with seconds for a log line. */
export function formatClock(at: number | string | Date, style: TimeStyle & { seconds?: boolean } = {}): string {
  return shaped(style.seconds ? 'clockSeconds' : 'clock', style).format(toMs(at));
}

/** A time in the coming week: "Mon 14:05" or "Mon 2:05 PM". */
export function formatDayClock(at: number | string | Date, style: TimeStyle = {}): string {
  return shaped('dayClock', style).format(toMs(at));
}

/** A time with its date: "Mon 12 May, 14:05" or "Mon, May 12, 2:05 PM"; with seconds for a row of a list. */
export function formatDateClock(at: number | string | Date, style: TimeStyle & { seconds?: boolean } = {}): string {
  return shaped(style.seconds ? 'dateClockSeconds' : 'dateClock', style).format(toMs(at));
}

/** A complete timestamp for a log line or a tooltip: "23 Nov 2026, 07:42:31" or "Nov 23, 2026, 7:42:31 AM". */
export function formatFullDateTime(at: number | string | Date, style: TimeStyle = {}): string {
  return shaped('fullDateClock', style).format(toMs(at));
}

/** An hour mark on a timeline: "07" on a 24-hour clock, "7 AM" on a 12-hour one. */
export function formatHourMark(at: number, style: TimeStyle = {}): string {
  const hour = hourOption(style.locale);
  const f = cached('hour', style.locale, style.timeZone, { hour });
  if (hour === 'numeric') return f.format(at);
  return f.formatToParts(at).find((p) => p.type === 'hour')?.value ?? f.format(at);
}

/** The calendar day of an instant on the zone's wall clock, as a day number (days since 1970-01-01). */
function dayNumber(ms: number, timeZone: string | undefined): number {
  const parts = cached('ymd', 'en-US', timeZone, { year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(
    ms,
  );
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  return Math.round(Date.UTC(get('year'), get('month') - 1, get('day')) / 86_400_000);
}

/** How many calendar days after `now`'s day the instant falls on the zone's wall clock: 0 today, 1 tomorrow. */
export function daysAhead(at: number, now: number, timeZone?: string): number {
  return dayNumber(at, timeZone) - dayNumber(now, timeZone);
}

/**
 * When something ends or starts, short, on `timeZone`'s wall clock: "18:00" later today, "08:00 tomorrow", "Wed
 * 08:00" within the coming days, "Mon 19 May, 08:00" beyond; null for an unreadable time.
 */
export function formatUntil(iso: string | number, now: number, timeZone?: string, locale?: string): string | null {
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const style = { timeZone, locale };
  const days = daysAhead(ms, now, timeZone);
  if (days === 0) return formatClock(ms, style);
  if (days === 1) return sayNow()('common.time.tomorrow', { time: formatClock(ms, style) });
  if (days > 1 && ms - now < 6 * 24 * 3_600_000) return formatDayClock(ms, style);
  return formatDateClock(ms, style);
}

/** A wait in words, in this process's language: "in 40 s", "in 3 min", "now" (for a time already past). */
export function formatIn(ms: number): string {
  const t = sayNow();
  if (!Number.isFinite(ms) || ms < 1_000) return t('common.in.now');
  const s = Math.ceil(ms / 1_000);
  if (s < 90) return t('common.in.seconds', { n: s });
  const min = Math.round(s / 60);
  if (min < 90) return t('common.in.minutes', { n: min });
  return t('common.in.hours', { n: Math.round(min / 60) });
}

/** The zone the viewer reads times in: this runtime's own (the browser's on the page, the computer's in the tray). */
export function viewerZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The zone's canonical name ("Etc/UTC" and "UTC" are one zone), or null for a zone this runtime does not know. */
function canonicalZone(timeZone: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/**
 * When something of a place ends or starts (a machine's pause end, its window end), on that place's wall clock, with
 * the zone's name after it when the viewer reads another zone: "18:00 (Europe/Berlin)". The same hour unlabelled in
 * two zones would read as now when it is an hour away. A zone this runtime does not know falls back to the viewer's
 * clock, so it gets no label.
 */
export function formatUntilThere(
  iso: string | number,
  now: number,
  timeZone: string | undefined,
  locale?: string,
  viewer: string = viewerZone(),
): string | null {
  const at = formatUntil(iso, now, timeZone, locale);
  if (at === null || !timeZone) return at;
  const there = canonicalZone(timeZone);
  return there !== null && there !== canonicalZone(viewer)
    ? sayNow()('common.time.inZone', { time: at, zone: timeZone })
    : at;
}
