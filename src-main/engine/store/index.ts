import { Checkpointer, type CheckpointerOptions } from './checkpointer';
import type { Clock } from './clock';
import { systemClock } from './clock';
import { openDatabase, type Db } from './database';
import { EventLog } from './event-log';
import { LedgerRepository } from './ledger-repo';
import { ScheduleRepository } from './schedule-repo';
import { SettingsRepository } from './settings-repo';
import { EngineStateRepository } from './state-repo';
import { WalSync } from './wal-sync';

export { StoreOpenError, type StoreErrorCode } from './errors';
export { LATEST_SCHEMA_VERSION } from './migrations';
export type { Clock } from './clock';
export type { Db } from './database';
export type { CheckpointerOptions, CheckpointStats } from './checkpointer';

export interface StoreOptions {
  /** When and where the WAL is checkpointed (see Checkpointer); the defaults suit the engine. */
  checkpoints?: CheckpointerOptions;
}

/** The engine's persistence: one SQLite database and the repositories over it. */
export class Store {
  readonly settings: SettingsRepository;
  readonly state: EngineStateRepository;
  readonly events: EventLog;
  readonly schedule: ScheduleRepository;
  readonly ledger: LedgerRepository;
  /**
   * Flushes the WAL to stable storage off the event loop (see WalSync); null when the database keeps no WAL file
   * (in memory, or a file system where SQLite could not switch to WAL: there every commit syncs in full).
   */
  readonly walSync: WalSync | null;
  /** Checkpoints the WAL on a thread of its own (see Checkpointer); null without a WAL file. */
  readonly checkpointer: Checkpointer | null;

  private constructor(readonly db: Db, clock: Clock, o: StoreOptions) {
    this.settings = new SettingsRepository(db, clock);
    this.state = new EngineStateRepository(db, clock);
    this.events = new EventLog(db, clock);
    this.schedule = new ScheduleRepository(db, clock);
    this.ledger = new LedgerRepository(db);
    const wal = !db.memory && String(db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal';
    this.walSync = wal ? new WalSync(`${db.name}-wal`) : null;
    this.checkpointer = wal ? new Checkpointer(db, o.checkpoints) : null;
  }

  static open(path: string, clock: Clock = systemClock, o: StoreOptions = {}): Store {
    const db = openDatabase(path);
    try {
      return new Store(db, clock, o);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  /**
   * Resolves once everything committed before the call is on stable storage, not only in the WAL: what a write
   * acknowledged to a person as power-safe waits for. Commits made meanwhile share the flush (see WalSync).
   */
  flush(): Promise<void> {
    return this.walSync ? this.walSync.flush() : Promise.resolve();
  }

  /** The checkpoint thread's connection goes first, so the main one is the last and closes as SQLite likes. */
  close(): void {
    this.checkpointer?.close();
    this.walSync?.close();
    if (this.db.open) this.db.close();
  }
}
