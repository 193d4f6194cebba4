/**
 * A program the node starts turns on it: a `cloudflared` first on PATH, or an `nvidia-smi` for the owner watcher,
 * prints far more than any honest one, without the line or document ends the node waits for. Every stream the node
 * reads from a program is read as bytes, with a cap on one line (or document) and on the whole; past it, the helper is
 * switched off with an event and its process tree is ended. The engine never grows past its budget, never dies, and
 * `/iicp/health` keeps answering.
 *
 * The node runs in a process of its own (lib/helper-node-child.ts): its resident memory and CPU are read from /proc,
 * its health probed from outside, its events and snapshot asked for over IPC.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent, NodeSnapshot } from '@shared/contract';
import { english } from '@shared/i18n/say';
import { eventWords } from '@shared/words/event-words';
import { startChild, type ChildServer } from '../bench/lib/server-child';
import { rssMB } from '../bench/lib/proc-rss';
import { startFakeBackend } from '../support/backends';
import { startTestDirectory } from '../support/directory';
import { eventually } from '../support/eventually';
import { FAKE_NVIDIA_SMI, IDLE_GPU, OLLAMA_ON_GPU } from '../support/gpu-tools/gpu-state';
import { stepWords } from '../support/step-words';
import { tempDir } from '../support/tmp';
import { installStandIns, processExists, type StandIns } from '../support/tunnels/standins';
import type { HelperNodeConfig, HelperNodeInfo } from './lib/helper-node-child';
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
  type HealthWindow,
} from './lib/health-bound';

const MiB = 1024 * 1024;
/** What the engine may grow by while a helper floods it. */
const RSS_BUDGET_MB = 64;

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await Promise.resolve(c()).catch(() => undefined);
});

async function world(): Promise<Omit<HelperNodeConfig, 'tunnels' | 'gpu'>> {
  const dir = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: false,
    heartbeatIntervalMs: 500,
    activeProbeIntervalMs: null,
  });
  cleanups.push(() => dir.close());
  const backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
  cleanups.push(() => backend.close());
  const t = tempDir('iicp-helper-output-');
  cleanups.push(() => t.cleanup());
  return { dataDir: t.dir, directoryUrl: dir.url, backendUrl: backend.url };
}

async function startHelperNode(config: HelperNodeConfig): Promise<ChildServer<HelperNodeInfo>> {
  const child = await startChild<HelperNodeInfo>(
    'helper node',
    'tests/security/lib/helper-node-child.ts',
    [JSON.stringify(config)],
    { timeoutMs: 60_000 },
  );
  // A node the attack killed has nothing left to stop.
  cleanups.push(() => (alive(child.pid) ? child.stop() : undefined));
  return child;
}

/** The highest resident set of a process, sampled every 20 ms, and whether it was ever found gone. */
function peakRss(pid: number): { stop(): { peak: number; died: boolean } } {
  let peak = rssMB(pid) ?? 0;
  let died = false;
  const sample = () => {
    const now = rssMB(pid);
    if (now === null) died = true;
    else peak = Math.max(peak, now);
  };
  const timer = setInterval(sample, 20);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peak, died };
    },
  };
}

const alive = (pid: number) => rssMB(pid) !== null;

/** The node's events of one name, each with its sentence; none if the node is gone. */
async function said(node: ChildServer<HelperNodeInfo>, name: string): Promise<{ e: EngineEvent; sentence: string }[]> {
  if (!alive(node.pid)) return [];
  const events = await node.call<EngineEvent[]>('events').catch(() => [] as EngineEvent[]);
  return events.filter((e) => e.event === name).map((e) => ({ e, sentence: eventWords(e).sentence }));
}

interface Attack {
  growth: number;
  died: boolean;
  health: HealthWindow;
  ms: number;
}

/**
 * Runs `attack` while the node's memory is sampled and its health probed from another process for at least a full
 * window; `done` says when the node has dealt with it (or it died). Prints the figures either way.
 */
async function underAttack(
  label: string,
  node: ChildServer<HelperNodeInfo>,
  attack: () => Promise<void>,
  done: () => Promise<boolean>,
): Promise<Attack> {
  await probeHealthFor(node.info.taskPort, 1_000, { minProbes: 0, pid: node.pid });
  const quiet = await probeHealthFor(node.info.taskPort, MIN_PROBES * PROBE_EVERY_MS, { pid: node.pid });
  const before = rssMB(node.pid)!;
  const rss = peakRss(node.pid);
  const probe = await probeHealthApart(node.info.taskPort, { pid: node.pid });
  const started = performance.now();
  await attack();
  let handled = false;
  while (!handled && alive(node.pid) && performance.now() - started < 30_000) {
    handled = await done();
    if (!handled) await new Promise((r) => setTimeout(r, 100));
  }
  const ms = performance.now() - started;
  // A whole window under the attack, even when the node dealt with it at once.
  while (performance.now() - started < MIN_PROBES * PROBE_EVERY_MS) await new Promise((r) => setTimeout(r, 100));
  const health = await probe.stop();
  const { peak, died } = rss.stop();
  const growth = peak - before;
  console.log(
    `${label}: ${died ? 'the engine DIED' : 'the engine stayed up'}; ${handled ? `dealt with in ${ms.toFixed(0)} ms` : `not dealt with after ${ms.toFixed(0)} ms`}`,
  );
  console.log(
    `${label}: engine RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MiB (${growth >= 0 ? '+' : ''}${growth.toFixed(0)} MiB; budget +${RSS_BUDGET_MB})`,
  );
  console.log(`${label}: /iicp/health without the attack ${healthFigures(quiet)}; with it ${healthFigures(health)}`);
  console.log(healthVerdict(label, verdictOf(health), baselineOf(quiet)));
  expect(died, `${label}: the engine died`).toBe(false);
  expect(handled, `${label}: the node did not switch the helper off`).toBe(true);
  expect(growth).toBeLessThanOrEqual(RSS_BUDGET_MB);
  expect(health.failed).toBe(0);
  expect(excessP99(health)).toBeLessThanOrEqual(healthP99Bound(baselineOf(quiet)));
  return { growth, died, health, ms };
}

const recheck = (node: ChildServer<HelperNodeInfo>) => node.call<NodeSnapshot>('recheck');
const snapshot = (node: ChildServer<HelperNodeInfo>) => node.call<NodeSnapshot>('snapshot');

/** The stand-in cloudflared starts by failing at once, so the node settles before the attack is switched on. */
async function tunnelNode(standins: StandIns): Promise<ChildServer<HelperNodeInfo>> {
  standins.controlCloudflared({ mode: 'no-network' });
  const node = await startHelperNode({
    ...(await world()),
    tunnels: { env: standins.env, cloudflaredDir: standins.cloudflaredDir },
    gpu: null,
  });
  await eventually(async () => expect((await snapshot(node)).reachability.status).toBe('local_only'), 20_000);
  expect(standins.cloudflaredInvocations()).toHaveLength(1);
  return node;
}

const SWITCHED_OFF =
  /^The quick tunnel is switched off for 30 minutes: cloudflared printed far more than a tunnel needs \(over \d+ MiB [^)]+\)\. The node keeps serving without it\.$/;

describe('a helper program that floods the node', () => {
  it('cloudflared prints 1 GiB on stderr without a newline before its address: read within a cap, ended, the quick tunnel switched off', async () => {
    const standins = installStandIns();
    cleanups.push(() => standins.cleanup());
    const node = await tunnelNode(standins);
    standins.controlCloudflared({ mode: 'flood', floodBytes: 1024 * MiB });

    const r = await underAttack(
      'cloudflared flood before the address',
      node,
      async () => void (await recheck(node).catch(() => undefined)),
      async () => (await said(node, 'quick_tunnel_off')).length > 0,
    );
    const flooder = standins.cloudflaredInvocations()[1]!;
    const [off] = await said(node, 'quick_tunnel_off');
    const snap = await snapshot(node);
    console.log(`cloudflared flood before the address: event ${off!.e.event} "${off!.sentence}" (${off!.e.details})`);
    console.log(
      `cloudflared flood before the address: Network page tunnel row ${JSON.stringify(snap.reachability.tunnel)}`,
    );
    expect(off!.sentence).toMatch(SWITCHED_OFF);
    expect(stepWords(snap.reachability.steps).join('\n')).toMatch(/cloudflared printed far more than a tunnel needs/);
    expect(snap.reachability.status).toBe('local_only');
    // Its process tree is ended.
    await eventually(() => expect(processExists(flooder.pid)).toBe(false), 10_000);
    expect(r.ms).toBeLessThan(30_000);

    // Switched off: the next look for a way in does not start it again, and says why.
    await recheck(node);
    const again = await eventually(async () => {
      const r = (await snapshot(node)).reachability;
      expect(stepWords(r.steps).join('\n')).toMatch(
        /The quick tunnel is switched off for (30|29) more minutes: cloudflared printed far more than a tunnel needs/,
      );
      return r;
    }, 20_000);
    console.log(
      `cloudflared flood before the address: the next look says "${stepWords(again.steps).find((l) => l.includes('more minutes'))}"`,
    );
    expect(again.tunnel ? english.said(again.tunnel.state) : undefined).toMatch(
      /^Switched off for (30|29) more minutes/,
    );
    expect(standins.cloudflaredInvocations()).toHaveLength(2);
  }, 120_000);

  it('cloudflared floods stderr once its tunnel is up: the address is withdrawn, the flood ends within its budget', async () => {
    const standins = installStandIns();
    cleanups.push(() => standins.cleanup());
    const node = await tunnelNode(standins);
    standins.controlCloudflared({ mode: 'flood-after-url', floodBytes: 1024 * MiB });

    await underAttack(
      'cloudflared flood after the address',
      node,
      async () => void (await recheck(node).catch(() => undefined)),
      async () => (await said(node, 'quick_tunnel_off')).length > 0,
    );
    const flooder = standins.cloudflaredInvocations()[1]!;
    const [off] = await said(node, 'quick_tunnel_off');
    console.log(`cloudflared flood after the address: event "${off!.sentence}" (${off!.e.details})`);
    expect(off!.sentence).toMatch(SWITCHED_OFF);
    await eventually(() => expect(processExists(flooder.pid)).toBe(false), 10_000);
    // The node looks for another way in (here there is none) rather than naming the dead address.
    await eventually(
      async () => expect((await snapshot(node)).reachability).toMatchObject({ status: 'local_only', endpoint: null }),
      20_000,
    );
  }, 120_000);

  it('nvidia-smi floods through a program it started, which outlives the tool: the tree is ended and GPU watching switched off', async () => {
    const gpuDir = tempDir('iicp-gpu-flood-');
    cleanups.push(() => gpuDir.cleanup());
    const statePath = join(gpuDir.dir, 'gpu.json');
    const write = (failure: string | null) =>
      writeFileSync(statePath, JSON.stringify({ gpus: [IDLE_GPU], processes: [OLLAMA_ON_GPU], failure }));
    write(null);
    const node = await startHelperNode({
      ...(await world()),
      tunnels: null,
      gpu: { nvidiaSmi: FAKE_NVIDIA_SMI, statePath },
    });
    await eventually(
      async () => expect((await snapshot(node)).availability.owner.gpu?.name).toBe(IDLE_GPU.name),
      20_000,
    );
    const pids = () => {
      try {
        return readFileSync(`${statePath}.pids`, 'utf8').split('\n').filter(Boolean).map(Number);
      } catch {
        return [];
      }
    };
    cleanups.push(() => {
      for (const pid of pids()) if (processExists(pid)) process.kill(pid, 'SIGKILL');
    });

    await underAttack(
      'nvidia-smi flood from its own child',
      node,
      async () => write('flood-child'),
      async () => (await said(node, 'owner_watch_off')).length > 0,
    );
    const [off] = await said(node, 'owner_watch_off');
    // Every program of the tool's tree is gone, and the node reads nothing more: its CPU is quiet.
    await eventually(() => expect(pids().filter(processExists)).toEqual([]), 10_000).catch(() => undefined);
    const left = pids().filter(processExists);
    const cpu0 = node.cpuUs()!;
    await new Promise((r) => setTimeout(r, 2_000));
    const cpuShare = (node.cpuUs()! - cpu0) / 2_000_000;
    console.log(`nvidia-smi flood: event "${off!.sentence}"`);
    console.log(
      `nvidia-smi flood: tool processes started ${pids().length}, left running ${left.length}; engine CPU after the switch-off ${(cpuShare * 100).toFixed(0)} % of a core`,
    );
    expect(left).toEqual([]);
    expect(cpuShare).toBeLessThan(0.25);
    expect(off!.sentence).toMatch(/^nvidia-smi printed far more than a GPU reading needs/i);
    expect((await snapshot(node)).availability.owner.problem).toMatch(
      /^nvidia-smi printed far more than a GPU reading needs/,
    );
  }, 120_000);
});
