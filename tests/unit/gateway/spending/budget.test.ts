import { describe, expect, it } from 'vitest';
import { DEFAULT_GATEWAY_SETTINGS, type GatewaySettings } from '@shared/contract';
import { Budget, claimCeiling, startOfLocalMonth } from '@engine/gateway/spending/budget';
import { localDay } from '@shared/calendar/days';
import { MICRO } from '@engine/pricing/credits';
import { Prng } from '../../../security/lib/prng';
import { fakeClock } from '../../../support/fake-clock';

/** No limit at all unless a test sets one. */
const NO_LIMITS: Partial<GatewaySettings> = {
  dailyCap: null,
  monthlyCap: null,
  perRequestMax: null,
  keepBalance: null,
};

/**
 * A budget over a spent book of (instant, micro-credits) rows, in `timeZone`, with settings and balance a test changes.
 */
function rig(
  o: { settings?: Partial<GatewaySettings>; balance?: number | null; timeZone?: string; now?: number } = {},
) {
  const clock = fakeClock(o.now);
  const spent: { atMs: number; micro: number }[] = [];
  const asked: [number, number][] = [];
  const state = {
    settings: { ...DEFAULT_GATEWAY_SETTINGS, ...NO_LIMITS, ...o.settings } as GatewaySettings,
    balance: o.balance === undefined ? null : o.balance,
  };
  const budget = new Budget({
    settings: () => state.settings,
    spentSince: (from) => {
      const to = clock.now() + 1;
      asked.push([from, to]);
      return spent.filter((r) => r.atMs >= from && r.atMs < to).reduce((n, r) => n + r.micro, 0);
    },
    balance: () => state.balance,
    now: clock.now,
    timeZone: o.timeZone ?? 'UTC',
  });
  return {
    budget,
    clock,
    spent,
    asked,
    state,
    spend: (credits: number, atMs = clock.now()) => spent.push({ atMs, micro: Math.round(credits * MICRO) }),
  };
}

/** A try planned at `expected` credits with `worstCase` at worst (the same when not given). */
const plan = (expected: number, worstCase = expected) => ({ expected, worstCase });

describe('allowance: what one more request may be expected to cost and cost at worst, and the limits that set them', () => {
  it('nothing limits what is expected without limits; the balance limits the worst case', () => {
    expect(rig({ balance: 3 }).budget.allowance()).toEqual({
      credits: Number.POSITIVE_INFINITY,
      limit: null,
      worstCase: 3,
      worstLimit: 'balance',
    });
  });

  it('per request: the setting itself, whatever was spent', () => {
    const r = rig({ settings: { perRequestMax: 0.5 } });
    r.spend(100);
    expect(r.budget.allowance()).toMatchObject({ credits: 0.5, limit: 'request' });
  });

  it("per day: the cap less today's spending (yesterday's does not count)", () => {
    const r = rig({ settings: { dailyCap: 5 } });
    r.spend(1.25);
    r.spend(3, r.clock.now() - 86_400_000);
    expect(r.budget.allowance()).toMatchObject({ credits: 3.75, limit: 'day' });
  });

  it("per month: the cap less this month's spending", () => {
    const r = rig({ settings: { monthlyCap: 50 }, now: Date.parse('2026-08-22T12:30:00Z') });
    r.spend(10, Date.parse('2026-08-01T00:00:00Z'));
    r.spend(7, Date.parse('2026-07-31T23:59:59Z'));
    expect(r.budget.allowance()).toMatchObject({ credits: 40, limit: 'month' });
  });

  it('the balance, less what is kept, is room for the worst case only; a balance not read yet leaves none', () => {
    const r = rig({ settings: { keepBalance: 2 }, balance: 10.5 });
    expect(r.budget.allowance()).toEqual({
      credits: Number.POSITIVE_INFINITY,
      limit: null,
      worstCase: 8.5,
      worstLimit: 'balance',
    });
    r.state.balance = null;
    expect(r.budget.allowance()).toMatchObject({ worstCase: 0, worstLimit: 'balance' });
    r.state.settings = { ...r.state.settings, keepBalance: null };
    expect(r.budget.allowance()).toMatchObject({ worstCase: 0, worstLimit: 'balance' });
  });

  it('the smallest limit wins and is named', () => {
    const r = rig({ settings: { perRequestMax: 1, dailyCap: 5, monthlyCap: 50, keepBalance: 0 }, balance: 100 });
    expect(r.budget.allowance().limit).toBe('request');
    r.spend(4.5);
    expect(r.budget.allowance()).toMatchObject({ credits: 0.5, limit: 'day' });
    r.spend(45, r.clock.now() - 5 * 86_400_000);
    expect(r.budget.allowance()).toMatchObject({ credits: 0.5, limit: 'day' });
    r.spend(0.3, r.clock.now() - 2 * 86_400_000);
    expect(r.budget.allowance().limit).toBe('month');
    expect(r.budget.allowance().credits).toBeCloseTo(0.2, 9);
  });

  it('asks the book for [start of the local day, now] and [start of the local month, now]', () => {
    const now = Date.parse('2026-08-22T12:30:00Z');
    const r = rig({ settings: { dailyCap: 5, monthlyCap: 50 }, timeZone: 'Europe/Berlin', now });
    r.budget.allowance();
    expect(r.asked).toEqual([
      [Date.parse('2026-08-21T22:00:00Z'), now + 1],
      [Date.parse('2026-07-31T22:00:00Z'), now + 1],
    ]);
  });
});

describe('expected against the limits, worst case against the balance', () => {
  it('a 1-credit daily limit with 0.049 spent lets a request expected at 0.025 through, though it could cost 1.1 at worst', () => {
    const r = rig({ settings: { dailyCap: 1 }, balance: 5 });
    r.spend(0.049);
    const h = r.budget.hold(plan(0.025, 1.1001));
    expect(h.ok).toBe(true);
    expect(r.budget.held).toBe(0.025);
    expect(r.budget.allowance()).toMatchObject({ credits: 0.926, limit: 'day', worstCase: 3.8999 });
  });

  it('a zero balance refuses a paid request with a sentence naming the balance and the worst case', () => {
    const r = rig({ balance: 0 });
    expect(r.budget.hold(plan(0.0002, 0.0012))).toEqual({
      ok: false,
      code: 'insufficient_quota',
      message: 'Your balance is 0 credits; this request could cost up to 0.0012 credits, more than it can cover.',
      limit: 'balance',
    });
    r.state.balance = 0.0123;
    expect(r.budget.hold(plan(0.002, 0.011)).ok).toBe(true);
    expect(r.budget.hold(plan(0.002, 0.011))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Your balance is 0\.0123 credits; this request could cost up to 0\.011 credits/),
    });
  });

  it('a balance never read refuses paid requests even when no balance is kept: the wallet is never overdrawn', () => {
    const r = rig({ balance: null });
    expect(r.budget.hold(plan(0.001, 0.0012))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/balance has not been read from the directory yet/),
    });
    expect(r.budget.hold(plan(0, 0)).ok).toBe(true);
  });

  it('what requests answered but not yet debited count still weighs on the balance', () => {
    let unsettled = 0;
    const budget = new Budget({
      settings: () => ({ ...DEFAULT_GATEWAY_SETTINGS, ...NO_LIMITS }),
      spentSince: () => 0,
      balance: () => 2,
      unsettled: () => unsettled,
      now: () => 0,
      timeZone: 'UTC',
    });
    expect(budget.hold(plan(0.1, 1.5)).ok).toBe(true);
    unsettled = 1.5 * MICRO;
    expect(budget.allowance().worstCase).toBe(-1);
  });

  it('says which limit leaves no room: none, the day, the balance', () => {
    const r = rig({ settings: { dailyCap: 1 }, balance: 5 });
    expect(r.budget.limitReached()).toBeNull();
    r.spend(0.99995);
    expect(r.budget.limitReached()).toBe('day');
    r.state.settings = { ...r.state.settings, dailyCap: null };
    r.state.balance = 0.001;
    expect(r.budget.limitReached()).toBe('balance');
    r.state.balance = null;
    expect(r.budget.limitReached()).toBe('balance');
  });
});

describe('holds for requests on their way', () => {
  it('several tasks of one request are held together or not at all, each share given back on its own', () => {
    const r = rig({ settings: { dailyCap: 5 }, balance: 100 });
    expect(r.budget.holdMany(plan(2), 3)).toMatchObject({
      ok: false,
      code: 'insufficient_quota',
      message: expect.stringMatching(
        /^This request is expected to cost 6 credits, which would pass today's limit of 5 credits\./,
      ),
    });
    expect(r.budget.held).toBe(0);
    const shares = r.budget.holdMany(plan(2, 3), 2);
    if (!Array.isArray(shares)) throw new Error('expected holds');
    expect(r.budget.held).toBe(4);
    expect(r.budget.allowance()).toMatchObject({ credits: 1, worstCase: 94 });
    shares[1]!.release();
    shares[1]!.release();
    expect(r.budget.held).toBe(2);
    shares[0]!.release();
    expect(r.budget.held).toBe(0);
  });

  it('count as spent for the day and the month (expected) and the balance (worst case) until released, but not for the per-request limit', () => {
    const r = rig({ settings: { dailyCap: 5, monthlyCap: 6, perRequestMax: 3, keepBalance: 1 }, balance: 20 });
    const h = r.budget.hold(plan(2, 5));
    expect(h.ok).toBe(true);
    expect(r.budget.held).toBe(2);
    expect(r.budget.allowance()).toMatchObject({ credits: 3, limit: 'request', worstCase: 14 });
    const h2 = r.budget.hold(plan(2.5, 9));
    expect(h2.ok).toBe(true);
    // Day: 5 − 4.5; month 6 − 4.5; balance 20 − 14 − 1.
    expect(r.budget.allowance()).toMatchObject({ credits: 0.5, limit: 'day', worstCase: 5 });
    expect(r.budget.hold(plan(0.6))).toMatchObject({ ok: false, code: 'insufficient_quota' });
    expect(r.budget.hold(plan(0.1, 5.1))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/below the 1 credit you keep/),
    });
    if (h.ok) h.release();
    expect(r.budget.held).toBe(2.5);
    expect(r.budget.hold(plan(0.6)).ok).toBe(true);
  });

  it('a hold is given back once, however often it is released', () => {
    const r = rig({ settings: { dailyCap: 5 }, balance: 100 });
    const a = r.budget.hold(plan(1));
    const b = r.budget.hold(plan(1));
    if (!a.ok || !b.ok) throw new Error('expected holds');
    a.release();
    a.release();
    a.release();
    expect(r.budget.held).toBe(1);
    b.release();
    expect(r.budget.held).toBe(0);
    expect(r.budget.allowance()).toMatchObject({ credits: 5, limit: 'day', worstCase: 100 });
  });

  it('a free request (own machine) always passes and holds nothing, even with every limit spent', () => {
    const r = rig({ settings: { dailyCap: 0, monthlyCap: 0, perRequestMax: 0, keepBalance: 5 }, balance: null });
    const h = r.budget.hold(plan(0));
    expect(h.ok).toBe(true);
    expect(r.budget.held).toBe(0);
  });

  it('holds in micro-credits: many small holds add up exactly to the cap', () => {
    const r = rig({ settings: { dailyCap: 0.01 }, balance: 100 });
    const holds = Array.from({ length: 10 }, () => r.budget.hold(plan(0.001)));
    expect(holds.every((h) => h.ok)).toBe(true);
    expect(r.budget.hold(plan(0.000001)).ok).toBe(false);
    expect(r.budget.held).toBeCloseTo(0.01, 9);
  });

  it.each([
    [
      { perRequestMax: 0.5 },
      100,
      1,
      'request',
      /expected to cost 1 credit, more than the 0\.5 credits you allow per request/,
    ],
    [{ dailyCap: 5 }, 100, 6, 'day', /today's limit of 5 credits/],
    [{ monthlyCap: 1 }, 100, 2, 'month', /this month's limit of 1 credit\b/],
    [
      { keepBalance: 3 },
      4,
      2,
      'balance',
      /Your balance is 4 credits; this request could cost up to 2 credits, which could take it below the 3 credits you keep/,
    ],
    [{ keepBalance: 3 }, null, 0.1, 'balance', /balance has not been read from the directory yet/],
  ] as const)(
    'a hold past %o is refused with a sentence naming that limit',
    (settings, balance, cost, limit, sentence) => {
      const r = rig({ settings, balance });
      const h = r.budget.hold(plan(cost));
      expect(h).toEqual({ ok: false, code: 'insufficient_quota', message: expect.stringMatching(sentence), limit });
      expect(r.budget.held).toBe(0);
    },
  );
});

describe('refusal sentences for a request no limit left room for', () => {
  it('each names its limit in plain words', () => {
    const r = rig({ settings: { perRequestMax: 0.25, dailyCap: 5, monthlyCap: 1, keepBalance: 2 }, balance: 3 });
    expect(r.budget.refusal('request').message).toMatch(/cost more than the 0\.25 credits you allow per request/);
    expect(r.budget.refusal('day').message).toMatch(
      /today's spending limit of 5 credits; it resets at midnight, UTC time,/,
    );
    const berlin = rig({ settings: { dailyCap: 5 }, timeZone: 'Europe/Berlin' });
    expect(berlin.budget.refusal('day').message).toMatch(/it resets at midnight, Europe\/Berlin time, or you can/);
    expect(r.budget.refusal('month').message).toMatch(/this month's spending limit of 1 credit\./);
    expect(r.budget.refusal('balance').message).toBe(
      'Your balance is 3 credits; even the shortest answer from the nodes offering this model could cost more, which could take it below the 2 credits you keep.',
    );
    r.state.balance = null;
    expect(r.budget.refusal('balance').message).toMatch(/not been read from the directory yet/);
    expect(r.budget.refusal(null).message).toBe('This request would pass a spending limit you set.');
    for (const l of ['request', 'day', 'month', 'balance', null] as const)
      expect(r.budget.refusal(l)).toMatchObject({ ok: false, code: 'insufficient_quota' });
  });
});

/**
 * The first instant of `ms`'s local month found the slow way: every quarter hour back from a month and a day before.
 */
function firstInstantOfMonth(ms: number, timeZone: string): number {
  const month = localDay(ms, timeZone).slice(0, 7);
  let t = Math.floor(ms / 900_000) * 900_000 - 32 * 86_400_000;
  while (localDay(t, timeZone).slice(0, 7) !== month) t += 900_000;
  return t;
}

describe('startOfLocalMonth', () => {
  it.each([
    // Berlin: the month of the spring change (29 March 2026, 02:00 → 03:00) starts in winter time…
    ['Europe/Berlin', '2026-03-30T12:00:00Z', '2026-02-28T23:00:00Z'],
    ['Europe/Berlin', '2026-03-29T01:30:00Z', '2026-02-28T23:00:00Z'],
    // …the next one in summer time, and the autumn change (25 October) leaves October's start in summer time.
    ['Europe/Berlin', '2026-04-01T00:30:00Z', '2026-03-31T22:00:00Z'],
    ['Europe/Berlin', '2026-03-31T21:59:59Z', '2026-02-28T23:00:00Z'],
    ['Europe/Berlin', '2026-10-31T23:30:00Z', '2026-10-31T23:00:00Z'],
    ['Europe/Berlin', '2026-10-31T22:59:00Z', '2026-09-30T22:00:00Z'],
    // São Paulo while it still had summer time: it began at midnight (4 November 2018, 00:00 → 01:00) and ended
    // 17 February 2019 (00:00 → 23:00 the day before, a 25-hour day).
    ['America/Sao_Paulo', '2018-11-20T12:00:00Z', '2018-11-01T03:00:00Z'],
    ['America/Sao_Paulo', '2018-12-01T01:59:00Z', '2018-11-01T03:00:00Z'],
    ['America/Sao_Paulo', '2018-12-01T02:00:00Z', '2018-12-01T02:00:00Z'],
    ['America/Sao_Paulo', '2019-02-28T12:00:00Z', '2019-02-01T02:00:00Z'],
    ['America/Sao_Paulo', '2026-08-22T12:30:00Z', '2026-08-01T03:00:00Z'],
    // Months whose first midnight did not exist: the clocks went from 00:00 to 01:00 on the 1st.
    ['America/Asuncion', '2023-10-15T12:00:00Z', '2023-10-01T04:00:00Z'],
    ['America/Havana', '2012-04-20T12:00:00Z', '2012-04-01T05:00:00Z'],
    ['Asia/Amman', '2016-04-01T00:00:00Z', '2016-03-31T22:00:00Z'],
    ['UTC', '2026-08-01T00:00:00Z', '2026-08-01T00:00:00Z'],
    ['UTC', '2026-07-31T23:59:59.999Z', '2026-07-01T00:00:00Z'],
  ])('%s at %s: the month began at %s', (zone, at, start) => {
    expect(new Date(startOfLocalMonth(Date.parse(at), zone)).toISOString()).toBe(new Date(start).toISOString());
  });

  it('agrees with a quarter-hour search over two years in zones with and without summer time', () => {
    const rng = new Prng(54);
    for (const zone of [
      'Europe/Berlin',
      'America/Sao_Paulo',
      'America/Asuncion',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'Pacific/Chatham',
    ]) {
      for (let i = 0; i < 40; i++) {
        const ms = Date.parse('2017-01-01T00:00:00Z') + Math.floor(rng.next() * 2 * 365 * 86_400_000);
        expect({ zone, ms, start: startOfLocalMonth(ms, zone) }).toEqual({
          zone,
          ms,
          start: firstInstantOfMonth(ms, zone),
        });
      }
    }
  });
});

describe('claimCeiling', () => {
  /** The directory's award check (CreditsController): an amount above this is refused. */
  const directoryCeiling = (tokens: number, multiplier: number) =>
    Math.ceil(tokens / 1000) * Math.max(0.001, multiplier) * 1.1 + 0.0001;

  it('matches the directory formula ceil(t / 1000) × max(0.001, m) × 1.1 + 0.0001, rounded up to a micro-credit', () => {
    expect(claimCeiling(1000, 1)).toBe(1.1001);
    expect(claimCeiling(1001, 1)).toBe(2.2001);
    expect(claimCeiling(250, 0.5)).toBe(0.5501);
    // 5 × 0.001 × 1.1 lands a hair above 0.0055 in floating point; that hair is not a micro-credit more.
    expect(claimCeiling(5000, 0)).toBe(0.0056);
    expect(claimCeiling(3000, 0.001)).toBe(0.0034);
    expect(claimCeiling(1, 0.0001)).toBe(0.0012);
    const rng = new Prng(7);
    for (let i = 0; i < 2000; i++) {
      const tokens = 1 + Math.floor(rng.next() * 200_000);
      const multiplier = [0, 0.0005, 0.001, 0.37, 1, 2.5, 40][i % 7]! * (i % 3 === 0 ? 1 : rng.next() * 2);
      const ours = claimCeiling(tokens, multiplier);
      const theirs = directoryCeiling(tokens, multiplier);
      // Never below what the directory lets a node claim, less than a micro-credit above it.
      expect(ours).toBeGreaterThanOrEqual(theirs - 1e-9);
      expect(ours - theirs).toBeLessThan(1e-6);
      // A whole number of micro-credits, as the budget counts them.
      expect(Math.abs(ours * MICRO - Math.round(ours * MICRO))).toBeLessThan(1e-3);
    }
  });

  it('no tokens is reckoned as one block: a node may still claim the smallest amount for it', () => {
    expect(claimCeiling(0, 1)).toBe(claimCeiling(1, 1));
    expect(claimCeiling(0, 1)).toBeGreaterThanOrEqual(directoryCeiling(0, 1));
  });
});
