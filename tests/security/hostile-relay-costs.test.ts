/**
 * A hostile relay must cost the node nothing: a node behind carrier-grade NAT, serving through the test relay, runs
 * in a process of its own (tests/security/lib/relayed-node-child.ts) with its real dashboard bridge, and the relay
 * turns on it.
 *
 * 1. "Check my node" through a relay that answers the node's health check with 2 GiB and the test task with 1 GiB:
 *    the node reads a capped amount of each, reports in plain words that the answer was too large, within a
 *    bounded time; checked again and again for as long as its `/iicp/health` is probed, its memory hardly grows and
 *    its health keeps answering at once.
 * 2. A relay that hands over a small plaintext call every time the node pulls, for 15 s: repeats of the same event
 *    are counted on a row rather than written one by one, the dashboard gets a few pushes a second rather than one
 *    per call, a different event still reaches it at once, and the counts are exact, also after a restart.
 *
 * Only what can be observed from outside is measured: the node's resident memory (/proc), health answers on its task
 * port, rows in its database, messages on its bridge, and what the relay handed over.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { english } from '@shared/i18n/say';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BRIDGE_PATH,
  BRIDGE_PROTOCOL,
  type BridgeMessage,
  type EngineEvent,
  type NodeSnapshot,
  type Result,
} from '@shared/contract';
import { startChild, type ChildServer } from '../bench/lib/server-child';
import { rssMB } from '../bench/lib/proc-rss';
import { startFakeBackend } from '../support/backends';
import { startTestDirectory } from '../support/directory';
import { eventually } from '../support/eventually';
import { chatTask } from '../support/node-harness';
import { startTestRelay, type TestRelay } from '../support/relay';
import { tempDir } from '../support/tmp';
import type { RelayedNodeConfig, RelayedNodeInfo } from './lib/relayed-node-child';
import {
  baselineOf,
  excessP99,
  healthFigures,
  healthP99Bound,
  healthVerdict,
  MIN_PROBES,
  PROBE_EVERY_MS,
  probeHealthApart,
  probeHealthFor,
  verdictOf,
} from './lib/health-bound';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await Promise.resolve(c()).catch(() => undefined);
});

interface World {
  relay: TestRelay;
  config: RelayedNodeConfig;
}

async function world(): Promise<World> {
  // The directory dials the registered endpoint before it answers REGISTER: through the relay.
  const dir = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: true,
    heartbeatIntervalMs: 500,
    activeProbeIntervalMs: null,
  });
  cleanups.push(() => dir.close());
  const backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
  cleanups.push(() => backend.close());
  const relay = await startTestRelay({ pollTimeoutMs: 1_000 });
  cleanups.push(() => relay.close());
  await relay.registerWith(dir.url, { heartbeatIntervalMs: 500 });
  const t = tempDir('iicp-costs-');
  cleanups.push(() => t.cleanup());
  return { relay, config: { dataDir: t.dir, directoryUrl: dir.url, backendUrl: backend.url } };
}

async function startRelayedNode(w: World): Promise<ChildServer<RelayedNodeInfo>> {
  const child = await startChild<RelayedNodeInfo>(
    'relayed node',
    'tests/security/lib/relayed-node-child.ts',
    [JSON.stringify(w.config)],
    { timeoutMs: 60_000 },
  );
  cleanups.push(() => child.stop());
  return child;
}

/** A dashboard on the node's headless bridge that keeps every message it is pushed. */
class Dashboard {
  readonly pushes: { at: number; event: 'snapshot' | 'engineEvent'; data: unknown }[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, (r: Result<unknown>) => void>();
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      const msg = JSON.parse(raw.toString()) as BridgeMessage;
      if (msg.type === 'event') this.pushes.push({ at: Date.now(), event: msg.event, data: msg.data });
      if (msg.type === 'result') {
        this.pending.get(msg.id)?.(msg.result);
        this.pending.delete(msg.id);
      }
    });
  }

  static async open(info: RelayedNodeInfo): Promise<Dashboard> {
    const ws = new WebSocket(`ws://127.0.0.1:${info.uiPort}${BRIDGE_PATH}`, [BRIDGE_PROTOCOL, `token.${info.token}`]);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const d = new Dashboard(ws);
    cleanups.push(() => ws.close());
    return d;
  }

  async call<T>(command: string, req: unknown = {}): Promise<T> {
    const id = this.nextId++;
    const r = await new Promise<Result<unknown>>((resolve) => {
      this.pending.set(id, resolve);
      this.ws.send(JSON.stringify({ id, command, request: req }));
    });
    if (!r.ok) throw new Error(`${command}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  }

  snapshot(): Promise<NodeSnapshot> {
    return this.call<NodeSnapshot>('getSnapshot');
  }

  close(): void {
    this.ws.close();
  }
}

/** Every event log row after `afterId`, newest first, page by page as the dashboard reads them. */
async function eventsAfter(d: Dashboard, afterId: number): Promise<EngineEvent[]> {
  const out: EngineEvent[] = [];
  let beforeId: number | undefined;
  for (;;) {
    const page = await d.call<EngineEvent[]>(
      'listEvents',
      beforeId === undefined ? { limit: 500 } : { limit: 500, beforeId },
    );
    for (const e of page) {
      if (e.id <= afterId) return out;
      out.push(e);
    }
    if (page.length < 500) return out;
    beforeId = page[page.length - 1]!.id;
  }
}

async function bound(d: Dashboard): Promise<void> {
  await eventually(
    async () => {
      const s = await d.snapshot();
      expect(s.directory.link).toBe('registered');
      expect(s.reachability).toMatchObject({ status: 'relayed', method: 'relay', relay: { state: 'bound' } });
    },
    40_000,
    200,
  );
}

/** "Check my node" on the dashboard, and its report once the check ended (null if none within `withinMs`). */
async function checkNode(
  d: Dashboard,
  withinMs: number,
): Promise<{ report: NodeSnapshot['reachability']['check']['last']; ms: number }> {
  const started = Date.now();
  const before = (await d.snapshot()).reachability.check.last?.at;
  await d.call('checkNode');
  while (Date.now() - started < withinMs) {
    const s = await d.snapshot();
    if (!s.reachability.check.running && s.reachability.check.last && s.reachability.check.last.at !== before)
      return { report: s.reachability.check.last, ms: Date.now() - started };
    await new Promise((r) => setTimeout(r, 50));
  }
  return { report: null, ms: Date.now() - started };
}

/** The highest resident set of a process, sampled every 50 ms. */
function peakRss(pid: number): { stop(): number } {
  let peak = rssMB(pid) ?? 0;
  const timer = setInterval(() => (peak = Math.max(peak, rssMB(pid) ?? 0)), 50);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssMB(pid) ?? 0);
    },
  };
}

/** Streams `bytes` of JSON whitespace as fast as the reader takes them, until it hangs up. */
function gigabytes(res: ServerResponse, bytes: number, declareLength: boolean, sent: { bytes: number }): void {
  const chunk = Buffer.alloc(MiB, 0x20);
  res.writeHead(200, {
    'content-type': 'application/json',
    ...(declareLength ? { 'content-length': String(bytes) } : {}),
  });
  let left = bytes;
  const write = () => {
    while (left > 0 && !res.destroyed) {
      const n = Math.min(chunk.length, left);
      left -= n;
      sent.bytes += n;
      if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
        res.once('drain', write);
        return;
      }
    }
    if (left === 0) res.end();
  };
  write();
}

describe('a hostile relay costs the node nothing', () => {
  it('"Check my node" through a relay answering with gigabytes: capped reads, a plain report in bounded time, no memory growth, health stays fast', async () => {
    const w = await world();
    const node = await startRelayedNode(w);
    const d = await Dashboard.open(node.info);
    await bound(d);

    const sent = { bytes: 0 };
    w.relay.setTamper({
      relayFor: ({ res, path }) => {
        // The health check gets 2 GiB without a declared length, the test task 1 GiB with one.
        gigabytes(res, path === 'health' ? 2 * GiB : GiB, path === 'task', sent);
        return true;
      },
    });
    // The health path warmed up first: the first answers of a fresh process measure its start, not the attack. The
    // same probes without the attack are the baseline.
    await probeHealthFor(node.info.taskPort, 1_000, { minProbes: 0, pid: node.pid });
    const WINDOW_MS = MIN_PROBES * PROBE_EVERY_MS;
    const quiet = await probeHealthFor(node.info.taskPort, WINDOW_MS, { pid: node.pid });
    const baseline = baselineOf(quiet);
    const rssBefore = rssMB(node.pid)!;
    const rss = peakRss(node.pid);
    await node.call('loop');
    const ownLoop = monitorEventLoopDelay({ resolution: 5 });
    ownLoop.enable();
    const health = await probeHealthApart(node.info.taskPort, { pid: node.pid });
    const probingFrom = Date.now();
    let checkedAt = Date.now();
    // Bounded: the check's own timeouts add up to well under this; the issue saw no report after 45 s.
    const first = await checkNode(d, 45_000);
    const sentByFirst = sent.bytes;
    // One check is over in a fraction of a second: the node is checked again every half second until the health
    // window is full, so the relay attacks throughout it. Not back to back: that would measure how many checks a
    // second the node manages on a busy machine, not whether a check holds up its loop.
    let checks = 1;
    while (Date.now() - probingFrom < WINDOW_MS) {
      await new Promise((r) => setTimeout(r, Math.max(0, checkedAt + 500 - Date.now())));
      checkedAt = Date.now();
      await checkNode(d, 45_000);
      checks++;
    }
    const probes = await health.stop();
    ownLoop.disable();
    const loop = await node.call<{ p99: number; max: number }>('loop');
    const growth = rss.stop() - rssBefore;
    const { report, ms: reportMs } = first;
    console.log(`check-my-node: time to report ${report ? `${reportMs} ms` : `none within ${reportMs} ms`}`);
    console.log(
      `check-my-node: engine RSS growth ${growth.toFixed(0)} MiB over ${checks} checks (before ${rssBefore.toFixed(0)} MiB)`,
    );
    console.log(
      `check-my-node: /iicp/health without the attack ${healthFigures(quiet)}; with it ${healthFigures(probes)}`,
    );
    console.log(healthVerdict('check-my-node', verdictOf(probes), baseline));
    console.log(
      `check-my-node: event loop delay p99/worst: the node ${loop.p99.toFixed(1)}/${loop.max.toFixed(1)} ms, the probing test process (relay, directory) ${(ownLoop.percentile(99) / 1e6).toFixed(1)}/${(ownLoop.max / 1e6).toFixed(1)} ms`,
    );
    console.log(`check-my-node: the relay sent ${(sentByFirst / MiB).toFixed(1)} MiB for the first check`);
    console.log(
      `check-my-node: report ${JSON.stringify(report?.items.map((i) => `${i.id}: ${i.outcome}: ${english.said(i.words)}`) ?? null)}`,
    );

    expect(report, 'a report within a bounded time').not.toBeNull();
    expect(reportMs).toBeLessThanOrEqual(40_000);
    expect(growth).toBeLessThanOrEqual(256);
    expect(excessP99(probes)).toBeLessThanOrEqual(healthP99Bound(baseline));
    const byId = Object.fromEntries(report!.items.map((x) => [x.id, x]));
    // In plain words: the answer was too large, so it was not read.
    expect({ ...byId.health, words: english.said(byId.health!.words) }).toMatchObject({
      outcome: 'failed',
      words: expect.stringMatching(/more than 64 KiB.*not read/),
    });
    expect({ ...byId.task, words: english.said(byId.task!.words) }).toMatchObject({
      outcome: 'failed',
      words: expect.stringMatching(/larger than 256 KiB.*not read/),
    });
    expect(report!.outcome).not.toBe('ok');
    // The node stopped reading long before the relay could send what it meant to.
    expect(sentByFirst).toBeLessThan(256 * MiB);
  }, 120_000);

  it('a relay handing over plaintext calls as fast as the node pulls: repeats counted, pushes coalesced, exact counts after a restart', async () => {
    const w = await world();
    let node = await startRelayedNode(w);
    let d = await Dashboard.open(node.info);
    await bound(d);
    // The event log as stored, read through the node.
    const firstId = (await d.call<EngineEvent[]>('listEvents', { limit: 1 }))[0]?.id ?? 0;

    const handed = () =>
      w.relay.log.filter((e) => e.kind === 'pull' && e.call === 'tampered' && e.status === 200).length;
    const refused = () =>
      w.relay.log.filter((e) => e.kind === 'result' && JSON.stringify(e.body).includes('confidentiality_required'))
        .length;
    const FLOOD_MS = 15_000;
    const pushesBefore = d.pushes.length;
    const floodStart = Date.now();
    // A small plaintext call at once for every pull; the node refuses each (plaintext through a relay) and says so.
    w.relay.setTamper({
      pull: ({ respond }) => {
        respond(randomUUID(), chatTask(randomUUID()));
        return true;
      },
    });
    // Half-way, something else happens: it must reach the dashboard at once, not behind the flood.
    await new Promise((r) => setTimeout(r, FLOOD_MS / 2));
    const asked = Date.now();
    await d.call('updateSettings', { displayName: 'costs check' });
    const other = await eventually(
      () => {
        const p = d.pushes.find(
          (x) => x.at >= asked && x.event === 'engineEvent' && (x.data as EngineEvent).event === 'settings_changed',
        );
        if (!p) throw new Error('the settings change has not been pushed');
        return p;
      },
      10_000,
      10,
    );
    const otherMs = other.at - asked;
    await new Promise((r) => setTimeout(r, Math.max(0, floodStart + FLOOD_MS - Date.now())));
    w.relay.setTamper(null);
    const floodMs = Date.now() - floodStart;
    const during = d.pushes.slice(pushesBefore).filter((p) => p.at <= floodStart + floodMs);
    const eventPushes = during.filter((p) => p.event === 'engineEvent').length;
    const snapshotPushes = during.filter((p) => p.event === 'snapshot').length;

    // Every call handed over is answered (refused) and counted.
    await eventually(() => expect(refused()).toBe(handed()), 20_000, 100);
    const calls = handed();
    const stored = async () => {
      const refusedRows = (await eventsAfter(d, firstId)).filter((e) => e.event === 'relay_plaintext_refused');
      return { rows: refusedRows.length, total: refusedRows.reduce((n, e) => n + (e.count ?? 1), 0) };
    };
    await eventually(async () => expect((await stored()).total).toBe(calls), 10_000, 100);
    const rowsWritten = (await eventsAfter(d, firstId)).length;
    const storedNow = await stored();
    const seconds = floodMs / 1000;
    console.log(`plaintext flood: ${calls} calls handed over in ${seconds.toFixed(1)} s`);
    console.log(
      `plaintext flood: events written ${rowsWritten} rows (${storedNow.rows} for the refused calls, counting ${storedNow.total}); the 50 000-row history would be gone in ${((50_000 / Math.max(1, rowsWritten)) * seconds).toFixed(0)} s`,
    );
    console.log(
      `plaintext flood: pushes to the idle dashboard ${eventPushes} events + ${snapshotPushes} snapshots (${((eventPushes + snapshotPushes) / seconds).toFixed(1)} per second)`,
    );
    console.log(`plaintext flood: a different event reached the dashboard ${otherMs} ms after it happened`);

    expect(calls, 'the attack happened').toBeGreaterThanOrEqual(100);
    expect(rowsWritten).toBeLessThanOrEqual(60);
    expect(eventPushes / seconds).toBeLessThanOrEqual(5);
    expect(snapshotPushes / seconds).toBeLessThanOrEqual(5);
    expect(otherMs).toBeLessThanOrEqual(2_000);
    // The dashboard was told every count: the newest push of each row adds up to the calls refused.
    await eventually(
      () => {
        const newest = new Map<number, number>();
        for (const p of d.pushes) {
          const e = p.data as EngineEvent;
          if (p.event === 'engineEvent' && e.event === 'relay_plaintext_refused' && e.id > firstId)
            newest.set(e.id, Math.max(newest.get(e.id) ?? 0, e.count ?? 1));
        }
        expect([...newest.values()].reduce((a, b) => a + b, 0)).toBe(calls);
      },
      5_000,
      50,
    );

    // After a restart the log says what was stored: the same rows with the same counts.
    const beforeRestart = await d.call<EngineEvent[]>('listEvents', { limit: 500 });
    d.close();
    await node.stop();
    node = await startRelayedNode(w);
    d = await Dashboard.open(node.info);
    const afterRestart = await d.call<EngineEvent[]>('listEvents', { limit: 500 });
    const refusedRows = (list: EngineEvent[]) =>
      list.filter((e) => e.event === 'relay_plaintext_refused' && e.id > firstId);
    expect(refusedRows(afterRestart)).toEqual(refusedRows(beforeRestart));
    expect(refusedRows(afterRestart).reduce((n, e) => n + (e.count ?? 1), 0)).toBe(calls);
    console.log(
      `plaintext flood: after a restart ${refusedRows(afterRestart).length} rows count ${calls} refused calls`,
    );

    // The log files rotate at a fixed size: the flood is counted there too, so their older lines stay.
    const logDir = join(w.config.dataDir, 'logs');
    const logged = readdirSync(logDir)
      .filter((f) => f.startsWith('events.jsonl'))
      .flatMap((f) =>
        readFileSync(join(logDir, f), 'utf8')
          .split('\n')
          .filter((l) => l !== ''),
      )
      .map((l) => JSON.parse(l) as { event: string; repeated?: number })
      .filter((e) => e.event === 'relay_plaintext_refused');
    const loggedTotal = logged.reduce((n, e) => n + (e.repeated ?? 1), 0);
    console.log(`plaintext flood: events.jsonl got ${logged.length} lines for ${loggedTotal} refused calls`);
    expect(logged.length).toBeLessThanOrEqual(60);
    expect(loggedTotal).toBe(calls);
  }, 180_000);
});
