/** The Pricing page's pure parts: reading the multiplier field, and the tier ceiling. No React. */

export const MAX_MULTIPLIER = 1000;
export const MIN_NONZERO = 0.001;
/** The directory stores at most this many times the tier weight at registration (brief §7.3). */
export const CEILING_FACTOR = 3;

/**
 * The multiplier as typed: a plain decimal (a comma works as the point), 0 or 0.001–1000 with at most four
 * decimals, the range the directory re-creates the signed bytes for exactly (as the contract says).
 */
export function parseMultiplier(text: string): { value: number } | { error: string } {
  const t = text.trim().replace(',', '.');
  if (t === '') return { error: 'Enter a multiplier, for example 1 (the network’s base rate).' };
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(t)) return { error: 'Enter a plain number such as 1, 1.5 or 0.25.' };
  const value = Number(t);
  if (!Number.isFinite(value) || value > MAX_MULTIPLIER) return { error: `At most ${MAX_MULTIPLIER}.` };
  if (value > 0 && value < MIN_NONZERO) return { error: `Use 0, or at least ${MIN_NONZERO}.` };
  const decimals = t.includes('.') ? t.split('.')[1]!.replace(/0+$/, '').length : 0;
  if (decimals > 4) return { error: 'Use at most 4 decimals.' };
  return { value };
}

/** What the directory stores for a declared multiplier: min(declared, 3 × tier weight). */
export const tierCap = (weight: number): number => Math.round(weight * CEILING_FACTOR * 1e6) / 1e6;
export const storedMultiplier = (declared: number, weight: number): number => Math.min(declared, tierCap(weight));
