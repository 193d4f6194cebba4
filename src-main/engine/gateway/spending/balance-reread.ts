/** How often, at most, a refusal for the balance may ask the directory for the balance again. */
export const REREAD_EVERY_MS = 5_000;

export interface BalanceRereadOptions {
  /** The balance spending draws on now (credits), or null when unread. */
  balance: () => number | null;
  /** Asks the directory for the balance again; what it says is what `balance` reads afterwards. */
  read: () => Promise<void>;
  now: () => number;
  everyMs?: number;
}

/**
 * The balance read again before a request is refused for it: credits granted since the last read would otherwise be
 * refused as missing until something else happened to read it. At most one read per interval, however many requests
 * are refused meanwhile, so a burst of them does not become a burst of directory calls.
 */
export class BalanceReread {
  private lastAt: number | null = null;

  constructor(private readonly o: BalanceRereadOptions) {}

  /** Whether the balance grew on a fresh read; false without a read when the last one is too recent. */
  async grew(): Promise<boolean> {
    const now = this.o.now();
    if (this.lastAt !== null && now - this.lastAt < (this.o.everyMs ?? REREAD_EVERY_MS)) return false;
    // Taken before the read, so the requests refused while it is under way do not start reads of their own.
    this.lastAt = now;
    const before = this.o.balance();
    try {
      await this.o.read();
    } catch {
      return false;
    }
    const after = this.o.balance();
    return after !== null && (before === null || after > before);
  }
}
