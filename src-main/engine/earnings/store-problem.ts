import { said, type Said } from '@shared/i18n/said';
import type { EventLevel } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';

/**
 * The ledger's trouble as the person sees it: a write the store refused is logged each time, and shown once per
 * distinct message (a full disk, or the store's own words) until a write succeeds again.
 */
export class StoreProblem {
  /** The message shown now, as its JSON; null while the store takes writes. */
  private shown: string | null = null;

  constructor(
    private readonly log: (level: EventLevel, event: EngineEventName, details: string) => void,
    private readonly onStoreProblem?: (message: Said | null) => void,
  ) {}

  /** Whether a problem is shown now. */
  get showing(): boolean {
    return this.shown !== null;
  }

  /** A write or a flush failed: logged, and shown unless the same message already is. */
  report(err: unknown, what: string): void {
    const text = err instanceof Error ? err.message : String(err);
    this.log('error', 'ledger_write_failed', `${what} ${text}`);
    const full =
      /full|SQLITE_FULL|ENOSPC/i.test(text) ||
      /SQLITE_FULL|ENOSPC/.test(String((err as { code?: unknown }).code ?? ''));
    const message = full ? said('status.reason.diskFull') : said('status.reason.ledgerNotWritten', { error: text });
    const key = JSON.stringify(message);
    if (key !== this.shown) {
      this.shown = key;
      this.onStoreProblem?.(message);
    }
  }

  /** The store takes writes again: the problem shown (if any) goes. */
  cleared(): void {
    if (this.shown === null) return;
    this.shown = null;
    this.onStoreProblem?.(null);
  }
}
