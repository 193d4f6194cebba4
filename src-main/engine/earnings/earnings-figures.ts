import type { EarningsInfo, EnergyInfo, Settings } from '@shared/contract';
import { energyInfo, ledgerEnergyJoules, type MeterInfo } from '../energy';
import type { LedgerRepository } from '../store';
import type { AwardVerifier } from '../verification';
import type { BooksKeeper } from './books-keeper';
import type { LedgerWriter } from './ledger-writer';
import { todayFigures } from './ledger-views';

export interface EarningsFiguresOptions {
  ledger: LedgerRepository;
  writer: LedgerWriter;
  keeper: BooksKeeper;
  verifier: AwardVerifier;
  settings: () => Settings;
  energy?: () => MeterInfo;
  now: () => number;
  timeZone: string;
}

/**
 * The figures every screen shows: the ledger's (with the rows about to join it, as of one moment of the ledger, since
 * the fold thread writes meanwhile) beside the directory's books as last read.
 */
export class EarningsFigures {
  /** Today's awarded credits when the screens last asked (undefined before the first ask). */
  private lastAwarded: number | undefined = undefined;

  constructor(private readonly o: EarningsFiguresOptions) {}

  /**
   * The figures of the local day so far, the one count of the day that the dashboard, the tray, the requests feed
   * and the Earnings page all show: the ledger's rollups (each task journaled before its answer went, so a crash or a
   * restart loses none) and the rows about to be committed. A new local day starts from nothing at its midnight.
   */
  today(): EarningsInfo['today'] {
    const { ledger, writer } = this.o;
    return ledger.consistent(() =>
      todayFigures(ledger, writer.waiting(ledger.journalMark()), this.o.now(), this.o.timeZone),
    );
  }

  /** Joules all the node's tasks used, every run's: the ledger's and the rows about to join it, as of one moment. */
  energyTotal(): number {
    const { ledger, writer } = this.o;
    return ledger.consistent(() => ledgerEnergyJoules(ledger, writer.waiting(ledger.journalMark())));
  }

  /** Receipts not yet settled: those in the ledger's outbox and those about to join it, as of one moment. */
  outboxSize(): number {
    const { ledger, writer } = this.o;
    return ledger.consistent(() => ledger.outboxSize() + writer.receiptsWaiting(ledger.journalMark()));
  }

  /** Where the energy figures come from, with the person's electricity price. */
  energy(): EnergyInfo {
    return energyInfo(this.o.energy?.() ?? null, this.o.settings().energy);
  }

  info(): EarningsInfo {
    const { keeper, verifier } = this.o;
    const books = keeper.books();
    const today = this.today();
    const outbox = this.outboxSize();
    // Every screen reads the node's figures through here: when today's awards grew, the directory's figures shown
    // beside them are read again soon (a new day starting from 0 is no news for the directory).
    if (this.lastAwarded !== undefined && today.awarded > this.lastAwarded) keeper.awardsMoved();
    this.lastAwarded = today.awarded;
    return {
      today,
      balance: books?.balance ?? null,
      totalEarned: books?.totalEarned ?? null,
      asOf: books?.asOf ? new Date(books.asOf).toISOString() : null,
      syncError: keeper.syncError,
      reputationScore: books?.reputationScore ?? null,
      probation: books?.probation ?? null,
      completedTasks: books?.completedTasks ?? null,
      standingAsOf: books?.standingAsOf ? new Date(books.standingAsOf).toISOString() : null,
      booksBehind: keeper.behind(),
      outbox,
      timeZone: this.o.timeZone,
      energy: this.energy(),
      // The ledger's figures of this moment: while they stay, the count of awards not checked yet stays too.
      verification: verifier.info(`${today.jobs}|${today.awarded}|${today.pending}|${today.rejected}|${outbox}`),
      operatorWallet: books?.operatorWallet ?? null,
    };
  }
}
