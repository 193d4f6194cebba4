/**
 * Instants on the schedule's wall clock, short, the way a person says them: "18:00" later today, "Mon 08:00"
 * within the coming days, "Mon 12 May 08:00" beyond. Shared by the tray, the status sentence and the pages so
 * "Paused until …" reads the same everywhere.
 */

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** A cached formatter for `timeZone`'s wall clock; the computer's own when the zone is unknown to this runtime. */
function clockFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let format = clockFormats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = {
      weekday: 'short',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    };
    try {
      format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: timeZone || undefined });
    } catch {
      format = new Intl.DateTimeFormat('en-GB', options);
    }
    if (clockFormats.size > 16) clockFormats.clear();
    clockFormats.set(key, format);
  }
  return format;
}

/** An instant on `timeZone`'s wall clock. */
function wallClock(ms: number, timeZone: string | undefined): { date: string; weekday: string; dayMonth: string; hm: string } {
  const p = clockFormat(timeZone).formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes) => p.find((x) => x.type === type)?.value ?? '';
  return {
    date: `${get('year')} ${get('month')} ${get('day')}`,
    weekday: get('weekday'),
    dayMonth: `${get('day')} ${get('month')}`,
    hm: `${get('hour')}:${get('minute')}`,
  };
}

/** When something ends, short, on `timeZone`'s wall clock; null for an unreadable time. */
export function formatUntil(iso: string, now: number, timeZone?: string): string | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const at = wallClock(ms, timeZone);
  if (at.date === wallClock(now, timeZone).date) return at.hm;
  if (ms - now < 6 * 24 * 3_600_000) return `${at.weekday} ${at.hm}`;
  return `${at.weekday} ${at.dayMonth} ${at.hm}`;
}

/** A wait in words: "in 40 s", "in 3 min", "now" (for a time already past). */
export function formatIn(ms: number): string {
  if (!Number.isFinite(ms) || ms < 1_000) return 'now';
  const s = Math.ceil(ms / 1_000);
  if (s < 90) return `in ${s} s`;
  const min = Math.round(s / 60);
  if (min < 90) return `in ${min} min`;
  const h = Math.round(min / 60);
  return `in ${h} h`;
}
