/**
 * `npm run headless` builds before it starts, and a person should see the host's own lines, not Vite's listing of
 * every bundle or its advice about chunk sizes (meant for web pages; this app loads its bundles from disk).
 * Runs the build step of package.json's `headless` script as written, into a folder of its own so the suite's
 * build in out/ is never emptied under the running tests.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = process.cwd();
const OUT = `test-artifacts/build-check-${process.pid}`;

afterAll(() => rm(join(ROOT, OUT), { recursive: true, force: true }), 60_000);

function headlessBuildArgs(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const step = (pkg.scripts.headless ?? '')
    .split('&&')
    .map((s) => s.trim())
    .find((s) => s.startsWith('electron-vite build'));
  if (!step) throw new Error('package.json: the headless script has no electron-vite build step');
  return step.split(/\s+/).slice(1);
}

describe('npm run headless', () => {
  it('builds without printing the build log or chunk-size advice', { timeout: 180_000 }, async () => {
    const cli = join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js');
    const r = await run(process.execPath, [cli, ...headlessBuildArgs()], {
      cwd: ROOT,
      env: { ...process.env, IICP_BUILD_OUT_DIR: OUT },
      maxBuffer: 16 << 20,
    });
    const printed = `${r.stdout}${r.stderr}`.trim();
    expect(existsSync(join(ROOT, OUT, 'main/headless.js')), 'the build wrote the headless host').toBe(true);
    expect(printed).toBe('');
  });
});
