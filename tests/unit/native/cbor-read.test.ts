/**
 * The one reader of a peer's CBOR (src-main/engine/native/cbor-read.ts), held to cbor2's decoder as the oracle:
 * for every value it takes, exactly what cbor2 gives; where it refuses what cbor2 would read, the refusal is one of
 * the kinds listed here on purpose; on random bytes and on fast-check's hostile trees it never disagrees otherwise,
 * and a tree is refused exactly when it holds what no frame holds; and no frame a peer sends reaches cbor2's decoder.
 */
import type * as Cbor2 from 'cbor2';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { CborRefusal } from '@engine/native/cbor-read';
import { cborTrees, encodeNode, problemsOf } from '../../support/cbor-fuzz';
import { decodeByLibrary, randomValue, rng, sameDecoded } from '../../support/cbor-values';

const counted = vi.hoisted(() => ({ decodes: 0 }));
vi.mock('cbor2', async (importOriginal) => {
  const real = await importOriginal<typeof Cbor2>();
  return { ...real, decode: (...args: Parameters<typeof real.decode>) => (counted.decodes++, real.decode(...args)) };
});

const { DEFAULT_CBOR_LIMITS, readCbor } = await import('@engine/native/cbor-read');
const { decodeIntMap, encodeCborByLibrary, readIntMap } = await import('@engine/native/cbor');
const { FRAME_CBOR_LIMITS, decodeCall, decodeLifecycleResponse, encodeLifecycleResponse } =
  await import('@engine/native/messages');

/** What the reader refuses although cbor2 reads a value from it: the node's own rules for a peer's bytes. */
const REFUSED_WHERE_CBOR2_READS: Partial<Record<CborRefusal, string[]>> = {
  // cbor2 makes a Date or a bigint of a tag.
  tag: ['c11a514b67b0', 'c249010000000000000000'],
  // `undefined`, and Simple objects.
  simple_value: ['f7', 'f0', 'f820', 'f8ff'],
  // bigints.
  big_integer: ['1b0020000000000000', '1bffffffffffffffff', '3b001fffffffffffff', '3bffffffffffffffff'],
  // A Map with a byte string, a float, a map, an array, a boolean, null, a tag as a key.
  key_kind: ['a1410101', 'a1f93c0001', 'a1fb3ff800000000000001', 'a1a0a0', 'a1810102', 'a1f401', 'a1f601', 'a1c10001'],
  // An own property `__proto__`; the same key beside an integer one.
  proto_key: ['a1695f5f70726f746f5f5f01', 'a20101695f5f70726f746f5f5f02'],
  // Key 1 twice, once written longer than it need be: cbor2 compares keys by their bytes, and keeps the last.
  duplicate_key: ['a20101180102'],
  // The limits: cbor2 reads 100 001 items and 33 levels.
  too_many_items: [`9a${(100_001).toString(16).padStart(8, '0')}${'00'.repeat(100_001)}`],
  too_deep: [`${'81'.repeat(33)}00`, `${'a101'.repeat(33)}00`],
};

/** What both refuse: not CBOR, or CBOR the app never took (the oracle is cbor2 as the app called it). */
const REFUSED_BY_BOTH: Partial<Record<CborRefusal, string[]>> = {
  malformed: [
    '',
    'a1',
    'a101',
    '1c',
    '1f',
    'ff',
    'f800',
    'f81f',
    'a10101ff',
    '5bffffffffffffffff',
    '9affffffff00',
    'bbffffffffffffffff',
    '0000',
  ],
  indefinite_length: ['9f01ff', '5f4100ff', '7f6161ff', 'bf0101ff'],
  bad_utf8: ['62fffe', '61c3', '63eda080', 'a161ff01'],
  duplicate_key: ['a201010102', 'a2616101616102'],
};

/** Refusals cbor2 always shares, whatever the bytes around them. */
const ALWAYS_BOTH: readonly string[] = ['malformed', 'indefinite_length', 'bad_utf8'];

const EVERY_REFUSAL: CborRefusal[] = [
  'malformed',
  'too_many_items',
  'too_deep',
  'indefinite_length',
  'tag',
  'simple_value',
  'big_integer',
  'bad_utf8',
  'key_kind',
  'duplicate_key',
  'proto_key',
];

/** The same decoding; vitest's diff when not (see `sameDecoded` for why not `toStrictEqual` alone). */
function expectSame(actual: unknown, expected: unknown): void {
  if (!sameDecoded(actual, expected)) expect(actual).toStrictEqual(expected);
}

describe('readCbor', () => {
  it('reads exactly what cbor2 reads, for 3000 generated values with floats among them', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const bytes = encodeCborByLibrary(randomValue(rng(seed), 0, { floats: true }));
      const read = readCbor(bytes);
      expect({ seed, refused: read.refused }).toEqual({ seed, refused: undefined });
      expect({ seed, value: 'value' in read ? read.value : null }).toStrictEqual({
        seed,
        value: decodeByLibrary(bytes)!.value,
      });
    }
  });

  it('reads half, single and double floats as cbor2 does, every half among them', () => {
    for (let bits = 0; bits <= 0xffff; bits++) {
      const bytes = Buffer.from([0xf9, bits >> 8, bits & 0xff]);
      expect({ bits, value: (readCbor(bytes) as { value: unknown }).value }).toStrictEqual({
        bits,
        value: decodeByLibrary(bytes)!.value,
      });
    }
    for (const h of [
      'fa47c35000',
      'fa7f800000',
      'faff800000',
      'fa00000001',
      'fb3ff199999999999a',
      'fb8000000000000000',
      'fb7ff8000000000001',
    ]) {
      const bytes = Buffer.from(h, 'hex');
      expect({ h, value: (readCbor(bytes) as { value: unknown }).value }).toStrictEqual({
        h,
        value: decodeByLibrary(bytes)!.value,
      });
    }
  });

  it('names every refusal in one of the two lists', () => {
    expect(new Set([...Object.keys(REFUSED_WHERE_CBOR2_READS), ...Object.keys(REFUSED_BY_BOTH)])).toEqual(
      new Set(EVERY_REFUSAL),
    );
  });

  it('refuses on purpose these kinds, where cbor2 reads a value', () => {
    for (const [kind, cases] of Object.entries(REFUSED_WHERE_CBOR2_READS)) {
      for (const h of cases!) {
        const bytes = Buffer.from(h, 'hex');
        expect({ h, refused: readCbor(bytes).refused }).toEqual({ h, refused: kind });
        expect({ h, cbor2Reads: decodeByLibrary(bytes) !== undefined }).toEqual({ h, cbor2Reads: true });
      }
    }
  });

  it('refuses what cbor2 refuses too, naming why', () => {
    for (const [kind, cases] of Object.entries(REFUSED_BY_BOTH)) {
      for (const h of cases!) {
        const bytes = Buffer.from(h, 'hex');
        expect({ h, refused: readCbor(bytes).refused }).toEqual({ h, refused: kind });
        expect({ h, cbor2: decodeByLibrary(bytes) }).toEqual({ h, cbor2: undefined });
      }
    }
  });

  it('judges a key by its first byte: an 8 MiB byte-string key is refused without its bytes being read', () => {
    const size = 8 * 1024 * 1024;
    const payload = Buffer.alloc(1 + 5 + size + 1, 0x41);
    payload[0] = 0xa1;
    payload[1] = 0x5a;
    payload.writeUInt32BE(size, 2);
    payload[payload.length - 1] = 0x01;
    expect(readCbor(payload).refused).toBe('key_kind');
    // …and thirty maps, each keyed by the next one: refused at the first key, however deep they go.
    expect(readCbor(Buffer.from(`${'a1'.repeat(30)}0101`, 'hex')).refused).toBe('key_kind');
  });

  it('never gives another answer than cbor2 on random bytes, except by refusing on purpose', () => {
    const r = rng(7);
    let agreed = 0;
    for (let i = 0; i < 20_000; i++) {
      const bytes = new Uint8Array(Array.from({ length: 1 + Math.floor(r() * 12) }, () => Math.floor(r() * 256)));
      const read = readCbor(bytes);
      const oracle = decodeByLibrary(bytes);
      if (read.refused === undefined) {
        expectSame(read.value, oracle?.value);
        agreed++;
      } else if (ALWAYS_BOTH.includes(read.refused)) {
        expect({ bytes: Buffer.from(bytes).toString('hex'), refused: read.refused, cbor2: oracle }).toEqual({
          bytes: Buffer.from(bytes).toString('hex'),
          refused: read.refused,
          cbor2: undefined,
        });
      } else {
        expect(EVERY_REFUSAL).toContain(read.refused);
      }
    }
    expect(agreed).toBeGreaterThan(100);
  });

  for (const [name, limits, runs] of [
    ['the default limits', DEFAULT_CBOR_LIMITS, 300],
    ["a session frame's limits", FRAME_CBOR_LIMITS, 300],
  ] as const) {
    it(`refuses a hostile tree exactly when it holds what no frame holds, within ${name}, and reads every other as cbor2 does (fast-check)`, () => {
      const { payload } = cborTrees({ maxBig: 4096, maxWide: limits.maxItems + 10, limits });
      fc.assert(
        fc.property(payload, (tree) => {
          const bytes = encodeNode(tree);
          const problems = problemsOf(tree, limits);
          const read = readCbor(bytes, limits);
          if (problems.size === 0) {
            expect(read.refused).toBeUndefined();
            expectSame((read as { value: unknown }).value, decodeByLibrary(bytes)?.value);
          } else {
            expect([...problems]).toContain(read.refused);
          }
        }),
        { numRuns: runs },
      );
    }, 120_000);
  }
});

describe('what a peer sends', () => {
  it('never reaches cbor2: stream frames, buffered answers, CALLs and hostile payloads alike', () => {
    const chunk = { iicp_conf_chunk: { version: 1, seq: 3, end: false, encrypted_body: 'AAECAwQFBgcICQ' } };
    const frames = [
      encodeLifecycleResponse({
        sessionId: 's',
        callId: 'c',
        taskId: 't',
        sequence: 3,
        status: 'partial',
        result: chunk,
        tokensUsed: 7,
      }),
      encodeLifecycleResponse({
        sessionId: 's',
        callId: 'c',
        taskId: 't',
        sequence: 4,
        status: 'error',
        error: { code: 'backend_error', message: 'no' },
      }),
    ];
    const withFloat = encodeCborByLibrary(
      new Map<number, unknown>([
        [2, 's'],
        [5, { usage: { cost: 0.5 } }],
      ]),
    );
    const { payload } = cborTrees({ maxBig: 1024, maxWide: 200 });
    const hostile = fc.sample(payload, { numRuns: 200, seed: 11 }).map(encodeNode);
    counted.decodes = 0;
    expect(decodeLifecycleResponse(frames[0]!)?.result).toEqual(chunk);
    expect(decodeLifecycleResponse(frames[1]!)?.error).toEqual({ code: 'backend_error', message: 'no' });
    expect(decodeIntMap(Buffer.from('a0', 'hex'))?.size).toBe(0);
    expect(decodeIntMap(withFloat)?.get(5)).toEqual({ usage: { cost: 0.5 } });
    for (const bytes of [
      ...hostile,
      ...Object.values(REFUSED_WHERE_CBOR2_READS)
        .flat()
        .map((h) => h!)
        .map((h) => Buffer.from(h, 'hex')),
    ]) {
      readIntMap(bytes);
      decodeCall(bytes);
      decodeLifecycleResponse(bytes);
    }
    expect(counted.decodes).toBe(0);
  });
});
