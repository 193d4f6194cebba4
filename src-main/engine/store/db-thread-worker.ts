/**
 * The thread's side of db-thread.ts, shared by the database threads (checkpoint-worker.ts, ledger-worker.ts): taking
 * the shared state from INIT to OPEN before opening a connection, saying CLOSED once it is closed, and what a failure
 * looks like on the wire. Imported only by the threads' modules.
 */
import Database from 'better-sqlite3';
import { THREAD_STATE } from './checkpoint-wire';

/**
 * The pragmas of a thread that writes beside the event loop's connection (the ledger's, the verifier's), as the main
 * connection has them (database.ts): a commit survives the process being killed; power safety is Store.flush().
 * Checkpoints are the checkpoint thread's (checkpointer.ts), never inside one of these threads' COMMITs.
 */
export const WRITER_THREAD_PRAGMAS = ['synchronous = NORMAL', 'foreign_keys = ON', 'wal_autocheckpoint = 0'] as const;

/** A job the thread could not do (id 0: the connection did not open); `code` is SQLite's where it gave one. */
export interface ThreadFailure {
  op: 'failed';
  id: number;
  code: string;
  message: string;
}

export function threadFailure(id: number, err: unknown): ThreadFailure {
  const e = err as { code?: unknown; message?: unknown };
  return { op: 'failed', id, code: typeof e?.code === 'string' ? e.code : 'ERROR', message: String(e?.message ?? err) };
}

export interface DbThreadRun {
  path: string;
  /** The `THREAD_STATE` the store shares with the thread (db-thread.ts). */
  state: SharedArrayBuffer;
  /** How long a statement waits for a lock another connection holds. */
  timeoutMs: number;
  /** Run on the new connection, in order (`synchronous = NORMAL`, …). */
  pragmas: readonly string[];
  /** Sends the failure to open to the store. */
  fail: (f: ThreadFailure) => void;
  /** The thread's work on its connection; `closed` says the connection is closed (the store waits for it). */
  serve: (conn: Database.Database, closed: () => void) => void;
  /** Ends the thread (closes its port). */
  end: () => void;
}

/**
 * Opens the thread's connection and hands it to `serve`. A store that closed before the thread got this far has set
 * STOP: the thread then opens nothing, so that it never holds the file after the store let it go. A connection that
 * does not open is reported as failure 0 and the thread ends; the store counts that against its restarts.
 */
export function runDbThread(o: DbThreadRun): void {
  const flag = new Int32Array(o.state);
  const closed = (): void => {
    Atomics.store(flag, 0, THREAD_STATE.CLOSED);
    Atomics.notify(flag, 0);
  };
  if (Atomics.compareExchange(flag, 0, THREAD_STATE.INIT, THREAD_STATE.OPEN) !== THREAD_STATE.INIT) return o.end();
  let db: Database.Database | null = null;
  try {
    db = new Database(o.path, { fileMustExist: true, timeout: o.timeoutMs });
    for (const p of o.pragmas) db.pragma(p);
  } catch (err) {
    try {
      db?.close();
    } catch {
      // unusable anyway
    }
    closed();
    o.fail(threadFailure(0, err));
    return o.end();
  }
  o.serve(db, closed);
}
