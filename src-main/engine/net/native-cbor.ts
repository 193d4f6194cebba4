/**
 * CBOR for the native transport, over the `cbor2` library: canonical encoding (keys sorted as RFC 8949's core
 * deterministic encoding sorts them, which for the small integer keys of IICP frames is the order the SDKs' canonical
 * encoders use), and a decoder for integer-keyed maps that a hostile peer cannot make expensive.
 *
 * Before cbor2 sees a byte, `scanCbor` walks the item headers: it allocates nothing, checks every length against the
 * bytes that are there, and refuses more than `maxItems` items, nesting deeper than `maxDepth`, indefinite lengths and
 * tags (no IICP frame uses either, and tags make cbor2 build dates, URLs and regular expressions). So decoding costs
 * O(payload length) and never builds a huge graph.
 */
import { TypeEncoderMap, decode, encode, type EncodeOptions } from 'cbor2';
import { readCanonicalCbor } from './native-cbor-read';
import { writeCanonicalCbor } from './native-cbor-write';

export interface CborLimits {
  maxItems?: number;
  maxDepth?: number;
}

/** Enough for any frame IICP sends (a CALL's payload is one byte string; a tool-call delta is a few dozen items). */
export const DEFAULT_CBOR_LIMITS: Required<CborLimits> = { maxItems: 100_000, maxDepth: 32 };

// Node's Buffer is a Uint8Array, but cbor2 picks an encoder by constructor, and would write a Buffer as the object
// its toJSON gives: send its bytes as a byte string instead.
const TYPES = new TypeEncoderMap();
TYPES.registerEncoder(Buffer, (b: Buffer) => [NaN, new Uint8Array(b.buffer, b.byteOffset, b.byteLength)]);
const ENCODE: EncodeOptions = { cde: true, types: TYPES };

/** Canonical CBOR of `value`; a JS Map with number keys becomes an integer-keyed CBOR map. */
export function encodeCbor(value: unknown): Uint8Array {
  // The frames' own values take the direct writer (the same bytes, a fraction of the cost); anything else cbor2.
  return writeCanonicalCbor(value) ?? encode(value, ENCODE);
}

/** Canonical CBOR by cbor2 alone (tests hold the direct writer to it). */
export function encodeCborByLibrary(value: unknown): Uint8Array {
  return encode(value, ENCODE);
}

/**
 * Walks the item headers of `bytes` and returns true when they hold exactly one well-formed item within the limits.
 * Each level of nesting is a count of items still to come; a container's count is checked against the bytes left
 * (every item needs at least one), so a header claiming billions of items is refused at once.
 */
export function scanCbor(bytes: Uint8Array, limits: CborLimits = {}): boolean {
  const maxItems = limits.maxItems ?? DEFAULT_CBOR_LIMITS.maxItems;
  const maxDepth = limits.maxDepth ?? DEFAULT_CBOR_LIMITS.maxDepth;
  const end = bytes.length;
  const pending: number[] = [1];
  let at = 0;
  let items = 0;
  while (pending.length > 0) {
    const top = pending.length - 1;
    if (pending[top] === 0) {
      pending.pop();
      continue;
    }
    pending[top] = (pending[top] as number) - 1;
    if (at >= end || ++items > maxItems) return false;
    const initial = bytes[at] as number;
    const major = initial >> 5;
    const info = initial & 0x1f;
    at += 1;
    let arg: number;
    if (info < 24) arg = info;
    else if (info === 24 || info === 25 || info === 26 || info === 27) {
      const size = 1 << (info - 24);
      if (at + size > end) return false;
      arg = readArg(bytes, at, size);
      at += size;
    } else return false; // 28–30 are reserved; 31 is an indefinite length or a break, which IICP never sends
    if (major === 0 || major === 1 || major === 7) continue;
    if (major === 6) return false;
    if (major === 2 || major === 3) {
      if (arg > end - at) return false;
      at += arg;
      continue;
    }
    const count = major === 5 ? arg * 2 : arg;
    if (count > end - at) return false;
    if (count > 0) {
      if (pending.length > maxDepth) return false;
      pending.push(count);
    }
  }
  return at === end;
}

/** A header's argument; an 8-byte one above 2^53 comes back as Infinity, which every length check then refuses. */
function readArg(bytes: Uint8Array, at: number, size: number): number {
  if (size === 1) return bytes[at] as number;
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, size);
  if (size === 2) return view.getUint16(0);
  if (size === 4) return view.getUint32(0);
  const big = view.getBigUint64(0);
  return big > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(big);
}

/** Any CBOR value within the limits, or undefined when the bytes are malformed or over them. Never throws. */
export function decodeCborSafe(bytes: Uint8Array, limits: CborLimits = {}): { value: unknown } | undefined {
  if (!scanCbor(bytes, limits)) return undefined;
  // The frames' own values take the direct reader (what cbor2 would give); anything else cbor2 decides.
  const direct = readCanonicalCbor(bytes);
  if (direct) return direct;
  return decodeCborByLibrary(bytes);
}

/** cbor2's decoding of scanned bytes (tests hold the direct reader to it). Never throws. */
export function decodeCborByLibrary(bytes: Uint8Array): { value: unknown } | undefined {
  try {
    return { value: decode(bytes, { rejectDuplicateKeys: true, rejectStreaming: true }) };
  } catch {
    return undefined;
  }
}

/** An integer-keyed CBOR map (what every IICP frame's payload is), or null when the bytes are anything else. */
export function decodeIntMap(bytes: Uint8Array, limits?: CborLimits): ReadonlyMap<number, unknown> | null {
  const decoded = decodeCborSafe(bytes, limits);
  if (!decoded) return null;
  const { value } = decoded;
  // cbor2 makes a plain object of a map whose keys are all text, which an empty map's are: `{}` is an empty frame.
  if (isPlainObject(value)) return Object.keys(value).length === 0 ? new Map() : null;
  if (!(value instanceof Map)) return null;
  const map = value as Map<unknown, unknown>;
  for (const key of map.keys()) {
    // A key of another kind is some extension we do not know: ignored, as unknown keys are.
    if (typeof key !== 'number') return new Map([...map].filter((e): e is [number, unknown] => typeof e[0] === 'number'));
  }
  return map as ReadonlyMap<number, unknown>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}
