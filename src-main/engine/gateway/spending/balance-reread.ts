/** How often, at most, a refusal for the balance may ask the directory for the balance again. */
export const REREAD_EVERY_MS = 5_000;
/**
 * How long a refused request waits for that read: a directory that answers does so in tens of milliseconds, and one
 * that hangs must not hold the refusal for its whole timeout (the read goes on and serves the next request).
 */
export const REREAD_WAIT_MS = 1_000;

export interface BalanceRereadOptions {
  /** The balance spending draws on now (credits), or null when unread. */
  balance: () => number | null;
  /** Asks the directory for the balance again; what it says is what `balance` reads afterwards. */
  read: () => Promise<void>;
  now: () => number;
  everyMs?: number;
  waitMs?: number;
  /** How the wait for the read is timed (default: an unref'd timer). */
  pause?: (ms: number) => Promise<void>;
}

const timer = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * The balance read again before a request is refused for it: credits granted since the last read would otherwise be
 * refused as missing until something else happened to read it. At most one read per interval, however many requests
 * are refused meanwhile, so a burst of them does not become a burst of directory calls.
 */
export class BalanceReread {
  private lastAt: number | null = null;
  /**
   * Whether the last read answered within the wait. A directory that did not is not waited for again until a read
   * answers: the read still starts, but the refusal goes out at once, as every request does while it hangs.
   */
  private answering = true;

  constructor(private readonly o: BalanceRereadOptions) {}

  /**
   * Whether the balance grew on a fresh read; false without a read when the last one is too recent, and false when
   * the read fails or takes longer than the wait, at once when the last read did not answer in time either.
   */
  async grew(): Promise<boolean> {
    const now = this.o.now();
    if (this.lastAt !== null && now - this.lastAt < (this.o.everyMs ?? REREAD_EVERY_MS)) return false;
    // Taken before the read, so the requests refused while it is under way do not start reads of their own.
    this.lastAt = now;
    const before = this.o.balance();
    const read = this.o.read().then(
      () => (this.answering = true),
      () => (this.answering = false),
    );
    if (!this.answering) return false;
    const waited = (this.o.pause ?? timer)(this.o.waitMs ?? REREAD_WAIT_MS).then(() => false);
    if (!(await Promise.race([read, waited]))) {
      this.answering = false;
      return false;
    }
    const after = this.o.balance();
    return after !== null && (before === null || after > before);
  }
}
