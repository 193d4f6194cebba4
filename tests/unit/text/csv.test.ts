/**
 * The one CSV cell writer: text always quoted and defused, numbers bare with the separator's decimal mark, and the
 * separator a locale's spreadsheets expect.
 */
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, csvSeparatorForLocale } from '@shared/text/csv';

describe('csvCell', () => {
  it('quotes every text cell, doubling the quotes inside', () => {
    expect(csvCell('llama3')).toBe('"llama3"');
    expect(csvCell('')).toBe('""');
    expect(csvCell('a "b", c;d\r\ne')).toBe('"a ""b"", c;d\r\ne"');
  });

  it.each([
    ['=1+1', `"'=1+1"`],
    ['+1+2', `"'+1+2"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(1)', `"'@SUM(1)"`],
    ['\t=1', `"'\t=1"`],
    ['\rx', `"'\rx"`],
    ['  =1', `"'  =1"`],
    ['\n+1', `"'\n+1"`],
    ['\u00a0@x', `"'\u00a0@x"`],
    ['＝1+1', `"'＝1+1"`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
  ])('defuses a formula start %j with a leading apostrophe', (text, cell) => {
    expect(csvCell(text)).toBe(cell);
    expect(csvCell(text, ';')).toBe(cell);
  });

  it('leaves text that only holds formula characters later alone', () => {
    expect(csvCell('x;+1+2')).toBe('"x;+1+2"');
    expect(csvCell('a=b')).toBe('"a=b"');
    expect(csvCell("'quoted")).toBe(`"'quoted"`);
  });

  it('writes numbers bare, with a decimal comma when columns are separated by ";"', () => {
    expect(csvCell(0.0006)).toBe('0.0006');
    expect(csvCell(0.0006, ';')).toBe('0,0006');
    expect(csvCell(1234, ';')).toBe('1234');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(Number.POSITIVE_INFINITY)).toBe('');
  });

  it('leaves nothing for null and undefined', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined, ';')).toBe('');
  });
});

describe('csvRow', () => {
  it('joins the cells with the separator', () => {
    expect(csvRow(['a', 1.5, null, '=x'])).toBe(`"a",1.5,,"'=x"`);
    expect(csvRow(['a', 1.5, null, '=x'], ';')).toBe(`"a";1,5;;"'=x"`);
  });
});

describe('csvSeparatorForLocale', () => {
  it.each([
    ['en-US', ','],
    ['en-GB', ','],
    ['ja-JP', ','],
    ['de-DE', ';'],
    ['fr-FR', ';'],
    ['es-ES', ';'],
    ['nl-NL', ';'],
    ['pt-BR', ';'],
    ['de-CH', ','],
  ])('%s → %s', (locale, separator) => {
    expect(csvSeparatorForLocale(locale)).toBe(separator);
  });

  it('falls back to "," for a tag it cannot read', () => {
    expect(csvSeparatorForLocale('not a locale!')).toBe(',');
  });
});
