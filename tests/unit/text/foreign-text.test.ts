/**
 * The one cleaner for text the node did not write, and the quotation that shows it: what is removed, what is kept,
 * and that the page gets text, never markup.
 */
import { describe, expect, it } from 'vitest';
import {
  cleanForeignText,
  cleanForeignTextOrNull,
  countInvisibleChars,
  quoteForeignText,
} from '@shared/text/foreign-text';
import { renderComponent } from '../../support/render-markup';

describe('cleanForeignText', () => {
  it.each([
    [
      'bidi embeddings, overrides and isolates',
      'a\u202ab\u202bc\u202cd\u202de\u202ef\u2066g\u2067h\u2068i\u2069j',
      'abcdefghij',
    ],
    ['direction marks and the Arabic letter mark', 'a\u200eb\u200fc\u061cd', 'abcd'],
    ['zero-width characters, the BOM and a soft hyphen', 'a\u200bb\u200cc\u200dd\ufeffe\u00adf', 'abcdef'],
    ['C0 and C1 controls, between words a space', 'a\u0000b\tc\nd\u0085e\u009ff\u007fg', 'a b c d e f g'],
    [
      'ANSI colour and screen-clear sequences as a whole',
      '\u001b[1;31mred\u001b[0m \u001b[2Jcleared \u009b1mc1',
      'red cleared c1',
    ],
    [
      'an OSC 8 hyperlink with its hidden address',
      '\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\',
      'click',
    ],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'a b c'],
    ['runs of white space', '  a \u00a0\u3000  b  ', 'a b'],
  ])('removes %s', (_what, input, expected) => {
    expect(cleanForeignText(input)).toBe(expected);
    expect(countInvisibleChars(cleanForeignText(input))).toBe(0);
  });

  it('keeps ordinary text in any script, and markup as plain characters', () => {
    expect(cleanForeignText('qwen2.5:7b-instruct')).toBe('qwen2.5:7b-instruct');
    expect(cleanForeignText('שלום مرحبا 你好 ü')).toBe('שלום مرحبا 你好 ü');
    expect(cleanForeignText('<b>x</b>')).toBe('<b>x</b>');
  });

  it('cuts to the cap in code points, marking the cut, and cleaning again changes nothing', () => {
    const long = `${'😀'.repeat(300)}`;
    const cut = cleanForeignText(long, 10);
    expect(Array.from(cut)).toHaveLength(10);
    expect(cut.endsWith('…')).toBe(true);
    expect(cleanForeignText(cut, 10)).toBe(cut);
    expect(Array.from(cleanForeignText('x'.repeat(100_000)))).toHaveLength(200);
  });

  it('turns what is not a string into nothing', () => {
    expect(cleanForeignText(null)).toBe('');
    expect(cleanForeignText({ toString: () => 'x' })).toBe('');
    expect(cleanForeignTextOrNull('\u202e\u200b')).toBeNull();
    expect(quoteForeignText('a\u202eb')).toBe('“ab”');
  });
});

describe('<Quoted>', () => {
  it('shows the text cleaned, in quotation marks, isolated, and as text only', async () => {
    const html = await renderComponent('components/ui/Quoted.tsx', 'Quoted', {
      text: '\u202e<a href="https://evil.example">key leaked</a>\u001b[31m',
    });
    expect(html).toMatch(
      /^<span [^>]*data-testid="quoted"[^>]*>“<bdi>&lt;a href=&quot;https:\/\/evil.example&quot;&gt;key leaked&lt;\/a&gt;<\/bdi>”<\/span>$/,
    );
    expect(html).not.toContain('<a ');
    expect(countInvisibleChars(html)).toBe(0);
  });

  it('shows nothing for an empty text, and a list with our commas outside the quotes', async () => {
    expect(await renderComponent('components/ui/Quoted.tsx', 'Quoted', { text: '\u200b' })).toBe('');
    const list = await renderComponent('components/ui/Quoted.tsx', 'QuotedList', { items: ['a', '', 'b\u202e'] });
    expect(list.replace(/<[^>]*>/g, '')).toBe('“a”, “b”');
  });
});
