import { describe, expect, it } from 'vitest';
import { DEFAULT_BREAKER, NodeBreaker } from '@engine/gateway/routing/node-breaker';
import { fakeClock } from '../../../support/fake-clock';

const SECOND = 1000;
const CAUSE = { intent: 'urn:iicp:intent:llm:chat:v1', model: 'm1' };

/** How long the node is skipped from now, found by moving the clock a second at a time (then put back). */
function skippedFor(b: NodeBreaker, clock: ReturnType<typeof fakeClock>, id: string): number {
  let waited = 0;
  while (b.open(id, CAUSE)) {
    clock.advance(SECOND);
    waited += SECOND;
  }
  clock.advance(-waited);
  return waited;
}

describe('NodeBreaker', () => {
  it('a node never seen, or one that answered, is tried', () => {
    const b = new NodeBreaker(fakeClock().now);
    expect(b.open('n1', CAUSE)).toBe(false);
    b.answered('n1', CAUSE);
    expect(b.open('n1', CAUSE)).toBe(false);
    expect(b.skipped()).toBe(0);
  });

  it('a node that failed is skipped for the first time, then tried again (half-open)', () => {
    const clock = fakeClock();
    const b = new NodeBreaker(clock.now);
    b.failed('n1', CAUSE);
    expect(b.open('n1', CAUSE)).toBe(true);
    expect(b.open('n2', CAUSE)).toBe(false);
    clock.advance(DEFAULT_BREAKER.firstMs - 1);
    expect(b.open('n1', CAUSE)).toBe(true);
    clock.advance(1);
    expect(b.open('n1', CAUSE)).toBe(false);
  });

  it('each failure in a row doubles the skip, up to the longest; however many, it stays there', () => {
    const clock = fakeClock();
    const b = new NodeBreaker(clock.now, { firstMs: 30 * SECOND, longestMs: 300 * SECOND });
    const skips: number[] = [];
    for (let i = 0; i < 7; i++) {
      b.failed('n1', CAUSE);
      skips.push(skippedFor(b, clock, 'n1') / SECOND);
      // Half-open once the skip is over: the next try fails again.
      clock.advance(skips.at(-1)! * SECOND);
    }
    expect(skips).toEqual([30, 60, 120, 240, 300, 300, 300]);
    for (let i = 0; i < 2000; i++) b.failed('n1', CAUSE);
    expect(skippedFor(b, clock, 'n1')).toBe(300 * SECOND);
  });

  it('an answer closes it: the next failure starts again from the first skip', () => {
    const clock = fakeClock();
    const b = new NodeBreaker(clock.now, { firstMs: 10 * SECOND, longestMs: 60 * SECOND });
    b.failed('n1', CAUSE);
    clock.advance(10 * SECOND);
    b.failed('n1', CAUSE);
    expect(skippedFor(b, clock, 'n1')).toBe(20 * SECOND);
    clock.advance(20 * SECOND);
    b.answered('n1', CAUSE);
    expect(b.open('n1', CAUSE)).toBe(false);
    b.failed('n1', CAUSE);
    expect(skippedFor(b, clock, 'n1')).toBe(10 * SECOND);
  });

  it('nodes are judged apart, and `skipped` counts those skipped now', () => {
    const clock = fakeClock();
    const b = new NodeBreaker(clock.now, { firstMs: 10 * SECOND, longestMs: 60 * SECOND });
    b.failed('a', CAUSE);
    clock.advance(5 * SECOND);
    b.failed('b', CAUSE);
    b.failed('c', CAUSE);
    b.failed('c', CAUSE);
    expect(b.skipped()).toBe(3);
    clock.advance(5 * SECOND);
    // a's 10 s are over; b has 5 s left, c (twice) 15 s.
    expect([b.open('a', CAUSE), b.open('b', CAUSE), b.open('c', CAUSE)]).toEqual([false, true, true]);
    expect(b.skipped()).toBe(2);
    clock.advance(15 * SECOND);
    expect(b.skipped()).toBe(0);
  });

  it('keeps at most 1024 nodes: the one that failed longest ago is forgotten first', () => {
    const b = new NodeBreaker(fakeClock().now);
    for (let i = 0; i < 1024; i++) b.failed(`n${i}`, CAUSE);
    // n0 fails again: it is now the most recent, so n1 goes when one more is tracked.
    b.failed('n0', CAUSE);
    b.failed('n1024', CAUSE);
    expect(b.open('n0', CAUSE)).toBe(true);
    expect(b.open('n1', CAUSE)).toBe(false);
    expect(b.open('n2', CAUSE)).toBe(true);
    expect(b.open('n1024', CAUSE)).toBe(true);
    expect(b.skipped()).toBe(1024);
  });
});

describe('NodeBreaker by cause', () => {
  const CHAT = 'urn:iicp:intent:llm:chat:v1';
  const EMBED = 'urn:iicp:intent:llm:embedding:v1';

  it('a node that failed at one model is still tried for another model and another intent', () => {
    const clock = fakeClock();
    const b = new NodeBreaker(clock.now);
    b.failed('n1', { intent: CHAT, model: 'bad-model' });
    expect(b.open('n1', { intent: CHAT, model: 'bad-model' })).toBe(true);
    expect(b.open('n1', { intent: CHAT, model: 'good-model' })).toBe(false);
    expect(b.open('n1', { intent: EMBED, model: 'bad-model' })).toBe(false);
    expect(b.skipped()).toBe(1);
  });

  it('an answer for one model leaves the skip of another in place', () => {
    const clock = fakeClock();
    const b = new NodeBreaker(clock.now);
    b.failed('n1', { intent: CHAT, model: 'bad-model' });
    b.answered('n1', { intent: CHAT, model: 'good-model' });
    expect(b.open('n1', { intent: CHAT, model: 'bad-model' })).toBe(true);
  });

  it('names that could run together stay apart', () => {
    const b = new NodeBreaker(fakeClock().now);
    b.failed('n1', { intent: 'a:b', model: 'c' });
    expect(b.open('n1', { intent: 'a', model: 'b:c' })).toBe(false);
  });
});
