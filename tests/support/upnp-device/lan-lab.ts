/**
 * Parent side of lan-lab-child.ts: makes a private network namespace (`unshare -n`) with one LAN link in it — veth
 * `lan0` (10.77.0.2/24 and the global IPv6 address 2a0e:97c0:38f:1::2/64, the node's side) ↔ `router0` (10.77.0.1/24,
 * the device's side) — and runs the lab there. The namespace has no link to the host's network: the node's SSDP
 * multicast and every other packet stay inside it, and it vanishes with the process.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { LanLabConfig, LanLabResult } from './lan-lab-child';

export type { LanLabConfig, LanLabResult } from './lan-lab-child';

const SETUP = [
  'set -e',
  'ip link set lo up',
  'ip link add lan0 type veth peer name router0',
  'ip addr add 10.77.0.2/24 dev lan0',
  'ip -6 addr add 2a0e:97c0:38f:1::2/64 dev lan0 nodad',
  'ip addr add 10.77.0.1/24 dev router0',
  'ip link set lan0 up',
  'ip link set router0 up',
].join('\n');

/** Whether the lab can be built here (Linux, root, `unshare` and `ip`, veth pairs), and if not, why. */
export function lanLabPreflight(): { ok: true } | { ok: false; reason: string } {
  if (process.platform !== 'linux')
    return { ok: false, reason: `network namespaces need Linux (platform is ${process.platform})` };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'network namespaces need root' };
  const r = spawnSync('unshare', ['-n', 'sh', '-c', SETUP], { encoding: 'utf8', timeout: 10_000 });
  if (r.error) return { ok: false, reason: `unshare could not run (${r.error.message})` };
  if (r.status !== 0)
    return { ok: false, reason: `the lab network could not be made: ${(r.stderr || r.stdout).trim().slice(0, 200)}` };
  return { ok: true };
}

/** Runs one lab; resolves with its figures, or rejects with the lab's output if it ends without them. */
export function runLanLab(config: LanLabConfig): Promise<{ result: LanLabResult; output: string }> {
  // With port mapping on, a default route through the device, as at home: the IPv4 port mapper sends its search by
  // multicast without naming an interface.
  const route = config.overrides?.portMapping ? '\nip route add default via 10.77.0.1' : '';
  const child = spawn(
    'unshare',
    [
      '-n',
      'sh',
      '-c',
      `${SETUP}${route}\nexec "$0" --import tsx tests/support/upnp-device/lan-lab-child.ts "$1"`,
      process.execPath,
      JSON.stringify(config),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  let result: LanLabResult | null = null;
  let partial = '';
  child.stdout.on('data', (d: Buffer) => {
    partial += d.toString();
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith('LANLAB_RESULT ')) result = JSON.parse(line.slice('LANLAB_RESULT '.length)) as LanLabResult;
      else output += `${line}\n`;
    }
  });
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      if (result) resolve({ result, output });
      else
        reject(
          new Error(`the LAN lab ended (code ${code}, signal ${signal}) without its figures:\n${output.slice(-4000)}`),
        );
    });
  });
}

/**
 * The figures of a lab run, one plain line each, with `label` in front: health probes, their latency and longest gap,
 * the engine's memory and restarts, and what the device served. `verdict` (the health bound's line) follows the
 * latencies when given.
 */
export function lanLabFigures(label: string, r: LanLabResult, verdict: string | null): string[] {
  const ms = (v: number) => (v < 0 ? 'a failed probe' : `${v} ms`);
  return [
    `${label}: /iicp/health probes ${r.probes}, failed ${r.failed}; ${r.busy.toFixed(1)} tasks wanted each core meanwhile`,
    `${label}: /iicp/health p50 ${ms(r.p50)}, p99 ${ms(r.p99)}, slowest answer ${r.maxMs} ms`,
    ...(verdict !== null && r.p99 >= 0 ? [verdict] : []),
    `${label}: longest time without an answer from /iicp/health ${r.longestGapMs} ms`,
    `${label}: engine RSS ${r.rssStartMiB} → peak ${r.rssPeakMiB} MiB (growth ${r.rssPeakMiB - r.rssStartMiB} MiB)`,
    `${label}: engine restarts ${r.restarts} (engine ${r.engineState})`,
    `${label}: descriptions served ${r.descriptionsServed}, SOAP actions ${r.actions.join(',') || 'none'}; run ended: ${r.endedBecause}`,
  ];
}
