/**
 * The one way a CSV cell is written. A spreadsheet opening the file must read every text cell as text, whatever its
 * list separator: a task id is chosen by a consumer, and `x;+1+2` left bare becomes the formula `+1+2` where the
 * separator is `;` (Excel in most European locales), `=HYPERLINK(…)` a link anywhere. So:
 * - every text cell is quoted (a `"` inside doubled), so no separator, quote or line break in it splits the row;
 * - a text cell that a spreadsheet would start as a formula (`=`, `+`, `-`, `@`, a tab or a carriage return first,
 *   also after leading white space, and their full-width forms) gets a `'` in front (OWASP's advice on CSV injection);
 * - a number is written bare, as a number, with the decimal mark that goes with the separator (`,` with `;`), so the
 *   spreadsheet can sum it.
 */

/** The separators a file can be written with: `,` (the CSV default) or `;` (where the decimal mark is a comma). */
export const CSV_SEPARATORS = [',', ';'] as const;
export type CsvSeparator = (typeof CSV_SEPARATORS)[number];

/** A cell: text (always quoted), a number (written as one), or nothing (an empty cell). */
export type CsvValue = string | number | null | undefined;

// A formula's first character, after any white space: = + - @ and their full-width forms (some spreadsheets read
// those as the ASCII ones), or a tab or carriage return (which start a formula once trimmed).
const FORMULA_START = /^[\s\u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r]/;

/** One cell as it is written between separators. */
export function csvCell(value: CsvValue, separator: CsvSeparator = ','): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    // NaN or an infinity is no figure a spreadsheet can hold: the cell is left empty rather than made text.
    if (!Number.isFinite(value)) return '';
    const text = String(value);
    return separator === ';' ? text.replace('.', ',') : text;
  }
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** One row, cells joined by the separator (the caller ends it with CRLF). */
export function csvRow(values: readonly CsvValue[], separator: CsvSeparator = ','): string {
  return values.map((v) => csvCell(v, separator)).join(separator);
}

/**
 * The separator a spreadsheet in this locale expects: `;` where numbers are written with a decimal comma (German,
 * French, Spanish, Italian, Dutch, Polish, Russian…), since the comma is taken there; `,` elsewhere.
 */
export function csvSeparatorForLocale(locale?: string): CsvSeparator {
  try {
    const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value;
    return decimal === ',' ? ';' : ',';
  } catch {
    // An unknown locale tag: the plain default.
    return ',';
  }
}
