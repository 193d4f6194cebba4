/**
 * The fleet service against real local servers: a stand-in directory answering `GET /v1/node/{id}` and
 * `GET /v1/discover`, and stand-in sibling machines publishing a status sealed with the operator's fleet key at
 * `/iicp/fleet`. The service runs on real timers; the test asks for each look (`lookNow` from `onChange`) instead of
 * waiting out the interval, and counts looks by the directory's requests about a machine, so "the second look after
 * it stopped" is a number, not a guess. The clock the service judges by is the test's.
 */
import { describe, expect, it } from 'vitest';
import { english } from '@shared/i18n/say';
import { SETTLE_LOOKS } from '@engine/fleet/alert-fold';
import { seal } from '@engine/fleet/fleet-seal';
import { FLEET_REQUEST_MAX_BYTES, readAnswer } from '@engine/fleet/fleet-wire';
import type { MachineRef } from '@engine/identity/machine-list';
import { eventually } from '../../support/eventually';
import {
  askOf,
  ATTIC,
  DEN,
  directory,
  fleet,
  FIRST_RUN_NAME,
  FP,
  helloFrom,
  helloSaid,
  KEY,
  NIGHTS,
  OTHER_KEY,
  SELF,
  sibling,
  statusOf,
  T0,
  withAttic,
  memoryShelf,
} from './fleet-harness';

describe('the fleet service', () => {
  it('alerts once at the second look after a machine stops answering inside its window, and once when it is back', async () => {
    const { dir, sib, f } = await withAttic(() => statusOf(ATTIC));
    // The machine stops answering just before the third look reads it.
    dir.state.onAsk = async (id, n) => {
      if (id === ATTIC && n === 3) await sib.close();
    };
    await f.start();
    expect(f.stateOf(ATTIC)).toBe('online');
    // It did not list this computer, so this computer said hello with a status it can open.
    expect(sib.hellos.length).toBeGreaterThanOrEqual(1);
    expect(helloSaid(sib.hellos[0]!, ATTIC)).toMatchObject({ nodeId: SELF, name: 'Home PC' });

    // The look that found it silent, then five more.
    await f.untilAsked(4 + 5);
    expect(f.atAsk(2)).toEqual({ asks: 2, state: 'online', alerts: [] });
    // One missed look is not news.
    expect(f.atAsk(3)).toEqual({ asks: 3, state: 'online', alerts: [] });
    expect(f.atAsk(4)).toEqual({ asks: 4, state: 'down', alerts: ['machine_down'] });
    for (let n = 5; n <= 9; n++)
      expect(f.atAsk(n), `look ${n}`).toEqual({ asks: n, state: 'down', alerts: ['machine_down'] });
    expect(f.rec.alerts).toEqual([{ kind: 'machine_down', nodeId: ATTIC, asks: 4, looksBefore: 3 }]);
    expect(f.svc.summary()).toEqual({
      machines: 2,
      online: 1,
      down: [{ nodeId: ATTIC, name: 'Attic', since: new Date(T0).toISOString() }],
    });

    // It comes back (at a new address, as a restarted machine may).
    const back = await sibling(ATTIC, () => statusOf(ATTIC));
    dir.nodes.set(ATTIC, { endpoint: back.url, lastSeen: T0 });
    await f.looks(4);
    // Up at once on the page; its "back" waits until it has answered for the settling time.
    expect(f.stateOf(ATTIC)).toBe('online');
    expect(f.svc.summary()).toEqual({ machines: 2, online: 2, down: [] });
    expect(f.rec.alerts.map((a) => a.kind)).toEqual(['machine_down']);
    const words = () => {
      const w = f.svc.info().machines.find((m) => m.nodeId === ATTIC)?.words;
      return w ? english.said(w) : undefined;
    };
    expect(words()).toBe('Answering again; it is told back once it has answered for 10 seconds.');
    f.clock.now += SETTLE_LOOKS * 1_000;
    await f.looks(1);
    expect(f.rec.alerts.map((a) => a.kind)).toEqual(['machine_down', 'machine_back']);
    expect(words()).toBe('Running: it answers.');
    expect(f.rec.outages).toEqual([{ downs: 1, spanMs: 0, upMs: SETTLE_LOOKS * 1_000 }]);
  });

  it('names each machine by the one resolver in its list, its summary and its alerts, not by the list it keeps', async () => {
    const names: Record<string, string> = { [SELF]: 'Ana desktop', [ATTIC]: 'Ana laptop' };
    const { dir, sib, f } = await withAttic(() => statusOf(ATTIC), { nameOf: (id) => names[id] ?? null });
    dir.state.onAsk = async (id, n) => {
      if (id === ATTIC && n === 3) await sib.close();
    };
    await f.start();
    expect(f.svc.info().machines.map((m) => [m.nodeId, m.name])).toEqual([
      [SELF, 'Ana desktop'],
      [ATTIC, 'Ana laptop'],
    ]);
    await f.untilAsked(4);
    expect(f.svc.summary()?.down).toEqual([{ nodeId: ATTIC, name: 'Ana laptop', since: new Date(T0).toISOString() }]);
    expect(f.rec.alertNames).toEqual(['Ana laptop']);
    // A machine the resolver does not name keeps the list's name.
    expect(f.svc.nameOf({ nodeId: DEN, name: 'Den' })).toBe('Den');
  });

  it('says asleep, without an alert, when a machine outside its windows stops answering', async () => {
    const { dir, sib, f } = await withAttic(() => statusOf(ATTIC, { schedule: NIGHTS }));
    dir.state.onAsk = async (id, n) => {
      if (id === ATTIC && n === 2) await sib.close();
    };
    await f.start();
    expect(f.stateOf(ATTIC)).toBe('online');
    await f.untilAsked(6);
    expect(f.atAsk(2)?.state).toBe('online');
    for (let n = 3; n <= 6; n++) expect(f.atAsk(n), `look ${n}`).toEqual({ asks: n, state: 'asleep', alerts: [] });
    expect(f.rec.alerts).toEqual([]);
    expect(f.svc.summary()?.down).toEqual([]);
  });

  it('says paused, without an alert, when a machine switched off stops answering', async () => {
    const { dir, sib, f } = await withAttic(() => statusOf(ATTIC, { switchedOn: false }));
    dir.state.onAsk = async (id, n) => {
      if (id === ATTIC && n === 2) await sib.close();
    };
    await f.start();
    expect(f.stateOf(ATTIC)).toBe('paused');
    await f.untilAsked(6);
    for (let n = 2; n <= 6; n++) expect(f.atAsk(n), `look ${n}`).toEqual({ asks: n, state: 'paused', alerts: [] });
    expect(f.rec.alerts).toEqual([]);
  });

  it("concludes nothing during this computer's own outage: every call fails, no alert", async () => {
    const { dir, sib, f } = await withAttic(() => statusOf(ATTIC));
    // From the second look on, this computer reaches nothing: neither the directory nor the machine.
    dir.state.onAsk = async (id, n) => {
      if (id === ATTIC && n === 2) {
        await sib.close();
        dir.state.failing = true;
      }
    };
    await f.start();
    expect(f.stateOf(ATTIC)).toBe('online');
    await f.looks(8);
    expect(f.rec.alerts).toEqual([]);
    // Nothing new was concluded: the last verdict stands.
    expect(f.stateOf(ATTIC)).toBe('online');

    // The network is back, and so is the machine: it never was down.
    const back = await sibling(ATTIC, () => statusOf(ATTIC));
    dir.nodes.set(ATTIC, { endpoint: back.url, lastSeen: T0 });
    dir.state.failing = false;
    await f.looks(3);
    expect(f.stateOf(ATTIC)).toBe('online');
    expect(f.rec.alerts).toEqual([]);
  });

  it('counts no silence from its own outage: back online, a machine still silent needs two looks of its own', async () => {
    const { dir, sib, f } = await withAttic(() => statusOf(ATTIC));
    dir.state.onAsk = async (id, n) => {
      if (id === ATTIC && n === 2) {
        await sib.close();
        dir.state.failing = true;
      }
    };
    await f.start();
    await f.looks(6);
    expect(f.rec.alerts).toEqual([]);
    // The network is back, the machine still silent: the first look after is one miss, not the seventh.
    dir.state.failing = false;
    await f.looks(1);
    expect(f.rec.alerts).toEqual([]);
    expect(f.stateOf(ATTIC)).toBe('online');
    await f.looks(1);
    expect(f.rec.alerts.map((a) => a.kind)).toEqual(['machine_down']);
  });

  it('does not repeat an alert after a restart, and tells "back" once when the machine answers again', async () => {
    const shelf = memoryShelf();
    const { dir, sib, f } = await withAttic(() => statusOf(ATTIC), { shelf });
    dir.state.onAsk = async (id, n) => {
      if (id === ATTIC && n === 2) await sib.close();
    };
    await f.start();
    await f.untilAsked(3);
    expect(f.atAsk(3)).toEqual({ asks: 3, state: 'down', alerts: ['machine_down'] });
    await f.svc.stop();

    // The app restarts a minute later; the machine is still silent and the directory has not heard it either.
    const again = fleet(dir, { machines: f.machines(), shelf });
    again.clock.now = T0 + 60_000;
    await again.start();
    await again.looks(5);
    expect(again.rec.alerts).toEqual([]);
    expect(again.stateOf(ATTIC)).toBe('down');
    expect(again.svc.summary()?.down).toEqual([{ nodeId: ATTIC, name: 'Attic', since: new Date(T0).toISOString() }]);

    // The open alert was kept: its "back" is told once.
    const back = await sibling(ATTIC, () => statusOf(ATTIC));
    dir.nodes.set(ATTIC, { endpoint: back.url, lastSeen: T0 + 60_000 });
    await again.looks(3);
    expect(again.rec.alerts).toEqual([]);
    again.clock.now += SETTLE_LOOKS * 1_000;
    await again.looks(1);
    expect(again.rec.alerts.map((a) => a.kind)).toEqual(['machine_back']);
    expect(again.stateOf(ATTIC)).toBe('online');
  });

  it('meets the machines another machine lists, and takes the name a machine gives itself', async () => {
    const { f } = await withAttic(
      () =>
        statusOf(ATTIC, {
          name: 'Attic rig',
          machines: [
            { nodeId: DEN, name: 'Den' },
            { nodeId: SELF, name: 'Home PC' },
          ],
        }),
      {
        machines: [{ nodeId: ATTIC, name: 'Machine node-att' }],
      },
    );
    await f.start();
    await f.looks(3);
    expect(f.machines()).toEqual([
      { nodeId: ATTIC, name: 'Attic rig' },
      { nodeId: SELF, name: 'Home PC' },
      { nodeId: DEN, name: 'Den' },
    ]);
    // Saved once: later looks find nothing new.
    expect(f.rec.saved).toHaveLength(1);
    expect(f.svc.info().machines.map((m) => m.nodeId)).toEqual([SELF, ATTIC, DEN]);
  });

  it('a machine forgotten while a look is on its way stays forgotten when the look ends', async () => {
    // The look learns a new name for the machine, so it has a list to save: it must not save the list it began with.
    const { f, dir } = await withAttic(() => statusOf(ATTIC, { name: 'Attic rig' }), {
      machines: [
        { nodeId: DEN, name: 'Den' },
        { nodeId: ATTIC, name: 'Attic' },
      ],
    });
    dir.state.onAsk = (id) => {
      if (id === ATTIC) f.svc.forget(ATTIC);
    };
    await f.start();
    expect(f.machines().map((m) => m.nodeId)).not.toContain(ATTIC);
    expect(f.machines().map((m) => m.nodeId)).toContain(DEN);
    expect(f.svc.info().machines.map((m) => m.nodeId)).not.toContain(ATTIC);
  });

  it("meets the machines the directory's discovery lists under this operator's fingerprint, and only those", async () => {
    const dir = await directory();
    dir.state.discover = [
      { node_id: 'node-met-0004', operator_fingerprint: FP },
      { node_id: 'node-stranger-05', operator_fingerprint: '999999999999' },
      { node_id: 'node-anon-06' },
      { node_id: SELF, operator_fingerprint: FP },
      { node_id: 'not a node id', operator_fingerprint: FP },
      'garbage',
    ];
    const f = fleet(dir);
    await f.start();
    await f.looks(2);
    expect(dir.state.discoverAsks).toBe(1);
    expect(f.rec.saved).toEqual([
      [
        { nodeId: SELF, name: 'Home PC' },
        { nodeId: 'node-met-0004', name: 'Machine node-met' },
      ],
    ]);
    // The machine met is looked at from then on; the directory does not know it.
    expect(dir.asks('node-met-0004')).toBeGreaterThanOrEqual(1);
    expect(dir.asks('node-stranger-05')).toBe(0);
    expect(f.stateOf('node-met-0004')).toBe('unknown');
    expect(f.rec.alerts).toEqual([]);
  });

  it('takes a hello sealed with the key from a machine it does not know, and refuses any other', async () => {
    const dir = await directory();
    const f = fleet(dir);
    // Not running yet: nobody is met.
    expect(f.svc.request(helloFrom(DEN, statusOf(DEN, { name: 'Den' })))).toBeNull();
    await f.start();
    // The first look put this computer in the list.
    expect(f.machines()).toEqual([{ nodeId: SELF, name: 'Home PC' }]);
    const before = f.rec.saved.length;

    const refused = [
      'not json',
      '',
      '{}',
      JSON.stringify({ from: DEN, hello: 'not sealed' }),
      // The form an older version sent.
      JSON.stringify({ node_id: DEN, sealed: seal(KEY, 'hello', DEN, statusOf(DEN)) }),
      helloFrom(DEN, statusOf(DEN), OTHER_KEY),
      // Sealed for one machine, sent as another's.
      helloFrom(DEN, statusOf(DEN), KEY, ATTIC),
      // Sealed for the machine it names, but its status speaks of another.
      helloFrom(DEN, statusOf(ATTIC)),
      // This computer's own status coming back to it.
      helloFrom(SELF, statusOf(SELF)),
      JSON.stringify({ ...(JSON.parse(helloFrom(DEN, statusOf(DEN))) as object), extra: 1 }),
    ];
    for (const body of refused) expect(f.svc.request(body), body.slice(0, 60)).toBeNull();
    expect(f.rec.saved).toHaveLength(before);

    expect(f.svc.request(helloFrom(DEN, statusOf(DEN, { name: 'Den' })))).toBe('hello');
    expect(f.rec.saved).toHaveLength(before + 1);
    expect(f.machines()).toEqual([
      { nodeId: SELF, name: 'Home PC' },
      { nodeId: DEN, name: 'Den' },
    ]);
    // It is looked at at once.
    await eventually(() => expect(dir.asks(DEN)).toBeGreaterThanOrEqual(1));
    await eventually(() => expect(f.svc.info().machines.map((m) => m.nodeId)).toEqual([SELF, DEN]));
    // A second hello from a machine known already is taken without saving the list again.
    const saves = f.rec.saved.length;
    expect(f.svc.request(helloFrom(DEN, statusOf(DEN, { name: 'Den' })))).toBe('hello');
    expect(f.rec.saved).toHaveLength(saves);
  });

  it("answers a sibling's question with a status sealed for this computer, without its owner-first state unless it shares it", async () => {
    const dir = await directory();
    const f = fleet(dir, { machines: [{ nodeId: ATTIC, name: 'Attic' }], shareOwnerFirst: false });
    const ask = askOf(ATTIC, SELF);
    // Not running: no answer.
    expect(f.svc.request(ask.body)).toBeNull();
    await f.start();
    const reply = f.svc.request(ask.body);
    expect(reply).not.toBeNull();
    const text = (reply as { answer: string }).answer;
    expect(text).not.toContain('Home PC');
    const got = readAnswer(text, KEY, SELF, ask.nonce);
    expect(got).toMatchObject({
      v: 2,
      nodeId: SELF,
      nonce: ask.nonce,
      name: 'Home PC',
      at: T0,
      switchedOn: true,
      ownerFirst: null,
      slots: { busy: 1, total: 2 },
      today: { tasks: 3, credits: null },
      models: ['llama3:8b'],
      machines: [
        { nodeId: ATTIC, name: 'Attic' },
        { nodeId: SELF, name: 'Home PC' },
      ],
    });
    expect(got).not.toHaveProperty('lastHeartbeatAt');
    expect(readAnswer(text, KEY, ATTIC, ask.nonce)).toBeNull();
    expect(readAnswer(text, OTHER_KEY, SELF, ask.nonce)).toBeNull();
    // Answers carry the question's own code: an answer is no answer to another question.
    expect(readAnswer(text, KEY, SELF, askOf(ATTIC, SELF).nonce)).toBeNull();
    // The same question twice is a recording played back: refused, like anything not a question of the operator's.
    expect(f.svc.request(ask.body)).toBeNull();
    const second = askOf(ATTIC, SELF);
    const again = readAnswer((f.svc.request(second.body) as { answer: string }).answer, KEY, SELF, second.nonce)!;
    expect(again.seq).toBeGreaterThan(got!.seq);
    // A question for another machine, or from this one, is no question for it.
    expect(f.svc.request(askOf(ATTIC, DEN).body)).toBeNull();
    expect(f.svc.request(askOf(SELF, SELF).body)).toBeNull();
    expect(f.svc.request(askOf(ATTIC, SELF, OTHER_KEY).body)).toBeNull();

    const sharing = fleet(dir, { shareOwnerFirst: true });
    await sharing.start();
    const q = askOf(ATTIC, SELF);
    expect(readAnswer((sharing.svc.request(q.body) as { answer: string }).answer, KEY, SELF, q.nonce)?.ownerFirst).toBe(
      'yielding',
    );
  });

  it("reads neither the identity nor the store for a stranger's request that is not one: only its own bytes are judged", async () => {
    const dir = await directory();
    const f = fleet(dir, { machines: [{ nodeId: ATTIC, name: 'Attic' }] });
    await f.start();
    // Counted across synchronous calls only: a look (which reads the identity too) cannot run in between.
    const before = f.rec.accessReads;
    const strangers = [
      '',
      'not json',
      '['.repeat(10_000),
      '{}',
      JSON.stringify({ from: ATTIC }),
      JSON.stringify({ from: ATTIC, ask: 'x'.repeat(5_000) }),
      JSON.stringify({ node_id: ATTIC, sealed: '{}' }),
    ];
    for (const body of strangers) expect(f.svc.request(body)).toBeNull();
    // Before: the identity (and with it, while machines of an earlier version wait, the database) was read first.
    expect(f.rec.accessReads - before).toBe(0);
    // A request of the right shape is opened with the key: only then is the identity read.
    const q = askOf(ATTIC, SELF);
    expect(f.svc.request(q.body)).not.toBeNull();
    expect(f.rec.accessReads - before).toBeGreaterThan(0);
  });

  it('says hello with as many of a long model list as fit the largest hello; the question gets them all', async () => {
    const models = Array.from({ length: 256 }, (_, i) => `model-${i}-${'x'.repeat(240)}`);
    const { sib, f } = await withAttic(() => statusOf(ATTIC), { models });
    await f.start();
    expect(sib.hellos.length).toBeGreaterThanOrEqual(1);
    // Before: the hello held every model, 128 KiB sealed, more than the task port now reads of a request.
    expect(sib.hellos[0]!.length).toBeLessThanOrEqual(FLEET_REQUEST_MAX_BYTES);
    const said = helloSaid(sib.hellos[0]!, ATTIC)!;
    expect(said.models.length).toBeGreaterThan(0);
    expect(said.models).toEqual(models.slice(0, said.models.length));
    const q = askOf(ATTIC, SELF);
    expect(readAnswer((f.svc.request(q.body) as { answer: string }).answer, KEY, SELF, q.nonce)?.models).toEqual(
      models,
    );
  });

  describe('the first-run name', () => {
    const run = async (machines: MachineRef[], selfName: string) => {
      const dir = await directory();
      const f = fleet(dir, { machines, selfName });
      await f.start();
      await f.looks(3);
      return f;
    };

    it('is given up, for the next free number, when an earlier machine has it', async () => {
      const f = await run(
        [
          { nodeId: ATTIC, name: FIRST_RUN_NAME },
          { nodeId: SELF, name: FIRST_RUN_NAME },
        ],
        FIRST_RUN_NAME,
      );
      expect(f.rec.renames).toEqual([`${FIRST_RUN_NAME} 2`]);
      const taken = await run(
        [
          { nodeId: ATTIC, name: FIRST_RUN_NAME },
          { nodeId: DEN, name: `${FIRST_RUN_NAME} 2` },
          { nodeId: SELF, name: FIRST_RUN_NAME },
        ],
        FIRST_RUN_NAME,
      );
      expect(taken.rec.renames).toEqual([`${FIRST_RUN_NAME} 3`]);
    });

    it('is numbered in the language it was made in: two computers set up in German', async () => {
      const GERMAN = 'Mein IICP-Knoten';
      const f = await run(
        [
          { nodeId: ATTIC, name: GERMAN },
          { nodeId: DEN, name: FIRST_RUN_NAME },
          { nodeId: SELF, name: GERMAN },
        ],
        GERMAN,
      );
      expect(f.rec.renames).toEqual([`${GERMAN} 2`]);
    });

    it('is given up by a computer new to the list (an import) when a machine in it has the name', async () => {
      const f = await run([{ nodeId: ATTIC, name: ` ${FIRST_RUN_NAME.toLowerCase()} ` }], FIRST_RUN_NAME);
      expect(f.rec.renames).toEqual([`${FIRST_RUN_NAME} 2`]);
    });

    it('is told by the number a machine met here will take: its event and its entry name it so', async () => {
      const dir = await directory();
      const f = fleet(dir, { selfName: FIRST_RUN_NAME });
      await f.start();
      // A computer that took in this one's list says hello under the first-run name it is about to give up.
      expect(f.svc.request(helloFrom(DEN, statusOf(DEN, { name: FIRST_RUN_NAME })))).toBe('hello');
      const numbered = `${FIRST_RUN_NAME} 2`;
      expect(f.rec.events).toContain(`fleet_machine_met node=${DEN} name=${JSON.stringify(numbered)}`);
      expect(f.machines()).toEqual([
        { nodeId: SELF, name: FIRST_RUN_NAME },
        { nodeId: DEN, name: numbered },
      ]);
      expect(f.rec.renames).toEqual([]);
    });

    it('is kept when the machine of the same name came later', async () => {
      const f = await run(
        [
          { nodeId: SELF, name: FIRST_RUN_NAME },
          { nodeId: ATTIC, name: FIRST_RUN_NAME },
        ],
        FIRST_RUN_NAME,
      );
      expect(f.rec.renames).toEqual([]);
    });

    it('settles two that took the same number by node id: only the greater one moves on', async () => {
      const lower = SELF < ATTIC;
      const f = await run(
        [
          { nodeId: DEN, name: FIRST_RUN_NAME },
          { nodeId: SELF, name: `${FIRST_RUN_NAME} 2` },
          { nodeId: ATTIC, name: `${FIRST_RUN_NAME} 2` },
        ],
        `${FIRST_RUN_NAME} 2`,
      );
      expect(f.rec.renames).toEqual(lower ? [] : [`${FIRST_RUN_NAME} 3`]);
    });

    it('never touches a name the person chose, even one an earlier machine has', async () => {
      const f = await run(
        [
          { nodeId: ATTIC, name: 'Studio' },
          { nodeId: SELF, name: 'Studio' },
        ],
        'Studio',
      );
      expect(f.rec.renames).toEqual([]);
    });
  });
});
