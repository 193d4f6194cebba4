/** Which sources refused unread are owed a turn: not one whose last request could not run, nor one being read. */
import { describe, expect, it } from 'vitest';
import { TurnEarning } from '@engine/server/turn-earning';

function clock() {
  let t = 0;
  return { now: () => t, step: (ms: number) => (t += ms) };
}

describe('TurnEarning', () => {
  it('owes a turn to a source it knows nothing of, and none after a request of it could not run', () => {
    const c = clock();
    const e = new TurnEarning(c.now, 10_000, 100);
    expect(e.earns('a')).toBe(true);
    e.failed('a');
    expect(e.earns('a')).toBe(false);
    e.proved('a');
    expect(e.earns('a')).toBe(true);
  });

  it('keeps a source that keeps asking unproven, and forgets one silent for the window', () => {
    const c = clock();
    const e = new TurnEarning(c.now, 10_000, 100);
    e.failed('a');
    for (let i = 0; i < 5; i++) {
      c.step(9_000);
      expect(e.earns('a')).toBe(false);
    }
    c.step(10_000);
    expect(e.earns('a')).toBe(true);
  });

  it('owes nothing while a request of the source is being read; the end works once', () => {
    const e = new TurnEarning(clock().now, 10_000, 100);
    const one = e.hear('a');
    const two = e.hear('a');
    expect(e.earns('a')).toBe(false);
    one();
    one();
    expect(e.earns('a')).toBe(false);
    two();
    expect(e.earns('a')).toBe(true);
  });

  it('remembers at most its bound of sources, the oldest forgotten first', () => {
    const e = new TurnEarning(clock().now, 10_000, 2);
    e.failed('a');
    e.failed('b');
    e.failed('c');
    expect(e.earns('a')).toBe(true);
    expect(e.earns('b')).toBe(false);
    expect(e.earns('c')).toBe(false);
  });
});
