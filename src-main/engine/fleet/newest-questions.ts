/**
 * The newest question this computer answered from each machine, by the number the asker gave it (its own status
 * counter, status-counter.ts: it only grows, across the asker's restarts too). A question not newer than the newest
 * answered from its machine is a recording played back, and is refused however many other questions came between,
 * for as long as the data folder lives: the numbers are kept in the store before the answer goes.
 *
 * Only questions that opened with the fleet key reach this, so only the operator's machines add to it; still, it
 * remembers at most `MAX_ASKERS` machines (twice the machine list), the one that asked longest ago let go first. The
 * number of a machine let go raises a floor that every machine not remembered must ask above: a recording of it is
 * still refused, and a machine let go whose clock runs behind the others' waits until its numbers pass the floor.
 */
import { FLEET_MAX_MACHINES } from '@shared/contract';

interface Shelf {
  get<T>(key: string, fallback: T, isValid: (v: unknown) => v is T): T;
  set(key: string, value: unknown): void;
}

const SHELF_KEY = 'fleet.questions';
export const MAX_ASKERS = 2 * FLEET_MAX_MACHINES;

/** As kept: the machines in the order they last asked (an array, since an object would put numeric ids first). */
interface Kept {
  newest: [string, number][];
  floor: number;
}

const isSeq = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isKept = (v: unknown): v is Kept => {
  if (typeof v !== 'object' || v === null) return false;
  const k = v as Partial<Kept>;
  return (
    isSeq(k.floor) &&
    Array.isArray(k.newest) &&
    k.newest.length <= MAX_ASKERS &&
    k.newest.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && isSeq(e[1]))
  );
};

export class NewestQuestions {
  /** By machine, the one that asked longest ago first; null until read from the store. */
  private newest: Map<string, number> | null = null;
  private floor = 0;

  constructor(private readonly shelf: Shelf) {}

  /**
   * Takes the question numbered `seq` from `from` when it is newer than every one answered from that machine before,
   * kept in the store first; false for any other. Throws when the store refuses (the question is then not taken).
   */
  take(from: string, seq: number): boolean {
    const newest = this.read();
    if (seq <= (newest.get(from) ?? this.floor)) return false;
    const next = new Map(newest);
    next.delete(from);
    next.set(from, seq);
    let floor = this.floor;
    for (const [id, n] of next) {
      if (next.size <= MAX_ASKERS) break;
      next.delete(id);
      floor = Math.max(floor, n);
    }
    this.shelf.set(SHELF_KEY, { newest: [...next], floor } satisfies Kept);
    this.newest = next;
    this.floor = floor;
    return true;
  }

  private read(): Map<string, number> {
    if (this.newest === null) {
      const kept = this.shelf.get<Kept>(SHELF_KEY, { newest: [], floor: 0 }, isKept);
      this.newest = new Map(kept.newest);
      this.floor = kept.floor;
    }
    return this.newest;
  }
}
