/**
 * A direct reader for the CBOR values IICP frames hold, for bytes `scanCbor` has already judged well-formed and
 * within the limits: maps, arrays, text, byte strings, integers, booleans and null. The gateway reads one RESPONSE
 * per piece of every stream it passes on, and cbor2's decoder builds a token stream and a container per item first.
 *
 * What it returns is what cbor2's `decode` returns for the same bytes: a map whose keys are all text is a plain
 * object, any other map a Map, a byte string a view of the input. Anything else — a float, `undefined`, another
 * simple value, an integer past 2^53, text that is not UTF-8, a duplicate key, a key that is neither text nor an
 * integer, `__proto__` — makes it return null, and the caller asks cbor2, which knows (or refuses) every case.
 */

const UNSUPPORTED = Symbol('unsupported');
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

let src: Uint8Array = new Uint8Array(0);
let at = 0;

/** The value of `bytes` (one whole item), or null when it holds something this reader leaves to cbor2. */
export function readCanonicalCbor(bytes: Uint8Array): { value: unknown } | null {
  src = bytes;
  at = 0;
  try {
    const value = item();
    return at === bytes.length ? { value } : null;
  } catch {
    // UNSUPPORTED, or text that is not UTF-8: cbor2 decides.
    return null;
  } finally {
    src = new Uint8Array(0);
  }
}

function arg(info: number): number {
  if (info < 24) return info;
  if (at + (1 << (info - 24)) > src.length) throw UNSUPPORTED;
  switch (info) {
    case 24:
      return src[at++]!;
    case 25: {
      const v = (src[at]! << 8) | src[at + 1]!;
      at += 2;
      return v;
    }
    case 26: {
      const v = src[at]! * 0x1000000 + ((src[at + 1]! << 16) | (src[at + 2]! << 8) | src[at + 3]!);
      at += 4;
      return v;
    }
    case 27: {
      const hi = src[at]! * 0x1000000 + ((src[at + 1]! << 16) | (src[at + 2]! << 8) | src[at + 3]!);
      const lo = src[at + 4]! * 0x1000000 + ((src[at + 5]! << 16) | (src[at + 6]! << 8) | src[at + 7]!);
      at += 8;
      // cbor2 gives a bigint past 2^53 - 1.
      if (hi >= 0x200000) throw UNSUPPORTED;
      return hi * 0x100000000 + lo;
    }
    default:
      throw UNSUPPORTED;
  }
}

function item(): unknown {
  if (at >= src.length) throw UNSUPPORTED;
  const initial = src[at++]!;
  const major = initial >> 5;
  const info = initial & 0x1f;
  if (major === 7) {
    if (info === 20) return false;
    if (info === 21) return true;
    if (info === 22) return null;
    throw UNSUPPORTED;
  }
  const n = arg(info);
  switch (major) {
    case 0:
      return n;
    case 1:
      if (n >= Number.MAX_SAFE_INTEGER) throw UNSUPPORTED;
      return -1 - n;
    case 2:
    case 3: {
      if (at + n > src.length) throw UNSUPPORTED;
      const start = at;
      at += n;
      return major === 2 ? src.subarray(start, at) : UTF8.decode(src.subarray(start, at));
    }
    case 4: {
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push(item());
      return out;
    }
    case 5:
      return map(n);
    default:
      throw UNSUPPORTED;
  }
}

function map(n: number): unknown {
  const keys: Array<string | number> = [];
  const values: unknown[] = [];
  let allText = true;
  for (let i = 0; i < n; i++) {
    const k = item();
    if (typeof k === 'number') allText = false;
    else if (typeof k !== 'string' || k === '__proto__') throw UNSUPPORTED;
    keys.push(k);
    values.push(item());
  }
  if (allText) {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const k = keys[i] as string;
      if (Object.hasOwn(o, k)) throw UNSUPPORTED;
      o[k] = values[i];
    }
    return o;
  }
  const m = new Map<string | number, unknown>();
  for (let i = 0; i < n; i++) {
    if (m.has(keys[i]!)) throw UNSUPPORTED;
    m.set(keys[i]!, values[i]);
  }
  return m;
}
