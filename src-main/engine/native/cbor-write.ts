/**
 * A direct canonical CBOR writer for the values IICP frames hold: maps (a JS Map, or a plain object), arrays, text,
 * byte strings, safe integers, booleans and null. A streamed answer encodes one RESPONSE per piece, and `cbor2`
 * allocates two 4 KiB buffers for every item it encodes on its way to sorting map keys (about 100 µs a frame, most of
 * a streamed task's cost on the node). This writes into one reused buffer and sorts keys without encoding them apart.
 *
 * Its bytes are exactly cbor2's with `cde: true` (RFC 8949 §4.2.1: shortest lengths, map keys in bytewise order of
 * their encodings). For anything else — a float, -0, an unsafe integer, undefined, a negative or mixed-kind map key,
 * any other object — it returns null and the caller falls back to cbor2, which knows every case.
 */

/** Thrown inside the writer for a value it leaves to cbor2; never escapes `writeCanonicalCbor`. */
const UNSUPPORTED = Symbol('unsupported');

const MAX_DEPTH = 64;
/** The reused buffer's size, and the most it keeps between frames: one large answer does not hold its size after. */
const SCRATCH_BYTES = 4096;
const SCRATCH_KEPT = 256 * 1024;

let scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
let at = 0;

/** The canonical CBOR of `value`, or null when it holds something this writer leaves to cbor2. */
export function writeCanonicalCbor(value: unknown): Uint8Array | null {
  at = 0;
  try {
    item(value, 0);
  } catch (err) {
    if (err === UNSUPPORTED) return null;
    throw err;
  }
  // A view of a pooled allocation: no new ArrayBuffer for a frame of a few hundred bytes.
  const out = Buffer.allocUnsafe(at);
  scratch.copy(out, 0, 0, at);
  if (scratch.length > SCRATCH_KEPT) scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
  return new Uint8Array(out.buffer, out.byteOffset, at);
}

function room(n: number): void {
  if (at + n <= scratch.length) return;
  let size = scratch.length * 2;
  while (size < at + n) size *= 2;
  const bigger = Buffer.allocUnsafe(size);
  scratch.copy(bigger, 0, 0, at);
  scratch = bigger;
}

/** A major type's head with its argument in the shortest form. */
function head(major: number, n: number): void {
  const m = major << 5;
  if (n < 24) {
    room(1);
    scratch[at++] = m | n;
  } else if (n < 0x100) {
    room(2);
    scratch[at++] = m | 24;
    scratch[at++] = n;
  } else if (n < 0x10000) {
    room(3);
    scratch[at++] = m | 25;
    scratch.writeUInt16BE(n, at);
    at += 2;
  } else if (n < 0x100000000) {
    room(5);
    scratch[at++] = m | 26;
    scratch.writeUInt32BE(n, at);
    at += 4;
  } else {
    room(9);
    scratch[at++] = m | 27;
    scratch.writeUInt32BE(Math.floor(n / 0x100000000), at);
    scratch.writeUInt32BE(n >>> 0, at + 4);
    at += 8;
  }
}

function text(s: string): void {
  // A lone surrogate becomes U+FFFD in both the count and the bytes, as cbor2's TextEncoder makes it.
  const n = Buffer.byteLength(s, 'utf8');
  head(3, n);
  room(n);
  at += scratch.write(s, at, n, 'utf8');
}

function bytes(b: Uint8Array): void {
  head(2, b.length);
  room(b.length);
  scratch.set(b, at);
  at += b.length;
}

function item(v: unknown, depth: number): void {
  if (depth > MAX_DEPTH) throw UNSUPPORTED;
  switch (typeof v) {
    case 'string':
      return text(v);
    case 'number':
      if (!Number.isSafeInteger(v) || Object.is(v, -0)) throw UNSUPPORTED;
      return v >= 0 ? head(0, v) : head(1, -1 - v);
    case 'boolean':
      room(1);
      scratch[at++] = v ? 0xf5 : 0xf4;
      return;
    case 'object':
      if (v === null) {
        room(1);
        scratch[at++] = 0xf6;
        return;
      }
      if (v instanceof Uint8Array && (v.constructor === Uint8Array || Buffer.isBuffer(v))) return bytes(v);
      if (Array.isArray(v)) {
        if (Object.getPrototypeOf(v) !== Array.prototype) throw UNSUPPORTED;
        head(4, v.length);
        for (let i = 0; i < v.length; i++) {
          const x: unknown = v[i];
          // A hole or undefined: cbor2 writes `undefined`, which no IICP value holds.
          if (x === undefined) throw UNSUPPORTED;
          item(x, depth + 1);
        }
        return;
      }
      if (v instanceof Map) return map([...(v as Map<unknown, unknown>).entries()], depth);
      {
        const proto: unknown = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== null) throw UNSUPPORTED;
        const o = v as Record<string, unknown>;
        return map(
          Object.keys(o).map((k) => [k, o[k]] as [unknown, unknown]),
          depth,
        );
      }
    default:
      throw UNSUPPORTED;
  }
}

/**
 * Keys in the order of their encodings. Non-negative integers encode in numeric order; text keys encode length
 * first (the head grows with the length), then by their UTF-8 bytes. Other keys, or both kinds together, go to cbor2.
 */
function map(entries: Array<[unknown, unknown]>, depth: number): void {
  if (entries.length > 1) {
    const first = typeof entries[0]![0];
    if (first === 'number') {
      for (const [k] of entries)
        if (typeof k !== 'number' || !Number.isSafeInteger(k) || k < 0 || Object.is(k, -0)) throw UNSUPPORTED;
      entries.sort((a, b) => (a[0] as number) - (b[0] as number));
    } else if (first === 'string') {
      for (const [k] of entries) if (typeof k !== 'string') throw UNSUPPORTED;
      entries.sort((a, b) => compareTextKeys(a[0] as string, b[0] as string));
    } else throw UNSUPPORTED;
  }
  head(5, entries.length);
  for (const [k, x] of entries) {
    if (x === undefined) throw UNSUPPORTED;
    item(k, depth + 1);
    item(x, depth + 1);
  }
}

function compareTextKeys(a: string, b: string): number {
  const la = Buffer.byteLength(a, 'utf8');
  const lb = Buffer.byteLength(b, 'utf8');
  if (la !== lb) return la - lb;
  // All ASCII (as many bytes as code units): code-unit order is byte order.
  if (la === a.length && lb === b.length) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
