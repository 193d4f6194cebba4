/**
 * What the benches that compare paths through a hop share (proxy, gateway): the knobs of a run, the cells cut into
 * slices interleaved across the targets, the latencies merged and set against the direct path, the table and its
 * verdicts, the machine's line, the report file, and a run that stops its child processes and removes its data
 * folders whatever happens. A bench keeps only what it measures and judges.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { summarize, type LatencySummary } from './keepalive-load';
import { knob } from './knob';
import type { ChildServer } from './server-child';

/** The bench itself broke (a bad answer, a socket error, an answer that did not come from the backend): exit 1. */
export class BenchBroken extends Error {}

export const OUT_DIR = resolve(import.meta.dirname, '../../../test-artifacts/bench');

export interface SliceKnobs {
  /** Measured time per cell and target, cut into `rounds` slices. */
  durationMs: number;
  warmupMs: number;
  rounds: number;
  concurrency: number[];
}

/** BENCH_DURATION_MS, BENCH_WARMUP_MS, BENCH_ROUNDS and BENCH_CONCURRENCY, each with the bench's default. */
export function sliceKnobs(d: { durationMs: number; concurrency: string; maxConcurrency: number }): SliceKnobs {
  return {
    durationMs: knob('BENCH_DURATION_MS', d.durationMs, 1, 400),
    warmupMs: knob('BENCH_WARMUP_MS', 1000, 0, 100),
    rounds: Math.max(1, Math.floor(knob('BENCH_ROUNDS', 4, 1, 1))),
    concurrency: (process.env.BENCH_CONCURRENCY ?? d.concurrency)
      .split(',')
      .map((s) => Math.min(d.maxConcurrency, Math.max(1, Math.floor(Number(s)))))
      .filter(Number.isFinite),
  };
}

/**
 * Every cell measured as slices: each concurrency's window is cut into `rounds` slices, interleaved across the
 * targets with the order rotating each round, so a burst of other work on the machine hits all targets alike instead
 * of one. Returns each concurrency's slices per target, in the order they ran.
 */
export async function interleave<T extends string, S>(
  k: SliceKnobs,
  targets: readonly T[],
  measure: (t: T, c: number, warmupMs: number, durationMs: number) => Promise<S>,
): Promise<{ c: number; slices: Record<T, S[]> }[]> {
  const sliceMs = k.durationMs / k.rounds;
  const sliceWarmupMs = k.warmupMs / k.rounds;
  const out: { c: number; slices: Record<T, S[]> }[] = [];
  for (const c of k.concurrency) {
    const slices = Object.fromEntries(targets.map((t) => [t, [] as S[]])) as Record<T, S[]>;
    for (let round = 0; round < k.rounds; round++) {
      for (let i = 0; i < targets.length; i++) {
        const t = targets[(i + round) % targets.length]!;
        slices[t].push(await measure(t, c, sliceWarmupMs, sliceMs));
      }
    }
    out.push({ c, slices });
  }
  return out;
}

/** The latencies of several slices as one summary. */
export function mergedLatency(parts: readonly Float64Array[]): LatencySummary {
  const all = new Float64Array(parts.reduce((n, x) => n + x.length, 0));
  let o = 0;
  for (const x of parts) {
    all.set(x, o);
    o += x.length;
  }
  return summarize(all.sort());
}

/** What every cell of a slice bench says: rate, latencies, and both against the direct path in the same run. */
export interface CellBase<T extends string> {
  c: number;
  target: T;
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
}

export interface Measured {
  rps: number;
  requests: number;
  latency: LatencySummary;
}

export function cellBase<T extends string>(c: number, target: T, r: Measured, direct: Measured): CellBase<T> {
  return {
    c,
    target,
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
  };
}

export interface Check {
  name: string;
  pass: boolean;
  detail: string;
}

export function ms(v: number): string {
  return v.toFixed(3);
}

/**
 * The latency columns every bench table starts with: concurrency, target, req/s, p50, (p90,) p99, and what the target
 * adds to the direct call's p50 and p99 (`-` on the direct row itself).
 */
export function latencyCells<T extends string>(x: CellBase<T>, label: string, withP90: boolean): string[] {
  const added = (v: number): string => (x.target === 'direct' ? '-' : ms(v));
  return [
    String(x.c),
    label,
    String(Math.round(x.rps)),
    ms(x.p50),
    ...(withP90 ? [ms(x.p90)] : []),
    ms(x.p99),
    added(x.addedP50),
    added(x.addedP99),
  ];
}

/** A CPU figure for the table: whole µs, or `-` where a process had no part. */
export function cpuCell(v: number | null): string {
  return v === null || !Number.isFinite(v) ? '-' : String(Math.round(v));
}

/**
 * The table (the first two columns left-aligned, a blank line between concurrencies) and one line per verdict:
 * PASS or MISS, never a failure of the run.
 */
export function printCells(head: string[], rows: { c: number; cells: string[] }[], checks: readonly Check[]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i]!.length)));
  const line = (r: string[]) => r.map((v, i) => (i <= 1 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  console.log('');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  let lastC = rows[0]?.c;
  for (const r of rows) {
    if (r.c !== lastC) {
      console.log('');
      lastC = r.c;
    }
    console.log(line(r.cells));
  }
  console.log('');
  for (const ch of checks) console.log(`${ch.pass ? 'PASS' : 'MISS'}  ${ch.name}: ${ch.detail}`);
}

/** Node, the CPUs and the load before the run, as each report's header says them. */
export function machineLine(load1m: string): string {
  return `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? '?'}), 1-min load before start ${load1m}`;
}

/** How much other processes disturbed the run, when /proc told it. */
export function printForeign(foreign: number | null): void {
  if (foreign === null) return;
  console.log(
    `other processes on this machine used ${(foreign * 100).toFixed(0)} % of one core on average during the run${foreign > 0.15 ? ' — the figures are disturbed; run again on a quiet machine' : ''}`,
  );
}

/** V8 CPU profile flags for one process when BENCH_CPU_PROF=1: a folder per process, Node's own file names in it. */
export function cpuProfArgs(enabled: boolean, folder: string): string[] {
  return enabled ? ['--cpu-prof', `--cpu-prof-dir=${join(OUT_DIR, 'cpu-prof', folder)}`] : [];
}

/** Writes `<name>.json`, or `<name>-experiment.json` for a run with an experiment knob set, and says where. */
export function writeReport(name: string, experiment: boolean, report: unknown): string {
  mkdirSync(OUT_DIR, { recursive: true });
  const out = join(OUT_DIR, experiment ? `${name}-experiment.json` : `${name}.json`);
  writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  console.log(`\nwrote ${out}`);
  return out;
}

export interface BenchRun {
  /** Started children, stopped when the run ends. */
  children: ChildServer<unknown>[];
  /** A fresh data folder, removed when the run ends. */
  dataDir: (prefix: string) => string;
}

/** Runs a bench: its exit code, 1 with the reason when it broke; its children stopped and its folders removed after. */
export async function runBench(name: string, body: (run: BenchRun) => Promise<number>): Promise<number> {
  const children: ChildServer<unknown>[] = [];
  const dirs: string[] = [];
  const dataDir = (prefix: string) => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
  try {
    return await body({ children, dataDir });
  } catch (err) {
    console.error(`\n${name} bench BROKEN: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await Promise.all(children.map((c) => c.stop().catch(() => undefined)));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}
