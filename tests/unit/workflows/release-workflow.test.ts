/**
 * The release workflow (.github/workflows/release.yml) runs only on GitHub, so what it must do is checked here: it
 * parses, builds and smoke-tests on the three OSes, uploads what electron-builder.yml makes, publishes only from a
 * tag and only after every OS passed, and its smoke-test build differs from the installers in the inspect fuse
 * alone. The smoke test's locator is checked against the folders that build leaves.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import vitestConfig from '../../../vitest.config';
import {
  appNames,
  DIST_DIR,
  findDesktopApp,
  packagedExecutable,
  SCREENSHOT_DIR,
  SMOKE_BUILD_DIR,
} from '../../desktop/packaged-app';
import { tempDir } from '../../support/tmp';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const WORKFLOW = join(ROOT, '.github', 'workflows', 'release.yml');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  'working-directory'?: string;
}
interface Job {
  'runs-on': string;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix: { os: string[] } };
  defaults?: { run?: { shell?: string } };
  steps: Step[];
}
interface Workflow {
  on: { push?: { tags?: string[] }; workflow_dispatch?: unknown };
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

function loadWorkflow(): Workflow {
  const doc = parseDocument(readFileSync(WORKFLOW, 'utf8'), { uniqueKeys: true });
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  return doc.toJS() as Workflow;
}

const workflow = loadWorkflow();
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
};
const builderYml = parseDocument(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')).toJS() as {
  win: { target: string[] };
  mac: { target: string[] };
  linux: { target: string[] };
  publish?: { releaseType?: string } | { releaseType?: string }[];
};

const build = workflow.jobs.build!;
const publish = workflow.jobs.publish!;
const runs = (job: Job) => job.steps.filter((s) => typeof s.run === 'string');
/** Index of the first step whose command matches, failing the test when there is none. */
function stepIndex(job: Job, pattern: RegExp): number {
  const i = job.steps.findIndex((s) => typeof s.run === 'string' && pattern.test(s.run));
  expect(i, `a step running ${pattern}`).toBeGreaterThanOrEqual(0);
  return i;
}
const stepAt = (i: number) => build.steps[i]!;

describe('release workflow: triggers, jobs and permissions', () => {
  it('runs for v* tags and by hand', () => {
    expect(workflow.on.push?.tags).toEqual(['v*']);
    expect(workflow.on).toHaveProperty('workflow_dispatch');
  });

  it('builds on Ubuntu, macOS and Windows, letting each OS finish when another fails', () => {
    expect(build.strategy?.matrix.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest']);
    expect(build['runs-on']).toBe('${{ matrix.os }}');
    expect(build.strategy).toMatchObject({ 'fail-fast': false });
    // PowerShell would split electron-builder's -c.a.b=value arguments.
    expect(build.defaults?.run?.shell).toBe('bash');
  });

  it('can write to the repository only in the publish job, which runs for tags after every build passed', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const writers = Object.entries(workflow.jobs).filter(([, job]) =>
      Object.values(job.permissions ?? {}).includes('write'),
    );
    expect(writers.map(([name]) => name)).toEqual(['publish']);
    expect(publish.permissions).toEqual({ contents: 'write' });
    expect(publish.needs).toBe('build');
    expect(publish.if).toBe("startsWith(github.ref, 'refs/tags/v')");
    // Nothing in the build job (dependencies' install scripts, the app under test) sees a token.
    expect(JSON.stringify(build)).not.toMatch(/secrets\.|GH_TOKEN|GITHUB_TOKEN/);
    const checkout = build.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with).toMatchObject({ 'persist-credentials': false });
  });
});

describe('release workflow: the build job', () => {
  it('checks out, sets up Node 22 with the npm cache, then installs with npm ci', () => {
    const uses = build.steps.map((s) => s.uses?.split('@')[0]).filter(Boolean);
    expect(uses.slice(0, 2)).toEqual(['actions/checkout', 'actions/setup-node']);
    const node = build.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(node?.with).toMatchObject({ 'node-version': 22, cache: 'npm' });
    expect(stepIndex(build, /^npm ci$/)).toBeGreaterThan(build.steps.indexOf(node!));
  });

  it('runs the unit tests, builds the installers, builds the smoke-test app, smoke-tests it, then uploads, in that order', () => {
    const order = [
      stepIndex(build, /^npm ci$/),
      stepIndex(build, /vitest run --project unit\b/),
      stepIndex(build, /^npm run dist\b/),
      stepIndex(build, /electron-builder .*--dir\b/),
      stepIndex(build, /vitest run --project desktop\b/),
      build.steps.findIndex((s) => s.name === 'Upload the installers'),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('checks that a tag names the version in package.json before building anything', () => {
    const i = build.steps.findIndex((s) => s.if === "startsWith(github.ref, 'refs/tags/v')");
    expect(i).toBeGreaterThanOrEqual(0);
    expect(i).toBeLessThan(stepIndex(build, /^npm ci$/));
    expect(stepAt(i).run).toContain("require('./package.json').version");
    expect(stepAt(i).run).toContain('$GITHUB_REF_NAME');
  });

  it('never publishes from the build job', () => {
    const builderRuns = runs(build).filter((s) => /electron-builder|npm run dist/.test(s.run!));
    expect(builderRuns.length).toBeGreaterThanOrEqual(2);
    // `npm run dist` says --publish never in its script; a direct electron-builder call says it itself.
    expect(pkg.scripts.dist).toMatch(/electron-builder .*--publish never\b/);
    for (const s of builderRuns) expect(s.run === 'npm run dist' || /--publish never\b/.test(s.run!), s.run).toBe(true);
  });

  it('runs the desktop smoke test under Xvfb on Linux, without it elsewhere, and requires an app to test', () => {
    const smoke = runs(build).filter((s) => /vitest run --project desktop\b/.test(s.run!));
    expect(smoke.map((s) => s.if).sort()).toEqual(["runner.os != 'Linux'", "runner.os == 'Linux'"]);
    const linux = smoke.find((s) => s.if === "runner.os == 'Linux'")!;
    const other = smoke.find((s) => s.if === "runner.os != 'Linux'")!;
    expect(linux.run).toMatch(/^xvfb-run -a npx vitest run --project desktop$/);
    expect(other.run).toBe('npx vitest run --project desktop');
    for (const s of smoke) expect(s.env).toEqual({ IICP_DESKTOP_SMOKE: 'required' });
    const xvfb = build.steps.findIndex(
      (s) => s.if === "runner.os == 'Linux'" && /apt-get install .*\bxvfb\b/.test(s.run ?? ''),
    );
    expect(xvfb).toBeGreaterThanOrEqual(0);
    expect(xvfb).toBeLessThan(build.steps.indexOf(linux));
  });

  it('names only vitest projects, npm scripts and tools that exist, and the smoke test is where its project looks', () => {
    const projects = (vitestConfig.test?.projects ?? []).map((p) =>
      typeof p === 'object' && p !== null && 'test' in p ? p.test?.name : undefined,
    );
    const commands = runs(build).map((s) => s.run!);
    for (const cmd of commands) {
      for (const [, project] of cmd.matchAll(/--project (\S+)/g))
        expect(projects, `vitest project ${project}`).toContain(project);
      for (const [, script] of cmd.matchAll(/npm run (\S+)/g))
        expect(pkg.scripts, `npm script ${script}`).toHaveProperty([script!]);
      for (const [, bin] of cmd.matchAll(/\bnpx (\S+)/g))
        expect(pkg.devDependencies, `npx ${bin}`).toHaveProperty([bin!]);
    }
    const desktop = vitestConfig.test?.projects?.find(
      (p) => typeof p === 'object' && p !== null && 'test' in p && p.test?.name === 'desktop',
    ) as { test: { include: string[] } } | undefined;
    expect(desktop?.test.include).toEqual(['tests/desktop/**/*.test.ts']);
    expect(existsSync(join(ROOT, 'tests', 'desktop', 'smoke.test.ts'))).toBe(true);
  });

  it('uploads every kind of installer electron-builder.yml makes, the update manifests, and the screenshots', () => {
    const upload = build.steps.find((s) => s.name === 'Upload the installers')!;
    expect(upload.uses).toMatch(/^actions\/upload-artifact@/);
    expect(upload.with).toMatchObject({ name: 'installers-${{ matrix.os }}', 'if-no-files-found': 'error' });
    const paths = String(upload.with?.path).trim().split('\n');
    const extension: Record<string, string> = { nsis: 'exe', dmg: 'dmg', zip: 'zip', AppImage: 'AppImage', deb: 'deb' };
    const targets = [...builderYml.win.target, ...builderYml.mac.target, ...builderYml.linux.target];
    for (const target of targets) {
      expect(extension, `an extension for the ${target} target`).toHaveProperty([target]);
      expect(paths).toContain(`${DIST_DIR}/*.${extension[target]}`);
    }
    expect(paths).toContain(`${DIST_DIR}/latest*.yml`);
    // Differential updates download <file>.blockmap next to each updatable installer.
    for (const ext of ['exe', 'dmg', 'zip']) expect(paths).toContain(`${DIST_DIR}/*.${ext}.blockmap`);

    const shots = build.steps.find((s) => s.name === "Upload the smoke test's screenshots")!;
    expect(shots.if).toBe('always()');
    expect(shots.with).toMatchObject({ path: `${SCREENSHOT_DIR}/` });
  });
});

describe('release workflow: the publish job', () => {
  it('publishes the installers every OS uploaded, from the tag, as electron-builder.yml says (draft or not)', () => {
    const download = publish.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'));
    expect(download?.with).toMatchObject({ pattern: 'installers-*', path: DIST_DIR, 'merge-multiple': true });
    const create = publish.steps.find((s) => /gh release create/.test(s.run ?? ''))!;
    expect(create.env).toEqual({ GH_TOKEN: '${{ secrets.GITHUB_TOKEN }}' });
    expect(create.run).toContain('"$GITHUB_REF_NAME"');
    expect(create.run).toContain('--verify-tag');
    expect(create.run).toMatch(new RegExp(`${DIST_DIR}/\\*$`));
    const config = Array.isArray(builderYml.publish) ? builderYml.publish[0] : builderYml.publish;
    expect(create.run!.includes('--draft')).toBe(config?.releaseType === 'draft');
  });

  const renameStep = () => publish.steps.find((s) => s.name === 'Name the files as the update manifests do')!;
  /** Runs that step's script in a folder holding `files`, as the job does in release/. */
  const runRename = (files: Record<string, string>) => {
    const t = tempDir('iicp-release-files-');
    try {
      for (const [name, content] of Object.entries(files)) writeFileSync(join(t.dir, name), content);
      const r = spawnSync('bash', ['-e', '-c', renameStep().run!], { cwd: t.dir, encoding: 'utf8' });
      return { status: r.status, out: `${r.stdout}${r.stderr}`, files: readdirSync(t.dir).sort() };
    } finally {
      t.cleanup();
    }
  };

  it.runIf(process.platform !== 'win32')(
    'uploads files under the names latest*.yml gives them (spaces become dashes)',
    () => {
      const ok = runRename({
        'IICP Provider Setup 0.1.0.exe': 'x',
        'IICP Provider Setup 0.1.0.exe.blockmap': 'x',
        'iicp-provider_0.1.0_amd64.deb': 'x',
        'latest.yml':
          'version: 0.1.0\nfiles:\n  - url: IICP-Provider-Setup-0.1.0.exe\n    sha512: abc\npath: IICP-Provider-Setup-0.1.0.exe\n',
      });
      expect(ok.status, ok.out).toBe(0);
      expect(ok.files).toEqual([
        'IICP-Provider-Setup-0.1.0.exe',
        'IICP-Provider-Setup-0.1.0.exe.blockmap',
        'iicp-provider_0.1.0_amd64.deb',
        'latest.yml',
      ]);
    },
  );

  it.runIf(process.platform !== 'win32')('refuses to publish when a manifest names a file that is not there', () => {
    const bad = runRename({
      'IICP Provider-0.1.0.AppImage': 'x',
      'latest-linux.yml':
        'version: 0.1.0\nfiles:\n  - url: IICP.Provider-0.1.0.AppImage\npath: IICP.Provider-0.1.0.AppImage\n',
    });
    expect(bad.status).not.toBe(0);
    expect(bad.out).toContain('latest*.yml names IICP.Provider-0.1.0.AppImage');
  });
});

// ------------------------------------------------------------------------------------------------------------
// The smoke-test build, read exactly as electron-builder reads it
// ------------------------------------------------------------------------------------------------------------

const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
const appBuilderRequire = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
type Argv = Record<string, unknown> & { dir?: boolean; publish?: string };
const { configureBuildCommand, normalizeOptions } = builderRequire('./out/builder.js') as {
  configureBuildCommand(yargs: unknown): { parseSync(): Argv };
  normalizeOptions(argv: Argv): { config?: unknown; publish?: string };
};
const yargs = builderRequire('yargs') as (args: string[]) => unknown;
const { getConfig, validateConfiguration } = appBuilderRequire('./out/util/config/config.js') as {
  getConfig(
    projectDir: string,
    configPath: string | null,
    configFromOptions: unknown,
  ): Promise<Record<string, unknown>>;
  validateConfiguration(
    config: unknown,
    debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void },
  ): Promise<void>;
};

/** The configuration electron-builder builds with for these command-line arguments (its CLI parser and loader). */
async function effectiveConfig(
  args: string[],
): Promise<{ argv: Argv; publish?: string; config: Record<string, unknown> }> {
  const argv = configureBuildCommand(yargs(args)).parseSync();
  const options = normalizeOptions(argv);
  // What electron-builder's Packager does with options.config before loading.
  let configPath: string | null = null;
  let fromOptions = options.config as (Record<string, unknown> & { extends?: string }) | string | null | undefined;
  if (typeof fromOptions === 'string') {
    configPath = fromOptions;
    fromOptions = null;
  } else if (fromOptions && typeof fromOptions.extends === 'string' && fromOptions.extends.includes('.')) {
    configPath = fromOptions.extends;
    delete fromOptions.extends;
  }
  const config = await getConfig(ROOT, configPath, fromOptions ?? null);
  await validateConfiguration(config, { isEnabled: false, add: () => undefined });
  return { argv, publish: options.publish, config };
}

/**
 * The electron-builder arguments of a command: after `electron-builder`, or the dist script's plus those after `--`.
 */
function builderArgs(command: string): string[] {
  expect(command).not.toMatch(/["']/); // split on blanks below
  const words = command.trim().split(/\s+/);
  if (words[0] === 'npm') {
    expect(words.slice(0, 3)).toEqual(['npm', 'run', 'dist']);
    const script = pkg.scripts.dist!.split('&&').at(-1)!.trim().split(/\s+/);
    expect(script[0]).toBe('electron-builder');
    return [...script.slice(1), ...words.slice(words.indexOf('--') + 1)];
  }
  const at = words.indexOf('electron-builder');
  expect(at).toBeGreaterThanOrEqual(0);
  return words.slice(at + 1);
}

/** Dotted paths whose values differ between two plain objects. */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) =>
      differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k),
    );
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
}

describe('release workflow: the smoke-test build', () => {
  it('is the installers build with the inspect fuse on (and an ad-hoc macOS signature after the flip), unpacked into release/smoke', async () => {
    const installers = await effectiveConfig(builderArgs(build.steps[stepIndex(build, /^npm run dist\b/)]!.run!));
    const smoke = await effectiveConfig(builderArgs(build.steps[stepIndex(build, /electron-builder .*--dir\b/)]!.run!));

    expect(installers.publish).toBe('never');
    expect(smoke.publish).toBe('never');
    expect(installers.argv.dir).toBeFalsy();
    expect(smoke.argv.dir).toBe(true);

    // The installers keep the fuses as configured; the shipped app cannot be attached to.
    expect(installers.config.electronFuses).toMatchObject({
      enableNodeCliInspectArguments: false,
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
    });
    expect(smoke.config.electronFuses).toMatchObject({
      enableNodeCliInspectArguments: true,
      resetAdHocDarwinSignature: true,
    });
    expect(smoke.config.directories).toMatchObject({ output: SMOKE_BUILD_DIR });
    // The ad-hoc macOS signature after the flip is in the shipped configuration too (an arm64 Mac refuses the app
    // without).
    expect(installers.config.electronFuses).toMatchObject({ resetAdHocDarwinSignature: true });
    expect(differences(installers.config, smoke.config).sort()).toEqual([
      'directories.output',
      'electronFuses.enableNodeCliInspectArguments',
    ]);
  });
});

// ------------------------------------------------------------------------------------------------------------
// The smoke test's locator, against the folders electron-builder leaves
// ------------------------------------------------------------------------------------------------------------

const { getArchSuffix, archFromString } = appBuilderRequire('builder-util') as {
  getArchSuffix(arch: number, defaultArch?: string): string;
  archFromString(name: string): number;
};
const SENTINEL = appBuilderRequire('@electron/fuses/dist/constants').SENTINEL as string;

/** A stand-in Electron binary: some bytes, then the fuse wire (version 1, eight fuses, '1' = on), then more. */
function fakeElectron(path: string, inspectFuse: '0' | '1'): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const states = ['0', '1', '0', inspectFuse, '1', '1', '0', '1'].join('');
  writeFileSync(
    path,
    Buffer.concat([
      Buffer.alloc(64, 7),
      Buffer.from(SENTINEL),
      Buffer.from([1, 8]),
      Buffer.from(states),
      Buffer.alloc(64, 7),
    ]),
  );
}

describe('the smoke test finds the app the workflow builds', () => {
  const names = appNames(ROOT);

  it("looks where electron-builder unpacks the app for each OS and CPU, under the project's names", () => {
    expect(names).toEqual({ productName: 'IICP Provider', linuxExecutable: 'iicp-provider' });
    const out = join('r', 'smoke');
    for (const arch of ['x64', 'arm64']) {
      const suffix = getArchSuffix(archFromString(arch));
      expect(packagedExecutable(out, names, 'linux', arch)).toBe(join(out, `linux${suffix}-unpacked`, 'iicp-provider'));
      expect(packagedExecutable(out, names, 'win32', arch)).toBe(
        join(out, `win${suffix}-unpacked`, 'IICP Provider.exe'),
      );
      expect(packagedExecutable(out, names, 'darwin', arch)).toBe(
        join(out, `mac${suffix}`, 'IICP Provider.app', 'Contents', 'MacOS', 'IICP Provider'),
      );
    }
  });

  const project = () => {
    const t = tempDir('iicp-locator-');
    writeFileSync(join(t.dir, 'package.json'), JSON.stringify({ productName: names.productName }));
    writeFileSync(join(t.dir, 'electron-builder.yml'), `linux:\n  executableName: ${names.linuxExecutable}\n`);
    return t;
  };
  const find = (root: string, packagedOnly = false) =>
    findDesktopApp({ root, platform: 'linux', arch: 'x64', packagedOnly });

  it('says there is nothing to drive when there is no build and no Electron binary', async () => {
    const t = project();
    try {
      expect(await find(t.dir)).toEqual({
        ok: false,
        reason: 'no packaged app under release/ and no Electron binary (npm run dist builds one)',
      });
      expect(await find(t.dir, true)).toEqual({
        ok: false,
        reason: 'no packaged app under release/ (the release workflow builds one into release/smoke/)',
      });
    } finally {
      t.cleanup();
    }
  });

  it('drives the smoke-test build, whose inspect fuse is on, before a plain dist build', async () => {
    const t = project();
    try {
      const smoke = join(t.dir, SMOKE_BUILD_DIR, 'linux-unpacked', 'iicp-provider');
      fakeElectron(join(t.dir, DIST_DIR, 'linux-unpacked', 'iicp-provider'), '0');
      fakeElectron(smoke, '1');
      expect(await find(t.dir, true)).toEqual({ ok: true, app: { kind: 'packaged', executable: smoke, args: [] } });
    } finally {
      t.cleanup();
    }
  });

  it('explains a packaged app with the inspect fuse off instead of launching it into a timeout', async () => {
    const t = project();
    try {
      fakeElectron(join(t.dir, DIST_DIR, 'linux-unpacked', 'iicp-provider'), '0');
      const r = await find(t.dir, true);
      expect(r.ok).toBe(false);
      expect(r.ok ? '' : r.reason).toMatch(/release\/linux-unpacked\/iicp-provider\) has the --inspect fuse off/);
    } finally {
      t.cleanup();
    }
  });

  it('falls back to an installed development Electron with built bundles, except where only a packaged app will do', async () => {
    const t = project();
    try {
      const electronDir = join(t.dir, 'node_modules', 'electron');
      fakeElectron(join(electronDir, 'dist', 'electron'), '1');
      writeFileSync(join(electronDir, 'path.txt'), 'electron');
      expect(await find(t.dir)).toEqual({
        ok: false,
        reason: 'no packaged app under release/, and the bundles are not built (npx electron-vite build)',
      });
      mkdirSync(join(t.dir, 'out', 'main'), { recursive: true });
      writeFileSync(join(t.dir, 'out', 'main', 'app.js'), '');
      expect(await find(t.dir)).toEqual({
        ok: true,
        app: { kind: 'development', executable: join(electronDir, 'dist', 'electron'), args: [t.dir] },
      });
      expect((await find(t.dir, true)).ok).toBe(false);
    } finally {
      t.cleanup();
    }
  });
});
