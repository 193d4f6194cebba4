/**
 * Fresh statuses only, and alerts that do not storm, against the fleet service with stand-in machines (fleet-harness.ts)
 * on the test's clock. A status recorded earlier and played back — as an answer by whoever holds a stopped machine's
 * address, or as a hello by anyone — changes nothing: a machine is heard only by an answer to this computer's own
 * question, and a status is taken only when it is newer than the newest seen of its machine, across restarts too. A
 * machine whose network flaps is one "down" and one "back" that counts the falls.
 */
import { describe, expect, it } from 'vitest';
import { SETTLE_LOOKS } from '@engine/fleet/alert-fold';
import { ATTIC, DEN, fleet, helloFrom, memoryShelf, SELF, statusOf, withAttic, directory } from './fleet-harness';

describe('fresh statuses only', () => {
  it('an answer recorded earlier and played back at a stopped machine’s address is no answer: down at the second look', async () => {
    const { sib, f } = await withAttic(() => statusOf(ATTIC));
    await f.start();
    await f.looks(2);
    expect(f.stateOf(ATTIC)).toBe('online');
    // The machine stops; whoever holds its address now answers every question with an answer it gave before.
    sib.state.replay = sib.answers.at(-1)!;
    await f.looks(1);
    expect(f.rec.alerts).toEqual([]);
    await f.looks(1);
    expect(f.stateOf(ATTIC)).toBe('down');
    expect(f.rec.alerts.map((a) => a.kind)).toEqual(['machine_down']);
    expect(f.svc.info().machines.find((m) => m.nodeId === ATTIC)?.sources.machine.problem).toEqual({ id: 'fleet.problem.notSealed' });
    // The recording keeps coming: still down, told once.
    await f.looks(5);
    expect(f.stateOf(ATTIC)).toBe('down');
    expect(f.rec.alerts.map((a) => a.kind)).toEqual(['machine_down']);
  });

  it('a "paused" hello played back after a newer status is refused: a real outage is still told, also after a restart', async () => {
    const shelf = memoryShelf();
    let on = false;
    const { sib, f, dir } = await withAttic(() => statusOf(ATTIC, { switchedOn: on }), { shelf });
    await f.start();
    // The machine, paused, says hello; someone records it.
    const recorded = helloFrom(ATTIC, statusOf(ATTIC, { switchedOn: false }));
    expect(f.svc.request(recorded)).toBe('hello');
    expect(f.stateOf(ATTIC)).toBe('paused');
    // Its owner switches it on: the next answer is newer.
    on = true;
    await f.looks(1);
    expect(f.stateOf(ATTIC)).toBe('online');
    // The recording played back changes nothing, however often.
    for (let i = 0; i < 3; i++) expect(f.svc.request(recorded)).toBeNull();
    // A hello as old as the newest seen is not newer either.
    await f.looks(1);
    expect(f.stateOf(ATTIC)).toBe('online');
    // The machine's network goes down: told down at the second look, not taken for paused.
    sib.state.silent = true;
    await f.looks(1);
    expect(f.svc.request(recorded)).toBeNull();
    await f.looks(1);
    expect(f.stateOf(ATTIC)).toBe('down');
    expect(f.rec.alerts.map((a) => a.kind)).toEqual(['machine_down']);
    await f.svc.stop();

    // After a restart the newest counter seen is still known: the recording is still refused.
    const again = fleet(dir, { machines: f.machines(), shelf, watch: ATTIC });
    await again.start();
    expect(again.svc.request(recorded)).toBeNull();
    await again.looks(2);
    expect(again.stateOf(ATTIC)).toBe('down');
  });

  it('an answer to its own question that is older than a status seen before is not taken', async () => {
    let seq = 5_000_000;
    const { f } = await withAttic(() => statusOf(ATTIC, { seq }));
    await f.start();
    expect(f.stateOf(ATTIC)).toBe('online');
    // The machine answers with a number at or below the newest seen: a machine gone back in time, or a copy of it.
    seq = 4_000_000;
    await f.looks(2);
    expect(f.stateOf(ATTIC)).toBe('down');
    expect(f.svc.info().machines.find((m) => m.nodeId === ATTIC)?.sources.machine.problem).toEqual({ id: 'fleet.problem.olderStatus' });
    seq = 6_000_000;
    await f.looks(1);
    expect(f.stateOf(ATTIC)).toBe('online');
  });

  it('a hello not newer than the newest seen is refused; a newer one is taken', async () => {
    const dir = await directory();
    const f = fleet(dir);
    await f.start();
    expect(f.svc.request(helloFrom(DEN, statusOf(DEN, { seq: 9_000 })))).toBe('hello');
    expect(f.svc.request(helloFrom(DEN, statusOf(DEN, { seq: 9_000 })))).toBeNull();
    expect(f.svc.request(helloFrom(DEN, statusOf(DEN, { seq: 8_999 })))).toBeNull();
    expect(f.svc.request(helloFrom(DEN, statusOf(DEN, { seq: 9_001 })))).toBe('hello');
  });
});

describe('alerts that do not storm', () => {
  it('10 flaps of 6 s down and 6 s up in 2 minutes: one "down", then one "back" once it settled', async () => {
    const { sib, f } = await withAttic(() => statusOf(ATTIC));
    await f.start();
    const look = async (n: number) => {
      for (let i = 0; i < n; i++) {
        f.clock.now += 1_000;
        await f.looks(1);
      }
    };
    const states = new Set<string>();
    for (let flap = 0; flap < 10; flap++) {
      sib.state.silent = true;
      await look(6);
      states.add(f.stateOf(ATTIC)!);
      sib.state.silent = false;
      await look(6);
    }
    // The page follows every fall; the person was told once.
    expect(states).toEqual(new Set(['down']));
    expect(f.stateOf(ATTIC)).toBe('online');
    expect(f.rec.alerts.map((a) => a.kind)).toEqual(['machine_down']);
    f.clock.now += SETTLE_LOOKS * 1_000;
    await f.looks(1);
    expect(f.rec.alerts.map((a) => a.kind)).toEqual(['machine_down', 'machine_back']);
    // Up since the last flap's first answered look: its five looks, then the settling time.
    expect(f.rec.outages).toEqual([{ downs: 10, spanMs: 113_000, upMs: 5_000 + SETTLE_LOOKS * 1_000 }]);

    // A real outage after it settled is told at the second look again.
    sib.state.silent = true;
    await look(1);
    expect(f.rec.alerts).toHaveLength(2);
    await look(1);
    expect(f.rec.alerts.map((a) => a.kind)).toEqual(['machine_down', 'machine_back', 'machine_down']);
  });
});

describe('names that pose', () => {
  it('a copy of a sibling’s name that only looks different is taken', async () => {
    const dir = await directory();
    const f = fleet(dir, { machines: [{ nodeId: ATTIC, name: 'Café Box' }, { nodeId: SELF, name: 'Home PC' }] });
    for (const copy of ['Cafe\u0301 Box', '\uff23\uff41\uff46\u00e9 \uff22\uff4f\uff58', 'Café\u00a0Box', 'café box', 'Ca\u200bfé Box']) {
      expect(f.svc.nameTaken(copy), JSON.stringify(copy)).toBe(true);
    }
    expect(f.svc.nameTaken('Cafe Box')).toBe(false);
    // This computer's own name is never taken by itself.
    expect(f.svc.nameTaken('home pc')).toBe(false);
  });
});
