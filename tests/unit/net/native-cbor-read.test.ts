/**
 * The direct CBOR reader (src-main/engine/net/native-cbor-read.ts): for every value it takes, exactly what cbor2's
 * decode gives; null for what it leaves to cbor2 (floats, undefined, big integers, bad UTF-8, duplicate or odd keys);
 * never a different answer on random bytes; and the RESPONSE frames of a stream never reach cbor2's decoder.
 */
import type * as Cbor2 from 'cbor2';
import { describe, expect, it, vi } from 'vitest';
import { randomValue, rng } from '../../support/cbor-values';

const counted = vi.hoisted(() => ({ decodes: 0 }));
vi.mock('cbor2', async (importOriginal) => {
  const real = await importOriginal<typeof Cbor2>();
  return { ...real, decode: (...args: Parameters<typeof real.decode>) => (counted.decodes++, real.decode(...args)) };
});

const { readCanonicalCbor } = await import('@engine/net/native-cbor-read');
const { decodeCborByLibrary, decodeIntMap, encodeCborByLibrary, scanCbor } = await import('@engine/net/native-cbor');
const { decodeLifecycleResponse, encodeLifecycleResponse } = await import('@engine/net/native-messages');

describe('readCanonicalCbor', () => {
  it('reads exactly what cbor2 reads, for 3000 generated values', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const bytes = encodeCborByLibrary(randomValue(rng(seed), 0));
      const direct = readCanonicalCbor(bytes);
      expect({ seed, direct: direct !== null }).toEqual({ seed, direct: true });
      expect({ seed, value: direct!.value }).toStrictEqual({ seed, value: decodeCborByLibrary(bytes)!.value });
    }
  });

  it('leaves floats, undefined, big integers, bad UTF-8, duplicate keys, byte-string keys and __proto__ to cbor2', () => {
    const cases = ['f93e00', 'fb3ff8000000000000', 'f7', 'f0', '1b0020000000000000', '3b001fffffffffffff', '62fffe', 'a2616101616102', 'a2010102', 'a1410101', 'a1695f5f70726f746f5f5f01'];
    for (const h of cases) expect({ h, got: readCanonicalCbor(Buffer.from(h, 'hex')) }).toEqual({ h, got: null });
  });

  it('never gives an answer cbor2 would not give, on random bytes', () => {
    const r = rng(7);
    let agreed = 0;
    for (let i = 0; i < 20_000; i++) {
      const bytes = new Uint8Array(Array.from({ length: 1 + Math.floor(r() * 12) }, () => Math.floor(r() * 256)));
      if (!scanCbor(bytes)) continue;
      const direct = readCanonicalCbor(bytes);
      if (direct === null) continue;
      expect(direct.value).toStrictEqual(decodeCborByLibrary(bytes)?.value);
      agreed++;
    }
    expect(agreed).toBeGreaterThan(100);
  });
});

describe('the RESPONSE frames of a stream', () => {
  it('are read without cbor2', () => {
    const chunk = { iicp_conf_chunk: { version: 1, seq: 3, end: false, encrypted_body: 'AAECAwQFBgcICQ' } };
    const frames = [
      encodeLifecycleResponse({ sessionId: 's', callId: 'c', taskId: 't', sequence: 3, status: 'partial', result: chunk, tokensUsed: 7 }),
      encodeLifecycleResponse({ sessionId: 's', callId: 'c', taskId: 't', sequence: 4, status: 'error', error: { code: 'backend_error', message: 'no' } }),
    ];
    counted.decodes = 0;
    expect(decodeLifecycleResponse(frames[0]!)?.result).toEqual(chunk);
    expect(decodeLifecycleResponse(frames[1]!)?.error).toEqual({ code: 'backend_error', message: 'no' });
    expect(decodeIntMap(Buffer.from('a0', 'hex'))?.size).toBe(0);
    expect(counted.decodes).toBe(0);
  });
});
