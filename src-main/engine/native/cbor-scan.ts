/**
 * A frame's CBOR judged as its bytes arrive, from the item headers alone: the node's session refuses a payload as
 * soon as a header shows what `cbor-read.ts` would refuse — a map key of another kind, a tag, an indefinite
 * length, a simple value, a big integer, nesting or items past the limits, a length past the frame's end — without
 * holding the rest of the frame. A map keyed by an 8 MiB byte string is refused at its sixth byte, and the 8 MiB that
 * follow are never held. What needs an item's contents (UTF-8, duplicate keys, `__proto__`) is left to the reader,
 * which reads every frame the scan lets through whole; the scan refuses nothing the reader would take.
 *
 * It keeps a few numbers per open container and copies no byte: its cost is one step per header and none per byte of
 * a string's contents.
 */
import { DEFAULT_CBOR_LIMITS, type CborLimits, type CborRefusal } from './cbor-read';

/** One open container (or the root): items still to come, and whether its even-numbered items are keys. */
interface Open {
  left: number;
  map: boolean;
}

export class CborHeaderScan {
  private readonly maxItems: number;
  private readonly maxDepth: number;
  /** The root first; the innermost container last. */
  private readonly open: Open[] = [{ left: 1, map: false }];
  /** Payload bytes seen so far. */
  private at = 0;
  /** Bytes of a string's contents (or a float's) still to pass over. */
  private skip = 0;
  /** The header being read, when its argument has not all arrived: its first byte and the argument so far. */
  private initial = -1;
  private argLeft = 0;
  private arg = 0;
  private items = 0;
  private refused: CborRefusal | null = null;

  constructor(
    /** The payload's length, from the frame's header. */
    private readonly length: number,
    limits: CborLimits = {},
  ) {
    this.maxItems = limits.maxItems ?? DEFAULT_CBOR_LIMITS.maxItems;
    this.maxDepth = limits.maxDepth ?? DEFAULT_CBOR_LIMITS.maxDepth;
  }

  /** Takes the payload's next bytes; returns why it is refused as soon as a header shows it, else null. */
  push(bytes: Uint8Array): CborRefusal | null {
    let i = 0;
    while (this.refused === null && i < bytes.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, bytes.length - i);
        this.skip -= n;
        this.at += n;
        i += n;
      } else if (this.argLeft > 0) {
        // The argument's bytes, big-endian; past 2^53 it counts as Infinity, which every check refuses.
        this.arg = this.arg * 256 + bytes[i++]!;
        this.at += 1;
        if (--this.argLeft === 0)
          this.refused = this.argument(this.initial, this.arg > Number.MAX_SAFE_INTEGER ? Infinity : this.arg);
      } else {
        this.at += 1;
        this.refused = this.start(bytes[i++]!);
      }
    }
    return this.refused;
  }

  /** An item's first byte: where it stands (a key?), the limits, and what its major type and info allow. */
  private start(initial: number): CborRefusal | null {
    let top = this.open[this.open.length - 1];
    while (top !== undefined && top.left === 0) {
      this.open.pop();
      top = this.open[this.open.length - 1];
    }
    // The root item is over and bytes are left.
    if (top === undefined) return 'malformed';
    const isKey = top.map && top.left % 2 === 0;
    top.left -= 1;
    if (++this.items > this.maxItems) return 'too_many_items';
    const major = initial >> 5;
    const info = initial & 0x1f;
    if (isKey && major !== 0 && major !== 1 && major !== 3) return 'key_kind';
    if (major === 7) {
      if (info >= 20 && info <= 22) return null;
      // A float's bytes are passed over; a one-byte simple value is judged by its byte.
      if (info >= 24 && info <= 27) return this.await(initial, 1 << (info - 24));
      return info < 24 ? 'simple_value' : 'malformed';
    }
    if (major === 6) return 'tag';
    if (info === 31) return major < 2 ? 'malformed' : 'indefinite_length';
    if (info > 27) return 'malformed';
    if (info < 24) return this.argument(initial, info);
    return this.await(initial, 1 << (info - 24));
  }

  private await(initial: number, size: number): null {
    this.initial = initial;
    this.argLeft = size;
    this.arg = 0;
    return null;
  }

  /** A header whose argument is whole. */
  private argument(initial: number, n: number): CborRefusal | null {
    const major = initial >> 5;
    const left = this.length - this.at;
    switch (major) {
      case 0:
        return n > Number.MAX_SAFE_INTEGER ? 'big_integer' : null;
      case 1:
        return n >= Number.MAX_SAFE_INTEGER ? 'big_integer' : null;
      case 2:
      case 3:
        if (n > left) return 'malformed';
        this.skip = n;
        return null;
      case 7:
        // A float's bytes have passed; a one-byte simple value below 32 is not well-formed, at or above it not taken.
        if ((initial & 0x1f) !== 24) return null;
        return n < 32 ? 'malformed' : 'simple_value';
      default: {
        // Every open container but the root is one level.
        if (this.open.length > this.maxDepth) return 'too_deep';
        const count = major === 5 ? 2 * n : n;
        if (count > left) return 'malformed';
        if (this.items + count > this.maxItems) return 'too_many_items';
        this.open.push({ left: count, map: major === 5 });
        return null;
      }
    }
  }
}
