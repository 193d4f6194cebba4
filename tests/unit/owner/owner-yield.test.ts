/**
 * The owner-first promise as a state machine, on a fake clock: the node stops at the owner's first sign, lets running
 * tasks finish for the grace, waits out the cooldown after, and "share anyway" sets it all aside for a while.
 */
import { describe, expect, it } from 'vitest';
import { OwnerYield, type YieldChange } from '@engine/owner/owner-yield';
import type { YieldTrigger } from '@engine/owner/owner-triggers';

const GAME: YieldTrigger = { kind: 'gpu_program', name: 'Cyberpunk2077.exe' };
const kinds = (c: YieldChange[]) => c.map((x) => x.kind);

function machine(graceMs = 10_000, cooldownMs = 120_000) {
  return new OwnerYield(() => ({ graceMs, cooldownMs }));
}

describe('the owner yield machine', () => {
  it('yields at once, ends the grace on time, and serves again only after the cooldown', () => {
    const m = machine();
    expect(kinds(m.observe(0, null))).toEqual([]);
    expect(kinds(m.observe(1_500, GAME))).toEqual(['started']);
    expect(m.yielding).toBe(true);
    expect(m.nextDeadline()).toBe(11_500);
    expect(kinds(m.tick(11_499))).toEqual([]);
    expect(kinds(m.tick(11_500))).toEqual(['grace_over']);
    // The grace ends once only.
    expect(kinds(m.observe(13_000, GAME))).toEqual([]);
    expect(kinds(m.observe(60_000, null))).toEqual(['owner_done']);
    expect(m.state).toMatchObject({ phase: 'cooling', resumeAt: 180_000 });
    expect(m.yielding).toBe(true);
    expect(kinds(m.observe(179_999, null))).toEqual([]);
    expect(m.tick(180_000)).toEqual([{ kind: 'resumed', afterMs: 178_500 }]);
    expect(m.yielding).toBe(false);
  });

  it('goes back to yielding without a new grace when the owner returns during the cooldown', () => {
    const m = machine();
    m.observe(0, GAME);
    m.tick(10_000);
    m.observe(20_000, null);
    expect(kinds(m.observe(30_000, GAME))).toEqual(['owner_back']);
    expect(m.state.phase).toBe('yielding');
    expect(kinds(m.tick(30_000))).toEqual([]);
    expect(kinds(m.observe(40_000, null))).toEqual(['owner_done']);
    expect(m.state).toMatchObject({ phase: 'cooling', resumeAt: 160_000 });
  });

  it('tells a new cause apart from a moving reading of the same one', () => {
    const m = machine();
    m.observe(0, { kind: 'power_ceiling', watts: 300, limitW: 280 });
    expect(kinds(m.observe(1_500, { kind: 'power_ceiling', watts: 310, limitW: 280 }))).toEqual([]);
    expect(kinds(m.observe(3_000, GAME))).toEqual(['trigger_changed']);
    expect(kinds(m.observe(4_500, { kind: 'gpu_program', name: 'blender' }))).toEqual(['trigger_changed']);
  });

  it('"share anyway" serves at once, ignores the owner until it ends, then judges the next look', () => {
    const m = machine();
    m.observe(0, GAME);
    expect(kinds(m.shareAnyway(5_000, 5_000 + 3_600_000))).toEqual(['share_anyway', 'resumed']);
    expect(m.yielding).toBe(false);
    expect(kinds(m.observe(6_500, GAME))).toEqual([]);
    expect(m.nextDeadline()).toBe(3_605_000);
    expect(kinds(m.observe(3_605_000, GAME))).toEqual(['share_anyway_over', 'started']);
  });

  it('"share anyway" says whether the owner\'s use still held the node back, and how it ended', () => {
    const m = machine();
    m.observe(0, GAME);
    // The game still runs: the node takes tasks because of the choice, not because the owner's use ended.
    expect(m.shareAnyway(5_000, 65_000)).toEqual([
      { kind: 'share_anyway', until: 65_000, ownerBusy: true, restored: false },
      { kind: 'resumed', afterMs: 5_000, byShareAnyway: true },
    ]);
    expect(m.tick(65_000)).toEqual([{ kind: 'share_anyway_over', why: 'time_up' }]);
    // Chosen while nothing held the node back, then stopped early.
    expect(m.shareAnyway(70_000, 130_000)).toEqual([
      { kind: 'share_anyway', until: 130_000, ownerBusy: false, restored: false },
    ]);
    expect(m.endShareAnyway()).toEqual([{ kind: 'share_anyway_over', why: 'stopped' }]);
    // Going on from before a restart.
    expect(m.shareAnyway(140_000, 200_000, true)).toEqual([
      { kind: 'share_anyway', until: 200_000, ownerBusy: false, restored: true },
    ]);
  });

  it('"share anyway" during the cooldown: the owner\'s use had ended, so the node simply serves again', () => {
    const m = machine();
    m.observe(0, GAME);
    m.observe(10_000, null);
    expect(m.shareAnyway(20_000, 80_000)).toEqual([
      { kind: 'share_anyway', until: 80_000, ownerBusy: false, restored: false },
      { kind: 'resumed', afterMs: 20_000, byShareAnyway: false },
    ]);
  });

  it('caps "share anyway" at a day, and ends it early on request', () => {
    const m = machine();
    m.shareAnyway(0, 10 * 24 * 3_600_000);
    expect(m.shareAnywayUntil).toBe(24 * 3_600_000);
    expect(kinds(m.endShareAnyway())).toEqual(['share_anyway_over']);
    expect(kinds(m.endShareAnyway())).toEqual([]);
  });

  it('with no grace and no cooldown, cuts at once and comes back with the next quiet look', () => {
    const m = machine(0, 0);
    expect(kinds(m.observe(0, GAME))).toEqual(['started', 'grace_over']);
    expect(kinds(m.observe(1_500, null))).toEqual(['owner_done', 'resumed']);
  });
});
