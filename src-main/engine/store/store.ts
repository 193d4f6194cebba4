import { Checkpointer, type CheckpointerOptions } from './checkpointer';
import { systemClock, type Clock } from './clock';
import { CutTasksRepository } from './cut-tasks-repo';
import { openDatabase, type Db } from './database';
import { EventLog } from './event-log';
import { journalBase, LedgerJournal, syncFile } from './ledger-journal';
import { LedgerRepository } from './ledger-repo';
import { PriceHistoryRepository } from './price-history-repo';
import { ScheduleRepository } from './schedule-repo';
import { SettingsRepository } from './settings-repo';
import { SpendRepository } from './spend-repo';
import { EngineStateRepository } from './state-repo';
import { WalSync } from './wal-sync';

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
  /** The tasks cut after their answer began: no ledger row, but their ids and nonces stay taken. */
  readonly cutTasks: CutTasksRepository;
  /** Prices declared and held, for the Pricing page. */
  readonly priceHistory: PriceHistoryRepository;
  /** The spent book: the requests this computer's apps sent to the network through the local gateway. */
  readonly spend: SpendRepository;
  /**
   * Flushes the WAL to stable storage off the event loop (see WalSync); null when the database keeps no WAL file
   * (in memory, or a file system where SQLite could not switch to WAL: there every commit syncs in full).
   */
  readonly walSync: WalSync | null;
  /** Checkpoints the WAL on a thread of its own (see Checkpointer); null without a WAL file. */
  readonly checkpointer: Checkpointer | null;
  /**
   * The ledger's write-ahead journal (see LedgerJournal), with what a killed process left in it already taken into
   * the ledger; null where the database keeps no WAL file (there every group is committed at once, as before).
   */
  readonly journal: LedgerJournal | null;
  /** Task groups the last run left in the journal and this start took into the ledger. */
  readonly recoveredGroups: number;
  /**
   * Why what the journal holds could not be taken into the ledger at start (a full disk), or null; it is tried again
   * at the next start, and this run keeps no journal.
   */
  readonly recoveryError: Error | null;

  private readonly closers: (() => void)[] = [];

  private constructor(
    readonly db: Db,
    clock: Clock,
    o: StoreOptions,
  ) {
    this.settings = new SettingsRepository(db, clock);
    this.state = new EngineStateRepository(db, clock);
    this.events = new EventLog(db, clock);
    this.schedule = new ScheduleRepository(db, clock);
    this.ledger = new LedgerRepository(db);
    this.cutTasks = new CutTasksRepository(db);
    this.priceHistory = new PriceHistoryRepository(db);
    this.spend = new SpendRepository(db);
    const wal = !db.memory && String(db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal';
    this.walSync = wal ? new WalSync(`${db.name}-wal`) : null;
    this.checkpointer = wal ? new Checkpointer(db, o.checkpoints) : null;
    const recovered = wal ? this.recoverJournal() : null;
    this.journal = recovered?.journal ?? null;
    this.recoveredGroups = recovered?.groups ?? 0;
    this.recoveryError = recovered?.error ?? null;
  }

  /**
   * Takes what the journal holds after the ledger's mark into the ledger (a killed process answered those tasks),
   * makes it power-safe, and starts a fresh journal file. Before the journal existed there is nothing to take in.
   */
  private recoverJournal(): { journal: LedgerJournal | null; groups: number; error: Error | null } {
    const base = journalBase(this.db.name);
    const mark = this.ledger.journalMark();
    const { frames, gens } = LedgerJournal.recover(base, mark);
    try {
      this.db.transaction(() => {
        for (const f of frames) this.ledger.insertGroup(f.entries, f.end);
      })();
      // The journal files go next: what they held must be on stable storage in the database first.
      if (frames.length > 0) syncFile(`${this.db.name}-wal`);
    } catch (err) {
      // The files stay for the next start, and this run commits each group straight into the ledger (no journal:
      // a newer mark would pass over them).
      return { journal: null, groups: 0, error: err instanceof Error ? err : new Error(String(err)) };
    }
    try {
      return { journal: LedgerJournal.startFresh(base, mark, gens), groups: frames.length, error: null };
    } catch (err) {
      // No journal file can be made here (a read-only folder): every group is committed straight into the ledger.
      return { journal: null, groups: frames.length, error: err instanceof Error ? err : new Error(String(err)) };
    }
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

  /** Runs `fn` when the store closes, before its connection does: another connection to the database closes first. */
  beforeClose(fn: () => void): void {
    this.closers.push(fn);
  }

  /**
   * The other connections go first (the ledger's thread, the checkpoint thread), so the main one closes last, as SQLite
   * likes.
   */
  close(): void {
    this.journal?.close();
    for (const fn of this.closers.splice(0)) fn();
    this.checkpointer?.close();
    this.walSync?.close();
    if (this.db.open) this.db.close();
  }
}
