/**
 * Figures inside event sentences and the status sentence are written the way the reader's locale writes numbers (the
 * runtime's locale: the browser's language on the page), not as the engine logged them: "1,000 credits", "1,234 served
 * tasks" in the United States; in Germany the page writes "1.000" and "0,25" the same way.
 */
import { describe, expect, it } from 'vitest';
import { eventWords } from '@shared/words/event-words';
import { statusWords } from '@shared/words/status-sentence';
import { snapshotWith } from '../app/snapshots';

const say = (event: Parameters<typeof eventWords>[0]['event'], details: string) =>
  eventWords({ event, level: 'info', details }).sentence;
const locale = new Intl.NumberFormat().resolvedOptions().locale;

describe('figures in event sentences', () => {
  it('are grouped and signed as the locale writes numbers', () => {
    const n = (x: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 6 }).format(x);
    expect(say('receipt_awarded', 'tasks=1234 awarded=0.25')).toBe(
      `The directory credited you ${n(0.25)} credits for ${n(1234)} served tasks.`,
    );
    expect(say('receipt_hourly_cap', 'task=7c1e2a')).toMatch(
      new RegExp(`limit of ${n(1000).replace(/[.]/g, '\\.')} credits per hour`),
    );
    expect(say('pricing_accepted', 'multiplier=2.5 model=per_token')).toContain(
      `your price, ${n(2.5)} × the base rate`,
    );
  });

  it('count the day’s tasks in the status sentence the same way', () => {
    const n = new Intl.NumberFormat(locale).format(1240);
    const words = statusWords(snapshotWith({ today: { jobs: 1240 } }), { now: Date.now(), connection: 'connected' });
    expect(words.detail).toBe(`0 of 2 slots busy · ${n} tasks today`);
  });
});
