/**
 * Runs inside a private network namespace made by lan-lab.ts (`unshare -n`): a LAN link (veth `lan0` ↔ `router0`)
 * with the node's side holding a global IPv6 address, the UPnP device stand-in on the router's side answering SSDP
 * multicast, and the real engine process under the real host supervisor (EngineSupervisor, its heartbeat and
 * restart policy), started from source. The engine finds the device the way it finds a router at home — multicast
 * search, description, SOAP — with nothing pointed at it.
 *
 * It probes `/iicp/health` every 20 ms (tests/security/lib/health-bound.ts), samples the engine's RSS, asks for
 * rechecks of the way in (each one is a pinhole attempt against the device), and prints one line `LANLAB_RESULT <json>`
 * at the end.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { NodeSnapshot } from '@shared/contract';
import { english } from '@shared/i18n/say';
import { forkLauncher } from '@main/supervisor/fork-launcher';
import { EngineSupervisor } from '@main/supervisor/supervisor';
import { excessP99, healthPercentile, probeHealth } from '../../security/lib/health-bound';
import { freePort } from '../free-port';
import { tempDir } from '../tmp';
import { startUpnpDevice, type Hostility } from './upnp-device';

export interface LanLabConfig {
  hostility: Partial<Hostility>;
  /** Pinhole attempts to make (the engine's own at start included). */
  attempts: number;
  /** Hard bound on the whole run. */
  deadlineMs: number;
  /** Settings for the node beyond the lab's own (the router port-mapping test switches `portMapping` on). */
  overrides?: Record<string, unknown>;
  /** Whether the device answers searches for its IPv6 firewall service (default true). */
  pinholeSearch?: boolean;
  /** The run also ends once an event whose name starts with this was written (a helper switched off). */
  endOnEvent?: string;
}

export interface LanLabResult {
  probes: number;
  failed: number;
  p50: number;
  p99: number;
  maxMs: number;
  /** Tasks that wanted each core meanwhile, besides the lab (at least 1). */
  busy: number;
  /** The p99 of how much longer each probe took than a control sent with it (tests/security/lib/health-bound.ts). */
  excessP99: number;
  /** The longest stretch with no answered probe: how long the node was blocked or down at a time. */
  longestGapMs: number;
  rssStartMiB: number;
  rssPeakMiB: number;
  restarts: number;
  engineState: string;
  descriptionsServed: number;
  /** SOAP actions the device was asked, in order, the engine's stop included. */
  actions: string[];
  /** Port mappings the device held while the engine was running. */
  mappingsWhileRunning: number;
  /** Pinholes the device held when the engine was running, and after it stopped. */
  pinholesWhileRunning: number;
  pinholesAfterStop: number;
  pinholeState: string | null;
  pinholeHealth: unknown;
  events: string[];
  endedBecause: string;
}

const config = JSON.parse(process.argv[2]!) as LanLabConfig;
const log = (line: string) => process.stderr.write(`[lan-lab] ${line}\n`);

const device = await startUpnpDevice({
  host: '10.77.0.1',
  multicast: true,
  hostility: config.hostility,
  pinholeSearch: config.pinholeSearch,
});
const taskPort = await freePort();
const data = tempDir('iicp-lan-lab-');
const supervisor = new EngineSupervisor({
  launch: forkLauncher(resolve('src-main/engine-process/index.ts'), { execArgv: ['--import', 'tsx'] }),
  node: {
    dataDir: data.dir,
    host: 'headless',
    appVersion: '0.1.0-test',
    taskHost: '127.0.0.1',
    taskPort,
    // Nothing else to reach in the namespace: no LLM server, no directory (refused at once), no relay, no tunnel.
    overrides: {
      portMapping: 'off',
      backendUrl: 'http://127.0.0.1:9',
      directoryUrl: 'http://127.0.0.1:9',
      relayFallback: false,
      quickTunnel: false,
      ...config.overrides,
    },
  },
  log,
});
const events: string[] = [];
supervisor.onEvent((e) => {
  if (
    e.event.startsWith('pinhole') ||
    e.event.startsWith('nat_') ||
    e.event.startsWith('port_mapping') ||
    e.event === 'engine_restarted'
  )
    events.push(`${e.event} ${e.details}`.slice(0, 300));
});

await supervisor.start();

let lastHealth: unknown = null;
let lastAnswerAt = performance.now();
let longestGap = 0;
// On a fixed cadence, not after each answer: a blocked engine keeps every probe sent meanwhile waiting. At least
// MIN_PROBES, so a short run's p99 is not its slowest answer.
const health = probeHealth(taskPort, {
  timeoutMs: 2_000,
  onAnswer: (body) => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - lastAnswerAt);
    lastAnswerAt = now;
    try {
      lastHealth = (JSON.parse(body.toString()) as { pinhole_state?: unknown }).pinhole_state;
    } catch {
      // a 200 with another body is still an answer
    }
  },
});

function rssMiB(): number | null {
  const pid = supervisor.processInfo().pid;
  if (!pid) return null;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

let rssStart: number | null = null;
let rssPeak = 0;
const sampler = setInterval(() => {
  const r = rssMiB();
  if (r === null) return;
  rssStart ??= r;
  rssPeak = Math.max(rssPeak, r);
}, 250);

const snapshot = (): NodeSnapshot | null => supervisor.getSnapshot();
// The pinhole row as an English reader sees it.
const pinholeState = () => {
  const state = snapshot()?.reachability.pinhole?.state;
  return state ? english.said(state) : null;
};
const settled = () => supervisor.processInfo().state === 'running' && snapshot()?.reachability.status !== 'checking';
const deadline = Date.now() + config.deadlineMs;
let pinholesWhileRunning = 0;
let mappingsWhileRunning = 0;
let endedBecause = 'deadline';

// Each finished check of the way in is one pinhole attempt; ask for the next until enough were made. A node whose
// helper was switched off makes no attempt when asked, and the run ends there.
let asked = 0;
while (Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 200));
  pinholesWhileRunning = Math.max(pinholesWhileRunning, device.pinholes.size);
  mappingsWhileRunning = Math.max(mappingsWhileRunning, device.mappings.size);
  if (supervisor.processInfo().state === 'failed') {
    endedBecause = 'the host gave up restarting the engine';
    break;
  }
  if (!settled() || device.seen.descriptions < asked + 1) continue;
  if (config.endOnEvent && events.some((e) => e.startsWith(config.endOnEvent!))) {
    endedBecause = `event ${config.endOnEvent}`;
    break;
  }
  if (/^Switched off/.test(pinholeState() ?? '')) {
    endedBecause = 'the pinhole helper is switched off';
    break;
  }
  if (device.seen.descriptions >= config.attempts) {
    endedBecause = 'attempts made';
    break;
  }
  asked = device.seen.descriptions;
  await supervisor.call('recheckReachability', {});
}
// A few more seconds of probing with the node as it is now.
const tail = Date.now() + 3_000;
while (Date.now() < tail) await new Promise((r) => setTimeout(r, 200));

const probes = await health.stop();
clearInterval(sampler);
const result: Omit<LanLabResult, 'pinholesAfterStop' | 'actions'> = {
  probes: probes.times.length + probes.failed,
  failed: probes.failed,
  p50: 0,
  p99: 0,
  busy: probes.busy,
  excessP99: 0,
  maxMs: 0,
  longestGapMs: 0,
  rssStartMiB: Math.round(rssStart ?? 0),
  rssPeakMiB: Math.round(rssPeak),
  restarts: supervisor.processInfo().restarts,
  engineState: supervisor.processInfo().state,
  descriptionsServed: device.seen.descriptions,
  pinholesWhileRunning,
  mappingsWhileRunning,
  pinholeState: pinholeState(),
  pinholeHealth: lastHealth,
  events,
  endedBecause,
};
// A failed probe counts as the slowest possible answer: the p99 of every probe, not only of those answered.
const pct = (p: number) => healthPercentile(probes, p);
result.p50 = Number.isFinite(pct(50)) ? Math.round(pct(50)) : -1;
result.p99 = Number.isFinite(pct(99)) ? Math.round(pct(99)) : -1;
result.excessP99 = Number.isFinite(excessP99(probes)) ? Math.round(excessP99(probes)) : -1;
result.maxMs = Math.round(Math.max(0, ...probes.times));
result.longestGapMs = Math.round(Math.max(longestGap, performance.now() - lastAnswerAt));
await supervisor.stop();
// The actions include what the engine asked while stopping (the pinhole's DeletePinhole).
const final: LanLabResult = { ...result, actions: [...device.seen.actions], pinholesAfterStop: device.pinholes.size };
await device.close();
data.cleanup();
process.stdout.write(`LANLAB_RESULT ${JSON.stringify(final)}\n`);
process.exit(0);
