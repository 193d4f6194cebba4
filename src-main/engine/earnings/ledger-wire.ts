/**
 * What the ledger thread's handle (ledger-thread.ts) and the thread (ledger-worker.ts) say to each other. Kept apart
 * from the worker's module, which runs as soon as it is imported.
 */
import type { EventLevel } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import type { JournalMark } from '../store';

export interface LedgerWorkerData {
  /** The database file the engine has open. */
  path: string;
  /** One Int32 (`THREAD_STATE` of checkpoint-wire.ts): whether the thread holds a connection, so closing can wait. */
  state: SharedArrayBuffer;
  /** How long a write waits for the lock another connection holds before it fails with SQLITE_BUSY. */
  busyTimeoutMs: number;
  /** One Int32: the event loop's busy share over the last tenth of a second, in percent (see LoopLoad). */
  loopLoad: SharedArrayBuffer;
}

/** One journal frame as the ledger writer appended it: the encoded entries, and the mark just after the frame. */
export interface FoldFrame {
  payload: Uint8Array;
  end: JournalMark;
}

/** What the poster needs to post, as it stands now (the token is renewed, the directory's address may change). */
export interface PosterConfig {
  nodeId: string;
  baseUrl: string;
  token: string | null;
  hmacKey: string | null;
  retryBaseMs?: number;
  retryMaxMs?: number;
}

export type LedgerJob =
  | { op: 'fold'; id: number; frames: FoldFrame[] }
  /** Post what is due now (`kick`), soon (`soon`), or after a pause the directory asked for is over (`resume`). */
  | { op: 'poster'; call: 'kick' | 'soon' | 'resume'; config: PosterConfig; seq: number }
  /** Stop posting once the round under way is over; answered by `posterStopped`. */
  | { op: 'posterStop'; id: number }
  /** The event loop's answer to `durable`: every commit before the question is on stable storage (or cannot be). */
  | { op: 'durable'; id: number }
  | { op: 'close' };

/** An entry the ledger refused for what it is (a second receipt for its task). */
export interface RefusedTask {
  taskId: string;
  message: string;
}

export type LedgerReply =
  /** The thread's connection is open: folds sent from now on start at once. */
  | { op: 'ready' }
  /** `mark`: the ledger's journal mark after the fold; `rows`, `receipts`: what this fold added. */
  | { op: 'folded'; id: number; mark: JournalMark; rows: number; receipts: number; refused: RefusedTask[]; ms: number }
  | { op: 'failed'; id: number; code: string; message: string }
  /** A line for the node's log (and its event log, unless `persist` is false). */
  | { op: 'log'; level: EventLevel; event: EngineEventName; details: string; persist?: boolean }
  /** The outbox changed (awards recorded): the figures on screen are out of date. */
  | { op: 'changed' }
  /** The poster asks the event loop to make every commit so far power-safe before it posts (Store.flush). */
  | { op: 'durable'; id: number }
  | { op: 'posterStopped'; id: number }
  /**
   * The poster has nothing in flight and nothing due before `nextDue` (null: the outbox is empty), and `seq` was the
   * last call it was sent: the thread may close until then.
   */
  | { op: 'posterIdle'; seq: number; nextDue: number | null };
