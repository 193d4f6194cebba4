/**
 * Who may have a request of `/iicp/fleet` read now (fleet-limits.ts), on a fake clock: each source's allowance (a
 * burst, refilled each second), its requests read at once, the requests read at once over all sources, the shared
 * sources (a local tunnel, a trusted proxy) under the overall cap only, and a bounded memory of sources.
 */
import { describe, expect, it } from 'vitest';
import { FLEET_LIMITS, FleetLimits } from '@engine/server/fleet-limits';

function limits(terms: Partial<typeof FLEET_LIMITS> = {}) {
  const clock = { now: 0 };
  return { clock, l: new FleetLimits(terms, () => clock.now) };
}

/** Admits `n` requests from `source`, each given back at once; the verdicts. */
const burstOf = (l: FleetLimits, source: string, n: number, shared = false) =>
  Array.from({ length: n }, () => {
    const v = l.admit(source, shared);
    if (v === 'ok') l.release(source, shared);
    return v;
  });

describe('the limits of /iicp/fleet', () => {
  it('lets a full machine list behind one address ask twice at once, and every machine once a second', () => {
    const { clock, l } = limits();
    const verdicts = burstOf(l, '203.0.113.7', FLEET_LIMITS.burst + 1);
    expect(verdicts.filter((v) => v === 'ok')).toHaveLength(FLEET_LIMITS.burst);
    expect(verdicts.at(-1)).toBe('rate');
    expect(FLEET_LIMITS.burst).toBe(64);
    // Refilled: 32 a second (the machine list's cap, at the shortest interval).
    clock.now += 1_000;
    expect(burstOf(l, '203.0.113.7', FLEET_LIMITS.perSecond + 1).filter((v) => v === 'ok')).toHaveLength(
      FLEET_LIMITS.perSecond,
    );
    // Another source has its own allowance.
    expect(burstOf(l, '198.51.100.1', 1)).toEqual(['ok']);
  });

  it('reads at most a few requests of one source at once, and a few dozen over all', () => {
    const { l } = limits({ inFlight: 10 });
    for (let i = 0; i < FLEET_LIMITS.perSource; i++) expect(l.admit('203.0.113.7', false)).toBe('ok');
    expect(l.admit('203.0.113.7', false)).toBe('busy');
    expect(l.admit('198.51.100.1', false)).toBe('ok');
    expect(l.admit('127.0.0.1', true)).toBe('ok');
    expect(l.inFlight).toBe(10);
    // Full over all: every source waits, the shared ones too.
    expect(l.admit('192.0.2.9', false)).toBe('busy');
    expect(l.admit('127.0.0.1', true)).toBe('busy');
    l.release('203.0.113.7', false);
    expect(l.admit('192.0.2.9', false)).toBe('ok');
    expect(l.admit('203.0.113.7', false)).toBe('busy');
  });

  it('a busy refusal spends none of the allowance', () => {
    const { l } = limits({ burst: 2, perSecond: 0, perSource: 1 });
    expect(l.admit('203.0.113.7', false)).toBe('ok');
    expect(l.admit('203.0.113.7', false)).toBe('busy');
    l.release('203.0.113.7', false);
    expect(l.admit('203.0.113.7', false)).toBe('ok');
    l.release('203.0.113.7', false);
    expect(l.admit('203.0.113.7', false)).toBe('rate');
  });

  it('gives a local tunnel or a trusted proxy no allowance of its own: the siblings behind it are not silenced with an attacker', () => {
    const { l } = limits();
    expect(burstOf(l, '127.0.0.1', 10 * FLEET_LIMITS.burst, true).every((v) => v === 'ok')).toBe(true);
  });

  it('remembers a bounded number of sources: idle ones are let go, a newcomer past the bound is left to the overall cap', () => {
    const { clock, l } = limits({ maxSources: 4, burst: 2, perSecond: 1 });
    for (let i = 0; i < 4; i++) expect(burstOf(l, `192.0.2.${i}`, 3)).toEqual(['ok', 'ok', 'rate']);
    const sources = () => (l as unknown as { sources: Map<string, unknown> }).sources;
    expect(sources().size).toBe(4);
    // All four are still refilling: the newcomer is not remembered, and only the overall cap holds it.
    expect(burstOf(l, '192.0.2.200', 3)).toEqual(['ok', 'ok', 'ok']);
    expect(sources().size).toBe(4);
    // Once they are full again they carry nothing: let go for the newcomer, which then has an allowance like any.
    clock.now += 3_000;
    expect(burstOf(l, '192.0.2.201', 3)).toEqual(['ok', 'ok', 'rate']);
    expect(sources().size).toBeLessThanOrEqual(4);
    // A source that was let go starts again with a full allowance, as a new one would.
    expect(burstOf(l, '192.0.2.0', 3)).toEqual(['ok', 'ok', 'rate']);
  });
});
