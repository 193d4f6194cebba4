// `npm run bench`: runs every bench under tests/bench/<name>/run.ts, one after the other, each in its own
// Node process with the tsx loader, and prints their reports. `npm run bench -- proxy` runs only the
// named ones. Exit code is non-zero only if a bench itself broke; missed targets are reported, not failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'tests', 'bench');
const only = process.argv.slice(2);

const benches = readdirSync(benchDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(benchDir, d.name, 'run.ts')))
  .map((d) => d.name)
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();

if (benches.length === 0) {
  console.error(`no bench found${only.length ? ` named ${only.join(', ')}` : ''} under tests/bench/*/run.ts`);
  process.exit(1);
}

const failed = [];
for (const name of benches) {
  console.log(`\n=== bench: ${name} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, name, 'run.ts')], {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
  });
  if (r.status !== 0) failed.push(`${name} (${r.signal ?? `exit ${r.status}`})`);
}
console.log(
  `\nbenches: ${benches.length - failed.length} ran, ${failed.length} broken${failed.length ? `: ${failed.join(', ')}` : ''}`,
);
process.exit(failed.length ? 1 : 0);
