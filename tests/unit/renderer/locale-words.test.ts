/**
 * The reader the e2e tour and the component tests use to find words in the wrong locale
 * (`tests/support/locale-words.ts`): it finds each mix a tester saw on a German screen, and lets a page written
 * wholly in the person's locale pass, version numbers, addresses and foreign names included.
 */
import { describe, expect, it } from 'vitest';
import { localeProblems, type PageWords } from '../../support/locale-words';

const page = (blocks: string[], tooltips: string[] = [], groups: string[][] = []): PageWords => ({
  page: 'p',
  blocks,
  tooltips,
  groups,
});
const problems = (p: PageWords, locale: string) => localeProblems([p], locale, { foreign: ['qwen2.5:7b'] });

describe('words in the wrong locale', () => {
  it('finds what a tester saw on a German screen', () => {
    const seen: [string, PageWords][] = [
      ['a decimal point among decimal commas', page(['0,288 credits', '0.65 of 1'])],
      ['a table of points', page(['Awarded', '0.288'])],
      ['"Today" among German dates', page([], [], [['Do. 19', 'Fr. 20', 'Today']])],
      ['English weekdays on the grid', page(['Mon', 'Tue', 'Wed'])],
      ['a range with a point beside a grouped thousand', page(['Any number from 0.001 to 1000', '1.000 tokens'])],
      ['an English date', page(['25 Nov 2026, 19:51:26'])],
      ['"100%" where German writes "100 %"', page(['0 %', '100%'])],
      ['a range from a minute to itself', page([], ['Wed 19:52–19:52'])],
      ['a wire value', page([], ['attribution: legacy_unattributed'])],
      ['a report heading', page(['Status report 13 from 19:51'])],
      ['an unknown region', page(['My node · region unknown'])],
      ['a million grouped the English way', page(['1–1,000,000.'])],
    ];
    for (const [what, p] of seen) expect(problems(p, 'de-DE'), what).not.toEqual([]);
  });

  it('finds the same mixes on a US screen', () => {
    expect(problems(page(['0,288 credits']), 'en-US')).not.toEqual([]);
    expect(problems(page(['100 %']), 'en-US')).not.toEqual([]);
    expect(problems(page(['back at 19:39']), 'en-US')).not.toEqual([]);
    expect(problems(page(['back at 14:00']), 'de-DE')).toEqual([]);
  });

  it('lets a page wholly in the person’s locale pass', () => {
    const german = page(
      [
        '0,288 credits',
        '0,65 of 1',
        '1.000 tokens',
        'Mo–Fr 08:00–17:59 · 50 %',
        'Version 0.12.3',
        '127.0.0.1:11434',
        'Model qwen2.5:7b',
        'Today: 3 tasks, 0,006 credits',
      ],
      ['26. Nov. 2026, 14:24:19', 'Mi., 19:52'],
      [['Fr. 20', 'Sa. 21', 'Heute']],
    );
    expect(problems(german, 'de-DE')).toEqual([]);
    const american = page(
      ['0.288 credits', '1,000 tokens', 'Mon–Fri 8:00 AM–5:59 PM · 50%', 'UTC+00:00 now'],
      ['Nov 26, 2026, 2:24:19 PM'],
      [['Fri 20', 'Today']],
    );
    expect(problems(american, 'en-US')).toEqual([]);
  });
});
