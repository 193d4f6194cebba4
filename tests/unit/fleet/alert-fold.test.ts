/**
 * When a machine's trouble is told: "down" at once the first time, "back" only once it has answered for the settling
 * time, and the falls in between counted into that "back", never told one by one.
 */
import { describe, expect, it } from 'vitest';
import type { MachineState } from '@shared/contract';
import { foldAlert, SETTLE_LOOKS, type AlertState, type Tell } from '@engine/fleet/alert-fold';

/** Looks one second apart, so the settling time is ten seconds. */
const SETTLE_MS = SETTLE_LOOKS * 1_000;

const fresh = (): AlertState => ({ alerted: false, alertSince: null, episode: null });

/** Runs looks one second apart, each with the state it found: heard when online, not heard otherwise. */
function run(states: MachineState[], s = fresh(), start = 0) {
  const told: { at: number; tell: Tell }[] = [];
  states.forEach((state, i) => {
    const at = start + i * 1_000;
    const tell = foldAlert(s, state, state === 'online', at, SETTLE_MS);
    if (tell) told.push({ at, tell });
  });
  return { told, s };
}

const repeat = (n: number, v: MachineState): MachineState[] => Array.from({ length: n }, () => v);

describe('folding alerts', () => {
  it('tells "down" at the first fall, at once', () => {
    const { told, s } = run(['online', 'online', 'down', 'down']);
    expect(told).toEqual([{ at: 2_000, tell: { kind: 'machine_down' } }]);
    expect(s).toMatchObject({ alerted: true, alertSince: 2_000 });
  });

  it('tells "back" only once the machine has answered for the settling time', () => {
    const looks: MachineState[] = ['down', ...repeat(SETTLE_MS / 1_000, 'online'), 'online'];
    const { told } = run(looks);
    expect(told).toEqual([
      { at: 0, tell: { kind: 'machine_down' } },
      { at: SETTLE_MS + 1_000, tell: { kind: 'machine_back', outage: { downs: 1, spanMs: 1_000, upMs: SETTLE_MS } } },
    ]);
  });

  it('10 flaps of 6 s down and 6 s up in 2 minutes: one "down", then one "back" that counts them', () => {
    const flap: MachineState[] = [...repeat(6, 'down'), ...repeat(6, 'online')];
    const looks = [...Array.from({ length: 10 }, () => flap).flat(), ...repeat(SETTLE_MS / 1_000 + 1, 'online')];
    const { told } = run(looks);
    expect(told.map((t) => t.tell.kind)).toEqual(['machine_down', 'machine_back']);
    expect(told[1]!.tell).toEqual({ kind: 'machine_back', outage: { downs: 10, spanMs: 114_000, upMs: SETTLE_MS } });
  });

  it('a machine down again before it settled is not told again, and its time down is the newest fall', () => {
    const { told, s } = run(['down', 'online', 'online', 'down', 'down']);
    expect(told.map((t) => t.tell.kind)).toEqual(['machine_down']);
    expect(s).toMatchObject({ alerted: true, alertSince: 3_000, episode: { since: 0, downs: 2, upSince: null } });
  });

  it('a real outage after a settled "back" is told at once', () => {
    const first = run(['down', ...repeat(SETTLE_MS / 1_000 + 1, 'online')]);
    expect(first.told.map((t) => t.tell.kind)).toEqual(['machine_down', 'machine_back']);
    const then = run(['online', 'down'], first.s, SETTLE_MS + 10_000);
    expect(then.told).toEqual([{ at: SETTLE_MS + 11_000, tell: { kind: 'machine_down' } }]);
  });

  it('asleep or paused while told "down" tells nothing until it is heard and has settled', () => {
    const { told, s } = run(['down', 'asleep', 'asleep', 'paused']);
    expect(told.map((t) => t.tell.kind)).toEqual(['machine_down']);
    expect(s).toMatchObject({ alerted: true, alertSince: null });
  });
});
