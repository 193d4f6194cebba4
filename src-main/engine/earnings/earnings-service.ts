import type { Said } from '@shared/i18n/said';
import { localDay } from '@shared/calendar/days';
import type {
  AwardCheck,
  AwardDifference,
  EarningsInfo,
  EarningsReport,
  EnergyInfo,
  EventLevel,
  LedgerRow,
  PricingInfo,
  PricingModel,
  Settings,
} from '@shared/contract';
import { energyInfo, ledgerEnergyJoules, type MeterInfo } from '../energy';
import type { SecretStore } from '../identity';
import { buildReceipt, receiptAmount } from '../pricing';
import { REPLAY_WINDOW_MS, type FinishedTask } from '../server';
import { awardsAfterCheck, systemClock, type LedgerFilter, type NewLedgerRow, type Store } from '../store';
import { systemTimeZone } from '../availability';
import type { RegistryListing } from '../directory';
import { BooksKeeper } from './books-keeper';
import { DeclaredPricing } from './declared-pricing';
import { LedgerThread, type LedgerThreadOptions } from './ledger-thread';
import { LedgerWriter } from './ledger-writer';
import { ledgerCsv, todayFigures, type SpendNames } from './ledger-views';
import type { CsvSeparator } from '@shared/text/csv';
import { ReceiptPoster } from './receipt-poster';
import { ThreadPoster, type AwardPoster } from './thread-poster';
import { ReplayRecords } from './replay-records';
import { earningsReport } from './report';
import type { EngineEventName } from '@shared/words/event-words';
import { verificationProblem } from '@shared/words/verification-words';
import {
  AwardVerifier,
  InlineVerifyRunner,
  listDifferences,
  SignedLogState,
  ThreadVerifyRunner,
} from '../verification';

export interface EarningsServiceOptions {
  store: Store;
  secrets: SecretStore;
  nodeId: string;
  baseUrl: () => string;
  settings: () => Settings;
  /** The models the directory accepted (or would be offered): they decide the pricing tier. */
  models: () => readonly string[];
  /** Parameters of an advertised model as its server reported them (null: unknown, its name is read instead). */
  parameterCount?: (model: string) => number | null;
  log: (level: EventLevel, event: EngineEventName, details: string, persist?: boolean) => void;
  onChange: () => void;
  /** Where the energy figures come from now (the node's EnergyMeter); absent: nothing measures them. */
  energy?: () => MeterInfo;
  /** The ledger could not be written (disk full, read-only folder): a message while it lasts, then null. */
  onStoreProblem?: (message: Said | null) => void;
  fetchImpl?: typeof fetch;
  now?: () => number;
  /** How long a receipt stays claimable (the directory refuses it after `expires_at`). */
  receiptTtlMs?: number;
  syncIntervalMs?: number;
  /** How often the registry entry is re-read while the directory has not reported reaching the node (default 60 s). */
  listingIntervalMs?: number;
  /** The read of the books that follows the node's own awards moving: how soon, and at most how often (BooksKeeper). */
  syncFollowMs?: number;
  syncFollowGapMs?: number;
  retryBaseMs?: number;
  /**
   * The ledger's thread (folds and the receipt poster, see LedgerThread); false: all of it on the event loop. The
   * poster stays on the event loop also when `fetchImpl` or `now` is given (tests script the directory or the clock).
   */
  ledgerThread?: LedgerThreadOptions | false;
  /** The check against the directory's signed log: how often, and how soon after the start (tests shorten both). */
  verifyIntervalMs?: number;
  verifyFirstDelayMs?: number;
  /** The names the spent side shows (the one resolver of machine names, the gateway's app keys); absent: ids only. */
  spendNames?: SpendNames;
}

/**
 * What the node earns: every admitted task goes into the ledger; a successful one with tokens also gets a signed
 * receipt, journaled before the consumer is answered (a crash right after serving loses nothing), flushed to the
 * disk before it is posted (a power cut cannot take a claim the directory holds) and posted from the outbox until
 * the directory answers or the receipt expires. The directory's books are read on a slow schedule and on demand;
 * the last known values are kept with their time, never replaced by a 0.
 */
export class EarningsService {
  private stopped = false;
  private readonly poster: AwardPoster;
  private readonly thread: LedgerThread | null;
  private readonly writer: LedgerWriter;
  private readonly replay: ReplayRecords;
  private readonly keeper: BooksKeeper;
  private readonly prices: DeclaredPricing;
  /** The awards checked against the directory's signed event log. */
  readonly verifier: AwardVerifier;
  private readonly now: () => number;
  private readonly zone = systemTimeZone();
  /** Today's awarded credits when the screens last asked (undefined before the first ask). */
  private lastAwarded: number | undefined = undefined;

  constructor(private readonly o: EarningsServiceOptions) {
    const now = (this.now = o.now ?? Date.now);
    const hmacKey = () => o.secrets.get('node_hmac_key');
    const token = () => o.secrets.get('node_token');
    const { store, nodeId, baseUrl, log, onChange, fetchImpl } = o;
    const durable = () => this.writer.durable();
    // The ledger's background work on a thread of its own where the database keeps a WAL (and so a journal).
    const thread = (this.thread =
      store.journal && o.ledgerThread !== false
        ? new LedgerThread(
            store.db.name,
            { log, changed: onChange, durable, nextDue: () => store.ledger.nextDue() },
            o.ledgerThread || {},
          )
        : null);
    if (thread) store.beforeClose(() => thread.close());
    const onLoop = () =>
      new ReceiptPoster({
        ledger: store.ledger,
        nodeId,
        baseUrl,
        token,
        hmacKey,
        log,
        onChange,
        durable,
        fetchImpl,
        now,
        retryBaseMs: o.retryBaseMs,
      });
    const config = () => ({
      nodeId,
      baseUrl: baseUrl(),
      token: token(),
      hmacKey: hmacKey(),
      retryBaseMs: o.retryBaseMs,
    });
    this.poster = thread && !fetchImpl && !o.now ? new ThreadPoster(thread, config, onLoop) : onLoop();
    const receiptsStored = () => this.poster.soon();
    this.writer = new LedgerWriter({
      ledger: store.ledger,
      journal: store.journal,
      folder: thread,
      flush: () => store.flush(),
      log,
      onChange,
      onStoreProblem: o.onStoreProblem,
      receiptsStored,
    });
    if (store.recoveryError) log('error', 'ledger_write_failed', `journal ${store.recoveryError.message}`);
    this.replay = new ReplayRecords({
      ledger: store.ledger,
      cut: store.cutTasks,
      unwritten: this.writer,
      windowMs: REPLAY_WINDOW_MS,
      now,
    });
    const { syncIntervalMs, listingIntervalMs, syncFollowMs: followMs, syncFollowGapMs: followGapMs } = o;
    this.keeper = new BooksKeeper({
      store,
      nodeId,
      baseUrl,
      token,
      pricingModel: () => o.settings().pricingModel,
      log,
      onChange,
      fetchImpl,
      now,
      syncIntervalMs,
      listingIntervalMs,
      followMs,
      followGapMs,
    });
    // Accepted: read back what the directory now holds.
    const onAccepted = () => this.keeper.scheduleSync(1_000);
    this.prices = new DeclaredPricing({
      store,
      settings: o.settings,
      models: o.models,
      parameterCount: o.parameterCount,
      hmacKey,
      log,
      now,
      onAccepted,
    });
    this.prices.note();
    // The check runs on a thread of its own where the database is a file the thread can open too.
    const runner = store.journal
      ? new ThreadVerifyRunner(store.db.name, nodeId)
      : new InlineVerifyRunner(store.db, nodeId, systemClock, now);
    store.beforeClose(() => runner.release());
    this.verifier = new AwardVerifier({
      baseUrl,
      enabled: () => token() !== null,
      runner,
      state: new SignedLogState(store.state),
      log,
      onChange,
      spendMarked: () => store.spend.changedElsewhere(),
      onProblem: (v) => log('warn', 'verify_problem', verificationProblem(v)),
      awardsAfter: (lastLedgerId) => awardsAfterCheck(store.db, lastLedgerId),
      intervalMs: o.verifyIntervalMs,
      firstDelayMs: o.verifyFirstDelayMs,
      now,
    });
  }

  start(): void {
    this.replay.start(); // the replay checks' filters, seeded from the ledger in the background
    this.poster.kick(); // receipts left from the last run (a crash) go out first
    this.keeper.scheduleSync(5_000);
    this.verifier.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
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
    if (t.outcome === 'rejected' || this.stopped) return; // never admitted: not work the node did
    const row: NewLedgerRow = {
      taskId: t.taskId,
      ts: this.now(),
      intent: t.intent,
      model: t.model,
      outcome: t.outcome,
      tokens: t.tokensUsed,
      latencyMs: Math.round(t.latencyMs),
      nonce: t.nonce ?? null,
      energyJ: t.energyJ ?? null,
    };
    this.replay.note(row);
    // No hash: the task started before the node could claim receipts (it registered meanwhile), so it claims none.
    const key =
      t.outcome === 'ok' && t.tokensUsed && t.tokensUsed > 0 && t.responseHash
        ? this.o.secrets.get('node_hmac_key')
        : null;
    if (!key) return this.writer.record(row, null, t.alone);
    const amount = receiptAmount(t.tokensUsed!, this.multiplierInForce());
    const ttl = this.o.receiptTtlMs ?? 3600_000;
    const body = buildReceipt({
      nodeId: this.o.nodeId,
      taskId: t.taskId,
      tokensUsed: t.tokensUsed!,
      amount,
      responseHash: t.responseHash!,
      queryingNodeId: t.sourceNodeId,
      hmacKey: key,
      now: row.ts,
      ttlMs: ttl,
    });
    return this.writer.record(row, { body, amount, expiresAt: row.ts + ttl }, t.alone);
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

  /**
   * The figures of the local day so far, the one count of the day that the dashboard, the tray, the requests feed
   * and the Earnings page all show: the ledger's rollups (each task journaled before its answer went, so a crash or a
   * restart loses none) and the rows about to be committed. A new local day starts from nothing at its midnight.
   */
  today(): EarningsInfo['today'] {
    const ledger = this.o.store.ledger;
    // The rollups and the rows still in memory as of one moment of the ledger (the fold thread writes meanwhile).
    return ledger.consistent(() =>
      todayFigures(ledger, this.writer.waiting(ledger.journalMark()), this.now(), this.zone),
    );
  }

  /** Joules all the node's tasks used, every run's: the ledger's and the rows about to join it, as of one moment. */
  energyTotal(): number {
    const ledger = this.o.store.ledger;
    return ledger.consistent(() => ledgerEnergyJoules(ledger, this.writer.waiting(ledger.journalMark())));
  }

  /** The balance as last read from the directory (credits), or null while it never was. */
  balance(): number | null {
    return this.keeper.books()?.balance ?? null;
  }

  info(): EarningsInfo {
    const books = this.keeper.books();
    const today = this.today();
    const outbox = this.outboxSize();
    // Every screen reads the node's figures through here: when today's awards grew, the directory's figures shown
    // beside them are read again soon (a new day starting from 0 is no news for the directory).
    if (this.lastAwarded !== undefined && today.awarded > this.lastAwarded) this.keeper.awardsMoved();
    this.lastAwarded = today.awarded;
    return {
      today,
      balance: books?.balance ?? null,
      totalEarned: books?.totalEarned ?? null,
      asOf: books?.asOf ? new Date(books.asOf).toISOString() : null,
      syncError: this.keeper.syncError,
      reputationScore: books?.reputationScore ?? null,
      probation: books?.probation ?? null,
      completedTasks: books?.completedTasks ?? null,
      standingAsOf: books?.standingAsOf ? new Date(books.standingAsOf).toISOString() : null,
      booksBehind: this.keeper.behind(),
      outbox,
      timeZone: this.zone,
      energy: this.energy(),
      // The ledger's figures of this moment: while they stay, the count of awards not checked yet stays too.
      verification: this.verifier.info(`${today.jobs}|${today.awarded}|${today.pending}|${today.rejected}|${outbox}`),
      operatorWallet: books?.operatorWallet ?? null,
    };
  }

  /** Where the energy figures come from, with the person's electricity price. */
  energy(): EnergyInfo {
    return energyInfo(this.o.energy?.() ?? null, this.o.settings().energy);
  }

  pricing(): PricingInfo {
    return this.prices.info(this.keeper.books());
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

  /**
   * Receipts not yet settled: those in the ledger's outbox and those about to join it, as of one moment of the ledger.
   */
  private outboxSize(): number {
    const ledger = this.o.store.ledger;
    return ledger.consistent(() => ledger.outboxSize() + this.writer.receiptsWaiting(ledger.journalMark()));
  }

  /** The multiplier a receipt may claim with: what the directory holds, else what it will store at registration. */
  private multiplierInForce(): number {
    return this.keeper.books()?.multiplier ?? this.prices.declaration().multiplier;
  }
}
