import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ThrottledPublisher } from '@engine/node/snapshot-publisher';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setup(intervalMs = 250) {
  let built = 0;
  const p = new ThrottledPublisher(
    (version) => ({ version, built: ++built }),
    intervalMs,
    () => Date.now(),
  );
  const seen: number[] = [];
  p.subscribe((s) => seen.push(s.version));
  return { p, seen };
}

describe('throttled snapshot publisher', () => {
  it('publishes the first change at once', () => {
    const { p, seen } = setup();
    p.markDirty();
    expect(seen).toEqual([1]);
  });

  it('collapses a burst of changes into one trailing publication', () => {
    const { p, seen } = setup();
    p.markDirty();
    for (let i = 0; i < 100; i++) p.markDirty();
    expect(seen).toEqual([1]);
    vi.advanceTimersByTime(250);
    expect(seen).toEqual([1, 2]);
  });

  it('publishes at most four times a second under constant change', () => {
    const { p, seen } = setup(250);
    for (let t = 0; t < 1000; t += 10) {
      p.markDirty();
      vi.advanceTimersByTime(10);
    }
    expect(seen.length).toBeLessThanOrEqual(5);
    expect(seen.length).toBeGreaterThanOrEqual(4);
  });

  it('gives current() callers the newest state even while a publication is pending', () => {
    const { p, seen } = setup();
    p.markDirty();
    p.markDirty();
    expect(p.current().version).toBe(2);
    expect(seen).toEqual([1, 2]);
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual([1, 2]); // the pending one was folded in, not published twice
  });

  it('versions increase by one per publication', () => {
    const { p, seen } = setup(0);
    for (let i = 0; i < 5; i++) p.markDirty();
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps publishing to other subscribers when one throws', () => {
    const { p, seen } = setup();
    p.subscribe(() => {
      throw new Error('boom');
    });
    p.markDirty();
    expect(seen).toEqual([1]);
  });
});
