/**
 * Every bench under tests/bench runs in a smoke run (`BENCH_SMOKE=1`: each knob takes its small value) and must reach
 * its verdict: it exits 0 and prints its targets as PASS or MISS (the award and relay benches, which set no target,
 * their ratio against the baseline). The figures of a smoke run say nothing and are not
 * judged; what this catches is a bench that no longer runs, so a change that breaks one fails its own CI. Each bench is
 * its own process, one after the other, as `npm run bench` runs them.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BENCH_DIR = join(ROOT, 'tests/bench');
const BENCHES = readdirSync(BENCH_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(BENCH_DIR, d.name, 'run.ts')))
  .map((d) => d.name)
  .sort();

/** A target judged, or for a bench without targets its ratio against the baseline of the same run. */
const VERDICT = /\b(PASS|MISS)\b|^current ÷ floor: CPU per award ×\d|\| added p50 [\d.]+ ms, ratio \d/m;

/** A smoke run of one bench: its exit code and everything it printed. */
function smoke(name: string): Promise<{ code: number | null; signal: string | null; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(BENCH_DIR, name, 'run.ts')], {
      cwd: ROOT,
      env: { ...process.env, BENCH_SMOKE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.once('error', fail);
    child.once('close', (code, signal) => done({ code, signal, out }));
  });
}

describe('every bench reaches its verdict in a smoke run', () => {
  it('finds the benches', () => {
    expect(BENCHES.length).toBeGreaterThanOrEqual(15);
  });

  it.each(BENCHES)(
    '%s',
    async (name) => {
      const r = await smoke(name);
      const tail = r.out.split('\n').slice(-40).join('\n');
      expect({ code: r.code, signal: r.signal }, tail).toEqual({ code: 0, signal: null });
      expect(r.out, tail).toMatch(VERDICT);
      expect(r.out, tail).not.toMatch(/BROKEN/);
    },
    600_000,
  );
});
