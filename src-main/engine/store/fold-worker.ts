/**
 * The fold thread (see fold-thread.ts): a connection of its own to the engine's database that takes the ledger
 * journal's frames into the ledger — rows, receipts into the outbox, rollups, and the journal's mark, in one
 * transaction per job — so that the SQLite work of every served task (its random index pages above all) never holds
 * up the event loop that answers tasks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { THREAD_STATE } from './checkpoint-wire';
import type { FoldGroup } from './ledger-entries';
import type { FoldJob, FoldReply, FoldWorkerData } from './fold-wire';
import { decodeEntries } from './ledger-journal';
import { LedgerRepository } from './ledger-repo';

const { path, state, busyTimeoutMs } = workerData as FoldWorkerData;
const flag = new Int32Array(state);
const port = parentPort!;

function closed(): void {
  Atomics.store(flag, 0, THREAD_STATE.CLOSED);
  Atomics.notify(flag, 0);
}

function failure(id: number, err: unknown): FoldReply {
  const e = err as { code?: unknown; message?: unknown };
  return { op: 'failed', id, code: typeof e?.code === 'string' ? e.code : 'ERROR', message: String(e?.message ?? err) };
}

function open(): Database.Database | null {
  let db: Database.Database | null = null;
  try {
    // The event loop's connection may hold the write lock for a moment (a setting, a batch of award answers): wait.
    db = new Database(path, { fileMustExist: true, timeout: busyTimeoutMs });
    // As the main connection (database.ts): a commit survives the process being killed; power safety is Store.flush().
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Checkpoints are the checkpoint thread's (checkpointer.ts), never inside a fold's COMMIT.
    db.pragma('wal_autocheckpoint = 0');
    return db;
  } catch (err) {
    try {
      db?.close();
    } catch {
      // unusable anyway
    }
    closed();
    port.postMessage(failure(0, err));
    return null;
  }
}

function serve(conn: Database.Database): void {
  const ledger = new LedgerRepository(conn);
  port.postMessage({ op: 'ready' } satisfies FoldReply);
  port.on('message', (job: FoldJob) => {
    if (job.op === 'close') {
      if (conn.open) conn.close();
      closed();
      port.close();
      return;
    }
    if (job.op !== 'fold') return;
    const t0 = performance.now();
    let reply: FoldReply;
    try {
      const groups: FoldGroup[] = job.frames.map((f) => {
        const entries = decodeEntries(f.payload);
        // The event loop encoded these bytes a moment ago: one that does not decode is a bug, and nothing is written.
        if (entries === null) throw Object.assign(new Error('a journal frame sent to the fold thread does not decode'), { code: 'BAD_FRAME' });
        return { entries, end: f.end };
      });
      const r = ledger.foldGroups(groups);
      const refused = r.refused.map((x) => ({ taskId: x.entry.row.taskId, message: x.error.message }));
      reply = { op: 'folded', id: job.id, mark: r.mark, rows: r.rows, receipts: r.receipts, refused, ms: performance.now() - t0 };
    } catch (err) {
      reply = failure(job.id, err);
    }
    port.postMessage(reply);
  });
}

if (Atomics.compareExchange(flag, 0, THREAD_STATE.INIT, THREAD_STATE.OPEN) !== THREAD_STATE.INIT) {
  // The store closed before this thread started: it must not hold the file open after the store let it go.
  port.close();
} else {
  const conn = open();
  if (conn) serve(conn);
  else port.close();
}
