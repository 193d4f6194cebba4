/**
 * Stand-ins for the fleet service's tests: a directory answering `GET /v1/node/{id}` and `GET /v1/discover`, sibling
 * machines answering sealed questions at `/iicp/fleet` (or falling silent, or played back by an impostor), a shelf
 * in memory, and a fleet service for SELF on the test's clock that records what it tells.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, expect } from 'vitest';
import type { AvailabilitySchedule } from '@shared/contract';
import type { MachineOutage } from '@shared/words/fleet-words';
import { FleetService, type SelfFacts } from '@engine/fleet/fleet-service';
import { seal } from '@engine/fleet/fleet-seal';
import { askFor, readRequest } from '@engine/fleet/fleet-wire';
import type { MachineRef } from '@engine/identity/machine-list';
import { MyMachines } from '@engine/identity/my-machines';
import { fleetKey } from '@engine/identity/operator-key';
import { eventually } from '../../support/eventually';
import { memoryShelf } from '../../support/memory-shelf';
import { readBodyUpTo, serveOnLoopback } from '../../support/http-server';

export const SELF = 'node-self-0001';
export const ATTIC = 'node-attic-0002';
export const DEN = 'node-den-0003';
export const KEY = fleetKey(Buffer.alloc(32, 3));
export const OTHER_KEY = fleetKey(Buffer.alloc(32, 4));
export const FP = 'abcdef012345';
/** A Monday, 12:00 UTC. */
export const T0 = Date.parse('2026-06-01T12:00:00Z');
export const FIRST_RUN_NAME = 'My IICP node';

export const ALWAYS: AvailabilitySchedule = { timeZone: 'UTC', windows: [], outsideShare: 0 };
/** On from 00:00 to 06:00 every day: at T0 the machine is outside its windows. */
export const NIGHTS: AvailabilitySchedule = {
  timeZone: 'UTC',
  windows: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '06:00', share: 1 }],
  outsideShare: 0,
};

export const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A machine's counter, as the stand-ins give it out: each status a greater number. */
let seqs = 1_000;

export function statusOf(nodeId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    v: 2,
    nodeId,
    seq: ++seqs,
    nonce: null,
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

/** A machine's questions, as the stand-ins number them: each a greater number, as a machine's counter gives them. */
let questions = 1_000_000;

/**
 * A question from `from` for `to`, numbered after every one the stand-ins made before, and the code its answer carries.
 */
export const askOf = (from: string, to: string, key = KEY) => askFor(key, from, to, ++questions);

export const helloFrom = (nodeId: string, status: Record<string, unknown>, key = KEY, sealedFor = nodeId) =>
  JSON.stringify({ from: nodeId, hello: seal(key, 'hello', sealedFor, status) });
/** What a hello a stand-in received says, opened as the machine `to` opens it. */
export const helloSaid = (body: string, to: string) => {
  const r = readRequest(body, KEY, to);
  return r?.kind === 'hello' ? r.status : null;
};

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * The stand-in directory. `nodes` holds what `GET /v1/node/{id}` says (unknown ids: 404); `asks` counts those
 * requests per node; `onAsk` runs before an answer (to stop a sibling at an exact look); `failing` drops every
 * connection unanswered, as when this computer has no network.
 */
export async function directory() {
  const nodes = new Map<string, { endpoint: string; lastSeen: number | null }>();
  const asks = new Map<string, number>();
  const state = {
    failing: false,
    discover: [] as unknown[],
    discoverAsks: 0,
    onAsk: null as ((nodeId: string, n: number) => Promise<void> | void) | null,
  };
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
        json(res, 200, {
          node_id: id,
          endpoint: known.endpoint,
          available: true,
          active_jobs: 0,
          last_seen: lastSeen,
          reputation_score: 0.9,
          completed_tasks_count: 5,
          capabilities: [],
        });
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

/**
 * A sibling machine answering each question with `status()` sealed as its answer (the question's code in it), and
 * taking hellos (204); `answers` keeps every answer it gave, for a test to play back.
 */
export async function sibling(nodeId: string, status: () => Record<string, unknown>, key = KEY) {
  const hellos: string[] = [];
  const answers: string[] = [];
  /** `silent`: every connection dropped unanswered (its network is down); `replay`: every request answered with it. */
  const state = { silent: false, replay: null as string | null };
  const server = await serveOnLoopback((req, res) => {
    if (state.silent) return void req.socket.destroy();
    if (req.url !== '/iicp/fleet' || req.method !== 'POST') return json(res, 404, {});
    void readBodyUpTo(req, 1 << 20).then(({ bytes }) => {
      const body = bytes.toString('utf8');
      if (state.replay !== null) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(state.replay);
        return;
      }
      const r = readRequest(body, key, nodeId);
      if (r?.kind === 'ask') {
        const answer = seal(key, 'status', nodeId, { ...status(), nonce: r.nonce })!;
        answers.push(answer);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(answer);
        return;
      }
      hellos.push(body);
      res.writeHead(204);
      res.end();
    });
  });
  cleanups.push(() => server.close());
  return { url: `http://127.0.0.1:${server.port}`, hellos, answers, state, close: server.close };
}

/** The service's shelf in memory, each value kept as JSON (as the database keeps it). */
export { memoryShelf };

export interface FleetOptions {
  machines?: MachineRef[];
  selfName?: string;
  shelf?: ReturnType<typeof memoryShelf>;
  shareOwnerFirst?: boolean;
  /** The machine whose looks `history` follows. */
  watch?: string;
  settleMs?: number;
  /** The node's one name resolver (identity/machine-names.ts), when the test gives one. */
  nameOf?: (nodeId: string) => string | null;
  /** The models this computer offers (default one). */
  models?: string[];
}

/** A fleet service for SELF, recording alerts, saved lists and renames; `looks` counts finished looks. */
export function fleet(dir: Awaited<ReturnType<typeof directory>>, o: FleetOptions = {}) {
  const rec = {
    alerts: [] as { kind: string; nodeId: string; asks: number; looksBefore: number }[],
    /** The name each alert gave its machine, in order. */
    alertNames: [] as string[],
    saved: [] as MachineRef[][],
    renames: [] as string[],
    /** The events the service logged, as `event details`. */
    events: [] as string[],
    outages: [] as MachineOutage[],
    looks: 0,
    /** How often the service read the identity's part (its key and list). */
    accessReads: 0,
    /**
     * At the end of each look: how often the directory had been asked about `o.watch`, its state, the alerts so far.
     */
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
    models: o.models ?? ['llama3:8b'],
    lastHeartbeatAt: T0,
    reputation: null,
  });
  const access = () => {
    rec.accessReads++;
    return { fingerprint: FP, key: KEY, machines };
  };
  const saveMachines = (fingerprint: string, list: MachineRef[]) => {
    expect(fingerprint).toBe(FP);
    rec.saved.push(list);
    machines = list;
  };
  const myMachines = new MyMachines({
    holder: { access, save: saveMachines },
    waiting: null,
    selfNodeId: SELF,
    log: () => undefined,
  });
  const svc: FleetService = new FleetService({
    selfNodeId: SELF,
    access,
    saveMachines,
    addMachine: (nodeId) => myMachines.add(nodeId),
    self,
    directoryUrl: () => dir.url,
    machineFetch: fetch,
    intervalMs: () => 1000,
    shelf: o.shelf ?? memoryShelf(),
    walletNodes: () => null,
    shareOwnerFirst: () => o.shareOwnerFirst ?? false,
    webhook: () => ({ set: false, pending: 0, last: null }),
    alert: (kind, m, outage) => {
      rec.alerts.push({ kind, nodeId: m.nodeId, asks: dir.asks(m.nodeId), looksBefore: rec.looks });
      rec.alertNames.push(m.name);
      if (outage) rec.outages.push(outage);
    },
    renameSelf: (name) => {
      rec.renames.push(name);
      selfName = name;
    },
    now: () => clock.now,
    settleMs: o.settleMs,
    intents: () => ['chat'],
    onChange: () => {
      rec.looks++;
      if (o.watch)
        rec.history.push({ asks: dir.asks(o.watch), state: stateOf(o.watch), alerts: rec.alerts.map((a) => a.kind) });
      // The next look right away, until the test has what it asked for.
      if (!enough()) svc.lookNow();
    },
    log: (_level, event, details) => rec.events.push(`${event} ${details ?? ''}`.trim()),
    nameOf: o.nameOf,
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
export async function withAttic(status: () => Record<string, unknown>, o: FleetOptions = {}) {
  const dir = await directory();
  const sib = await sibling(ATTIC, status);
  dir.nodes.set(ATTIC, { endpoint: sib.url, lastSeen: T0 - 120_000 });
  const f = fleet(dir, { machines: [{ nodeId: ATTIC, name: 'Attic' }], watch: ATTIC, ...o });
  return { dir, sib, f };
}
