/**
 * Another program's code is a code only as it arrived: plain letters, digits and `_ . : -`, at most 64. Nothing is
 * cleaned into a code the sender never sent.
 */
import { describe, expect, it } from 'vitest';
import { plainCode } from '@shared/text/foreign-code';

describe('a plain code', () => {
  it.each(['IICP-E049', 'private_address', 'http_502', 'restricted_domain_denied', 'a.b:c-d_e', 'x'.repeat(64)])(
    '%s is kept as it came',
    (code) => {
      expect(plainCode(code)).toBe(code);
    },
  );

  it.each([
    ['a zero-width space inside', 'IICP-E0\u200b49'],
    ['a bidi override after it', 'IICP-E049\u202e'],
    ['a terminal escape', 'IICP-E027\u001b[5m'],
    ['a space in front', ' IICP-E049'],
    ['a sentence', 'call +1 555 0100 to fix your node'],
    ['a new line', 'timeout\n'],
    ['too long', 'x'.repeat(65)],
    ['empty', ''],
  ])('is no code with %s', (_what, text) => {
    expect(plainCode(text)).toBeNull();
  });

  it('is no code when it is not a string', () => {
    for (const v of [null, undefined, 49, ['IICP-E049'], { code: 'IICP-E049' }]) expect(plainCode(v)).toBeNull();
  });
});
