/**
 * Hostile traffic bench: does hostile traffic cost the node nothing that others notice?
 *
 * The node (maxConcurrent 4, in front of a fake LLM server whose generation time grows with the answer) runs in one
 * child process, the flood (flood-process.ts: every hostile body of the attack campaign at once, bounded, from its own
 * loopback addresses) in another. This process is a well-behaved consumer — one task at a time, a short chat, as the
 * official SDK sends them — and a health prober (a fresh connection to /iicp/health every 20 ms, as the directory's
 * probes come). The same window is measured twice: without the flood (the baseline), then with it.
 *
 * Targets: /iicp/health p99 with the flood ≤ 20 ms; node RSS growth (peak with the flood over the mean without)
 * ≤ 200 MiB; the consumer's throughput with the flood ≥ 90 % of without.
 *
 * Env: BENCH_HOSTILE_MS window [20000], BENCH_HOSTILE_WARMUP_MS [3000], BENCH_HOSTILE_CONCURRENCY consumer tasks at
 * once [1], BENCH_HOSTILE_CAPACITY [4], BENCH_HOSTILE_MS_PER_TOKEN [10], BENCH_HOSTILE_KINDS (flood kinds,
 * comma-separated;
 * default all), BENCH_CPU_PROF=1 (a V8 CPU profile of the node into test-artifacts/bench/cpu-prof), BENCH_NODE_FLAGS
 * (extra Node flags for the node, e.g. "--trace-gc"). Writes test-artifacts/bench/hostile.json.
 * Exit 0 whether targets pass or miss; 1 if the bench broke (the consumer got anything but 200).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../support/free-port';
import { startChild } from '../lib/server-child';
import type { HostileNodeInfo } from './node-process';
import { knob } from '../lib/knob';
import { rssMB } from '../lib/proc-rss';
import { goodTask, health, mean, pct, post, sleep } from './probes';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT_DIR = join(resolve(HERE, '../../..'), 'test-artifacts/bench');
const env = process.env;
const WINDOW_MS = knob('BENCH_HOSTILE_MS', 20_000, 2_000, 2000);
const WARMUP_MS = knob('BENCH_HOSTILE_WARMUP_MS', 3_000, 0, 300);
const CONCURRENCY = Math.floor(knob('BENCH_HOSTILE_CONCURRENCY', 1, 1));
const CAPACITY = Math.floor(knob('BENCH_HOSTILE_CAPACITY', 4, 1));
const MS_PER_TOKEN = knob('BENCH_HOSTILE_MS_PER_TOKEN', 10);

interface Window {
  tasks: number;
  failures: string[];
  taskMs: number[];
  healthMs: number[];
  healthFailures: number;
  rss: number[];
  loop: { p99: number; max: number };
}

/** The consumer, the prober and the RSS sampler for `ms`. */
async function measure(
  node: { port: number; pid: number; loop: () => Promise<{ p99: number; max: number }> },
  ms: number,
): Promise<Window> {
  const w: Window = {
    tasks: 0,
    failures: [],
    taskMs: [],
    healthMs: [],
    healthFailures: 0,
    rss: [],
    loop: { p99: 0, max: 0 },
  };
  const until = Date.now() + ms;
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  await node.loop(); // a fresh window of the node's own event-loop delay
  let seq = 0;
  const consumers = Array.from({ length: CONCURRENCY }, async () => {
    while (Date.now() < until) {
      const r = await post(agent, node.port, goodTask(++seq));
      if (r.status === 200) {
        w.tasks += 1;
        w.taskMs.push(r.ms);
      } else w.failures.push(String(r.status));
    }
  });
  const prober = (async () => {
    while (Date.now() < until) {
      const r = await health(node.port);
      if (r.ok) w.healthMs.push(r.ms);
      else w.healthFailures += 1;
      await sleep(20);
    }
  })();
  const sampler = (async () => {
    while (Date.now() < until) {
      w.rss.push(rssMB(node.pid) ?? Number.NaN);
      await sleep(250);
    }
  })();
  await Promise.all([...consumers, prober, sampler]);
  agent.destroy();
  w.loop = await node.loop();
  return w;
}

function summary(w: Window, ms: number) {
  return {
    consumerTasksPerSecond: Math.round((w.tasks / (ms / 1000)) * 100) / 100,
    consumerTaskP50Ms: Math.round(pct(w.taskMs, 50) * 10) / 10,
    consumerTaskP99Ms: Math.round(pct(w.taskMs, 99) * 10) / 10,
    consumerFailures: w.failures.length,
    healthProbes: w.healthMs.length,
    healthFailures: w.healthFailures,
    healthP50Ms: Math.round(pct(w.healthMs, 50) * 100) / 100,
    healthP99Ms: Math.round(pct(w.healthMs, 99) * 100) / 100,
    healthMaxMs: Math.round(Math.max(...w.healthMs) * 100) / 100,
    rssMeanMiB: Math.round(mean(w.rss) * 10) / 10,
    rssMaxMiB: Math.round(Math.max(...w.rss) * 10) / 10,
    nodeLoopDelayP99Ms: Math.round(w.loop.p99 * 100) / 100,
    nodeLoopDelayMaxMs: Math.round(w.loop.max * 100) / 100,
  };
}

const port = await freePort();
const PROF_DIR = join(OUT_DIR, 'cpu-prof');
const nodeArgv =
  env.BENCH_CPU_PROF === '1'
    ? ['--cpu-prof', `--cpu-prof-dir=${PROF_DIR}`, '--cpu-prof-name=hostile-node.cpuprofile']
    : [];
const node = await startChild<HostileNodeInfo>(
  'node',
  join(HERE, 'node-process.ts'),
  [String(port), String(CAPACITY), String(MS_PER_TOKEN)],
  { execArgv: [...nodeArgv, ...(env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean)] },
);
const flood = await startChild<{ started: true }>('flood', join(HERE, 'flood-process.ts'), [String(port)]);
let broken: string | null = null;
try {
  const handle = { port, pid: node.pid, loop: () => node.call<{ p99: number; max: number }>('loop') };
  console.log(
    `hostile bench: node maxConcurrent ${CAPACITY}, consumer concurrency ${CONCURRENCY}, window ${WINDOW_MS} ms, ${MS_PER_TOKEN} ms per generated token; load average ${loadavg()[0]!.toFixed(2)}`,
  );
  await measure(handle, WARMUP_MS);
  const quiet = await measure(handle, WINDOW_MS);
  await flood.call('start');
  await sleep(2_000); // every flood kind under way
  const cpu0 = { node: node.cpuUs() ?? 0, flood: flood.cpuUs() ?? 0, self: process.cpuUsage() };
  const loud = await measure(handle, WINDOW_MS);
  const self = process.cpuUsage(cpu0.self);
  const cpuShare = (us: number) => `${((us / 1000 / WINDOW_MS) * 100).toFixed(0)} %`;
  const cpu = {
    node: cpuShare((node.cpuUs() ?? 0) - cpu0.node),
    flood: cpuShare((flood.cpuUs() ?? 0) - cpu0.flood),
    consumerAndProber: cpuShare(self.user + self.system),
  };
  const counts = await flood.call<Record<string, Record<string, number>>>('counts');
  const state = await node.call<{ state: string; activeJobs: number; backendMaxInFlight: number }>('state');

  const q = summary(quiet, WINDOW_MS);
  const l = summary(loud, WINDOW_MS);
  const throughput = l.consumerTasksPerSecond / q.consumerTasksPerSecond;
  const rssGrowth = l.rssMaxMiB - q.rssMeanMiB;
  const targets = [
    {
      name: '/iicp/health p99 <= 20 ms during the flood',
      pass: l.healthP99Ms <= 20 && l.healthFailures === 0,
      detail: `${l.healthP99Ms} ms (without the flood ${q.healthP99Ms} ms; max ${l.healthMaxMs} ms; ${l.healthFailures} failed probes)`,
    },
    {
      name: 'node RSS growth <= 200 MiB during the flood',
      pass: rssGrowth <= 200,
      detail: `+${rssGrowth.toFixed(1)} MiB (peak ${l.rssMaxMiB} MiB vs ${q.rssMeanMiB} MiB mean without)`,
    },
    {
      name: 'consumer throughput >= 90 % of the same run without the flood',
      pass: throughput >= 0.9,
      detail: `${l.consumerTasksPerSecond}/s vs ${q.consumerTasksPerSecond}/s = ${(throughput * 100).toFixed(1)} %`,
    },
  ];
  console.log('\nwithout the flood:', JSON.stringify(q));
  console.log('with the flood:   ', JSON.stringify(l));
  console.log('flood answers by kind and status:', JSON.stringify(counts));
  console.log('node afterwards:', JSON.stringify(state));
  console.log('CPU of one core during the flood window:', JSON.stringify(cpu));
  console.log('');
  for (const t of targets) console.log(`${t.pass ? 'PASS' : 'MISS'} ${t.name}: ${t.detail}`);
  if (quiet.failures.length || loud.failures.length)
    broken = `the consumer got non-200 answers: ${[...quiet.failures, ...loud.failures].slice(0, 10).join(', ')}`;
  if (state.state !== 'online') broken = `the node is ${state.state} after the flood`;
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(
    join(OUT_DIR, 'hostile.json'),
    JSON.stringify(
      {
        at: new Date().toISOString(),
        windowMs: WINDOW_MS,
        capacity: CAPACITY,
        concurrency: CONCURRENCY,
        withoutFlood: q,
        withFlood: l,
        flood: counts,
        cpu,
        targets,
      },
      null,
      2,
    ),
  );
} finally {
  await flood.stop();
  await node.stop();
}
if (broken) {
  console.error(`hostile bench broke: ${broken}`);
  process.exit(1);
}
