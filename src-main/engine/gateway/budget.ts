import type { GatewaySettings } from '@shared/contract';
import { MICRO, formatCredits, toMicro } from '../pricing/credits';
import { localDay, startOfLocalDay } from '../earnings/report';

const DAY_MS = 86_400_000;

export interface BudgetOptions {
  settings: () => GatewaySettings;
  /** Micro-credits spent by answered requests made from `fromMs` until now. */
  spentSince: (fromMs: number) => number;
  /** The balance as last read from the directory (credits), or null. */
  balance: () => number | null;
  now: () => number;
  timeZone: string;
}

/** A refusal before anything is sent, in the words an app's user reads. */
export interface BudgetRefusal {
  ok: false;
  code: 'insufficient_quota';
  message: string;
}

export interface Hold {
  ok: true;
  /** Gives the held credits back; what the request really cost is in the books by then. */
  release(): void;
}

/** The first instant of the local calendar month that `ms` falls in. */
export function startOfLocalMonth(ms: number, timeZone: string): number {
  const dayOfMonth = Number(localDay(ms, timeZone).slice(8, 10));
  // Noon of the first day is inside it whatever the clocks did that month; its midnight is the month's start.
  return startOfLocalDay(startOfLocalDay(ms, timeZone) - (dayOfMonth - 1) * DAY_MS + DAY_MS / 2, timeZone);
}

const words = (micro: number): string => `${formatCredits(micro)} credit${micro === MICRO ? '' : 's'}`;

/**
 * The person's spending limits. A request to another operator's node holds its worst case (what the directory
 * would let that node claim for it) before it is sent, so requests on their way together can never pass a limit; the
 * hold is given back when the request ends, by which time its real cost is in the books.
 */
export class Budget {
  private heldMicro = 0;

  constructor(private readonly o: BudgetOptions) {}

  get held(): number {
    return this.heldMicro / MICRO;
  }

  spentToday(): number {
    const now = this.o.now();
    return this.o.spentSince(startOfLocalDay(now, this.o.timeZone));
  }

  spentThisMonth(): number {
    const now = this.o.now();
    return this.o.spentSince(startOfLocalMonth(now, this.o.timeZone));
  }

  /**
   * The most one more request may cost now (credits), and the limit that sets it; Infinity when nothing limits it.
   * Requests on their way count as spent.
   */
  allowance(): { credits: number; limit: 'request' | 'day' | 'month' | 'balance' | null } {
    const s = this.o.settings();
    const limits: { credits: number; limit: 'request' | 'day' | 'month' | 'balance' }[] = [];
    if (s.perRequestMax !== null) limits.push({ credits: s.perRequestMax, limit: 'request' });
    if (s.dailyCap !== null) limits.push({ credits: (toMicro(s.dailyCap) - this.spentToday() - this.heldMicro) / MICRO, limit: 'day' });
    if (s.monthlyCap !== null) limits.push({ credits: (toMicro(s.monthlyCap) - this.spentThisMonth() - this.heldMicro) / MICRO, limit: 'month' });
    if (s.keepBalance !== null) {
      const balance = this.o.balance();
      limits.push({ credits: balance === null ? 0 : (toMicro(balance) - toMicro(s.keepBalance) - this.heldMicro) / MICRO, limit: 'balance' });
    }
    return limits.reduce<{ credits: number; limit: 'request' | 'day' | 'month' | 'balance' | null }>((a, b) => (b.credits < a.credits ? b : a), { credits: Number.POSITIVE_INFINITY, limit: null });
  }

  /** The sentence for a request that no limit left room for. */
  refusal(limit: 'request' | 'day' | 'month' | 'balance' | null): BudgetRefusal {
    const s = this.o.settings();
    const message =
      limit === 'request' && s.perRequestMax !== null
        ? `Even the shortest answer from the nodes offering this model would cost more than the ${words(toMicro(s.perRequestMax))} you allow per request.`
        : limit === 'day' && s.dailyCap !== null
          ? `This request would pass today's spending limit of ${words(toMicro(s.dailyCap))}; it resets at midnight, or you can raise it on the Use the network page.`
          : limit === 'month' && s.monthlyCap !== null
            ? `This request would pass this month's spending limit of ${words(toMicro(s.monthlyCap))}.`
            : limit === 'balance' && s.keepBalance !== null
              ? this.o.balance() === null
                ? `The balance has not been read from the directory yet, so spending cannot be kept above ${words(toMicro(s.keepBalance))}.`
                : `This request would take the balance below the ${words(toMicro(s.keepBalance))} you keep.`
              : 'This request would pass a spending limit you set.';
    return { ok: false, code: 'insufficient_quota', message };
  }

  /** Holds `worstCase` credits for one request, or says which limit it would pass. Free requests always pass. */
  hold(worstCase: number): Hold | BudgetRefusal {
    const need = toMicro(worstCase);
    if (need <= 0) return { ok: true, release: () => undefined };
    const s = this.o.settings();
    const refuse = (message: string): BudgetRefusal => ({ ok: false, code: 'insufficient_quota', message });
    if (s.perRequestMax !== null && need > toMicro(s.perRequestMax)) {
      return refuse(`This request could cost up to ${words(need)}, more than the ${words(toMicro(s.perRequestMax))} you allow per request.`);
    }
    if (s.dailyCap !== null && this.spentToday() + this.heldMicro + need > toMicro(s.dailyCap)) {
      return refuse(`This request could cost up to ${words(need)}, which would pass today's limit of ${words(toMicro(s.dailyCap))}.`);
    }
    if (s.monthlyCap !== null && this.spentThisMonth() + this.heldMicro + need > toMicro(s.monthlyCap)) {
      return refuse(`This request could cost up to ${words(need)}, which would pass this month's limit of ${words(toMicro(s.monthlyCap))}.`);
    }
    const balance = this.o.balance();
    if (s.keepBalance !== null && (balance === null || toMicro(balance) - this.heldMicro - need < toMicro(s.keepBalance))) {
      return refuse(
        balance === null
          ? `The balance has not been read from the directory yet, so spending cannot be kept above ${words(toMicro(s.keepBalance))}.`
          : `This request could cost up to ${words(need)}, which would take the balance below the ${words(toMicro(s.keepBalance))} you keep.`,
      );
    }
    this.heldMicro += need;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.heldMicro -= need;
      },
    };
  }
}

/**
 * The most the directory lets a node claim for a task of `tokens` tokens at price `multiplier`: it refuses any award
 * above `ceil(tokens / 1000) × max(0.001, multiplier) × 1.1 + 0.0001` (CreditsController's ceiling).
 */
export function claimCeiling(tokens: number, multiplier: number): number {
  const micro = Math.ceil(Math.max(1, tokens) / 1000) * Math.max(0.001, multiplier) * 1.1 * MICRO + 100;
  // Floating point puts e.g. 5 × 0.001 × 1.1 a hair above 0.0055: rounded to a thousandth of a micro-credit first, that
  // hair does not cost a whole micro-credit (and tip a request that fits its allowance exactly over it).
  return Math.ceil(Math.round(micro * 1000) / 1000) / MICRO;
}
