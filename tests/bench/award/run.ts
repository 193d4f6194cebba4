/**
 * Award bench: what posting a node's receipts to the directory costs the node, per award. The test directory runs
 * here (its CPU is not counted); each measured node is a child (award-process.ts) that posts BENCH_AWARD_RECEIPTS
 * stored receipts with the engine's ReceiptPoster and writes its log lines with NodeLog, and reports its own process
 * CPU (user + system, every thread: the log writes off the loop count too) and its event loop's active time.
 *
 * With BENCH_AWARD_BASE=<git ref> the same child also runs against that commit's tree (exported to a temporary
 * folder with `git archive`, sharing node_modules), in interleaved rounds, and the report prints the ratios current
 * ÷ base: before and after in one run, on the same machine load.
 *
 * Knobs: BENCH_AWARD_RECEIPTS (5000), BENCH_AWARD_WARMUP (500), BENCH_AWARD_ROUNDS (3), BENCH_AWARD_BASE (none),
 * BENCH_CPU_PROF=1 (a V8 profile of each child's measured phase in test-artifacts/bench/award-prof, summarised by
 * `node --import tsx tests/bench/lib/cpuprofile-summary.ts <file>`).
 * Writes test-artifacts/bench/award.json. Exit code 1 only if the bench broke (a receipt not awarded).
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerChatNode, startTestDirectory } from '../../support/directory';
import { knob } from '../lib/knob';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../..');
const OUT_DIR = join(ROOT, 'test-artifacts/bench');
const CHILD = 'tests/bench/award/award-process.ts';

const RECEIPTS = Math.floor(knob('BENCH_AWARD_RECEIPTS', 5000, 1, 200));
const WARMUP = Math.floor(knob('BENCH_AWARD_WARMUP', 500, 1, 20));
const ROUNDS = Math.floor(knob('BENCH_AWARD_ROUNDS', 3, 1, 1));
const BASE = process.env.BENCH_AWARD_BASE?.trim() || null;
const PROF_DIR = process.env.BENCH_CPU_PROF === '1' ? join(OUT_DIR, 'award-prof') : null;

interface Sample {
  awarded: number;
  left: number;
  wallMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  loopActiveMs: number;
}

/** The tree of `ref`, exported beside node_modules, with this bench's child copied in. */
function exportTree(ref: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'iicp-award-base-'));
  execFileSync('sh', ['-c', `git -C "${ROOT}" archive "${ref}" | tar -x -C "${dir}"`]);
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(dir, 'node_modules'));
  mkdirSync(join(dir, 'tests/bench/award'), { recursive: true });
  copyFileSync(join(ROOT, CHILD), join(dir, CHILD));
  return dir;
}

function runChild(cwd: string, config: Record<string, unknown>): Promise<Sample> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(config)], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{'))
        return reject(new Error(`award child in ${cwd} exited ${code}: ${err.slice(-2000)}`));
      resolvePromise(JSON.parse(line) as Sample);
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const perAward = (s: Sample) => ({
  cpuUs: ((s.cpuUserMs + s.cpuSystemMs) * 1000) / s.awarded,
  loopUs: (s.loopActiveMs * 1000) / s.awarded,
  perSecond: s.awarded / (s.wallMs / 1000),
});

async function main(): Promise<void> {
  // An hour's worth of this bench stays under the directory's cap of 1000 credits per node.
  const directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false });
  const trees: { name: string; cwd: string; floor?: boolean }[] = [
    { name: 'current', cwd: ROOT },
    { name: 'floor (bare HTTP)', cwd: ROOT, floor: true },
  ];
  let exported: string | null = null;
  try {
    const node = await registerChatNode(directory.url);
    if (BASE) {
      exported = exportTree(BASE);
      trees.unshift({ name: `base ${BASE}`, cwd: exported });
    }
    const config = {
      directoryUrl: directory.url,
      nodeId: node.node_id,
      token: node.node_token,
      hmacKey: node.node_hmac_key,
      receipts: RECEIPTS,
      warmup: WARMUP,
    };
    if (PROF_DIR) mkdirSync(PROF_DIR, { recursive: true });
    console.log(
      `award bench: ${RECEIPTS} receipts per run after ${WARMUP} to warm up, ${ROUNDS} rounds, trees: ${trees.map((t) => t.name).join(', ')}`,
    );
    console.log(
      `machine: ${cpus().length} cores, load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const samples = new Map<string, Sample[]>(trees.map((t) => [t.name, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternating which goes first, so a burst of other work on the machine hits both alike.
      for (const t of round % 2 ? trees : [...trees].reverse()) {
        const profileFile = PROF_DIR ? join(PROF_DIR, `${t.name.replace(/\W+/g, '-')}-${round}.cpuprofile`) : null;
        const s = await runChild(t.cwd, { ...config, profileFile, floor: t.floor === true });
        if (s.awarded !== RECEIPTS || s.left !== 0)
          throw new Error(`${t.name}: ${s.awarded} of ${RECEIPTS} awarded, ${s.left} left in the outbox`);
        samples.get(t.name)!.push(s);
        const p = perAward(s);
        console.log(
          `  round ${round} ${t.name.padEnd(16)} ${s.wallMs.toFixed(0).padStart(6)} ms  ${p.perSecond.toFixed(0).padStart(6)} awards/s  CPU ${p.cpuUs.toFixed(1).padStart(6)} µs/award  loop active ${p.loopUs.toFixed(1).padStart(6)} µs/award`,
        );
      }
    }
    const summary = trees.map((t) => {
      const ss = samples.get(t.name)!.map(perAward);
      return {
        tree: t.name,
        cpuUsPerAward: median(ss.map((s) => s.cpuUs)),
        loopUsPerAward: median(ss.map((s) => s.loopUs)),
        awardsPerSecond: median(ss.map((s) => s.perSecond)),
      };
    });
    console.log('medians:');
    for (const s of summary)
      console.log(
        `  ${s.tree.padEnd(18)} CPU ${s.cpuUsPerAward.toFixed(1)} µs/award, loop active ${s.loopUsPerAward.toFixed(1)} µs/award, ${s.awardsPerSecond.toFixed(0)} awards/s`,
      );
    const of = (name: string) => summary.find((s) => s.tree === name)!;
    const ratio = (a: (typeof summary)[number], b: (typeof summary)[number]) => ({
      cpu: a.cpuUsPerAward / b.cpuUsPerAward,
      loop: a.loopUsPerAward / b.loopUsPerAward,
      throughput: a.awardsPerSecond / b.awardsPerSecond,
    });
    const ratios = {
      vsFloor: ratio(of('current'), of('floor (bare HTTP)')),
      vsBase: BASE ? ratio(of('current'), of(`base ${BASE}`)) : null,
    };
    const say = (r: ReturnType<typeof ratio>) =>
      `CPU per award ×${r.cpu.toFixed(2)}, loop active per award ×${r.loop.toFixed(2)}, awards/s ×${r.throughput.toFixed(2)}`;
    if (ratios.vsBase) console.log(`current ÷ base:  ${say(ratios.vsBase)}`);
    console.log(`current ÷ floor: ${say(ratios.vsFloor)}`);
    mkdirSync(OUT_DIR, { recursive: true });
    writeFileSync(
      join(OUT_DIR, 'award.json'),
      JSON.stringify(
        { receipts: RECEIPTS, rounds: ROUNDS, base: BASE, samples: Object.fromEntries(samples), summary, ratios },
        null,
        2,
      ),
    );
  } finally {
    await directory.close();
    if (exported) rmSync(exported, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
