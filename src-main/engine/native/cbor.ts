/**
 * CBOR for the native transport: canonical encoding (keys sorted as RFC 8949's core deterministic encoding sorts
 * them, which for the small integer keys of IICP frames is the order the SDKs' canonical encoders use), and the
 * decoding of what a peer sends, which a hostile peer cannot make expensive.
 *
 * Decoding is `cbor-read.ts` alone: one pass, linear in the bytes, within the item and depth limits, refusing
 * what no frame holds (tags, indefinite lengths, keys other than text or integers, duplicates, big integers, bad
 * UTF-8). `cbor2` only encodes what the direct writer leaves to it (floats, among others), and its decoder is the
 * tests' oracle; it never reads a peer's bytes, whose cost it does not bound (a map with a byte-string key cost it
 * 2.6 s for 8 MiB).
 */
import { TypeEncoderMap, encode, type EncodeOptions } from 'cbor2';
import { readCbor, type CborLimits, type CborRefusal } from './cbor-read';
import { writeCanonicalCbor } from './cbor-write';

export { DEFAULT_CBOR_LIMITS, readCbor, type CborLimits, type CborRead, type CborRefusal } from './cbor-read';

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

/** Any CBOR value the reader takes within the limits, or undefined when the bytes are refused. Never throws. */
export function decodeCborSafe(bytes: Uint8Array, limits: CborLimits = {}): { value: unknown } | undefined {
  const read = readCbor(bytes, limits);
  return read.refused === undefined ? { value: read.value } : undefined;
}

/** A frame's payload read as an integer-keyed map, or why not: refused by the reader, or another value than a map. */
export type IntMapRead =
  { map: ReadonlyMap<number, unknown>; refused?: undefined } | { refused: CborRefusal | 'not_a_map' };

const EMPTY_MAP: ReadonlyMap<number, unknown> = new Map();

/** An integer-keyed CBOR map (what every IICP frame's payload is), or what was wrong with the bytes. Never throws. */
export function readIntMap(bytes: Uint8Array, limits?: CborLimits): IntMapRead {
  const read = readCbor(bytes, limits);
  if (read.refused !== undefined) return read;
  const { value } = read;
  // A map whose keys are all text is a plain object, which an empty map's are: `{}` is an empty frame.
  if (isPlainObject(value)) return Object.keys(value).length === 0 ? { map: EMPTY_MAP } : { refused: 'not_a_map' };
  if (!(value instanceof Map)) return { refused: 'not_a_map' };
  const map = value as Map<string | number, unknown>;
  for (const key of map.keys()) {
    // A text key beside integer ones is some extension we do not know: ignored, as unknown keys are.
    if (typeof key !== 'number')
      return { map: new Map([...map].filter((e): e is [number, unknown] => typeof e[0] === 'number')) };
  }
  return { map: map as ReadonlyMap<number, unknown> };
}

/** An integer-keyed CBOR map, or null when the bytes are anything else. */
export function decodeIntMap(bytes: Uint8Array, limits?: CborLimits): ReadonlyMap<number, unknown> | null {
  const read = readIntMap(bytes, limits);
  return read.refused === undefined ? read.map : null;
}

/** What was wrong with a payload, in a few words for a refusal's message. */
export const CBOR_REFUSAL_WORDS: Record<CborRefusal | 'not_a_map', string> = {
  malformed: 'it is not well-formed CBOR',
  too_many_items: 'it holds more items than a frame may',
  too_deep: 'it nests deeper than a frame may',
  indefinite_length: 'it uses an indefinite length',
  tag: 'it holds a CBOR tag',
  simple_value: 'it holds a simple value other than false, true or null',
  big_integer: 'it holds an integer beyond 2^53',
  bad_utf8: 'it holds text that is not UTF-8',
  key_kind: 'a map key is neither text nor an integer',
  duplicate_key: 'a map holds a key twice',
  proto_key: 'a map holds the key __proto__',
  not_a_map: 'it is not a map',
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}
