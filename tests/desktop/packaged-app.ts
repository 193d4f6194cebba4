/**
 * Finds the desktop app the smoke test can drive, or says in one sentence why there is none.
 *
 * Playwright's `_electron` attaches to the app's main process through the Node inspector (`--inspect=0`), which the
 * shipped binaries have fused off (electron-builder.yml: `enableNodeCliInspectArguments: false`). So a packaged app
 * is only usable when that fuse is on: the release workflow builds such an unpacked copy into `release/smoke`
 * (see .github/workflows/release.yml), and a plain `npm run dist` output is recognised and explained, not launched
 * into a timeout. On a developer's machine an installed Electron (`node_modules/electron/dist`) with the built
 * bundles (`npx electron-vite build`) also does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

/** Where the release workflow's smoke-test build goes (its electron-builder `-c.directories.output`). */
export const SMOKE_BUILD_DIR = 'release/smoke';
/** Where `npm run dist` puts the installers and their unpacked apps (electron-builder.yml `directories.output`). */
export const DIST_DIR = 'release';
/** Where the smoke test saves its screenshots (the release workflow uploads this folder). */
export const SCREENSHOT_DIR = 'test-artifacts/desktop';

export interface DesktopApp {
  kind: 'packaged' | 'development';
  executable: string;
  /** Arguments before Playwright's own: the app folder, for a development Electron. */
  args: string[];
}

export type FindResult = { ok: true; app: DesktopApp } | { ok: false; reason: string };

export interface AppNames {
  /** package.json `productName`: the .exe, the .app and its binary. */
  productName: string;
  /** electron-builder.yml `linux.executableName`. */
  linuxExecutable: string;
}

export function appNames(root: string): AppNames {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { productName: string };
  const builder = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as {
    linux: { executableName: string };
  };
  return { productName: pkg.productName, linuxExecutable: builder.linux.executableName };
}

/**
 * The executable of the unpacked app electron-builder leaves in `outputDir` for this OS and CPU: `linux-unpacked`,
 * `win-unpacked`, `mac`, with `-<arch>` for any CPU but x64 (electron-builder's default arch), e.g. `mac-arm64`.
 */
export function packagedExecutable(
  outputDir: string,
  names: AppNames,
  platform: NodeJS.Platform,
  arch: string,
): string | null {
  const suffix = arch === 'x64' ? '' : `-${arch}`;
  switch (platform) {
    case 'linux':
      return join(outputDir, `linux${suffix}-unpacked`, names.linuxExecutable);
    case 'win32':
      return join(outputDir, `win${suffix}-unpacked`, `${names.productName}.exe`);
    case 'darwin':
      return join(outputDir, `mac${suffix}`, `${names.productName}.app`, 'Contents', 'MacOS', names.productName);
    default:
      return null;
  }
}

/** The Electron binary `npm install` put in node_modules, when it did (it is downloaded, and may be missing). */
export function developmentElectron(root: string): string | null {
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

interface FuseModule {
  getCurrentFuseWire(pathToElectron: string): Promise<Record<string, unknown>>;
  FuseV1Options: { EnableNodeCliInspectArguments: number };
}

/** A fuse that is on: the byte '1' in the binary's fuse wire (@electron/fuses' FuseState.ENABLE, not exported). */
const FUSE_ENABLED = 0x31;

/**
 * Whether the binary lets a debugger attach to its main process (the EnableNodeCliInspectArguments fuse), read
 * with @electron/fuses: the library electron-builder flips the fuses with, resolved from app-builder-lib (it is
 * not a direct dependency). For a macOS app it reads the Electron Framework inside the bundle.
 */
export async function inspectFuseOn(executable: string): Promise<boolean> {
  const appBuilderLib = createRequire(import.meta.url).resolve('app-builder-lib/package.json');
  const fuses = createRequire(appBuilderLib)('@electron/fuses') as FuseModule;
  const wire = await fuses.getCurrentFuseWire(executable);
  return wire[fuses.FuseV1Options.EnableNodeCliInspectArguments] === FUSE_ENABLED;
}

export interface FindOptions {
  root: string;
  platform: NodeJS.Platform;
  arch: string;
  /** Only a packaged app will do (the release workflow): a development Electron is not what it ships. */
  packagedOnly: boolean;
}

/** The first usable app: the smoke-test build, a `npm run dist` build with the fuse on, a development Electron. */
export async function findDesktopApp(o: FindOptions): Promise<FindResult> {
  const names = appNames(o.root);
  const fused: string[] = [];
  for (const dir of [SMOKE_BUILD_DIR, DIST_DIR]) {
    const executable = packagedExecutable(join(o.root, dir), names, o.platform, o.arch);
    if (!executable || !existsSync(executable)) continue;
    if (await inspectFuseOn(executable)) return { ok: true, app: { kind: 'packaged', executable, args: [] } };
    fused.push(relative(o.root, executable).split('\\').join('/'));
  }
  const fusedNote = fused.length
    ? `the packaged app (${fused.join(', ')}) has the --inspect fuse off, which Playwright needs (the release workflow's smoke-test build into ${SMOKE_BUILD_DIR}/ leaves it on)`
    : null;
  if (o.packagedOnly) {
    return {
      ok: false,
      reason:
        fusedNote ?? `no packaged app under ${DIST_DIR}/ (the release workflow builds one into ${SMOKE_BUILD_DIR}/)`,
    };
  }
  const electron = developmentElectron(o.root);
  const bundle = join(o.root, 'out', 'main', 'app.js');
  if (electron && existsSync(bundle))
    return { ok: true, app: { kind: 'development', executable: electron, args: [o.root] } };
  if (fusedNote) return { ok: false, reason: `${fusedNote}, and no Electron binary in node_modules` };
  if (electron)
    return {
      ok: false,
      reason: 'no packaged app under release/, and the bundles are not built (npx electron-vite build)',
    };
  return { ok: false, reason: 'no packaged app under release/ and no Electron binary (npm run dist builds one)' };
}
