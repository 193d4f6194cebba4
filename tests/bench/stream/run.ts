/**
 * Stream bench: how soon does an app see the first words of an answer through the node and the gateway, against
 * asking the LLM server itself, and what does streaming cost the node against a buffered answer of the same length?
 *
 * The LLM server is the streaming stand-in (tests/support/streaming-llm.ts) at a model's pace: its first token comes
 * BENCH_STREAM_FIRST_MS after the request (the prompt's processing, default 100 ms), each next one
 * BENCH_STREAM_EVERY_MS
 * later (default 10 ms), BENCH_STREAM_TOKENS in all (default 32); a `stream: false` answer takes as long in all.
 * Part 1, time to first chunk, three paths interleaved in slices at concurrency 1 and 16:
 *   direct  — the bench asks the stand-in itself (`stream: true`, server-sent events);
 *   node    — the bench sends a streamed CALL (task id set) to the provider node's native port with the engine's
 *             native client: the node asks the stand-in and passes each piece on as a partial RESPONSE;
 *   gateway — the bench sends an OpenAI chat request with `stream: true` and an app key to the gateway node, which
 *             streams it, sealed, from the provider node (one of the person's own machines) over the native port.
 * Part 2, the provider node's CPU per task through the gateway at concurrency BENCH_STREAM_CPU_C (default 16):
 * `streamed` (`stream: true`) against `buffered` (`stream: false`, the sealed buffered task) of the same answer,
 * interleaved in slices; CPU from /proc from a slice's first request until 300 ms after its last answer (the node's
 * deferred work: ledger folds, receipts), divided by the slice's good answers.
 * For reference, the CPU this process spends reading the direct path's stream at that concurrency, per answer: what
 * reading the LLM server's events costs by itself, which a streamed task pays on top of a buffered one.
 * Targets, each against a baseline in the same run: first-chunk p50 of node and of gateway ≤ 1.1 × direct at c=1
 * and c=16; provider CPU per streamed task ≤ 1.15 × per buffered task.
 *
 * Process layout: the stand-in, the test directory, the provider node and the gateway node each in their own child
 * process (server-process.ts), the load (stream-load.ts) alone in this one. Knobs: BENCH_DURATION_MS (per cell and
 * path, default 4000), BENCH_WARMUP_MS, BENCH_ROUNDS, BENCH_CONCURRENCY ("1,16"), the pace knobs above,
 * BENCH_STREAM_CPU_C, BENCH_CPU_PROF=1 (profiles of both nodes in
 * test-artifacts/bench/cpu-prof/stream-<process>-<time>).
 * A run with a knob other than durations set writes stream-experiment.json, else stream.json. Exit 0 whether targets
 * pass or miss; 1 if the bench broke (a refused request, an answer that is not the whole answer).
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { summarize } from '../lib/keepalive-load';
import { knob } from '../lib/knob';
import { cpuSample, foreignCores } from '../lib/machine-cpu';
import { startChild } from '../lib/server-child';
import {
  BenchBroken,
  cpuProfArgs,
  interleave,
  machineLine,
  ms,
  printCells,
  printForeign,
  runBench,
  sliceKnobs,
  writeReport,
  type Check,
} from '../lib/slice-harness';
import type { BackendInfo, DirectoryInfo, GatewayInfo, ProviderInfo } from './server-process';
import { runStreamLoad, type StreamSlice, type StreamTarget } from './stream-load';

const env = process.env;
const KNOBS = sliceKnobs({ durationMs: 4000, concurrency: '1,16', maxConcurrency: 64 });
const PACE = {
  firstMs: knob('BENCH_STREAM_FIRST_MS', 100, 0),
  everyMs: knob('BENCH_STREAM_EVERY_MS', 10, 0),
  tokens: Math.floor(knob('BENCH_STREAM_TOKENS', 32, 2, 8)),
};
const CPU_C = Math.min(64, Math.floor(knob('BENCH_STREAM_CPU_C', 16, 1)));
const CPU_PROF = env.BENCH_CPU_PROF === '1';
const INTENT = 'urn:iicp:intent:llm:chat:v1';
const SETTLE_MS = 300;
const FIRST_CHUNK_RATIO = 1.1;
const CPU_RATIO = 1.15;

const PATHS = ['direct', 'node', 'gateway'] as const;
type Path = (typeof PATHS)[number];
const KINDS = ['streamed', 'buffered'] as const;
type Kind = (typeof KINDS)[number];

interface PathCell {
  c: number;
  path: Path;
  answersPerS: number;
  answers: number;
  firstP50: number;
  firstP90: number;
  firstP99: number;
  endP50: number;
  vsDirect: number;
}

const sorted = (xs: number[]) => summarize(Float64Array.from(xs).sort());

async function main(): Promise<number> {
  const script = join(import.meta.dirname, 'server-process.ts');
  const stamp = Date.now();
  const prof = (name: string) => cpuProfArgs(CPU_PROF, `stream-${name}-${stamp}`);
  return runBench('stream', async ({ children, dataDir }) => {
    const backend = await startChild<BackendInfo>('backend', script, [
      'backend',
      String(PACE.firstMs),
      String(PACE.everyMs),
      String(PACE.tokens),
    ]);
    children.push(backend);
    const directory = await startChild<DirectoryInfo>('directory', script, ['directory']);
    children.push(directory);
    const provider = await startChild<ProviderInfo>(
      'provider',
      script,
      ['provider', backend.info.url, dataDir('iicp-bench-stream-'), directory.info.url],
      { execArgv: prof('provider'), timeoutMs: 40_000 },
    );
    children.push(provider);
    const gateway = await startChild<GatewayInfo>(
      'gateway',
      script,
      ['gateway', backend.info.idleUrl, dataDir('iicp-bench-stream-'), directory.info.url, provider.info.nodeId],
      {
        execArgv: prof('gateway'),
        timeoutMs: 40_000,
      },
    );
    children.push(gateway);

    const { model, answer } = backend.info;
    const messages = [{ role: 'user', content: 'Tell me a story.' }];
    const max_tokens = PACE.tokens * 2;
    const appBody = (stream: boolean) => JSON.stringify({ model, messages, max_tokens, stream });
    const auth = { Authorization: `Bearer ${gateway.info.key}` };
    const providerUrl = new URL(provider.info.url);
    const targets: Record<Path | Kind, StreamTarget> = {
      direct: {
        kind: 'http',
        url: `${backend.info.url}/v1/chat/completions`,
        headers: {},
        body: appBody(true),
        buffered: false,
      },
      node: {
        kind: 'native',
        host: providerUrl.hostname,
        port: Number(providerUrl.port),
        intent: INTENT,
        payload: Buffer.from(JSON.stringify({ model, messages, max_tokens })),
      },
      gateway: {
        kind: 'http',
        url: `${gateway.info.url}/v1/chat/completions`,
        headers: auth,
        body: appBody(true),
        buffered: false,
      },
      streamed: {
        kind: 'http',
        url: `${gateway.info.url}/v1/chat/completions`,
        headers: auth,
        body: appBody(true),
        buffered: false,
      },
      buffered: {
        kind: 'http',
        url: `${gateway.info.url}/v1/chat/completions`,
        headers: auth,
        body: appBody(false),
        buffered: true,
      },
    };

    // Every path answers whole before anything is timed, and the gateway's answer comes from the provider node.
    for (const t of ['direct', 'node', 'gateway', 'buffered'] as const) await once(t, 1);
    const via = await fetch(`${gateway.info.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: appBody(true),
    });
    await via.text();
    if (via.headers.get('x-iicp-node-id') !== provider.info.nodeId)
      throw new BenchBroken(
        `the gateway's answer came from ${via.headers.get('x-iicp-node-id')}, not the provider node`,
      );

    const load = loadavg()[0]!.toFixed(2);
    const cpu0 = cpuSample(children);
    console.log(
      '\nstream bench — the first chunk through node and gateway against the LLM server itself; all on 127.0.0.1',
    );
    console.log(
      `the stand-in's pace: first token after ${PACE.firstMs} ms, then one every ${PACE.everyMs} ms, ${PACE.tokens} in all; ${KNOBS.durationMs} ms measured per cell and path in ${KNOBS.rounds} interleaved slices`,
    );
    console.log(machineLine(load));

    // What reading the LLM server's stream costs by itself: the bench's own reader of the direct path (this process
    // runs nothing else meanwhile) at the CPU part's concurrency, per answer. The node reads the same events, so its
    // streamed task cannot cost less than its buffered one plus about this.
    const reader = { us: 0, answers: 0 };
    const firstChunk = await interleave(KNOBS, PATHS, async (p, c, warm, dur) => {
      const before = process.cpuUsage();
      const r = await slice(p, c, warm, dur);
      const used = process.cpuUsage(before);
      if (p === 'direct' && c === CPU_C) {
        reader.us += used.user + used.system;
        reader.answers += r.good + r.warmupGood;
      }
      return r;
    });
    const pathCells: PathCell[] = firstChunk.flatMap(({ c, slices }) => {
      const merged = Object.fromEntries(PATHS.map((p) => [p, merge(slices[p])])) as Record<
        Path,
        ReturnType<typeof merge>
      >;
      return PATHS.map((p) => ({ c, path: p, ...merged[p], vsDirect: merged[p].firstP50 / merged.direct.firstP50 }));
    });

    const cpuSlices = await interleave({ ...KNOBS, concurrency: [CPU_C] }, KINDS, async (k, c, warm, dur) => {
      const before = provider.cpuUs();
      const r = await slice(k, c, warm, dur);
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const after = provider.cpuUs();
      return {
        ...r,
        cpuUs: before === null || after === null ? Number.NaN : after - before,
        all: r.good + r.warmupGood,
      };
    });
    const cpuPer = Object.fromEntries(
      KINDS.map((k) => {
        const xs = cpuSlices[0]!.slices[k];
        return [k, xs.reduce((n, x) => n + x.cpuUs, 0) / xs.reduce((n, x) => n + x.all, 0)];
      }),
    ) as Record<Kind, number>;

    const checks: Check[] = [];
    for (const cell of pathCells.filter((x) => x.path !== 'direct')) {
      checks.push({
        name: `${cell.path} first-chunk p50 at c=${cell.c} ≤ ${FIRST_CHUNK_RATIO} × direct`,
        pass: cell.vsDirect <= FIRST_CHUNK_RATIO,
        detail: `${cell.vsDirect.toFixed(3)} × (${ms(cell.firstP50)} ms against ${ms(pathCells.find((x) => x.c === cell.c && x.path === 'direct')!.firstP50)} ms)`,
      });
    }
    const cpuRatio = cpuPer.streamed / cpuPer.buffered;
    checks.push({
      name: `provider CPU per streamed task ≤ ${CPU_RATIO} × per buffered task (c=${CPU_C}, through the gateway)`,
      pass: cpuRatio <= CPU_RATIO,
      detail: `${cpuRatio.toFixed(3)} × (${Math.round(cpuPer.streamed)} µs against ${Math.round(cpuPer.buffered)} µs)`,
    });

    const head = ['c', 'path', 'answers/s', 'first p50', 'first p90', 'first p99', 'end p50', 'first ÷ direct'];
    const rows = pathCells.map((x) => ({
      c: x.c,
      cells: [
        String(x.c),
        x.path,
        x.answersPerS.toFixed(1),
        ms(x.firstP50),
        ms(x.firstP90),
        ms(x.firstP99),
        ms(x.endP50),
        x.path === 'direct' ? '-' : x.vsDirect.toFixed(3),
      ],
    }));
    console.log('\ntimes in ms; "first" is the time to the first chunk of text, "end" to the end of the answer');
    printCells(head, rows, checks);
    console.log(
      `info  provider CPU per task at c=${CPU_C}: streamed ${Math.round(cpuPer.streamed)} µs, buffered ${Math.round(cpuPer.buffered)} µs`,
    );
    if (reader.answers > 0) {
      const floor = reader.us / reader.answers;
      console.log(
        `info  reading the LLM server's ${PACE.tokens}-token stream alone (this bench's direct reader at c=${CPU_C}): ${Math.round(floor)} µs per answer, ${(floor / cpuPer.buffered).toFixed(2)} × the provider's whole buffered task`,
      );
    }
    printForeign(foreignCores(children, cpu0));
    const durationsOnly = [
      'BENCH_STREAM_FIRST_MS',
      'BENCH_STREAM_EVERY_MS',
      'BENCH_STREAM_TOKENS',
      'BENCH_STREAM_CPU_C',
      'BENCH_CONCURRENCY',
      'BENCH_CPU_PROF',
    ].every((k) => env[k] === undefined);
    writeReport('stream', !durationsOnly, {
      bench: 'stream',
      at: new Date().toISOString(),
      node: process.version,
      loadavg1mBefore: Number(load),
      pace: PACE,
      knobs: KNOBS,
      cpuConcurrency: CPU_C,
      latencyUnit: 'ms',
      cells: pathCells,
      cpuUsPerTask: cpuPer,
      readerUsPerAnswer: reader.answers > 0 ? reader.us / reader.answers : null,
      checks,
    });
    return 0;

    /** One slice of one path; a refused request or a wrong answer breaks the bench. */
    async function slice(p: Path | Kind, c: number, warmupMs: number, durationMs: number): Promise<StreamSlice> {
      const r = await runStreamLoad(targets[p], c, warmupMs, durationMs, answer);
      if (r.bad > 0 || r.good === 0)
        throw new BenchBroken(
          `${p} at c=${c}: ${r.good} good, ${r.bad} bad answers; first problem: ${r.firstProblem ?? 'no answers'}`,
        );
      return r;
    }

    async function once(p: Path | Kind, c: number): Promise<void> {
      const r = await runStreamLoad(targets[p], c, 0, 1, answer);
      if (r.bad > 0 || r.good === 0)
        throw new BenchBroken(`first answer of ${p} is not a good one: ${r.firstProblem ?? 'no answers'}`);
    }
  });
}

function merge(slices: StreamSlice[]): Omit<PathCell, 'c' | 'path' | 'vsDirect'> {
  const first = sorted(slices.flatMap((s) => s.firstChunk));
  const end = sorted(slices.flatMap((s) => s.total));
  const answers = slices.reduce((n, s) => n + s.good, 0);
  const seconds = slices.reduce((n, s) => n + s.durationMs, 0) / 1000;
  return {
    answersPerS: answers / seconds,
    answers,
    firstP50: first.p50,
    firstP90: first.p90,
    firstP99: first.p99,
    endP50: end.p50,
  };
}

process.exitCode = await main();
