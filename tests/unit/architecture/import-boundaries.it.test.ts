/**
 * The import boundaries `npm run lint` enforces (.dependency-cruiser.cjs): each rule fires on a small tree laid out
 * like this project, through the very command the lint script runs, and the real tree has no violation.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const CRUISER = join(ROOT, 'node_modules/dependency-cruiser');
/** The file npm runs for the lint script's `depcruise`. */
const DEPCRUISE = join(
  CRUISER,
  (JSON.parse(readFileSync(join(CRUISER, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin.depcruise!,
);

/** The lint script's own depcruise arguments, run with this project's Node. */
function lintImports(cwd: string): { status: number | null; output: string } {
  const [command, ...args] = pkg.scripts['lint:imports']!.split(' ');
  expect(command).toBe('depcruise');
  const r = spawnSync(process.execPath, [DEPCRUISE, ...args, '--output-type', 'err'], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** Each case: a file that breaks one rule, and what it imports. */
const CASES: { rule: string; file: string; imports: string }[] = [
  { rule: 'engine-uses-shared-only', file: 'src-main/engine/reads-the-bridge.ts', imports: '@preload/index' },
  { rule: 'engine-uses-shared-only', file: 'src-main/engine/reads-a-host.ts', imports: '@main/headless/host' },
  { rule: 'engine-without-electron', file: 'src-main/engine/uses-electron.ts', imports: 'electron' },
  { rule: 'renderer-uses-shared-only', file: 'src-renderer/src/reads-main.ts', imports: '@main/app/window' },
  { rule: 'preload-is-the-bridge-only', file: 'src-preload/reads-main.ts', imports: '@main/app/window' },
  { rule: 'shared-stands-alone', file: 'src-shared/reads-the-page.ts', imports: '@renderer/page' },
  { rule: 'shared-without-node-builtins', file: 'src-shared/reads-files.ts', imports: 'node:fs' },
  { rule: 'main-without-renderer', file: 'src-main/app/reads-the-page.ts', imports: '@renderer/page' },
  { rule: 'resolvable', file: 'src-main/engine/misspelt.ts', imports: '@engine/no-such-module' },
  // Arrows that ran back up between the engine's rooms before the rooms were put in order.
  { rule: 'engine-order', file: 'src-main/engine/store/sums.ts', imports: '@engine/earnings/books' },
  { rule: 'engine-order', file: 'src-main/engine/server/codec.ts', imports: '@engine/relay/pull' },
  { rule: 'engine-order', file: 'src-main/engine/identity/operator.ts', imports: '@engine/directory/link' },
  { rule: 'engine-order', file: 'src-main/engine/directory/rotation.ts', imports: '@engine/verification/check' },
  { rule: 'engine-order', file: 'src-main/engine/backends/monitor.ts', imports: '@engine/node/node' },
  { rule: 'engine-room-listed', file: 'src-main/engine/loose-helper.ts', imports: '@shared/contract' },
  { rule: 'engine-room-listed', file: 'src-main/engine/node/uses-a-new-room.ts', imports: '@engine/marketplace/keys' },
  // A room's inner file imported from another room or a host, past its face.
  { rule: 'room-face', file: 'src-main/engine/node/reads-inside.ts', imports: '@engine/earnings/books' },
  { rule: 'room-face', file: 'src-main/engine/verification/reads-inside.ts', imports: '../directory/link' },
  { rule: 'room-face', file: 'src-main/headless/reads-inside.ts', imports: '@engine/directory/link' },
  { rule: 'hosts-in-order', file: 'src-main/supervisor/reads-the-process.ts', imports: '@main/engine-process/index' },
  // The gateway's sub-rooms: an inner file past its face, a sub-room above, the gateway's front, from outside.
  {
    rule: 'gateway-sub-room-face',
    file: 'src-main/engine/gateway/routing/reads-inside.ts',
    imports: '../keys/app-keys',
  },
  { rule: 'gateway-sub-room-face', file: 'src-main/engine/gateway/front.ts', imports: './routing/task-route' },
  { rule: 'gateway-sub-room-order', file: 'src-main/engine/gateway/keys/reads-up.ts', imports: '../routing' },
  { rule: 'gateway-sub-room-order', file: 'src-main/engine/gateway/keys/reads-the-front.ts', imports: '../service' },
  { rule: 'room-face', file: 'src-main/engine/node/reads-a-sub-room.ts', imports: '@engine/gateway/routing' },
  // A page leaning on another page's folder, as Pricing did on the Earnings page's energy card.
  {
    rule: 'page-imports-no-page',
    file: 'src-renderer/src/pages/pricing/page.ts',
    imports: '@renderer/pages/earnings/card',
  },
  { rule: 'page-imports-no-page', file: 'src-renderer/src/pages/settings/form.ts', imports: '../setup/logic' },
  {
    rule: 'page-imports-no-page',
    file: 'src-renderer/src/components/uses-a-page.ts',
    imports: '@renderer/pages/earnings/card',
  },
];

function write(root: string, file: string, text: string): void {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
}

/** A tree with this project's layout, aliases and lint config, and nothing that breaks a rule. */
function cleanTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iicp-imports-'));
  cpSync(join(ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  cpSync(join(ROOT, 'tsconfig.base.json'), join(dir, 'tsconfig.base.json'));
  write(dir, 'tsconfig.json', JSON.stringify({ extends: './tsconfig.base.json', include: ['src-*/**/*'] }));
  write(dir, 'node_modules/electron/package.json', JSON.stringify({ name: 'electron', main: 'index.js' }));
  write(dir, 'node_modules/electron/index.js', 'module.exports = {};\n');
  write(dir, 'src-shared/contract.ts', 'export const API_VERSION = 1;\n');
  // The engine's rooms, each leaning only on rooms listed before it, and the front door at the root.
  write(
    dir,
    'src-main/engine/earnings/books.ts',
    "import { API_VERSION } from '@shared/contract';\nexport const b = API_VERSION;\n",
  );
  write(dir, 'src-main/engine/earnings/index.ts', "export { b } from './books';\n");
  write(dir, 'src-main/engine/relay/pull.ts', 'export const p = 1;\n');
  write(dir, 'src-main/engine/directory/link.ts', 'export const l = 1;\n');
  write(dir, 'src-main/engine/directory/index.ts', "export { l } from './link';\n");
  write(dir, 'src-main/engine/verification/check.ts', "import { l } from '@engine/directory';\nexport const c = l;\n");
  write(dir, 'src-main/engine/verification/index.ts', "export { c } from './check';\n");
  write(dir, 'src-main/engine/marketplace/keys.ts', 'export const k = 1;\n');
  // The gateway's sub-rooms, each leaning only on those below it through their face; the front composes them.
  write(dir, 'src-main/engine/gateway/keys/app-keys.ts', 'export const key = 1;\n');
  write(dir, 'src-main/engine/gateway/keys/index.ts', "export { key } from './app-keys';\n");
  write(
    dir,
    'src-main/engine/gateway/routing/task-route.ts',
    "import { key } from '../keys';\nexport const route = key;\n",
  );
  write(dir, 'src-main/engine/gateway/routing/index.ts', "export { route } from './task-route';\n");
  write(dir, 'src-main/engine/gateway/service.ts', "import { route } from './routing';\nexport const g = route;\n");
  write(dir, 'src-main/engine/gateway/index.ts', "export { g } from './service';\n");
  // A room's own files reach each other directly; other rooms and the hosts go through its face, index.ts.
  write(
    dir,
    'src-main/engine/node/node.ts',
    "import { b } from '@engine/earnings';\nimport { c } from '@engine/verification';\nexport const v = b + c;\n",
  );
  write(dir, 'src-main/engine/node/index.ts', "export { v } from './node';\n");
  write(dir, 'src-main/engine/index.ts', "export { v } from './node';\n");
  write(dir, 'src-main/engine-process/index.ts', "import { v } from '@engine/index';\nexport const e = v;\n");
  write(dir, 'src-main/headless/host.ts', "import { v } from '@engine/index';\nexport const h = v;\n");
  write(dir, 'src-main/app/window.ts', "import 'electron';\nimport { v } from '@engine/index';\nexport const w = v;\n");
  write(
    dir,
    'src-preload/index.ts',
    "import 'electron';\nimport { API_VERSION } from '@shared/contract';\nexport const p = API_VERSION;\n",
  );
  write(
    dir,
    'src-renderer/src/page.ts',
    "import { API_VERSION } from '@shared/contract';\nexport const r = API_VERSION;\n",
  );
  // Pages: each folder leans on itself and the shared parts; only the route table opens a page folder.
  write(dir, 'src-renderer/src/components/part.ts', "import { r } from '../page';\nexport const part = r;\n");
  write(dir, 'src-renderer/src/pages/earnings/words.ts', 'export const w = 1;\n');
  write(
    dir,
    'src-renderer/src/pages/earnings/card.ts',
    "import { w } from './words';\nimport { part } from '@renderer/components/part';\nexport const card = w + part;\n",
  );
  write(dir, 'src-renderer/src/pages/setup/logic.ts', 'export const l = 1;\n');
  write(
    dir,
    'src-renderer/src/pages/RoutePage.ts',
    "import { card } from './earnings/card';\nimport { l } from './setup/logic';\nexport const pages = card + l;\n",
  );
  return dir;
}

describe('import boundaries (npm run lint)', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('the lint script runs the import check', () => {
    expect(pkg.scripts.lint).toContain('npm run --silent lint:imports');
  });

  it('a tree that keeps the rules passes', () => {
    const dir = cleanTree();
    dirs.push(dir);
    const r = lintImports(dir);
    expect(r.output).toContain('no dependency violations found');
    expect(r.status).toBe(0);
  });

  describe('each rule fails the lint', () => {
    let out = '';
    let status: number | null = null;
    beforeAll(() => {
      const dir = cleanTree();
      dirs.push(dir);
      for (const c of CASES) write(dir, c.file, `import '${c.imports}';\nexport const broken = true;\n`);
      // A cycle: two engine modules that import each other (types only still count).
      write(dir, 'src-main/engine/first.ts', "import type { B } from './second';\nexport type A = { b?: B };\n");
      write(dir, 'src-main/engine/second.ts', "import type { A } from './first';\nexport type B = { a?: A };\n");
      ({ output: out, status } = lintImports(dir));
    }, 90_000);

    it('exits with an error', () => {
      expect(status).not.toBe(0);
    });

    it.each(CASES)('$rule: $file importing $imports', ({ rule, file }) => {
      expect(out).toMatch(new RegExp(`error ${rule}: ${file.replace(/[.]/g, '\\.')} →`));
    });

    it('no-circular: two modules that import each other', () => {
      expect(out).toMatch(/error no-circular: src-main\/engine\/(first|second)\.ts →/);
    });
  });

  it('the project itself has no violation', () => {
    const r = lintImports(ROOT);
    expect(r.output).toContain('no dependency violations found');
    expect(r.status).toBe(0);
  }, 90_000);
});
