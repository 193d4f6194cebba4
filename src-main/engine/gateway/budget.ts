import { localDay, startOfLocalDay } from '@shared/calendar/days';
import type { GatewaySettings } from '@shared/contract';
import { MICRO, formatCredits, toMicro } from '../pricing';

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

/** A limit the person set. */
export type LimitName = 'request' | 'day' | 'month' | 'balance';

/** One limit as it stands now: how much one more request may still cost under it (micro-credits). */
interface Room {
  limit: LimitName;
  micro: number;
}

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
   * The room each limit that is set leaves now, in the order a refusal names them. Requests on their way count as
   * spent; an unread balance leaves no room.
   */
  private rooms(): Room[] {
    const s = this.o.settings();
    const rooms: Room[] = [];
    if (s.perRequestMax !== null) rooms.push({ limit: 'request', micro: toMicro(s.perRequestMax) });
    if (s.dailyCap !== null) rooms.push({ limit: 'day', micro: toMicro(s.dailyCap) - this.spentToday() - this.heldMicro });
    if (s.monthlyCap !== null) rooms.push({ limit: 'month', micro: toMicro(s.monthlyCap) - this.spentThisMonth() - this.heldMicro });
    if (s.keepBalance !== null) {
      const balance = this.o.balance();
      rooms.push({ limit: 'balance', micro: balance === null ? 0 : toMicro(balance) - toMicro(s.keepBalance) - this.heldMicro });
    }
    return rooms;
  }

  /** The most one more request may cost now (credits), and the limit that sets it; Infinity when nothing limits it. */
  allowance(): { credits: number; limit: LimitName | null } {
    return this.rooms().reduce<{ credits: number; limit: LimitName | null }>((a, r) => (r.micro / MICRO < a.credits ? { credits: r.micro / MICRO, limit: r.limit } : a), {
      credits: Number.POSITIVE_INFINITY,
      limit: null,
    });
  }

  /** The sentence for a request that no limit left room for. */
  refusal(limit: LimitName | null): BudgetRefusal {
    return { ok: false, code: 'insufficient_quota', message: this.sentence(limit, null) };
  }

  /** Holds `worstCase` credits for one request, or says which limit it would pass. Free requests always pass. */
  hold(worstCase: number): Hold | BudgetRefusal {
    const need = toMicro(worstCase);
    if (need <= 0) return { ok: true, release: () => undefined };
    const passed = this.rooms().find((r) => need > r.micro);
    if (passed) return { ok: false, code: 'insufficient_quota', message: this.sentence(passed.limit, need) };
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

  /** Why a request is refused under `limit`: with what it could cost (`need`, micro-credits) when that is known. */
  private sentence(limit: LimitName | null, need: number | null): string {
    const s = this.o.settings();
    const upTo = need === null ? '' : `This request could cost up to ${words(need)}, `;
    if (limit === 'request' && s.perRequestMax !== null) {
      const cap = words(toMicro(s.perRequestMax));
      return need === null ? `Even the shortest answer from the nodes offering this model would cost more than the ${cap} you allow per request.` : `${upTo}more than the ${cap} you allow per request.`;
    }
    if (limit === 'day' && s.dailyCap !== null) {
      const cap = words(toMicro(s.dailyCap));
      return need === null ? `This request would pass today's spending limit of ${cap}; it resets at midnight, or you can raise it on the Use the network page.` : `${upTo}which would pass today's limit of ${cap}.`;
    }
    if (limit === 'month' && s.monthlyCap !== null) {
      const cap = words(toMicro(s.monthlyCap));
      return need === null ? `This request would pass this month's spending limit of ${cap}.` : `${upTo}which would pass this month's limit of ${cap}.`;
    }
    if (limit === 'balance' && s.keepBalance !== null) {
      const keep = words(toMicro(s.keepBalance));
      if (this.o.balance() === null) return `The balance has not been read from the directory yet, so spending cannot be kept above ${keep}.`;
      return need === null ? `This request would take the balance below the ${keep} you keep.` : `${upTo}which would take the balance below the ${keep} you keep.`;
    }
    return 'This request would pass a spending limit you set.';
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
