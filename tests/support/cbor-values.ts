/**
 * Values of the kinds IICP frames hold, generated from a seed, for the CBOR writer's and reader's tests; and cbor2's
 * decoder, the oracle the reader is held to (the app itself never decodes with cbor2).
 */
import { decode } from 'cbor2';

const TEXTS = [
  '',
  'a',
  'b',
  'aa',
  'Z',
  'ü',
  'é',
  '日本',
  '😀',
  'x'.repeat(23),
  'x'.repeat(24),
  'y'.repeat(300),
  'a\u0000b',
  '\ud800',
  'e\u0301',
  'finish_reason',
  'content',
];

/** `floats`: doubles as well (a result from an SDK's node may hold them; the direct writer leaves them to cbor2). */
export function randomValue(r: () => number, depth: number, opts: { floats?: boolean } = {}): unknown {
  if (opts.floats && r() < 0.1) return FLOATS[Math.floor(r() * FLOATS.length)]!;
  const pick = Math.floor(r() * (depth > 3 ? 6 : 10));
  const int = (): number =>
    [
      0,
      1,
      23,
      24,
      255,
      256,
      65535,
      65536,
      2 ** 32 - 1,
      2 ** 32,
      Number.MAX_SAFE_INTEGER,
      -1,
      -24,
      -25,
      -256,
      -257,
      -(2 ** 32),
      Number.MIN_SAFE_INTEGER,
    ][Math.floor(r() * 18)]!;
  switch (pick) {
    case 0:
      return int();
    case 1:
      return TEXTS[Math.floor(r() * TEXTS.length)]!;
    case 2:
      return r() < 0.5;
    case 3:
      return null;
    case 4:
      return Buffer.from(Array.from({ length: Math.floor(r() * 40) }, () => Math.floor(r() * 256)));
    case 5:
      return new Uint8Array(Array.from({ length: Math.floor(r() * 30) }, () => Math.floor(r() * 256)));
    case 6:
      return Array.from({ length: Math.floor(r() * 5) }, () => randomValue(r, depth + 1, opts));
    case 7: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(r() * 6); i > 0; i--)
        o[TEXTS[Math.floor(r() * TEXTS.length)]! + (r() < 0.3 ? String(i) : '')] = randomValue(r, depth + 1, opts);
      return o;
    }
    case 8: {
      const m = new Map<number, unknown>();
      for (let i = Math.floor(r() * 8); i > 0; i--) m.set(Math.abs(int()), randomValue(r, depth + 1, opts));
      return m;
    }
    default: {
      const m = new Map<string, unknown>();
      for (let i = Math.floor(r() * 5); i > 0; i--)
        m.set(TEXTS[Math.floor(r() * TEXTS.length)]!, randomValue(r, depth + 1, opts));
      return m;
    }
  }
}

const FLOATS = [
  0.5,
  -0.5,
  1.5,
  -0,
  NaN,
  Infinity,
  -Infinity,
  65504,
  65505,
  1e-7,
  5.960464477539063e-8,
  3.4028234663852886e38,
  0.1,
  1e300,
  -2.5e-310,
  2 ** 53 + 2,
];

/** cbor2's decoding of `bytes`, as the app decoded before it had its own reader; undefined where cbor2 refuses them. */
export function decodeByLibrary(bytes: Uint8Array): { value: unknown } | undefined {
  try {
    return { value: decode(bytes, { rejectDuplicateKeys: true, rejectStreaming: true }) };
  } catch {
    return undefined;
  }
}

/**
 * Whether two decoded values are the same: the same kinds (Map, plain object, array, byte string, number by
 * `Object.is`) all the way down. Vitest's `toStrictEqual` also compares objects' `constructor`, which a decoded map
 * with the text key "constructor" has as an own property, so two equal decodings of it would differ there.
 */
export function sameDecoded(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (a instanceof Uint8Array || b instanceof Uint8Array)
    return a instanceof Uint8Array && b instanceof Uint8Array && Buffer.from(a).equals(Buffer.from(b));
  if (Array.isArray(a) || Array.isArray(b))
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameDecoded(x, b[i]));
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map && b instanceof Map) || a.size !== b.size) return false;
    return [...a].every(([k, v]) => b.has(k) && sameDecoded(v, b.get(k)));
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every(
      (k) => Object.hasOwn(b, k) && sameDecoded((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}

/** A small deterministic generator, so a failure names its seed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}
