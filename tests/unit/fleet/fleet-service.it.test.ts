/**
 * The fleet service against real local servers: a stand-in directory answering `GET /v1/node/{id}` and
 * `GET /v1/discover`, and stand-in sibling machines publishing a status sealed with the operator's fleet key at
 * `/iicp/fleet`. The service runs on real timers; the test asks for each look (`lookNow` from `onChange`) instead of
 * waiting out the interval, and counts looks by the directory's requests about a machine, so "the second look after
 * it stopped" is a number, not a guess. The clock the service judges by is the test's.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { AvailabilitySchedule } from '@shared/contract';
import { FleetService, type SelfFacts } from '@engine/fleet/fleet-service';
import { openStatus, sealStatus } from '@engine/fleet/fleet-seal';
import { readHello } from '@engine/fleet/machine-reads';
import { readMachineStatus } from '@engine/fleet/machine-status';
import type { MachineRef } from '@engine/identity/machine-list';
import { fleetKey } from '@engine/identity/operator-key';
import { eventually } from '../../support/eventually';
import { readBodyUpTo, serveOnLoopback } from '../../support/http-server';

const SELF = 'node-self-0001';
const ATTIC = 'node-attic-0002';
const DEN = 'node-den-0003';
const KEY = fleetKey(Buffer.alloc(32, 3));
const OTHER_KEY = fleetKey(Buffer.alloc(32, 4));
const FP = 'abcdef012345';
/** A Monday, 12:00 UTC. */
const T0 = Date.parse('2026-06-01T12:00:00Z');
const FIRST_RUN_NAME = 'My IICP node';

const ALWAYS: AvailabilitySchedule = { timeZone: 'UTC', windows: [], outsideShare: 0 };
/** On from 00:00 to 06:00 every day: at T0 the machine is outside its windows. */
const NIGHTS: AvailabilitySchedule = { timeZone: 'UTC', windows: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '06:00', share: 1 }], outsideShare: 0 };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function statusOf(nodeId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    v: 1,
    nodeId,
    name: 'Attic',
    at: T0,
    switchedOn: true,
    pausedUntil: null,
    schedule: ALWAYS,
    ownerFirst: null,
    slots: { busy: 0, total: 2 },
    today: { tasks: 0, credits: null },
    models: ['llama3:8b'],
    machines: [],
    ...over,
  };
}

const helloFrom = (nodeId: string, status: Record<string, unknown>, key = KEY, sealedFor = nodeId) => JSON.stringify({ node_id: nodeId, sealed: sealStatus(key, sealedFor, status) });

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * The stand-in directory. `nodes` holds what `GET /v1/node/{id}` says (unknown ids: 404); `asks` counts those
 * requests per node; `onAsk` runs before an answer (to stop a sibling at an exact look); `failing` drops every
 * connection unanswered, as when this computer has no network.
 */
async function directory() {
  const nodes = new Map<string, { endpoint: string; lastSeen: number | null }>();
  const asks = new Map<string, number>();
  const state = { failing: false, discover: [] as unknown[], discoverAsks: 0, onAsk: null as ((nodeId: string, n: number) => Promise<void> | void) | null };
  const server = await serveOnLoopback((req, res) => {
    if (state.failing) {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://directory');
    const node = /^\/v1\/node\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && node) {
      const id = decodeURIComponent(node[1]!);
      const n = (asks.get(id) ?? 0) + 1;
      asks.set(id, n);
      void Promise.resolve(state.onAsk?.(id, n)).then(() => {
        // An outage that begins at this ask takes this ask with it.
        if (state.failing) return void req.socket.destroy();
        const known = nodes.get(id);
        if (!known) return json(res, 404, { error: 'not_found', message: 'No such node.' });
        const lastSeen = known.lastSeen === null ? null : new Date(known.lastSeen).toISOString();
        json(res, 200, { node_id: id, endpoint: known.endpoint, available: true, active_jobs: 0, last_seen: lastSeen, reputation_score: 0.9, completed_tasks_count: 5, capabilities: [] });
      });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/v1/discover') {
      state.discoverAsks++;
      return json(res, 200, { nodes: state.discover });
    }
    json(res, 404, { error: 'not_found', message: 'No such route.' });
  });
  cleanups.push(() => server.close());
  return { url: `http://127.0.0.1:${server.port}`, nodes, state, asks: (id: string) => asks.get(id) ?? 0 };
}

/** A sibling machine publishing `status()` sealed for `nodeId`, taking hellos (204). */
async function sibling(nodeId: string, status: () => Record<string, unknown>, key = KEY) {
  const hellos: string[] = [];
  const server = await serveOnLoopback((req, res) => {
    if (req.url !== '/iicp/fleet') return json(res, 404, {});
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(sealStatus(key, nodeId, status()));
      return;
    }
    void readBodyUpTo(req, 1 << 20).then(({ bytes }) => {
      hellos.push(bytes.toString('utf8'));
      res.writeHead(204);
      res.end();
    });
  });
  cleanups.push(() => server.close());
  return { url: `http://127.0.0.1:${server.port}`, hellos, close: server.close };
}

/** The service's shelf in memory, each value kept as JSON (as the database keeps it). */
function memoryShelf() {
  const values = new Map<string, string>();
  return {
    get<T>(key: string, fallback: T, isValid: (v: unknown) => v is T): T {
      const raw = values.get(key);
      if (raw === undefined) return fallback;
      const v: unknown = JSON.parse(raw);
      return isValid(v) ? v : fallback;
    },
    set(key: string, value: unknown): void {
      values.set(key, JSON.stringify(value));
    },
  };
}

interface FleetOptions {
  machines?: MachineRef[];
  selfName?: string;
  shelf?: ReturnType<typeof memoryShelf>;
  shareOwnerFirst?: boolean;
  /** The machine whose looks `history` follows. */
  watch?: string;
}

/** A fleet service for SELF, recording alerts, saved lists and renames; `looks` counts finished looks. */
function fleet(dir: Awaited<ReturnType<typeof directory>>, o: FleetOptions = {}) {
  const rec = {
    alerts: [] as { kind: string; nodeId: string; asks: number; looksBefore: number }[],
    saved: [] as MachineRef[][],
    renames: [] as string[],
    looks: 0,
    /** At the end of each look: how often the directory had been asked about `o.watch`, its state, the alerts so far. */
    history: [] as { asks: number; state: string | undefined; alerts: string[] }[],
  };
  let machines = o.machines ?? [];
  let selfName = o.selfName ?? 'Home PC';
  let enough = () => true;
  const clock = { now: T0 };
  const self = (): SelfFacts => ({
    name: selfName,
    switchedOn: true,
    pausedUntil: null,
    schedule: ALWAYS,
    ownerFirst: 'yielding',
    slots: { busy: 1, total: 2 },
    today: { tasks: 3, credits: null },
    models: ['llama3:8b'],
    lastHeartbeatAt: T0,
    reputation: null,
  });
  const svc: FleetService = new FleetService({
    selfNodeId: SELF,
    access: () => ({ fingerprint: FP, key: KEY, machines }),
    saveMachines: (fingerprint, list) => {
      expect(fingerprint).toBe(FP);
      rec.saved.push(list);
      machines = list;
    },
    self,
    directoryUrl: () => dir.url,
    machineFetch: fetch,
    intervalMs: () => 1000,
    shelf: o.shelf ?? memoryShelf(),
    walletNodes: () => null,
    shareOwnerFirst: () => o.shareOwnerFirst ?? false,
    webhook: () => ({ set: false, pending: 0, last: null }),
    alert: (kind, m) => rec.alerts.push({ kind, nodeId: m.nodeId, asks: dir.asks(m.nodeId), looksBefore: rec.looks }),
    renameSelf: (name) => {
      rec.renames.push(name);
      selfName = name;
    },
    now: () => clock.now,
    intents: () => ['chat'],
    onChange: () => {
      rec.looks++;
      if (o.watch) rec.history.push({ asks: dir.asks(o.watch), state: stateOf(o.watch), alerts: rec.alerts.map((a) => a.kind) });
      // The next look right away, until the test has what it asked for.
      if (!enough()) svc.lookNow();
    },
    log: () => undefined,
  });
  const stateOf = (nodeId: string) => svc.info().machines.find((m) => m.nodeId === nodeId)?.state;
  cleanups.push(() => svc.stop());
  return {
    svc,
    rec,
    clock,
    stateOf,
    machines: () => machines,
    /** Starts the service and waits for its first look. */
    async start(): Promise<void> {
      enough = () => rec.looks >= 1;
      svc.start();
      await eventually(() => expect(rec.looks).toBeGreaterThanOrEqual(1));
    },
    /** Waits for `count` more looks, each asked for as soon as the one before ended. */
    async looks(count: number): Promise<void> {
      const target = rec.looks + count;
      enough = () => rec.looks >= target;
      svc.lookNow();
      await eventually(() => expect(rec.looks).toBeGreaterThanOrEqual(target));
    },
    /** Looks until a look has asked the directory about the watched machine for the `n`th time, and ended. */
    async untilAsked(n: number): Promise<void> {
      enough = () => rec.history.some((h) => h.asks >= n);
      svc.lookNow();
      await eventually(() => expect(enough()).toBe(true));
    },
    /** What the look that asked the directory about the watched machine for the `n`th time ended with. */
    atAsk: (n: number) => rec.history.find((h) => h.asks === n),
  };
}

/** A directory listing ATTIC at `endpoint`, and a fleet that knows ATTIC. */
async function withAttic(status: () => Record<string, unknown>, o: FleetOptions = {}) {
  const dir = await directory();
  const sib = await sibling(ATTIC, status);
  dir.nodes.set(ATTIC, { endpoint: sib.url, lastSeen: T0 - 120_000 });
  const f = fleet(dir, { machines: [{ nodeId: ATTIC, name: 'Attic' }], watch: ATTIC, ...o });
  return { dir, sib, f };
}

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
    expect(readHello(sib.hellos[0]!, KEY)).toMatchObject({ nodeId: SELF, name: 'Home PC' });

    // The look that found it silent, then five more.
    await f.untilAsked(4 + 5);
    expect(f.atAsk(2)).toEqual({ asks: 2, state: 'online', alerts: [] });
    // One missed look is not news.
    expect(f.atAsk(3)).toEqual({ asks: 3, state: 'online', alerts: [] });
    expect(f.atAsk(4)).toEqual({ asks: 4, state: 'down', alerts: ['machine_down'] });
    for (let n = 5; n <= 9; n++) expect(f.atAsk(n), `look ${n}`).toEqual({ asks: n, state: 'down', alerts: ['machine_down'] });
    expect(f.rec.alerts).toEqual([{ kind: 'machine_down', nodeId: ATTIC, asks: 4, looksBefore: 3 }]);
    expect(f.svc.summary()).toEqual({ machines: 2, online: 1, down: [{ nodeId: ATTIC, name: 'Attic', since: new Date(T0).toISOString() }] });

    // It comes back (at a new address, as a restarted machine may).
    const back = await sibling(ATTIC, () => statusOf(ATTIC));
    dir.nodes.set(ATTIC, { endpoint: back.url, lastSeen: T0 });
    await f.looks(4);
    expect(f.stateOf(ATTIC)).toBe('online');
    expect(f.rec.alerts.map((a) => a.kind)).toEqual(['machine_down', 'machine_back']);
    expect(f.svc.summary()).toEqual({ machines: 2, online: 2, down: [] });
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
    expect(again.rec.alerts.map((a) => a.kind)).toEqual(['machine_back']);
    expect(again.stateOf(ATTIC)).toBe('online');
  });

  it('meets the machines another machine lists, and takes the name a machine gives itself', async () => {
    const { f } = await withAttic(() => statusOf(ATTIC, { name: 'Attic rig', machines: [{ nodeId: DEN, name: 'Den' }, { nodeId: SELF, name: 'Home PC' }] }), {
      machines: [{ nodeId: ATTIC, name: 'Machine node-att' }],
    });
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
    expect(f.svc.hello(helloFrom(DEN, statusOf(DEN, { name: 'Den' })))).toBe(false);
    await f.start();
    // The first look put this computer in the list.
    expect(f.machines()).toEqual([{ nodeId: SELF, name: 'Home PC' }]);
    const before = f.rec.saved.length;

    const refused = [
      'not json',
      '',
      '{}',
      JSON.stringify({ node_id: DEN, sealed: 'not sealed' }),
      helloFrom(DEN, statusOf(DEN), OTHER_KEY),
      // Sealed for one machine, sent as another's.
      helloFrom(DEN, statusOf(DEN), KEY, ATTIC),
      // Sealed for the machine it names, but its status speaks of another.
      helloFrom(DEN, statusOf(ATTIC)),
      // This computer's own status coming back to it.
      helloFrom(SELF, statusOf(SELF)),
      JSON.stringify({ ...(JSON.parse(helloFrom(DEN, statusOf(DEN))) as object), extra: 1 }),
    ];
    for (const body of refused) expect(f.svc.hello(body), body.slice(0, 60)).toBe(false);
    expect(f.rec.saved).toHaveLength(before);

    expect(f.svc.hello(helloFrom(DEN, statusOf(DEN, { name: 'Den' })))).toBe(true);
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
    expect(f.svc.hello(helloFrom(DEN, statusOf(DEN, { name: 'Den' })))).toBe(true);
    expect(f.rec.saved).toHaveLength(saves);
  });

  it("publishes a status sealed for this computer, without its owner-first state unless it shares it", async () => {
    const dir = await directory();
    const f = fleet(dir, { machines: [{ nodeId: ATTIC, name: 'Attic' }], shareOwnerFirst: false });
    const text = f.svc.publishedStatus()!;
    expect(text).not.toContain('Home PC');
    const got = readMachineStatus(openStatus(KEY, SELF, text), SELF);
    expect(got).toMatchObject({
      v: 1,
      nodeId: SELF,
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
    expect(openStatus(KEY, ATTIC, text)).toBeNull();
    expect(openStatus(OTHER_KEY, SELF, text)).toBeNull();
    // Made at most once a second.
    expect(f.svc.publishedStatus()).toBe(text);
    f.clock.now += 1_000;
    expect(f.svc.publishedStatus()).not.toBe(text);

    const sharing = fleet(dir, { shareOwnerFirst: true });
    expect(readMachineStatus(openStatus(KEY, SELF, sharing.svc.publishedStatus()!), SELF)?.ownerFirst).toBe('yielding');
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

    it('is given up by a computer new to the list (an import) when a machine in it has the name', async () => {
      const f = await run([{ nodeId: ATTIC, name: ` ${FIRST_RUN_NAME.toLowerCase()} ` }], FIRST_RUN_NAME);
      expect(f.rec.renames).toEqual([`${FIRST_RUN_NAME} 2`]);
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
