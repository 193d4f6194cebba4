/**
 * The replay check's memory of recent nonces (RecentNonces): exact for what it holds, to the millisecond of each use,
 * with no false answers over many keys; a question it cannot answer from memory (before it was seeded, or reaching
 * keys it lost) says so, so the store is asked; memory grows with the keys held and goes back as slices are reused.
 */
import { describe, expect, it } from 'vitest';
import { RecentNonces } from '@engine/earnings/recent-nonces';

const T0 = Date.parse('2026-11-25T10:00:00Z');
const SEC = 1000;
const MIN = 60 * SEC;

describe('recent nonces', () => {
  it('answers exactly: every key added is found, no other key is, over 200,000 keys in one slice', () => {
    const n = new RecentNonces(MIN, 6);
    n.cover(T0 - 5 * MIN);
    for (let i = 0; i < 200_000; i++) n.add(`nonce-${i}`, T0);
    expect(n.size).toBe(200_000);
    for (let i = 0; i < 200_000; i++) expect(n.usedSince(`nonce-${i}`, T0 - MIN)).toBe(true);
    let wrong = 0;
    for (let i = 0; i < 200_000; i++) if (n.usedSince(`other-${i}`, T0 - MIN)) wrong++;
    expect(wrong).toBe(0);
  });

  it('compares the time of each use with `since`, to the millisecond, and keeps the latest use of a key', () => {
    const n = new RecentNonces(MIN, 6);
    n.cover(T0 - 5 * MIN);
    n.add('a', T0 + 12_345);
    expect(n.usedSince('a', T0 + 12_345)).toBe(true);
    expect(n.usedSince('a', T0 + 12_346)).toBe(false);
    n.add('a', T0 + 40_000);
    expect(n.usedSince('a', T0 + 30_000)).toBe(true);
    n.add('b', T0 - 2 * MIN + 1);
    expect(n.usedSince('b', T0 - 2 * MIN)).toBe(true);
    expect(n.usedSince('b', T0 - MIN)).toBe(false);
  });

  it('says "ask the store" before it is covered, and for keys it lost (a reused slice, a clock set back)', () => {
    const n = new RecentNonces(MIN, 3);
    expect(n.usedSince('a', T0)).toBeNull(); // nothing covered yet
    n.cover(T0 - 2 * MIN);
    n.add('a', T0);
    expect(n.usedSince('a', T0 - MIN)).toBe(true);
    expect(n.usedSince('b', T0 - MIN)).toBe(false);
    expect(n.usedSince('a', T0 + MIN)).toBe(false); // used before the time asked about
    // Three minutes on, T0's slice is reused: a question reaching back to it cannot be answered from memory.
    n.add('c', T0 + 3 * MIN);
    expect(n.usedSince('b', T0 - MIN)).toBeNull();
    expect(n.usedSince('b', T0 + 2 * MIN)).toBe(false);
    expect(n.usedSince('c', T0 + 2 * MIN)).toBe(true);
    // A key held is found whatever was covered.
    expect(n.usedSince('c', T0 - 5 * MIN)).toBe(true);
    // A key arriving for a slice already reused by a later minute (the clock was set back) is not held: questions
    // reaching it say so.
    n.add('e', T0 + 2 * MIN);
    n.add('d', T0 - MIN);
    expect(n.usedSince('d', T0 - MIN)).toBeNull();
  });

  it('memory grows with the keys of a slice and goes back when the slice is reused after a burst', () => {
    const n = new RecentNonces(MIN, 2);
    n.cover(T0);
    const empty = n.bytes;
    for (let i = 0; i < 100_000; i++) n.add(`k-${i}`, T0);
    const burst = n.bytes;
    // 10 bytes a key, in a table at most half full after it doubled.
    expect(burst).toBeGreaterThan(100_000 * 10);
    expect(burst).toBeLessThan(100_000 * 10 * 4 + empty);
    // Two slices on, the burst's slice is reused for a quiet minute: sized for the burst once more, then small.
    n.add('quiet-1', T0 + 2 * MIN);
    n.add('quiet-2', T0 + 4 * MIN);
    expect(n.bytes).toBeLessThan(burst);
    n.add('quiet-3', T0 + 6 * MIN);
    n.add('quiet-4', T0 + 8 * MIN);
    expect(n.bytes).toBe(empty);
    expect(n.usedSince('quiet-4', T0 + 7 * MIN)).toBe(true);
  });
});
