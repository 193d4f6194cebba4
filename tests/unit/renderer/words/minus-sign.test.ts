/**
 * One minus sign on a page: every signed figure (a net, a difference from the books, a wallet debit, a count, a
 * percentage) shows the typographic minus U+2212, never the hyphen Intl writes, in German as in English.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatCount, formatNumber, formatPercent } from '@renderer/format';
import {
  exactCredits,
  exactDecimal,
  formatCredits,
  signedCredits,
  signedDecimal,
} from '@renderer/words/earnings-words';
import { formatCredits as trayCredits, formatSignedCredits } from '@shared/words/credits-words';

const inLocale = (tag: string) => vi.spyOn(navigator, 'language', 'get').mockReturnValue(tag);

afterEach(() => vi.restoreAllMocks());

/** Every signed figure the Earnings page and the tray write for a loss of 0.077 credits (and a few other figures). */
const negatives = () => [
  exactDecimal('-0.077'),
  formatCredits(-0.077),
  signedCredits(-0.077),
  exactCredits(-0.077),
  signedDecimal('0.027', true),
  trayCredits(-0.077, 'de-DE'),
  formatSignedCredits(-0.077, 'de-DE'),
  formatCount(-3),
  formatNumber(-1.5),
  formatPercent(-0.1),
];

describe('the minus sign', () => {
  it('is U+2212 in every signed figure, in German', () => {
    inLocale('de-DE');
    const figures = negatives();
    expect(figures.filter((f) => f.includes('-'))).toEqual([]);
    expect(figures.every((f) => f.includes('\u2212'))).toBe(true);
    expect([exactDecimal('-0.077'), signedDecimal('0.027', true), signedCredits(0.5)]).toEqual([
      '\u22120,077',
      '\u22120,027',
      '+0,5',
    ]);
  });

  it('is U+2212 in English too', () => {
    inLocale('en-US');
    expect(negatives().filter((f) => f.includes('-'))).toEqual([]);
    expect(signedCredits(-0.077)).toBe('\u22120.077');
  });
});
