/**
 * Each app's own allowance: its requests per minute on a sliding window (a fake clock moves it), and its own daily cap
 * counting what the spent book says it spent today plus what is held for its requests on their way.
 */
import { describe, expect, it } from 'vitest';
import { AppAllowance, holdBoth } from '@engine/gateway/spending/app-allowance';
import type { AppCaps } from '@engine/gateway/keys/app-keys';
import type { SpendByApp } from '@engine/store';
import { fakeClock } from '../../../support/fake-clock';

function rig(caps: Record<string, AppCaps>, spent: SpendByApp[] = []) {
  const clock = fakeClock();
  let version = 0;
  const rows = [...spent];
  let reads = 0;
  const allowance = new AppAllowance({
    caps: (id) => caps[id] ?? { dailyCap: null, rpm: null },
    name: (id) => (id === 'a' ? 'Agent\u202e loop' : `app ${id}`),
    byApp: () => {
      reads += 1;
      return rows;
    },
    version: () => version,
    now: clock.now,
    timeZone: 'UTC',
  });
  return {
    allowance,
    clock,
    book: (r: SpendByApp) => {
      rows.splice(0, rows.length, ...rows.filter((x) => x.appKeyId !== r.appKeyId), r);
      version += 1;
    },
    reads: () => reads,
  };
}

describe('requests per minute', () => {
  it('a race of 32 at once lets exactly the rpm through; the window slides on the clock, with Retry-After to the second', () => {
    const r = rig({ a: { dailyCap: null, rpm: 5 } });
    const race = Array.from({ length: 32 }, () => r.allowance.admit('a'));
    expect(race.filter((x) => x.ok)).toHaveLength(5);
    const refused = race.find((x) => !x.ok)!;
    expect(refused).toEqual({
      ok: false,
      retryAfterS: 60,
      message: expect.stringContaining('“Agent loop” may send 5 requests a minute'),
    });
    r.clock.advance(59_999);
    expect(r.allowance.admit('a')).toMatchObject({ ok: false, retryAfterS: 1 });
    r.clock.advance(1);
    const next = Array.from({ length: 32 }, () => r.allowance.admit('a'));
    expect(next.filter((x) => x.ok)).toHaveLength(5);
  });

  it('the window slides: requests spread over the minute free their places one by one', () => {
    const r = rig({ a: { dailyCap: null, rpm: 2 } });
    expect(r.allowance.admit('a').ok).toBe(true);
    r.clock.advance(30_000);
    expect(r.allowance.admit('a').ok).toBe(true);
    expect(r.allowance.admit('a')).toMatchObject({ ok: false, retryAfterS: 30 });
    r.clock.advance(30_000);
    expect(r.allowance.admit('a').ok).toBe(true);
    expect(r.allowance.admit('a')).toMatchObject({ ok: false, retryAfterS: 30 });
  });

  it('apps are counted apart; an app without its own rpm is never refused here', () => {
    const r = rig({ a: { dailyCap: null, rpm: 1 } });
    expect(r.allowance.admit('a').ok).toBe(true);
    expect(r.allowance.admit('a').ok).toBe(false);
    for (let i = 0; i < 100; i++) expect(r.allowance.admit('b').ok).toBe(true);
  });
});

describe('an app’s own daily cap', () => {
  it('holds for requests on their way count: a race of 32 can never together pass the cap', () => {
    const r = rig({ a: { dailyCap: 3.5, rpm: null } });
    const race = Array.from({ length: 32 }, () => r.allowance.hold('a', 1.1001));
    expect(race.filter((h) => h.ok)).toHaveLength(3);
    expect(race.find((h) => !h.ok)).toEqual({
      ok: false,
      code: 'insufficient_quota',
      message: expect.stringContaining('daily limit of 3.5 credits you set for the app “Agent loop”'),
    });
    // Whose midnight: the zone the node counts its days in.
    expect(race.find((h) => !h.ok)).toMatchObject({
      message: expect.stringContaining('resets at midnight, UTC time,'),
    });
    // Another app is not touched by a's cap.
    expect(r.allowance.hold('b', 1000).ok).toBe(true);
  });

  it('what the spent book says the app spent today counts, read again when the book changes; a release gives room back', () => {
    const r = rig({ a: { dailyCap: 2, rpm: null } }, [{ appKeyId: 'a', spentU: 1_500_000, requests: 4 }]);
    expect(r.allowance.hold('a', 0.6).ok).toBe(false);
    const h = r.allowance.hold('a', 0.5);
    expect(h.ok).toBe(true);
    expect(r.allowance.hold('a', 0.0001).ok).toBe(false);
    // The request is booked at what it cost, then its hold goes.
    r.book({ appKeyId: 'a', spentU: 1_700_000, requests: 5 });
    if (h.ok) h.release();
    expect(r.allowance.hold('a', 0.31).ok).toBe(false);
    expect(r.allowance.hold('a', 0.3).ok).toBe(true);
    const reads = r.reads();
    r.allowance.hold('a', 0.0001);
    expect(r.reads()).toBe(reads);
  });

  it('free tries and apps without a cap hold nothing', () => {
    const r = rig({ a: { dailyCap: 0, rpm: null } });
    expect(r.allowance.hold('a', 0).ok).toBe(true);
    expect(r.allowance.hold('a', 0.0001).ok).toBe(false);
    expect(r.allowance.hold('none', 1e6).ok).toBe(true);
  });

  it('lists every key, then any other app seen today, with its spend, requests and caps', () => {
    const r = rig({ a: { dailyCap: 2, rpm: 10 } }, [
      { appKeyId: 'page', spentU: 250_000, requests: 2 },
      { appKeyId: 'a', spentU: 1_000_000, requests: 3 },
    ]);
    expect(r.allowance.rows(['a', 'b'])).toEqual([
      { id: 'a', name: 'Agent\u202e loop', spentToday: 1, requestsToday: 3, dailyCap: 2, rpm: 10 },
      { id: 'b', name: 'app b', spentToday: 0, requestsToday: 0, dailyCap: null, rpm: null },
      { id: 'page', name: 'app page', spentToday: 0.25, requestsToday: 2, dailyCap: null, rpm: null },
    ]);
  });
});

describe('holdBoth', () => {
  it('the app’s refusal gives back what the limits for all apps held; both holds go with one release', () => {
    let held = 0;
    const all = () => {
      held += 1;
      return { ok: true as const, release: () => (held -= 1) };
    };
    expect(holdBoth(all(), () => ({ ok: false, code: 'insufficient_quota', message: 'no' }))).toMatchObject({
      ok: false,
      message: 'no',
    });
    expect(held).toBe(0);
    let appHeld = 1;
    const both = holdBoth(all(), () => ({ ok: true, release: () => (appHeld -= 1) }));
    expect(held).toBe(1);
    if (both.ok) both.release();
    expect([held, appHeld]).toEqual([0, 0]);
  });
});
