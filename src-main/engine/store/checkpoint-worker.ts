/**
 * The checkpoint thread (see checkpointer.ts): a second connection to the engine's database that copies the WAL's
 * pages into the database file when asked — a PASSIVE checkpoint, which takes no lock a writer waits for — so the copy
 * and its syncs never hold up the event loop. It never writes a row.
 */
import { closeSync, fdatasyncSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { THREAD_STATE, type CheckpointJob, type CheckpointReply, type CheckpointWorkerData } from './checkpoint-wire';

const { path, state } = workerData as CheckpointWorkerData;
const flag = new Int32Array(state);
const port = parentPort!;

function closed(): void {
  Atomics.store(flag, 0, THREAD_STATE.CLOSED);
  Atomics.notify(flag, 0);
}

function failure(id: number, err: unknown): CheckpointReply {
  const e = err as { code?: unknown; message?: unknown };
  return { op: 'failed', id, code: typeof e?.code === 'string' ? e.code : 'ERROR', message: String(e?.message ?? err) };
}

function open(): Database.Database | null {
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { fileMustExist: true, timeout: 1000 });
    // A checkpoint syncs the WAL, and the database file once it reaches the WAL's end, at any level but OFF.
    db.pragma('synchronous = NORMAL');
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
  const passive = conn.prepare('PRAGMA wal_checkpoint(PASSIVE)');
  let dbFd: number | null = null;
  let synced = -1;

  /**
   * SQLite syncs the database file only when a checkpoint reaches the WAL's end (only then may the WAL restart). Under
   * a stream of commits most checkpoints stop short of it, and their pages would wait in the page cache for the one
   * that does not — perhaps on the main connection (see checkpointer.ts), whose sync would then write them all. Synced
   * here, that one finds little left to write.
   */
  function syncShortCheckpoint(r: { log: number; checkpointed: number }): void {
    // Nothing new copied (a reader in the way): nothing to sync.
    if (r.checkpointed <= 0 || r.checkpointed >= r.log || r.checkpointed === synced) return;
    try {
      dbFd ??= openSync(path, 'r+');
      fdatasyncSync(dbFd);
      synced = r.checkpointed;
    } catch {
      // Only an earlier start on the final sync, which SQLite makes anyway.
    }
  }

  port.on('message', (job: CheckpointJob) => {
    if (job.op === 'close') {
      if (conn.open) conn.close();
      if (dbFd !== null) closeSync(dbFd);
      dbFd = null;
      closed();
      port.close();
      return;
    }
    if (job.op !== 'checkpoint') return;
    const t0 = performance.now();
    let reply: CheckpointReply;
    try {
      const r = passive.get() as { busy: number; log: number; checkpointed: number };
      syncShortCheckpoint(r);
      reply = { op: 'done', id: job.id, busy: r.busy !== 0, log: r.log, checkpointed: r.checkpointed, ms: performance.now() - t0 };
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
  // Without a connection the thread ends; the store counts that against the restarts it allows.
  if (conn) serve(conn);
  else port.close();
}
