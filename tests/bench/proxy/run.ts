/**
 * Proxy bench: what does the node add on top of the cheapest possible backend?
 *
 * One run measures a null backend three ways — directly, through the minimal keep-alive proxy
 * (minimal-proxy.ts: the floor for any JavaScript node) and through the node with its whole task
 * pipeline — at concurrency 1, 16 and 64, and prints requests/s, p50/p99 latency, the latency each hop
 * adds over the direct call, and throughput ratios. Targets (issue "proxy bench"): the node's added p50 at
 * c=1 within 1.25× the minimal proxy's, and its throughput at c=64 at least 85 % of the proxy's.
 *
 * Process layout (why): the backend, the proxy and the node each run in their own child process, and the
 * load generator runs alone in this process. Every server thus has its own event loop, as in real use;
 * sharing one loop would serialise generator, proxy and backend and measure the loop instead of the hop.
 * The generator (../lib/keepalive-load.ts) is a raw-socket keep-alive client costing a few tens of µs of
 * CPU per request, less than any of the servers, and all three targets are measured with the same one.
 * On a 2-core machine the direct case has 2 busy processes and the proxied cases 3, so proxied throughput is
 * bounded by the shared cores: the issue expected ~40 % of direct for the minimal proxy, and with this lean
 * generator (which makes direct faster) it measures ~20–35 %. That is why the node is judged against the
 * minimal proxy, not against direct. Each cell is cut into interleaved slices so that other work on the
 * machine hits all three targets alike, and the report says how much CPU other processes used. CPU time per
 * request of every process is sampled from /proc over each measured window, to show where the cores go.
 *
 * Env: BENCH_DURATION_MS (measured window per cell, default 4000), BENCH_WARMUP_MS (default 1000),
 * BENCH_ROUNDS (slices each cell is cut into and interleaved across the three targets, default 4),
 * BENCH_CONCURRENCY (default "1,16,64"), BENCH_CPU_PROF=1 (write V8 CPU profiles of the proxy and node
 * processes to test-artifacts/bench/cpu-prof), BENCH_SNAPSHOT_INTERVAL_MS (node snapshot throttle, default
 * 250 as shipped), BENCH_NODE_FETCH=agent (experiment: the node calls its backend through agent-fetch.ts
 * instead of global fetch), BENCH_NODE_FLAGS (extra Node flags for the node's process, e.g. "--trace-gc").
 * Runs with a knob other than durations set write proxy-experiment.json instead of proxy.json.
 * Exit code 0 whether targets pass or miss (it is a report); 1 if the bench itself broke (a non-200 or
 * unexpected answer, a socket error, a request that never reached the backend).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLoad, summarize, type LatencySummary } from '../lib/keepalive-load';
import { startChild, type ChildServer } from '../lib/server-child';
import type { BackendInfo, NodeInfo, ProxyInfo } from './server-process';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../..');
const OUT_DIR = join(ROOT, 'test-artifacts/bench');

const env = process.env;
const DURATION_MS = positive(env.BENCH_DURATION_MS, 4000);
const WARMUP_MS = positive(env.BENCH_WARMUP_MS, 1000);
const CONCURRENCY = (env.BENCH_CONCURRENCY ?? '1,16,64').split(',').map((s) => Math.min(256, Math.max(1, Math.floor(Number(s))))).filter(Number.isFinite);
const ROUNDS = Math.max(1, Math.floor(positive(env.BENCH_ROUNDS, 4)));
const CPU_PROF = env.BENCH_CPU_PROF === '1';

const INTENT = 'urn:iicp:intent:llm:chat:v1';
const P50_TARGET = 1.25;
const RPS_TARGET = 0.85;

type TargetName = 'direct' | 'proxy' | 'node';
const TARGETS: TargetName[] = ['direct', 'proxy', 'node'];

interface Cell {
  c: number;
  target: TargetName;
  rps: number;
  requests: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  max: number;
  addedP50: number;
  addedP99: number;
  vsDirect: number;
  vsProxy: number;
  /** CPU µs per served request, per process, over the measured window. */
  cpuUsPerRequest: { generator: number; backend: number | null; hop: number | null };
}

interface Acc {
  requests: number;
  durationMs: number;
  lat: Float64Array[];
  gen: number;
  backend: number;
  hop: number;
}

function positive(raw: string | undefined, dflt: number): number {
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? n : dflt;
}

class BenchBroken extends Error {}

async function main(): Promise<number> {
  const script = join(HERE, 'server-process.ts');
  const profArgs = (name: string) => (CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${join(OUT_DIR, 'cpu-prof')}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`] : []);
  const children: ChildServer<unknown>[] = [];
  try {
    const backend = await startChild<BackendInfo>('backend', script, ['backend']);
    children.push(backend);
    const proxy = await startChild<ProxyInfo>('proxy', script, ['proxy', backend.info.url], { execArgv: profArgs('proxy') });
    children.push(proxy);
    const nodeFlags = (env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
    const node = await startChild<NodeInfo>('node', script, ['node', backend.info.url], { execArgv: [...profArgs('node'), ...nodeFlags] });
    children.push(node);

    const model = backend.info.model;
    const payloadJson = JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] });
    // Every task is new to the node: a unique task_id (else it replays its cache) and a unique nonce, so
    // the replay check runs too — every check of the pipeline is on.
    const taskBody = () => `{"task_id":"${randomUUID()}","nonce":"${randomUUID()}","intent":"${INTENT}","payload":${payloadJson}}`;
    const targets: Record<TargetName, { url: string; body: () => string; expect: string; hop: ChildServer<unknown> | null }> = {
      direct: { url: `${backend.info.url}/v1/chat/completions`, body: () => payloadJson, expect: '"choices"', hop: null },
      proxy: { url: `${proxy.info.url}/v1/task`, body: taskBody, expect: '"status":"success"', hop: proxy },
      node: { url: `${node.info.url}/v1/task`, body: taskBody, expect: '"status":"success"', hop: node },
    };

    await sanityCheck(targets.direct.url, payloadJson, (j) => Array.isArray(j.choices));
    for (const t of ['proxy', 'node'] as const) {
      const id = randomUUID();
      await sanityCheck(targets[t].url, JSON.stringify({ task_id: id, nonce: randomUUID(), intent: INTENT, payload: JSON.parse(payloadJson) }), (j) => {
        const r = j.result as { choices?: unknown } | undefined;
        return j.status === 'success' && j.task_id === id && Array.isArray(r?.choices);
      });
    }

    const load = loadavg()[0]!.toFixed(2);
    const cpu0 = cpuSample(children);
    console.log(`\nproxy bench — null backend on 127.0.0.1; ${DURATION_MS} ms measured per cell (${ROUNDS} interleaved slices, ${WARMUP_MS} ms warm-up in all)`);
    console.log(`node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? '?'}), 1-min load before start ${load}; node snapshot throttle ${node.info.snapshotIntervalMs} ms${node.info.backendClient === 'fetch' ? '' : `; EXPERIMENT: node backend client = ${node.info.backendClient}`}`);

    // Warm every target once (JIT, connection pools) before anything is recorded.
    for (const t of TARGETS) await measure(t, 16, 0, Math.min(1500, WARMUP_MS + 500));

    // Each cell's window is cut into ROUNDS slices, interleaved direct/proxy/node (the order rotating each
    // round), so a burst of other work on the machine hits all three targets alike instead of one.
    const sliceMs = DURATION_MS / ROUNDS;
    const sliceWarmupMs = WARMUP_MS / ROUNDS;
    const cells: Cell[] = [];
    for (const c of CONCURRENCY) {
      const acc = Object.fromEntries(TARGETS.map((t) => [t, { requests: 0, durationMs: 0, lat: [] as Float64Array[], gen: 0, backend: 0, hop: 0 }])) as Record<TargetName, Acc>;
      for (let round = 0; round < ROUNDS; round++) {
        for (let k = 0; k < TARGETS.length; k++) {
          const t = TARGETS[(k + round) % TARGETS.length]!;
          const r = await measure(t, c, sliceWarmupMs, sliceMs);
          const a = acc[t];
          a.requests += r.requests;
          a.durationMs += r.durationMs;
          a.lat.push(r.latencies);
          a.gen += r.generatorCpuUs;
          a.backend += r.cpuUs.backend;
          a.hop += r.cpuUs.hop;
        }
      }
      const merged = Object.fromEntries(
        TARGETS.map((t) => {
          const a = acc[t];
          const all = new Float64Array(a.lat.reduce((n, x) => n + x.length, 0));
          let o = 0;
          for (const x of a.lat) {
            all.set(x, o);
            o += x.length;
          }
          const per = (us: number) => (Number.isFinite(us) ? us / a.requests : null);
          return [t, { rps: a.requests / (a.durationMs / 1000), requests: a.requests, latency: summarize(all.sort()), cpu: { generator: a.gen / a.requests, backend: per(a.backend), hop: per(a.hop) } }];
        }),
      ) as Record<TargetName, { rps: number; requests: number; latency: LatencySummary; cpu: Cell['cpuUsPerRequest'] }>;
      const direct = merged.direct;
      for (const t of TARGETS) {
        const r = merged[t];
        cells.push({
          c,
          target: t,
          rps: r.rps,
          requests: r.requests,
          p50: r.latency.p50,
          p90: r.latency.p90,
          p99: r.latency.p99,
          mean: r.latency.mean,
          max: r.latency.max,
          addedP50: r.latency.p50 - direct.latency.p50,
          addedP99: r.latency.p99 - direct.latency.p99,
          vsDirect: r.rps / direct.rps,
          vsProxy: r.rps / merged.proxy.rps,
          cpuUsPerRequest: r.cpu,
        });
      }
    }

    const foreign = foreignCores(children, cpu0);
    const heapMB = { proxy: (await proxy.call<number>('heapUsed')) / 2 ** 20, node: (await node.call<number>('heapUsed')) / 2 ** 20 };
    const checks = evaluate(cells);
    printTable(cells, checks);
    console.log(`heap used after the run: node ${heapMB.node.toFixed(0)} MB, minimal proxy ${heapMB.proxy.toFixed(0)} MB`);
    if (foreign !== null) {
      console.log(`other processes on this machine used ${(foreign * 100).toFixed(0)} % of one core on average during the run${foreign > 0.15 ? ' — the figures are disturbed; run again on a quiet machine' : ''}`);
    }
    mkdirSync(OUT_DIR, { recursive: true });
    // Runs with an experiment knob set do not overwrite the report of the node as shipped.
    const experiment = node.info.backendClient !== 'fetch' || node.info.snapshotIntervalMs !== 250 || nodeFlags.length > 0 || CPU_PROF;
    const out = join(OUT_DIR, experiment ? 'proxy-experiment.json' : 'proxy.json');
    writeFileSync(
      out,
      JSON.stringify(
        {
          bench: 'proxy',
          at: new Date().toISOString(),
          node: process.version,
          cpus: cpus().length,
          loadavg1mBefore: Number(load),
          foreignCpuCores: foreign,
          heapUsedAfterMB: heapMB,
          durationMs: DURATION_MS,
          warmupMs: WARMUP_MS,
          rounds: ROUNDS,
          concurrency: CONCURRENCY,
          nodeSnapshotIntervalMs: node.info.snapshotIntervalMs,
          nodeBackendClient: node.info.backendClient,
          latencyUnit: 'ms',
          cells,
          checks,
        },
        null,
        2,
      ) + '\n',
    );
    console.log(`\nwrote ${out}`);
    return 0;

    async function measure(t: TargetName, c: number, warmupMs: number, durationMs: number) {
      const target = targets[t];
      const before = await backend.call<number>('requests');
      const cpu = { backend: [0, 0], hop: [0, 0] };
      const r = await runLoad({
        url: target.url,
        connections: c,
        warmupMs,
        durationMs,
        body: target.body,
        expect: target.expect,
        onWindow: (phase) => {
          const i = phase === 'start' ? 0 : 1;
          cpu.backend[i] = backend.cpuUs() ?? Number.NaN;
          cpu.hop[i] = target.hop?.cpuUs() ?? Number.NaN;
        },
      });
      const served = (await backend.call<number>('requests')) - before;
      if (r.bad > 0 || r.errors > 0 || r.requests === 0) {
        throw new BenchBroken(`${t} at c=${c}: ${r.requests} good, ${r.bad} bad answers, ${r.errors} socket errors; first problem: ${r.firstProblem ?? 'no answers'}`);
      }
      if (served < r.requests) throw new BenchBroken(`${t} at c=${c}: ${r.requests} answers but only ${served} backend calls — answers did not come from the backend`);
      return { ...r, cpuUs: { backend: cpu.backend[1]! - cpu.backend[0]!, hop: cpu.hop[1]! - cpu.hop[0]! } };
    }
  } catch (err) {
    console.error(`\nproxy bench BROKEN: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await Promise.all(children.map((c) => c.stop().catch(() => undefined)));
  }
}

async function sanityCheck(url: string, body: string, ok: (json: Record<string, unknown>) => boolean): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // reported below
  }
  if (res.status !== 200 || !ok(json)) throw new BenchBroken(`first answer of ${url} is not a success: HTTP ${res.status} ${text.slice(0, 400)}`);
}

interface Check {
  name: string;
  pass: boolean;
  detail: string;
}

function evaluate(cells: Cell[]): Check[] {
  const get = (c: number, t: TargetName) => cells.find((x) => x.c === c && x.target === t);
  const checks: Check[] = [];
  const n1 = get(1, 'node');
  const p1 = get(1, 'proxy');
  if (n1 && p1) {
    const limit = P50_TARGET * p1.addedP50;
    checks.push({
      name: `node added p50 at c=1 <= ${P50_TARGET} x minimal proxy's`,
      pass: n1.addedP50 <= limit,
      detail: `node +${ms(n1.addedP50)} ms vs limit ${ms(limit)} ms (proxy +${ms(p1.addedP50)} ms; ratio ${(n1.addedP50 / p1.addedP50).toFixed(2)}x)`,
    });
  }
  const n64 = get(64, 'node');
  const p64 = get(64, 'proxy');
  if (n64 && p64) {
    checks.push({
      name: `node throughput at c=64 >= ${RPS_TARGET * 100} % of minimal proxy's`,
      pass: n64.rps >= RPS_TARGET * p64.rps,
      detail: `node ${Math.round(n64.rps)} req/s vs proxy ${Math.round(p64.rps)} req/s = ${(n64.vsProxy * 100).toFixed(1)} %`,
    });
  }
  return checks;
}

function printTable(cells: Cell[], checks: Check[]): void {
  const head = ['c', 'target', 'req/s', 'p50 ms', 'p99 ms', '+p50 ms', '+p99 ms', 'x direct', 'x proxy', 'cpu us/req gen|backend|hop'];
  const rows = cells.map((x) => [
    String(x.c),
    x.target,
    String(Math.round(x.rps)),
    ms(x.p50),
    ms(x.p99),
    x.target === 'direct' ? '-' : ms(x.addedP50),
    x.target === 'direct' ? '-' : ms(x.addedP99),
    x.vsDirect.toFixed(2),
    x.target === 'direct' ? '-' : x.vsProxy.toFixed(2),
    [x.cpuUsPerRequest.generator, x.cpuUsPerRequest.backend, x.cpuUsPerRequest.hop].map((v) => (v === null || !Number.isFinite(v) ? '-' : String(Math.round(v)))).join(' | '),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((v, i) => (i <= 1 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  console.log('');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  let lastC = cells[0]?.c;
  for (let i = 0; i < rows.length; i++) {
    if (cells[i]!.c !== lastC) {
      console.log('');
      lastC = cells[i]!.c;
    }
    console.log(line(rows[i]!));
  }
  console.log('');
  for (const ch of checks) console.log(`${ch.pass ? 'PASS' : 'MISS'}  ${ch.name}: ${ch.detail}`);
  // CPU per request barely moves with other load on the machine, so it is the steadiest comparison.
  for (const c of [...new Set(cells.map((x) => x.c))]) {
    const n = cells.find((x) => x.c === c && x.target === 'node')?.cpuUsPerRequest.hop;
    const p = cells.find((x) => x.c === c && x.target === 'proxy')?.cpuUsPerRequest.hop;
    if (n && p) console.log(`info  CPU per request in the hop process at c=${c}: node ${Math.round(n)} µs, minimal proxy ${Math.round(p)} µs (${(n / p).toFixed(1)}x)`);
  }
}

function ms(v: number): string {
  return v.toFixed(3);
}

interface CpuSample {
  busyUs: number;
  oursUs: number;
  at: number;
}

/** The machine's busy CPU time and ours (this process + children), from Linux /proc; null elsewhere. */
function cpuSample(children: ChildServer<unknown>[]): CpuSample | null {
  try {
    const ticks = readFileSync('/proc/stat', 'latin1').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal …: busy = all but idle and iowait, in 10 ms ticks.
    const busyUs = (ticks.reduce((a, b) => a + b, 0) - ticks[3]! - (ticks[4] ?? 0)) * 10_000;
    const own = process.cpuUsage();
    const oursUs = own.user + own.system + children.reduce((a, c) => a + (c.cpuUs() ?? 0), 0);
    return { busyUs, oursUs, at: performance.now() };
  } catch {
    return null;
  }
}

/** CPU used by processes other than this bench since `s0`, in cores on average. */
function foreignCores(children: ChildServer<unknown>[], s0: CpuSample | null): number | null {
  const s1 = cpuSample(children);
  if (!s0 || !s1) return null;
  return Math.max(0, s1.busyUs - s0.busyUs - (s1.oursUs - s0.oursUs)) / ((s1.at - s0.at) * 1000);
}

process.exitCode = await main();
