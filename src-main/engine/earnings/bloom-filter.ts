import { randomBytes } from 'node:crypto';
import { KEY_HASH, keyHash } from './key-hash';

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

  private hash(key: string): void {
    keyHash(key, this.seed);
    this.h1 = KEY_HASH.h1;
    // Odd, so the positions of one key never repeat before all `hashes` are taken.
    this.h2 = KEY_HASH.h2 | 1;
  }
}
