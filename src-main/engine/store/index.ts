import type { Clock } from './clock';
import { systemClock } from './clock';
import { openDatabase, type Db } from './database';
import { EventLog } from './event-log';
import { LedgerRepository } from './ledger-repo';
import { ScheduleRepository } from './schedule-repo';
import { SettingsRepository } from './settings-repo';
import { EngineStateRepository } from './state-repo';

export { StoreOpenError, type StoreErrorCode } from './errors';
export { LATEST_SCHEMA_VERSION } from './migrations';
export type { Clock } from './clock';
export type { Db } from './database';

/** The engine's persistence: one SQLite database and the repositories over it. */
export class Store {
  readonly settings: SettingsRepository;
  readonly state: EngineStateRepository;
  readonly events: EventLog;
  readonly schedule: ScheduleRepository;
  readonly ledger: LedgerRepository;

  private constructor(readonly db: Db, clock: Clock) {
    this.settings = new SettingsRepository(db, clock);
    this.state = new EngineStateRepository(db, clock);
    this.events = new EventLog(db, clock);
    this.schedule = new ScheduleRepository(db, clock);
    this.ledger = new LedgerRepository(db);
  }

  static open(path: string, clock: Clock = systemClock): Store {
    return new Store(openDatabase(path), clock);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
