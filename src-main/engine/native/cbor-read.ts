/**
 * The one reader of the CBOR a peer sends in a native frame: the node's sessions read INIT, PING, DISCOVER and CALL
 * with it, and the gateway's native client reads a node's ACK, PONG and RESPONSE frames (and a buffered answer's
 * result) with it. Nothing a peer sends reaches another decoder.
 *
 * One pass over the bytes, in time and memory linear in their length: every length is checked against the bytes that
 * are left before anything is read or allocated, a container's count against the item limit at its header, and each
 * item costs a constant plus the bytes of its text (a byte string is a view of the input, never a copy). It takes what
 * frames hold — maps whose keys are text or integers, arrays, text, byte strings, integers within ±(2^53 − 1),
 * half, single and double floats (an SDK's result may hold them), booleans and null — and refuses everything else,
 * naming what it refused. A map key of another kind is refused at its first byte, before its contents are looked at:
 * a byte string, a float or a map as a key is how a hostile peer would make a decoder spend time on each key.
 *
 * What it returns is what `cbor2`'s `decode` returns for the same bytes (the tests hold it to that): a map whose keys
 * are all text is a plain object, any other map a Map, a byte string a view of the input.
 */

export interface CborLimits {
  maxItems?: number;
  maxDepth?: number;
}

/** Enough for any frame IICP sends (a CALL's payload is one byte string; a tool-call delta is a few dozen items). */
export const DEFAULT_CBOR_LIMITS: Required<CborLimits> = { maxItems: 100_000, maxDepth: 32 };

/** Why bytes were refused. */
export type CborRefusal =
  /** Truncated, bytes after the item, a length past the end, a reserved or impossible header. */
  | 'malformed'
  | 'too_many_items'
  | 'too_deep'
  /** An indefinite length: IICP frames never use one. */
  | 'indefinite_length'
  /** Any tag: it asks the decoder to build dates, big numbers, regular expressions. */
  | 'tag'
  /** `undefined` and every simple value but false, true and null. */
  | 'simple_value'
  /** An integer past ±(2^53 − 1), which a JavaScript number cannot hold exactly. */
  | 'big_integer'
  | 'bad_utf8'
  /** A map key that is neither text nor an integer. */
  | 'key_kind'
  | 'duplicate_key'
  /** The text key `__proto__`, which would set a plain object's prototype where a reader assigns it. */
  | 'proto_key';

export type CborRead = { value: unknown; refused?: undefined } | { refused: CborRefusal };

/** Thrown inside the reader; never escapes `readCbor`. */
class Refused {
  constructor(readonly kind: CborRefusal) {}
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const EMPTY = new Uint8Array(0);

let src: Uint8Array = EMPTY;
let view: DataView = new DataView(new ArrayBuffer(0));
let at = 0;
let items = 0;
let maxItems = 0;
let maxDepth = 0;

/** The one value `bytes` hold, or why they were refused. Never throws. */
export function readCbor(bytes: Uint8Array, limits: CborLimits = {}): CborRead {
  src = bytes;
  view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  at = 0;
  items = 0;
  maxItems = limits.maxItems ?? DEFAULT_CBOR_LIMITS.maxItems;
  maxDepth = limits.maxDepth ?? DEFAULT_CBOR_LIMITS.maxDepth;
  try {
    const value = item(0);
    return at === bytes.length ? { value } : { refused: 'malformed' };
  } catch (err) {
    if (err instanceof Refused) return { refused: err.kind };
    throw err;
  } finally {
    src = EMPTY;
  }
}

/**
 * A header's argument after its first byte. An 8-byte one at or past 2^53 comes back as Infinity: as an integer it
 * is a big integer, as a length it is longer than any input.
 */
function arg(info: number): number {
  if (info < 24) return info;
  if (info > 27) throw new Refused(info === 31 ? 'indefinite_length' : 'malformed');
  const size = 1 << (info - 24);
  if (size > src.length - at) throw new Refused('malformed');
  const p = at;
  at += size;
  switch (info) {
    case 24:
      return src[p]!;
    case 25:
      return view.getUint16(p);
    case 26:
      return view.getUint32(p);
    default: {
      const hi = view.getUint32(p);
      return hi >= 0x200000 ? Infinity : hi * 0x100000000 + view.getUint32(p + 4);
    }
  }
}

/** One item; `level` is how many containers hold it. */
function item(level: number): unknown {
  if (at >= src.length) throw new Refused('malformed');
  if (++items > maxItems) throw new Refused('too_many_items');
  const initial = src[at++]!;
  const major = initial >> 5;
  const info = initial & 0x1f;
  if (major === 7) return simple(info);
  if (major === 6) throw new Refused('tag');
  if (info === 31 && major < 2) throw new Refused('malformed');
  const n = arg(info);
  switch (major) {
    case 0:
      if (n === Infinity) throw new Refused('big_integer');
      return n;
    case 1:
      if (n >= Number.MAX_SAFE_INTEGER) throw new Refused('big_integer');
      return -1 - n;
    case 2:
    case 3: {
      if (n > src.length - at) throw new Refused('malformed');
      const start = at;
      at += n;
      return major === 2 ? src.subarray(start, at) : text(start, at);
    }
    case 4:
      return array(n, level + 1);
    default:
      return map(n, level + 1);
  }
}

function text(start: number, end: number): string {
  try {
    return UTF8.decode(src.subarray(start, end));
  } catch {
    throw new Refused('bad_utf8');
  }
}

/** Major type 7: false, true, null and floats; any other simple value, `undefined` among them, is refused. */
function simple(info: number): unknown {
  switch (info) {
    case 20:
      return false;
    case 21:
      return true;
    case 22:
      return null;
    case 24:
      // A one-byte simple value below 32 is not well-formed; at or above it is a simple value we do not take.
      if (at >= src.length) throw new Refused('malformed');
      throw new Refused(src[at]! < 32 ? 'malformed' : 'simple_value');
    case 25:
    case 26:
    case 27: {
      const size = 1 << (info - 24);
      if (size > src.length - at) throw new Refused('malformed');
      const p = at;
      at += size;
      return size === 2 ? half(view.getUint16(p)) : size === 4 ? view.getFloat32(p) : view.getFloat64(p);
    }
    default:
      // 0–19 and 23 (`undefined`) are simple values; 28–30 are reserved; 31 is a break outside any indefinite item.
      throw new Refused(info < 24 ? 'simple_value' : 'malformed');
  }
}

/** An IEEE 754 half-precision float (RFC 8949 appendix D). */
function half(h: number): number {
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  const sign = h & 0x8000 ? -1 : 1;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant === 0 ? sign * Infinity : NaN;
  return sign * (1024 + mant) * 2 ** (exp - 25);
}

/** Checks a container's claim against the limits and the bytes left, before anything of it is allocated. */
function container(count: number, depth: number): void {
  if (depth > maxDepth) throw new Refused('too_deep');
  // Every item takes at least one byte and counts once.
  if (count > src.length - at) throw new Refused('malformed');
  if (items + count > maxItems) throw new Refused('too_many_items');
}

function array(n: number, depth: number): unknown[] {
  container(n, depth);
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(item(depth));
  return out;
}

function map(n: number, depth: number): unknown {
  container(2 * n, depth);
  const keys: Array<string | number> = [];
  const values: unknown[] = [];
  let allText = true;
  for (let i = 0; i < n; i++) {
    // Judged from the key's first byte: its contents are never read when its kind is refused.
    if (at >= src.length) throw new Refused('malformed');
    const keyMajor = src[at]! >> 5;
    if (keyMajor > 1 && keyMajor !== 3) throw new Refused('key_kind');
    const k = item(depth) as string | number;
    if (typeof k === 'number') allText = false;
    else if (k === '__proto__') throw new Refused('proto_key');
    keys.push(k);
    values.push(item(depth));
  }
  if (allText) {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const k = keys[i] as string;
      if (Object.hasOwn(o, k)) throw new Refused('duplicate_key');
      o[k] = values[i];
    }
    return o;
  }
  const m = new Map<string | number, unknown>();
  for (let i = 0; i < n; i++) {
    if (m.has(keys[i]!)) throw new Refused('duplicate_key');
    m.set(keys[i]!, values[i]);
  }
  return m;
}
