import { describe, expect, it } from 'vitest';
import { createSay, english } from '@shared/i18n/say';
import { said } from '@shared/i18n/said';
import { evaluatePolicy, type HostConditions, type PolicyInput } from '@engine/availability/policy';

const WED_NOON = Date.parse('2026-11-18T12:00:00Z');
const fmt = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const host = (onBattery: boolean | null, idleSeconds: number | null): HostConditions => ({
  onBattery: () => onBattery,
  idleSeconds: () => idleSeconds,
});

function input(over: Partial<PolicyInput> = {}): PolicyInput {
  return {
    switchOn: true,
    pausedUntil: null,
    schedule: { timeZone: 'UTC', windows: [], outsideShare: 0 },
    conditions: { onlyOnMains: false, idleMinutes: null },
    host: null,
    owner: null,
    maxConcurrent: 4,
    now: WED_NOON,
    ...over,
  };
}

describe('availability policy = switch ∧ window ∧ conditions', () => {
  it.each([
    ['everything allows', input(), null, 4],
    ['switched off', input({ switchOn: false }), 'switched_off', 0],
    ['switched off until a time', input({ switchOn: false, pausedUntil: WED_NOON + 3600_000 }), 'switched_off', 0],
    [
      'outside the windows',
      input({
        schedule: {
          timeZone: 'UTC',
          windows: [{ days: [3], start: '08:00', end: '10:00', share: 1 }],
          outsideShare: 0,
        },
      }),
      'outside_window',
      0,
    ],
    [
      'a half window',
      input({
        schedule: {
          timeZone: 'UTC',
          windows: [{ days: [3], start: '08:00', end: '14:00', share: 0.5 }],
          outsideShare: 0,
        },
      }),
      null,
      2,
    ],
    [
      'on battery with "only on mains"',
      input({ conditions: { onlyOnMains: true, idleMinutes: null }, host: host(true, 0) }),
      'on_battery',
      0,
    ],
    [
      'on mains with "only on mains"',
      input({ conditions: { onlyOnMains: true, idleMinutes: null }, host: host(false, 0) }),
      null,
      4,
    ],
    [
      'in use with "idle for 10 min"',
      input({ conditions: { onlyOnMains: false, idleMinutes: 10 }, host: host(false, 599) }),
      'in_use',
      0,
    ],
    [
      'idle long enough',
      input({ conditions: { onlyOnMains: false, idleMinutes: 10 }, host: host(false, 600) }),
      null,
      4,
    ],
    [
      'conditions the host cannot observe do not block (headless)',
      input({ conditions: { onlyOnMains: true, idleMinutes: 10 }, host: null }),
      null,
      4,
    ],
    [
      'the owner needs the GPU',
      input({ owner: { message: said('status.reason.owner', { words: 'Paused while you use the GPU' }) } }),
      'owner_use',
      0,
    ],
    [
      'switched off wins over the owner',
      input({
        switchOn: false,
        owner: { message: said('status.reason.owner', { words: 'Paused while you use the GPU' }) },
      }),
      'switched_off',
      0,
    ],
    [
      'a power source the OS cannot report does not block',
      input({ conditions: { onlyOnMains: true, idleMinutes: null }, host: host(null, null) }),
      null,
      4,
    ],
  ])('%s', (_name, i, reason, capacity) => {
    const r = evaluatePolicy(i, fmt);
    expect(r.reason).toBe(reason);
    expect(r.capacity).toBe(capacity);
  });

  it('says why, with the time it changes', () => {
    expect(
      english.said(evaluatePolicy(input({ switchOn: false, pausedUntil: WED_NOON + 3600_000 }), fmt).message!),
    ).toBe('Paused until 13:00.');
    const closed = evaluatePolicy(
      input({
        schedule: {
          timeZone: 'UTC',
          windows: [{ days: [3], start: '18:00', end: '20:00', share: 1 }],
          outsideShare: 0,
        },
      }),
      fmt,
    );
    expect(english.said(closed.message!)).toBe('Outside your availability windows until 18:00.');
    expect(closed.nextChangeAt).toBe(Date.parse('2026-11-18T18:00:00Z'));
  });

  it('the switch is reported before the schedule', () => {
    const r = evaluatePolicy(
      input({
        switchOn: false,
        schedule: {
          timeZone: 'UTC',
          windows: [{ days: [1], start: '08:00', end: '09:00', share: 1 }],
          outsideShare: 0,
        },
      }),
      fmt,
    );
    expect(r.reason).toBe('switched_off');
    expect(r.windowShare).toBe(0);
  });

  it('keeps its reasons as sentences each screen says in its own language', () => {
    const de = createSay('de', 'de-DE');
    const off = (i: Partial<PolicyInput>) => evaluatePolicy(input(i), fmt).message!;
    expect(de.said(off({ switchOn: false, pausedUntil: WED_NOON + 3600_000 }))).toBe('Pausiert bis 13:00.');
    expect(english.said(off({ conditions: { onlyOnMains: true, idleMinutes: null }, host: host(true, 0) }))).toBe(
      'On battery power: the node waits for mains power.',
    );
    expect(de.said(off({ conditions: { onlyOnMains: true, idleMinutes: null }, host: host(true, 0) }))).toBe(
      'Akkubetrieb: Der Knoten wartet auf Netzstrom.',
    );
    const inUse = off({ conditions: { onlyOnMains: false, idleMinutes: 10 }, host: host(false, 599) });
    expect(english.said(inUse)).toBe('The computer is in use: the node waits until it has been idle for 10 min.');
    expect(de.said(inUse)).toBe('Der Computer wird benutzt: Der Knoten wartet, bis er 10 Min. lang unbenutzt war.');
  });
});
