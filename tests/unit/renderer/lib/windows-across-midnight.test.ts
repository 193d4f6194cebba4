/**
 * A window painted across midnight is one window, stored and listed as one, also from Sunday into Monday; and a
 * window's end reads as the person means it: the minute after its last one ("2:00 AM", "midnight"), never "1:59 AM".
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { paintCells, weekShares, type Cell, type Weekday } from '@renderer/lib/schedule-grid';
import { windowWords } from '@renderer/lib/schedule-words';
import { scheduleProblems } from '@engine/availability/schedule';

const inLocale = (tag: string) => vi.spyOn(navigator, 'language', 'get').mockReturnValue(tag);
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const hours = (day: Weekday, ...hs: number[]): Cell[] => hs.map((hour) => ({ day, hour }));
const words = (w: Parameters<typeof windowWords>[0]) => {
  const { days, times } = windowWords(w);
  return plain(`${days} ${times}`);
};

afterEach(() => vi.restoreAllMocks());

describe('a window across midnight', () => {
  it('painted Sun 22–24 and Mon 00–02 is one window, "Sun 10:00 PM–Mon 2:00 AM"', () => {
    inLocale('en-US');
    const painted = [...hours(7, 22, 23), ...hours(1, 0, 1)];
    const windows = paintCells([], painted, 1);
    expect(windows).toEqual([{ days: [7], start: '22:00', end: '01:59', share: 1 }]);
    expect(words(windows[0]!)).toBe('Sun 10:00 PM–Mon 2:00 AM');
    // The one window covers exactly the painted minutes, and the engine takes it as it is.
    const shares = weekShares(windows);
    expect(shares.filter((s) => s !== null)).toHaveLength(4 * 60);
    expect(shares[6 * 1440 + 22 * 60]).toBe(1);
    expect(shares[1 * 60 + 59]).toBe(1);
    expect(scheduleProblems({ timeZone: 'UTC', outsideShare: 0, windows })).toEqual([]);
  });

  it('is joined when its two halves are painted one after the other, in either order', () => {
    const later = paintCells(paintCells([], hours(1, 0, 1), 0.5), hours(7, 22, 23), 0.5);
    const earlier = paintCells(paintCells([], hours(7, 22, 23), 0.5), hours(1, 0, 1), 0.5);
    for (const w of [later, earlier]) expect(w).toEqual([{ days: [7], start: '22:00', end: '01:59', share: 0.5 }]);
    // A whole week painted is every day round the clock, never one endless window.
    const all = ([1, 2, 3, 4, 5, 6, 7] as Weekday[]).flatMap((d) =>
      hours(d, ...Array.from({ length: 24 }, (_, h) => h)),
    );
    expect(paintCells([], all, 1)).toEqual([{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59', share: 1 }]);
  });

  it('stays two windows when the shares differ, each ending where it ends', () => {
    inLocale('en-US');
    const windows = paintCells(paintCells([], hours(7, 22, 23), 1), hours(1, 0, 1), 0.5);
    expect(windows.map(words).sort()).toEqual(['Mon 12:00 AM–2:00 AM', 'Sun 10:00 PM–midnight']);
  });

  it('on several days says it runs into the next day, with its end as painted', () => {
    inLocale('de-DE');
    const windows = paintCells([], [...hours(5, 22, 23), ...hours(6, 0, 1, 22, 23), ...hours(7, 0, 1)], 1);
    expect(windows).toEqual([{ days: [5, 6], start: '22:00', end: '01:59', share: 1 }]);
    expect(words(windows[0]!)).toMatch(/^Fr, Sa 22:00–02:00 \(/);
  });
});
