import { describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url } from '@engine/cx/base64url';

describe('strict unpadded base64url (internal)', () => {
  it('round-trips every length and byte value without padding', () => {
    for (let n = 0; n <= 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 13) & 0xff);
      const text = encodeBase64url(bytes);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(decodeBase64url(text)?.equals(Buffer.from(bytes))).toBe(true);
    }
    expect(decodeBase64url('-_-_')?.toString('hex')).toBe('fbffbf');
  });

  it('refuses padding, the standard alphabet, whitespace and stray characters', () => {
    for (const bad of ['AAAAAA==', 'AAAAAA=', '+AAA', '/AAA', 'AA AA', 'AAAA\n', ' AAAA', 'AA.A', 'AAé', 'AA%3D']) {
      expect({ bad, decoded: decodeBase64url(bad) }).toEqual({ bad, decoded: null });
    }
  });

  it('refuses lengths no byte string encodes to, and non-canonical final characters', () => {
    expect(decodeBase64url('A')).toBeNull();
    expect(decodeBase64url('AAAAA')).toBeNull();
    expect(decodeBase64url('AB')).toBeNull(); // canonical one-byte form is 'AA'
    expect(decodeBase64url('AAB')).toBeNull(); // canonical two-byte form is 'AAA'
  });
});
