import type { LedgerThread, PosterConfig } from './ledger-thread';
import type { ReceiptPoster } from './receipt-poster';

/** What the earnings service asks of whoever posts its receipts. */
export interface AwardPoster {
  kick(): void;
  soon(): void;
  resume(): void;
  stop(): Promise<void>;
}

/**
 * The receipt poster on the ledger thread (LedgerThread): each call goes there with the configuration as it stands
 * (a renewed token, another directory address). Once the thread is gone for good, a poster on the event loop takes
 * over (`fallback`, made at the first need), with the same outbox in the same database.
 */
export class ThreadPoster implements AwardPoster {
  private local: ReceiptPoster | null = null;

  constructor(
    private readonly thread: LedgerThread,
    private readonly config: () => PosterConfig,
    private readonly fallback: () => ReceiptPoster,
  ) {}

  kick(): void {
    this.call('kick');
  }

  soon(): void {
    this.call('soon');
  }

  resume(): void {
    this.call('resume');
  }

  async stop(): Promise<void> {
    await Promise.all([this.thread.stopPoster(), this.local?.stop()]);
  }

  private call(call: 'kick' | 'soon' | 'resume'): void {
    if (!this.local && this.thread.poster(call, this.config())) return;
    this.local ??= this.fallback();
    this.local[call]();
  }
}
