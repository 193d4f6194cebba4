/**
 * This machine's counter for what it seals about itself: every status gets a greater number than the one before, in
 * this run and across restarts, so a sibling can refuse anything not newer than the newest it has seen. The number
 * follows the clock (microseconds), so a data folder restored from a backup still counts on from where the clock is;
 * a floor kept in the store, always above every number given out, holds it up when the clock goes back. The floor is
 * written once per hour of numbers, not once per status.
 */

interface Shelf {
  get<T>(key: string, fallback: T, isValid: (v: unknown) => v is T): T;
  set(key: string, value: unknown): void;
}

const SHELF_KEY = 'fleet.seqFloor';
/** An hour of microseconds: how far ahead of the numbers given out the kept floor is set. */
const RESERVE = 3_600_000_000;
const isSeq = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

export class StatusCounter {
  private last = 0;
  /** Every number given out is below it: what the store holds, or what it will once written. */
  private floor: number | null = null;
  private start = 0;

  constructor(
    private readonly shelf: Shelf,
    private readonly now: () => number,
  ) {}

  /** The next number; throws only when the store refuses the new floor (the number is then not used). */
  next(): number {
    if (this.floor === null) {
      this.floor = this.shelf.get(SHELF_KEY, 0, isSeq);
      this.start = this.floor;
    }
    const seq = Math.max(this.last + 1, Math.floor(this.now()) * 1000, this.start + 1);
    if (seq >= this.floor) {
      const floor = seq + RESERVE;
      this.shelf.set(SHELF_KEY, floor);
      this.floor = floor;
    }
    this.last = seq;
    return seq;
  }
}
