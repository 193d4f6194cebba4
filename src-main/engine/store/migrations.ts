import type Database from 'better-sqlite3';

/**
 * Numbered, forward-only migrations. `PRAGMA user_version` records the last one applied; each runs in the
 * same transaction as its version bump, so a crash mid-migration leaves the previous version intact.
 * Never edit a migration that has shipped: add a new one.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'settings, engine state and event log',
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE engine_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ts TEXT NOT NULL,
        level TEXT NOT NULL CHECK (level IN ('info', 'warn', 'error')),
        event TEXT NOT NULL,
        details TEXT NOT NULL DEFAULT ''
      ) STRICT;
      -- The event log is append-only: history is never rewritten, only pruned from the oldest end.
      CREATE TRIGGER events_no_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export function currentSchemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every migration newer than the database; returns how many ran. */
export function migrate(db: Database.Database): number {
  let applied = 0;
  for (const m of MIGRATIONS) {
    // Re-read inside the loop: another process may have migrated meanwhile (BEGIN IMMEDIATE serialises).
    const run = db.transaction(() => {
      if (currentSchemaVersion(db) >= m.version) return false;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
      return true;
    });
    if (run.immediate()) applied += 1;
  }
  return applied;
}
