/**
 * What the checkpointer (checkpointer.ts) and its thread (checkpoint-worker.ts) say to each other. Kept apart from
 * the worker's module, which runs as soon as it is imported.
 */

export interface CheckpointWorkerData {
  /** The database file the engine has open. */
  path: string;
  /** One Int32 (`THREAD_STATE`): whether the thread holds a connection, shared so `Store.close()` can wait for it. */
  state: SharedArrayBuffer;
}

export type CheckpointJob = { op: 'checkpoint'; id: number } | { op: 'close' };

/** `log`: frames in the WAL; `checkpointed`: how many of them are in the database file now (SQLite's own counts). */
export type CheckpointReply =
  | { op: 'done'; id: number; busy: boolean; log: number; checkpointed: number; ms: number }
  | { op: 'failed'; id: number; code: string; message: string };

/**
 * The thread's connection, as both sides see it. The thread moves INIT → OPEN before it opens one and OPEN → CLOSED
 * once it has closed it; the store moves INIT → STOP when it closes before the thread got that far, and the thread
 * then opens nothing.
 */
export const THREAD_STATE = { INIT: 0, OPEN: 1, STOP: 2, CLOSED: 3 } as const;
