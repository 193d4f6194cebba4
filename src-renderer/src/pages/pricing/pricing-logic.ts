/** The Pricing page's arithmetic: reading the price field, the size ceiling, and what a receipt claims. No React. */
import type { PricingInfo } from '@shared/contract';
import { sayNow } from '@shared/i18n/current';
import { formatCount, formatNumber, personLocale } from '../../locale';

export const MAX_MULTIPLIER = 1000;
export const MIN_NONZERO = 0.001;
/** The directory stores at most this many times the size weight at registration. */
export const CEILING_FACTOR = 3;
/** Receipts are counted in blocks of this many tokens. */
export const BLOCK_TOKENS = 1000;
/** The directory's slack above a receipt's ceiling (`× 1.1`); the node leaves it unused. */
export const DIRECTORY_SLACK = 1.1;

/**
 * The price as typed: a plain decimal (a comma works as the point in any locale), 0 or 0.001–1000 with at most four
 * decimals, the range the directory re-creates the signed bytes for exactly (as the contract says). The errors say what
 * to type.
 */
export function parseMultiplier(text: string): { value: number } | { error: string } {
  const say = sayNow();
  const t = text.trim().replace(',', '.');
  if (t === '') return { error: say('pricing.price.empty') };
  if (/^-\s*(\d|\.\d)/.test(t)) return { error: say('pricing.price.negative') };
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(t))
    return { error: say('pricing.price.notNumber', { a: formatNumber(1.5), b: formatNumber(0.25) }) };
  const value = Number(t);
  if (!Number.isFinite(value) || value > MAX_MULTIPLIER)
    return { error: say('pricing.price.tooHigh', { max: formatCount(MAX_MULTIPLIER) }) };
  if (value > 0 && value < MIN_NONZERO)
    return { error: say('pricing.price.tooSmall', { min: formatNumber(MIN_NONZERO, 3) }) };
  const decimals = t.includes('.') ? t.split('.')[1]!.replace(/0+$/, '').length : 0;
  if (decimals > 4)
    return {
      error: say('pricing.price.tooManyDecimals', { separator: decimalSeparator(), example: formatNumber(1.2345, 4) }),
    };
  return { value };
}

/**
 * The person's locale's decimal separator as a word for the catalogue's select ("point" or "comma"), so a hint about
 * decimals names the mark the person types: both are accepted whatever the locale.
 */
export function decimalSeparator(): 'point' | 'comma' {
  const mark = new Intl.NumberFormat(personLocale()).formatToParts(1.5).find((p) => p.type === 'decimal')?.value;
  return mark === ',' ? 'comma' : 'point';
}

/** The most the directory keeps for a size weight: 3 × weight, in the four decimals it stores (0.05 × 3 is 0.15). */
export const tierCap = (weight: number): number => Math.floor(weight * CEILING_FACTOR * 1e4 + 1e-6) / 1e4;
/** What the node declares, and the directory holds, for a price: min(price, 3 × weight). */
export const storedMultiplier = (declared: number, weight: number): number => Math.min(declared, tierCap(weight));

/**
 * The multiplier receipts are claimed with today: what the directory holds for the node when known, else what the
 * node declares (its price capped for its model size) — the engine's own choice (EarningsService.multiplierInForce).
 */
export const receiptMultiplier = (p: Pick<PricingInfo, 'directoryMultiplier' | 'ceiling'>): number =>
  p.directoryMultiplier ?? p.ceiling;

/**
 * What a receipt claims for a task (the engine's receiptAmount): tokens / 1000 credits, but never more than
 * the multiplier for each started block of 1000 tokens (and at least the directory's floor of 0.001 per block), in
 * the four decimals the directory stores, rounded down. Computed in ten-thousandths so 0.029 stays 0.029.
 */
export function receiptFor(tokens: number, multiplier: number): number {
  const reference = Math.max(0, Math.trunc(tokens)) * 10;
  const ceiling = Math.ceil(tokens / BLOCK_TOKENS) * perBlockUnits(multiplier);
  return Math.max(1, Math.min(reference, ceiling)) / 1e4;
}

/** The most a receipt claims for each started block of 1000 tokens at a multiplier, in credits. */
export const blockLimit = (multiplier: number): number => perBlockUnits(multiplier) / 1e4;

const perBlockUnits = (multiplier: number): number =>
  Math.max(10, Math.floor(Math.max(MIN_NONZERO, multiplier) * 1e4 + 1e-6));
