import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { createOwnerOnlyDir, createOwnerOnlyFile, restrictToOwner } from '../files';
import { classifyOpenError, StoreOpenError } from './errors';
import { currentSchemaVersion, LATEST_SCHEMA_VERSION, migrate } from './migrations';

export type Db = Database.Database;

/** Files SQLite keeps beside the database while it is open (WAL mode: the log and its index), or left after a crash. */
const SIDE_FILES = ['-wal', '-shm', '-journal'];

/**
 * The database holds the ledger, settings and event log: owner-only (0600), with its folder created 0700. It is
 * created empty before SQLite opens it, because SQLite would create it with the umask's mode and give its WAL
 * files the same one. An existing database and its side files lose their group and other bits (older versions
 * left them 0644) where that is possible. Where it is not (someone else's file, a FAT disk) it still opens: the
 * data folder around it is what keeps others out, and the engine warns when that folder cannot be made private.
 */
function prepareOwnerOnly(path: string): void {
  createOwnerOnlyDir(dirname(path));
  if (!createOwnerOnlyFile(path)) narrow(path);
}

function narrow(path: string): void {
  try {
    restrictToOwner(path);
  } catch {
    // see prepareOwnerOnly
  }
}

/**
 * Opens (creating if needed) the app's database and brings its schema up to date.
 *
 * Locking is SQLite's normal, shared kind: the engine is the only writer (one engine per data folder:
 * identity/instance-lock.ts), but not the only connection — its WAL is checkpointed by a second connection on a
 * worker thread (checkpointer.ts), which an exclusive lock would shut out. Exclusive locking saved a `-shm` file and
 * a few fcntl calls per transaction (≈1 µs per task in groups of 20); checkpointing inside a COMMIT on the event loop
 * cost far more: 60 000 task rows through the group commit took 71.5 µs of event-loop wall time per task with
 * SQLite's automatic checkpoint against 26.5 µs with none (CPU 31.5 and 26.5 µs: the rest is the checkpoint waiting
 * on the disk, in pauses of tens of milliseconds that every request waits behind). With the thread, the ledger bench
 * (`npm run bench -- ledger`, part e) measured 36.3 → 28.8 µs per task in groups of 20 (never checkpointing: 28.4),
 * and at a node's pace (4000 tasks/s) the longest stall of the loop went from 15.7 to 7.5 ms. The WAL index lives in
 * the `-shm` file again, owner-only like the other side files.
 *
 * `synchronous` is chosen here, once. In WAL mode NORMAL: a commit has written its WAL frames when it returns, so it
 * survives the process being killed, and the database is never corrupted by a power cut; what a power cut may take
 * is the last commits, so what must be power-safe (a receipt before it is posted, a setting before the window says
 * "saved") waits for `Store.flush()` — one fdatasync of the WAL off the event loop, shared by everything
 * committed before it. Without WAL (a file system that refuses it) FULL, where NORMAL could corrupt on a power cut.
 */
export function openDatabase(path: string): Db {
  let db: Db | undefined;
  const onDisk = path !== ':memory:' && path !== '';
  try {
    if (onDisk) prepareOwnerOnly(path);
    db = new Database(path, { timeout: 5000 });
    const wal = String(db.pragma('journal_mode = WAL', { simple: true })).toLowerCase() === 'wal';
    db.pragma(wal ? 'synchronous = NORMAL' : 'synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Side files a crashed older version left (SQLite reuses them with their old mode); new ones SQLite makes with
    // the database's own mode.
    if (onDisk) for (const suffix of SIDE_FILES) narrow(`${path}${suffix}`);
    const version = currentSchemaVersion(db);
    if (version > LATEST_SCHEMA_VERSION) {
      throw new StoreOpenError(
        'too_new',
        path,
        `The database at ${path} was written by a newer version of IICP Provider (schema ${version}, this app knows ${LATEST_SCHEMA_VERSION}). Update the app.`,
      );
    }
    migrate(db);
    // No integrity scan here: it grows with the ledger and would slow every launch. Damage in the header
    // fails above (SQLITE_NOTADB); damage deeper in surfaces as SQLITE_CORRUPT on the query that meets it.
    return db;
  } catch (err) {
    try {
      db?.close();
    } catch {
      // the handle is unusable anyway
    }
    if (err instanceof StoreOpenError) throw err;
    throw classifyOpenError(err, path);
  }
}
