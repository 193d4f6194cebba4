/**
 * Native CBOR bench: what decoding one native frame costs, per KiB, for the worst frames found — the attack's (a map
 * keyed by an 8 MiB byte string; 30 maps as keys, or nested, around a 1 MiB key), frames at a session frame's limits
 * (the most text keys, 8 MiB of text, bad UTF-8 at the end of it) and the fuzzer's costliest (fast-check's hostile
 * corpus, tests/support/cbor-fuzz.ts) — against ordinary frames in the same run: a CALL with a 2 KiB chat task (what
 * the node's session reads) and a stream's RESPONSE with a sealed chunk (what the gateway reads).
 *
 * Each case is timed as the best of BENCH_CBOR_ROUNDS runs in a child process (`decode-child.ts`). Printed per case:
 * bytes, ms per frame, µs per KiB, and that cost ÷ the ordinary CALL's and ÷ the RESPONSE's per KiB; for the cases
 * that scale, growth (time at n ÷ time at n/2: about 2 for a linear reader, 4 for a quadratic one). Targets: growth
 * ≤ 3; the attack's frames cost no more per KiB than the ordinary CALL; and no hostile frame of a KiB or more costs
 * more per KiB than 10 × the ordinary RESPONSE, the most item-dense frame an honest peer sends (a map of text keys at
 * the item limit, the costliest per byte, is 3–6 ×; before the one reader, the attack's frames were 14–340 ×).
 *
 * With BENCH_CBOR_BASE=<git ref> the same child also runs against that commit's tree (exported with `git archive`,
 * sharing node_modules), and the report prints both: before and after on the same machine load.
 *
 * Knobs: BENCH_CBOR_ROUNDS (7), BENCH_CBOR_FUZZ (300 fuzzed payloads), BENCH_CBOR_SEED (1), BENCH_CBOR_BASE (none).
 * Writes test-artifacts/bench/native-cbor.json. Exit code 1 only when a child breaks.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { knob } from '../lib/knob';
import type { CaseTime } from './decode-child';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const OUT_DIR = join(ROOT, 'test-artifacts/bench');
const CHILD = 'tests/bench/native-cbor/decode-child.ts';
/** What the child needs that an older tree may not have. */
const COPIED = [CHILD, 'tests/support/cbor-fuzz.ts'];
const ROUNDS = Math.floor(knob('BENCH_CBOR_ROUNDS', 7, 1, 1));
const FUZZ = Math.floor(knob('BENCH_CBOR_FUZZ', 300, 1, 20));
const SEED = Math.floor(knob('BENCH_CBOR_SEED', 1, 0));
const BASE = process.env.BENCH_CBOR_BASE?.trim() || null;
const GROWTH_TARGET = 3;
/** Worst hostile frame (a KiB or more) per KiB ÷ the ordinary RESPONSE's per KiB. */
const PER_KIB_TARGET = 10;

/** The tree of `ref`, exported beside node_modules, with this bench's child copied in. */
function exportTree(ref: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'iicp-cbor-base-'));
  execFileSync('sh', ['-c', `git -C "${ROOT}" archive "${ref}" | tar -x -C "${dir}"`]);
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(dir, 'node_modules'));
  for (const f of COPIED) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    copyFileSync(join(ROOT, f), join(dir, f));
  }
  if (!existsSync(join(dir, 'src-main/engine/native'))) nativeRoomOfOlderTree(dir);
  return dir;
}

/**
 * A tree from before the native transport had a room of its own kept it in `net/` (`native-*.ts`): the child's
 * imports of the room are led there.
 */
function nativeRoomOfOlderTree(dir: string): void {
  const room = join(dir, 'src-main/engine/native');
  mkdirSync(room, { recursive: true });
  writeFileSync(join(room, 'index.ts'), "export * from '../net';\n");
  writeFileSync(join(room, 'cbor.ts'), "export * from '../net/native-cbor';\n");
  writeFileSync(join(room, 'messages.ts'), "export * from '../net/native-messages';\n");
}

function runChild(cwd: string): Promise<{ scan: boolean; cases: CaseTime[] }> {
  return new Promise((done, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, JSON.stringify({ rounds: ROUNDS, fuzzRuns: FUZZ, seed: SEED })],
      { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{'))
        return reject(new Error(`decode child in ${cwd} exited ${code}: ${err.slice(-2000)}`));
      done(JSON.parse(line) as { scan: boolean; cases: CaseTime[] });
    });
  });
}

const usPerKiB = (c: CaseTime) => (c.ms * 1000) / (c.bytes / 1024);
const fmt = (x: number, d = 2) => (x >= 1000 ? x.toFixed(0) : x.toFixed(d));

function report(tree: string, r: { scan: boolean; cases: CaseTime[] }) {
  const call = r.cases.find((c) => c.group === 'ordinary' && c.name.startsWith('a CALL'))!;
  const resp = r.cases.find((c) => c.group === 'ordinary' && c.name.includes('RESPONSE'))!;
  console.log(`\n${tree}${r.scan ? '' : ' (no header scan: the reader, or cbor2, on the whole frame)'}`);
  console.log(
    [
      'case'.padEnd(60),
      'bytes'.padStart(9),
      'ms'.padStart(9),
      'µs/KiB'.padStart(9),
      '÷ CALL'.padStart(9),
      '÷ RESP'.padStart(9),
      'growth'.padStart(7),
      '  outcome',
    ].join(' '),
  );
  const rows = r.cases.map((c) => {
    const growth = c.halfMs !== undefined && c.halfMs > 0 ? c.ms / c.halfMs : null;
    const row = {
      ...c,
      usPerKiB: usPerKiB(c),
      vsCall: usPerKiB(c) / usPerKiB(call),
      vsResponse: usPerKiB(c) / usPerKiB(resp),
      growth,
    };
    console.log(
      [
        `${c.group}: ${c.name}`.slice(0, 60).padEnd(60),
        String(c.bytes).padStart(9),
        fmt(c.ms, 3).padStart(9),
        fmt(row.usPerKiB).padStart(9),
        fmt(row.vsCall, 1).padStart(9),
        fmt(row.vsResponse, 1).padStart(9),
        (growth === null ? '' : growth.toFixed(2)).padStart(7),
        `  ${c.outcome}`,
      ].join(' '),
    );
    return row;
  });
  const hostile = rows.filter((c) => c.group !== 'ordinary' && c.bytes >= 1024);
  const worstKiB = hostile.reduce((a, b) => (b.usPerKiB > a.usPerKiB ? b : a));
  const worstAttack = hostile.filter((c) => c.group === 'attack').reduce((a, b) => (b.usPerKiB > a.usPerKiB ? b : a));
  const worstFrame = hostile.reduce((a, b) => (b.ms > a.ms ? b : a));
  const maxGrowth = Math.max(...rows.filter((c) => c.growth !== null).map((c) => c.growth!));
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  console.log(
    `the attack's worst per KiB: ${worstAttack.name}, ${fmt(worstAttack.usPerKiB)} µs/KiB = ${fmt(worstAttack.vsCall, 2)} × the ordinary CALL's (target ≤ 1 ${verdict(worstAttack.vsCall <= 1)})`,
  );
  console.log(
    `worst per KiB (frames of a KiB or more): ${worstKiB.name}, ${fmt(worstKiB.usPerKiB)} µs/KiB = ${fmt(worstKiB.vsCall, 1)} × the ordinary CALL's, ` +
      `${fmt(worstKiB.vsResponse, 1)} × the RESPONSE's (target ≤ ${PER_KIB_TARGET} ${verdict(worstKiB.vsResponse <= PER_KIB_TARGET)})`,
  );
  console.log(`costliest frame: ${worstFrame.name}, ${fmt(worstFrame.ms, 3)} ms, ${fmt(worstFrame.usPerKiB)} µs/KiB`);
  console.log(
    `largest growth n ÷ n/2: ${maxGrowth.toFixed(2)} (target ≤ ${GROWTH_TARGET} ${verdict(maxGrowth <= GROWTH_TARGET)})`,
  );
  return {
    tree,
    scan: r.scan,
    rows,
    attackWorstPerKiB: { name: worstAttack.name, usPerKiB: worstAttack.usPerKiB, vsCall: worstAttack.vsCall },
    worstPerKiB: {
      name: worstKiB.name,
      usPerKiB: worstKiB.usPerKiB,
      vsCall: worstKiB.vsCall,
      vsResponse: worstKiB.vsResponse,
    },
    costliestFrame: { name: worstFrame.name, ms: worstFrame.ms },
    maxGrowth,
  };
}

async function main(): Promise<void> {
  console.log(
    `native CBOR bench: best of ${ROUNDS} runs per case, ${FUZZ} fuzzed payloads (seed ${SEED}); machine: ${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const trees: { name: string; cwd: string }[] = [{ name: 'current', cwd: ROOT }];
  let exported: string | null = null;
  try {
    if (BASE) {
      exported = exportTree(BASE);
      trees.unshift({ name: `base ${BASE}`, cwd: exported });
    }
    const results = [];
    for (const t of trees) results.push(report(t.name, await runChild(t.cwd)));
    mkdirSync(OUT_DIR, { recursive: true });
    writeFileSync(
      join(OUT_DIR, BASE ? 'native-cbor-vs-base.json' : 'native-cbor.json'),
      JSON.stringify({ rounds: ROUNDS, fuzz: FUZZ, seed: SEED, base: BASE, results }, null, 2),
    );
  } finally {
    if (exported) rmSync(exported, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
