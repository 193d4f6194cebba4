import { MINUTES_PER_DAY, toMinutes, type AvailabilitySchedule, type Weekday } from './schedule';

export interface WallClock {
  weekday: Weekday;
  /** Minutes since local midnight. */
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, Weekday> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/**
 * The wall clock in `timeZone` at an instant. Windows are wall-clock times, so DST needs nothing special: in the
 * skipped spring hour no instant shows 02:xx, and in the repeated autumn hour both passes show it.
 */
export function wallClock(at: number, timeZone: string): WallClock {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  let weekday: Weekday = 1;
  let hour = 0;
  let minute = 0;
  for (const p of f.formatToParts(at)) {
    if (p.type === 'weekday') weekday = WEEKDAYS[p.value] ?? 1;
    else if (p.type === 'hour') hour = Number(p.value) % 24;
    else if (p.type === 'minute') minute = Number(p.value);
  }
  return { weekday, minute: hour * 60 + minute };
}

export interface ShareAt {
  share: number;
  /** Index of the window that matched, or null (no windows, or outside all of them). */
  window: number | null;
}

/** The reference evaluator's rules: inclusive ends, overnight wrap, first match wins, no windows = 1.0. */
export function shareAt(schedule: AvailabilitySchedule, at: number): ShareAt {
  if (schedule.windows.length === 0) return { share: 1, window: null };
  const { weekday, minute } = wallClock(at, schedule.timeZone);
  const yesterday = (weekday === 1 ? 7 : weekday - 1) as Weekday;
  for (let i = 0; i < schedule.windows.length; i++) {
    const w = schedule.windows[i]!;
    const s = toMinutes(w.start);
    const e = toMinutes(w.end);
    const hit =
      s <= e
        ? w.days.includes(weekday) && minute >= s && minute <= e
        : (w.days.includes(weekday) && minute >= s) || (w.days.includes(yesterday) && minute <= e);
    if (hit) return { share: w.share, window: i };
  }
  return { share: schedule.outsideShare, window: null };
}

/** As the reference evaluator: base 0 → 0; share ≤ 0 → 0; else max(1, floor(base × share)). */
export function effectiveCapacity(base: number, share: number): number {
  if (base <= 0 || share <= 0) return 0;
  // 1e-9 absorbs binary fractions (10 × 0.3 = 2.9999…) that would otherwise floor one slot short.
  return Math.max(1, Math.floor(base * share + 1e-9));
}

export interface TimelineSegment {
  from: number;
  to: number;
  share: number;
  window: number | null;
}

const MINUTE = 60_000;

/**
 * The schedule's shares from `from` for `hours`, as segments where the share is constant. Walks real minutes, so
 * DST days come out as long or short as they really are.
 */
export function timeline(schedule: AvailabilitySchedule, from: number, hours: number): TimelineSegment[] {
  const start = Math.floor(from / MINUTE) * MINUTE;
  const end = start + hours * 60 * MINUTE;
  const out: TimelineSegment[] = [];
  for (let t = start; t < end; t += MINUTE) {
    const s = shareAt(schedule, t);
    const last = out[out.length - 1];
    if (last && last.share === s.share && last.window === s.window) last.to = t + MINUTE;
    else out.push({ from: t === start ? from : t, to: t + MINUTE, share: s.share, window: s.window });
  }
  return out;
}

const HORIZON_MS = 8 * MINUTES_PER_DAY * MINUTE;
// Walking minutes costs ~50 ms for a week; the answer stays right until the change it names, so it is kept per
// schedule object (a saved schedule is a new object) and reused by every evaluation before then.
const nextChangeCache = new WeakMap<AvailabilitySchedule, { from: number; at: number | null }>();

/** When the share next differs from the share at `from` (within 8 days), or null if it never does. */
export function nextChange(schedule: AvailabilitySchedule, from: number): number | null {
  if (schedule.windows.length === 0) return null;
  const cached = nextChangeCache.get(schedule);
  if (
    cached &&
    from >= cached.from &&
    (cached.at === null ? from < cached.from + MINUTES_PER_DAY * MINUTE : from < cached.at)
  ) {
    return cached.at;
  }
  const now = shareAt(schedule, from);
  const start = Math.floor(from / MINUTE) * MINUTE + MINUTE;
  let at: number | null = null;
  for (let t = start; t < start + HORIZON_MS; t += MINUTE) {
    const s = shareAt(schedule, t);
    if (s.share !== now.share || s.window !== now.window) {
      at = t;
      break;
    }
  }
  nextChangeCache.set(schedule, { from, at });
  return at;
}
