import { describe, expect, it } from 'vitest';
import { toUnits, unitsToDecimalString, unitsToNumber } from '../../../support/directory/decimal';

describe('DECIMAL(15,4) storage of a PHP float', () => {
  it.each([
    [0.006, 60, '0.0060'],
    [5, 50_000, '5.0000'],
    [1.2, 12_000, '1.2000'],
    [1.00005, 10_001, '1.0001'],
    [0.00005, 1, '0.0001'],
    [0.00004999, 0, '0.0000'],
    [-1.00005, -10_001, '-1.0001'],
    [0.15000000000000002, 1_500, '0.1500'],
    [123_456.78901, 1_234_567_890, '123456.7890'],
  ])('%s → %i units → "%s"', (amount, units, text) => {
    expect(toUnits(amount)).toBe(units);
    expect(unitsToDecimalString(units)).toBe(text);
  });

  it('rounds the 14-digit decimal PHP sends, not the binary double (0.00015 is stored as 0.0002)', () => {
    // 0.00015 is 1.4999999999999999e-4 in binary; PHP's (string) cast gives "0.00015".
    expect(Math.round(0.00015 * 10_000)).toBe(1);
    expect(toUnits(0.00015)).toBe(2);
  });

  it('reads back as PHP (float) would', () => {
    expect(unitsToNumber(62_000)).toBe(6.2);
    expect(unitsToNumber(60_001)).toBe(6.0001);
    expect(unitsToNumber(-1)).toBe(-0.0001);
  });

  it('refuses values a DECIMAL column cannot hold', () => {
    expect(() => toUnits(Number.NaN)).toThrow(RangeError);
  });
});
