import { randomBytes } from 'node:crypto';

/**
 * A Bloom filter over strings: fixed memory, `add` and `mayHave` in well under a microsecond. "No" is certain; "maybe"
 * is wrong now and then (the fuller the filter, the more often), so a caller that must be exact asks the store then.
 *
 * Positions come from two 32-bit hashes of the string (double hashing), seeded at random per filter: the keys are
 * chosen by strangers (task ids, nonces), and a seed they cannot know keeps them from crafting keys that collide —
 * which would only cost store lookups, never a wrong answer.
 */
export class BloomFilter {
  private readonly words: Uint32Array;
  private readonly mask: number;
  private readonly seed: number;
  private h1 = 0;
  private h2 = 0;

  /** 2^log2Bits bits (log2Bits 5..31), `hashes` positions per key. */
  constructor(
    log2Bits: number,
    private readonly hashes: number,
  ) {
    if (!Number.isInteger(log2Bits) || log2Bits < 5 || log2Bits > 31) throw new RangeError('log2Bits must be an integer from 5 to 31');
    this.words = new Uint32Array(2 ** (log2Bits - 5));
    this.mask = 2 ** log2Bits - 1;
    this.seed = randomBytes(4).readUInt32LE(0);
  }

  get bytes(): number {
    return this.words.byteLength;
  }

  add(key: string): void {
    this.hash(key);
    const w = this.words;
    for (let i = 0, p = this.h1; i < this.hashes; i++, p = (p + this.h2) | 0) {
      const bit = (p >>> 0) & this.mask;
      w[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  mayHave(key: string): boolean {
    this.hash(key);
    const w = this.words;
    for (let i = 0, p = this.h1; i < this.hashes; i++, p = (p + this.h2) | 0) {
      const bit = (p >>> 0) & this.mask;
      if ((w[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  clear(): void {
    this.words.fill(0);
  }

  /** Two independent-enough 32-bit hashes of the UTF-16 code units (FNV-1a and a multiply-xorshift, each finalised). */
  private hash(key: string): void {
    let a = this.seed ^ 0x811c9dc5;
    let b = Math.imul(this.seed, 0x9e3779b1) ^ 0x5bd1e995;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    this.h1 = fmix(a ^ key.length);
    // Odd, so the positions of one key never repeat before all `hashes` are taken.
    this.h2 = fmix(b) | 1;
  }
}

/** MurmurHash3's finaliser: every input bit affects every output bit. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/**
 * Keys with a time, for questions of the form "was this key added with a time at or after `since`?", in a ring of
 * Bloom filters, one per time slice: memory is fixed, and a slice that falls out of the window is cleared and reused.
 *
 * Exact in effect with the store behind it: `mayHaveSince` answers "no" only when every key added with a time at or
 * after `since` is still held. Keys whose slice was reused (or that came too late for their slice: a clock set back)
 * are lost, and a question reaching back to them answers "maybe", as it does before `cover` was called.
 */
export class SlicedBloom {
  private readonly slices: { epoch: number; filter: BloomFilter }[];
  /** Every key added with a time at or after this is held (Infinity: nothing is known yet). */
  private coveredSince = Infinity;
  /** Every key lost so far had a time before this. */
  private lostBefore = -Infinity;

  constructor(
    private readonly sliceMs: number,
    slices: number,
    log2Bits: number,
    hashes: number,
  ) {
    this.slices = Array.from({ length: slices }, () => ({ epoch: -Infinity, filter: new BloomFilter(log2Bits, hashes) }));
  }

  get bytes(): number {
    return this.slices.reduce((n, s) => n + s.filter.bytes, 0);
  }

  /** From now on every key with a time at or after `ms` is known to have been added (the store was read from there). */
  cover(ms: number): void {
    this.coveredSince = ms;
  }

  add(key: string, atMs: number): void {
    const epoch = Math.floor(atMs / this.sliceMs);
    const n = this.slices.length;
    const slot = this.slices[((epoch % n) + n) % n]!;
    if (slot.epoch < epoch) {
      if (slot.epoch !== -Infinity) this.lose(slot.epoch);
      slot.filter.clear();
      slot.epoch = epoch;
    } else if (slot.epoch > epoch) {
      this.lose(epoch); // its slice already holds a later one
      return;
    }
    slot.filter.add(key);
  }

  /** false: no key equal to `key` was added with a time at or after `sinceMs`. true: maybe. */
  mayHaveSince(key: string, sinceMs: number): boolean {
    if (sinceMs < this.coveredSince || sinceMs < this.lostBefore) return true;
    const first = Math.floor(sinceMs / this.sliceMs);
    for (const s of this.slices) if (s.epoch >= first && s.filter.mayHave(key)) return true;
    return false;
  }

  private lose(epoch: number): void {
    this.lostBefore = Math.max(this.lostBefore, (epoch + 1) * this.sliceMs);
  }
}
