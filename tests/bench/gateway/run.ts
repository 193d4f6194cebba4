/**
 * Gateway bench: what does the local gateway add to an app's request over an app that speaks IICP-CX itself?
 *
 * Three paths to the same provider node and the same null backend, in one run:
 *   direct CX       — this process seals each task to the provider's advertised key with the engine's own consumer
 *                     half (`@engine/cx/seal-request`, what the gateway uses), POSTs it to `{provider}/v1/task` and
 *                     opens the sealed answer (cx-client.ts): the least an app could do to use the network safely;
 *   gateway         — this process POSTs a plain OpenAI chat request with an app key to the gateway node's
 *                     `/v1/chat/completions`; the gateway checks the key, shapes the request, picks the node
 *                     (discovery, cached 10 s), holds the budget, seals, calls the provider, opens, books the request
 *                     in its spent book and answers in OpenAI's shape;
 *   minimal gateway — the same request to minimal-gateway.ts: a bare node:http hop that seals, calls the provider over
 *                     a keep-alive http.Agent, opens and answers, nothing else — the floor of any JavaScript gateway,
 *                     so a miss can be split into the hop itself and the gateway's pipeline.
 * All do the same crypto at the edge (the client or the hop), and the provider does the same work for all (the same
 * task body: sealed payload, `cx_response_encryption: required`, `source_node_id` = the gateway node, so each task
 * also claims a receipt posted to the directory). At concurrency 1 and 16 it prints req/s, p50/p90/p99, the latency
 * each hop adds, throughput against direct (and the gateway's against the floor), and CPU µs per request of every
 * process. Targets (report.ts), against direct in the same run: gateway added p50 at c=1 <= 1.5 ms; c=16 throughput
 * >= 0.8 of direct.
 *
 * Process layout: the null backend, the test directory, the provider node, the gateway node and the minimal gateway
 * each run in their own child process; the load generator (../lib/keepalive-load.ts, with `verify`, so the direct
 * client's sealing and opening are inside its latency) runs alone in this process. The gateway node is registered, and
 * by default the provider is another operator's node to it (`paid`): every request takes the paid path with the
 * budget's hold (no limits set, so it never refuses; the directory debits the gateway node's side for each award).
 * Each cell is cut into slices interleaved between the paths. CPU of every process is sampled from /proc from a
 * slice's first request until the directory holds every award of the tasks answered so far (and 300 ms more: the
 * nodes' deferred work), divided by the slice's good answers.
 *
 * Env: BENCH_DURATION_MS (measured window per cell and path, default 5000), BENCH_WARMUP_MS (default 1000),
 * BENCH_ROUNDS (slices per cell, default 4), BENCH_CONCURRENCY (default "1,16"), BENCH_GATEWAY_MODE (`paid`, or `own`:
 * the provider listed among the person's own machines — free, no budget hold), BENCH_PATHS (which paths besides
 * direct, default "floor,gateway"), BENCH_CPU_PROF=1 (V8 profiles of the provider, gateway, minimal gateway and
 * directory in test-artifacts/bench/cpu-prof/gateway-<process>-<time>), BENCH_NODE_FLAGS (extra Node flags for both
 * nodes), BENCH_GATEWAY_FETCH=agent (experiment: the gateway node calls nodes through ../proxy/agent-fetch.ts, a fetch
 * look-alike over http.request, given as ProviderNodeOptions.publicFetch, instead of its pinned undici fetch),
 * BENCH_GATEWAY_CAPS=1 (experiment: daily and monthly caps set too high to reach, so every paid request has the budget
 * read the day's and the month's spending from the spent book, as the shipped limits do). Runs with a knob other than
 * durations set write gateway-experiment.json.
 * Exit code 0 whether targets pass or miss; 1 if the bench broke (a non-200, an answer that does not open, a socket
 * error, a gateway answer that did not come from the provider, awards that stop reaching the directory).
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { offeredNodes } from '@engine/gateway/routing/network-offer';
import { readDiscoverAnswer } from '@engine/directory/discover-answer';
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
import { cxClient, verifyChatCompletion } from './cx-client';
import { evaluate, printTable, TARGETS, type Cell, type CpuPerRequest, type TargetName } from './report';
import type { BackendInfo, DirectoryInfo, FloorInfo, GatewayInfo, GatewayMode, ProviderInfo } from './server-process';

const env = process.env;
const KNOBS = sliceKnobs({ durationMs: 5000, concurrency: '1,16', maxConcurrency: 64 });
const { durationMs: DURATION_MS, warmupMs: WARMUP_MS, rounds: ROUNDS, concurrency: CONCURRENCY } = KNOBS;
const MODE: GatewayMode = env.BENCH_GATEWAY_MODE === 'own' ? 'own' : 'paid';
const CPU_PROF = env.BENCH_CPU_PROF === '1';
const NODE_FLAGS = (env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
/** Which paths are measured besides direct (an experiment knob: the gateway alone for a profile). */
const PATHS_CHOSEN = (env.BENCH_PATHS ?? 'floor,gateway').split(',');
const ACTIVE = TARGETS.filter((t) => t === 'direct' || PATHS_CHOSEN.includes(t));
/**
 * Experiment: `agent` has the gateway call nodes through proxy/agent-fetch.ts (http.request) instead of undici's fetch.
 */
const GATEWAY_FETCH = env.BENCH_GATEWAY_FETCH === 'agent' ? 'agent' : 'fetch';
/** Experiment: caps too high to reach, so the budget sums the spent book per paid request (as with shipped limits). */
const CAPS = env.BENCH_GATEWAY_CAPS === '1';

const INTENT = 'urn:iicp:intent:llm:chat:v1';
/** The answer length both paths ask for: the gateway then passes the payload as it is (nothing cut by the budget). */
const MAX_TOKENS = 64;
/** What the gateway node is funded with: far more than a run spends, so only the hop under test decides. */
const GATEWAY_CREDITS = 1_000_000;
/** The gateway's default request time; the task's `timeout_ms` is the same on both paths. */
const TIMEOUT_MS = 120_000;
/** After a slice's awards are in: the gateway's and the provider's deferred work (ledger folds within 200 ms). */
const SETTLE_MS = 300;
/** A slice's awards must reach the directory within this long of its last answer, or stop coming in. */
const AWARD_DRAIN_LIMIT_MS = 30_000;
const AWARD_STALL_MS = 3000;

/** One slice as measure() returns it. */
type Slice = Awaited<ReturnType<typeof runLoad>> & {
  cpuUs: { backend: number; provider: number; gateway: number; directory: number };
};

async function main(): Promise<number> {
  const script = join(import.meta.dirname, 'server-process.ts');
  const profStamp = Date.now();
  const profArgs = (name: string) => cpuProfArgs(CPU_PROF, `gateway-${name}-${profStamp}`);
  return runBench('gateway', async ({ children, dataDir: freshDir }) => {
    const dataDir = () => freshDir('iicp-bench-gw-');
    const backend = await startChild<BackendInfo>('backend', script, ['backend']);
    children.push(backend);
    const directory = await startChild<DirectoryInfo>('directory', script, ['directory'], {
      execArgv: profArgs('directory'),
    });
    children.push(directory);
    const provider = await startChild<ProviderInfo>(
      'provider',
      script,
      ['provider', backend.info.url, dataDir(), directory.info.url],
      {
        execArgv: [...profArgs('provider'), ...NODE_FLAGS],
        timeoutMs: 40_000,
      },
    );
    children.push(provider);
    const gateway = await startChild<GatewayInfo>(
      'gateway',
      script,
      ['gateway', backend.info.idleUrl, dataDir(), directory.info.url, MODE, provider.info.nodeId],
      {
        execArgv: [...profArgs('gateway'), ...NODE_FLAGS],
        timeoutMs: 40_000,
      },
    );
    children.push(gateway);
    // The gateway node pays for every task and starts with nothing: it is funded first, then the app's key is made on
    // its page, which reads the balance the directory now quotes.
    await directory.call('fund', { nodeId: gateway.info.nodeId, credits: GATEWAY_CREDITS });
    const gatewayKey = await gateway.call<string>('createKey');

    const model = backend.info.model;
    // The provider as the gateway finds it: its endpoint and IICP-CX key from the directory's discovery answer.
    const found = await fetch(
      `${directory.info.url}/v1/discover?intent=${encodeURIComponent(INTENT)}&model=${encodeURIComponent(model)}&limit=50`,
    );
    const offered = offeredNodes(readDiscoverAnswer(await found.json())?.nodes ?? [], INTENT).find(
      (n) => n.nodeId === provider.info.nodeId,
    );
    if (!offered) throw new BenchBroken('the directory does not offer the provider node with an IICP-CX key');
    if (offered.endpoint !== provider.info.url)
      throw new BenchBroken(`the provider is listed at ${offered.endpoint}, not ${provider.info.url}`);

    const floor = await startChild<FloorInfo>(
      'floor',
      script,
      ['floor', provider.info.url, offered.cx.key, offered.cx.keyId, gateway.info.nodeId],
      { execArgv: profArgs('floor') },
    );
    children.push(floor);

    const messages = [{ role: 'user', content: 'hi' }];
    const cx = cxClient({
      cx: offered.cx,
      sourceNodeId: gateway.info.nodeId,
      intent: INTENT,
      model,
      payload: { model, messages, max_tokens: MAX_TOKENS },
      maxTokens: MAX_TOKENS,
      timeoutMs: TIMEOUT_MS,
    });
    const appBody = JSON.stringify({ model, messages, max_tokens: MAX_TOKENS });
    const targets: Record<
      TargetName,
      {
        url: string;
        headers: Record<string, string>;
        body: () => string;
        verify: (sent: string, answer: Buffer) => boolean;
        hop: ChildServer<unknown> | null;
      }
    > = {
      direct: {
        url: `${provider.info.url}/v1/task`,
        headers: { 'X-IICP-Require-E2E': '1' },
        body: cx.body,
        verify: cx.verify,
        hop: null,
      },
      floor: {
        url: `${floor.info.url}/v1/chat/completions`,
        headers: { Authorization: `Bearer ${floor.info.key}` },
        body: () => appBody,
        verify: verifyChatCompletion,
        hop: floor,
      },
      gateway: {
        url: `${gateway.info.url}/v1/chat/completions`,
        headers: { Authorization: `Bearer ${gatewayKey}` },
        body: () => appBody,
        verify: verifyChatCompletion,
        hop: gateway,
      },
    };

    // Each path works end to end before anything is timed, and the gateway's answer came from the provider node.
    let answered = 0;
    /** The gateway node's CPU while the other paths ran: its background (timers, heartbeats, snapshots), no request. */
    const idle = { cpuUs: 0, ms: 0 };
    for (const t of ACTIVE) {
      const target = targets[t];
      const sent = target.body();
      const res = await fetch(target.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...target.headers },
        body: sent,
        signal: AbortSignal.timeout(10_000),
      });
      const text = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200 || !target.verify(sent, text))
        throw new BenchBroken(
          `first answer of ${t} is not a good one: HTTP ${res.status} ${text.toString('utf8').slice(0, 400)}`,
        );
      if (t === 'gateway') {
        const via = res.headers.get('x-iicp-node-id');
        const own = res.headers.get('x-iicp-own-machine');
        if (via !== provider.info.nodeId)
          throw new BenchBroken(`the gateway's answer came from ${via}, not the provider node`);
        if (own !== (MODE === 'own' ? 'yes' : 'no'))
          throw new BenchBroken(
            `the gateway took the provider as ${own === 'yes' ? 'own' : 'another operator’s'} machine in ${MODE} mode`,
          );
      }
      answered += 1;
    }
    await drainAwards();

    const load = loadavg()[0]!.toFixed(2);
    const cpu0 = cpuSample(children);
    console.log(
      `\ngateway bench — client → gateway → provider node → null backend, against client → provider node with IICP-CX; all on 127.0.0.1`,
    );
    console.log(
      `${DURATION_MS} ms measured per cell and path (${ROUNDS} interleaved slices, ${WARMUP_MS} ms warm-up in all); gateway mode ${MODE === 'paid' ? "paid (the provider is another operator's node: budget hold, no limits set)" : 'own (the provider listed as an own machine: free, no hold)'}`,
    );
    console.log(
      `${machineLine(load)}${GATEWAY_FETCH === 'agent' ? '; EXPERIMENT: the gateway calls nodes through http.request (proxy/agent-fetch.ts)' : ''}${CAPS ? '; EXPERIMENT: daily and monthly caps set (never reached)' : ''}`,
    );

    for (const t of ACTIVE) await measure(t, 16, 0, Math.min(1500, WARMUP_MS + 500));

    const cells = (await interleave(KNOBS, ACTIVE, measure)).flatMap(({ c, slices }) => cellsOf(c, slices));

    const foreign = foreignCores(children, cpu0);
    const heapMB = {
      provider: (await provider.call<number>('heapUsed')) / 2 ** 20,
      gateway: (await gateway.call<number>('heapUsed')) / 2 ** 20,
    };
    const checks = evaluate(cells);
    printTable(cells, checks);
    const idleShare = idle.ms > 0 ? idle.cpuUs / (idle.ms * 1000) : Number.NaN;
    const c1 = cells.find((x) => x.c === 1 && x.target === 'gateway');
    console.log(
      `info  the gateway node's background while no request came (the other paths' slices): ${(idleShare * 100).toFixed(1)} % of one core${c1 ? `; at the gateway's c=1 rate that is ${Math.round((idleShare * 1e6) / c1.rps)} µs of its CPU per request` : ''}`,
    );
    console.log(
      `heap used after the run: provider ${heapMB.provider.toFixed(0)} MB, gateway node ${heapMB.gateway.toFixed(0)} MB`,
    );
    printForeign(foreign);
    const experiment =
      MODE !== 'paid' ||
      CPU_PROF ||
      NODE_FLAGS.length > 0 ||
      CONCURRENCY.join(',') !== '1,16' ||
      ACTIVE.length < TARGETS.length ||
      GATEWAY_FETCH !== 'fetch' ||
      CAPS;
    writeReport('gateway', experiment, {
      bench: 'gateway',
      at: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      loadavg1mBefore: Number(load),
      foreignCpuCores: foreign,
      heapUsedAfterMB: heapMB,
      gatewayBackgroundCores: idle.ms > 0 ? idle.cpuUs / (idle.ms * 1000) : null,
      mode: MODE,
      gatewayFetch: GATEWAY_FETCH,
      gatewayCaps: CAPS,
      durationMs: DURATION_MS,
      warmupMs: WARMUP_MS,
      rounds: ROUNDS,
      concurrency: CONCURRENCY,
      latencyUnit: 'ms',
      cells,
      checks,
    });
    return 0;

    /**
     * One slice. CPU is counted from its first request (warm-up included) until the directory holds the awards of
     * every task answered so far, and SETTLE_MS more, and divided by the slice's good answers.
     */
    async function measure(t: TargetName, c: number, warmupMs: number, durationMs: number): Promise<Slice> {
      const target = targets[t];
      const before = await backend.call<number>('requests');
      const cpuNow = () => ({
        backend: backend.cpuUs() ?? Number.NaN,
        provider: provider.cpuUs() ?? Number.NaN,
        gateway: gateway.cpuUs() ?? Number.NaN,
        hop: target.hop?.cpuUs() ?? Number.NaN,
        directory: directory.cpuUs() ?? Number.NaN,
      });
      const cpuStart = cpuNow();
      const wall0 = performance.now();
      const r = await runLoad({
        url: target.url,
        connections: c,
        warmupMs,
        durationMs,
        body: target.body,
        expect: '',
        headers: target.headers,
        verify: target.verify,
      });
      const served = (await backend.call<number>('requests')) - before;
      if (r.bad > 0 || r.errors > 0 || r.requests === 0) {
        throw new BenchBroken(
          `${t} at c=${c}: ${r.requests} good, ${r.bad} bad answers, ${r.errors} socket errors; first problem: ${r.firstProblem ?? 'no answers'}`,
        );
      }
      if (served < r.good)
        throw new BenchBroken(
          `${t} at c=${c}: ${r.good} answers but only ${served} backend calls — answers did not come from the backend`,
        );
      answered += r.good;
      await drainAwards();
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const cpuEnd = cpuNow();
      const per = (k: keyof typeof cpuEnd) => cpuEnd[k] - cpuStart[k];
      if (t !== 'gateway') {
        idle.cpuUs += per('gateway');
        idle.ms += performance.now() - wall0;
      }
      // The gateway node has no part in the other paths: its CPU then is its own background, not counted.
      return {
        ...r,
        cpuUs: { backend: per('backend'), provider: per('provider'), gateway: per('hop'), directory: per('directory') },
      };
    }

    /** Waits until the directory holds an award for every task answered so far (or they stop coming in). */
    async function drainAwards(): Promise<void> {
      const t0 = performance.now();
      let last = -1;
      let lastMoved = t0;
      for (;;) {
        const n = await directory.call<number>('awards');
        if (n >= answered) return;
        const now = performance.now();
        if (n !== last) {
          last = n;
          lastMoved = now;
        }
        if (now - lastMoved > AWARD_STALL_MS || now - t0 > AWARD_DRAIN_LIMIT_MS) {
          throw new BenchBroken(
            `the directory holds ${n} awards for ${answered} answered tasks, and no more are coming`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
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
  const floor = measured.floor as Measured | undefined;
  return ACTIVE.map((t) => {
    const good = sum(t, (x) => x.good);
    const per = (us: number) => (Number.isFinite(us) ? us / good : null);
    const cpu: CpuPerRequest = {
      generator: sum(t, (x) => x.generatorCpuUs) / measured[t].requests,
      backend: per(sum(t, (x) => x.cpuUs.backend)),
      provider: per(sum(t, (x) => x.cpuUs.provider)),
      gateway: per(sum(t, (x) => x.cpuUs.gateway)),
      directory: per(sum(t, (x) => x.cpuUs.directory)),
    };
    return {
      ...cellBase(c, t, measured[t], measured.direct),
      vsFloor: floor ? measured[t].rps / floor.rps : Number.NaN,
      cpuUsPerRequest: cpu,
    };
  });
}

process.exitCode = await main();
