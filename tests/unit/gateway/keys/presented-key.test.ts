import { describe, expect, it } from 'vitest';
import { presentedKey } from '@engine/gateway/keys/presented-key';

/** A real key's shape: `iicp-` and 43 characters of base64url. */
const KEY = `iicp-${Buffer.alloc(32, 0xab).toString('base64url')}`;
const OTHER = `iicp-${Buffer.alloc(32, 0xcd).toString('base64url')}`;

/** Headers as Node hands them over in `headersDistinct`: names in lower case, every value of a repeated header. */
const h = (...pairs: [string, string][]) => {
  const out: Record<string, string[]> = {};
  for (const [name, value] of pairs) (out[name.toLowerCase()] ??= []).push(value);
  return out;
};

describe('presentedKey: one key, however it is spelled; anything else a wrong key', () => {
  it('the spellings of one key', () => {
    const same: Record<string, string[]>[] = [
      h(['Authorization', `Bearer ${KEY}`]),
      h(['authorization', `bearer ${KEY}`]),
      h(['AUTHORIZATION', `BEARER ${KEY}`]),
      h(['Authorization', `bEaReR \t  ${KEY}`]),
      h(['x-api-key', KEY]),
      h(['X-API-KEY', KEY]),
      h(['Authorization', `Bearer ${KEY}`], ['x-api-key', KEY]),
      h(['x-api-key', KEY], ['authorization', `bearer\t${KEY}`]),
    ];
    for (const headers of same)
      expect(presentedKey(headers), JSON.stringify(headers)).toEqual({ kind: 'key', key: KEY });
  });

  it('no key at all: neither header', () => {
    expect(presentedKey({})).toEqual({ kind: 'none' });
    expect(presentedKey(h(['content-type', 'application/json']))).toEqual({ kind: 'none' });
  });

  it('wrong, whatever the order: another key beside it, two of a header, another scheme, anything around the key', () => {
    const flipped =
      KEY.slice(0, 5) +
      [...KEY.slice(5)].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
    const wrong: [string, string][][] = [
      [
        ['Authorization', `Bearer ${KEY}`],
        ['x-api-key', OTHER],
      ],
      [
        ['x-api-key', OTHER],
        ['Authorization', `Bearer ${KEY}`],
      ],
      [
        ['Authorization', `Bearer ${KEY}`],
        ['x-api-key', 'not-a-key'],
      ],
      [
        ['Authorization', `Bearer ${KEY}`],
        ['Authorization', `Bearer ${OTHER}`],
      ],
      [
        ['Authorization', `Bearer ${KEY}`],
        ['Authorization', `Bearer ${KEY}`],
      ],
      [
        ['x-api-key', KEY],
        ['x-api-key', KEY],
      ],
      [
        ['Authorization', `Basic ${Buffer.from(`x:${KEY}`).toString('base64')}`],
        ['x-api-key', KEY],
      ],
      [
        ['x-api-key', KEY],
        ['Authorization', 'Basic eDp5'],
      ],
      [['Authorization', KEY]],
      [['Authorization', `Token ${KEY}`]],
      [['Authorization', `Bearer=${KEY}`]],
      [['Authorization', `Bearer${KEY}`]],
      [['Authorization', 'Bearer']],
      [['Authorization', '']],
      [['x-api-key', '']],
      [['Authorization', `Bearer ${KEY} extra`]],
      [['Authorization', `Bearer "${KEY}"`]],
      [['Authorization', `Bearer ${KEY}\u00a0`]],
      [['Authorization', `Bearer\u00a0${KEY}`]],
      [['x-api-key', `${KEY}\u00a0`]],
      [['x-api-key', `Bearer ${KEY}`]],
      [['x-api-key', `${KEY}, ${KEY}`]],
      [['Authorization', `Bearer ${'a'.repeat(257)}`]],
    ];
    for (const pairs of wrong) expect(presentedKey(h(...pairs)), JSON.stringify(pairs)).toEqual({ kind: 'wrong' });
    // The key in another case is another key: read as given, and the key check refuses it (it is compared whole).
    expect(presentedKey(h(['Authorization', `Bearer ${flipped}`]))).toEqual({ kind: 'key', key: flipped });
  });
});
