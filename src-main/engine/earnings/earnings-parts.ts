import type { Said } from '@shared/i18n/said';
import type { EventLevel, Settings } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import { verificationProblem } from '@shared/words/verification-words';
import type { MeterInfo } from '../energy';
import type { SecretStore } from '../identity';
import { REPLAY_WINDOW_MS } from '../server';
import { awardsAfterCheck, systemClock, type Store } from '../store';
import { AwardVerifier, InlineVerifyRunner, SignedLogState, ThreadVerifyRunner } from '../verification';
import { BooksKeeper } from './books-keeper';
import { DeclaredPricing } from './declared-pricing';
import { LedgerThread, type LedgerThreadOptions } from './ledger-thread';
import { LedgerWriter } from './ledger-writer';
import type { SpendNames } from './ledger-views';
import { ReceiptPoster } from './receipt-poster';
import { ReplayRecords } from './replay-records';
import { ThreadPoster, type AwardPoster } from './thread-poster';

export interface EarningsServiceOptions {
  store: Store;
  secrets: SecretStore;
  nodeId: string;
  baseUrl: () => string;
  settings: () => Settings;
  /** The models the directory accepted (or would be offered): they decide the pricing tier. */
  models: () => readonly string[];
  /** The intents the node offers (the Pricing page's rates of the speech ones). */
  intents?: () => ReadonlySet<string>;
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

/** The pieces the earnings service composes, each made once and wired to the others here. */
export interface EarningsParts {
  thread: LedgerThread | null;
  poster: AwardPoster;
  writer: LedgerWriter;
  replay: ReplayRecords;
  keeper: BooksKeeper;
  prices: DeclaredPricing;
  verifier: AwardVerifier;
}

/** Makes the earnings service's pieces from its options; `now` is the one clock they all read. */
export function earningsParts(o: EarningsServiceOptions, now: () => number): EarningsParts {
  const { store } = o;
  const thread = ledgerThread(o, () => writer.durable());
  const poster = awardPoster(o, now, thread, () => writer.durable());
  const writer = new LedgerWriter({
    ledger: store.ledger,
    journal: store.journal,
    folder: thread,
    flush: () => store.flush(),
    log: o.log,
    onChange: o.onChange,
    onStoreProblem: o.onStoreProblem,
    receiptsStored: () => poster.soon(),
  });
  if (store.recoveryError) o.log('error', 'ledger_write_failed', `journal ${store.recoveryError.message}`);
  const replay = new ReplayRecords({
    ledger: store.ledger,
    cut: store.cutTasks,
    unwritten: writer,
    windowMs: REPLAY_WINDOW_MS,
    now,
  });
  const keeper = booksKeeper(o, now);
  const prices = new DeclaredPricing({
    store,
    settings: o.settings,
    models: o.models,
    intents: o.intents,
    parameterCount: o.parameterCount,
    hmacKey: () => o.secrets.get('node_hmac_key'),
    log: o.log,
    now,
    // Accepted: read back what the directory now holds.
    onAccepted: () => keeper.scheduleSync(1_000),
  });
  prices.note();
  return { thread, poster, writer, replay, keeper, prices, verifier: awardVerifier(o, now) };
}

/** The ledger's background work on a thread of its own where the database keeps a WAL (and so a journal). */
function ledgerThread(o: EarningsServiceOptions, durable: () => Promise<void>): LedgerThread | null {
  const { store } = o;
  if (!store.journal || o.ledgerThread === false) return null;
  const hooks = { log: o.log, changed: o.onChange, durable, nextDue: () => store.ledger.nextDue() };
  const thread = new LedgerThread(store.db.name, hooks, o.ledgerThread || {});
  store.beforeClose(() => thread.close());
  return thread;
}

/** The receipt poster: on the ledger thread, or on the event loop without one (or with a scripted directory/clock). */
function awardPoster(
  o: EarningsServiceOptions,
  now: () => number,
  thread: LedgerThread | null,
  durable: () => Promise<void>,
): AwardPoster {
  const { nodeId, baseUrl, retryBaseMs } = o;
  const hmacKey = () => o.secrets.get('node_hmac_key');
  const token = () => o.secrets.get('node_token');
  const onLoop = () =>
    new ReceiptPoster({
      ledger: o.store.ledger,
      nodeId,
      baseUrl,
      token,
      hmacKey,
      log: o.log,
      onChange: o.onChange,
      durable,
      fetchImpl: o.fetchImpl,
      now,
      retryBaseMs,
    });
  const config = () => ({ nodeId, baseUrl: baseUrl(), token: token(), hmacKey: hmacKey(), retryBaseMs });
  return thread && !o.fetchImpl && !o.now ? new ThreadPoster(thread, config, onLoop) : onLoop();
}

function booksKeeper(o: EarningsServiceOptions, now: () => number): BooksKeeper {
  return new BooksKeeper({
    store: o.store,
    nodeId: o.nodeId,
    baseUrl: o.baseUrl,
    token: () => o.secrets.get('node_token'),
    pricingModel: () => o.settings().pricingModel,
    log: o.log,
    onChange: o.onChange,
    fetchImpl: o.fetchImpl,
    now,
    syncIntervalMs: o.syncIntervalMs,
    listingIntervalMs: o.listingIntervalMs,
    followMs: o.syncFollowMs,
    followGapMs: o.syncFollowGapMs,
  });
}

/** The check against the directory's signed log, on a thread of its own where the database is a file it can open. */
function awardVerifier(o: EarningsServiceOptions, now: () => number): AwardVerifier {
  const { store, nodeId, log } = o;
  const runner = store.journal
    ? new ThreadVerifyRunner(store.db.name, nodeId)
    : new InlineVerifyRunner(store.db, nodeId, systemClock, now);
  store.beforeClose(() => runner.release());
  return new AwardVerifier({
    baseUrl: o.baseUrl,
    enabled: () => o.secrets.get('node_token') !== null,
    runner,
    state: new SignedLogState(store.state),
    log,
    onChange: o.onChange,
    spendMarked: () => store.spend.changedElsewhere(),
    onProblem: (v) => log('warn', 'verify_problem', verificationProblem(v)),
    awardsAfter: (lastLedgerId) => awardsAfterCheck(store.db, lastLedgerId),
    intervalMs: o.verifyIntervalMs,
    firstDelayMs: o.verifyFirstDelayMs,
    now,
  });
}
