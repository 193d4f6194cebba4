/**
 * Three computers of one operator against the PHP-faithful test directory: the identity made on A and imported on B
 * and C (which then never both keep the first-run name). Each one's Machines list shows all three with the right
 * state. B crashed inside its availability window (stopped with its line cut, so no goodbye leaves) is one alert on
 * each of the others, and on A's webhook; B back is one "back" notice each once it has answered for the settling time.
 * B quit cleanly says goodbye: "stopped" on the others, with no alert. C, asleep outside its windows, and B stopped
 * after a pause, are none.
 */
import { english } from '@shared/i18n/say';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent, FleetInfo, Notice } from '@shared/contract';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { eventually, http, startPublicNode, type NodeHarness } from '../support/node-harness';
import { startWebhookReceiver } from '../support/webhook-receiver';
import { cuttableFetch, type CuttableFetch } from '../support/cuttable-fetch';

const PASS = 'a long passphrase for the fleet';
/** The directory's heartbeat interval, which is also how often each machine looks at the others. */
const INTERVAL_MS = 1000;
/** How long a machine must answer again before its "back" is told (5 minutes outside tests). */
const SETTLE_MS = 3000;

let directory: TestDirectory;
let backend: FakeBackend;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const nodes: NodeHarness[] = [];
let a: NodeHarness;
let b: NodeHarness;
let c: NodeHarness;

beforeAll(async () => {
  directory = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: false,
    heartbeatIntervalMs: INTERVAL_MS,
  });
  backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  for (const n of nodes.splice(0)) await n.stop();
  await receiver?.close();
  await backend?.close();
  await directory?.close();
});

/** Each machine's line to the others, to cut before a stop that plays a crash. */
const lines = new Map<NodeHarness, CuttableFetch>();

async function startOne(): Promise<NodeHarness> {
  const line = cuttableFetch();
  const h = await startPublicNode(
    { directory: directory.url, backend: backend.url },
    {},
    {
      publicFetch: line.fetch,
      tuning: { fleetDiscoverMs: 500, fleetSettleMs: SETTLE_MS, earnings: { syncIntervalMs: 2000 } },
    },
  );
  nodes.push(h);
  lines.set(h, line);
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
  ids.set(h, h.node.getSnapshot().node.nodeId!);
  return h;
}

/** Node ids and names as they were while running (a stopped node's snapshot has neither). */
const ids = new Map<NodeHarness, string>();
const idOf = (h: NodeHarness) => ids.get(h) ?? h.node.getSnapshot().node.nodeId!;
const fleetOf = (h: NodeHarness): Promise<FleetInfo> => h.node.commandHandlers().getFleet({}) as Promise<FleetInfo>;
const stateOf = async (h: NodeHarness, of: NodeHarness) =>
  (await fleetOf(h)).machines.find((m) => m.nodeId === idOf(of))?.state;
const noticesOf = (h: NodeHarness, kind: Notice['kind']) => h.node.getSnapshot().notices.filter((n) => n.kind === kind);
/** The alerts a machine told, from its event log (the notices of one machine replace each other on the list). */
const told = async (h: NodeHarness, event: 'fleet_machine_down' | 'fleet_machine_back') =>
  ((await h.node.commandHandlers().listEvents({ limit: 500 })) as EngineEvent[])
    .filter((e) => e.event === event)
    .map((e) => e.id);

/** A window on another day than today (UTC), so the machine is outside its windows now. */
function elsewhereSchedule() {
  const isoToday = ((new Date().getUTCDay() + 6) % 7) + 1;
  return {
    timeZone: 'UTC',
    windows: [{ days: [((isoToday + 2) % 7) + 1], start: '10:00', end: '11:00', share: 1 }],
    outsideShare: 0,
  };
}

describe('the machines of one operator', () => {
  it('made on A, imported on B and C: every list shows all three, online, each under its own name', async () => {
    [a, b, c] = [await startOne(), await startOne(), await startOne()];
    await a.node.commandHandlers().createOperator({ displayName: 'Ada Rigs' });
    // A looks once, so the file it exports names it among the operator's machines.
    await eventually(async () => expect((await fleetOf(a)).machines).toHaveLength(1));
    const file = await a.node.commandHandlers().exportOperator({ passphrase: PASS });
    for (const h of [b, c])
      await h.node.commandHandlers().importOperator({ file: file.text, passphrase: PASS, replace: false });
    await c.node.commandHandlers().updateSchedule(elsewhereSchedule());
    await a.node.commandHandlers().updateFleet({ webhookUrl: receiver.url('/topic-secret-123') });
    for (const h of [a, b, c]) {
      await eventually(async () => {
        const f = await fleetOf(h);
        expect(f.state).toBe('active');
        expect(f.machines.map((m) => m.nodeId).sort()).toEqual([idOf(a), idOf(b), idOf(c)].sort());
        expect(f.machines.every((m) => m.state === 'online')).toBe(true);
        expect(f.machines[0]!.self).toBe(true);
      }, 20_000);
    }
    // The first-run name stays with the first machine; the others took the next free numbers.
    await eventually(
      () => expect(new Set([a, b, c].map((h) => h.node.getSnapshot().node.displayName)).size).toBe(3),
      10_000,
    );
    expect(a.node.getSnapshot().node.displayName).toBe('My IICP node');
    await eventually(async () => {
      const names = (await fleetOf(b)).machines.map((m) => m.name).sort();
      expect(names).toEqual([a, b, c].map((h) => h.node.getSnapshot().node.displayName).sort());
    }, 10_000);
    // What each machine published, with where it comes from: C is outside its windows, the others inside.
    const onA = await fleetOf(a);
    const cRow = onA.machines.find((m) => m.nodeId === idOf(c))!;
    expect(cRow.window).toMatchObject({ inside: false, switchedOn: true, timeZone: 'UTC' });
    expect(onA.machines.find((m) => m.nodeId === idOf(b))!.window).toMatchObject({ inside: true });
    expect(cRow.models).toEqual(['qwen2.5:7b']);
    expect(cRow.sources.directory.at).not.toBeNull();
    expect(cRow.sources.machine.at).not.toBeNull();
    expect(cRow.reputation).not.toBeNull();
    expect(a.node.getSnapshot().fleet).toMatchObject({ machines: 3, online: 3, down: [] });
  });

  it("refuses, in Settings as on the Machines page, another machine's name however it is written", async () => {
    const aName = a.node.getSnapshot().node.displayName;
    const copies = [
      aName.normalize('NFD').toUpperCase(),
      aName.replace(/ /g, '\u00a0'),
      aName.replace(/ /g, ' \u200b'),
    ];
    for (const copy of copies) {
      for (const [command, request] of [
        ['updateSettings', { displayName: copy }],
        ['renameMachine', { name: copy }],
      ] as const) {
        const handler = b.node.commandHandlers()[command] as (r: object) => unknown;
        const err = await Promise.resolve()
          .then(() => handler(request))
          .then(
            () => null,
            (e: unknown) => e,
          );
        expect(err, `${command} ${JSON.stringify(copy)}`).toMatchObject({
          body: { code: 'invalid_request', issues: [expect.objectContaining({ code: 'name_taken' })] },
        });
      }
    }
    expect(b.node.getSnapshot().node.displayName).not.toBe(aName);
  });

  it('tells nobody without the identity anything of itself: no public status, one refusal for every stranger', async () => {
    const get = await http(`${b.base}/iicp/fleet`);
    expect(get.status).toBe(405);
    const post = await http(`${b.base}/iicp/fleet`, { raw: JSON.stringify({ from: idOf(a), ask: 'not sealed' }) });
    expect(post.status).toBe(403);
    for (const res of [get, post]) {
      expect(res.text).not.toContain('qwen');
      expect(res.text).not.toContain(b.node.getSnapshot().node.displayName);
    }
  });

  it('B crashed inside its window (no goodbye): one alert on each of the others, and on the webhook', async () => {
    const bName = b.node.getSnapshot().node.displayName;
    const stoppedAt = Date.now();
    lines.get(b)!.cut();
    await b.node.stop();
    for (const h of [a, c]) {
      await eventually(() => expect(noticesOf(h, 'machine_down')).toHaveLength(1), 15_000);
      expect(english.said(noticesOf(h, 'machine_down')[0]!.title)).toBe(`“${bName}” is down`);
      expect(noticesOf(h, 'machine_down')[0]!.route).toBe('fleet');
    }
    // How long it took, for the record (the fleet service's unit test pins it to the second look).
    console.info(`[fleet] alert after ${Date.now() - stoppedAt} ms (interval ${INTERVAL_MS} ms)`);
    expect(await stateOf(a, b)).toBe('down');
    expect(a.node.getSnapshot().fleet?.down.map((d) => d.nodeId)).toEqual([idOf(b)]);
    await eventually(() => expect(receiver.received.map((r) => r.tags)).toEqual(['warning']), 15_000);
    expect(receiver.received[0]!.title).toBe(`“${bName}” is down`);
    // Several more looks: still one alert.
    const looks = directory.state.heartbeats.length;
    await eventually(() => expect(directory.state.heartbeats.length).toBeGreaterThan(looks + 4), 15_000);
    for (const h of [a, c]) expect(noticesOf(h, 'machine_down')).toHaveLength(1);
  });

  it('B back: once it has answered for the settling time, one "back" notice on each of the others, and on the webhook', async () => {
    lines.get(b)!.mend();
    await b.node.start();
    for (const h of [a, c]) await eventually(() => expect(noticesOf(h, 'machine_back')).toHaveLength(1), 20_000);
    await eventually(
      () => expect(receiver.received.map((r) => r.tags)).toEqual(['warning', 'white_check_mark']),
      15_000,
    );
    expect(await stateOf(a, b)).toBe('online');
    // The "back" took the "down" notice's place: one notice for B, where it stands now.
    for (const h of [a, c]) expect(noticesOf(h, 'machine_down')).toEqual([]);
    for (const h of [a, c]) expect(await told(h, 'fleet_machine_down')).toHaveLength(1);
  });

  it('B quit cleanly inside its window: stopped by its owner on each of the others, no alert; online when back', async () => {
    const downsBefore = await Promise.all([a, c].map((h) => told(h, 'fleet_machine_down')));
    await b.node.stop();
    // The goodbye is taken as it comes: no missed look is waited for.
    for (const h of [a, c]) await eventually(async () => expect(await stateOf(h, b)).toBe('stopped'), 5_000);
    const looks = directory.state.heartbeats.length;
    await eventually(() => expect(directory.state.heartbeats.length).toBeGreaterThan(looks + 4), 15_000);
    for (const [i, h] of [a, c].entries()) {
      expect(await stateOf(h, b)).toBe('stopped');
      expect(await told(h, 'fleet_machine_down')).toEqual(downsBefore[i]);
      expect(noticesOf(h, 'machine_down')).toEqual([]);
      expect(h.node.getSnapshot().fleet?.down).toEqual([]);
    }
    const row = (await fleetOf(a)).machines.find((m) => m.nodeId === idOf(b))!;
    expect(english.said(row.words)).toBe('Its node was quit on that computer: as planned.');
    expect(receiver.received.map((r) => r.tags)).toEqual(['warning', 'white_check_mark']);

    await b.node.start();
    for (const h of [a, c]) await eventually(async () => expect(await stateOf(h, b)).toBe('online'), 15_000);
    for (const [i, h] of [a, c].entries()) expect(await told(h, 'fleet_machine_down')).toEqual(downsBefore[i]);
  });

  it('C stopped outside its windows: asleep as planned, no alert', async () => {
    await c.node.stop();
    await eventually(async () => expect(await stateOf(a, c)).toBe('asleep'), 15_000);
    const looks = directory.state.heartbeats.length;
    await eventually(() => expect(directory.state.heartbeats.length).toBeGreaterThan(looks + 4), 15_000);
    expect(await told(a, 'fleet_machine_down')).toHaveLength(1);
    expect(a.node.getSnapshot().fleet?.down).toEqual([]);
  });

  it('B paused, then stopped: paused, no alert; the webhook got exactly the alert and the back notice', async () => {
    await b.node.commandHandlers().pause({});
    await eventually(async () => expect(await stateOf(a, b)).toBe('paused'), 15_000);
    await b.node.stop();
    const looks = directory.state.heartbeats.length;
    await eventually(() => expect(directory.state.heartbeats.length).toBeGreaterThan(looks + 4), 15_000);
    expect(await stateOf(a, b)).toBe('paused');
    expect(await told(a, 'fleet_machine_down')).toHaveLength(1);
    expect(receiver.received.map((r) => r.tags)).toEqual(['warning', 'white_check_mark']);
    // Never the address (a secret), a LAN address or a program name in what was posted.
    for (const r of receiver.received) expect(`${r.title} ${r.body}`).not.toMatch(/topic-secret|127\.0\.0\.1|ollama/i);
  });

  it('after a restart, A remembers the machines and their states, and repeats no alert', async () => {
    const before = await told(a, 'fleet_machine_down');
    const shown = a.node.getSnapshot().notices.map((n) => n.id);
    await a.node.stop();
    await a.node.start();
    await eventually(async () => {
      const f = await fleetOf(a);
      expect(f.machines).toHaveLength(3);
      expect(f.machines.find((m) => m.nodeId === idOf(c))?.state).toBe('asleep');
      expect(f.machines.find((m) => m.nodeId === idOf(b))?.state).toBe('paused');
    }, 15_000);
    const looks = directory.state.heartbeats.length;
    await eventually(() => expect(directory.state.heartbeats.length).toBeGreaterThan(looks + 3), 15_000);
    expect(await told(a, 'fleet_machine_down')).toEqual(before);
    expect(a.node.getSnapshot().notices.map((n) => n.id)).toEqual(shown);
  });
});
