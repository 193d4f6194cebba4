import { localDay, startOfLocalDay } from '@shared/calendar/days';
import type { GatewaySettings } from '@shared/contract';
import { MICRO, formatCredits, receiptAmount, toMicro } from '../../pricing';

const DAY_MS = 86_400_000;

export interface BudgetOptions {
  settings: () => GatewaySettings;
  /** Micro-credits spent by answered requests made from `fromMs` until now. */
  spentSince: (fromMs: number) => number;
  /** The balance as last read from the directory (credits), or null. */
  balance: () => number | null;
  /**
   * Micro-credits answered paid requests are expected to be debited while the balance read may not show it yet (what
   * counts for them until the directory's debit or its silence is read). None when not given.
   */
  unsettled?: () => number;
  now: () => number;
  timeZone: string;
}

/** A refusal before anything is sent, in the words an app's user reads. */
export interface BudgetRefusal {
  ok: false;
  code: 'insufficient_quota';
  message: string;
  /** The limit it names, when the person's limits or the balance set it (an app's own limit does not say). */
  limit?: LimitName | null;
}

export interface Hold {
  ok: true;
  /** Gives the held credits back; what the request really cost is in the books by then. */
  release(): void;
}

/**
 * What one try is planned at (credits): what an honest node claims for it, and the most the directory lets it claim.
 */
export interface HoldTerms {
  expected: number;
  worstCase: number;
}

/**
 * How much one more request may cost now (credits), Infinity when nothing limits it: `credits` is the room the
 * person's limits leave for what it is expected to cost, `worstCase` the room the balance leaves for the most it may
 * be charged; each with the limit that sets it.
 */
export interface Allowance {
  credits: number;
  limit: LimitName | null;
  worstCase: number;
  worstLimit: LimitName | null;
}

/** The first instant of the local calendar month that `ms` falls in. */
export function startOfLocalMonth(ms: number, timeZone: string): number {
  const dayOfMonth = Number(localDay(ms, timeZone).slice(8, 10));
  // Noon of the first day is inside it whatever the clocks did that month; its midnight is the month's start.
  return startOfLocalDay(startOfLocalDay(ms, timeZone) - (dayOfMonth - 1) * DAY_MS + DAY_MS / 2, timeZone);
}

/** An amount in micro-credits as a refusal says it: "1 credit", "0.0123 credits". */
export const creditWords = (micro: number): string => `${formatCredits(micro)} credit${micro === MICRO ? '' : 's'}`;
const words = creditWords;

/** A hold whose `give` runs once, however often it is released (a route may release on its way out and again after). */
export function holdOnce(give: () => void): Hold {
  let released = false;
  return {
    ok: true,
    release: () => {
      if (released) return;
      released = true;
      give();
    },
  };
}

/** A limit the person set, or the balance itself. */
export type LimitName = 'request' | 'day' | 'month' | 'balance';

/** One limit as it stands now: how much one more request may still cost under it (micro-credits). */
interface Room {
  limit: LimitName;
  micro: number;
}

/** The least a paid request is expected to cost: the directory keeps four decimals. */
const LEAST_EXPECTED_U = 100;
/** The least the directory lets any node claim for any task (one block at the lowest price, and its slack). */
const LEAST_WORST_U = 1200;

/**
 * The person's spending limits. A request to another operator's node is planned before it is sent at what it is
 * expected to cost (what an honest node claims for the most it may answer) and at its worst case (what the directory
 * would let a node claim for it). The limits the person sets (per request, day, month) count what is expected plus
 * what the directory charged; the worst case is held against the balance only, so requests on their way never
 * together take it below what is kept. A node that charges more than expected is skipped from then on
 * (node-flags.ts), so a limit is passed by at most one request per dishonest node. Holds are given back when the
 * request ends, by which time its cost is in the books.
 */
export class Budget {
  private heldExpectedMicro = 0;
  private heldWorstMicro = 0;

  constructor(private readonly o: BudgetOptions) {}

  /** The zone whose midnight ends a day of the limits and whose calendar ends a month: this computer's (ADR 0022). */
  get timeZone(): string {
    return this.o.timeZone;
  }

  /** Credits held for requests on their way, as the limits count them (what they are expected to cost). */
  get held(): number {
    return this.heldExpectedMicro / MICRO;
  }

  spentToday(): number {
    const now = this.o.now();
    return this.o.spentSince(startOfLocalDay(now, this.o.timeZone));
  }

  spentThisMonth(): number {
    const now = this.o.now();
    return this.o.spentSince(startOfLocalMonth(now, this.o.timeZone));
  }

  /** The room the person's limits leave for what a request is expected to cost, in the order a refusal names them. */
  private limitRooms(): Room[] {
    const s = this.o.settings();
    const rooms: Room[] = [];
    if (s.perRequestMax !== null) rooms.push({ limit: 'request', micro: toMicro(s.perRequestMax) });
    if (s.dailyCap !== null)
      rooms.push({ limit: 'day', micro: toMicro(s.dailyCap) - this.spentToday() - this.heldExpectedMicro });
    if (s.monthlyCap !== null)
      rooms.push({ limit: 'month', micro: toMicro(s.monthlyCap) - this.spentThisMonth() - this.heldExpectedMicro });
    return rooms;
  }

  /**
   * The room the balance leaves for a request's worst case: above what the person keeps (nothing kept: above 0), less
   * the worst cases on their way and what answered requests not yet debited count. An unread balance leaves no room.
   */
  private balanceRoom(): Room {
    const balance = this.o.balance();
    const keep = this.o.settings().keepBalance ?? 0;
    const micro =
      balance === null ? 0 : toMicro(balance) - toMicro(keep) - this.heldWorstMicro - (this.o.unsettled?.() ?? 0);
    return { limit: 'balance', micro };
  }

  /** The most one more request may be expected to cost and may cost at worst now, and the limits that set them. */
  allowance(): Allowance {
    const least = this.limitRooms().reduce<Room | null>((a, r) => (a === null || r.micro < a.micro ? r : a), null);
    const balance = this.balanceRoom();
    return {
      credits: least === null ? Number.POSITIVE_INFINITY : least.micro / MICRO,
      limit: least?.limit ?? null,
      worstCase: balance.micro / MICRO,
      worstLimit: 'balance',
    };
  }

  /** The first limit that leaves no room for even the cheapest paid request, or null. */
  limitReached(): LimitName | null {
    const full = this.limitRooms().find((r) => r.micro < LEAST_EXPECTED_U);
    if (full) return full.limit;
    return this.balanceRoom().micro < LEAST_WORST_U ? 'balance' : null;
  }

  /**
   * The sentence for a request that no limit left room for; `need`: what its shortest answer would cost (credits), when
   * said.
   */
  refusal(limit: LimitName | null, need?: number): BudgetRefusal {
    return {
      ok: false,
      code: 'insufficient_quota',
      message: this.sentence(limit, need === undefined ? null : toMicro(need)),
      limit,
    };
  }

  /**
   * Holds a try's expected cost against the limits and its worst case against the balance, or says which limit it
   * would pass. Free requests always pass.
   */
  hold(terms: HoldTerms): Hold | BudgetRefusal {
    const held = this.holdMany(terms, 1);
    return Array.isArray(held) ? held[0]! : held;
  }

  /**
   * Holds `copies` tries of the same terms at once (several answers to one request, each its own task): all of them
   * fit, or none is held and the refusal names what they would cost together. Each hold gives back its own share, so
   * a task's share comes back once that task's cost is in the books.
   */
  holdMany(terms: HoldTerms, copies: number): Hold[] | BudgetRefusal {
    const expected = toMicro(terms.expected);
    const worst = toMicro(terms.worstCase);
    const each = (give: () => void): Hold[] => Array.from({ length: copies }, () => holdOnce(give));
    if (expected <= 0 && worst <= 0) return each(() => undefined);
    const passed = this.limitRooms().find((r) => expected * copies > r.micro);
    if (passed) return this.refusal(passed.limit, (expected * copies) / MICRO);
    if (worst * copies > this.balanceRoom().micro) return this.refusal('balance', (worst * copies) / MICRO);
    this.heldExpectedMicro += expected * copies;
    this.heldWorstMicro += worst * copies;
    return each(() => {
      this.heldExpectedMicro -= expected;
      this.heldWorstMicro -= worst;
    });
  }

  /**
   * Why a request is refused under `limit`: with what it is expected to cost (or, for the balance, what it could cost
   * at worst), in micro-credits, when that is known.
   */
  private sentence(limit: LimitName | null, need: number | null): string {
    const s = this.o.settings();
    const expected = need === null ? '' : `This request is expected to cost ${words(need)}, `;
    if (limit === 'request' && s.perRequestMax !== null) {
      const cap = words(toMicro(s.perRequestMax));
      return need === null
        ? `Even the shortest answer from the nodes offering this model would cost more than the ${cap} you allow per request.`
        : `${expected}more than the ${cap} you allow per request.`;
    }
    if (limit === 'day' && s.dailyCap !== null) {
      const cap = words(toMicro(s.dailyCap));
      return need === null
        ? `This request would pass today's spending limit of ${cap}; it resets at midnight, ${this.o.timeZone} time, or you can raise it on the Use the network page.`
        : `${expected}which would pass today's limit of ${cap}.`;
    }
    if (limit === 'month' && s.monthlyCap !== null) {
      const cap = words(toMicro(s.monthlyCap));
      return need === null
        ? `This request would pass this month's spending limit of ${cap}.`
        : `${expected}which would pass this month's limit of ${cap}.`;
    }
    if (limit === 'balance') return this.balanceSentence(need);
    return 'This request would pass a spending limit you set.';
  }

  /** Why the balance cannot cover a request: the balance named, and the most the request could cost (`worst`). */
  private balanceSentence(worst: number | null): string {
    const balance = this.o.balance();
    const keep = this.o.settings().keepBalance;
    if (balance === null)
      return 'The balance has not been read from the directory yet, so requests to other people’s machines wait until it is; your own machines still answer.';
    const upTo =
      worst === null
        ? 'even the shortest answer from the nodes offering this model could cost more'
        : `this request could cost up to ${words(worst)}`;
    const held =
      this.heldWorstMicro + (this.o.unsettled?.() ?? 0) > 0 ? ' with what requests not yet charged will cost' : '';
    const tail =
      keep === null || keep <= 0
        ? `, more than it can cover${held}.`
        : `, which could take it below the ${words(toMicro(keep))} you keep${held}.`;
    return `Your balance is ${words(toMicro(balance))}; ${upTo}${tail}`;
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

/** What an honest node claims for a task of `tokens` tokens at price `multiplier` (pricing's receipt amount). */
export function honestClaim(tokens: number, multiplier: number): number {
  return receiptAmount(Math.max(1, tokens), multiplier);
}
