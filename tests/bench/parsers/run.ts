/**
 * Parsers bench: the app's hand-written readers of foreign text (the GPU tools' outputs, a router's XML, a task's
 * JSON shape) on the hostile texts of tests/support/hostile-text.ts, at a size and at twice that size.
 *
 * Each case is timed as the best of BENCH_PARSERS_ROUNDS runs (the least disturbed by the rest of the machine), and so
 * is the baseline: JSON.parse of a JSON string as long as the case's text, the floor of reading that many characters.
 * Printed per case: ms at n and at 2n, growth (time at 2n ÷ time at n: about 2 for a linear reader, 4 for a
 * quadratic one) and the reader's time ÷ the baseline's at 2n. Target: growth ≤ 3, which no quadratic reader meets.
 * The unit tests check what the readers make of these texts; how long they take is measured only here.
 *
 * Knobs: BENCH_PARSERS_ROUNDS (7). Writes test-artifacts/bench/parsers.json. Exit code 1 only if a reader's answer
 * is not the expected one (the bench broke).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDeviceDescription } from '@engine/nat/pinhole/device-description';
import { parseIoreg } from '@engine/owner/gpu/ioreg';
import { parseNvidiaSmiXml } from '@engine/owner/gpu/nvidia-smi';
import { parseRocmSmiJson } from '@engine/owner/gpu/rocm-smi';
import { shapeProblem } from '@engine/net/json-shape';
import {
  ioregDeep,
  ioregLongLegend,
  jsonOfEscapes,
  nvidiaDeep,
  nvidiaLongName,
  regexBombDescription,
  rocmDeep,
} from '../../support/hostile-text';
import { knob } from '../lib/knob';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const ROUNDS = Math.floor(knob('BENCH_PARSERS_ROUNDS', 7, 1, 1));
const GROWTH_TARGET = 3;

interface Case {
  name: string;
  /** The text at size n; its reading returns what `check` accepts. */
  build(n: number): string | Buffer;
  read(text: string | Buffer): unknown;
  check(result: unknown): boolean;
  n: number;
}

/** Reads `text` with the case's reader, a refusal (a thrown error) giving its code, so refusals are answers too. */
const outcome = (c: Case, text: string | Buffer): unknown => {
  try {
    return c.read(text);
  } catch (err) {
    return { thrown: (err as { code?: string }).code ?? String(err) };
  }
};
/** A check that the reader refused with `code`. */
const refusedAs = (code: string) => (r: unknown) => (r as { thrown?: string }).thrown === code;

const CASES: Case[] = [
  {
    name: 'ioreg: IOReportLegend line repeated',
    n: 1000,
    build: (n) => ioregLongLegend(n).text,
    read: (t) => parseIoreg(t as string),
    check: (r) => (r as { gpus: { name: string }[] }).gpus[0]?.name === 'Apple M5 Pro',
  },
  {
    name: 'ioreg: dictionaries that never close',
    n: 100_000,
    build: ioregDeep,
    read: (t) => parseIoreg(t as string),
    check: (r) => (r as { gpus: { utilizationPct: number }[] }).gpus[0]?.utilizationPct === 8,
  },
  {
    name: 'rocm-smi: nested arrays, closed',
    n: 200_000,
    build: (n) => rocmDeep(n, true),
    read: (t) => parseRocmSmiJson(t as string),
    check: refusedAs('unreadable'),
  },
  {
    name: 'rocm-smi: nested arrays, never closed',
    n: 200_000,
    build: (n) => rocmDeep(n, false),
    read: (t) => parseRocmSmiJson(t as string),
    check: refusedAs('unreadable'),
  },
  {
    name: 'nvidia-smi: elements that never close',
    n: 100_000,
    build: nvidiaDeep,
    read: (t) => parseNvidiaSmiXml(t as string),
    check: refusedAs('unreadable'),
  },
  {
    name: 'nvidia-smi: a long product name',
    n: 400_000,
    build: nvidiaLongName,
    read: (t) => parseNvidiaSmiXml(t as string),
    check: (r) => (r as { gpus?: { name: string }[] }).gpus?.[0]?.name.startsWith('AAAA') === true,
  },
  {
    name: 'router XML: the regular-expression bomb',
    n: 120 * 1024,
    build: regexBombDescription,
    read: (t) => readDeviceDescription(t as string),
    check: refusedAs('malformed'),
  },
  {
    name: 'task JSON shape: a string of escapes',
    n: 1_000_000,
    build: jsonOfEscapes,
    read: (t) => shapeProblem(t as Buffer, { maxDepth: 4, maxValues: 10 }),
    check: (r) => r === null,
  },
];

function best(fn: () => unknown): number {
  let min = Infinity;
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return min;
}

/** JSON.parse of a JSON string `chars` long: the floor of reading that many characters. */
function baselineMs(chars: number): number {
  const json = `"${'a'.repeat(Math.max(0, chars - 2))}"`;
  return best(() => JSON.parse(json));
}

const rows = [];
let broken = false;
for (const c of CASES) {
  const small = c.build(c.n);
  const large = c.build(2 * c.n);
  for (const [label, text] of [
    ['n', small],
    ['2n', large],
  ] as const) {
    if (!c.check(outcome(c, text))) {
      console.error(`${c.name}: unexpected answer at ${label}`);
      broken = true;
    }
  }
  const msN = best(() => outcome(c, small));
  const ms2N = best(() => outcome(c, large));
  const growth = ms2N / msN;
  const baseline = baselineMs(large.length);
  rows.push({
    case: c.name,
    chars2N: large.length,
    msN,
    ms2N,
    growth,
    vsJsonParse: ms2N / baseline,
    pass: growth <= GROWTH_TARGET,
  });
}

const fmt = (x: number, d = 2) => x.toFixed(d);
console.log(
  `parsers: best of ${ROUNDS} runs each; growth = time at 2n ÷ time at n (linear ≈ 2, quadratic ≈ 4); target growth ≤ ${GROWTH_TARGET}`,
);
console.log(
  [
    'case'.padEnd(42),
    'chars at 2n'.padStart(12),
    'ms at n'.padStart(9),
    'ms at 2n'.padStart(9),
    'growth'.padStart(7),
    '÷ JSON.parse'.padStart(13),
    '',
  ].join(' '),
);
for (const r of rows) {
  console.log(
    [
      r.case.padEnd(42),
      String(r.chars2N).padStart(12),
      fmt(r.msN).padStart(9),
      fmt(r.ms2N).padStart(9),
      fmt(r.growth).padStart(7),
      fmt(r.vsJsonParse, 1).padStart(13),
      r.pass ? 'PASS' : 'MISS',
    ].join(' '),
  );
}
mkdirSync(join(ROOT, 'test-artifacts/bench'), { recursive: true });
writeFileSync(
  join(ROOT, 'test-artifacts/bench/parsers.json'),
  JSON.stringify({ rounds: ROUNDS, growthTarget: GROWTH_TARGET, rows }, null, 2),
);
process.exit(broken ? 1 : 0);
