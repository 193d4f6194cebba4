/**
 * Other operators' nodes that claimed more tokens than a request could produce, or that the directory charged more
 * than expected for: none of them is asked again. Kept on the engine state shelf (bounded, oldest forgotten first) so
 * a restart does not trust them again; the spent book's flagged rows (a debit read later) are taken in as they come.
 */
import type { KeyShelf } from '../keys';

const SHELF_KEY = 'gatewayFlaggedNodes';
/** Flagged nodes kept: far more than honest use meets, few enough that the shelf stays small. */
const MAX_FLAGGED = 500;

const isIdList = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length <= MAX_FLAGGED * 2 && v.every((x) => typeof x === 'string' && x.length <= 128);

export interface FlaggedSource {
  /** Goes up whenever the book flagged a row. */
  version(): number;
  /** The nodes of the book's flagged rows. */
  nodes(): readonly string[];
}

export class NodeFlags {
  private ids: string[] | null = null;
  private seenVersion = -1;

  constructor(
    private readonly shelf: KeyShelf,
    private readonly book?: FlaggedSource,
  ) {}

  /** Whether a node is flagged: it is not asked again. */
  has(nodeId: string): boolean {
    return this.list().includes(nodeId);
  }

  /** Flags a node for good. */
  add(nodeId: string): void {
    this.addAll([nodeId]);
  }

  private addAll(nodeIds: readonly string[]): void {
    const ids = this.list(false);
    const fresh = nodeIds.filter((id, i) => id.length <= 128 && !ids.includes(id) && nodeIds.indexOf(id) === i);
    if (fresh.length === 0) return;
    this.ids = [...ids, ...fresh].slice(-MAX_FLAGGED);
    this.shelf.set(SHELF_KEY, this.ids);
  }

  private list(takeBook = true): string[] {
    this.ids ??= this.shelf.get<string[]>(SHELF_KEY, [], isIdList).slice(-MAX_FLAGGED);
    if (takeBook && this.book && this.book.version() !== this.seenVersion) {
      this.seenVersion = this.book.version();
      this.addAll(this.book.nodes());
    }
    return this.ids;
  }
}
