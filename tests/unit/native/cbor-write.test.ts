/**
 * The direct canonical CBOR writer (src-main/engine/native/cbor-write.ts): byte for byte what cbor2 writes with
 * `cde: true` for every value it takes, null for what it leaves to cbor2, and the frames of a stream never reach
 * cbor2's encoder (which cost about 100 µs a frame).
 */
import type * as Cbor2 from 'cbor2';
import { describe, expect, it, vi } from 'vitest';
import { randomValue, rng } from '../../support/cbor-values';

const counted = vi.hoisted(() => ({ encodes: 0 }));
vi.mock('cbor2', async (importOriginal) => {
  const real = await importOriginal<typeof Cbor2>();
  return { ...real, encode: (...args: Parameters<typeof real.encode>) => (counted.encodes++, real.encode(...args)) };
});

const { writeCanonicalCbor } = await import('@engine/native/cbor-write');
const { encodeCbor, encodeCborByLibrary } = await import('@engine/native/cbor');
const { encodeLifecycleResponse, encodeBufferedResponse } = await import('@engine/native/messages');

const hex = (b: Uint8Array | null): string | null => (b === null ? null : Buffer.from(b).toString('hex'));

describe('writeCanonicalCbor', () => {
  it('writes exactly what cbor2 writes canonically, for 3000 generated values', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const v = randomValue(rng(seed), 0);
      expect({ seed, bytes: hex(writeCanonicalCbor(v)) }).toEqual({ seed, bytes: hex(encodeCborByLibrary(v)) });
    }
  });

  it('orders integer keys and text keys as their encodings sort', () => {
    const ints = new Map<number, unknown>([
      [256, 0],
      [24, 0],
      [23, 0],
      [0, 0],
      [65536, 0],
    ]);
    expect(hex(writeCanonicalCbor(ints))).toBe(hex(encodeCborByLibrary(ints)));
    const texts = { bb: 1, a: 2, ü: 3, z: 4, aaa: 5, '😀': 6, é: 7 };
    expect(hex(writeCanonicalCbor(texts))).toBe(hex(encodeCborByLibrary(texts)));
  });

  it('leaves floats, -0, unsafe integers, undefined, negative or mixed keys and other objects to cbor2', () => {
    for (const v of [
      1.5,
      -0,
      NaN,
      Infinity,
      2 ** 60,
      undefined,
      [1, undefined],
      { a: undefined },
      new Map<unknown, unknown>([
        [-1, 1],
        [2, 2],
      ]),
      new Map<unknown, unknown>([
        [1, 1],
        ['a', 2],
      ]),
      new Date(0),
      new Uint16Array(2),
      10n,
      Symbol('s'),
    ]) {
      expect(writeCanonicalCbor(v)).toBeNull();
    }
    // …and encodeCbor still writes them, through cbor2.
    expect(hex(encodeCbor({ usage: { cost: 0.5 } }))).toBe(hex(encodeCborByLibrary({ usage: { cost: 0.5 } })));
  });

  it('grows past its first buffer and is not changed by the next call', () => {
    const big = { text: 'w'.repeat(100_000), bytes: Buffer.alloc(70_000, 7) };
    const first = writeCanonicalCbor(big)!;
    const copy = Buffer.from(first);
    writeCanonicalCbor({ other: 'x'.repeat(5000) });
    expect(Buffer.from(first).equals(copy)).toBe(true);
    expect(hex(first)).toBe(hex(encodeCborByLibrary(big)));
  });
});

describe('the frames of a stream', () => {
  it('are encoded without cbor2', () => {
    const chunk = { iicp_conf_chunk: { version: 1, seq: 3, end: false, encrypted_body: 'AAECAwQFBgcICQ' } };
    counted.encodes = 0;
    encodeLifecycleResponse({
      sessionId: 's',
      callId: 'c',
      taskId: 't',
      sequence: 3,
      status: 'partial',
      result: chunk,
      tokensUsed: 7,
    });
    encodeLifecycleResponse({
      sessionId: 's',
      callId: 'c',
      taskId: 't',
      sequence: 4,
      status: 'partial',
      result: ' plain text',
    });
    encodeLifecycleResponse({
      sessionId: 's',
      callId: 'c',
      taskId: 't',
      sequence: 5,
      status: 'success',
      result: { finish_reason: 'stop', usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 }, model: 'm' },
      tokensUsed: 7,
    });
    encodeBufferedResponse({
      sessionId: 's',
      callId: 'c',
      result: encodeCbor({ choices: [{ message: { content: 'hi' } }] }),
    });
    expect(counted.encodes).toBe(0);
  });
});
