/**
 * The checkpoint thread (see checkpointer.ts): a second connection to the engine's database that copies the WAL's
 * pages into the database file when asked — a PASSIVE checkpoint, which takes no lock a writer waits for — so the copy
 * and its syncs never hold up the event loop. It never writes a row.
 */
import { closeSync, fdatasyncSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { CheckpointJob, CheckpointReply, CheckpointWorkerData } from './checkpoint-wire';
import { runDbThread, threadFailure } from './db-thread-worker';

const { path, state } = workerData as CheckpointWorkerData;
const port = parentPort!;

function serve(conn: Database.Database, closed: () => void): void {
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
      reply = {
        op: 'done',
        id: job.id,
        busy: r.busy !== 0,
        log: r.log,
        checkpointed: r.checkpointed,
        ms: performance.now() - t0,
      };
    } catch (err) {
      reply = threadFailure(job.id, err);
    }
    port.postMessage(reply);
  });
}

runDbThread({
  path,
  state,
  timeoutMs: 1000,
  // A checkpoint syncs the WAL, and the database file once it reaches the WAL's end, at any level but OFF.
  pragmas: ['synchronous = NORMAL', 'wal_autocheckpoint = 0'],
  fail: (f) => port.postMessage(f),
  serve,
  end: () => port.close(),
});
