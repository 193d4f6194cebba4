/**
 * Proxy bench: what does the node add on top of the cheapest possible backend?
 *
 * One run measures a null backend four ways — directly, through the minimal keep-alive proxy (minimal-proxy.ts: the
 * floor for any JavaScript node), through a node serving unregistered (no receipts: the task pipeline and its ledger
 * row) and through a node registered with the test directory (every task also claims a signed receipt, committed
 * before the answer and posted to the directory as an award) — at concurrency 1, 16 and 64, and prints requests/s,
 * p50/p99 latency, the latency each hop adds over the direct call, throughput ratios and CPU per request of every
 * process. Targets (report.ts), each against the minimal proxy measured in the same run: CPU per task at c=64 with
 * receipts <= 300 us and <= 2.5x the proxy's; c=64 throughput with receipts >= 0.6 of the proxy's and without
 * >= 0.8; added p50 at c=1 <= 2x the proxy's. After the run both nodes are killed with SIGKILL and every task they
 * answered 200 is looked up in their ledgers (durability.ts): speed must not cost a single acknowledged task.
 *
 * Process layout (why): the backend, the proxy, each node and the directory run in their own child process, and the
 * load generator runs alone in this process. Every server thus has its own event loop, as in real use;
 * sharing one loop would serialise generator, proxy and backend and measure the loop instead of the hop.
 * The generator (../lib/keepalive-load.ts) is a raw-socket keep-alive client costing a few tens of µs of
 * CPU per request, less than any of the servers, and all targets are measured with the same one.
 * On a 2-core machine the direct case has 2 busy processes and the proxied cases 3 (4 with the directory taking
 * awards), so proxied throughput is bounded by the shared cores: the minimal proxy measures ~20–35 % of direct.
 * That is why the node is judged against the minimal proxy, not against direct. Each cell is cut into interleaved
 * slices so that other work on the machine hits all targets alike, and the report says how much CPU other
 * processes used. CPU time per request of every process is sampled from /proc, from each slice's first request until
 * the slice's work is done: a node's last fold, and for the receipts node every award of the slice accepted by the
 * directory (the time that takes is printed too), so deferred work is charged to the tasks that caused it and never
 * runs in another target's slice.
 *
 * Env: BENCH_DURATION_MS (measured window per cell, default 4000), BENCH_WARMUP_MS (default 1000),
 * BENCH_ROUNDS (slices each cell is cut into and interleaved across the targets, default 4),
 * BENCH_CONCURRENCY (default "1,16,64"), BENCH_CPU_PROF=1 (write V8 CPU profiles of the proxy, node and directory
 * processes, a file per thread, to test-artifacts/bench/cpu-prof/<process>-<time>), BENCH_SNAPSHOT_INTERVAL_MS (node
 * snapshot throttle, default
 * 250 as shipped), BENCH_NODE_FETCH=agent (experiment: the node calls its backend through agent-fetch.ts),
 * BENCH_NODE_FLAGS (extra Node flags for the nodes' processes, e.g. "--trace-gc"), BENCH_NODES (experiment: which
 * nodes are measured, "node,receipts" by default; direct and the minimal proxy always are).
 * Runs with a knob other than durations set write proxy-experiment.json instead of proxy.json.
 * Exit code 0 whether targets pass or miss (it is a report); 1 if the bench itself broke (a non-200 or
 * unexpected answer, a socket error, a request that never reached the backend, an answered task not in the ledger).
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { runLoad } from '../lib/keepalive-load';
import { cpuSample, foreignCores } from '../lib/machine-cpu';
import { startChild, type ChildServer } from '../lib/server-child';
import {
  BenchBroken,
  cellBase,
  cpuProfArgs,
  interleave,
  machineLine,
  mergedLatency,
  printForeign,
  runBench,
  sliceKnobs,
  writeReport,
  type Measured,
} from '../lib/slice-harness';
import { checkLedger, taskIdOf } from './durability';
import { evaluate, printTable, TARGET_LABEL, TARGETS, type Cell, type TargetName } from './report';
import type { BackendInfo, DirectoryInfo, NodeInfo, ProxyInfo } from './server-process';

const env = process.env;
const KNOBS = sliceKnobs({ durationMs: 4000, concurrency: '1,16,64', maxConcurrency: 256 });
const { durationMs: DURATION_MS, warmupMs: WARMUP_MS, rounds: ROUNDS, concurrency: CONCURRENCY } = KNOBS;
const CPU_PROF = env.BENCH_CPU_PROF === '1';
/** Which nodes are measured (an experiment knob: one of them alone halves the run); direct and proxy always are. */
const NODES_CHOSEN = (env.BENCH_NODES ?? 'node,receipts').split(',');
const ACTIVE = TARGETS.filter((t) => t === 'direct' || t === 'proxy' || NODES_CHOSEN.includes(t));

const INTENT = 'urn:iicp:intent:llm:chat:v1';
/** After a node's slice: its ledger folds what it journaled within 200 ms; that work is the slice's. */
const SETTLE_MS = 300;
/** The receipts node's awards of one slice must all reach the directory within this long after its last answer. */
const AWARD_DRAIN_LIMIT_MS = 60_000;

/** One slice as measure() returns it. */
type Slice = Awaited<ReturnType<typeof runLoad>> & {
  cpuUs: { backend: number; hop: number; directory: number };
  /**
   * The receipts node's awards still to reach the directory when the slice's load ended, and the time until they had.
   */
  awards: { backlog: number; drainMs: number } | null;
  /** Warm-up and measured time, with the drain: the time the receipts node took to serve and claim the slice. */
  busyMs: number;
};

async function main(): Promise<number> {
  const script = join(import.meta.dirname, 'server-process.ts');
  // A folder per process and Node's own file names (pid and thread id in them): the ledger and checkpoint threads
  // write profiles of their own, which one fixed name would overwrite with the main thread's.
  const profStamp = Date.now();
  const profArgs = (name: string) => cpuProfArgs(CPU_PROF, `${name}-${profStamp}`);
  return runBench('proxy', async ({ children, dataDir }) => {
    const backend = await startChild<BackendInfo>('backend', script, ['backend']);
    children.push(backend);
    const directory = await startChild<DirectoryInfo>('directory', script, ['directory'], {
      execArgv: profArgs('directory'),
    });
    children.push(directory);
    const proxy = await startChild<ProxyInfo>('proxy', script, ['proxy', backend.info.url], {
      execArgv: profArgs('proxy'),
    });
    children.push(proxy);
    const nodeFlags = (env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
    const nodeChild = async (name: string, directoryUrl: string) => {
      const dir = dataDir('iicp-bench-');
      const child = await startChild<NodeInfo>(name, script, ['node', backend.info.url, dir, directoryUrl], {
        execArgv: [...profArgs(name), ...nodeFlags],
        timeoutMs: 40_000,
      });
      children.push(child);
      return { child, dir };
    };
    const plain = await nodeChild('node', '');
    const withReceipts = await nodeChild('node-receipts', directory.info.url);
    if (!withReceipts.child.info.registered) throw new BenchBroken('the receipts node did not register');

    const model = backend.info.model;
    const payloadJson = JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] });
    // Every task is new to the node: a unique task_id (else it replays its cache) and a unique nonce, so
    // the replay check runs too — every check of the pipeline is on. taskIdOf() reads the id back.
    const taskBody = () =>
      `{"task_id":"${randomUUID()}","nonce":"${randomUUID()}","intent":"${INTENT}","payload":${payloadJson}}`;
    const answered: Record<'node' | 'receipts', Set<string>> = { node: new Set(), receipts: new Set() };
    const task = { body: taskBody, expect: '"status":"success"' };
    const targets: Record<
      TargetName,
      { url: string; body: () => string; expect: string; hop: ChildServer<unknown> | null; answered?: Set<string> }
    > = {
      direct: {
        url: `${backend.info.url}/v1/chat/completions`,
        body: () => payloadJson,
        expect: '"choices"',
        hop: null,
      },
      proxy: { url: `${proxy.info.url}/v1/task`, ...task, hop: proxy },
      node: { url: `${plain.child.info.url}/v1/task`, ...task, hop: plain.child, answered: answered.node },
      receipts: {
        url: `${withReceipts.child.info.url}/v1/task`,
        ...task,
        hop: withReceipts.child,
        answered: answered.receipts,
      },
    };

    await sanityCheck(targets.direct.url, payloadJson, (j) => Array.isArray(j.choices));
    for (const t of ['proxy', 'node', 'receipts'] as const) {
      const body = taskBody();
      const id = taskIdOf(body);
      await sanityCheck(targets[t].url, body, (j) => {
        const r = j.result as { choices?: unknown } | undefined;
        return j.status === 'success' && j.task_id === id && Array.isArray(r?.choices);
      });
      targets[t].answered?.add(id);
    }
    // The receipt path works end to end before anything is timed: the sanity task's award reached the directory.
    if (ACTIVE.includes('receipts'))
      await until(
        async () => (await directory.call<number>('awards')) >= 1,
        15_000,
        'the directory never received an award from the receipts node',
      );

    const load = loadavg()[0]!.toFixed(2);
    const cpu0 = cpuSample(children);
    console.log(
      `\nproxy bench — null backend on 127.0.0.1; ${DURATION_MS} ms measured per cell (${ROUNDS} interleaved slices, ${WARMUP_MS} ms warm-up in all)`,
    );
    console.log(
      `${machineLine(load)}; node snapshot throttle ${plain.child.info.snapshotIntervalMs} ms${plain.child.info.backendClient === 'fetch' ? '' : `; EXPERIMENT: node backend client = ${plain.child.info.backendClient}`}`,
    );

    // Warm every target once (JIT, connection pools) before anything is recorded.
    for (const t of ACTIVE) await measure(t, 16, 0, Math.min(1500, WARMUP_MS + 500));

    const cells = (await interleave(KNOBS, ACTIVE, measure)).flatMap(({ c, slices }) => cellsOf(c, slices));

    const foreign = foreignCores(children, cpu0);
    const heapMB = {
      proxy: (await proxy.call<number>('heapUsed')) / 2 ** 20,
      node: (await plain.child.call<number>('heapUsed')) / 2 ** 20,
      receipts: (await withReceipts.child.call<number>('heapUsed')) / 2 ** 20,
    };
    const awards = await directory.call<number>('awards');
    // SIGKILL, then every answered task looked up in the ledger: nothing acknowledged may be missing. A profiled run
    // stops them instead: V8 writes its profile at exit, which a killed process never reaches.
    for (const n of [plain, withReceipts]) await (CPU_PROF ? n.child.stop() : n.child.kill());
    const durability = {
      node: checkLedger(plain.dir, answered.node, false),
      receipts: checkLedger(withReceipts.dir, answered.receipts, true),
    };
    const checks = evaluate(cells);
    printTable(cells, checks);
    for (const t of ['node', 'receipts'] as const) {
      const d = durability[t];
      console.log(
        `${d.pass ? 'PASS' : 'FAIL'}  every task ${TARGET_LABEL[t]} answered is in its ledger after ${CPU_PROF ? 'a stop (profiling)' : 'SIGKILL'}: ${d.answered} answered, ${d.missing} missing${t === 'receipts' ? `, ${d.withoutReceipt} without a receipt` : ''} (${d.rows} rows)`,
      );
    }
    const unposted = answered.receipts.size - awards;
    console.log(
      `info  awards the directory received from the receipts node: ${awards} of ${answered.receipts.size} answered${unposted > 0 ? ` (${unposted} still in its outbox when it was killed)` : ''}`,
    );
    console.log(
      `heap used after the run: node ${heapMB.node.toFixed(0)} MB, node+receipts ${heapMB.receipts.toFixed(0)} MB, minimal proxy ${heapMB.proxy.toFixed(0)} MB`,
    );
    printForeign(foreign);
    // Runs with an experiment knob set do not overwrite the report of the node as shipped.
    const info = plain.child.info;
    const experiment =
      info.backendClient !== 'fetch' ||
      info.snapshotIntervalMs !== 250 ||
      nodeFlags.length > 0 ||
      CPU_PROF ||
      ACTIVE.length < TARGETS.length;
    writeReport('proxy', experiment, {
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
      nodeSnapshotIntervalMs: info.snapshotIntervalMs,
      nodeBackendClient: info.backendClient,
      latencyUnit: 'ms',
      cells,
      checks,
      durability,
      awards,
    });
    if (!durability.node.pass || !durability.receipts.pass)
      throw new BenchBroken('an answered task is missing from a ledger');
    return 0;

    /**
     * One slice. CPU is counted from the slice's first request (warm-up included) until the hop has finished the
     * slice's work — for the receipts node, until the directory holds every award of the tasks it answered — and
     * divided by every good answer of the slice: work a node puts off past the last answer (a fold, a backlog of
     * awards) is charged to the tasks that caused it, and never runs in another target's slice.
     */
    async function measure(t: TargetName, c: number, warmupMs: number, durationMs: number): Promise<Slice> {
      const target = targets[t];
      const before = await backend.call<number>('requests');
      const cpu0 = {
        backend: backend.cpuUs() ?? Number.NaN,
        hop: target.hop?.cpuUs() ?? Number.NaN,
        directory: directory.cpuUs() ?? Number.NaN,
      };
      const seen = target.answered;
      const r = await runLoad({
        url: target.url,
        connections: c,
        warmupMs,
        durationMs,
        body: target.body,
        expect: target.expect,
        onGood: seen ? (body) => seen.add(taskIdOf(body)) : undefined,
      });
      const served = (await backend.call<number>('requests')) - before;
      if (r.bad > 0 || r.errors > 0 || r.requests === 0) {
        throw new BenchBroken(
          `${t} at c=${c}: ${r.requests} good, ${r.bad} bad answers, ${r.errors} socket errors; first problem: ${r.firstProblem ?? 'no answers'}`,
        );
      }
      if (served < r.requests)
        throw new BenchBroken(
          `${t} at c=${c}: ${r.requests} answers but only ${served} backend calls — answers did not come from the backend`,
        );
      const awards = t === 'receipts' ? await drainAwards(answered.receipts.size) : null;
      // What a node does after its last answer (the ledger's fold within 200 ms) belongs to this slice too.
      if (t === 'node' || t === 'receipts') await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const cpu = {
        backend: (backend.cpuUs() ?? Number.NaN) - cpu0.backend,
        hop: (target.hop?.cpuUs() ?? Number.NaN) - cpu0.hop,
        directory: t === 'receipts' ? (directory.cpuUs() ?? Number.NaN) - cpu0.directory : Number.NaN,
      };
      return { ...r, cpuUs: cpu, awards, busyMs: warmupMs + r.durationMs + (awards?.drainMs ?? 0) };
    }

    /**
     * Waits until the directory has accepted `expected` awards; how many were still to come when the load ended, and
     * how long that took.
     */
    async function drainAwards(expected: number): Promise<{ backlog: number; drainMs: number }> {
      const t0 = performance.now();
      const backlog = Math.max(0, expected - (await directory.call<number>('accepted')));
      while ((await directory.call<number>('accepted')) < expected) {
        if (performance.now() - t0 > AWARD_DRAIN_LIMIT_MS)
          throw new BenchBroken(
            `the receipts node's awards did not reach the directory within ${AWARD_DRAIN_LIMIT_MS} ms of its last answer`,
          );
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return { backlog, drainMs: performance.now() - t0 };
    }
  });
}

/** One concurrency's cells from its slices: rates, merged latencies and CPU per request, each against direct. */
function cellsOf(c: number, slices: Record<TargetName, Slice[]>): Cell[] {
  const sum = (t: TargetName, f: (x: Slice) => number) => slices[t].reduce((n, x) => n + f(x), 0);
  const measured = Object.fromEntries(
    ACTIVE.map((t) => {
      const requests = sum(t, (x) => x.requests);
      return [
        t,
        {
          rps: requests / (sum(t, (x) => x.durationMs) / 1000),
          requests,
          latency: mergedLatency(slices[t].map((x) => x.latencies)),
        },
      ];
    }),
  ) as Record<TargetName, Measured>;
  return ACTIVE.map((t) => {
    // Good answers of all slices, warm-ups included: what the CPU figures are divided by.
    const good = sum(t, (x) => x.good);
    const per = (us: number) => (Number.isFinite(us) ? us / good : null);
    const awards =
      t === 'receipts'
        ? {
            backlog: sum(t, (x) => x.awards?.backlog ?? 0),
            drainMs: sum(t, (x) => x.awards?.drainMs ?? 0),
            servedAndClaimedRps: good / (sum(t, (x) => x.busyMs) / 1000),
          }
        : null;
    return {
      ...cellBase(c, t, measured[t], measured.direct),
      vsProxy: measured[t].rps / measured.proxy.rps,
      cpuUsPerRequest: {
        generator: sum(t, (x) => x.generatorCpuUs) / measured[t].requests,
        backend: per(sum(t, (x) => x.cpuUs.backend)),
        hop: per(sum(t, (x) => x.cpuUs.hop)),
        directory: per(sum(t, (x) => x.cpuUs.directory)),
      },
      awards,
    };
  });
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new BenchBroken(what);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function sanityCheck(url: string, body: string, ok: (json: Record<string, unknown>) => boolean): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // reported below
  }
  if (res.status !== 200 || !ok(json))
    throw new BenchBroken(`first answer of ${url} is not a success: HTTP ${res.status} ${text.slice(0, 400)}`);
}

process.exitCode = await main();
