/**
 * Load bench: 1 000 concurrent connections for 60 s against a node in front of a slow
 * LLM server. Does the node hold?
 *
 * - in-flight backend calls never exceed the admitted capacity (the fake backend's exact maximum, plus a
 *   5 ms sampled histogram of how full it was kept);
 * - excess tasks get 429 fast: p99 of the 429 answers ≤ 2 ms;
 * - success throughput ≈ capacity ÷ backend latency (the baseline: what the backend can give at all);
 * - RSS of the node before, at peak, 20 s after the load, and how long until it is back within 20 % of before
 *   (target ≤ 60 s → no leak), with the heap after a forced full GC before and after as the precise leak figure;
 * - heartbeats keep their period (a 2 s interval from the test directory; max gap during the load vs it).
 *
 * Process layout: the slow fake backend and the test directory in one child process, the node (with its
 * whole pipeline, registered and heartbeating) in another, the generator (paced-load.ts) alone in this one.
 * The main phase is a *paced* load: a connection told 429 waits a back-off (mean 500 ms, uniformly
 * 250–750 ms; the node's own Retry-After is 2 s) before asking again, which offers ~2 000 requests/s —
 * well past what the backend can take (~27/s) yet below what the 2 shared cores can answer, so a 429's
 * latency is the node's decision time and not a queue. A short *flood* phase follows (no back-off at all):
 * it finds the node's 429 ceiling on this machine and checks the invariants under saturation; its latency
 * is queueing (Little's law: connections ÷ rate) and is printed for information only.
 *
 * Env (defaults in brackets): BENCH_LOAD_MS main window [60000], BENCH_LOAD_WARMUP_MS [2000],
 * BENCH_LOAD_CONNECTIONS [1000], BENCH_LOAD_BACKOFF_MS [500], BENCH_LOAD_FLOOD_MS [10000; 0 = no flood],
 * BENCH_LOAD_SETTLE_MS time after the load when RSS is read again [20000], BENCH_LOAD_RETURN_MS how much
 * longer to watch for RSS to come back if it has not by then [90000; 0 = do not wait], BENCH_LOAD_CAPACITY
 * (maxConcurrent) [8], BENCH_LOAD_BACKEND_MS backend latency [300], BENCH_LOAD_HEARTBEAT_MS [2000],
 * BENCH_CPU_PROF=1 (V8 CPU profile of the node process into test-artifacts/bench/cpu-prof), BENCH_NODE_FLAGS
 * (extra Node flags for the node's process, e.g. "--max-semi-space-size=16"), BENCH_LOAD_DATA_DIR (experiment:
 * where the node's data folder is made, e.g. /dev/shm to take fsync out; default the system temp folder),
 * BENCH_LOAD_HEAP_DIR (write V8 heap snapshots of the node before and after the load there, for leak hunting).
 * Writes test-artifacts/bench/load.json. Exit 0 whether targets pass or miss; 1 if the bench broke (an
 * answer other than a good 200/429, a socket error, no answers, a node not healthy afterwards).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../support/free-port';
import { startChild, type ChildServer } from '../lib/server-child';
import type { LoadNodeInfo, LoadNodeState, LoopStats } from './node-process';
import { percentile, runPacedLoad, type PacedLoadResult } from './paced-load';
import type { RejecterInfo } from './rejecter-process';
import type { HeartbeatSeen, InFlightWindow, SupportInfo } from './support-process';
import { knob } from '../lib/knob';
import { rssMB } from '../lib/proc-rss';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../..');
const OUT_DIR = join(ROOT, 'test-artifacts/bench');
const INTENT = 'urn:iicp:intent:llm:chat:v1';

const env = process.env;
const LOAD_MS = knob('BENCH_LOAD_MS', 60_000, 1000, 3000);
const WARMUP_MS = knob('BENCH_LOAD_WARMUP_MS', 2000, 0, 300);
const CONNECTIONS = Math.floor(knob('BENCH_LOAD_CONNECTIONS', 1000, 1, 64));
const BACKOFF_MS = knob('BENCH_LOAD_BACKOFF_MS', 500);
const FLOOD_MS = knob('BENCH_LOAD_FLOOD_MS', 10_000, 0, 1500);
const BASELINE_MS = knob('BENCH_LOAD_BASELINE_MS', 10_000, 0, 1500);
const SETTLE_MS = knob('BENCH_LOAD_SETTLE_MS', 20_000, 0, 2000);
const RETURN_MS = knob('BENCH_LOAD_RETURN_MS', 90_000);
const CAPACITY = Math.floor(knob('BENCH_LOAD_CAPACITY', 8, 1));
const BACKEND_MS = knob('BENCH_LOAD_BACKEND_MS', 300, 1);
const HEARTBEAT_MS = knob('BENCH_LOAD_HEARTBEAT_MS', 2000, 1000);
const CPU_PROF = env.BENCH_CPU_PROF === '1';
const DATA_PARENT = env.BENCH_LOAD_DATA_DIR ?? '';
const HEAP_DIR = env.BENCH_LOAD_HEAP_DIR ?? '';

const TARGET_429_P99_MS = 2;
const TARGET_THROUGHPUT = 0.9;
const TARGET_RSS_RATIO = 1.2;
/**
 * "RSS returns to baseline afterwards": within this long after the load. V8 keeps the young generation it grew
 * under load until its memory reducer runs, which it does ~40 s after allocation drops; making it give memory back
 * sooner (a small --max-semi-space-size) measured worse 429 tails and more CPU per answer (see the README).
 */
const TARGET_RSS_RETURN_MS = 60_000;
const TARGET_HEARTBEAT_GAP = 1.25;
const TARGET_HEAP_GROWTH = 1.1;

class BenchBroken extends Error {}

interface RssSample {
  at: number;
  rssMB: number;
}

interface Phase {
  name: string;
  load: PacedLoadResult;
  inFlight: InFlightWindow;
  nodeLoop: LoopStats;
  nodeCpuUs: number;
  /** Connections the kernel dropped from a full listen queue during the phase (machine-wide), if readable. */
  listenOverflows: number | null;
  wallMs: number;
  startedAt: number;
  endedAt: number;
}

interface Check {
  name: string;
  pass: boolean;
  detail: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => bytes / 2 ** 20;
const f = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '-');

/** The kernel's count of connections dropped because a listen queue was full (all of this machine). */
function listenOverflows(): number | null {
  try {
    const lines = readFileSync('/proc/net/netstat', 'latin1').split('\n');
    const i = lines.findIndex((l) => l.startsWith('TcpExt:'));
    const keys = lines[i]!.split(/\s+/);
    const values = lines[i + 1]!.split(/\s+/);
    const v = Number(values[keys.indexOf('ListenOverflows')]);
    return Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
}

function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function main(): Promise<number> {
  const children: ChildServer<unknown>[] = [];
  const rss: RssSample[] = [];
  let rssTimer: NodeJS.Timeout | null = null;
  try {
    const support = await startChild<SupportInfo>('support', join(HERE, 'support-process.ts'), [
      String(BACKEND_MS),
      String(HEARTBEAT_MS),
    ]);
    children.push(support);
    const taskPort = await freePort();
    const prof = CPU_PROF
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${join(OUT_DIR, 'cpu-prof')}`,
          `--cpu-prof-name=load-node-${Date.now()}.cpuprofile`,
        ]
      : [];
    const node = await startChild<LoadNodeInfo>(
      'node',
      join(HERE, 'node-process.ts'),
      [
        support.info.backendUrl,
        support.info.directoryUrl,
        String(CAPACITY),
        String(taskPort),
        ...(DATA_PARENT ? [DATA_PARENT] : []),
      ],
      {
        execArgv: ['--expose-gc', ...prof, ...(env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean)],
        timeoutMs: 30_000,
      },
    );
    children.push(node);

    // Registered, online, full capacity, and heartbeating at the directory's interval before anything starts.
    const deadline = Date.now() + 20_000;
    let st: LoadNodeState;
    for (;;) {
      st = await node.call<LoadNodeState>('state');
      const beats = (await support.call<HeartbeatSeen[]>('heartbeats')).filter((h) => h.status === 200);
      if (
        st.state === 'online' &&
        st.link === 'registered' &&
        st.effectiveMaxConcurrent === CAPACITY &&
        beats.length >= 2
      )
        break;
      if (Date.now() > deadline)
        throw new BenchBroken(
          `the node did not get online and registered: ${JSON.stringify(st)}, ${beats.length} heartbeats`,
        );
      await sleep(100);
    }

    const payload = { messages: [{ role: 'user', content: 'hello there' }] };
    const payloadJson = JSON.stringify(payload);
    const taskBody = () =>
      `{"task_id":"${randomUUID()}","nonce":"${randomUUID()}","intent":"${INTENT}","payload":${payloadJson}}`;
    const taskUrl = `${node.info.url}/v1/task`;
    await expectSuccess(taskUrl, taskBody());

    rssTimer = setInterval(() => {
      const v = rssMB(node.pid);
      if (v !== null) rss.push({ at: Date.now(), rssMB: v });
    }, 250);
    await sleep(3000);
    const rssBefore = median(rss.map((s) => s.rssMB));
    const memBefore = await node.call<NodeJS.MemoryUsage>('memory');
    const heapBefore = mb(await node.call<number>('heapAfterGc'));
    const snapshotBefore = HEAP_DIR ? await node.call<string | null>('heapSnapshot') : null;

    // Baseline: the same paced load against the cheapest possible 429 server (rejecter-process.ts).
    let baseline: PacedLoadResult | null = null;
    let baselineCpuUs = Number.NaN;
    if (BASELINE_MS > 0) {
      const rejecter = await startChild<RejecterInfo>('rejecter', join(HERE, 'rejecter-process.ts'), []);
      try {
        const cpu = [0, 0];
        baseline = await runPacedLoad({
          url: `${rejecter.info.url}/v1/task`,
          connections: CONNECTIONS,
          warmupMs: WARMUP_MS,
          durationMs: BASELINE_MS,
          backoffMs: BACKOFF_MS,
          body: taskBody,
          onWindow: (p) => (cpu[p === 'start' ? 0 : 1] = rejecter.cpuUs() ?? Number.NaN),
        });
        baselineCpuUs = cpu[1]! - cpu[0]!;
      } finally {
        await rejecter.stop();
      }
      if (baseline.bad > 0 || baseline.errors > 0 || baseline.rejected.count === 0) {
        throw new BenchBroken(
          `baseline: ${baseline.rejected.count} answers, ${baseline.bad} bad, ${baseline.errors} socket errors; first problem: ${baseline.firstProblem}`,
        );
      }
    }

    const load1 = loadavg()[0]!;
    const cpu0 = cpuSample(children);
    console.log(
      `\nload bench — ${CONNECTIONS} connections to a node (maxConcurrent ${CAPACITY}) in front of a fake LLM server answering in ${BACKEND_MS} ms; heartbeat interval ${HEARTBEAT_MS} ms`,
    );
    console.log(
      `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? '?'}), 1-min load before start ${load1.toFixed(2)}`,
    );
    console.log(
      `phases: ${BASELINE_MS > 0 ? `baseline ${BASELINE_MS} ms (a bare 429 server, same load), ` : ''}paced ${LOAD_MS} ms (+${WARMUP_MS} ms warm-up; back-off after a 429: mean ${BACKOFF_MS} ms)${FLOOD_MS > 0 ? `, flood ${FLOOD_MS} ms (no back-off)` : ''}, settle ${SETTLE_MS} ms`,
    );

    const phases: Phase[] = [];
    const runPhase = async (name: string, durationMs: number, backoffMs: number, warmupMs: number): Promise<Phase> => {
      await support.call('windowStart');
      await node.call('loopReset');
      const overflows0 = listenOverflows();
      const startedAt = Date.now();
      let cpuStart = 0;
      let cpuEnd = 0;
      let wallStart = 0;
      let wallEnd = 0;
      const result = await runPacedLoad({
        url: taskUrl,
        connections: CONNECTIONS,
        warmupMs,
        durationMs,
        backoffMs,
        body: taskBody,
        onWindow: (p) => {
          if (p === 'start') {
            cpuStart = node.cpuUs() ?? Number.NaN;
            wallStart = performance.now();
          } else {
            cpuEnd = node.cpuUs() ?? Number.NaN;
            wallEnd = performance.now();
          }
        },
      });
      const endedAt = Date.now();
      // Outstanding backend calls end within the backend's latency once the generator has its answers.
      await sleep(50);
      const inFlight = await support.call<InFlightWindow>('windowEnd');
      const nodeLoop = await node.call<LoopStats>('loopStats');
      const overflows1 = listenOverflows();
      if (result.bad > 0 || result.errors > 0) {
        throw new BenchBroken(
          `${name}: ${result.bad} bad answers, ${result.errors} socket errors; first problem: ${result.firstProblem}`,
        );
      }
      if (result.ok.count === 0 || result.rejected.count === 0) {
        throw new BenchBroken(
          `${name}: ${result.ok.count} successes and ${result.rejected.count} 429s in the window — the load did not reach the node as planned (${JSON.stringify(result.byStatus)})`,
        );
      }
      const phase = {
        name,
        load: result,
        inFlight,
        nodeLoop,
        listenOverflows: overflows0 === null || overflows1 === null ? null : overflows1 - overflows0,
        nodeCpuUs: cpuEnd - cpuStart,
        wallMs: wallEnd - wallStart,
        startedAt,
        endedAt,
      };
      phases.push(phase);
      return phase;
    };

    const paced = await runPhase('paced', LOAD_MS, BACKOFF_MS, WARMUP_MS);
    // The reachable heap after a full GC between the phases: one-time growth (JIT code, pools, bounded
    // caches) shows after the first phase; a per-request leak would keep growing through the next one.
    const heapAfterPaced = mb(await node.call<number>('heapAfterGc'));
    const flood = FLOOD_MS > 0 ? await runPhase('flood', FLOOD_MS, 0, Math.min(1000, WARMUP_MS)) : null;
    const loadEndedAt = Date.now();
    const foreign = foreignCores(children, cpu0);

    await sleep(SETTLE_MS);
    const rssPeak = Math.max(...rss.map((s) => s.rssMB));
    const recentRss = (ms: number) => median(rss.filter((s) => s.at >= Date.now() - ms).map((s) => s.rssMB));
    const rssAfter = recentRss(3000);
    const memAfter = await node.call<NodeJS.MemoryUsage>('memory');
    // How long until RSS is back within the target of before, if it was not at the reading point (bounded).
    let rssBackAfterMs: number | null = rssAfter <= rssBefore * TARGET_RSS_RATIO ? SETTLE_MS : null;
    const giveUp = Date.now() + RETURN_MS;
    while (rssBackAfterMs === null && Date.now() < giveUp) {
      await sleep(1000);
      if (recentRss(2000) <= rssBefore * TARGET_RSS_RATIO) rssBackAfterMs = Date.now() - loadEndedAt;
    }
    const rssEnd = recentRss(2000);
    if (rssTimer) clearInterval(rssTimer);
    rssTimer = null;
    const heapAfter = mb(await node.call<number>('heapAfterGc'));
    const rssAfterGc = rssMB(node.pid) ?? Number.NaN;
    const snapshotAfter = HEAP_DIR ? await node.call<string | null>('heapSnapshot') : null;
    if (snapshotBefore && snapshotAfter)
      console.log(`heap snapshots: ${snapshotBefore} (before), ${snapshotAfter} (after)`);

    // Healthy afterwards: health answers, nothing is left running, capacity is back, and a task succeeds.
    const health = await fetch(`${node.info.url}/iicp/health`, { signal: AbortSignal.timeout(5000) });
    const healthJson = (await health.json()) as {
      status?: string;
      active_jobs?: number;
      effective_max_concurrent?: number;
    };
    const after = await node.call<LoadNodeState>('state');
    await expectSuccess(taskUrl, taskBody());
    const backendLeft = await support.call<number>('inFlight');
    if (
      health.status !== 200 ||
      healthJson.status !== 'ok' ||
      healthJson.active_jobs !== 0 ||
      after.state !== 'online' ||
      after.link !== 'registered' ||
      backendLeft !== 0
    ) {
      throw new BenchBroken(
        `the node is not healthy after the load: health ${health.status} ${JSON.stringify(healthJson)}, state ${JSON.stringify(after)}, backend calls still open ${backendLeft}`,
      );
    }
    const maxInFlightEver = await support.call<number>('maxInFlightEver');

    // Heartbeat gaps, from the directory's side: those overlapping the load vs those before it.
    const beats = (await support.call<HeartbeatSeen[]>('heartbeats')).filter((h) => h.status === 200).map((h) => h.at);
    const gaps: { from: number; to: number; ms: number }[] = [];
    for (let i = 1; i < beats.length; i++)
      gaps.push({ from: beats[i - 1]!, to: beats[i]!, ms: beats[i]! - beats[i - 1]! });
    const loadStart = paced.startedAt;
    const during = gaps.filter((g) => g.to > loadStart && g.from < loadEndedAt);
    const idle = gaps.filter((g) => g.to <= loadStart);
    const maxGap = Math.max(...during.map((g) => g.ms));

    // ---- report --------------------------------------------------------------------------------------
    const expectedRps = CAPACITY / (BACKEND_MS / 1000);
    const rows = phases.map((p) => {
      const l = p.load;
      const secs = l.durationMs / 1000;
      const answers = l.ok.count + l.rejected.count;
      return {
        phase: p.name,
        backoffMs: l.backoffMs,
        connections: l.maxOpen,
        successPerS: l.ok.count / secs,
        successVsCapacity: l.ok.count / secs / expectedRps,
        rejectedPerS: l.rejected.count / secs,
        p50_429: percentile(l.rejected.latencies, 0.5),
        p99_429: percentile(l.rejected.latencies, 0.99),
        max_429: percentile(l.rejected.latencies, 1),
        p50_200: percentile(l.ok.latencies, 0.5),
        p99_200: percentile(l.ok.latencies, 0.99),
        maxInFlight: p.inFlight.maxInFlight,
        meanInFlight: p.inFlight.meanInFlight,
        backendCalls: p.inFlight.calls,
        nodeCpuPct: (p.nodeCpuUs / (p.wallMs * 1000)) * 100,
        nodeCpuUsPerAnswer: p.nodeCpuUs / answers,
        generatorCpuPct: (l.generatorCpuUs / (p.wallMs * 1000)) * 100,
        generatorLoopDelayP99: l.generatorLoopDelay.p99,
        byStatus: l.byStatus,
        listenOverflows: p.listenOverflows,
      };
    });
    const head = [
      'phase',
      'conns',
      '200/s',
      'x cap/lat',
      '429/s',
      '429 p50',
      '429 p99',
      '429 max',
      '200 p50',
      '200 p99',
      'in-flight max|mean',
      'node cpu %',
      'node µs/answer',
      'gen cpu %',
      'gen late p99',
    ];
    const cells = rows.map((r) => [
      r.phase,
      String(r.connections),
      f(r.successPerS, 1),
      f(r.successVsCapacity),
      String(Math.round(r.rejectedPerS)),
      f(r.p50_429, 3),
      f(r.p99_429, 3),
      f(r.max_429, 1),
      f(r.p50_200, 1),
      f(r.p99_200, 1),
      `${r.maxInFlight} | ${f(r.meanInFlight)}`,
      f(r.nodeCpuPct, 0),
      f(r.nodeCpuUsPerAnswer, 0),
      f(r.generatorCpuPct, 0),
      f(r.generatorLoopDelayP99, 2),
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
    const line = (r: string[]) => r.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
    console.log(
      '\nlatencies in ms; x cap/lat = success rate ÷ (capacity ÷ backend latency) = ÷ ' + f(expectedRps, 1) + '/s',
    );
    console.log(line(head));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const c of cells) console.log(line(c));
    for (const ph of phases) {
      const l = ph.nodeLoop;
      const gcs = Object.entries(l.gc)
        .map(([k, v]) => `${k} ${v.count}× ${f(v.totalMs, 0)} ms (max ${f(v.maxMs, 1)})`)
        .join(', ');
      console.log(
        `node event loop in the ${ph.name} phase: 1 ms timer late by p50 ${f(l.delayP50 - 1, 2)} / p99 ${f(l.delayP99 - 1, 2)} / max ${f(l.delayMax - 1, 1)} ms; GC ${gcs || 'none'}`,
      );
      const slow = ph.load.slowest429
        .slice(0, 3)
        .map(
          (x) =>
            `${f(x.latencyMs, 1)} ms (connection ${x.connection} request ${x.nth}, sent at ${f(x.sentAtMs / 1000, 2)} s)`,
        );
      console.log(`  slowest 429s: ${slow.join('; ')}`);
      if (ph.listenOverflows)
        console.log(
          `  the kernel dropped ${ph.listenOverflows} connection attempts from full listen queues during this phase (machine-wide; a dropped handshake is retried after 1 s, 3 s, …)`,
        );
      const q = l.sql;
      console.log(
        `  SQLite on the loop: ${q.count} calls, ${f(q.totalMs, 0)} ms (${f((q.totalMs / ph.wallMs) * 100, 1)} % of the time), ${q.over1ms} over 1 ms, longest ${f(q.maxMs, 1)} ms; costliest: ` +
          q.top
            .slice(0, 4)
            .map((t) => `${t.sql.slice(0, 40)} ${t.count}× ${f(t.totalMs, 0)} ms (max ${f(t.maxMs, 1)})`)
            .join('; '),
      );
    }
    const b429 = baseline
      ? {
          p50: percentile(baseline.rejected.latencies, 0.5),
          p99: percentile(baseline.rejected.latencies, 0.99),
          max: percentile(baseline.rejected.latencies, 1),
          rps: baseline.rejected.count / (baseline.durationMs / 1000),
          cpuUsPerAnswer: baselineCpuUs / baseline.rejected.count,
        }
      : null;
    if (b429 && baseline) {
      console.log(
        `baseline: a bare 429 server under the same paced load answered ${Math.round(b429.rps)}/s with p50 ${f(b429.p50, 3)} / p99 ${f(b429.p99, 3)} / max ${f(b429.max, 1)} ms, ${f(b429.cpuUsPerAnswer, 0)} µs CPU per answer (generator 10 ms timer late by p99 ${f(baseline.generatorLoopDelay.p99, 1)} ms)`,
      );
    }
    // The paced phase's 429 p99 per 10 s slice: a tail spread over the run, or one disturbed moment?
    const sliceP99 = (r: PacedLoadResult, sliceMs: number) => {
      const out: number[] = [];
      for (let t = 0; t < r.durationMs; t += sliceMs) {
        const xs: number[] = [];
        for (let i = 0; i < r.rejected.sentAtMs.length; i++)
          if (r.rejected.sentAtMs[i]! >= t && r.rejected.sentAtMs[i]! < t + sliceMs) xs.push(r.rejected.inOrder[i]!);
        out.push(percentile(Float64Array.from(xs).sort(), 0.99));
      }
      return out;
    };
    const pacedSlices = sliceP99(paced.load, 10_000);
    console.log(`429 p99 per 10 s of the paced phase: ${pacedSlices.map((v) => f(v, 2)).join(', ')} ms`);
    const hist = paced.inFlight.histogram.map((share, n) => `${n}:${(share * 100).toFixed(1)}%`).join(' ');
    console.log(`\nbackend in-flight during the paced phase (share of 5 ms samples): ${hist}`);
    console.log(
      `RSS of the node: before ${f(rssBefore, 1)} MB, peak ${f(rssPeak, 1)} MB, ${SETTLE_MS / 1000} s after the load ${f(rssAfter, 1)} MB`,
    );
    console.log(
      rssBackAfterMs !== null
        ? `  back within ${Math.round((TARGET_RSS_RATIO - 1) * 100)} % of before ${f(rssBackAfterMs / 1000, 0)} s after the load (${f(rssEnd, 1)} MB)`
        : `  not back within ${Math.round((TARGET_RSS_RATIO - 1) * 100)} % of before ${f((SETTLE_MS + RETURN_MS) / 1000, 0)} s after the load (${f(rssEnd, 1)} MB)`,
    );
    const parts = (m: NodeJS.MemoryUsage) =>
      `V8 heap committed ${f(mb(m.heapTotal), 1)} MB (used ${f(mb(m.heapUsed), 1)}), external ${f(mb(m.external), 1)} MB, rest (code, stacks, native allocations) ${f(mb(m.rss - m.heapTotal - m.external), 1)} MB`;
    console.log(`  before: ${parts(memBefore)}`);
    console.log(`  after:  ${parts(memAfter)}`);
    console.log(
      `reachable heap after a full GC: before ${f(heapBefore, 1)} MB, after the paced phase ${f(heapAfterPaced, 1)} MB, at the end ${f(heapAfter, 1)} MB (RSS then ${f(rssAfterGc, 1)} MB)`,
    );
    console.log(
      `heartbeats (interval ${HEARTBEAT_MS} ms): before the load median gap ${f(median(idle.map((g) => g.ms)), 0)} ms; during the load ${during.length} gaps, median ${f(median(during.map((g) => g.ms)), 0)} ms, max ${f(maxGap, 0)} ms`,
    );
    if (foreign !== null) {
      console.log(
        `other processes on this machine used ${(foreign * 100).toFixed(0)} % of one core on average during the load${foreign > 0.15 ? ' — the figures are disturbed; run again on a quiet machine' : ''}`,
      );
    }

    const p = rows[0]!;
    const checks: Check[] = [
      {
        name: `backend calls in flight never exceed the admitted capacity (${CAPACITY})`,
        pass: Math.max(maxInFlightEver, ...phases.map((x) => x.inFlight.maxInFlight)) <= CAPACITY,
        detail: `max ${Math.max(...phases.map((x) => x.inFlight.maxInFlight))} during the load (${maxInFlightEver} over the whole run), mean ${f(p.meanInFlight)} in the paced phase`,
      },
      {
        name: `429 answers p99 <= ${TARGET_429_P99_MS} ms (paced phase)`,
        pass: p.p99_429 <= TARGET_429_P99_MS,
        detail: `p99 ${f(p.p99_429, 3)} ms over ${paced.load.rejected.count} answers (p50 ${f(p.p50_429, 3)} ms, ${Math.round(p.rejectedPerS)}/s)${b429 ? `; bare 429 server p99 ${f(b429.p99, 3)} ms (node ${f(p.p99_429 / b429.p99, 1)}x)` : ''}`,
      },
      {
        name: `success throughput >= ${TARGET_THROUGHPUT * 100} % of capacity / latency`,
        pass: p.successVsCapacity >= TARGET_THROUGHPUT,
        detail: `${f(p.successPerS, 1)}/s vs ${f(expectedRps, 1)}/s = ${f(p.successVsCapacity * 100, 1)} %`,
      },
      {
        name: `RSS back within ${Math.round((TARGET_RSS_RATIO - 1) * 100)} % of before within ${TARGET_RSS_RETURN_MS / 1000} s after the load`,
        pass: rssBackAfterMs !== null && rssBackAfterMs <= TARGET_RSS_RETURN_MS,
        detail: `${rssBackAfterMs !== null ? `back after ${f(rssBackAfterMs / 1000, 0)} s` : `not back after ${f((SETTLE_MS + RETURN_MS) / 1000, 0)} s`}: ${f(rssEnd, 1)} MB vs ${f(rssBefore, 1)} MB before (peak ${f(rssPeak, 1)} MB; ${SETTLE_MS / 1000} s after the load ${f(rssAfter, 1)} MB = ${f(rssAfter / rssBefore)}x)`,
      },
      {
        name: `no leak: reachable heap after the ${flood ? 'flood' : 'paced phase'} within ${Math.round((TARGET_HEAP_GROWTH - 1) * 100)} % of after the paced phase`,
        pass: heapAfter <= heapAfterPaced * TARGET_HEAP_GROWTH,
        detail: `${f(heapAfter, 1)} MB vs ${f(heapAfterPaced, 1)} MB after ${paced.load.ok.count + paced.load.rejected.count} answers (${f(heapBefore, 1)} MB before any load; ${phases.reduce((n, x) => n + x.load.ok.count + x.load.rejected.count, 0)} answers in all)`,
      },
      {
        name: `heartbeat max gap during the load <= ${TARGET_HEARTBEAT_GAP} x interval`,
        pass: maxGap <= TARGET_HEARTBEAT_GAP * HEARTBEAT_MS,
        detail: `max ${f(maxGap, 0)} ms vs interval ${HEARTBEAT_MS} ms = ${f(maxGap / HEARTBEAT_MS)}x over ${during.length} gaps`,
      },
    ];
    console.log('');
    for (const c of checks) console.log(`${c.pass ? 'PASS' : 'MISS'}  ${c.name}: ${c.detail}`);
    if (flood) {
      const r = rows[1]!;
      console.log(
        `info  flood (no back-off): the node answered ${Math.round(r.rejectedPerS)} 429s/s at ${f(r.nodeCpuPct, 0)} % of a core (${f(r.nodeCpuUsPerAnswer, 0)} µs CPU per answer); ` +
          `429 latency there is queueing: ${CONNECTIONS} connections ÷ ${Math.round(r.rejectedPerS)}/s ≈ ${f((CONNECTIONS / r.rejectedPerS) * 1000, 0)} ms, measured p50 ${f(r.p50_429, 1)} ms`,
      );
    }

    mkdirSync(OUT_DIR, { recursive: true });
    const out = join(OUT_DIR, 'load.json');
    writeFileSync(
      out,
      JSON.stringify(
        {
          bench: 'load',
          at: new Date().toISOString(),
          node: process.version,
          cpus: cpus().length,
          loadavg1mBefore: Number(load1.toFixed(2)),
          foreignCpuCores: foreign,
          knobs: {
            loadMs: LOAD_MS,
            warmupMs: WARMUP_MS,
            connections: CONNECTIONS,
            backoffMs: BACKOFF_MS,
            floodMs: FLOOD_MS,
            settleMs: SETTLE_MS,
            returnMs: RETURN_MS,
            capacity: CAPACITY,
            backendMs: BACKEND_MS,
            heartbeatMs: HEARTBEAT_MS,
          },
          latencyUnit: 'ms',
          phases: rows.map((r, i) => ({
            ...r,
            nodeLoop: phases[i]!.nodeLoop,
            inFlightHistogram: phases[i]!.inFlight.histogram,
            perSecond: phases[i]!.load.perSecond,
          })),
          rssMB: {
            before: rssBefore,
            peak: rssPeak,
            after: rssAfter,
            backWithinTargetAfterMs: rssBackAfterMs,
            end: rssEnd,
            afterForcedGc: rssAfterGc,
            timeline: rss
              .filter((_, i) => i % 4 === 0)
              .map((s) => ({ t: s.at - loadStart, mb: Number(s.rssMB.toFixed(1)) })),
          },
          heapAfterGcMB: { before: heapBefore, afterPaced: heapAfterPaced, after: heapAfter },
          memoryUsage: { before: memBefore, after: memAfter },
          baseline429:
            b429 && baseline
              ? { ...b429, durationMs: baseline.durationMs, generatorLoopDelay: baseline.generatorLoopDelay }
              : null,
          paced429P99Per10s: pacedSlices,
          heartbeats: {
            intervalMs: HEARTBEAT_MS,
            idleMedianGapMs: median(idle.map((g) => g.ms)),
            duringGapsMs: during.map((g) => g.ms),
            maxGapMs: maxGap,
          },
          checks,
        },
        null,
        2,
      ) + '\n',
    );
    console.log(`\nwrote ${out}`);
    return 0;
  } catch (err) {
    console.error(`\nload bench BROKEN: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    if (rssTimer) clearInterval(rssTimer);
    await Promise.all(children.map((c) => c.stop().catch(() => undefined)));
  }
}

async function expectSuccess(url: string, body: string): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (res.status !== 200 || !text.includes('"status":"success"'))
    throw new BenchBroken(`a single task did not succeed: HTTP ${res.status} ${text.slice(0, 300)}`);
}

interface CpuSample {
  busyUs: number;
  oursUs: number;
  at: number;
}

/** The machine's busy CPU time and ours (this process + children), from /proc; null elsewhere. */
function cpuSample(children: ChildServer<unknown>[]): CpuSample | null {
  try {
    const ticks = readFileSync('/proc/stat', 'latin1').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const busyUs = (ticks.reduce((a, b) => a + b, 0) - ticks[3]! - (ticks[4] ?? 0)) * 10_000;
    const own = process.cpuUsage();
    return {
      busyUs,
      oursUs: own.user + own.system + children.reduce((a, c) => a + (c.cpuUs() ?? 0), 0),
      at: performance.now(),
    };
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
