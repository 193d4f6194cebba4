import { describe, expect, it } from 'vitest';
import type { EarningsInfo, EnergyInfo } from '@shared/contract';
import {
  energySourceSentence,
  energyTodaySentence,
  formatEnergy,
  formatMoney,
  tokensPerJoule,
} from '@shared/words/energy-words';

const measured: EnergyInfo = {
  source: 'measured',
  meters: 'nvidia-smi and RAPL',
  baselineW: 48,
  powerW: 300,
  typicalW: null,
  pricePerKwh: 0.3,
  currency: 'EUR',
};
const day = (over: Partial<EarningsInfo['today']>): EarningsInfo['today'] => ({
  jobs: 0,
  tokens: 0,
  awarded: 0,
  pending: 0,
  rejected: 0,
  energyJ: 0,
  energyTasks: 0,
  ...over,
});

describe('energy in words', () => {
  it("says the day in one sentence, in the person's locale", () => {
    // 0.42 kWh at €0.30 = €0.126.
    const today = day({ jobs: 1240, awarded: 3.1, energyJ: 0.42 * 3_600_000, energyTasks: 1240 });
    expect(energyTodaySentence(today, measured, 'en-IE')).toBe('Today: 0.42 kWh ≈ €0.13 for 1,240 tasks, 3.1 credits.');
    expect(energyTodaySentence(today, measured, 'de-DE').replace(/\u00a0/g, ' ')).toBe(
      'Today: 0,42 kWh ≈ 0,13 € for 1.240 tasks, 3,1 credits.',
    );
    expect(energyTodaySentence(today, { ...measured, pricePerKwh: null }, 'en-IE')).toBe(
      'Today: 0.42 kWh for 1,240 tasks, 3.1 credits.',
    );
  });

  it('says when nothing was served, and when the power is not known', () => {
    expect(energyTodaySentence(day({}), measured, 'en')).toBe('Today: no tasks served yet.');
    expect(energyTodaySentence(day({ jobs: 1, awarded: 1 }), measured, 'en')).toBe(
      'Today: 1 task, 1 credit; the power they took is not known.',
    );
  });

  it('shows small amounts without rounding them to nothing', () => {
    expect(formatEnergy(0, 'en')).toBe('0 kWh');
    expect(formatEnergy(540, 'en')).toBe('0.15 Wh');
    expect(formatEnergy(10, 'en')).toBe('0.0028 Wh');
    expect(formatEnergy(20_000, 'en')).toBe('5.6 Wh');
    expect(formatMoney(0.0006, 'EUR', 'en-IE')).toBe('€0.00060');
    expect(formatMoney(0.0012, 'EUR', 'de-DE').replace(/\u00a0/g, ' ')).toBe('0,0012 €');
    expect(formatMoney(12.5, 'USD', 'en-US')).toBe('$12.50');
  });

  it('writes every reading to the same two figures, so one never drops a digit the next shows', () => {
    // 1.8 Wh and 2 Wh side by side read as if one were rounded and the other not.
    expect(formatEnergy(1.8 * 3600, 'en')).toBe('1.8 Wh');
    expect(formatEnergy(2 * 3600, 'en')).toBe('2.0 Wh');
    expect(formatEnergy(2 * 3600, 'de-DE')).toBe('2,0 Wh');
    expect(formatEnergy(0.5 * 3600, 'en')).toBe('0.50 Wh');
    // A currency Intl does not know still writes the amount in the locale's figures.
    expect(formatMoney(0.5, 'EURO', 'de-DE')).toBe('0,50 EURO');
  });

  it('says where the figures come from', () => {
    expect(energySourceSentence(measured, 'en')).toBe(
      'Measured from nvidia-smi and RAPL: each task gets its share of the power while it generates, above the idle 48 W.',
    );
    expect(energySourceSentence({ ...measured, source: 'typical', meters: null, typicalW: 250 }, 'en')).toMatch(
      /^Estimated from the 250 W you entered/,
    );
    expect(energySourceSentence({ ...measured, source: 'none', meters: null }, 'en')).toMatch(
      /typical watts in Settings/,
    );
  });

  it('gives tokens per joule only where energy was attributed', () => {
    expect(tokensPerJoule(1000, 400, 'en')).toBe('2.5');
    expect(tokensPerJoule(10, 400, 'en')).toBe('0.03');
    expect(tokensPerJoule(10, 0, 'en')).toBeNull();
  });
});
