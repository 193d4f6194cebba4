import { describe, expect, it } from 'vitest';
import { said } from '@shared/i18n/said';
import { LIFECYCLE_STATES } from '@shared/contract';
import { IllegalTransitionError, Lifecycle } from '@engine/node/lifecycle';

describe('lifecycle state machine', () => {
  it('starts stopped', () => {
    expect(new Lifecycle(() => 0).state).toBe('stopped');
  });

  it.each([
    ['stopped', 'starting'],
    ['starting', 'online'],
    ['starting', 'paused'],
    ['online', 'paused'],
    ['paused', 'online'],
    ['online', 'degraded'],
    ['degraded', 'online'],
    ['degraded', 'paused'],
    ['online', 'stopping'],
    ['stopping', 'stopped'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(Lifecycle.canTransition(from, to)).toBe(true);
  });

  it.each([
    ['stopped', 'online'],
    ['stopped', 'paused'],
    ['online', 'starting'],
    ['stopping', 'online'],
    ['stopped', 'stopping'],
    ['paused', 'starting'],
  ] as const)('forbids %s → %s', (from, to) => {
    expect(Lifecycle.canTransition(from, to)).toBe(false);
  });

  it('only ever reaches running states through starting', () => {
    for (const s of LIFECYCLE_STATES) {
      if (s !== 'starting') expect(Lifecycle.canTransition('stopped', s)).toBe(false);
    }
  });

  it('records since when and why', () => {
    let now = 1000;
    const l = new Lifecycle(() => now);
    now = 2000;
    l.transition('starting', said('status.reason.openingDatabase'));
    expect([l.state, l.since, l.reason]).toEqual(['starting', 2000, said('status.reason.openingDatabase')]);
    now = 3000;
    expect(l.transition('starting', said('status.reason.openingDatabase'))).toBe(false);
    expect(l.transition('starting', said('status.reason.shuttingDown'))).toBe(true);
    expect(l.since).toBe(2000); // same state: the clock of the state keeps running
  });

  it('throws on an illegal transition and stays where it was', () => {
    const l = new Lifecycle(() => 0);
    expect(() => l.transition('online')).toThrow(IllegalTransitionError);
    expect(l.state).toBe('stopped');
  });
});
