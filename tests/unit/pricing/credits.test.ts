import { describe, expect, it } from 'vitest';
import { formatCredits, parseCredits, toMicro } from '@engine/pricing/credits';

describe('credit amounts (the directory sends decimal strings)', () => {
  it('reads decimal strings exactly, in millionths', () => {
    expect(parseCredits('0.0060')).toBe(6000);
    expect(parseCredits('5.0000')).toBe(5_000_000);
    expect(parseCredits('-0.0001')).toBe(-100);
    expect(parseCredits('12')).toBe(12_000_000);
    expect(parseCredits(' 0.1 ')).toBe(100_000);
  });

  it('reads JSON numbers too (balances, older directories)', () => {
    expect(parseCredits(0.006)).toBe(6000);
    expect(parseCredits(5)).toBe(5_000_000);
  });

  it('refuses what is not an amount', () => {
    for (const v of ['', 'abc', '1e3', '0x10', '1.2.3', null, undefined, {}, [], Number.NaN, Infinity, '1'.repeat(20)])
      expect(parseCredits(v)).toBeNull();
  });

  it('sums without float drift: ten "0.1000" are exactly "1", and 0.1 + 0.2 is "0.3"', () => {
    const ten = Array.from({ length: 10 }, () => parseCredits('0.1000')!).reduce((a, b) => a + b, 0);
    expect(formatCredits(ten)).toBe('1');
    expect(formatCredits(parseCredits('0.1')! + parseCredits('0.2')!)).toBe('0.3');
    expect(0.1 + 0.2).not.toBe(0.3); // what summing the floats would have shown
    const many = Array.from({ length: 100_000 }, () => parseCredits('0.0007')!).reduce((a, b) => a + b, 0);
    expect(formatCredits(many)).toBe('70');
  });

  it('prints decimals without trailing zeros', () => {
    expect(formatCredits(0)).toBe('0');
    expect(formatCredits(6000)).toBe('0.006');
    expect(formatCredits(-150_000)).toBe('-0.15');
    expect(formatCredits(toMicro(0.015))).toBe('0.015');
    expect(formatCredits(toMicro(1234.5678))).toBe('1234.5678');
  });
});
