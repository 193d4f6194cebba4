/**
 * The page's figures in the person's locale (`src-renderer/src/format.ts` and `locale.ts`), as a person in the United
 * States and one in Germany read them: numbers, percentages, exact decimals, sizes, weekdays, schedule times, and one
 * way to write each kind of time (a row's time to the second, a moment in a sentence to the minute, a tooltip whole).
 * The locale is the browser's language, so each test sets `navigator.language` as the browser would.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  formatAt,
  formatBytes,
  formatCount,
  formatExact,
  formatFullTimestamp,
  formatNumber,
  formatPercent,
  formatScore,
  formatTimestamp,
  formatWallTime,
  personLocale,
  weekdayName,
} from '@renderer/format';

/** The person's browser language for this test. */
const inLocale = (tag: string) => vi.spyOn(navigator, 'language', 'get').mockReturnValue(tag);
/** Intl writes a no-break space (or a narrow one) where people see a space. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

afterEach(() => vi.restoreAllMocks());

describe('the person’s locale', () => {
  it('is the browser’s language, canonical; else its next preferred one; else English', () => {
    inLocale('de-de');
    expect(personLocale()).toBe('de-DE');
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['fr-FR']);
    inLocale('');
    expect(personLocale()).toBe('fr-FR');
    inLocale('not a tag!');
    expect(personLocale()).toBe('fr-FR');
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue([]);
    expect(personLocale()).toBe('en');
  });
});

describe('numbers', () => {
  it('writes counts, decimals and scores with the locale’s signs', () => {
    inLocale('en-US');
    expect([
      formatCount(1000),
      formatNumber(0.288, 3),
      formatNumber(1.5),
      formatScore(0.5),
      formatScore(0.534),
    ]).toEqual(['1,000', '0.288', '1.5', '0.50', '0.53']);
    inLocale('de-DE');
    expect([
      formatCount(1000),
      formatNumber(0.288, 3),
      formatNumber(1.5),
      formatScore(0.5),
      formatScore(0.534),
    ]).toEqual(['1.000', '0,288', '1,5', '0,50', '0,53']);
  });

  it('writes a percentage the locale’s way, so a page never shows both "100%" and "100 %"', () => {
    inLocale('en-US');
    expect([formatPercent(1), formatPercent(0), formatPercent(0.5)]).toEqual(['100%', '0%', '50%']);
    inLocale('de-DE');
    expect([formatPercent(1), formatPercent(0), formatPercent(0.5)].map(plain)).toEqual(['100 %', '0 %', '50 %']);
  });

  it('writes an exact decimal from the books in the locale’s signs, digit for digit', () => {
    inLocale('de-DE');
    expect([formatExact('0.006'), formatExact('-12.500000'), formatExact('1234.000001'), formatExact('0')]).toEqual([
      '0,006',
      '−12,500000',
      '1.234,000001',
      '0',
    ]);
    inLocale('en-US');
    expect([formatExact('0.006'), formatExact('1234.000001')]).toEqual(['0.006', '1,234.000001']);
    // Not a plain decimal: shown as it came.
    expect(formatExact('1e3')).toBe('1e3');
  });

  it('writes a file’s size with the locale’s decimal sign', () => {
    inLocale('en-US');
    expect([formatBytes(1), formatBytes(512), formatBytes(12_595), formatBytes(1_258_291)].map(plain)).toEqual([
      '1 byte',
      '512 bytes',
      '12.3 kB',
      '1.2 MB',
    ]);
    inLocale('de-DE');
    expect(plain(formatBytes(12_595))).toBe('12,3 kB');
    expect([formatBytes(1), formatBytes(512)].map(plain)).toEqual(['1 Byte', '512 Byte']);
  });
});

describe('weekdays and schedule times', () => {
  it('names the days in the locale, Monday first', () => {
    inLocale('en-US');
    expect([1, 2, 3, 4, 5, 6, 7].map((d) => weekdayName(d))).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(weekdayName(7, 'long')).toBe('Sunday');
    inLocale('de-DE');
    expect([1, 2, 3, 4, 5, 6, 7].map((d) => weekdayName(d))).toEqual(['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So']);
    expect(weekdayName(1, 'long')).toBe('Montag');
    expect(weekdayName(8)).toBe('Day 8');
  });

  it('writes a stored "HH:MM" on the locale’s clock', () => {
    inLocale('en-US');
    expect(['00:00', '08:30', '17:59'].map((t) => plain(formatWallTime(t)))).toEqual([
      '12:00 AM',
      '8:30 AM',
      '5:59 PM',
    ]);
    inLocale('de-DE');
    expect(['00:00', '08:30', '17:59'].map(formatWallTime)).toEqual(['00:00', '08:30', '17:59']);
    expect(formatWallTime('soon')).toBe('soon');
  });
});

describe('one way to write each kind of time', () => {
  // Half past the hour and some seconds, in every zone of the world: ten seconds earlier is still the same day.
  const NOW = Date.UTC(2026, 10, 26, 12, 30, 30);
  const earlier = new Date(NOW - 10_000).toISOString();
  const lastWeek = new Date(NOW - 6 * 86_400_000).toISOString();

  it('a row of a list: to the second, with the day when it is not today', () => {
    inLocale('de-DE');
    expect(formatTimestamp(earlier, NOW)).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    expect(formatTimestamp(lastWeek, NOW)).toMatch(/^(Mo|Di|Mi|Do|Fr|Sa|So)\., \d{1,2}\. \S+, \d{2}:\d{2}:\d{2}$/);
    inLocale('en-US');
    expect(plain(formatTimestamp(earlier, NOW))).toMatch(/^\d{1,2}:\d{2}:\d{2} [AP]M$/);
    expect(plain(formatTimestamp(lastWeek, NOW))).toMatch(
      /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d{2}:\d{2} [AP]M$/,
    );
  });

  it('a moment in a sentence ("at", "as of", "since"): to the minute, with the day when it is not today', () => {
    inLocale('de-DE');
    expect(formatAt(earlier, NOW)).toMatch(/^\d{2}:\d{2}$/);
    expect(formatAt(lastWeek, NOW)).toMatch(/^(Mo|Di|Mi|Do|Fr|Sa|So)\., \d{1,2}\. \S+, \d{2}:\d{2}$/);
    inLocale('en-US');
    expect(plain(formatAt(earlier, NOW))).toMatch(/^\d{1,2}:\d{2} [AP]M$/);
  });

  it('a tooltip: the whole date and time in the locale', () => {
    inLocale('de-DE');
    expect(formatFullTimestamp('2026-11-25T19:51:26Z')).toMatch(/^\d{1,2}\. Nov\. 2026, \d{2}:\d{2}:26$/);
    inLocale('en-US');
    expect(plain(formatFullTimestamp('2026-11-25T19:51:26Z'))).toMatch(/^Nov \d{1,2}, 2026, \d{1,2}:\d{2}:26 [AP]M$/);
    expect(formatFullTimestamp('yesterday')).toBe('yesterday');
  });
});
