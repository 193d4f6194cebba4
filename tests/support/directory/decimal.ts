/**
 * PHP keeps credit amounts and balances in MySQL `DECIMAL(15,4)` columns. Laravel binds a PHP float as a
 * string, i.e. with PHP's `precision` of 14 significant digits, and MySQL rounds that decimal literal to
 * 4 places half away from zero. The stub stores the result as an integer count of 0.0001 units, so sums
 * never drift the way float additions would.
 */

const UNITS_PER_CREDIT = 10_000;

/** The DECIMAL(…,4) value MySQL stores for a PHP float, in units of 0.0001 (e.g. 0.006 → 60, 1.00005 → 10001). */
export function toUnits(amount: number): number {
  if (!Number.isFinite(amount)) throw new RangeError('a DECIMAL column cannot hold INF/NAN');
  const [mantissa = '0', exponent = '0'] = Math.abs(amount).toExponential(13).split('e');
  const digits = mantissa.replace('.', '');
  // Position of the decimal point in `digits` once the value is scaled by 10^4.
  const point = Number(exponent) + 1 + 4;
  let whole: number;
  let next: number;
  if (point <= 0) {
    whole = 0;
    next = point === 0 ? Number(digits[0]) : 0;
  } else if (point >= digits.length) {
    whole = Number(digits + '0'.repeat(point - digits.length));
    next = 0;
  } else {
    whole = Number(digits.slice(0, point));
    next = Number(digits[point]);
  }
  const units = whole + (next >= 5 ? 1 : 0);
  return amount < 0 && units !== 0 ? -units : units;
}

/** What PHP's `(float)` cast of the column gives (a JSON number). */
export function unitsToNumber(units: number): number {
  return units / UNITS_PER_CREDIT;
}

/** Eloquent's `decimal:4` cast: always four decimals, e.g. 60 → "0.0060", 50000 → "5.0000". */
export function unitsToDecimalString(units: number): string {
  const abs = Math.abs(units);
  const fraction = String(abs % UNITS_PER_CREDIT).padStart(4, '0');
  return `${units < 0 ? '-' : ''}${Math.floor(abs / UNITS_PER_CREDIT)}.${fraction}`;
}
