import { markAfter, type JournalMark, type LedgerEntry, type NewLedgerRow } from '../store';

/**
 * A group on its way into the ledger: journaled up to `end` (its frame's bytes in `payload`), or (null) not in the
 * journal.
 */
export interface Unfolded {
  entries: LedgerEntry[];
  end: JournalMark | null;
  payload: Buffer | null;
}

/** Entries kept in memory while the store refuses them; past this the oldest plain rows give way first. */
const MAX_QUEUE = 20_000;

/**
 * The ledger writer's groups that are not in the ledger yet, oldest first, with the task ids and nonces of their rows
 * (the replay checks count them as recorded) and what they claim (the day's figures count them too).
 */
export class UnfoldedGroups {
  private groups: Unfolded[] = [];
  private count = 0;
  private readonly tasks = new Set<string>();
  private readonly nonces = new Set<string>();

  /** Rows waiting. */
  get rows(): number {
    return this.count;
  }

  get length(): number {
    return this.groups.length;
  }

  /** The oldest group, if any. */
  get head(): Unfolded | undefined {
    return this.groups[0];
  }

  holdsTask(taskId: string): boolean {
    return this.tasks.has(taskId);
  }

  holdsNonce(nonce: string): boolean {
    return this.nonces.has(nonce);
  }

  /**
   * An entry joins the rows not yet in the store (its group is pushed later); past the cap, one waiting row gives way.
   */
  note(entry: LedgerEntry, pendingInTurn: number): void {
    if (pendingInTurn + this.count >= MAX_QUEUE) this.dropOne();
    this.tasks.add(entry.row.taskId);
    if (entry.row.nonce) this.nonces.add(entry.row.nonce);
  }

  push(group: Unfolded): void {
    this.groups.push(group);
    this.count += group.entries.length;
  }

  /**
   * The oldest groups, whole, until at least `rows` rows (or all): not removed. `withBytes`: only as far as the groups
   * still have their frame's bytes (what the fold thread is sent).
   */
  first(rows: number, withBytes = false): Unfolded[] {
    const out: Unfolded[] = [];
    let n = 0;
    for (const g of this.groups) {
      if (n >= rows || (withBytes && g.payload === null)) break;
      out.push(g);
      n += g.entries.length;
    }
    return out;
  }

  /** Removes the `n` oldest groups (now in the ledger); whether any of their entries claims a receipt. */
  removeFirst(n: number): boolean {
    return this.forgetGroups(this.groups.splice(0, n));
  }

  /**
   * Removes the oldest groups the ledger holds as of `mark` (journaled at or before it); whether one claims a receipt.
   */
  removeThrough(mark: JournalMark): boolean {
    let n = 0;
    while (n < this.groups.length) {
      const end = this.groups[n]!.end;
      if (end === null || markAfter(end, mark)) break;
      n += 1;
    }
    return n > 0 ? this.removeFirst(n) : false;
  }

  /** Whether a group is in memory only (the journal could not take it): then the ledger must take everything now. */
  hasUnjournaled(): boolean {
    return this.groups.some((g) => g.end === null);
  }

  /**
   * The rows not yet in the ledger, each with what it claims (0 for a row without a receipt). With `heldThrough` (the
   * ledger's mark read with whatever is counted beside these rows), groups the ledger already holds are left out: the
   * fold thread may have written them a moment before its answer arrives here.
   */
  *waiting(heldThrough?: JournalMark): Generator<{ row: NewLedgerRow; claimed: number }> {
    for (const g of this.groups) {
      if (heldThrough && g.end !== null && !markAfter(g.end, heldThrough)) continue;
      for (const e of g.entries) yield { row: e.row, claimed: e.receipt?.amount ?? 0 };
    }
  }

  forget(row: NewLedgerRow): void {
    this.tasks.delete(row.taskId);
    if (row.nonce) this.nonces.delete(row.nonce);
  }

  private forgetGroups(groups: readonly Unfolded[]): boolean {
    let receipts = false;
    for (const g of groups) {
      this.count -= g.entries.length;
      for (const e of g.entries) {
        this.forget(e.row);
        if (e.receipt) receipts = true;
      }
    }
    return receipts;
  }

  /** A store down for long: plain rows (they claim nothing) give way first, then the oldest claims. */
  private dropOne(): void {
    for (const g of this.groups) {
      const plain = g.entries.findIndex((e) => e.receipt === null);
      if (plain < 0) continue;
      const [dropped] = g.entries.splice(plain, 1);
      this.count -= 1;
      // The frame's bytes no longer match its entries: that group is the event loop's to fold now.
      g.payload = null;
      return this.forget(dropped!.row);
    }
    const first = this.groups[0];
    if (!first) return;
    const [dropped] = first.entries.splice(0, 1);
    first.payload = null;
    this.count -= 1;
    if (first.entries.length === 0 && first.end === null) this.groups.shift();
    if (dropped) this.forget(dropped.row);
  }
}
