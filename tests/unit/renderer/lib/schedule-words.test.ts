/**
 * The schedule in the person's locale: the grid's cell labels, the windows as the page lists them and as the engine
 * names them, the preview's stretches, and the word for today among the Earnings chart's dates. A time range never
 * runs from a minute to itself.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cellView, formatShare, weekShares } from '@renderer/lib/schedule-grid';
import { cellLabel, describeDays, describeTimes, localScheduleWords } from '@renderer/lib/schedule-words';
import { stretchWhen } from '@renderer/pages/availability/preview-words';
import { todayWord } from '@renderer/words/earnings-words';

const inLocale = (tag: string) => vi.spyOn(navigator, 'language', 'get').mockReturnValue(tag);
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

afterEach(() => vi.restoreAllMocks());

describe('the grid and the window list', () => {
  it('names days, times and shares in the locale', () => {
    inLocale('de-DE');
    expect(describeDays([1, 2, 3, 4, 5])).toBe('Mo–Fr');
    expect(describeDays([1, 3, 6, 7])).toBe('Mo, Mi, Sa, So');
    expect(describeTimes({ start: '22:00', end: '05:59' })).toBe('22:00–06:00 (into the next day)');
    expect(plain(formatShare(0.5))).toBe('50 %');
    inLocale('en-US');
    expect(describeDays([1, 2, 3, 4, 5])).toBe('Mon–Fri');
    expect(plain(describeTimes({ start: '08:00', end: '17:59' }))).toBe('8:00 AM–6:00 PM');
    expect(formatShare(0.5)).toBe('50%');
  });

  it('labels a cell with the day and hour in the locale', () => {
    const shares = weekShares([{ days: [3], start: '08:30', end: '12:15', share: 0.75 }]);
    inLocale('de-DE');
    expect(plain(cellLabel(3, 8, cellView(shares, 3, 8)))).toBe('Mittwoch 08:00–08:59: partly, 08:30–08:59 75 %');
    inLocale('en-US');
    expect(plain(cellLabel(3, 10, cellView(shares, 3, 10)))).toBe('Wednesday 10:00 AM–10:59 AM: 75%');
  });

  it('says a single minute of an hour as one time, not as a range from it to itself', () => {
    inLocale('de-DE');
    // 07:00–08:00 covers the first minute of the hour 08.
    const shares = weekShares([{ days: [1], start: '07:00', end: '08:00', share: 1 }]);
    const label = plain(cellLabel(1, 8, cellView(shares, 1, 8)));
    expect(label).toBe('Montag 08:00–08:59: partly, 08:00 100 %');
    expect(label).not.toMatch(/(\d\d:\d\d)–\1/);
  });
});

describe('the engine’s names of windows', () => {
  it('are shown with the locale’s weekdays and times', () => {
    inLocale('de-DE');
    expect(localScheduleWords('Mon–Fri 09:00–17:00')).toBe('Mo–Fr 09:00–17:00');
    expect(localScheduleWords('Mon 08:00–12:00 and Mon 12:00–18:00 overlap at Mon 12:00.')).toBe(
      'Mo 08:00–12:00 and Mo 12:00–18:00 overlap at Mo 12:00.',
    );
    expect(localScheduleWords('Every day 22:00–06:00')).toBe('Every day 22:00–06:00');
    inLocale('en-US');
    expect(plain(localScheduleWords('Sat, Sun 22:00–06:00'))).toBe('Sat, Sun 10:00 PM–6:00 AM');
    // Words that only look alike are left alone.
    expect(localScheduleWords('Monday 123:45, Money')).toBe('Monday 123:45, Money');
  });
});

describe('the preview’s stretches', () => {
  const at = (hh: number, mm: number, ss = 0) => Date.UTC(2026, 10, 25, hh, mm, ss); // a Wednesday

  it('show a stretch shorter than a minute as its start, never "Wed 19:52–19:52"', () => {
    inLocale('en-GB');
    expect(stretchWhen(at(19, 52, 10), at(19, 52, 50), 'UTC')).toBe('Wed 19:52');
    expect(stretchWhen(at(19, 52, 50), at(19, 53, 10), 'UTC')).toBe('Wed 19:52');
    expect(stretchWhen(at(19, 52), at(21, 0), 'UTC')).toBe('Wed 19:52–21:00');
  });

  it('in the locale', () => {
    inLocale('de-DE');
    expect(stretchWhen(at(19, 52), at(21, 0), 'UTC')).toBe('Mi., 19:52–21:00');
  });
});

describe('today among dates', () => {
  it('is said in the same language as the dates beside it', () => {
    inLocale('en-US');
    expect(todayWord()).toBe('Today');
    inLocale('de-DE');
    expect(todayWord()).toBe('Heute');
  });
});
