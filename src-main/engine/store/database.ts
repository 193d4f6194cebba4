import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { createOwnerOnlyDir, createOwnerOnlyFile, restrictToOwner } from '../owner-only';
import { classifyOpenError, StoreOpenError } from './errors';
import { currentSchemaVersion, LATEST_SCHEMA_VERSION, migrate } from './migrations';

export type Db = Database.Database;

/** Files SQLite keeps beside the database while it is open (WAL mode) or left after a crash (any mode). */
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
 * WAL lets the UI read while the engine writes; `synchronous = FULL` makes every acknowledged commit
 * survive not only a killed process but a power cut, which is what ledger and receipt rows need.
 */
export function openDatabase(path: string): Db {
  let db: Db | undefined;
  const onDisk = path !== ':memory:' && path !== '';
  try {
    if (onDisk) prepareOwnerOnly(path);
    db = new Database(path, { timeout: 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Side files a crashed older version left (SQLite reuses them with their old mode).
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
