/**
 * Per-Origin fixed-window rate limit (a port of the reference `node.rs::task_rate_tests`): `limit` requests per
 * 60 s window per origin, 0 disables, memory bounded.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OriginRateLimit } from '@engine/server/origin-rate-limit';

const WINDOW_MS = 60_000;
const now = () => Date.now();

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

const tries = (rl: OriginRateLimit, origin: string, n: number) => Array.from({ length: n }, () => rl.allow(origin));

describe('task_rate_tests', () => {
  it('allows_under_limit_then_blocks: with limit 3 the 4th request in the window is blocked', () => {
    const rl = new OriginRateLimit(3, WINDOW_MS, now);
    expect(tries(rl, 'https://a.example', 4)).toEqual([true, true, true, false]);
    expect(rl.allow('https://a.example')).toBe(false); // and stays blocked in this window
  });

  it('origins_are_independent', () => {
    const rl = new OriginRateLimit(3, WINDOW_MS, now);
    tries(rl, 'https://a.example', 4);
    expect(tries(rl, 'https://b.example', 3)).toEqual([true, true, true]);
    expect(rl.allow('https://a.example')).toBe(false);
  });

  it('window_resets: after 60 s an origin may send again', () => {
    const rl = new OriginRateLimit(3, WINDOW_MS, now);
    tries(rl, 'https://a.example', 4);
    vi.advanceTimersByTime(WINDOW_MS - 1);
    expect(rl.allow('https://a.example')).toBe(false);
    vi.advanceTimersByTime(1);
    expect(tries(rl, 'https://a.example', 4)).toEqual([true, true, true, false]);
  });
});

describe('OriginRateLimit', () => {
  it('is disabled by limit 0', () => {
    const rl = new OriginRateLimit(0, WINDOW_MS, now);
    expect(tries(rl, 'https://a.example', 1000).every(Boolean)).toBe(true);
    expect(rl.size).toBe(0); // nothing tracked
  });

  it('uses fixed windows that start with an origin’s first request', () => {
    const rl = new OriginRateLimit(2, WINDOW_MS, now);
    expect(rl.allow('o')).toBe(true);
    vi.advanceTimersByTime(59_000);
    expect(tries(rl, 'o', 2)).toEqual([true, false]);
    vi.advanceTimersByTime(1_000); // 60 s after the first request, not after the last
    expect(rl.allow('o')).toBe(true);
  });

  it('bounds the tracked origins: a flood of unique origins stays under the cap and does not free a limited origin', () => {
    const cap = 100;
    const rl = new OriginRateLimit(3, WINDOW_MS, now, cap);
    tries(rl, 'https://busy.example', 3);
    expect(rl.allow('https://busy.example')).toBe(false);
    for (let i = 0; i < 10 * cap; i++) rl.allow(`https://flood-${i}.example`);
    expect(rl.size).toBeLessThanOrEqual(cap);
    expect(rl.allow('https://busy.example')).toBe(false); // its live window survived the flood
  });

  it('makes room from expired windows first, including those of origins whose window was renewed', () => {
    const cap = 3;
    const rl = new OriginRateLimit(2, WINDOW_MS, now, cap);
    tries(rl, 'a', 1);
    tries(rl, 'b', 1);
    vi.advanceTimersByTime(30_000);
    tries(rl, 'c', 1);
    vi.advanceTimersByTime(30_000); // a and b expired, c has 30 s left
    tries(rl, 'a', 2); // a's window renewed: it is now the youngest
    vi.advanceTimersByTime(1);
    expect(rl.allow('d')).toBe(true); // takes b's place
    expect(rl.size).toBe(3);
    expect(rl.allow('a')).toBe(false); // a's renewed window is still counted
    expect(rl.allow('c')).toBe(true);
    expect(rl.allow('c')).toBe(false); // c's window (from before) is still counted
  });

  it('tracks new origins again once windows expire', () => {
    const rl = new OriginRateLimit(1, WINDOW_MS, now, 2);
    rl.allow('a');
    rl.allow('b');
    expect([rl.allow('c'), rl.allow('c')]).toEqual([true, true]); // table full of live windows: untracked
    vi.advanceTimersByTime(WINDOW_MS);
    expect([rl.allow('c'), rl.allow('c')]).toEqual([true, false]);
  });
});
