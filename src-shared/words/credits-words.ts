/**
 * Credits and counts as a person reads them, in their locale: one writer for the dashboard and the tray, so both
 * show the same figure the same way.
 */
import { MINUS, withMinusSign } from '../text/minus-sign';

const formatters = new Map<string, Intl.NumberFormat>();

/** `locale`: the app's (the tray is told the window's); none means the runtime's own, as in the window. */
function numberFormat(decimals: number, locale?: string): Intl.NumberFormat {
  const key = `${locale ?? ''}/${decimals}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: decimals });
    formatters.set(key, f);
  }
  return f;
}

/**
 * Credits: four decimals below 1 (receipts for short answers are small), three below 100, two beyond. A non-zero
 * amount never shows as "0".
 */
export function formatCredits(n: number, locale?: string): string {
  const abs = Math.abs(n);
  if (abs === 0) return '0';
  const decimals = abs < 1 ? 4 : abs < 100 ? 3 : 2;
  if (abs < 0.0001) return n < 0 ? `> ${MINUS}0.0001` : '< 0.0001';
  return withMinusSign(numberFormat(decimals, locale).format(n));
}

/** Credits with a sign when they are not zero, so a net or a difference reads as a gain or a loss: "+1.5", "−0.077". */
export function formatSignedCredits(n: number, locale?: string): string {
  return n > 0 ? `+${formatCredits(n, locale)}` : formatCredits(n, locale);
}

/** A whole number with the locale's grouping ("1,234"). */
export const formatCount = (n: number, locale?: string): string => withMinusSign(numberFormat(0, locale).format(n));
