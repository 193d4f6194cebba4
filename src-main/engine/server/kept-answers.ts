import type { BodyPrint } from './body-print';

/** A kept answer as the replay check needs it. */
export interface KeptAnswer {
  status: number;
  body: string | Buffer;
}

/** How a print was stored: the body's text, its raw bytes, or the hex SHA-256 of a large body. */
const TEXT = 0;
const BYTES = 1;
const SHA256 = 2;

/**
 * The answers kept for exact duplicates of recent tasks, oldest forgotten first: each one's request print and answer
 * are copied into one ring of bytes outside the JavaScript heap, with their sizes, status and time in typed arrays.
 *
 * Kept as objects (the answer string, the print, a record, a map entry) they cost the node more than the rest of the
 * task's bookkeeping: 16 MiB of them are tens of thousands of objects that live for minutes, each copied out of the
 * young generation and later collected from the old one — at 64 tasks in flight ~30 µs of CPU per task (the proxy
 * bench with the budget at 16 MiB against 0.25 MiB: 214 against 182 µs). Here a kept answer leaves one object on the
 * heap: its task id, the key of the index.
 *
 * Entries are laid out in the order they came, wrapping at the ring's end; a new one first forgets the oldest ones
 * whose bytes it would overwrite (and, when it wraps, every one between its start and the end).
 */
export class KeptAnswers {
  private ring: Buffer | null = null;
  private readonly index = new Map<string, number>();
  private readonly ids: (string | undefined)[];
  private readonly offset: Int32Array;
  private readonly printBytes: Int32Array;
  private readonly bodyBytes: Int32Array;
  private readonly status: Uint16Array;
  /** Print kind, and whether the body was given as text (1) or bytes (0). */
  private readonly kind: Uint8Array;
  private readonly bodyText: Uint8Array;
  private readonly at: Float64Array;
  /** Slots: the oldest, and how many are in use (a circle of `maxEntries`). */
  private oldest = 0;
  private count = 0;
  /** Where in the ring the next entry goes. */
  private writeAt = 0;

  constructor(
    private readonly budgetBytes: number,
    /** An answer larger than this is not kept (a duplicate of its task then gets 409). */
    private readonly maxAnswerBytes: number,
    private readonly maxEntries = 65_536,
  ) {
    this.ids = new Array<string | undefined>(maxEntries);
    this.offset = new Int32Array(maxEntries);
    this.printBytes = new Int32Array(maxEntries);
    this.bodyBytes = new Int32Array(maxEntries);
    this.status = new Uint16Array(maxEntries);
    this.kind = new Uint8Array(maxEntries);
    this.bodyText = new Uint8Array(maxEntries);
    this.at = new Float64Array(maxEntries);
  }

  get size(): number {
    return this.count;
  }

  has(taskId: string): boolean {
    return this.index.has(taskId);
  }

  /**
   * The kept answer of `taskId` if `print` is the same request, `'different'` if another request used the id, or
   * undefined when nothing is kept for it.
   */
  get(taskId: string, print: BodyPrint): KeptAnswer | 'different' | undefined {
    const slot = this.index.get(taskId);
    if (slot === undefined) return undefined;
    const ring = this.ring!;
    const start = this.offset[slot]!;
    const printEnd = start + this.printBytes[slot]!;
    if (kindOf(print) !== this.kind[slot] || !Buffer.from(printText(print)).equals(ring.subarray(start, printEnd)))
      return 'different';
    const body = ring.subarray(printEnd, printEnd + this.bodyBytes[slot]!);
    return { status: this.status[slot]!, body: this.bodyText[slot] ? body.toString('utf8') : Buffer.from(body) };
  }

  /** Keeps an answer; false when it is larger than an answer may be, or does not fit the budget at all. */
  add(taskId: string, print: BodyPrint, status: number, body: string | Buffer, now: number): boolean {
    const bodyLen = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    if (bodyLen > this.maxAnswerBytes) return false;
    const p = printText(print);
    const printLen = typeof p === 'string' ? Buffer.byteLength(p) : p.length;
    const need = printLen + bodyLen;
    if (need > this.budgetBytes) return false;
    // An id kept again: the index points at the new entry; the old one's bytes stay until the ring passes them.
    this.index.delete(taskId);
    const ring = (this.ring ??= Buffer.allocUnsafeSlow(this.budgetBytes));
    if (this.count === this.ids.length) this.dropOldest();
    if (this.writeAt + need > ring.length) {
      // Wrapping: everything from here to the end is older than what lies before here.
      while (this.count > 0 && this.offset[this.oldest]! >= this.writeAt) this.dropOldest();
      this.writeAt = 0;
    }
    while (this.count > 0 && this.overlaps(this.oldest, this.writeAt, need)) this.dropOldest();
    const slot = (this.oldest + this.count) % this.ids.length;
    const start = this.writeAt;
    const printEnd = start + (typeof p === 'string' ? ring.write(p, start, 'utf8') : p.copy(ring, start));
    if (typeof body === 'string') ring.write(body, printEnd, 'utf8');
    else body.copy(ring, printEnd);
    this.ids[slot] = taskId;
    this.offset[slot] = start;
    this.printBytes[slot] = printLen;
    this.bodyBytes[slot] = bodyLen;
    this.status[slot] = status;
    this.kind[slot] = kindOf(print);
    this.bodyText[slot] = typeof body === 'string' ? 1 : 0;
    this.at[slot] = now;
    this.index.set(taskId, slot);
    this.count++;
    this.writeAt = start + need;
    return true;
  }

  /** Forgets what was kept before `before` (ms). */
  forgetBefore(before: number): void {
    while (this.count > 0 && this.at[this.oldest]! <= before) this.dropOldest();
  }

  private overlaps(slot: number, start: number, length: number): boolean {
    const s = this.offset[slot]!;
    const e = s + this.printBytes[slot]! + this.bodyBytes[slot]!;
    return s < start + length && start < e;
  }

  private dropOldest(): void {
    const slot = this.oldest;
    const id = this.ids[slot];
    // A slot whose id was forgotten on its own (kept again under the same id) holds nothing.
    if (id !== undefined && this.index.get(id) === slot) this.index.delete(id);
    this.ids[slot] = undefined;
    this.oldest = (this.oldest + 1) % this.ids.length;
    this.count--;
  }
}

function kindOf(print: BodyPrint): number {
  return typeof print === 'string' ? TEXT : Buffer.isBuffer(print) ? BYTES : SHA256;
}

function printText(print: BodyPrint): string | Buffer {
  return typeof print === 'string' || Buffer.isBuffer(print) ? print : print.sha256;
}
