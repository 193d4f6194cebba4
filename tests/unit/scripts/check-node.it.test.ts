/**
 * Start-up check of the Node version: on a Node older than 22.12 `npm run headless`, `npm start`, `npm test` (and the
 * built headless host itself) print one line and exit 1, instead of crashing with "Segmentation fault" when the
 * database module's binary (built for Node 22) loads. The old Node is the machine's own /usr/bin/node when it is one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSupportedNode, MINIMUM_NODE, nodeVersionProblem } from '../../../scripts/check-node.mjs';
import { tempDir } from '../../support/tmp';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'check-node.mjs');
const HEADLESS = join(ROOT, 'out', 'main', 'headless.js');
/** npm's own script (the one running this test, else the system's). */
const NPM_CLI = [process.env.npm_execpath, '/usr/lib/node_modules/npm/bin/npm-cli.js'].find(
  (p) => p && /npm-cli\.js$/.test(p) && existsSync(p),
);

/** A Node binary older than the minimum, with its version, or why there is none. */
function oldNode(): { bin: string; version: string } | { reason: string } {
  const bin = process.env.IICP_OLD_NODE ?? '/usr/bin/node';
  if (!existsSync(bin)) return { reason: `no ${bin}` };
  const r = spawnSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  const version = r.stdout.trim();
  if (r.status !== 0 || !version) return { reason: `${bin} does not run` };
  if (isSupportedNode(version)) return { reason: `${bin} is Node ${version}, not older than ${MINIMUM_NODE}` };
  return { bin, version };
}

const old = oldNode();
const skipReason = 'reason' in old ? ` (skipped: ${old.reason})` : '';

/** Runs `bin args` with a fresh data folder (where an old Node used to crash, opening the database). */
function run(bin: string, args: string[]) {
  const data = tempDir('iicp-node-version-');
  try {
    const r = spawnSync(bin, args, {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, IICP_HOME: data.dir, IICP_PORT: '0', IICP_HOST: '127.0.0.1' },
    });
    return { status: r.status, signal: r.signal, output: `${r.stdout}${r.stderr}` };
  } finally {
    data.cleanup();
  }
}

describe('which Node versions are enough', () => {
  it('needs 22.12 or newer, as package.json says', () => {
    expect(isSupportedNode('22.11.0')).toBe(false);
    expect(isSupportedNode('22.12.0')).toBe(true);
    expect(isSupportedNode('v22.12.1')).toBe(true);
    expect(isSupportedNode('23.0.0')).toBe(true);
    expect(isSupportedNode('24.3.0')).toBe(true);
    expect(isSupportedNode('20.19.2')).toBe(false);
    expect(isSupportedNode('16.20.2')).toBe(false);
    expect(isSupportedNode('not a version')).toBe(false);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(`>=${MINIMUM_NODE.replace(/\.0$/, '')}`).toBe(pkg.engines.node);
  });

  it('says so in one line that names both versions and where to read more', () => {
    expect(nodeVersionProblem('20.19.2')).toBe(
      'IICP Provider needs Node 22.12 or newer; you have 20.19.2 — see README (Requirements).',
    );
    expect(nodeVersionProblem('v22.11.0')).toBe(
      'IICP Provider needs Node 22.12 or newer; you have 22.11.0 — see README (Requirements).',
    );
    expect(nodeVersionProblem('22.12.0')).toBeNull();
  });

  it('runs first in the npm scripts that load the app', () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    for (const name of ['headless', 'start', 'test', 'dist', 'bench']) {
      expect(scripts[name], name).toMatch(/^node scripts\/check-node\.mjs && /);
    }
  });
});

describe('the check script', () => {
  it('prints nothing and exits 0 on this Node', () => {
    expect(isSupportedNode(process.versions.node)).toBe(true);
    expect(run(process.execPath, [SCRIPT])).toEqual({ status: 0, signal: null, output: '' });
  });

  it.skipIf('reason' in old)(`prints one line and exits 1 on an older Node${skipReason}`, () => {
    const { bin, version } = old as { bin: string; version: string };
    const r = run(bin, [SCRIPT]);
    expect(r.status).toBe(1);
    expect(r.output).toBe(
      `IICP Provider needs Node 22.12 or newer; you have ${version} — see README (Requirements).\n`,
    );
  });

  it.skipIf('reason' in old || !NPM_CLI)(
    `makes npm run headless, npm start and npm test refuse an older Node in that one line${skipReason}`,
    () => {
      const { bin, version } = old as { bin: string; version: string };
      // The scripts' `node` is the old one, as on a machine whose Node is too old.
      const env = { ...process.env, PATH: `${dirname(bin)}${delimiter}${process.env.PATH ?? ''}` };
      for (const script of ['headless', 'start', 'test']) {
        const r = spawnSync(bin, [NPM_CLI!, 'run', '--silent', script], {
          cwd: ROOT,
          encoding: 'utf8',
          timeout: 60_000,
          env,
        });
        expect(r.status, script).toBe(1);
        expect(`${r.stdout}${r.stderr}`, script).toBe(
          `IICP Provider needs Node 22.12 or newer; you have ${version} — see README (Requirements).\n`,
        );
      }
    },
  );

  it.skipIf('reason' in old || !existsSync(HEADLESS))(
    `makes the built headless host refuse an older Node the same way, not crash${skipReason}`,
    () => {
      const { bin, version } = old as { bin: string; version: string };
      const r = run(bin, [HEADLESS]);
      expect(r.signal).toBeNull();
      expect(r.status).toBe(1);
      expect(r.output).toBe(
        `IICP Provider needs Node 22.12 or newer; you have ${version} — see README (Requirements).\n`,
      );
    },
  );
});
