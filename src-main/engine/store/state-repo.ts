import type { Clock } from './clock';
import type { Db } from './database';

/**
 * Small pieces of engine state that must survive a restart (the availability switch, a timed pause), kept
 * apart from the person's settings so that resetting settings never flips them.
 */
export class EngineStateRepository {
  private readonly upsert;
  private readonly select;

  constructor(db: Db, private readonly clock: Clock) {
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

  set(key: string, value: unknown): void {
    this.upsert.run(key, JSON.stringify(value), this.clock().toISOString());
  }
}
