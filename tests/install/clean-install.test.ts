/**
 * `npm ci` on a newcomer's machine: an empty npm user config (no `nodedir`), only the npm registry, and no compiler.
 * Our own machines set `nodedir`, which once hid that npm ran `node-gyp rebuild` for better-sqlite3 (it downloads
 * Node's headers and needs a C++ toolchain) although the package ships its prebuilt binaries.
 *
 * Each install copies package.json, package-lock.json and .npmrc into a temp folder and runs
 * scripts/npm-ci-clean.sh there (also what .ci/run installs with). Downloads come from npm's cache when the
 * suite's own `npm ci` filled it. (Not at a low CPU priority: on a machine kept busy by other programs that starves
 * the install for many minutes.)
 */
import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/tmp';

const run = promisify(execFile);
const ROOT = process.cwd();
const SCRIPT = join(ROOT, 'scripts/npm-ci-clean.sh');
const INSTALL_MS = 600_000;

type Outcome = { code: number; output: string };

// Each install leaves ~500 packages behind: removed off the event loop, with time for a slow disk.
const temps: string[] = [];
afterAll(() => Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true }))), 120_000);

function project(edit?: (pkg: Record<string, unknown>) => void): string {
  const t = tempDir('iicp-clean-install-');
  temps.push(t.dir);
  for (const f of ['package.json', 'package-lock.json', '.npmrc']) copyFileSync(join(ROOT, f), join(t.dir, f));
  if (edit) {
    const pkg = JSON.parse(readFileSync(join(t.dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    edit(pkg);
    writeFileSync(join(t.dir, 'package.json'), JSON.stringify(pkg, null, 2));
  }
  return t.dir;
}

async function cleanCi(dir: string, opts: { npmCli?: string; node?: string; args?: string[] } = {}): Promise<Outcome> {
  const env = { ...process.env, NPM_CI_NODE: opts.node ?? process.execPath };
  try {
    const r = await run('bash', [SCRIPT, dir, opts.npmCli ?? '', '--prefer-offline', ...(opts.args ?? [])], {
      env,
      maxBuffer: 16 << 20,
    });
    return { code: 0, output: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

/** Opens a database with the better-sqlite3 the install put in `dir`, under the same Node. */
async function sqliteWorks(dir: string): Promise<string> {
  const probe =
    "const D=require('better-sqlite3');process.stdout.write(new D(':memory:').prepare('select sqlite_version() v').get().v)";
  const r = await run(process.execPath, ['-e', probe], { cwd: dir });
  return r.stdout;
}

/** A Node older than 22.12 on this machine (the system's own, where .ci/run installed a newer one beside it). */
function olderNode(): { path: string; version: string } | null {
  for (const path of ['/usr/bin/node', '/usr/local/bin/node']) {
    if (!existsSync(path)) continue;
    const r = spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    const [major = 0, minor = 0] = r.stdout.trim().split('.').map(Number);
    if (r.status === 0 && (major < 22 || (major === 22 && minor < 12))) return { path, version: r.stdout.trim() };
  }
  return null;
}
const OLD_NODE = olderNode();

const lines = (text: string) => text.split('\n').filter((l) => l.trim() && !l.startsWith('npm notice'));

describe('a clean npm ci', () => {
  it('the lockfile and allowScripts tell every npm that better-sqlite3 needs no build', () => {
    // npm decides from the lockfile entry, not the package's own package.json; npm rewrites entries without
    // "gypfile" on `npm install`, so put it back by hand after updating better-sqlite3 (this test says so).
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { gypfile?: boolean }>;
    };
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      allowScripts: Record<string, boolean>;
    };
    expect(
      lock.packages['node_modules/better-sqlite3']?.gypfile,
      'package-lock.json: add "gypfile": false to node_modules/better-sqlite3',
    ).toBe(false);
    expect(pkg.allowScripts['better-sqlite3']).toBe(false);
  });

  it(
    'installs with npm on the PATH, no nodedir and no compiler, and better-sqlite3 opens a database',
    { timeout: INSTALL_MS },
    async () => {
      const dir = project();
      const r = await cleanCi(dir);
      expect(r.output).not.toMatch(/gyp/);
      expect(r.code, r.output.slice(-4000)).toBe(0);
      expect(await sqliteWorks(dir)).toMatch(/^3\.\d+/);
    },
  );

  it(
    'installs the app’s own dependencies the same way with npm 10, the npm that Node 22 ships',
    { timeout: INSTALL_MS },
    async () => {
      // npm 10 knows no allowScripts: only the lockfile's "gypfile": false keeps it from building better-sqlite3. The
      // app's runtime dependencies are where that matters; the full tree is installed with npm on the PATH above.
      const prefix = tempDir('iicp-npm10-');
      temps.push(prefix.dir);
      await run(
        'npm',
        ['install', '--prefix', prefix.dir, '--no-save', '--no-audit', '--no-fund', '--prefer-offline', 'npm@10'],
        { maxBuffer: 16 << 20 },
      );
      const dir = project();
      const r = await cleanCi(dir, {
        npmCli: join(prefix.dir, 'node_modules/npm/bin/npm-cli.js'),
        args: ['--omit=dev'],
      });
      expect(r.output).not.toMatch(/gyp/);
      expect(r.code, r.output.slice(-4000)).toBe(0);
      expect(await sqliteWorks(dir)).toMatch(/^3\.\d+/);
    },
  );

  it(
    'refuses a Node older than package.json asks for in a few lines, before installing anything',
    { timeout: INSTALL_MS },
    async () => {
      // The Node running this test stands for the too-old one: the project asks for more than any Node there is.
      const dir = project((pkg) => {
        pkg.engines = { node: '>=999' };
      });
      const r = await cleanCi(dir);
      expect(r.code).not.toBe(0);
      expect(r.output).toContain('Required: {"node":">=999"}');
      expect(r.output).not.toMatch(/npm warn EBADENGINE/);
      expect(lines(r.output).length, r.output).toBeLessThanOrEqual(8);
      expect(existsSync(join(dir, 'node_modules'))).toBe(false);
    },
  );

  it.skipIf(!OLD_NODE)(
    `refuses this machine's older Node${OLD_NODE ? ` (${OLD_NODE.version})` : ' (skipped: no Node older than 22.12 here)'} in a few lines`,
    { timeout: INSTALL_MS },
    async () => {
      const dir = project();
      const r = await cleanCi(dir, { node: OLD_NODE!.path });
      expect(r.code).not.toBe(0);
      expect(r.output).toContain('Required: {"node":">=22.12"}');
      expect(r.output).not.toMatch(/npm warn EBADENGINE/);
      expect(lines(r.output).length, r.output).toBeLessThanOrEqual(8);
    },
  );
});
