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
  {
    version: 2,
    name: 'weekly availability schedule',
    sql: `
      -- One schedule per node: the zone its wall-clock windows are written in and the share outside them.
      CREATE TABLE availability_schedule (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        time_zone TEXT NOT NULL,
        outside_share REAL NOT NULL CHECK (outside_share BETWEEN 0 AND 1),
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE availability_windows (
        position INTEGER PRIMARY KEY,
        days TEXT NOT NULL,
        start_time TEXT NOT NULL CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
        end_time TEXT NOT NULL CHECK (end_time GLOB '[0-2][0-9]:[0-5][0-9]'),
        share REAL NOT NULL CHECK (share BETWEEN 0 AND 1)
      ) STRICT;
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
