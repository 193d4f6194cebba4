/**
 * The scan of a frame's CBOR headers as its bytes arrive (src-main/engine/native/cbor-scan.ts): it refuses the
 * attack's payloads within their first bytes, and on fast-check's hostile trees and on random bytes, in any chunking,
 * it refuses only what the reader refuses too, for a reason the tree holds, and never what the reader takes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CborHeaderScan } from '@engine/native/cbor-scan';
import { DEFAULT_CBOR_LIMITS, readCbor, type CborLimits, type CborRefusal } from '@engine/native/cbor-read';
import { FRAME_CBOR_LIMITS } from '@engine/native/messages';
import { attackPayloads, cborTrees, encodeNode, problemsOf } from '../../support/cbor-fuzz';
import { rng } from '../../support/cbor-values';

/** The scan's verdict on `bytes` pushed `size` bytes at a time, and how many bytes it had seen when it refused. */
function scan(bytes: Uint8Array, size: number, limits: CborLimits = {}): { refused: CborRefusal | null; seen: number } {
  const s = new CborHeaderScan(bytes.length, limits);
  for (let i = 0; i < bytes.length; i += size) {
    const refused = s.push(bytes.subarray(i, i + size));
    if (refused) return { refused, seen: Math.min(bytes.length, i + size) };
  }
  return { refused: null, seen: bytes.length };
}

describe('CborHeaderScan', () => {
  it("refuses the attack's payloads within their first bytes", () => {
    // A byte-string key and a map as a key at their first byte, the payload's second; 30 nested maps at the 17th
    // level, past a session frame's 16, or at the innermost key within the default limits.
    const expected = [
      ['key_kind', 2, 'key_kind'],
      ['key_kind', 2, 'key_kind'],
      ['too_deep', 33, 'key_kind'],
    ] as const;
    attackPayloads().forEach(({ name, payload }, i) => {
      const [refused, seen, withDefaults] = expected[i]!;
      expect({ name, ...scan(payload, 1, FRAME_CBOR_LIMITS) }).toEqual({ name, refused, seen });
      expect({ name, ...scan(payload, 64 * 1024, FRAME_CBOR_LIMITS) }).toEqual({ name, refused, seen: 64 * 1024 });
      expect({ name, refused: scan(payload, 64 * 1024).refused }).toEqual({ name, refused: withDefaults });
    });
  });

  it('lets a frame through whole when only its contents are wrong, for the reader to refuse', () => {
    // Bad UTF-8, a duplicate key, __proto__: the headers are fine.
    for (const h of ['a10162fffe', 'a201010102', 'a1695f5f70726f746f5f5f01'])
      expect(scan(Buffer.from(h, 'hex'), 1).refused).toBeNull();
  });

  it('refuses a length or a count past the end of the frame at its header', () => {
    expect(scan(Buffer.from('a1015a00100000', 'hex'), 1).refused).toBe('malformed');
    expect(scan(Buffer.from('9affffffff00', 'hex'), 1).refused).toBe('malformed');
    expect(scan(Buffer.from('a10101ff', 'hex'), 1).refused).toBe('malformed');
  });

  for (const [name, limits] of [
    ['the default limits', DEFAULT_CBOR_LIMITS],
    ["a session frame's limits", FRAME_CBOR_LIMITS],
  ] as const) {
    it(`refuses only what the reader refuses, within ${name}, in any chunking (fast-check)`, () => {
      const { payload } = cborTrees({ maxBig: 4096, maxWide: limits.maxItems + 10, limits });
      fc.assert(
        fc.property(payload, fc.integer({ min: 1, max: 5000 }), (tree, size) => {
          const bytes = encodeNode(tree);
          const { refused } = scan(bytes, size, limits);
          const read = readCbor(bytes, limits);
          if (read.refused === undefined) expect(refused).toBeNull();
          if (refused !== null) {
            expect(read.refused).toBeDefined();
            expect([...problemsOf(tree, limits)]).toContain(refused);
          }
          // The same verdict whatever the chunking.
          expect(scan(bytes, 1, limits).refused).toBe(refused);
        }),
        { numRuns: 300 },
      );
    }, 120_000);
  }

  it('refuses only what the reader refuses, on random bytes', () => {
    const r = rng(9);
    let refusedEarly = 0;
    for (let i = 0; i < 20_000; i++) {
      const bytes = new Uint8Array(Array.from({ length: 1 + Math.floor(r() * 12) }, () => Math.floor(r() * 256)));
      const { refused } = scan(bytes, 1 + (i % 4));
      const read = readCbor(bytes);
      if (refused !== null) {
        expect({ hex: Buffer.from(bytes).toString('hex'), read: read.refused !== undefined }).toEqual({
          hex: Buffer.from(bytes).toString('hex'),
          read: true,
        });
        refusedEarly++;
      }
      if (read.refused === undefined) expect(refused).toBeNull();
    }
    expect(refusedEarly).toBeGreaterThan(1000);
  });
});
