import { startOfLocalDay } from '@shared/calendar/days';
import type { GatewayAppRow } from '@shared/contract';
import { quoteForeignText } from '@shared/text/foreign-text';
import { MICRO, toMicro } from '../../pricing';
import type { SpendByApp } from '../../store';
import type { AppCaps } from '../keys';
import { creditWords, holdOnce, type BudgetRefusal, type Hold } from './budget';

/** The requests-per-minute window. */
const WINDOW_MS = 60_000;

export interface AppAllowanceOptions {
  /** An app's own caps (none for the page's "try it" and for a key that is gone). */
  caps: (appKeyId: string) => AppCaps;
  /** An app's name as the person gave it, for the sentences an app's user reads. */
  name: (appKeyId: string) => string;
  /** What each app's requests cost in [from, to) and how many there were: the spent book. */
  byApp: (fromMs: number, toMs: number) => SpendByApp[];
  /** Goes up with every write to the spent book. */
  version: () => number;
  now: () => number;
  timeZone: string;
}

/** A request an app's own requests-per-minute refused: when the oldest request of the window leaves it. */
export interface RateRefusal {
  ok: false;
  retryAfterS: number;
  message: string;
}

/** Nothing held: a free try, or an app with no daily cap of its own. */
const NO_HOLD: Hold = { ok: true, release: () => undefined };

/**
 * Each app's own allowance, beside the limits for all apps (budget.ts): a requests-per-minute window, and a daily cap
 * that counts what the app's requests cost today (the spent book, by app key) plus what is held for its requests on
 * their way, so concurrent requests of one app can never together pass its cap.
 */
export class AppAllowance {
  /** Per app: when its requests of the last minute came, oldest first. */
  private readonly windows = new Map<string, number[]>();
  /** Per app: micro-credits held for its requests on their way. */
  private readonly heldMicro = new Map<string, number>();
  private today: { from: number; version: number; rows: Map<string, SpendByApp> } | null = null;

  constructor(private readonly o: AppAllowanceOptions) {}

  /** Counts one request in the app's minute, or refuses it when the app's requests per minute are used up. */
  admit(appKeyId: string): { ok: true } | RateRefusal {
    const { rpm } = this.o.caps(appKeyId);
    if (rpm === null) return { ok: true };
    const now = this.o.now();
    const seen = (this.windows.get(appKeyId) ?? []).filter((t) => t > now - WINDOW_MS);
    if (seen.length >= rpm) {
      this.windows.set(appKeyId, seen);
      const retryAfterS = Math.max(1, Math.ceil((seen[seen.length - rpm]! + WINDOW_MS - now) / 1000));
      const per = `${rpm} request${rpm === 1 ? '' : 's'} a minute`;
      return {
        ok: false,
        retryAfterS,
        message: `The app ${this.quoted(appKeyId)} may send ${per}; try again in ${retryAfterS} s, or raise it on the Use the network page.`,
      };
    }
    seen.push(now);
    this.windows.set(appKeyId, seen);
    return { ok: true };
  }

  /**
   * Holds what one try is planned to cost against the app's own daily cap, or says the app's cap would be passed. Give
   * it back once the request's cost is in the spent book.
   */
  hold(appKeyId: string, planned: number): Hold | BudgetRefusal {
    const need = toMicro(planned);
    const { dailyCap } = this.o.caps(appKeyId);
    if (need <= 0 || dailyCap === null) return NO_HOLD;
    const held = this.heldMicro.get(appKeyId) ?? 0;
    if (need > this.roomMicro(appKeyId, dailyCap)) return this.refusal(appKeyId);
    this.heldMicro.set(appKeyId, held + need);
    return holdOnce(() => {
      const left = (this.heldMicro.get(appKeyId) ?? need) - need;
      if (left > 0) this.heldMicro.set(appKeyId, left);
      else this.heldMicro.delete(appKeyId);
    });
  }

  /**
   * What one more request of the app may still be expected to cost today (credits), for the answer's length to be cut
   * to it as the limits for all apps cut it (ADR 0020); without a daily cap of its own, no bound.
   */
  room(appKeyId: string): number {
    const { dailyCap } = this.o.caps(appKeyId);
    return dailyCap === null ? Number.POSITIVE_INFINITY : Math.max(0, this.roomMicro(appKeyId, dailyCap)) / MICRO;
  }

  /** Why a request of the app is refused: its own daily cap leaves no room for it. */
  refusal(appKeyId: string): BudgetRefusal {
    const { dailyCap } = this.o.caps(appKeyId);
    const cap = creditWords(toMicro(dailyCap ?? 0));
    const message = `This request would pass the daily limit of ${cap} you set for the app ${this.quoted(appKeyId)}; it resets at midnight, ${this.o.timeZone} time, or you can raise it on the Use the network page.`;
    return { ok: false, code: 'insufficient_quota', message };
  }

  /** Per app: today's spend and requests and its caps; the keys listed first, then any other app seen today. */
  rows(keyIds: readonly string[]): GatewayAppRow[] {
    const today = this.readToday();
    const ids = [...keyIds, ...[...today.keys()].filter((id) => !keyIds.includes(id))];
    return ids.map((id) => {
      const r = today.get(id);
      return {
        id,
        name: this.o.name(id),
        spentToday: (r?.spentU ?? 0) / MICRO,
        requestsToday: r?.requests ?? 0,
        ...this.o.caps(id),
      };
    });
  }

  private roomMicro(appKeyId: string, dailyCap: number): number {
    return toMicro(dailyCap) - this.spentTodayMicro(appKeyId) - (this.heldMicro.get(appKeyId) ?? 0);
  }

  private spentTodayMicro(appKeyId: string): number {
    return this.readToday().get(appKeyId)?.spentU ?? 0;
  }

  /** Today's figures per app, read from the spent book again only when it changed or the day turned. */
  private readToday(): Map<string, SpendByApp> {
    const now = this.o.now();
    const from = startOfLocalDay(now, this.o.timeZone);
    const version = this.o.version();
    if (this.today && this.today.from === from && this.today.version === version) return this.today.rows;
    const rows = new Map(this.o.byApp(from, Number.MAX_SAFE_INTEGER).map((r) => [r.appKeyId, r]));
    this.today = { from, version, rows };
    return rows;
  }

  private quoted(appKeyId: string): string {
    return quoteForeignText(this.o.name(appKeyId), 64);
  }
}

/**
 * Both holds of one try, or the first refusal: the limits for all apps first, then the app's own. When the app's own
 * cap refuses, what the first held is given back.
 */
export function holdBoth(all: Hold | BudgetRefusal, app: () => Hold | BudgetRefusal | undefined): Hold | BudgetRefusal {
  if (!all.ok) return all;
  const own = app() ?? NO_HOLD;
  if (!own.ok) {
    all.release();
    return own;
  }
  return {
    ok: true,
    release: () => {
      all.release();
      own.release();
    },
  };
}
