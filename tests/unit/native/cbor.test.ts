/**
 * CBOR for the native transport (src-main/engine/native/cbor.ts): canonical integer-keyed maps, and a decoder a
 * hostile payload cannot make expensive or crash: the reader refuses deep nesting and item floods at the container's
 * header, before anything of it is built, a map key of a kind no frame uses, and malformed bytes; each comes back as
 * null from `decodeIntMap`, and as the reason from `readIntMap`.
 */
import { describe, expect, it } from 'vitest';
import { decodeIntMap, encodeCbor, readCbor, readIntMap } from '@engine/native/cbor';
import { MAX_FRAME_PAYLOAD } from '@engine/native/frame';

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

describe('encodeCbor', () => {
  it('writes a Map with number keys as an integer-keyed map, keys in canonical order', () => {
    const m = new Map<number, unknown>([
      [24, 't'],
      [2, 's'],
      [100, 1],
      [13, new Map([[1, 'x']])],
    ]);
    // a4 = map of 4; keys 02, 0d, 18 18, 18 64 in that order.
    expect(hex(encodeCbor(m))).toBe('a4' + '026173' + '0da1016178' + '18186174' + '186401');
  });

  it('writes a Buffer as a byte string, as a Uint8Array is', () => {
    expect(hex(encodeCbor(Buffer.from('ab')))).toBe('426162');
    expect(hex(encodeCbor(new Uint8Array([0x61, 0x62])))).toBe('426162');
  });
});

describe('decodeIntMap', () => {
  it('reads back what encodeCbor wrote', () => {
    const m = decodeIntMap(
      encodeCbor(
        new Map<number, unknown>([
          [1, 1],
          [2, 'node'],
          [5, Buffer.from('{}')],
        ]),
      ),
    );
    expect(m?.get(1)).toBe(1);
    expect(m?.get(2)).toBe('node');
    expect(m?.get(5)).toEqual(new Uint8Array(Buffer.from('{}')));
  });

  it('reads an empty map as an empty Map', () => {
    expect(decodeIntMap(Uint8Array.of(0xa0))?.size).toBe(0);
  });

  it('returns null for anything that is not an integer-keyed map', () => {
    expect(decodeIntMap(encodeCbor([1, 2]))).toBeNull();
    expect(decodeIntMap(encodeCbor({ a: 1 }))).toBeNull();
    expect(decodeIntMap(encodeCbor('text'))).toBeNull();
  });

  it('ignores a text key beside integer keys', () => {
    const m = decodeIntMap(
      encodeCbor(
        new Map<unknown, unknown>([
          [1, 'a'],
          ['x', 'b'],
        ]),
      ),
    );
    expect(m && [...m.keys()]).toEqual([1]);
  });

  it('refuses a map with a key that is neither text nor an integer, at any depth', () => {
    // {1: 1, h'00': 2}; {1: {1.5: 2}}; {1: {{}: 2}}; {[1]: 2}; {true: 1}
    for (const h of ['a2010141000102', 'a101a1f93e0002', 'a101a1a002', 'a1810102', 'a1f501']) {
      expect({ h, map: decodeIntMap(Buffer.from(h, 'hex')) }).toEqual({ h, map: null });
      expect({ h, read: readIntMap(Buffer.from(h, 'hex')) }).toEqual({ h, read: { refused: 'key_kind' } });
    }
  });

  it('says why a payload is not an integer-keyed map', () => {
    expect(readIntMap(encodeCbor([1, 2]))).toEqual({ refused: 'not_a_map' });
    expect(readIntMap(Buffer.from('a201010102', 'hex'))).toEqual({ refused: 'duplicate_key' });
    expect(readIntMap(Buffer.from('a101c100', 'hex'))).toEqual({ refused: 'tag' });
    expect(readIntMap(Buffer.from('a10162fffe', 'hex'))).toEqual({ refused: 'bad_utf8' });
    expect(readIntMap(Buffer.from('a101f7', 'hex'))).toEqual({ refused: 'simple_value' });
  });

  it('reads the floats a result may hold', () => {
    // {5: {"cost": 0.5 as a half, "z": 1.1 as a double}}
    const m = decodeIntMap(Buffer.from('a105a264636f7374f93800617afb3ff199999999999a', 'hex'));
    expect(m?.get(5)).toEqual({ cost: 0.5, z: 1.1 });
  });

  it('never throws on malformed bytes: truncated, trailing, reserved, a lying length, a duplicate key, bad UTF-8', () => {
    const cases = [
      '',
      'a1',
      'a101',
      'a10101ff',
      'a1010100',
      'a1011c',
      'a1015bffffffffffffffff',
      'a1019bffffffffffffffff',
      'bb00000000ffffffff',
      'a201010102',
      'a10162ffff',
      'a101ff',
      'a1015f4100ff',
      'a101c074323031332d30332d32315432303a30343a30305a',
    ];
    for (const c of cases) expect(() => decodeIntMap(Buffer.from(c, 'hex'))).not.toThrow();
    for (const c of cases) expect(decodeIntMap(Buffer.from(c, 'hex'))).toBeNull();
  });

  it('never throws on random bytes', () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    for (let n = 0; n < 2000; n++) {
      const bytes = Uint8Array.from({ length: 1 + (n % 40) }, next);
      expect(() => decodeIntMap(bytes)).not.toThrow();
    }
  });
});

describe('the limits', () => {
  it('refuses 16 MiB of nested arrays at the depth limit, having read a few dozen bytes', () => {
    const deep = Buffer.alloc(MAX_FRAME_PAYLOAD, 0x81);
    deep[deep.length - 1] = 0x00;
    expect(readCbor(deep)).toEqual({ refused: 'too_deep' });
    expect(decodeIntMap(deep)).toBeNull();
  });

  it('refuses a million tiny items at the header that claims them', () => {
    const items = 1_000_000;
    const flood = Buffer.alloc(1 + 1 + 1 + 4 + items, 0x00);
    flood[0] = 0xa1; // {1: [0, 0, … a million zeros]}
    flood[1] = 0x01;
    flood[2] = 0x9a;
    flood.writeUInt32BE(items, 3);
    expect(readCbor(flood)).toEqual({ refused: 'too_many_items' });
    expect(decodeIntMap(flood)).toBeNull();
    // The same shape within the limit is taken.
    expect((readCbor(flood, { maxItems: items + 3 }) as { value: Map<number, unknown[]> }).value.get(1)).toHaveLength(
      items,
    );
  });

  it('refuses a container that claims more items than there are bytes, at its header', () => {
    expect(readCbor(Buffer.from('9affffffff00', 'hex'))).toEqual({ refused: 'malformed' });
    expect(readCbor(Buffer.from('bbffffffffffffffff', 'hex'))).toEqual({ refused: 'malformed' });
  });

  it('takes nesting up to the depth limit and refuses one more', () => {
    const nested = (depth: number) => Buffer.concat([Buffer.alloc(depth, 0x81), Buffer.of(0x00)]);
    expect(readCbor(nested(4), { maxDepth: 4 }).refused).toBeUndefined();
    expect(readCbor(nested(5), { maxDepth: 4 })).toEqual({ refused: 'too_deep' });
  });

  it('refuses tags and indefinite lengths, which no IICP frame uses', () => {
    expect(readCbor(Buffer.from('c11a514b67b0', 'hex'))).toEqual({ refused: 'tag' });
    expect(readCbor(Buffer.from('9f01ff', 'hex'))).toEqual({ refused: 'indefinite_length' });
  });
});
