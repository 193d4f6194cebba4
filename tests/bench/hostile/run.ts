/**
 * Hostile benches: does a hostile peer cost the node anything that others notice? Two parts, each in its own process:
 * `traffic.ts` (hostile consumers flooding the task port) and `directory.ts` (a directory whose event log never ends
 * or nests without end). `BENCH_HOSTILE=traffic` or `=directory` runs one; both by default. Exit 1 if a part broke.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const PARTS = ['traffic', 'directory'] as const;
const only = process.env.BENCH_HOSTILE;
const parts = only ? PARTS.filter((p) => p === only) : PARTS;
if (parts.length === 0) {
  console.error(`BENCH_HOSTILE must be one of ${PARTS.join(', ')}`);
  process.exit(1);
}
let broken = 0;
for (const part of parts) {
  console.log(`\n--- hostile: ${part} ---`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(HERE, `${part}.ts`)], {
    stdio: 'inherit',
    env: process.env,
  });
  if (r.status !== 0) broken += 1;
}
process.exit(broken > 0 ? 1 : 0);
