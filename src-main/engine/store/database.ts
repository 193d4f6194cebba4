import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { classifyOpenError, StoreOpenError } from './errors';
import { currentSchemaVersion, LATEST_SCHEMA_VERSION, migrate } from './migrations';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the app's database and brings its schema up to date.
 *
 * WAL lets the UI read while the engine writes; `synchronous = FULL` makes every acknowledged commit
 * survive not only a killed process but a power cut, which is what ledger and receipt rows need.
 */
export function openDatabase(path: string): Db {
  let db: Db | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { timeout: 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
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
