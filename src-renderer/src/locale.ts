/**
 * Numbers, weekdays and clock times in the person's locale: "0,288" and "Mo." in Germany, "0.288" and "Mon" in the
 * United States. Every figure on screen goes through here or through `format.ts`, never through `toFixed`, `String(n)`
 * or a weekday list of our own, so one page never shows two styles. No React.
 */
import { formatClock } from '@shared/text/wall-clock';
import { sayNow } from '@shared/i18n/current';
import { withMinusSign } from '@shared/text/minus-sign';
import { pageLanguage } from './i18n/page-language';

/**
 * The person's locale: the language chosen in Settings, or the browser's (in the desktop app the system's), with the
 * region's habits when the browser has them (`i18n/page-language.ts`). Read each time, so a test, a browser whose
 * language changes, or a new choice in Settings is followed at once.
 */
export function personLocale(): string | undefined {
  return pageLanguage().locale;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const locale = personLocale();
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    if (numberFormats.size > 64) numberFormats.clear();
    numberFormats.set(key, f);
  }
  return f;
}

/** A whole number with the locale's grouping: "1,234" or "1.234". */
export const formatCount = (n: number): string => withMinusSign(numberFormat({ maximumFractionDigits: 0 }).format(n));

/** A number with up to `maxDigits` decimals (at least `minDigits`): "0.288" or "0,288". */
export function formatNumber(n: number, maxDigits = 2, minDigits = 0): string {
  return withMinusSign(
    numberFormat({
      minimumFractionDigits: Math.min(minDigits, maxDigits),
      maximumFractionDigits: maxDigits,
    }).format(n),
  );
}

/** A score between 0 and 1 always to two decimals, so scores line up: "0.53", "1.00" ("0,53" in German). */
export const formatScore = (n: number): string => formatNumber(n, 2, 2);

/** A share as a percentage, the locale's way: 0.5 → "50%" in the US, "50 %" in Germany. */
export function formatPercent(fraction: number, maxDigits = 0): string {
  return withMinusSign(numberFormat({ style: 'percent', maximumFractionDigits: maxDigits }).format(fraction));
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * An exact decimal as the directory or the ledger wrote it ("0.006", "-12.5"), in the locale's signs and without
 * rounding it through a float; anything that is not a plain decimal comes back as it is.
 */
export function formatExact(decimal: string): string {
  const t = decimal.trim();
  if (!DECIMAL.test(t)) return decimal;
  const digits = Math.min(20, t.split('.')[1]?.length ?? 0);
  return withMinusSign(
    numberFormat({ minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
      t as Intl.StringNumericLiteral,
    ),
  );
}

/** A file's size: "512 bytes", "12.3 kB", "1.2 MB". */
export function formatBytes(bytes: number): string {
  // The locale's own word for bytes ("512 bytes", "512 Byte"): an English one would stay English on a German page.
  if (bytes < 1024) return numberFormat({ style: 'unit', unit: 'byte', unitDisplay: 'long' }).format(bytes);
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'kilobyte'] : [bytes / 1024 / 1024, 'megabyte'];
  return numberFormat({
    style: 'unit',
    unit,
    unitDisplay: 'short',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(value);
}

/** A Monday at noon UTC: the weekday names are read from it, day by day. */
const A_MONDAY = Date.UTC(2024, 0, 1, 12);

/** Day 1 (Monday) to 7 (Sunday) by its name in the locale: "Mon"/"Monday", "Mo."/"Montag". */
export function weekdayName(day: number, width: 'short' | 'long' = 'short'): string {
  if (!Number.isInteger(day) || day < 1 || day > 7) return sayNow()('common.weekday.unknown', { day: String(day) });
  return new Intl.DateTimeFormat(personLocale(), { weekday: width, timeZone: 'UTC' }).format(
    A_MONDAY + (day - 1) * 86_400_000,
  );
}

/** A wall-clock time of a schedule ("17:59", as stored) as the locale writes times: "5:59 PM" or "17:59". */
export function formatWallTime(hhmm: string): string {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
  if (!m) return hhmm;
  return formatClock(Date.UTC(2024, 0, 1, Number(m[1]) % 24, Number(m[2])), {
    timeZone: 'UTC',
    locale: personLocale(),
  });
}
