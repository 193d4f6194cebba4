/**
 * Calendar days, shared by the engine and the page: the local day of an instant and where it begins across DST and
 * quarter-hour zones, and weekdays in words with the engine's English names or a name the caller gives.
 */
import { describe, expect, it } from 'vitest';
import { DAY_NAMES, describeDays, localDay, startOfLocalDay } from '@shared/calendar/days';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const at = (iso: string) => Date.parse(iso);

describe('local days', () => {
  it('name the calendar day of an instant in a zone', () => {
    expect(localDay(at('2026-03-28T22:59:59.999Z'), BERLIN)).toBe('2026-03-28');
    expect(localDay(at('2026-03-28T23:00:00Z'), BERLIN)).toBe('2026-03-29');
    expect(localDay(at('2026-03-28T23:00:00Z'), NEW_YORK)).toBe('2026-03-28');
    expect(localDay(at('2026-03-28T23:00:00Z'), 'UTC')).toBe('2026-03-28');
  });

  it('start at local midnight, on days of 23, 24 and 25 hours, in zones with quarter-hour offsets too', () => {
    // Berlin: summer time from 2026-03-29 02:00 (a 23-hour day) to 2026-10-25 03:00 (a 25-hour day).
    expect(startOfLocalDay(at('2026-03-29T21:59:59Z'), BERLIN)).toBe(at('2026-03-28T23:00:00Z'));
    expect(startOfLocalDay(at('2026-03-29T22:00:00Z'), BERLIN)).toBe(at('2026-03-29T22:00:00Z'));
    expect(startOfLocalDay(at('2026-10-25T22:59:59Z'), BERLIN)).toBe(at('2026-10-24T22:00:00Z'));
    expect(startOfLocalDay(at('2026-10-25T23:00:00Z'), BERLIN)).toBe(at('2026-10-25T23:00:00Z'));
    // New York: 2026-03-08 (23 hours) and 2026-11-01 (25 hours).
    expect(startOfLocalDay(at('2026-03-09T03:59:00Z'), NEW_YORK)).toBe(at('2026-03-08T05:00:00Z'));
    expect(startOfLocalDay(at('2026-11-02T04:59:00Z'), NEW_YORK)).toBe(at('2026-11-01T04:00:00Z'));
    expect(startOfLocalDay(at('2026-11-02T05:00:00Z'), NEW_YORK)).toBe(at('2026-11-02T05:00:00Z'));
    // Kathmandu is UTC+05:45; the Chatham Islands UTC+12:45, and +13:45 in (southern) summer.
    expect(startOfLocalDay(at('2026-06-01T12:00:00Z'), 'Asia/Kathmandu')).toBe(at('2026-05-31T18:15:00Z'));
    expect(startOfLocalDay(at('2026-06-01T12:00:00Z'), 'Pacific/Chatham')).toBe(at('2026-06-01T11:15:00Z'));
    expect(startOfLocalDay(at('2026-01-10T12:00:00Z'), 'Pacific/Chatham')).toBe(at('2026-01-10T10:15:00Z'));
  });
});

describe('weekdays in words', () => {
  it.each([
    [[1, 2, 3, 4, 5], 'Mon–Fri'],
    [[1, 3], 'Mon, Wed'],
    [[1, 2], 'Mon, Tue'],
    [[6, 7, 1], 'Mon, Sat, Sun'],
    [[1, 3, 6, 7], 'Mon, Wed, Sat, Sun'],
    [[1, 2, 3, 5, 6, 7], 'Mon–Wed, Fri–Sun'],
    [[3, 3, 4, 5], 'Wed–Fri'],
    [[1, 2, 3, 4, 5, 6, 7], 'Every day'],
    [[], ''],
  ])('%j reads as "%s" in the engine\'s names', (days, words) => {
    expect(describeDays(days)).toBe(words);
  });

  it("takes the day names the caller gives (the page passes its locale's)", () => {
    const german = ['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So'];
    expect(describeDays([1, 2, 3, 4, 5], (d) => german[d - 1]!)).toBe('Mo–Fr');
    expect(describeDays([1, 3, 6, 7], (d) => german[d - 1]!)).toBe('Mo, Mi, Sa, So');
    expect(DAY_NAMES).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
  });
});
