/** A price multiplier written one way on every page: the person's number format, a no-break space, then "×". */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatTimes } from '@renderer/format';

afterEach(() => vi.restoreAllMocks());

describe('formatTimes', () => {
  it.each([
    [0.75, '0.75\u00a0×'],
    [1, '1\u00a0×'],
    [2.5, '2.5\u00a0×'],
    [0.0015, '0.0015\u00a0×'],
    [1000, '1,000\u00a0×'],
  ])('%s → "%s" in English', (m, words) => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('en-US');
    expect(formatTimes(m)).toBe(words);
  });

  it('follows the person’s locale for the number', () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('de-DE');
    expect(formatTimes(0.75)).toBe('0,75\u00a0×');
  });
});
