/**
 * Attacks on the person's machines, against real nodes of one operator and the PHP-faithful test directory. B's public
 * address is an on-path attacker (`onPath`, a recording proxy in front of B's task port) that records every answer of
 * `/iicp/fleet`, can drop B's traffic (a network that flaps), and once B is stopped answers every request with what
 * it recorded. Nobody outside the operator learns anything from `/iicp/fleet`: not whether a computer is part of a
 * fleet, not from an answer's length whether it is on or paused; a recording played back as an answer or as a hello
 * changes nothing, and a stopped machine is told down at the second look; a flapping network is one "down" and one
 * "back", on the notices and on the webhook.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent, FleetInfo } from '@shared/contract';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { freePort } from '../support/free-port';
import { eventually, http, startNode, startPublicNode, type NodeHarness } from '../support/node-harness';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy';
import { startWebhookReceiver } from '../support/webhook-receiver';

const PASS = 'a long passphrase for the fleet';
/** The directory's heartbeat interval, which is also how often each machine looks at the others. */
const INTERVAL_MS = 1000;
/** How long a machine must answer again before its "back" is told: longer than a flap's up time of three looks. */
const SETTLE_MS = 12_000;

let directory: TestDirectory;
let backend: FakeBackend;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const nodes: NodeHarness[] = [];
let a: NodeHarness;
let b: NodeHarness;
let loner: NodeHarness;
/** B's public address: an attacker on its path, recording every answer of B's and dropping or replaying on cue. */
let onPath: RecordingProxy;
const ids = new Map<NodeHarness, string>();

const tuning = { fleetDiscoverMs: 500, fleetSettleMs: SETTLE_MS, earnings: { syncIntervalMs: 2000 } };

async function registered(h: NodeHarness): Promise<NodeHarness> {
  nodes.push(h);
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
  ids.set(h, h.node.getSnapshot().node.nodeId!);
  return h;
}

const idOf = (h: NodeHarness) => ids.get(h)!;
/** B's answers on `/iicp/fleet` the attacker recorded. */
const fleetAnswers = () => onPath.answered.filter((r) => r.path === '/iicp/fleet' && r.status === 200);
/** The requests to `/iicp/fleet` that reached the attacker (A's questions of B, whichever way a version asks). */
const asks = () => onPath.requests.filter((r) => r.path === '/iicp/fleet').length;
const fleetOf = (h: NodeHarness): Promise<FleetInfo> => h.node.commandHandlers().getFleet({}) as Promise<FleetInfo>;
const stateOf = async (h: NodeHarness, of: NodeHarness) => (await fleetOf(h)).machines.find((m) => m.nodeId === idOf(of))?.state;
const events = async (h: NodeHarness, event: string) => ((await h.node.commandHandlers().listEvents({ limit: 500 })) as EngineEvent[]).filter((e) => e.event === event && e.details.includes(idOf(b)));

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: INTERVAL_MS });
  backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
  receiver = await startWebhookReceiver();

  a = await registered(await startPublicNode({ directory: directory.url, backend: backend.url }, {}, { tuning }));
  const bPort = await freePort();
  onPath = await startRecordingProxy(bPort);
  // Once B is stopped, the attacker answers with the newest answer of B's it recorded.
  onPath.replay = () => fleetAnswers().at(-1)?.body ?? null;
  b = await registered(
    await startNode(
      { backendUrl: backend.url, directoryUrl: directory.url, publicEndpoint: onPath.url },
      { taskPort: bPort, allowPrivateEndpoint: true, tuning: { directoryStartupRetryDelaysMs: [200, 400], directoryBackoffBaseMs: 200, ...tuning } },
    ),
  );
  loner = await registered(await startPublicNode({ directory: directory.url, backend: backend.url }));

  await a.node.commandHandlers().createOperator({ displayName: 'Ada Rigs' });
  await eventually(async () => expect((await fleetOf(a)).machines).toHaveLength(1));
  const file = await a.node.commandHandlers().exportOperator({ passphrase: PASS });
  await b.node.commandHandlers().importOperator({ file: file.text, passphrase: PASS, replace: false });
  await a.node.commandHandlers().updateFleet({ webhookUrl: receiver.url('/topic') });
  for (const [h, other] of [
    [a, b],
    [b, a],
  ] as const) {
    await eventually(async () => expect(await stateOf(h, other)).toBe('online'), 20_000);
  }
}, 60_000);

afterAll(async () => {
  for (const n of nodes.splice(0)) await n.stop();
  await onPath?.close();
  await receiver?.close();
  await backend?.close();
  await directory?.close();
});

/** What the attacker records of B's answers to A from now on, once A has seen `state` of B. */
async function answerAfter(state: FleetInfo['machines'][number]['state']): Promise<{ status: number; body: string }> {
  await eventually(async () => expect(await stateOf(a, b)).toBe(state), 15_000);
  const from = onPath.answered.length;
  await eventually(() => expect(onPath.answered.length).toBeGreaterThan(from), 15_000);
  return onPath.answered.at(-1)!;
}

describe('what /iicp/fleet tells anybody', () => {
  it('the same refusal with an operator identity and without one: nobody learns which computer is in a fleet', async () => {
    const probes: { method: string; raw?: string }[] = [
      { method: 'GET' },
      { method: 'POST', raw: '{}' },
      { method: 'POST', raw: 'not json' },
      { method: 'POST', raw: JSON.stringify({ from: 'node-x', ask: '{"v":2,"iv":"AAAAAAAAAAAAAAAA","ct":"AA==","tag":"AAAAAAAAAAAAAAAAAAAAAA=="}' }) },
    ];
    for (const p of probes) {
      const [inFleet, alone] = [await http(`${b.base}/iicp/fleet`, p), await http(`${loner.base}/iicp/fleet`, p)];
      expect(inFleet.status, `${p.method} ${p.raw ?? ''}`).toBe(alone.status);
      expect(inFleet.text, `${p.method} ${p.raw ?? ''}`).toBe(alone.text);
      expect(inFleet.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('an answer is as long whether the machine is on, paused, or paused until a time', async () => {
    const on = await answerAfter('online');
    await b.node.commandHandlers().pause({});
    const paused = await answerAfter('paused');
    await b.node.commandHandlers().resume({});
    await answerAfter('online');
    await b.node.commandHandlers().pause({ untilMs: Date.now() + 3_600_000 });
    const until = await answerAfter('paused');
    await b.node.commandHandlers().resume({});
    await answerAfter('online');
    for (const r of [on, paused, until]) expect(r.status).toBe(200);
    console.info(`[hostile-fleet] answer lengths on/paused/until: ${on.body.length}/${paused.body.length}/${until.body.length}`);
    expect(new Set([on.body.length, paused.body.length, until.body.length]).size).toBe(1);
  });
});

describe('a network that flaps', () => {
  it('three flaps of three looks down and three up: one "down" and one "back" on the notices and the webhook', async () => {
    const downsBefore = (await events(a, 'fleet_machine_down')).length;
    const pushesBefore = receiver.received.length;
    // Driven by A's own questions, so a slow machine changes the timing, not the flaps.
    const start = asks();
    onPath.onRequest = () => {
      const k = asks() - start - 1;
      onPath.mode = k < 18 && k % 6 < 3 ? 'drop' : 'pass';
    };
    await eventually(() => expect(asks() - start).toBeGreaterThanOrEqual(18), 60_000);
    onPath.onRequest = null;
    onPath.mode = 'pass';
    expect((await events(a, 'fleet_machine_down')).length - downsBefore).toBe(1);
    await eventually(async () => expect((await events(a, 'fleet_machine_back')).length).toBe(1), 30_000);
    expect((await events(a, 'fleet_machine_down')).length - downsBefore).toBe(1);
    await eventually(() => expect(receiver.received.length - pushesBefore).toBe(2), 15_000);
    const told = receiver.received.slice(pushesBefore);
    expect(told.map((p) => p.tags)).toEqual(['warning', 'white_check_mark']);
    expect(told[1]!.body).toMatch(/^It went down [23] times in \d+ (seconds|minutes?)\. It has answered for \d+ (seconds|minutes?) now\.$/);
    // One notice for B on the list: where it stands now.
    const shown = a.node.getSnapshot().notices.filter((n) => n.kind === 'machine_down' || n.kind === 'machine_back');
    expect(shown.map((n) => n.kind)).toEqual(['machine_back']);
  }, 120_000);
});

describe('a recording played back', () => {
  it('B stopped, its last answer played back at its address and as a hello to A: told down within two looks', async () => {
    // Whatever anybody could record of B: its public route, and its answers to A on the way.
    await http(`${onPath.url}/iicp/fleet`);
    const recorded = fleetAnswers().map((r) => r.body);
    expect(recorded.length).toBeGreaterThan(0);
    const downsBefore = (await events(a, 'fleet_machine_down')).length;
    await b.node.stop();
    onPath.mode = 'replay';
    const stoppedAt = Date.now();
    let playing = true;
    const playBack = (async () => {
      while (playing) {
        for (const sealed of recorded) {
          await http(`${a.base}/iicp/fleet`, { raw: JSON.stringify({ from: idOf(b), hello: sealed }) }).catch(() => undefined);
          await http(`${a.base}/iicp/fleet`, { raw: JSON.stringify({ node_id: idOf(b), sealed }) }).catch(() => undefined);
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    try {
      await eventually(async () => expect(await stateOf(a, b)).toBe('down'), 15_000);
      console.info(`[hostile-fleet] told down ${Date.now() - stoppedAt} ms after B stopped (interval ${INTERVAL_MS} ms)`);
      expect((await events(a, 'fleet_machine_down')).length - downsBefore).toBe(1);
      // The recordings keep coming: B stays down.
      const looks = directory.state.heartbeats.length;
      await eventually(() => expect(directory.state.heartbeats.length).toBeGreaterThan(looks + 4), 15_000);
      expect(await stateOf(a, b)).toBe('down');
    } finally {
      playing = false;
      await playBack;
    }
  }, 60_000);
});
