/**
 * The capped line splitter every program's output goes through: lines split at any chunk border, CRLF, a line over
 * its cap dropped whole (and never decoded), and a total budget that two streams share and that stops the reading.
 */
import { describe, expect, it } from 'vitest';
import { CappedLineSplitter, OutputBudget } from '@engine/subprocess/capped-lines';

const b = (s: string) => Buffer.from(s, 'utf8');
const splitter = (maxLine = 16, total = 1024) => new CappedLineSplitter(maxLine, new OutputBudget(total));

/** Every line `text` gives when fed in pieces of `size` bytes, the last unterminated one included. */
function feed(s: CappedLineSplitter, text: Buffer, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...s.push(text.subarray(i, i + size)));
  return [...out, ...s.end()];
}

describe('CappedLineSplitter', () => {
  it('gives the same lines whatever the chunk borders, LF and CRLF alike, empty lines kept', () => {
    const text = b('first\r\nsecond\n\nthird\r\n  fourth line\nlast');
    for (let size = 1; size <= text.length; size++) {
      expect(feed(splitter(), text, size)).toEqual(['first', 'second', '', 'third', '  fourth line', 'last']);
    }
  });

  it('keeps a character split across two chunks whole', () => {
    const text = b('grüße 🌍 done\n');
    for (let size = 1; size <= 4; size++) expect(feed(splitter(32), text, size)).toEqual(['grüße 🌍 done']);
  });

  it('keeps a line of exactly the cap, with or without CR, and drops one a byte longer', () => {
    const s = splitter(8);
    expect(s.push(b('12345678\n12345678\r\n123456789\nok\n'))).toEqual(['12345678', '12345678', 'ok']);
    expect(s.dropped).toBe(1);
  });

  it('drops an overlong line whole, holding no more than the cap of it, and reads on after its end', () => {
    const s = splitter(16, 64 * 1024 * 1024);
    expect(s.push(b('before\nhttps://evil'))).toEqual(['before']);
    // 8 MiB of one line in 64 KiB chunks: none of it comes out, the URL in it included.
    const chunk = Buffer.alloc(64 * 1024, 0x78);
    for (let i = 0; i < 128; i++) expect(s.push(chunk)).toEqual([]);
    expect(s.push(b('.trycloudflare.com\nafter\n'))).toEqual(['after']);
    expect(s.dropped).toBe(1);
    expect(s.end()).toEqual([]);
  });

  it('drops an overlong last line at the end too', () => {
    const s = splitter(4);
    s.push(b('abcdefgh'));
    expect(s.end()).toEqual([]);
    expect(s.dropped).toBe(1);
  });

  it('reads only up to the total budget, shared by two streams, then nothing more', () => {
    const budget = new OutputBudget(20);
    const out = new CappedLineSplitter(16, budget);
    const err = new CappedLineSplitter(16, budget);
    expect(out.push(b('one\ntwo\n'))).toEqual(['one', 'two']);
    expect(budget.used).toBe(8);
    // 12 bytes fit: "three\n" and half of "fourth\n"; the rest is not read.
    expect(err.push(b('three\nfourth\nfifth\n'))).toEqual(['three']);
    expect(budget.exceeded).toBe(true);
    expect(budget.used).toBe(20);
    expect(out.push(b('more\n'))).toEqual([]);
    expect(err.push(b('\n'))).toEqual([]);
  });

  it('a budget met exactly is not exceeded', () => {
    const budget = new OutputBudget(4);
    expect(budget.take(4)).toBe(4);
    expect(budget.exceeded).toBe(false);
    expect(budget.take(1)).toBe(0);
    expect(budget.exceeded).toBe(true);
  });
});
