/**
 * A process's young generation: held at its starting size while it starts, and sized by V8 again once it runs
 * (src-main/supervisor/young-generation.ts). Run in a child process, as the engine's and the host's entries run it: a
 * V8 flag is the whole process's.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Allocates as a start does (objects that survive), then reads the young generation's size, before and after. */
const SCRIPT = `
import { getHeapSpaceStatistics } from 'node:v8';
import { holdYoungGeneration, letYoungGenerationGrow } from './src-main/supervisor/young-generation.ts';
const young = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
const churn = () => { const kept = []; for (let i = 0; i < 600000; i++) { const o = { i, s: 'x' + i }; if (i % 3 === 0) kept.push(o); } return kept.length; };
const start = young();
if (process.argv.includes('--hold')) holdYoungGeneration();
churn();
const whileStarting = young();
letYoungGenerationGrow();
churn(); churn();
process.stdout.write(JSON.stringify({ start, whileStarting, running: young() }));
`;

function measure(hold: boolean): { start: number; whileStarting: number; running: number } {
  const args = ['--import', 'tsx', '--input-type=module', '-e', SCRIPT, ...(hold ? ['--', '--hold'] : [])];
  const out = execFileSync(process.execPath, args, {
    cwd: `${import.meta.dirname}/../../..`,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out) as { start: number; whileStarting: number; running: number };
}

describe("a process's young generation", () => {
  it('stays at its starting size while the process starts, and grows with the work once it runs', () => {
    const held = measure(true);
    expect(held.whileStarting).toBe(held.start);
    expect(held.running).toBeGreaterThan(held.start);
  });

  it('would grow during the start if it were not held (what holding it saves)', () => {
    const free = measure(false);
    expect(free.whileStarting).toBeGreaterThan(free.start);
  });
});
