/**
 * Owner-watch bench: what the owner watcher (the thread that looks at the GPU for the owner's own use) costs the
 * node's process in CPU, at the default look interval (OWNER_LOOK_MS, 1.5 s).
 *
 * Every case is its own Node process (watch-process.ts, the tsx loader), all started together and measured over
 * the same window, so the baseline sees the same machine at the same moment: the *baseline* runs no watcher; each
 * other case runs the watcher with the fake tools of tests/support/gpu-tools and a fake RAPL tree —
 *   nvidia-smi        the long-lived `nvidia-smi -q -x -lms 1500` stream (the fake prints a desktop's GPU: 1 GPU,
 *                     6 processes on it), RAPL read every look;
 *   + programs        the same, with programs picked to pause for: the thread lists /proc every look (padded with
 *                     idle `sleep` processes to BENCH_OWNER_PROCS, about a desktop's count);
 *   rocm-smi          a one-shot `rocm-smi --json …` every look, RAPL;
 *   RAPL only         no GPU tool, the thread's timer reads the CPU's power meter;
 *   nvidia-smi, src   (when the build is there) the whole OwnerWatch from src-main, judging every look, its thread
 *                     loaded through tsx — beside the shipped thread, to show what the node's side adds.
 * The watcher cases run the shipped thread, `out/main/owner-worker.js` (needs `npm run build`; without it they run
 * from source and say so). The watcher's own cost is the case process's CPU (process.cpuUsage(), all threads: the
 * main thread's checks of each message, the watcher's thread, GC) minus the baseline's, as % of one core. The tools'
 * CPU is counted apart, from /proc (what the processes the thread started used): the tools here are fakes (Node
 * scripts), so that column is not what NVIDIA's or AMD's tools cost on a real GPU, which this bench cannot measure.
 *
 * Target: the watcher's own CPU ≤ 0.5 % of one core at the default interval (each watcher case, PASS/MISS).
 *
 * Env: BENCH_OWNER_MS window [60000], BENCH_OWNER_WARMUP_MS [20000], BENCH_OWNER_SLICES readings of the window [6],
 * BENCH_OWNER_INTERVAL_MS [OWNER_LOOK_MS], BENCH_OWNER_PROCS processes /proc should hold for the programs case [500;
 * 0 = as it is], BENCH_OWNER_SOURCE=1 (run the watcher cases from source even when built), BENCH_NODE_FLAGS (extra Node
 * flags for every case's process, e.g. "--trace-gc"). Writes
 * test-artifacts/bench/owner-watch.json. Linux only (/proc). Exit 0 whether the target passes or misses; 1 if the
 * bench broke (a case never looked, or its thread said something that failed the checks).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OWNER_LOOK_MS } from '../../../src-main/engine/owner/owner-watch';
import { makeFakeRapl } from '../../support/gpu-tools/fake-rapl';
import { knob } from '../lib/knob';
import { startChild, type ChildServer } from '../lib/server-child';
import {
  childrenByParent,
  machineBusyUs,
  processCount,
  TICK_US,
  toolCpu,
  toolCpuBetween,
  type ToolCpu,
} from './proc-cpu';
import type { WatchCase, WatchInfo, WatchMark } from './watch-process';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../..');
const OUT_DIR = join(ROOT, 'test-artifacts/bench');
const BUILT_WORKER = join(ROOT, 'out/main/owner-worker.js');
const GPU_TOOLS = join(ROOT, 'tests/support/gpu-tools');
const WINDOW_MS = knob('BENCH_OWNER_MS', 60_000, 5_000, 2000);
// V8's memory reducer runs a few full GCs in the first ~17 s of any idle Node process (the tsx loader's thread at ~8 s,
// the main thread at ~17 s; seen with --trace-gc): the window starts after them, or they land in one case and not
// another.
const WARMUP_MS = knob('BENCH_OWNER_WARMUP_MS', 20_000, 0, 500);
const SLICES = Math.floor(knob('BENCH_OWNER_SLICES', 6, 1, 1));
const INTERVAL_MS = knob('BENCH_OWNER_INTERVAL_MS', OWNER_LOOK_MS, 50);
const PROCS = Math.floor(knob('BENCH_OWNER_PROCS', 500, 0, 50));
const TARGET_PCT = 0.5;
/** Extra Node flags for every case's process, e.g. "--trace-gc" to see what a burst in one slice was. */
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);

if (process.platform !== 'linux') {
  console.error('owner-watch bench: Linux only (it reads CPU times from /proc)');
  process.exit(1);
}

/** Whether the shipped thread is there, and whether it is older than the sources it is built from. */
function builtWorker(): { use: boolean; note: string } {
  if (process.env.BENCH_OWNER_SOURCE === '1')
    return { use: false, note: 'BENCH_OWNER_SOURCE=1: the watcher cases run from source (thread through tsx)' };
  if (!existsSync(BUILT_WORKER)) {
    return {
      use: false,
      note: 'out/main/owner-worker.js is missing (`npm run bench` does not build): the watcher cases run from source, their thread through tsx. Run `npm run build` first to measure the shipped thread.',
    };
  }
  const built = statSync(BUILT_WORKER).mtimeMs;
  const newer: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && statSync(p).mtimeMs > built) newer.push(p.slice(ROOT.length + 1));
    }
  };
  walk(join(ROOT, 'src-main/engine/owner'));
  const age = `built ${new Date(built).toISOString()}`;
  return {
    use: true,
    note: newer.length
      ? `out/main/owner-worker.js (${age}) is OLDER than ${newer.slice(0, 3).join(', ')}${newer.length > 3 ? ', …' : ''}: run \`npm run build\` to measure the current code`
      : `out/main/owner-worker.js (${age})`,
  };
}

/** A desktop's GPU as nvidia-smi shows it: the desktop, a browser, an editor, a chat app and the LLM server. */
const GPU_STATE = {
  gpus: [
    {
      name: 'NVIDIA GeForce RTX 4070',
      utilizationPct: 4,
      memoryUsedMiB: 9_400,
      memoryTotalMiB: 12_282,
      powerW: 21.5,
      powerLimitW: 200,
      temperatureC: 39,
    },
  ],
  processes: [
    { pid: 1402, name: '/usr/lib/xorg/Xorg', gpu: 0, kind: 'graphics', memoryMiB: 412, utilizationPct: null },
    { pid: 1733, name: '/usr/bin/gnome-shell', gpu: 0, kind: 'graphics', memoryMiB: 188, utilizationPct: null },
    { pid: 2950, name: '/usr/lib/firefox/firefox', gpu: 0, kind: 'graphics', memoryMiB: 240, utilizationPct: null },
    { pid: 3311, name: '/usr/share/code/code', gpu: 0, kind: 'graphics', memoryMiB: 96, utilizationPct: null },
    { pid: 3620, name: '/usr/bin/Discord', gpu: 0, kind: 'graphics', memoryMiB: 120, utilizationPct: null },
    { pid: 4242, name: '/usr/local/bin/ollama', gpu: 0, kind: 'compute', memoryMiB: 8_200, utilizationPct: null },
  ],
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** Idle `sleep` processes until /proc lists `want` processes: the picked-programs case then reads a desktop's count. */
function padProc(want: number, seconds: number): ChildProcess[] {
  const pad: ChildProcess[] = [];
  for (let have = processCount(); have < want; have++) pad.push(spawn('sleep', [String(seconds)], { stdio: 'ignore' }));
  return pad;
}

interface Reading {
  mark: WatchMark;
  tools: ToolCpu;
}

async function readAll(children: ChildServer<WatchInfo>[]): Promise<Reading[]> {
  const marks = await Promise.all(children.map((ch) => ch.call<WatchMark>('mark')));
  const byParent = childrenByParent();
  return marks.map((mark, i) => ({ mark, tools: toolCpu(children[i]!.pid, byParent) }));
}

/** One case between two readings: % of one core of the process, of its threads (10 ms ticks), of its tools. */
function between(a: Reading, b: Reading) {
  const wallUs = b.mark.atUs - a.mark.atUs;
  const pct = (us: number) => (100 * us) / wallUs;
  return {
    wallUs,
    looks: b.mark.looks - a.mark.looks,
    cpuUs: b.mark.cpuUs - a.mark.cpuUs,
    processPct: pct(b.mark.cpuUs - a.mark.cpuUs),
    mainPct: pct(b.mark.mainUs - a.mark.mainUs),
    watcherPct: pct(b.mark.watcherUs - a.mark.watcherUs),
    otherPct: pct(b.mark.otherUs - a.mark.otherUs),
    toolUs: toolCpuBetween(a.tools, b.tools),
    toolPct: pct(toolCpuBetween(a.tools, b.tools)),
    rejected: b.mark.rejected - a.mark.rejected,
    programs: b.mark.programs,
  };
}

const built = builtWorker();
const mode: WatchCase['mode'] = built.use ? 'built' : 'source';
const work = mkdtempSync(join(tmpdir(), 'iicp-owner-bench-'));
const statePath = join(work, 'gpu.json');
writeFileSync(statePath, JSON.stringify(GPU_STATE));
// The fakes read the GPU's state from this file; the watcher's thread passes the environment on to them.
process.env.FAKE_GPU_STATE = statePath;
// A laptop's powercap tree: the package with its subzones, psys, and the MMIO copy of the package.
const raplRoot = makeFakeRapl(work, [
  { id: 'intel-rapl:0', name: 'package-0', energyUj: 81_234_567_890 },
  { id: 'intel-rapl:0:0', name: 'core', energyUj: 41_234_567_890 },
  { id: 'intel-rapl:0:1', name: 'uncore', energyUj: 1_234_567_890 },
  { id: 'intel-rapl:1', name: 'psys', energyUj: 121_234_567_890 },
  { id: 'intel-rapl-mmio:0', name: 'package-0', energyUj: 81_234_567_890 },
]);

// Every tool not named is absent (OwnerWatch's tuning and the thread both read it so), whatever tools the code knows.
const none = { nvidiaSmi: null, rocmSmi: null, ioreg: null, xprop: null };
const nvidia = { ...none, nvidiaSmi: join(GPU_TOOLS, 'nvidia-smi') };
const common = { intervalMs: INTERVAL_MS, raplRoot, procRoot: '/proc', programs: false, builtWorker: BUILT_WORKER };
const cases: WatchCase[] = [
  { ...common, name: 'baseline (no watcher)', mode: 'idle', tools: none, raplRoot: null },
  { ...common, name: 'nvidia-smi', mode, tools: nvidia },
  { ...common, name: 'nvidia-smi + programs', mode, tools: nvidia, programs: true },
  { ...common, name: 'rocm-smi one-shot', mode, tools: { ...none, rocmSmi: join(GPU_TOOLS, 'rocm-smi') } },
  { ...common, name: 'RAPL only', mode, tools: none },
  ...(mode === 'built' ? [{ ...common, name: 'nvidia-smi, src', mode: 'source' as const, tools: nvidia }] : []),
];

const procsBefore = processCount();
const pad = PROCS > 0 ? padProc(PROCS, Math.ceil((WARMUP_MS + WINDOW_MS) / 1000) + 120) : [];
const killPad = () => pad.forEach((p) => p.kill('SIGKILL'));
process.on('exit', killPad);

console.log(
  `owner-watch bench: look interval ${INTERVAL_MS} ms${INTERVAL_MS === OWNER_LOOK_MS ? ' (the default)' : ''}, window ${WINDOW_MS / 1000} s in ${SLICES} slices after ${WARMUP_MS / 1000} s warm-up, ` +
    `${cases.length} processes side by side; load average ${loadavg()[0]!.toFixed(2)}`,
);
console.log(`  thread: ${built.note}`);
console.log(
  `  /proc: ${procsBefore} processes${pad.length ? `, padded with ${pad.length} idle \`sleep\` processes to ${processCount()}` : ''} (what the programs case lists every look)`,
);

let broken: string | null = null;
const children: ChildServer<WatchInfo>[] = [];
try {
  children.push(
    ...(await Promise.all(
      cases.map((c) =>
        startChild<WatchInfo>(c.name, join(HERE, 'watch-process.ts'), [JSON.stringify(c)], {
          timeoutMs: 60_000,
          execArgv: NODE_FLAGS,
        }),
      ),
    )),
  );
  await sleep(WARMUP_MS);
  const selfCpu0 = process.cpuUsage();
  const busy0 = machineBusyUs();
  const readings: Reading[][] = [await readAll(children)];
  for (let s = 1; s <= SLICES; s++) {
    await sleep(WINDOW_MS / SLICES);
    readings.push(await readAll(children));
  }
  const selfCpu = process.cpuUsage(selfCpu0);
  const busyUs = machineBusyUs() - busy0;

  for (const [i, c] of cases.entries()) {
    const ch = children[i]!;
    if (c.mode !== 'idle')
      console.log(
        `  ${c.name.padEnd(22)} first look ${Math.round(ch.info.firstLookMs ?? 0)} ms after start; the last: ${readings.at(-1)![i]!.mark.saw}`,
      );
  }
  const whole = children.map((_, i) => between(readings[0]![i]!, readings.at(-1)![i]!));
  const slices = readings.slice(1).map((r, s) => children.map((_, i) => between(readings[s]![i]!, r[i]!)));
  const base = whole[0]!;
  // What the rest of the machine used meanwhile: other work on a 2-core machine makes every figure noisier.
  const benchUs = whole.reduce((a, w) => a + w.cpuUs + w.toolUs, 0) + selfCpu.user + selfCpu.system;
  const othersPct = (100 * (busyUs - benchUs)) / base.wallUs;
  const rows = cases.map((c, i) => {
    const w = whole[i]!;
    const ownPct = w.processPct - base.processPct;
    const ownSlices = slices.map((sl) => sl[i]!.processPct - sl[0]!.processPct);
    const ownUs = w.cpuUs - (base.cpuUs * w.wallUs) / base.wallUs;
    return {
      case: c.name,
      mode: c.mode,
      looks: w.looks,
      processPct: r3(w.processPct),
      ownPct: r3(ownPct),
      ownSliceMinPct: r3(Math.min(...ownSlices)),
      ownSliceMaxPct: r3(Math.max(...ownSlices)),
      processSlicesPct: slices.map((sl) => r3(sl[i]!.processPct)),
      ownUsPerLook: w.looks > 0 ? Math.round(ownUs / w.looks) : null,
      mainThreadPct: r2(w.mainPct),
      watcherThreadPct: r2(w.watcherPct),
      otherThreadsPct: r2(w.otherPct),
      toolPct: r2(w.toolPct),
      toolMsPerLook: w.looks > 0 ? r2(w.toolUs / w.looks / 1000) : null,
      rejected: w.rejected,
      programsListed: w.programs,
      target: c.mode === 'idle' ? null : ownPct <= TARGET_PCT ? 'PASS' : 'MISS',
    };
  });
  for (const row of rows.slice(1)) {
    if (row.looks === 0) broken = `${row.case}: no look in the window`;
    if (row.rejected > 0) broken = `${row.case}: ${row.rejected} messages from the thread failed the checks`;
  }

  const pad2 = (s: string | number | null, n: number) => String(s ?? '—').padStart(n);
  console.log(
    `\n% of one core over ${(base.wallUs / 1e6).toFixed(1)} s; "own" = the case's process − the baseline's (same window); slices are ${(WINDOW_MS / SLICES / 1000).toFixed(0)} s each`,
  );
  console.log(
    `${'case'.padEnd(24)}${pad2('looks', 6)}${pad2('process', 9)}${pad2('own', 8)}${pad2('own/slice min–max', 19)}${pad2('own µs/look', 12)}${pad2('main', 7)}${pad2('thread', 8)}${pad2('other', 7)}${pad2('tools*', 8)}${pad2('tool ms/look', 13)}`,
  );
  for (const row of rows) {
    const idle = row.mode === 'idle';
    console.log(
      `${row.case.padEnd(24)}${pad2(idle ? null : row.looks, 6)}${pad2(row.processPct.toFixed(3), 9)}${pad2(idle ? null : row.ownPct.toFixed(3), 8)}` +
        `${pad2(idle ? null : `${row.ownSliceMinPct.toFixed(3)}–${row.ownSliceMaxPct.toFixed(3)}`, 19)}${pad2(idle ? null : row.ownUsPerLook, 12)}` +
        `${pad2(row.mainThreadPct.toFixed(2), 7)}${pad2(row.watcherThreadPct.toFixed(2), 8)}${pad2(row.otherThreadsPct.toFixed(2), 7)}` +
        `${pad2(idle ? null : row.toolPct.toFixed(2), 8)}${pad2(idle ? null : row.toolMsPerLook, 13)}`,
    );
  }
  const baseSlices = slices.map((sl) => sl[0]!.processPct);
  console.log(
    `  process: process.cpuUsage() of the case's Node process, every thread. main / thread / other: the same from /proc per thread ` +
      `(${TICK_US / 1000} ms ticks, ±${r3((100 * TICK_US) / base.wallUs)} %): the main thread, the threads that started with the watcher, the rest ` +
      `(V8's and libuv's helpers). The baseline's own slices ranged ${Math.min(...baseSlices).toFixed(3)}–${Math.max(...baseSlices).toFixed(3)} %.`,
  );
  console.log(
    `  * tools: CPU of the programs the watcher started (/proc: running ones, and those it reaped). These are the FAKE tools of ` +
      `tests/support/gpu-tools (Node scripts; each rocm-smi look starts a whole Node process), not NVIDIA's or AMD's: what the real ` +
      `nvidia-smi (or rocm-smi) costs on a real GPU is UNMEASURED on this machine (no GPU). Not measured either: the full-screen check ` +
      `(xprop; no X display here).`,
  );
  console.log(
    `  the rest of the machine: ${othersPct.toFixed(1)} % of one core during the window (this bench's processes and tools taken off)` +
      `${othersPct > 10 ? ' — other work ran: the figures are noisier than on a quiet machine (see the slices); close it and run again' : ''}.`,
  );
  if (mode === 'built') {
    console.log(
      '  "nvidia-smi, src" is the whole OwnerWatch from src-main (judging every look), its thread run through tsx; the other cases run the shipped thread with OwnerThread\'s checks.',
    );
  }
  // What listing the programs adds per look, per process listed: the picked-programs case against the plain one.
  const plain = rows.find((r) => r.case === 'nvidia-smi');
  const listed = rows.find((r) => r.case === 'nvidia-smi + programs');
  let perProcessUs: number | null = null;
  if (plain?.ownUsPerLook && listed?.ownUsPerLook && listed.programsListed) {
    perProcessUs = (listed.ownUsPerLook - plain.ownUsPerLook) / listed.programsListed;
    const budgetUs = (TARGET_PCT / 100) * INTERVAL_MS * 1000 - plain.ownUsPerLook;
    console.log(
      `  programs: listing ${listed.programsListed} running programs (of ${processCount()} in /proc) adds ${Math.round(listed.ownUsPerLook - plain.ownUsPerLook)} µs per look, ` +
        `≈ ${perProcessUs.toFixed(1)} µs per program: with nvidia-smi the watcher's own CPU reaches ${TARGET_PCT} % at about ${perProcessUs > 0 ? Math.max(0, Math.round(budgetUs / perProcessUs)) : '—'} programs.`,
    );
  }
  console.log('');
  for (const row of rows) {
    if (row.target)
      console.log(
        `${row.target} watcher's own CPU, ${row.case}: ${row.ownPct.toFixed(3)} % of one core (target ≤ ${TARGET_PCT} %)`,
      );
  }

  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(
    join(OUT_DIR, 'owner-watch.json'),
    `${JSON.stringify(
      {
        intervalMs: INTERVAL_MS,
        windowMs: WINDOW_MS,
        warmupMs: WARMUP_MS,
        slices: SLICES,
        thread: built.note,
        mode,
        procProcesses: { before: procsBefore, padded: pad.length },
        targetPct: TARGET_PCT,
        rows,
        othersPct: r2(othersPct),
        programsUsPerProcessPerLook: perProcessUs === null ? null : r2(perProcessUs),
        toolsAreFakes: true,
        loadAverage: loadavg(),
      },
      null,
      2,
    )}\n`,
  );
} catch (err) {
  broken = err instanceof Error ? (err.stack ?? err.message) : String(err);
} finally {
  await Promise.all(children.map((ch) => ch.stop()));
  killPad();
  rmSync(work, { recursive: true, force: true });
}
if (broken) {
  console.error(`owner-watch bench broke: ${broken}`);
  process.exit(1);
}
