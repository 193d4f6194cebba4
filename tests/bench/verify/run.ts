/**
 * Earnings check bench: how fast the node checks the directory's signed event log, and how much memory it takes.
 *
 * The test directory (in this process, not measured) holds BENCH_VERIFY_EVENTS signed CREDIT_AWARD events (real
 * Ed25519 signatures and the prev_hash chain, one in 1000 for the measured node, whose claims are in its ledger). A
 * child process (tests/support/verify-child.ts) then reads and checks the whole log, from a fresh store, two ways:
 *   baseline  each page fetched, parsed and every signature checked with direct calls, nothing kept: the floor;
 *   engine    the node's own check: pages read one after another and handed to the verifier thread, which checks
 *             signatures, the chain and the blocks, stores each page with its cursor in one transaction, and at the
 *             end matches every claim.
 * Printed: events/s of each and the engine ÷ baseline time ratio, and each child's peak resident set above its own
 * start. The same is done for a log half the size. Memory that stays flat as the log doubles is the "bounded" the
 * check promises (target: the engine's peak growth at the full size within 8 MB of that at half, and ≤ 96 MB). What
 * the engine holds above the bare reader is its second isolate (the verifier thread, its heap capped), SQLite's
 * caches of two connections, and the page buffers the main thread received and V8 has not collected yet: V8 frees
 * those once they pass its allowance for memory outside the heap (a few tens of MB), so from about 50 pages on the
 * peak no longer moves.
 *
 * Knobs: BENCH_VERIFY_EVENTS (100000), BENCH_VERIFY_ROUNDS (2: baseline and engine alternate).
 * Writes test-artifacts/bench/verify.json. Exit code 1 only if the bench broke (a check that does not verify cleanly).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateGenesisKey, startTestDirectory, type TestDirectory } from '../../support/directory';
import type { VerifyChildConfig, VerifyChildDone } from '../../support/verify-child';
import { spawnVerifyChild } from '../../support/verify-child-process';
import { knob } from '../lib/knob';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../..');
const OUT_DIR = join(ROOT, 'test-artifacts/bench');
const EVENTS = Math.floor(knob('BENCH_VERIFY_EVENTS', 100_000, 1000, 2000));
const ROUNDS = Math.floor(knob('BENCH_VERIFY_ROUNDS', 2, 1, 1));
const OWN_EVERY = 1000;
const MEMORY_BUDGET_MB = 96;

const runChild = (config: VerifyChildConfig): Promise<VerifyChildDone> =>
  spawnVerifyChild(config, undefined, ROOT).done;

interface SizeResult {
  events: number;
  baseline: VerifyChildDone[];
  engine: VerifyChildDone[];
}

async function benchSize(events: number): Promise<SizeResult> {
  const dir: TestDirectory = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: false,
    genesisEd25519SecretKey: generateGenesisKey().secretKeyHex,
  });
  const work = mkdtempSync(join(tmpdir(), 'iicp-bench-verify-'));
  try {
    const nodeId = randomUUID();
    const fillStarted = performance.now();
    const filled = dir.events.appendAwards(events, { nodeId, ownEvery: OWN_EVERY });
    console.log(
      `  ${events} signed awards made in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s (not measured)`,
    );
    const claimsFile = join(work, 'claims.json');
    writeFileSync(claimsFile, JSON.stringify(filled.own));
    const result: SizeResult = { events, baseline: [], engine: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const base = await runChild({ mode: 'baseline', dbPath: '', nodeId, baseUrl: dir.url });
      const dbPath = join(work, `round-${round}.db`);
      const engine = await runChild({ mode: 'engine', dbPath, nodeId, baseUrl: dir.url, claimsFile });
      const clean =
        engine.error === null &&
        engine.badSignatures === 0 &&
        engine.chainBreaks === 0 &&
        engine.differences === 0 &&
        engine.verified === filled.own.length;
      if (!clean || base.badSignatures !== 0 || base.events !== events)
        throw new Error(`the check did not verify cleanly: ${JSON.stringify({ base, engine })}`);
      result.baseline.push(base);
      result.engine.push(engine);
      console.log(
        `  round ${round + 1}: baseline ${rate(base)} events/s, engine ${rate(engine)} events/s (${engine.verified} awards of the node verified)`,
      );
    }
    return result;
  } finally {
    await dir.close();
    rmSync(work, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rate = (d: VerifyChildDone) => Math.round(d.events / (d.wallMs / 1000)).toLocaleString('en-US');
const growth = (ds: VerifyChildDone[]) => median(ds.map((d) => d.peakRssMB - d.startRssMB));

console.log(
  `verify bench: ${Math.floor(EVENTS / 2)} and ${EVENTS} events, ${ROUNDS} rounds each, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)}`,
);
const sizes: SizeResult[] = [];
for (const n of [Math.floor(EVENTS / 2), EVENTS]) {
  console.log(`\n${n} events:`);
  sizes.push(await benchSize(n));
}

console.log('\nsize      baseline ev/s  engine ev/s  engine÷baseline time  peak RSS growth: baseline  engine');
for (const s of sizes) {
  const b = median(s.baseline.map((d) => d.wallMs));
  const e = median(s.engine.map((d) => d.wallMs));
  const evs = (ms: number) => Math.round(s.events / (ms / 1000));
  console.log(
    `${String(s.events).padEnd(9)} ${String(evs(b)).padStart(13)}  ${String(evs(e)).padStart(11)}  ${(e / b).toFixed(2).padStart(20)}  ${growth(s.baseline).toFixed(1).padStart(22)} MB  ${growth(s.engine).toFixed(1).padStart(4)} MB`,
  );
}
const [small, full] = sizes as [SizeResult, SizeResult];
const flat = growth(full.engine) <= growth(small.engine) + 8;
const under = growth(full.engine) <= MEMORY_BUDGET_MB;
console.log(
  `\ntarget: engine memory flat as the log doubles (peak growth ${growth(full.engine).toFixed(1)} MB vs ${growth(small.engine).toFixed(1)} MB, within 8 MB): ${flat ? 'PASS' : 'MISS'}`,
);
console.log(`target: engine peak growth at ${EVENTS} events ≤ ${MEMORY_BUDGET_MB} MB: ${under ? 'PASS' : 'MISS'}`);

mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(
  join(OUT_DIR, 'verify.json'),
  JSON.stringify({ at: new Date().toISOString(), cores: cpus().length, sizes, targets: { flat, under } }, null, 2),
);
