import { localDay } from '@shared/calendar/days';
import type {
  AwardCheck,
  AwardDifference,
  EarningsInfo,
  EarningsReport,
  EnergyInfo,
  LedgerRow,
  PricingInfo,
  PricingModel,
} from '@shared/contract';
import type { CsvSeparator } from '@shared/text/csv';
import { systemTimeZone } from '../availability';
import type { RegistryListing } from '../directory';
import type { FinishedTask } from '../server';
import type { LedgerFilter } from '../store';
import { listDifferences, type AwardVerifier } from '../verification';
import type { BooksKeeper } from './books-keeper';
import type { DeclaredPricing } from './declared-pricing';
import { EarningsFigures } from './earnings-figures';
import { earningsParts, type EarningsServiceOptions } from './earnings-parts';
import type { LedgerThread } from './ledger-thread';
import { ledgerCsv } from './ledger-views';
import type { LedgerWriter } from './ledger-writer';
import type { ReplayRecords } from './replay-records';
import { earningsReport } from './report';
import { TaskRecorder } from './task-recorder';
import type { AwardPoster } from './thread-poster';

export type { EarningsServiceOptions } from './earnings-parts';

/**
 * What the node earns: every admitted task goes into the ledger; a successful one with tokens also gets a signed
 * receipt, journaled before the consumer is answered (a crash right after serving loses nothing), flushed to the
 * disk before it is posted (a power cut cannot take a claim the directory holds) and posted from the outbox until
 * the directory answers or the receipt expires. The directory's books are read on a slow schedule and on demand;
 * the last known values are kept with their time, never replaced by a 0.
 */
export class EarningsService {
  private readonly thread: LedgerThread | null;
  private readonly poster: AwardPoster;
  private readonly writer: LedgerWriter;
  private readonly replay: ReplayRecords;
  private readonly keeper: BooksKeeper;
  private readonly prices: DeclaredPricing;
  private readonly recorder: TaskRecorder;
  private readonly figures: EarningsFigures;
  /** The awards checked against the directory's signed event log. */
  readonly verifier: AwardVerifier;
  private readonly now: () => number;
  private readonly zone = systemTimeZone();

  constructor(private readonly o: EarningsServiceOptions) {
    const now = (this.now = o.now ?? Date.now);
    const parts = earningsParts(o, now);
    this.thread = parts.thread;
    this.poster = parts.poster;
    this.writer = parts.writer;
    this.replay = parts.replay;
    this.keeper = parts.keeper;
    this.prices = parts.prices;
    this.verifier = parts.verifier;
    this.recorder = new TaskRecorder({
      nodeId: o.nodeId,
      hmacKey: () => o.secrets.get('node_hmac_key'),
      writer: this.writer,
      replay: this.replay,
      multiplier: () => this.multiplierInForce(),
      now,
      receiptTtlMs: o.receiptTtlMs,
    });
    const { writer, keeper, verifier } = parts;
    const { settings, energy } = o;
    this.figures = new EarningsFigures({
      ledger: o.store.ledger,
      writer,
      keeper,
      verifier,
      settings,
      energy,
      now,
      timeZone: this.zone,
    });
  }

  start(): void {
    this.replay.start(); // the replay checks' filters, seeded from the ledger in the background
    this.poster.kick(); // receipts left from the last run (a crash) go out first
    this.keeper.scheduleSync(5_000);
    this.verifier.start();
  }

  async stop(): Promise<void> {
    this.recorder.stop();
    this.verifier.stop();
    this.keeper.halt();
    this.replay.stop();
    this.writer.stop();
    await this.poster.stop();
    this.thread?.close();
    await this.keeper.settled();
  }

  /**
   * The task path: the task's row (and receipt) joins the group of the tasks finishing in this turn of the event
   * loop; the returned promise settles once the group is in the ledger's journal, so every answered task is recorded
   * before its answer is sent (see LedgerWriter).
   */
  recordTask(t: FinishedTask): void | Promise<void> {
    return this.recorder.record(t);
  }

  /** Whether a task served now can be claimed: the node holds the HMAC key receipts are signed with. */
  canClaim(): boolean {
    return this.o.secrets.get('node_hmac_key') !== null;
  }

  /**
   * Whether a task id already has a ledger row, written or waiting to be (the task path asks before it serves a task:
   * a task id is served once, ever) — from memory when it certainly has none (ReplayRecords). A store that cannot be
   * read answers "no": serving twice is then prevented by the in-memory guard for recent tasks, and a second claim by
   * the store itself (the outbox's primary key).
   */
  hasTask(taskId: string): boolean {
    return this.replay.hasTask(taskId);
  }

  /** Whether a task carrying this nonce was recorded since `sinceMs`. */
  hasNonce(nonce: string, sinceMs: number): boolean {
    return this.replay.hasNonce(nonce, sinceMs);
  }

  /** A task cut after its answer began: no ledger row, but its id and nonce are taken (see ReplayRecords.noteCut). */
  noteCut(taskId: string, nonce: string | null): void {
    this.replay.noteCut(taskId, nonce);
  }

  /**
   * Registered (fresh token): post what waits — also what was put off after a 401 — and read the books soon. The
   * REGISTER carried the declaration: it is delivered, and must not be sent again in a heartbeat, where production
   * applies it without the tier cap.
   */
  registered(sentPricing?: Record<string, unknown>): void {
    this.prices.markDelivered(sentPricing, 'register');
    this.keeper.resetListing();
    this.directoryBack();
    this.keeper.scheduleSync(1_000);
  }

  /**
   * The directory answers again after failing: what waited through the outage is posted now rather than at its
   * backed-off retry (up to 5 minutes away, or — near its expiry — never).
   */
  directoryBack(): void {
    try {
      this.o.store.ledger.makeAllDue(this.now());
    } catch {
      // A store that cannot be written now: the receipts keep their own schedule.
    }
    this.poster.resume();
    this.poster.kick();
  }

  /** The `pricing` block for the next heartbeat, while the directory has not yet taken the current declaration. */
  heartbeatPricing(): Record<string, unknown> | undefined {
    return this.prices.heartbeatBlock();
  }

  heartbeatAccepted(sentPricing: Record<string, unknown> | undefined): void {
    this.prices.markDelivered(sentPricing, 'heartbeat');
  }

  /** Settings changed: a new declaration goes into the history and out with the next heartbeat. */
  settingsChanged(): void {
    this.prices.note();
  }

  /** The declaration the node sends: the multiplier from Settings, capped at the tier ceiling. */
  declaration(): { multiplier: number; model: PricingModel } {
    return this.prices.declaration();
  }

  /** When the directory's node page or registry last told the reputation score, or null. */
  standingReadAt(): number | null {
    return this.keeper.books()?.standingAsOf ?? null;
  }

  /** The registry entry as last read (the multiplier held, the route the directory observed), or null. */
  listing(): RegistryListing | null {
    return this.keeper.books()?.registry ?? null;
  }

  /** "Sync now": post the receipts that are due (e.g. held over to a new clock hour), then read the books. */
  syncNow(): Promise<void> {
    this.poster.kick();
    return this.keeper.syncNow();
  }

  /** The local day (YYYY-MM-DD in the person's time zone) the figures of `today()` belong to now. */
  day(): string {
    return localDay(this.now(), this.zone);
  }

  /** The figures of the local day so far (see EarningsFigures.today). */
  today(): EarningsInfo['today'] {
    return this.figures.today();
  }

  /** Joules all the node's tasks used, every run's (see EarningsFigures.energyTotal). */
  energyTotal(): number {
    return this.figures.energyTotal();
  }

  /** The balance as last read from the directory (credits), or null while it never was. */
  balance(): number | null {
    return this.keeper.books()?.balance ?? null;
  }

  info(): EarningsInfo {
    return this.figures.info();
  }

  /** Where the energy figures come from, with the person's electricity price. */
  energy(): EnergyInfo {
    return this.figures.energy();
  }

  pricing(): PricingInfo {
    // The rates in a speech task's own unit are at the multiplier its receipt claims with.
    return this.prices.info(this.keeper.books(), this.multiplierInForce());
  }

  report(days: number): EarningsReport {
    this.writer.flush();
    const spent = { spend: this.o.store.spend, nodeId: this.o.nodeId, names: this.o.spendNames };
    const listedWhole = (from: number, to: number) => this.keeper.listedWhole(from, to);
    return {
      ...earningsReport(this.o.store.ledger, this.now(), days, this.zone, { spent, listedWhole }),
      transactions: this.keeper.books()?.transactions ?? [],
    };
  }

  list(filter: LedgerFilter, limit: number, beforeId?: number): LedgerRow[] {
    this.writer.flush();
    return this.o.store.ledger.list(filter, limit, beforeId);
  }

  /** The claims whose check against the signed log is a difference (or `check`), newest first. */
  differences(
    check: AwardCheck | undefined,
    limit: number,
    offset: number,
  ): { rows: AwardDifference[]; total: number } {
    return listDifferences(this.o.store.db, check, limit, offset);
  }

  /**
   * The ledger as CSV, the tasks served and then what this computer's apps spent through the local gateway, its columns
   * separated by `separator` (`;` for spreadsheets that write decimals with a comma).
   */
  exportCsv(filter: LedgerFilter, separator: CsvSeparator = ','): { filename: string; csv: string; rows: number } {
    this.writer.flush();
    const { pricePerKwh, currency } = this.o.settings().energy;
    const price = pricePerKwh === null ? null : { perKwh: pricePerKwh, currency };
    return ledgerCsv(
      this.o.store.ledger,
      filter,
      { now: this.now(), timeZone: this.zone, price, separator, names: this.o.spendNames },
      this.o.store.spend,
    );
  }

  // ---------------------------------------------------------------------------------------------------

  /** The multiplier a receipt may claim with: what the directory holds, else what it will store at registration. */
  private multiplierInForce(): number {
    return this.keeper.books()?.multiplier ?? this.prices.declaration().multiplier;
  }
}
