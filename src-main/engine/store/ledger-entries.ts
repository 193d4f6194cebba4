import type { ReceiptState, TaskUnits } from '@shared/contract';

/*
 * What the ledger takes in and hands out: rows of finished tasks, their receipts, and the marks of the journal they
 * come through (see ledger-journal.ts and the fold in ledger-repo.ts). Types only, and one comparison, so that the
 * journal, the repository, the fold thread and the ledger writer can all use them without importing each other.
 */

export interface NewLedgerRow {
  taskId: string;
  ts: number;
  intent: string;
  model: string | null;
  outcome: 'ok' | 'error';
  tokens: number | null;
  latencyMs: number;
  /** The task's nonce, if it had one: single-use across restarts (see ReplayGuard). */
  nonce?: string | null;
  /** Energy attributed to the task while it generated, joules (see EnergyMeter); null or absent: not known. */
  energyJ?: number | null;
  /** A speech task's count in its own unit; null or absent for an LLM task. */
  units?: TaskUnits | null;
}

export interface NewReceipt {
  body: Record<string, unknown>;
  amount: number;
  expiresAt: number;
}

/**
 * How far the ledger has taken its journal in (see LedgerJournal): the file's generation and the byte offset after its
 * last frame.
 */
export interface JournalMark {
  gen: number;
  offset: number;
}

/** One finished task as the ledger takes it: its row, and the receipt it claims (null: none). */
export interface LedgerEntry {
  row: NewLedgerRow;
  receipt: NewReceipt | null;
}

/** An entry the ledger refused for what it is (a second receipt for its task), and why. */
export interface RefusedEntry {
  entry: LedgerEntry;
  error: Error;
}

/**
 * Finished tasks on their way into the ledger: a group's entries, and where its frame ends in the journal (null: not
 * journaled).
 */
export interface FoldGroup {
  entries: readonly LedgerEntry[];
  end: JournalMark | null;
}

/** What a fold wrote: the ledger's mark after it, the rows and receipts it added, and the entries it refused. */
export interface FoldResult {
  mark: JournalMark;
  rows: number;
  receipts: number;
  refused: RefusedEntry[];
}

/** Whether mark `a` lies after mark `b` in the journal. */
export function markAfter(a: JournalMark, b: JournalMark): boolean {
  return a.gen > b.gen || (a.gen === b.gen && a.offset > b.offset);
}

export interface LedgerFilter {
  from?: number;
  to?: number;
  model?: string;
  receipt?: ReceiptState;
}
