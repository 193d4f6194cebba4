import type { Db } from './database';

/**
 * Runs writes with `synchronous = NORMAL` (1) and restores the level after. In WAL mode NORMAL still never corrupts
 * the database on a crash; it may lose the last commits on a power cut, which is acceptable for rows that are
 * informational (a plain ledger row, the requests feed) and saves an fsync per commit on the event loop.
 */
export class RelaxedSync {
  private readonly readSync;
  /** `PRAGMA synchronous = n` by level, prepared once: `db.pragma()` compiles its statement on every call. */
  private readonly setSync = new Map<number, { run(): unknown }>();

  constructor(private readonly db: Db) {
    this.readSync = db.prepare('PRAGMA synchronous').pluck();
  }

  run<T>(fn: () => T): T {
    // Inside a caller's transaction the level cannot change (SQLite refuses): its commit decides, as it should.
    if (this.db.inTransaction) return fn();
    const previous = Number(this.readSync.get());
    if (previous === 1) return fn();
    this.sync(1);
    try {
      return fn();
    } finally {
      this.sync(previous);
    }
  }

  private sync(level: number): void {
    let stmt = this.setSync.get(level);
    if (!stmt) {
      stmt = this.db.prepare(`PRAGMA synchronous = ${Math.trunc(level)}`);
      this.setSync.set(level, stmt);
    }
    stmt.run();
  }
}
