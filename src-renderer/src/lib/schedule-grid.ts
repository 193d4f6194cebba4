/**
 * The week × hour grid's pure parts: windows to minutes and back, what one hour cell shows, and shares in
 * words. No React.
 *
 * How windows and the grid meet. The engine stores windows at minute precision with inclusive ends; the grid
 * paints whole hours. The editor keeps a minute-exact map of the week, so nothing is ever rounded:
 *  - a cell a window covers only partly is drawn partly filled, at the minutes it covers (08:30–12:15 fills
 *    the second half of 08 and the first quarter of 12);
 *  - painting a cell sets that whole hour (`HH:00`–`HH:59`); the other minutes of that day keep their exact
 *    times;
 *  - windows the painted hours neither cover nor touch with the same share are kept exactly as they were (same
 * days, times, share, order). A window the paint covers or joins (one day of it, when it has several days) is rebuilt
 *    from its minutes together with the painted hours: runs of equal share on one day become one window, a
 *    run up to midnight and the next day's run from midnight with the same share become one overnight window
 *    (Sunday's joins Monday's) when together they are shorter than a day, and runs with the same times and
 *    share on several days become one window listing those days.
 *  - one stray minute left of a window (erasing 08:00–08:59 of `08:00–09:00`) cannot be stored (start and end
 *    would be the same minute) and is dropped.
 */
import type { AvailabilitySchedule, AvailabilityWindow } from '@shared/contract';
import { formatPercent, weekdayName } from '../locale';
import { sayNow } from '@shared/i18n/current';
import type { MessageId } from '@shared/i18n/catalogue';

export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];
export const HOURS: readonly number[] = Array.from({ length: 24 }, (_, h) => h);

export const MINUTES_PER_DAY = 1440;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** Day 1 (Monday) to 7 by its short and long name, in the person's locale ("Mon", "Mo."). */
export const dayShort = (d: number): string => weekdayName(d, 'short');
export const dayLong = (d: number): string => weekdayName(d, 'long');

export function toMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

export function formatMinutes(m: number): string {
  const mm = ((m % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return `${String(Math.floor(mm / 60)).padStart(2, '0')}:${String(mm % 60).padStart(2, '0')}`;
}

export const two = (n: number): string => String(n).padStart(2, '0');

// ---------------------------------------------------------------------------------------------------
// Shares
// ---------------------------------------------------------------------------------------------------

/** 0.5 → "50%" or "50 %", as the person's locale writes a percentage. */
export function formatShare(share: number): string {
  return formatPercent(share);
}

/** The brush of the paint picker: a share to paint, or erase (not in any window). */
export type Brush = number | 'erase';

/** The brushes, each with the catalogue's words for what it paints (its tooltip). */
export const BRUSHES: readonly { value: Brush; hint: MessageId }[] = [
  { value: 1, hint: 'availability.brush.all' },
  { value: 0.75, hint: 'availability.brush.threeQuarters' },
  { value: 0.5, hint: 'availability.brush.half' },
  { value: 0.25, hint: 'availability.brush.quarter' },
  { value: 0, hint: 'availability.brush.closedHint' },
  { value: 'erase', hint: 'availability.brush.eraseHint' },
];

/** A brush's name: its share as a percentage, "Closed" or "Erase". */
export function brushLabel(b: Brush): string {
  const t = sayNow();
  return b === 'erase' ? t('availability.brush.erase') : b === 0 ? t('availability.brush.closed') : formatShare(b);
}

export const brushKey = (b: Brush): string => (b === 'erase' ? 'erase' : String(b));

/** The attribute value cells carry for their share: "1", "0.5", … or "none" outside every window. */
export const shareAttr = (share: number | null): string => (share === null ? 'none' : String(share));

/**
 * The fill colour of a share: the accent mixed into the surface, stronger for a larger share, so the colour
 * reads the same in both themes. A closed (0 %) window is hatched instead (see the CSS), never just faint.
 */
export function shareColor(share: number): string {
  const strength = Math.round(22 + 78 * Math.min(1, Math.max(0, share)));
  return `color-mix(in srgb, var(--accent) ${strength}%, var(--surface))`;
}

/** What the capacity of a share is, the engine's rule: base 0 → 0, share 0 → 0, else max(1, ⌊base × share⌋). */
export function capacityOf(base: number, share: number): number {
  if (base <= 0 || share <= 0) return 0;
  return Math.max(1, Math.floor(base * share + 1e-9));
}

// ---------------------------------------------------------------------------------------------------
// Windows ↔ minutes of the week
// ---------------------------------------------------------------------------------------------------

/** Who covers one minute of the week: the window (by index) and the day of that window's instance. */
interface Cover {
  share: number;
  window: number;
  day: Weekday;
}

export const nextDay = (d: number): Weekday => ((d % 7) + 1) as Weekday;

/** Minute-of-week ranges (inclusive) of one window's instance on `day`; overnight spills into the next day. */
function instanceRanges(w: AvailabilityWindow, day: number): [number, number][] {
  const s = toMinutes(w.start);
  const e = toMinutes(w.end);
  const base = (day - 1) * MINUTES_PER_DAY;
  if (s <= e) return [[base + s, base + e]];
  const next = (nextDay(day) - 1) * MINUTES_PER_DAY;
  return [
    [base + s, base + MINUTES_PER_DAY - 1],
    [next, next + e],
  ];
}

/** Every minute of the week and the window that covers it, first match first, like the engine's evaluator. */
function coverage(windows: readonly AvailabilityWindow[]): (Cover | null)[] {
  const out: (Cover | null)[] = new Array<Cover | null>(MINUTES_PER_WEEK).fill(null);
  windows.forEach((w, i) => {
    for (const day of w.days) {
      for (const [a, b] of instanceRanges(w, day)) {
        for (let m = a; m <= b; m++) out[m] ??= { share: w.share, window: i, day: day as Weekday };
      }
    }
  });
  return out;
}

/** The share in force at each minute of the week, or null outside every window. */
export function weekShares(windows: readonly AvailabilityWindow[]): (number | null)[] {
  return coverage(windows).map((c) => (c ? c.share : null));
}

/** One coloured stretch inside an hour cell, in minutes from the top of the hour (`to` exclusive). */
export interface CellPart {
  from: number;
  to: number;
  share: number;
}

export interface CellView {
  /** The share of the whole hour, the largest part's share when only partly covered, or null when empty. */
  share: number | null;
  /** True when windows cover only some minutes of the hour, or the hour holds several shares. */
  partial: boolean;
  parts: CellPart[];
}

export function cellView(shares: readonly (number | null)[], day: number, hour: number): CellView {
  const base = (day - 1) * MINUTES_PER_DAY + hour * 60;
  const parts: CellPart[] = [];
  for (let i = 0; i < 60; i++) {
    const s = shares[base + i] ?? null;
    if (s === null) continue;
    const last = parts[parts.length - 1];
    if (last && last.to === i && last.share === s) last.to = i + 1;
    else parts.push({ from: i, to: i + 1, share: s });
  }
  if (parts.length === 0) return { share: null, partial: false, parts };
  const full = parts.length === 1 && parts[0]!.from === 0 && parts[0]!.to === 60;
  const largest = parts.reduce((a, b) => (b.to - b.from > a.to - a.from ? b : a));
  return { share: largest.share, partial: !full, parts };
}

export interface Cell {
  day: Weekday;
  hour: number;
}

/** The cells of the rectangle between two corners (any order), day by day. */
export function cellsBetween(a: Cell, b: Cell): Cell[] {
  const cells: Cell[] = [];
  for (let d = Math.min(a.day, b.day); d <= Math.max(a.day, b.day); d++) {
    for (let h = Math.min(a.hour, b.hour); h <= Math.max(a.hour, b.hour); h++)
      cells.push({ day: d as Weekday, hour: h });
  }
  return cells;
}

interface Run {
  day: Weekday;
  start: number;
  end: number;
  share: number;
}

/** Runs of equal share per day (split at midnight), without the single minutes that cannot be stored. */
function runsOf(shares: readonly (number | null)[]): Run[] {
  const runs: Run[] = [];
  for (const day of WEEKDAYS) {
    const base = (day - 1) * MINUTES_PER_DAY;
    let open: Run | null = null;
    for (let m = 0; m <= MINUTES_PER_DAY; m++) {
      const s = m < MINUTES_PER_DAY ? (shares[base + m] ?? null) : null;
      if (open && s === open.share) {
        open.end = m;
        continue;
      }
      if (open && open.end > open.start) runs.push(open);
      open = s === null ? null : { day, start: m, end: m, share: s };
    }
  }
  return runs;
}

/**
 * A run up to midnight and the next day's run from midnight with the same share are one overnight window (start after
 * end), as painted: the person painted one stretch, not two. Only when the two together are shorter than a day, the
 * longest a window can be; Sunday's run joins Monday's, as the week wraps.
 */
function joinedAtMidnight(runs: readonly Run[]): Run[] {
  const joins = new Map<Run, Run>();
  const taken = new Set<Run>();
  for (const r of runs) {
    if (r.end !== MINUTES_PER_DAY - 1) continue;
    const next = runs.find(
      (n) => n.day === nextDay(r.day) && n.start === 0 && n.share === r.share && n.end < r.start && !taken.has(n),
    );
    if (next) {
      joins.set(r, next);
      taken.add(next);
    }
  }
  return runs.filter((r) => !taken.has(r)).map((r) => (joins.has(r) ? { ...r, end: joins.get(r)!.end } : r));
}

/** Runs with the same times and share on several days become one window listing those days. */
function windowsFromRuns(runs: readonly Run[]): AvailabilityWindow[] {
  const byShape = new Map<string, AvailabilityWindow>();
  for (const r of runs) {
    const key = `${r.start}-${r.end}-${r.share}`;
    const found = byShape.get(key);
    if (found) found.days.push(r.day);
    else byShape.set(key, { days: [r.day], start: formatMinutes(r.start), end: formatMinutes(r.end), share: r.share });
  }
  return [...byShape.values()].sort((a, b) => a.days[0]! - b.days[0]! || toMinutes(a.start) - toMinutes(b.start));
}

/** Whole hours painted on a grid with nothing else: merged per day and across days. */
export function windowsFromMinutes(shares: readonly (number | null)[]): AvailabilityWindow[] {
  return windowsFromRuns(joinedAtMidnight(runsOf(shares)));
}

/**
 * Paints `cells` with `brush` (a share, or erase). A window instance (one day of a window) that the painted
 * hours cover, or touch with the same share (so a painted hour next to a window joins it), is rebuilt from its
 * minutes; every other window is kept exactly as it was (see the top of this file).
 */
export function paintCells(
  windows: readonly AvailabilityWindow[],
  cells: readonly Cell[],
  brush: Brush,
): AvailabilityWindow[] {
  if (cells.length === 0) return [...windows];
  const painted = new Array<boolean>(MINUTES_PER_WEEK).fill(false);
  for (const { day, hour } of cells) {
    const base = (day - 1) * MINUTES_PER_DAY + hour * 60;
    for (let i = 0; i < 60; i++) painted[base + i] = true;
  }
  const at = (m: number) => painted[(m + MINUTES_PER_WEEK) % MINUTES_PER_WEEK]!;
  const cover = coverage(windows);
  const dissolved = new Set<string>();
  cover.forEach((c, m) => {
    // A window next to the paint joins it only when they have the same share; erasing joins nothing.
    if (c && (painted[m] || (c.share === brush && (at(m - 1) || at(m + 1))))) dissolved.add(`${c.window}:${c.day}`);
  });
  const kept: AvailabilityWindow[] = [];
  windows.forEach((w, i) => {
    const days = w.days.filter((d) => !dissolved.has(`${i}:${d}`));
    if (days.length > 0) kept.push(days.length === w.days.length ? w : { ...w, days });
  });
  const share = brush === 'erase' ? null : brush;
  const free = cover.map((c, m) => (painted[m] ? share : c && dissolved.has(`${c.window}:${c.day}`) ? c.share : null));
  return [...kept, ...windowsFromRuns(joinedAtMidnight(runsOf(free)))];
}

/** Removes one window from the list. */
export const withoutWindow = (windows: readonly AvailabilityWindow[], index: number): AvailabilityWindow[] =>
  windows.filter((_, i) => i !== index);

// ---------------------------------------------------------------------------------------------------
// Comparing schedules
// ---------------------------------------------------------------------------------------------------

const sameNumbers = (a: readonly (number | null)[], b: readonly (number | null)[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** True when two schedules are written the same way (same windows in the same order). */
export function sameSchedule(a: AvailabilitySchedule, b: AvailabilitySchedule): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

/** True when two schedules offer the same share at every minute of the week, however they are written. */
export function sameMeaning(a: AvailabilitySchedule, b: AvailabilitySchedule): boolean {
  if (a.timeZone !== b.timeZone || a.outsideShare !== b.outsideShare) return false;
  if ((a.windows.length === 0) !== (b.windows.length === 0)) return false;
  return sameNumbers(weekShares(a.windows), weekShares(b.windows));
}

function normalise(s: AvailabilitySchedule): AvailabilitySchedule {
  return {
    timeZone: s.timeZone,
    outsideShare: s.outsideShare,
    windows: s.windows.map((w) => ({ days: [...w.days], start: w.start, end: w.end, share: w.share })),
  };
}
