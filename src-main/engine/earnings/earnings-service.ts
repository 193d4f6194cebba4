import type { EarningsInfo, EarningsReport, EventLevel, LedgerRow, PricingInfo, PricingModel, Settings } from '@shared/contract';
import type { SecretStore } from '../identity/secret-store';
import { pricingBlock } from '../pricing/declaration';
import { buildReceipt } from '../pricing/receipt';
import { receiptAmount, registrationCeiling, tierFor } from '../pricing/tier';
import type { FinishedTask } from '../server/task-handler-types';
import type { Store } from '../store';
import type { LedgerFilter, NewLedgerRow, NewReceipt } from '../store/ledger-repo';
import { systemTimeZone } from '../availability/schedule';
import { readListing, syncBooks, type DirectoryBooks, type RegistryListing } from './directory-sync';
import { formatCredits, parseCredits, toMicro } from './credits';
import { ReceiptPoster } from './receipt-poster';
import { earningsReport, localDay, startOfLocalDay } from './report';
import type { EngineEventName } from '@shared/words/event-words';

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
  /** The ledger could not be written (disk full, read-only folder): a message while it lasts, then null. */
  onStoreProblem?: (message: string | null) => void;
  fetchImpl?: typeof fetch;
  now?: () => number;
  /** How long a receipt stays claimable (the directory refuses it after `expires_at`). */
  receiptTtlMs?: number;
  syncIntervalMs?: number;
  /** How often the registry entry is re-read while the directory has not reported reaching the node (default 60 s). */
  listingIntervalMs?: number;
  retryBaseMs?: number;
}

interface PricingState {
  multiplier: number;
  model: PricingModel;
  /** When a heartbeat carrying this declaration was answered 200, or null while it is still to be sent. */
  acceptedAt: number | null;
}

const FLUSH_ROWS = 500;
const POST_DELAY_MS = 200;
const MAX_QUEUE = 20_000;
const isPricingState = (v: unknown): v is PricingState =>
  !!v && typeof v === 'object' && typeof (v as PricingState).multiplier === 'number' && typeof (v as PricingState).model === 'string';
const isBooks = (v: unknown): v is DirectoryBooks | null =>
  v === null || (!!v && typeof v === 'object' && (typeof (v as DirectoryBooks).asOf === 'number' || (v as DirectoryBooks).asOf === null));

/**
 * What the node earns: every admitted task goes into the ledger; a successful one with tokens also gets a signed
 * receipt, committed before the consumer is answered (a crash right after serving loses nothing) and posted from
 * the outbox until the directory answers or the receipt expires. The directory's books are read on a slow
 * schedule and on demand; the last known values are kept with their time, never replaced by a 0.
 */
export class EarningsService {
  private queue: NewLedgerRow[] = [];
  /** Task ids and nonces of the rows not yet in the store (queued, or receipts waiting for a full disk). */
  private readonly unwrittenTasks = new Set<string>();
  private readonly unwrittenNonces = new Set<string>();
  /** Receipts whose first write failed (disk full): kept, with their rows, until the store takes them. */
  private pendingReceipts: { row: NewLedgerRow; receipt: NewReceipt }[] = [];
  /** Answers waiting for the next commit of the queue. */
  private waiters: (() => void)[] = [];
  private flushScheduled = false;
  private storeProblem: string | null = null;
  private booksCache: DirectoryBooks | null | undefined = undefined;
  private postTimer: NodeJS.Timeout | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private syncTimer: NodeJS.Timeout | null = null;
  private listingTimer: NodeJS.Timeout | null = null;
  /** Registry reads since the last registration, for the back-off of `scheduleListing`. */
  private listingReads = 0;
  private syncing: Promise<void> | null = null;
  /** The read a "Sync now" asked for while another was under way: it starts when that one ends. */
  private syncAgain: Promise<void> | null = null;
  private syncError: string | null = null;
  private stopped = false;
  private readonly poster: ReceiptPoster;
  private readonly now: () => number;
  private readonly zone = systemTimeZone();

  constructor(private readonly o: EarningsServiceOptions) {
    this.now = o.now ?? Date.now;
    this.poster = new ReceiptPoster({
      ledger: o.store.ledger,
      nodeId: o.nodeId,
      baseUrl: o.baseUrl,
      token: () => o.secrets.get('node_token'),
      hmacKey: () => o.secrets.get('node_hmac_key'),
      log: o.log,
      onChange: o.onChange,
      fetchImpl: o.fetchImpl,
      now: this.now,
      retryBaseMs: o.retryBaseMs,
    });
    this.notePricing();
  }

  start(): void {
    this.poster.kick(); // receipts left from the last run (a crash) go out first
    this.scheduleSync(5_000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.syncTimer) clearTimeout(this.syncTimer);
    if (this.listingTimer) clearTimeout(this.listingTimer);
    if (this.postTimer) clearTimeout(this.postTimer);
    this.flush();
    await this.poster.stop();
    await this.syncing;
  }

  /**
   * The task path. A receipt is committed here, synchronously; a plain row joins the rows of the other tasks
   * finishing in this turn of the event loop, and the returned promise settles when their shared commit is done —
   * so every answered task is on disk before its answer is sent.
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
    };
    // No hash: the task started before the node could claim receipts (it registered meanwhile), so it claims none.
    const key = t.outcome === 'ok' && t.tokensUsed && t.tokensUsed > 0 && t.responseHash ? this.o.secrets.get('node_hmac_key') : null;
    if (!key) return this.enqueue(row);
    const amount = receiptAmount(t.tokensUsed!, this.multiplierInForce());
    const ttl = this.o.receiptTtlMs ?? 3600_000;
    const body = buildReceipt({ nodeId: this.o.nodeId, taskId: t.taskId, tokensUsed: t.tokensUsed!, amount, responseHash: t.responseHash!, queryingNodeId: t.sourceNodeId, hmacKey: key, now: row.ts, ttlMs: ttl });
    const receipt: NewReceipt = { body, amount, expiresAt: row.ts + ttl };
    const wal = this.o.store.walSync;
    try {
      // With a WAL to flush, the commit only writes it (safe from a killed process at once) and the flush to the
      // disk runs off the event loop, shared with the other tasks finishing meanwhile; the answer waits for it.
      this.o.store.ledger.insertWithReceipt(row, receipt, { relaxed: wal !== null });
      this.storeWorks();
    } catch (err) {
      // The answer still goes out (the consumer did nothing wrong); the row and its claim wait in memory for a
      // store that takes them again.
      if (this.pendingReceipts.length < MAX_QUEUE) {
        this.pendingReceipts.push({ row, receipt });
        this.noteUnwritten(row);
      }
      this.storeFailed(err, `task=${t.taskId}`);
      return;
    }
    // Posted only once durable: a claim the directory accepted must not vanish from the ledger in a power cut.
    const saved = () => {
      this.postSoon();
      this.o.onChange();
    };
    if (!wal) return saved();
    return wal.flush().then(saved, (err: unknown) => {
      // Written but perhaps not flushed (an I/O error): the answer goes out, the problem is shown until a later
      // write succeeds, and the receipt is posted anyway — it is in the ledger for as long as the disk holds it.
      this.storeFailed(err, `task=${t.taskId} flush`);
      saved();
    });
  }

  /** Whether a task served now can be claimed: the node holds the HMAC key receipts are signed with. */
  canClaim(): boolean {
    return this.o.secrets.get('node_hmac_key') !== null;
  }

  /**
   * Whether a task id already has a ledger row, written or waiting to be (the task path asks before it serves a task:
   * a task id is served once, ever). A store that cannot be read answers "no": serving twice is then prevented by
   * the in-memory guard for recent tasks, and a second claim by the store itself (insertWithReceipt).
   */
  hasTask(taskId: string): boolean {
    if (this.unwrittenTasks.has(taskId)) return true;
    try {
      return this.o.store.ledger.hasTask(taskId);
    } catch {
      return false;
    }
  }

  /** Whether a task carrying this nonce was recorded since `sinceMs`. */
  hasNonce(nonce: string, sinceMs: number): boolean {
    if (this.unwrittenNonces.has(nonce)) return true;
    try {
      return this.o.store.ledger.hasNonce(nonce, sinceMs);
    } catch {
      return false;
    }
  }

  /**
   * Registered (fresh token): post what waits — also what was put off after a 401 — and read the books soon. The
   * REGISTER carried the declaration: it is delivered, and must not be sent again in a heartbeat, where production
   * applies it without the tier cap (brief §0.1 C-5).
   */
  registered(sentPricing?: Record<string, unknown>): void {
    this.markDelivered(sentPricing, 'register');
    this.listingReads = 0;
    this.directoryBack();
    this.scheduleSync(1_000);
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
    this.poster.kick();
  }

  /**
   * The `pricing` block for the next heartbeat: only for a declaration made after the last REGISTER (a change in
   * Settings) and not yet acknowledged, and never above the tier cap — production does not cap it there (C-5).
   */
  heartbeatPricing(): Record<string, unknown> | undefined {
    const p = this.pricingState();
    if (p.acceptedAt !== null) return undefined;
    const key = this.o.secrets.get('node_hmac_key');
    if (!key) return undefined;
    const d = this.declaration();
    return pricingBlock(d.multiplier, d.model, key);
  }

  heartbeatAccepted(sentPricing: Record<string, unknown> | undefined): void {
    this.markDelivered(sentPricing, 'heartbeat');
  }

  /** The directory took a declaration (REGISTER 201 or heartbeat 200): if it is the current one, it is delivered. */
  private markDelivered(sent: Record<string, unknown> | undefined, via: 'register' | 'heartbeat'): void {
    if (!sent) return;
    const d = this.declaration();
    if (sent.credit_cost_multiplier !== d.multiplier || sent.pricing_model !== d.model) return;
    const p = this.pricingState();
    if (p.acceptedAt !== null && via === 'register') return;
    this.o.store.state.set('pricingDeclared', { ...p, acceptedAt: this.now() });
    this.o.log('info', 'pricing_accepted', `multiplier=${d.multiplier} model=${d.model} via=${via}`);
    this.scheduleSync(1_000); // read back what the directory now holds
  }

  /** Settings changed: a new declaration goes into the history and out with the next heartbeat. */
  settingsChanged(): void {
    this.notePricing();
  }

  /**
   * The declaration the node sends (REGISTER, signed there with the key sent in the same body, or a heartbeat): the
   * multiplier from Settings, capped at the tier ceiling the node computes — what the directory holds after a
   * REGISTER, and what it must keep holding after a heartbeat.
   */
  declaration(): { multiplier: number; model: PricingModel } {
    const s = this.o.settings();
    return { multiplier: registrationCeiling(s.creditCostMultiplier, this.tier()), model: s.pricingModel };
  }

  private tier() {
    return tierFor(this.o.models(), this.o.parameterCount);
  }

  /** When the directory's node page or registry last told the reputation score, or null. */
  standingReadAt(): number | null {
    return this.books()?.standingAsOf ?? null;
  }

  /** The registry entry as last read (the multiplier held, the route the directory observed), or null. */
  listing(): RegistryListing | null {
    return this.books()?.registry ?? null;
  }

  /**
   * "Sync now": post the receipts that are due (e.g. held over to a new clock hour), then read the books. A read
   * already under way may have asked the directory before the person did, so one more read follows it, shared by
   * everyone who asks meanwhile: what they then see is never older than their question.
   */
  syncNow(): Promise<void> {
    this.poster.kick();
    if (!this.syncing) return this.sync();
    const after = () => {
      this.syncAgain = null;
      return this.stopped ? undefined : this.sync();
    };
    this.syncAgain ??= this.syncing.then(after, after);
    return this.syncAgain;
  }

  /** The local day (YYYY-MM-DD in the person's time zone) the figures of `today()` belong to now. */
  day(): string {
    return localDay(this.now(), this.zone);
  }

  /**
   * The figures of the local day so far, the one count of the day that the dashboard, the tray, the requests feed
   * and the Earnings page all show: the ledger's rollups (each task committed before its answer went, so a crash or a
   * restart loses none) and the rows about to be committed. A new local day starts from nothing at its midnight.
   */
  today(): EarningsInfo['today'] {
    const now = this.now();
    const from = startOfLocalDay(now, this.zone);
    const today = { jobs: 0, tokens: 0, awarded: 0, pending: 0, rejected: 0 };
    for (const r of this.o.store.ledger.rollups(from, now + 1)) {
      today.jobs += r.jobs;
      today.tokens += r.tokens;
      today.awarded += r.awarded;
      today.pending += r.pending;
      today.rejected += r.rejected;
    }
    const waiting = (q: NewLedgerRow, claimed: number) => {
      if (q.ts < from || q.outcome !== 'ok') return;
      today.jobs += 1;
      today.tokens += q.tokens ?? 0;
      today.pending += claimed;
    };
    for (const q of this.queue) waiting(q, 0);
    // Receipts a full disk refused are still claims of tasks served today: counted while they wait in memory.
    for (const p of this.pendingReceipts) waiting(p.row, p.receipt.amount);
    today.awarded = Math.round(today.awarded * 1e6) / 1e6;
    today.pending = Math.max(0, Math.round(today.pending * 1e6) / 1e6);
    return today;
  }

  info(): EarningsInfo {
    const books = this.books();
    return {
      today: this.today(),
      balance: books?.balance ?? null,
      totalEarned: books?.totalEarned ?? null,
      asOf: books?.asOf ? new Date(books.asOf).toISOString() : null,
      syncError: this.syncError,
      reputationScore: books?.reputationScore ?? null,
      probation: books?.probation ?? null,
      completedTasks: books?.completedTasks ?? null,
      outbox: this.o.store.ledger.outboxSize(),
      timeZone: this.zone,
    };
  }

  pricing(): PricingInfo {
    const s = this.o.settings();
    const tier = this.tier();
    const books = this.books();
    const ceiling = registrationCeiling(s.creditCostMultiplier, tier);
    const inForce = books?.multiplier ?? ceiling;
    const history = this.o.store.db
      .prepare('SELECT ts, multiplier, model, source FROM price_history ORDER BY id DESC LIMIT 50')
      .all() as { ts: number; multiplier: number; model: PricingModel; source: 'settings' | 'directory' }[];
    return {
      declared: { multiplier: s.creditCostMultiplier, model: s.pricingModel },
      tier: { name: tier.name, weight: tier.weight, model: tier.model },
      ceiling,
      directoryMultiplier: books?.multiplier ?? null,
      capped: ceiling < s.creditCostMultiplier,
      directory: books?.registry ? { ...books.registry, asOf: new Date(books.registry.asOf).toISOString() } : null,
      pricePer1000: Math.round(tier.weight * inForce * 1e6) / 1e6,
      declarationAccepted: this.pricingState().acceptedAt !== null,
      schedule: books?.schedule ? { ...books.schedule, asOf: new Date(books.asOf ?? this.now()).toISOString() } : null,
      history: history.map((h) => ({ at: new Date(h.ts).toISOString(), multiplier: h.multiplier, model: h.model, source: h.source })),
    };
  }

  report(days: number): EarningsReport {
    this.flush();
    return { ...earningsReport(this.o.store.ledger, this.now(), days, this.zone), transactions: this.books()?.transactions ?? [] };
  }

  list(filter: LedgerFilter, limit: number, beforeId?: number): LedgerRow[] {
    this.flush();
    return this.o.store.ledger.list(filter, limit, beforeId);
  }

  exportCsv(filter: LedgerFilter): { filename: string; csv: string; rows: number } {
    this.flush();
    const local = new Intl.DateTimeFormat('sv-SE', { timeZone: this.zone, dateStyle: 'short', timeStyle: 'medium' });
    const lines = [`task_id,time_utc,time_local (${this.zone}),intent,model,outcome,tokens,latency_ms,receipt,claimed,awarded,note`];
    let rows = 0;
    for (const r of this.o.store.ledger.iterate(filter)) {
      rows++;
      lines.push(
        [r.taskId, r.at, local.format(new Date(r.at)), r.intent, r.model ?? '', r.outcome, r.tokens ?? '', r.latencyMs, r.receipt, r.claimed ?? '', r.awarded ?? '', r.note ?? '']
          .map(csvCell)
          .join(','),
      );
    }
    const day = new Date(this.now()).toISOString().slice(0, 10);
    return { filename: `iicp-ledger-${day}.csv`, csv: `${lines.join('\r\n')}\r\n`, rows };
  }

  // ---------------------------------------------------------------------------------------------------

  /** The multiplier a receipt may claim with: what the directory holds, else what it will store at registration. */
  private multiplierInForce(): number {
    return this.books()?.multiplier ?? this.declaration().multiplier;
  }

  /**
   * New receipts go out together a moment later: one outbox read for the tasks finishing meanwhile instead of one
   * (or two) per task — they are read on the node's busiest path, between the 429s of a node under load.
   */
  private postSoon(): void {
    if (this.postTimer || this.stopped) return;
    this.postTimer = setTimeout(() => {
      this.postTimer = null;
      this.poster.kick();
    }, POST_DELAY_MS);
    this.postTimer.unref?.();
  }

  private enqueue(row: NewLedgerRow): Promise<void> {
    if (this.queue.length >= MAX_QUEUE) this.forgetUnwritten(this.queue.shift()!); // a database down for long: keep the newest
    this.queue.push(row);
    this.noteUnwritten(row);
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      if (this.queue.length >= FLUSH_ROWS) this.flush();
      else if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Group commit: every row queued in this turn of the event loop in one transaction, then their answers go. */
  private flush(): void {
    this.flushScheduled = false;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const waiters = this.waiters;
    this.waiters = [];
    const rows = this.queue;
    this.queue = [];
    try {
      while (this.pendingReceipts.length > 0) {
        const p = this.pendingReceipts[0]!;
        try {
          this.o.store.ledger.insertWithReceipt(p.row, p.receipt);
        } catch (err) {
          // A receipt the ledger refuses for what it is (a second one for its task): never claimed, and it must not
          // hold up the rows behind it. Anything else (a full disk) keeps it waiting.
          if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT') !== true) throw err;
          this.o.log('error', 'receipt_refused_by_ledger', `task=${p.row.taskId} ${(err as Error).message}`);
        }
        this.pendingReceipts.shift();
        this.forgetUnwritten(p.row);
        this.poster.kick();
      }
      this.o.store.ledger.insertMany(rows, { relaxed: true });
      for (const r of rows) this.forgetUnwritten(r);
      if (rows.length > 0 || waiters.length > 0) this.storeWorks();
    } catch (err) {
      this.queue = rows.concat(this.queue).slice(-MAX_QUEUE);
      this.storeFailed(err, `rows=${rows.length}`);
      if (!this.stopped) {
        this.flushTimer = setTimeout(() => this.flush(), 5_000);
        this.flushTimer.unref?.();
      }
    } finally {
      // Answers are never held back by a store that refuses: the rows stay queued and the problem is shown.
      for (const w of waiters) w();
    }
    if (rows.length > 0) this.o.onChange();
  }

  private noteUnwritten(row: NewLedgerRow): void {
    this.unwrittenTasks.add(row.taskId);
    if (row.nonce) this.unwrittenNonces.add(row.nonce);
  }

  private forgetUnwritten(row: NewLedgerRow): void {
    this.unwrittenTasks.delete(row.taskId);
    if (row.nonce) this.unwrittenNonces.delete(row.nonce);
  }

  private storeFailed(err: unknown, what: string): void {
    const text = err instanceof Error ? err.message : String(err);
    this.o.log('error', 'ledger_write_failed', `${what} ${text}`);
    const full = /full|SQLITE_FULL|ENOSPC/i.test(text);
    const message = full
      ? 'The disk is full: served tasks and their credit claims are kept in memory until there is space again.'
      : `The task ledger cannot be written (${text}): served tasks are kept in memory until it can.`;
    if (message !== this.storeProblem) {
      this.storeProblem = message;
      this.o.onStoreProblem?.(message);
    }
    if (!this.flushTimer && !this.stopped) {
      this.flushTimer = setTimeout(() => this.flush(), 5_000);
      this.flushTimer.unref?.();
    }
  }

  private storeWorks(): void {
    if (this.storeProblem === null || this.pendingReceipts.length > 0) return;
    this.storeProblem = null;
    this.o.onStoreProblem?.(null);
  }

  /** The stored declaration, if it is the one the settings make now. */
  private currentDeclaration(): PricingState | null {
    const s = this.o.settings();
    const stored = this.o.store.state.get<PricingState | null>('pricingDeclared', null, (v): v is PricingState | null => v === null || isPricingState(v));
    return stored && stored.multiplier === s.creditCostMultiplier && stored.model === s.pricingModel ? stored : null;
  }

  private pricingState(): PricingState {
    const s = this.o.settings();
    return this.currentDeclaration() ?? { multiplier: s.creditCostMultiplier, model: s.pricingModel, acceptedAt: null };
  }

  private notePricing(): void {
    const s = this.o.settings();
    if (this.currentDeclaration()) return;
    this.o.store.db.transaction(() => {
      this.o.store.state.set('pricingDeclared', { multiplier: s.creditCostMultiplier, model: s.pricingModel, acceptedAt: null });
      this.o.store.db.prepare("INSERT INTO price_history (ts, multiplier, model, source) VALUES (?, ?, ?, 'settings')").run(this.now(), s.creditCostMultiplier, s.pricingModel);
    })();
  }

  /** Read on every receipt and snapshot: kept in memory, changed only by doSync (which writes it first). */
  private books(): DirectoryBooks | null {
    if (this.booksCache === undefined) {
      const stored = this.o.store.state.get<DirectoryBooks | null>('directoryBooks', null, isBooks);
      // Books kept by an older version hold transaction amounts as numbers: the report speaks exact decimals now.
      this.booksCache = stored && {
        ...stored,
        transactions: (Array.isArray(stored.transactions) ? stored.transactions : []).map((t) => ({ ...t, amount: typeof t.amount === 'number' ? formatCredits(toMicro(t.amount)) : String(t.amount) })),
      };
    }
    return this.booksCache;
  }

  private scheduleSync(delayMs: number): void {
    if (this.stopped) return;
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = setTimeout(() => void this.sync(), delayMs);
    this.syncTimer.unref?.();
  }

  private sync(): Promise<void> {
    this.syncing ??= this.doSync().finally(() => {
      this.syncing = null;
      this.scheduleSync(this.o.syncIntervalMs ?? 10 * 60_000);
    });
    return this.syncing;
  }

  private async doSync(): Promise<void> {
    const previous = this.books();
    const token = this.o.secrets.get('node_token');
    const r = await syncBooks({ baseUrl: this.o.baseUrl(), nodeId: this.o.nodeId, token, previous, now: this.now(), fetchImpl: this.o.fetchImpl });
    if (this.stopped) return;
    this.syncError = r.error;
    if (r.books && r.books !== previous) this.keepBooks(r.books, previous);
    // The Earnings page shows the plain sentence; the log keeps what each call answered (Logs → Details). Before the
    // first registration there are no earnings to miss: the directory link already tells why it is not registered.
    if (r.error && token) this.o.log('warn', 'earnings_sync_failed', r.detail ?? r.error);
    this.scheduleListing();
    this.o.onChange();
  }

  /** New books: stored with the transactions they list and a price-history row when the held multiplier moved. */
  private keepBooks(books: DirectoryBooks, previous: DirectoryBooks | null): void {
    try {
      this.o.store.db.transaction(() => {
        this.o.store.state.set('directoryBooks', books);
        // A registry-only read carries the same transaction list on: kept already.
        if (books.transactions !== previous?.transactions) {
          this.o.store.ledger.keepDirectoryTransactions(
            books.transactions.flatMap((t) => {
              const ts = Date.parse(t.at);
              const amountU = parseCredits(t.amount);
              return t.id && Number.isFinite(ts) && amountU !== null ? [{ id: t.id, ts, type: t.type, reason: t.reason, amountU, taskId: t.taskId }] : [];
            }),
          );
        }
        if (books.multiplier !== null && books.multiplier !== previous?.multiplier) {
          this.o.store.db
            .prepare("INSERT INTO price_history (ts, multiplier, model, source) VALUES (?, ?, ?, 'directory')")
            .run(this.now(), books.multiplier, books.pricingModel ?? this.o.settings().pricingModel);
        }
      })();
      this.booksCache = books; // after the commit: a rolled-back write leaves the stored books in force
    } catch (err) {
      this.o.log('error', 'earnings_sync_not_saved', err instanceof Error ? err.message : String(err));
    }
  }

  /**
   * While the directory has not reported reaching the node, its registry entry is read again every minute (one public
   * GET): production observes routes on its own schedule, so the confirmation comes minutes after a registration.
   */
  private scheduleListing(): void {
    if (this.listingTimer) clearTimeout(this.listingTimer);
    this.listingTimer = null;
    if (this.stopped || !this.o.secrets.get('node_token') || this.books()?.registry?.observedReachable === true) return;
    // Soon after a registration first (2 s, 4 s, 8 s …: the person is looking), then once a minute.
    const delay = Math.min(this.o.listingIntervalMs ?? 60_000, 2000 * 2 ** Math.min(this.listingReads, 10));
    this.listingReads += 1;
    this.listingTimer = setTimeout(() => {
      this.listingTimer = null;
      void this.refreshListing();
    }, delay);
    this.listingTimer.unref?.();
  }

  private async refreshListing(): Promise<void> {
    const listing = await readListing({ baseUrl: this.o.baseUrl(), nodeId: this.o.nodeId, now: this.now(), fetchImpl: this.o.fetchImpl });
    if (this.stopped) return;
    const previous = this.books();
    if (listing && previous) {
      this.keepBooks({ ...previous, registry: listing, multiplier: listing.multiplier ?? previous.multiplier }, previous);
      this.o.onChange();
    }
    this.scheduleListing();
  }
}

function csvCell(v: string | number): string {
  const s = String(v);
  // Quote what CSV needs quoted; a leading = + - @ would be run as a formula by spreadsheets (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
