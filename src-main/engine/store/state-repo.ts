import type { Clock } from './clock';
import type { Db } from './database';

/**
 * Small pieces of engine state that must survive a restart (the availability switch, a timed pause), kept
 * apart from the person's settings so that resetting settings never flips them. A write survives the process being
 * killed once `set` returns; the commands that acknowledge a change to the person wait for `Store.flush()` first
 * (engine-commands.ts). The engine's own bookkeeping here (the directory's books, whether the price declaration was
 * delivered) is read from the directory again, or the same capped declaration sent again, if a power cut takes it.
 */
export class EngineStateRepository {
  private readonly upsert;
  private readonly select;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.upsert = db.prepare(
      'INSERT INTO engine_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
    this.select = db.prepare<[string], { value: string }>('SELECT value FROM engine_state WHERE key = ?');
  }

  get<T>(key: string, fallback: T, isValid: (v: unknown) => v is T): T {
    const row = this.select.get(key);
    if (!row) return fallback;
    try {
      const v: unknown = JSON.parse(row.value);
      return isValid(v) ? v : fallback;
    } catch {
      return fallback;
    }
  }

  /**
   * The stored value, or `init()` stored and returned when there is none (or it is invalid). Runs in one
   * IMMEDIATE transaction, so two processes starting on a fresh data folder agree on a single value.
   */
  getOrInit<T>(key: string, isValid: (v: unknown) => v is T, init: () => T): T {
    let created = false;
    const value = this.db
      .transaction(() => {
        const row = this.select.get(key);
        if (row) {
          try {
            const v: unknown = JSON.parse(row.value);
            if (isValid(v)) return v;
          } catch {
            // invalid: replaced below
          }
        }
        const fresh = init();
        this.set(key, fresh);
        created = true;
        return fresh;
      })
      .immediate();
    // A value made once and soon known outside (the node id, registered at the directory next) is put on stable
    // storage now: a checkpoint syncs the WAL and the database file. Commits are otherwise flushed only where they
    // are acknowledged (see openDatabase); this happens once per data folder, so blocking on it costs nothing.
    if (created) this.db.pragma('wal_checkpoint(PASSIVE)');
    return value;
  }

  set(key: string, value: unknown): void {
    this.upsert.run(key, JSON.stringify(value), this.clock().toISOString());
  }
}
