/**
 * Fresh statuses only, and alerts that do not storm, against the fleet service with stand-in machines
 * (fleet-harness.ts)
 * on the test's clock. A status recorded earlier and played back — as an answer by whoever holds a stopped machine's
 * address, or as a hello by anyone — changes nothing: a machine is heard only by an answer to this computer's own
 * question, and a status is taken only when it is newer than the newest seen of its machine, across restarts too. A
 * machine whose network flaps is one "down" and one "back" that counts the falls. A question recorded and played back
 * to this computer is refused however many others came between, after a restart too: each carries its machine's
 * number, and only a newer one is answered.
 */
import { describe, expect, it } from 'vitest';
import { FLEET_MAX_MACHINES } from '@shared/contract';
import { SETTLE_LOOKS } from '@engine/fleet/alert-fold';
import { askFor, readAnswer } from '@engine/fleet/fleet-wire';
import type { FleetReply } from '@engine/server/fleet-route';
import {
  askOf,
  ATTIC,
  DEN,
  fleet,
  helloFrom,
  KEY,
  memoryShelf,
  SELF,
  statusOf,
  withAttic,
  directory,
} from './fleet-harness';

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
    expect(f.svc.info().machines.find((m) => m.nodeId === ATTIC)?.sources.machine.problem).toEqual({
      id: 'fleet.problem.notSealed',
    });
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
    expect(f.svc.info().machines.find((m) => m.nodeId === ATTIC)?.sources.machine.problem).toEqual({
      id: 'fleet.problem.olderStatus',
    });
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

describe('questions played back', () => {
  /** The status in an answer to `q`, as the machine that asked opens it; null when the request was refused. */
  const answerTo = (reply: FleetReply, q: { nonce: string }) =>
    typeof reply === 'object' && reply !== null ? readAnswer(reply.answer, KEY, SELF, q.nonce) : null;

  it('257 questions, then the first played back: refused, however many came between, and after a restart too', async () => {
    const shelf = memoryShelf();
    const dir = await directory();
    const machines = [
      { nodeId: ATTIC, name: 'Attic' },
      { nodeId: DEN, name: 'Den' },
    ];
    const f = fleet(dir, { machines, shelf });
    await f.start();
    const first = askOf(ATTIC, SELF);
    expect(answerTo(f.svc.request(first.body), first)).toMatchObject({ nodeId: SELF, nonce: first.nonce });
    // 256 more questions of the two machines: as many as a window of the last 256 one-time codes remembered.
    let answered = 0;
    let last = first;
    for (let i = 0; i < 256; i++) {
      last = askOf(i % 2 ? ATTIC : DEN, SELF);
      if (answerTo(f.svc.request(last.body), last) !== null) answered++;
    }
    expect(answered).toBe(256);
    // Someone recorded the first on its way and plays it back now. Before: answered again (its code was forgotten).
    expect(f.svc.request(first.body)).toBeNull();
    expect(f.svc.request(last.body)).toBeNull();

    // The machine asked restarts on its data: neither question is answered again, the next one is.
    await f.svc.stop();
    const again = fleet(dir, { machines, shelf });
    await again.start();
    expect(again.svc.request(first.body)).toBeNull();
    expect(again.svc.request(last.body)).toBeNull();
    const next = askOf(DEN, SELF);
    expect(answerTo(again.svc.request(next.body), next)).toMatchObject({ nodeId: SELF, nonce: next.nonce });
  });

  it('a question that comes after a newer one of its machine is refused: a recording, or one its machine gave up on', async () => {
    const dir = await directory();
    const f = fleet(dir, { machines: [{ nodeId: ATTIC, name: 'Attic' }] });
    await f.start();
    const older = askOf(ATTIC, SELF);
    const newer = askOf(ATTIC, SELF);
    expect(answerTo(f.svc.request(newer.body), newer)).not.toBeNull();
    // Never answered, and still refused: its machine has asked since (it asks one question at a time, look by look).
    expect(f.svc.request(older.body)).toBeNull();
    // Another machine's numbers are its own: a lower one of a machine never heard is taken.
    const den = askFor(KEY, DEN, SELF, 1);
    expect(answerTo(f.svc.request(den.body), den)).not.toBeNull();
  });

  it('remembers no more than twice the machine list, in the store, and answers no question twice', async () => {
    const shelf = memoryShelf();
    const dir = await directory();
    const f = fleet(dir, { shelf });
    await f.start();
    const asked = Array.from({ length: 500 }, (_, i) => askOf(`node-m-${i % 100}`, SELF));
    for (const q of asked) expect(answerTo(f.svc.request(q.body), q)).not.toBeNull();
    const kept = JSON.parse(shelf.values.get('fleet.questions')!) as { newest: unknown[] };
    expect(kept.newest).toHaveLength(2 * FLEET_MAX_MACHINES);
    expect(shelf.values.get('fleet.questions')!.length).toBeLessThan(8 * 1024);
    for (const q of asked) expect(f.svc.request(q.body)).toBeNull();
  });

  it('takes no question whose number it cannot keep: refused while the store refuses, answered once it works', async () => {
    const shelf = memoryShelf();
    const dir = await directory();
    const f = fleet(dir, { shelf });
    await f.start();
    const q = askOf(ATTIC, SELF);
    shelf.failSet = true;
    expect(f.svc.request(q.body)).toBeNull();
    shelf.failSet = false;
    expect(answerTo(f.svc.request(q.body), q)).not.toBeNull();
    expect(f.svc.request(q.body)).toBeNull();
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
    const f = fleet(dir, {
      machines: [
        { nodeId: ATTIC, name: 'Café Box' },
        { nodeId: SELF, name: 'Home PC' },
      ],
    });
    for (const copy of [
      'Cafe\u0301 Box',
      '\uff23\uff41\uff46\u00e9 \uff22\uff4f\uff58',
      'Café\u00a0Box',
      'café box',
      'Ca\u200bfé Box',
    ]) {
      expect(f.svc.nameTaken(copy), JSON.stringify(copy)).toBe(true);
    }
    expect(f.svc.nameTaken('Cafe Box')).toBe(false);
    // This computer's own name is never taken by itself.
    expect(f.svc.nameTaken('home pc')).toBe(false);
  });
});
