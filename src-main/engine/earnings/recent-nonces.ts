import { randomBytes } from 'node:crypto';
import { KEY_HASH, keyHash } from './key-hash';

/** A slice's table starts this small (slots) and doubles as it fills. */
const FIRST_SLOTS = 64;

interface Slice {
  /** The slice's number (its start ÷ the slice length), or -Infinity while unused. */
  epoch: number;
  /** Two words per slot: the key's 64-bit fingerprint (low word made odd, so 0 marks an empty slot). */
  prints: Uint32Array;
  /** Per slot, the milliseconds after the slice's start at which the key was added. */
  offsets: Uint16Array;
  count: number;
}

/**
 * Nonces with the time they were used, for the replay check "was this nonce used at or after `since`?", answered from
 * memory: a ring of hash tables, one per time slice, each holding the keys' 64-bit fingerprints and their times to the
 * millisecond. A slice that falls out of the window is emptied and reused.
 *
 * Exact within what it holds, to the fingerprint: two different nonces share one with a chance of about one in 2^64 per
 * pair (a seed strangers cannot know keeps them from choosing keys that do), far below any other error a computer
 * makes. The ledger keeps no index of nonces, so every node's write stays one random index (the task id) lighter:
 * about 9 µs of SQLite work and 5 KB of log per served task on the test machine. Memory grows with the tasks admitted
 * in the window — 10 bytes each, a table at most half empty after it doubles — and goes back as slices are reused.
 *
 * `usedSince` answers null, "not known here: ask the store", for a question reaching back before `cover` (the store
 * was read from there after a restart) or to keys that were lost (their slice was reused while still asked about, or
 * they came too late for it: a clock set back).
 */
export class RecentNonces {
  private readonly slices: Slice[];
  private readonly seed = randomBytes(4).readUInt32LE(0);
  /** Every key added with a time at or after this is held (Infinity: nothing is known yet). */
  private coveredSince = Infinity;
  /** Every key lost so far had a time before this. */
  private lostBefore = -Infinity;

  constructor(
    private readonly sliceMs: number,
    slices: number,
  ) {
    if (!Number.isInteger(sliceMs) || sliceMs <= 0 || sliceMs > 65_535)
      throw new RangeError('sliceMs must be an integer from 1 to 65535');
    this.slices = Array.from({ length: slices }, () => ({
      epoch: -Infinity,
      prints: new Uint32Array(FIRST_SLOTS * 2),
      offsets: new Uint16Array(FIRST_SLOTS),
      count: 0,
    }));
  }

  /** Memory the tables hold now. */
  get bytes(): number {
    return this.slices.reduce((n, s) => n + s.prints.byteLength + s.offsets.byteLength, 0);
  }

  /** Keys held in all slices. */
  get size(): number {
    return this.slices.reduce((n, s) => n + s.count, 0);
  }

  /** From now on every key with a time at or after `ms` is known to have been added (the store was read from there). */
  cover(ms: number): void {
    this.coveredSince = ms;
  }

  add(key: string, atMs: number): void {
    const epoch = Math.floor(atMs / this.sliceMs);
    const n = this.slices.length;
    const slice = this.slices[((epoch % n) + n) % n]!;
    if (slice.epoch < epoch) {
      if (slice.epoch !== -Infinity) this.lose(slice.epoch);
      reuse(slice, epoch);
    } else if (slice.epoch > epoch) {
      this.lose(epoch); // its slice already holds a later one
      return;
    }
    if ((slice.count + 1) * 2 > slice.offsets.length) grow(slice);
    keyHash(key, this.seed);
    put(slice, KEY_HASH.h1 | 1, KEY_HASH.h2, atMs - epoch * this.sliceMs);
  }

  /**
   * true: a key equal to `key` was added with a time at or after `sinceMs` (whatever was covered: it is held). false:
   * none was, as far as anything could have been added since `sinceMs`. null: not known here, ask the store.
   */
  usedSince(key: string, sinceMs: number): boolean | null {
    const first = Math.floor(sinceMs / this.sliceMs);
    keyHash(key, this.seed);
    const lo = KEY_HASH.h1 | 1;
    const hi = KEY_HASH.h2;
    for (const s of this.slices) {
      if (s.epoch < first) continue;
      const at = find(s, lo, hi);
      if (at >= 0 && s.epoch * this.sliceMs + at >= sinceMs) return true;
    }
    return sinceMs < this.coveredSince || sinceMs < this.lostBefore ? null : false;
  }

  private lose(epoch: number): void {
    this.lostBefore = Math.max(this.lostBefore, (epoch + 1) * this.sliceMs);
  }
}

/** Linear probing from the fingerprint's high word; a key added twice keeps its latest time. */
function put(s: Slice, lo: number, hi: number, offset: number): void {
  const mask = s.offsets.length - 1;
  for (let i = hi & mask; ; i = (i + 1) & mask) {
    const p = s.prints[i * 2]!;
    if (p === 0) {
      s.prints[i * 2] = lo;
      s.prints[i * 2 + 1] = hi;
      s.offsets[i] = offset;
      s.count += 1;
      return;
    }
    if (p === lo >>> 0 && s.prints[i * 2 + 1] === hi >>> 0) {
      s.offsets[i] = Math.max(s.offsets[i]!, offset);
      return;
    }
  }
}

/** The key's offset in the slice, or -1 when it is not there. */
function find(s: Slice, lo: number, hi: number): number {
  const mask = s.offsets.length - 1;
  for (let i = hi & mask; ; i = (i + 1) & mask) {
    const p = s.prints[i * 2]!;
    if (p === 0) return -1;
    if (p === lo >>> 0 && s.prints[i * 2 + 1] === hi >>> 0) return s.offsets[i]!;
  }
}

/**
 * A slice for a new period: emptied, and sized for as many keys as its last period had (memory goes back after a
 * burst).
 */
function reuse(s: Slice, epoch: number): void {
  let slots = FIRST_SLOTS;
  while (slots < s.count * 2) slots *= 2;
  if (slots < s.offsets.length) {
    s.prints = new Uint32Array(slots * 2);
    s.offsets = new Uint16Array(slots);
  } else s.prints.fill(0);
  s.epoch = epoch;
  s.count = 0;
}

/** Twice the slots, every key put again. */
function grow(s: Slice): void {
  const old = { prints: s.prints, offsets: s.offsets };
  s.prints = new Uint32Array(old.prints.length * 2);
  s.offsets = new Uint16Array(old.offsets.length * 2);
  s.count = 0;
  for (let i = 0; i < old.offsets.length; i++) {
    const lo = old.prints[i * 2]!;
    if (lo !== 0) put(s, lo, old.prints[i * 2 + 1]!, old.offsets[i]!);
  }
}
