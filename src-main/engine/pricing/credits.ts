/**
 * Credit amounts as exact integers of millionths. The production directory sends ledger amounts as decimal strings
 * (`"0.0060"`, a `decimal:4` cast) and stores four decimals; receipts carry at most four. Summing
 * floats would drift (0.1 + 0.2), so totals are kept in whole micro-credits and printed back as decimals.
 */
export const MICRO = 1_000_000;

const DECIMAL = /^([+-])?(\d{1,12})(?:\.(\d{1,30}))?$/;

/** Micro-credits from a decimal string or a JSON number; null for anything else (or beyond 10^12 credits). */
export function parseCredits(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && Math.abs(v) < 1e12 ? Math.round(v * MICRO) : null;
  if (typeof v !== 'string') return null;
  const m = DECIMAL.exec(v.trim());
  if (!m) return null;
  const fraction = (m[3] ?? '').padEnd(7, '0');
  // Six digits kept, the seventh rounds half away from zero (as a DECIMAL column would).
  let micro = Number(m[2]) * MICRO + Number(fraction.slice(0, 6)) + (Number(fraction[6]) >= 5 ? 1 : 0);
  if (m[1] === '-') micro = -micro;
  return micro === 0 ? 0 : micro;
}

/** Micro-credits of a float amount (a receipt's or the ledger's), rounded to the nearest millionth. */
export function toMicro(amount: number): number {
  return Math.round(amount * MICRO);
}

/** A decimal string without trailing zeros: 6000 → "0.006", 5_000_000 → "5", -1 → "-0.000001". */
export function formatCredits(micro: number): string {
  const sign = micro < 0 ? '-' : '';
  const abs = Math.abs(Math.round(micro));
  const whole = Math.floor(abs / MICRO);
  const fraction = String(abs % MICRO)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}
