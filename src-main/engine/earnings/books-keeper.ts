import type { EventLevel } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import type { Store } from '../store';
import { formatCredits, parseCredits, toMicro } from '../pricing';
import { readListing } from '../directory';
import { syncBooks, type DirectoryBooks } from './directory-sync';
import { addListRead, listedWhole, readStretches, type ListedStretch } from './list-coverage';

/** The engine-state key of the stretches the directory's transaction lists showed whole. */
const LISTED_KEY = 'directoryListed';

/**
 * How long after a paid gateway request its debit must be in the directory's books: the node that served it posts its
 * award within seconds (a heartbeat at most a few minutes later). A request with no debit in books read this much
 * later, whose lists showed every transaction since, was not charged: it counts 0 (a debit read later still counts).
 */
export const SPEND_SETTLE_MS = 10 * 60_000;
/** The directory's clock may run behind this computer's: a debit is looked for this much before the request too. */
const CLOCK_SLACK_MS = 5 * 60_000;

export interface BooksKeeperOptions {
  store: Store;
  nodeId: string;
  baseUrl: () => string;
  token: () => string | null;
  /** The pricing model a price-history row names when the directory did not say. */
  pricingModel: () => string;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
  onChange: () => void;
  fetchImpl?: typeof fetch;
  now: () => number;
  syncIntervalMs?: number;
  /** How often the registry entry is re-read while the directory has not reported reaching the node (default 60 s). */
  listingIntervalMs?: number;
  /**
   * After the node's own awards moved, the books are read again this much later (default 15 s: a burst settles, and
   * a heartbeat has likely told the directory of the tasks), and never sooner than `followGapMs` after the last read
   * began (default 60 s), so a busy node reads its books at most once a minute.
   */
  followMs?: number;
  followGapMs?: number;
}

const isBooks = (v: unknown): v is DirectoryBooks | null =>
  v === null ||
  (!!v &&
    typeof v === 'object' &&
    (typeof (v as DirectoryBooks).asOf === 'number' || (v as DirectoryBooks).asOf === null));

/**
 * The directory's books as the node last read them: read on a slow schedule and on demand, kept in the engine state
 * with their time (never replaced by a 0), and the registry entry re-read often while the directory has not yet
 * reported reaching the node.
 */
export class BooksKeeper {
  private booksCache: DirectoryBooks | null | undefined = undefined;
  private syncTimer: NodeJS.Timeout | null = null;
  private listingTimer: NodeJS.Timeout | null = null;
  /** Registry reads since the last registration, for the back-off of `scheduleListing`. */
  private listingReads = 0;
  private syncing: Promise<void> | null = null;
  /** The read a "Sync now" asked for while another was under way: it starts when that one ends. */
  private syncAgain: Promise<void> | null = null;
  private error: string | null = null;
  private stopped = false;
  /** The stretches of time the transaction lists read showed whole (read from the state once). */
  private stretches: ListedStretch[] | null = null;
  /** The read that follows the node's own awards moving, while one is due. */
  private followTimer: NodeJS.Timeout | null = null;
  /** When the last read began, and when the node's own awards last moved (null: not in this run). */
  private readStartedAt = -Infinity;
  private movedAt: number | null = null;

  constructor(private readonly o: BooksKeeperOptions) {}

  /** No more reads are scheduled; `settled` waits for one under way. */
  halt(): void {
    this.stopped = true;
    if (this.syncTimer) clearTimeout(this.syncTimer);
    if (this.listingTimer) clearTimeout(this.listingTimer);
    if (this.followTimer) clearTimeout(this.followTimer);
  }

  /**
   * The node's own awards moved (the figures the Earnings page, the dashboard and the tray show): the directory's
   * figures beside them are read again soon, so they do not lag behind for the ten minutes of the slow schedule. One
   * read is due at a time, and it takes in every move before it begins.
   */
  awardsMoved(): void {
    if (this.stopped || !this.o.token()) return;
    const now = this.o.now();
    this.movedAt = now;
    if (this.followTimer) return;
    const at = Math.max(now + (this.o.followMs ?? 15_000), this.readStartedAt + (this.o.followGapMs ?? 60_000));
    this.followTimer = setTimeout(() => {
      this.followTimer = null;
      void this.sync();
    }, at - now);
    this.followTimer.unref?.();
  }

  /**
   * Whether the node's awards moved after the directory's figures were last read: those figures do not hold them yet.
   */
  behind(): boolean {
    const asOf = this.books()?.asOf ?? null;
    return this.movedAt !== null && asOf !== null && this.movedAt >= asOf;
  }

  async settled(): Promise<void> {
    await this.syncing;
  }

  /** The plain sentence of the last read's failure, or null. */
  get syncError(): string | null {
    return this.error;
  }

  /** Read on every receipt and snapshot: kept in memory, changed only by a read (which writes it first). */
  books(): DirectoryBooks | null {
    if (this.booksCache === undefined) {
      const stored = this.o.store.state.get<DirectoryBooks | null>('directoryBooks', null, isBooks);
      // Books kept by an older version hold transaction amounts as numbers: the report speaks exact decimals now.
      this.booksCache = stored && {
        ...stored,
        transactions: (Array.isArray(stored.transactions) ? stored.transactions : []).map((t) => ({
          ...t,
          amount: typeof t.amount === 'number' ? formatCredits(toMicro(t.amount)) : String(t.amount),
        })),
      };
    }
    return this.booksCache;
  }

  /** A registration: the registry entry is read soon again, then less and less often. */
  resetListing(): void {
    this.listingReads = 0;
  }

  scheduleSync(delayMs: number): void {
    if (this.stopped) return;
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = setTimeout(() => void this.sync(), delayMs);
    this.syncTimer.unref?.();
  }

  /**
   * A read the person asked for. One already under way may have asked the directory before the person did, so one
   * more read follows it, shared by everyone who asks meanwhile: what they then see is never older than their question.
   */
  syncNow(): Promise<void> {
    if (!this.syncing) return this.sync();
    const after = () => {
      this.syncAgain = null;
      return this.stopped ? undefined : this.sync();
    };
    this.syncAgain ??= this.syncing.then(after, after);
    return this.syncAgain;
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
    const token = this.o.token();
    const now = (this.readStartedAt = this.o.now());
    // This read takes in every move of the node's awards so far: a follow-up that is due would read the same.
    if (this.followTimer && this.movedAt !== null && this.movedAt < now) {
      clearTimeout(this.followTimer);
      this.followTimer = null;
    }
    const r = await syncBooks({
      baseUrl: this.o.baseUrl(),
      nodeId: this.o.nodeId,
      token,
      previous,
      now,
      fetchImpl: this.o.fetchImpl,
    });
    if (this.stopped) return;
    this.error = r.error;
    if (r.books && r.books !== previous) this.keepBooks(r.books, previous, now);
    // The Earnings page shows the plain sentence; the log keeps what each call answered (Logs → Details). Before the
    // first registration there are no earnings to miss: the directory link already tells why it is not registered.
    if (r.error && token) this.o.log('warn', 'earnings_sync_failed', r.detail ?? r.error);
    this.scheduleListing();
    this.o.onChange();
  }

  /**
   * Whether the directory's transaction lists, as read, showed every transaction created in `[from, to)`: only then
   * is a day's sum of them the directory's whole word for that day.
   */
  listedWhole(from: number, to: number): boolean {
    return listedWhole(this.listedStretches(), from, to);
  }

  private listedStretches(): ListedStretch[] {
    this.stretches ??= readStretches(
      this.o.store.state.get<unknown>(LISTED_KEY, [], (v): v is unknown => Array.isArray(v)),
    );
    return this.stretches;
  }

  /**
   * New books: stored with the transactions they list (and, for a list read at `readAt`, the stretch of time it
   * showed whole), what they charged for this computer's gateway requests, and a price-history row when the held
   * multiplier moved.
   */
  private keepBooks(books: DirectoryBooks, previous: DirectoryBooks | null, readAt?: number): void {
    const { db, state, ledger, priceHistory, spend } = this.o.store;
    // A registry-only read carries the same transaction list on: kept already.
    const newList = books.transactions !== previous?.transactions;
    const times = books.transactions.map((t) => Date.parse(t.at));
    const stretches =
      newList && readAt !== undefined
        ? addListRead(this.listedStretches(), books.listed ?? times.length, times, readAt)
        : null;
    try {
      db.transaction(() => {
        state.set('directoryBooks', books);
        if (stretches) state.set(LISTED_KEY, stretches);
        if (newList) {
          ledger.keepDirectoryTransactions(
            books.transactions.flatMap((t) => {
              const ts = Date.parse(t.at);
              const amountU = parseCredits(t.amount);
              return t.id && Number.isFinite(ts) && amountU !== null
                ? [{ id: t.id, ts, type: t.type, reason: t.reason, amountU, taskId: t.taskId }]
                : [];
            }),
          );
          // Summed over every debit kept for the task, not only this list's: the list holds the 20 newest, and an
          // operator wallet may split one task's debit in several.
          for (const [taskId, chargedU] of spend.directoryCharges(spentTaskIds(books.transactions)))
            spend.markCharged(taskId, chargedU);
          if (readAt !== undefined) this.markNotCharged(stretches ?? this.listedStretches(), readAt);
        }
        if (books.multiplier !== null && books.multiplier !== previous?.multiplier) {
          priceHistory.add({
            ts: this.o.now(),
            multiplier: books.multiplier,
            model: books.pricingModel ?? this.o.pricingModel(),
            source: 'directory',
          });
        }
      })();
      this.booksCache = books; // after the commit: a rolled-back write leaves the stored books in force
      if (stretches) this.stretches = stretches;
    } catch (err) {
      this.o.log('error', 'earnings_sync_not_saved', err instanceof Error ? err.message : String(err));
    }
  }

  /** Paid gateway requests the lists read showed no debit for, the settle time after they were answered. */
  private markNotCharged(stretches: readonly ListedStretch[], readAt: number): void {
    const spend = this.o.store.spend;
    const silent = spend
      .unsettled(readAt - SPEND_SETTLE_MS, 1000)
      .filter((r) => listedWhole(stretches, r.atMs - CLOCK_SLACK_MS, readAt));
    spend.markNotCharged(silent.map((r) => r.taskId));
  }

  /**
   * While the directory has not reported reaching the node, its registry entry is read again every minute (one public
   * GET): production observes routes on its own schedule, so the confirmation comes minutes after a registration.
   */
  private scheduleListing(): void {
    if (this.listingTimer) clearTimeout(this.listingTimer);
    this.listingTimer = null;
    if (this.stopped || !this.o.token() || this.books()?.registry?.observedReachable === true) return;
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
    const listing = await readListing({
      baseUrl: this.o.baseUrl(),
      nodeId: this.o.nodeId,
      now: this.o.now(),
      fetchImpl: this.o.fetchImpl,
    });
    if (this.stopped) return;
    const previous = this.books();
    if (listing && previous) {
      this.keepBooks(
        { ...previous, registry: listing, multiplier: listing.multiplier ?? previous.multiplier },
        previous,
      );
      this.o.onChange();
    }
    this.scheduleListing();
  }
}

/** The task ids of the list's `task_spend` debits: what this node paid for a task it sent (its gateway's requests). */
export function spentTaskIds(transactions: DirectoryBooks['transactions']): string[] {
  const ids = transactions.flatMap((t) =>
    t.taskId && (t.reason === 'task_spend' || t.reason.startsWith('task_spend:')) ? [t.taskId] : [],
  );
  return [...new Set(ids)];
}
