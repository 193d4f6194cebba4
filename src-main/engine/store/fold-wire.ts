/**
 * What the fold thread's handle (fold-thread.ts) and the thread (fold-worker.ts) say to each other. Kept apart from
 * the worker's module, which runs as soon as it is imported.
 */
import type { JournalMark } from './ledger-entries';

export interface FoldWorkerData {
  /** The database file the engine has open. */
  path: string;
  /** One Int32 (`THREAD_STATE` of checkpoint-wire.ts): whether the thread holds a connection, so `Store.close()` can wait. */
  state: SharedArrayBuffer;
  /** How long a fold waits for the write lock another connection holds before it fails with SQLITE_BUSY. */
  busyTimeoutMs: number;
}

/** One journal frame as the ledger writer appended it: the encoded entries, and the mark just after the frame. */
export interface FoldFrame {
  payload: Uint8Array;
  end: JournalMark;
}

export type FoldJob = { op: 'fold'; id: number; frames: FoldFrame[] } | { op: 'close' };

/** An entry the ledger refused for what it is (a second receipt for its task). */
export interface RefusedTask {
  taskId: string;
  message: string;
}

/** `mark`: the ledger's journal mark after the fold; `rows`, `receipts`: what this fold added (frames already folded count 0). */
export type FoldReply =
  /** The thread's connection is open: folds sent from now on start at once. */
  | { op: 'ready' }
  | { op: 'folded'; id: number; mark: JournalMark; rows: number; receipts: number; refused: RefusedTask[]; ms: number }
  | { op: 'failed'; id: number; code: string; message: string };
