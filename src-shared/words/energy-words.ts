/**
 * What serving costs in power, as a person reads it: one writer for the Earnings page, the Pricing page and the
 * export, so every page says the same figures the same way, in the person's locale.
 */
import type { EarningsInfo, EnergyInfo } from '../contract/earnings';
import { formatCount, formatCredits } from './credits-words';
import { sayNow } from '../i18n/current';

const JOULES_PER_KWH = 3_600_000;

/** Credits are not money: said wherever energy cost and credits stand side by side; in the person's language now. */
export function creditsHaveNoValue(): string {
  return sayNow()('components.energy.noValue');
}

/** Joules as kWh. */
export const kwhOf = (joules: number): number => joules / JOULES_PER_KWH;

/**
 * Energy in kWh, two decimals, or in Wh to two figures below a hundredth of a kWh (a few tasks): never "0" for some.
 */
export function formatEnergy(joules: number, locale?: string): string {
  const kwh = kwhOf(joules);
  if (kwh === 0) return '0 kWh';
  if (kwh >= 0.01)
    return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(kwh)} kWh`;
  // Always two figures, so one reading does not say "1.8 Wh" and the next "2 Wh".
  return `${new Intl.NumberFormat(locale, { minimumSignificantDigits: 2, maximumSignificantDigits: 2 }).format(kwh * 1000)} Wh`;
}

/** Money in the person's currency and locale ("€0.13"); a cost below a cent shows with more digits rather than 0. */
export function formatMoney(amount: number, currency: string, locale?: string): string {
  const small = amount > 0 && amount < 0.01;
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      ...(small ? { minimumSignificantDigits: 2, maximumSignificantDigits: 2 } : {}),
    }).format(amount);
  } catch {
    // A currency code Intl does not know: the amount in the locale's figures, the code after it.
    const digits = small ? 4 : 2;
    return `${new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount)} ${currency}`;
  }
}

/** What `joules` cost at the person's price, or null without a price. */
export function energyCost(joules: number, energy: Pick<EnergyInfo, 'pricePerKwh'>): number | null {
  return energy.pricePerKwh === null ? null : kwhOf(joules) * energy.pricePerKwh;
}

/** "0.42 kWh ≈ €0.13" (the cost only with a price). */
export function energyWithCost(
  joules: number,
  energy: Pick<EnergyInfo, 'pricePerKwh' | 'currency'>,
  locale?: string,
): string {
  const cost = energyCost(joules, energy);
  return cost === null
    ? formatEnergy(joules, locale)
    : `${formatEnergy(joules, locale)} ≈ ${formatMoney(cost, energy.currency, locale)}`;
}

/**
 * The day in one sentence: "Today: 0.42 kWh ≈ €0.13 for 1,240 tasks, 3.1 credits." The tasks and credits are the
 * day's figures every page shows (tasks served, credits awarded).
 */
export function energyTodaySentence(today: EarningsInfo['today'], energy: EnergyInfo, locale?: string): string {
  const t = sayNow();
  // The counts go in formatted by the caller's locale; the plain numbers pick the plural.
  const work = {
    tasks: today.jobs,
    taskCount: formatCount(today.jobs, locale),
    credits: today.awarded === 1 ? 1 : 2,
    creditCount: formatCredits(today.awarded, locale),
  };
  if (today.energyTasks === 0) {
    if (today.jobs === 0) return t('components.energy.todayNone');
    return t('components.energy.todayUnknown', work);
  }
  return t('components.energy.today', { ...work, energy: energyWithCost(today.energyJ, energy, locale) });
}

/** Where the figures come from, in one sentence. */
export function energySourceSentence(energy: EnergyInfo, locale?: string): string {
  const t = sayNow();
  const watts = (w: number) => `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(w)} W`;
  if (energy.source === 'measured') {
    // The meters are names of programs (nvidia-smi, RAPL): foreign words, kept as they are.
    const meters = energy.meters ?? t('components.energy.powerMeter');
    if (energy.baselineW === null) return t('components.energy.measured', { meters });
    return t('components.energy.measuredAboveIdle', { meters, idle: watts(energy.baselineW) });
  }
  if (energy.source === 'typical') return t('components.energy.typical', { watts: watts(energy.typicalW ?? 0) });
  return t('components.energy.none');
}

/** Tokens per joule, one decimal or two below 1; null when no energy was attributed. */
export function tokensPerJoule(tokens: number, joules: number, locale?: string): string | null {
  if (joules <= 0) return null;
  const perJ = tokens / joules;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: perJ < 1 ? 2 : 1 }).format(perJ);
}
