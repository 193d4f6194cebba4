/**
 * This machine's counter only ever grows: in a run, across restarts, when the clock goes back, and when the store is
 * older than the numbers given out (a data folder restored from a backup); the store is written rarely.
 */
import { describe, expect, it } from 'vitest';
import { StatusCounter } from '@engine/fleet/status-counter';

function shelf() {
  const values = new Map<string, unknown>();
  let writes = 0;
  return {
    get<T>(key: string, fallback: T, isValid: (v: unknown) => v is T): T {
      const v = values.get(key);
      return isValid(v) ? v : fallback;
    },
    set(key: string, value: unknown): void {
      writes += 1;
      values.set(key, value);
    },
    writes: () => writes,
    values,
  };
}

const T0 = Date.parse('2026-11-26T12:00:00Z');

describe('the status counter', () => {
  it('grows in a run, also within one millisecond and when the clock goes back', () => {
    const s = shelf();
    const clock = { now: T0 };
    const c = new StatusCounter(s, () => clock.now);
    const seen = [c.next(), c.next(), c.next()];
    clock.now -= 3_600_000;
    seen.push(c.next());
    clock.now += 7_200_000;
    seen.push(c.next());
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThan(seen[i - 1]!);
    expect(seen.every((n) => Number.isSafeInteger(n))).toBe(true);
  });

  it('grows across a restart whose clock is hours behind', () => {
    const s = shelf();
    const clock = { now: T0 };
    const before = new StatusCounter(s, () => clock.now);
    let last = 0;
    for (let i = 0; i < 5; i++) last = before.next();
    clock.now -= 5 * 3_600_000;
    const after = new StatusCounter(s, () => clock.now);
    expect(after.next()).toBeGreaterThan(last);
  });

  it('follows the clock past a store restored from an older backup', () => {
    const s = shelf();
    // The backup was taken a month ago, with the floor of the numbers given out then.
    new StatusCounter(s, () => T0 - 30 * 86_400_000).next();
    const backup = new Map(s.values);
    const last = new StatusCounter(s, () => T0).next();
    s.values.clear();
    for (const [k, v] of backup) s.values.set(k, v);
    expect(new StatusCounter(s, () => T0 + 1).next()).toBeGreaterThan(last);
  });

  it('writes its floor once per hour of numbers, not once per status', () => {
    const s = shelf();
    const clock = { now: T0 };
    const c = new StatusCounter(s, () => clock.now);
    for (let i = 0; i < 3_600; i++) {
      c.next();
      clock.now += 1_000;
    }
    expect(s.writes()).toBeLessThanOrEqual(2);
  });

  it('gives out no number when the store refuses its floor', () => {
    const s = {
      get: <T>(_k: string, fallback: T) => fallback,
      set: () => {
        throw new Error('disk full');
      },
    };
    expect(() => new StatusCounter(s, () => T0).next()).toThrow('disk full');
  });
});
