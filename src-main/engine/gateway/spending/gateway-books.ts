import type { EngineEventName } from '@shared/words/event-words';
import type { SpendEntry, SpendTotals } from './spend-totals';

export interface GatewayBooksOptions {
  totals: SpendTotals;
  log: (level: 'warn', event: Extract<EngineEventName, `gateway_${string}`>, details?: string) => void;
  onChange: () => void;
  /** Reads the directory's books again (a paid task's debit replaces what the spent book holds for it). */
  readBooks?: () => Promise<void>;
  /** How long after a paid answer the books are read (the node that served it posts its award meanwhile). */
  readBooksAfterMs?: number;
}

/**
 * The gateway's side of the spent book: each ended request's row, booked together with the others that ended in the
 * same turn of the event loop, and one read of the directory's books a while after paid answers.
 */
export class GatewayBooks {
  /** Requests that ended in this turn of the event loop, booked together at its end. */
  private toBook: { entry: SpendEntry; release: () => void; paid: boolean }[] = [];
  private booksTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly o: GatewayBooksOptions) {}

  /** A request's row, booked at the end of this turn with the others (`bookNow`). */
  book(entry: SpendEntry, release: () => void, paid: boolean): void {
    this.toBook.push({ entry, release, paid });
    if (this.toBook.length === 1) setImmediate(this.bookNow);
  }

  /** No more reads of the directory's books; the rows still waiting go in now, before the store can close. */
  stop(): void {
    this.stopped = true;
    if (this.booksTimer) clearTimeout(this.booksTimer);
    this.booksTimer = null;
    this.bookNow();
  }

  /**
   * Books the requests that ended in this turn, in one commit: right after their answers are on their way, not
   * before (an app does not wait for the disk), and one commit however many ended together. What was held for each
   * stays held until the booking counts it, so no other request can spend it meanwhile.
   */
  private readonly bookNow = (): void => {
    const done = this.toBook;
    if (done.length === 0) return;
    this.toBook = [];
    try {
      this.o.totals.record(done.map((d) => d.entry));
    } catch (err) {
      this.o.log('warn', 'gateway_book_failed', err instanceof Error ? err.message : String(err));
    } finally {
      for (const d of done) d.release();
    }
    if (done.some((d) => d.paid)) this.readBooksSoon();
    this.o.onChange();
  };

  /** One read of the books a while after paid answers, however many came meanwhile. */
  private readBooksSoon(): void {
    if (this.booksTimer || !this.o.readBooks || this.stopped) return;
    this.booksTimer = setTimeout(() => {
      this.booksTimer = null;
      void this.o.readBooks?.().catch(() => undefined);
    }, this.o.readBooksAfterMs ?? 15_000);
    this.booksTimer.unref?.();
  }
}
