/**
 * The files the packaged app needs at run time exist and are packed, and the packaging settings that matter are
 * what they must be: installers are built elsewhere, so a regression here must fail CI.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, matchesGlob } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { APP_ID, MAC_BUILDS_SIGNED } from '@main/app/bootstrap';
import { appPaths, TRAY_ICON_KINDS } from '@main/app/paths';

vi.mock('electron', () => {
  throw new Error('packaging facts must not need electron');
});

const ROOT = join(import.meta.dirname, '..', '..', '..');
const builderConfig = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');

/**
 * The YAML parser electron-builder itself reads this file with (app-builder-lib's config loader calls js-yaml's
 * `load`), resolved from app-builder-lib so the test parses it exactly as `npm run dist` does. It is not a direct
 * dependency of this project, and has no typings here: only `load` is used.
 */
const appBuilderLib = createRequire(import.meta.url).resolve('app-builder-lib/package.json');
const { load } = createRequire(appBuilderLib)('js-yaml') as { load(text: string): unknown };

interface PublishConfig {
  provider: string;
  owner?: string;
  repo?: string;
  releaseType?: string;
}
type Publish = PublishConfig | PublishConfig[] | null | undefined;

interface BuilderConfig {
  appId: string;
  publish?: Publish;
  directories: { output: string; buildResources: string };
  files: string[];
  asarUnpack: string[];
  asar?: boolean;
  npmRebuild: boolean;
  nodeGypRebuild: boolean;
  win: { target: string[]; icon: string; publish?: Publish };
  nsis: {
    oneClick: boolean;
    perMachine: boolean;
    selectPerMachineByDefault?: boolean;
    allowToChangeInstallationDirectory?: boolean;
    publish?: Publish;
  };
  mac: { target: string[]; icon: string; publish?: Publish };
  dmg?: { publish?: Publish };
  linux: { target: string[]; icon: string; executableName: string; publish?: Publish };
  deb: { depends: string[]; publish?: Publish };
  appImage?: { publish?: Publish };
  electronFuses?: Record<string, boolean>;
}
const config = load(builderConfig) as BuilderConfig;

/**
 * electron-builder's own check of a configuration against its schema (what `npm run dist` runs before packing),
 * from the installed app-builder-lib: a misspelt fuse name is refused there, not silently ignored.
 */
const { validateConfiguration } = createRequire(appBuilderLib)('./out/util/config/config.js') as {
  validateConfiguration(
    config: unknown,
    debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void },
  ): Promise<void>;
};
const validate = (c: unknown) => validateConfiguration(structuredClone(c), { isEnabled: false, add: () => undefined });

/**
 * The update feed electron-builder writes into a packaged app as app-update.yml (what electron-updater reads), from
 * the installed app-builder-lib's own function, given a stand-in for the platform packager with just what it reads.
 */
const requireBuilder = createRequire(appBuilderLib);
const { getAppUpdatePublishConfiguration } = requireBuilder('./out/publish/PublishManager.js') as {
  getAppUpdatePublishConfiguration(
    packager: unknown,
    targetOptions: null,
    arch: null,
    errorIfCannot: boolean,
  ): Promise<Record<string, unknown> | null>;
};
const { Platform } = requireBuilder('./out/core.js') as { Platform: Record<'WINDOWS' | 'MAC' | 'LINUX', unknown> };
function appUpdateYml(c: BuilderConfig, platform: 'win' | 'mac' | 'linux'): Promise<Record<string, unknown> | null> {
  const appInfo = { channel: null, updaterCacheDirName: 'iicp-provider-updater' };
  return getAppUpdatePublishConfiguration(
    {
      platform: { win: Platform.WINDOWS, mac: Platform.MAC, linux: Platform.LINUX }[platform],
      platformSpecificBuildOptions: c[platform],
      config: c,
      appInfo,
      info: { config: c, appInfo, repositoryInfo: Promise.resolve(null) },
      expandMacro: (value: string) => value,
      isForceCodeSigningVerification: false,
    },
    null,
    null,
    false,
  );
}

/** An icon path as electron-builder resolves it: relative to the build resources folder, else to the project. */
function iconPath(icon: string): string {
  if (isAbsolute(icon)) return icon;
  const inResources = join(ROOT, config.directories.buildResources, icon);
  return existsSync(inResources) ? inResources : join(ROOT, icon);
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): [number, number] {
  const data = readFileSync(path);
  expect(data.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [data.readUInt32BE(16), data.readUInt32BE(20)];
}

describe('packaging', () => {
  it('uses the same app id as the running app', () => {
    expect(builderConfig).toMatch(new RegExp(`^appId: ${APP_ID.replace(/\./g, '\\.')}$`, 'm'));
    expect(config.appId).toBe(APP_ID);
  });

  it('packs the icons the app loads at run time', () => {
    expect(builderConfig).toMatch(/^\s+- build\/tray\/\*\*$/m);
    expect(builderConfig).toMatch(/^\s+- build\/icon\.png$/m);
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json', 'build/tray/**', 'build/icon.png']));
  });

  it('has a tray icon, and a @2x one, for every state', () => {
    const paths = appPaths(ROOT);
    expect(TRAY_ICON_KINDS).toEqual(['online', 'paused', 'waiting', 'problem']);
    for (const kind of TRAY_ICON_KINDS) {
      const icon = paths.trayIcon(kind);
      expect(pngSize(icon)).toEqual([16, 16]);
      expect(pngSize(icon.replace(/\.png$/, '@2x.png'))).toEqual([32, 32]);
    }
  });

  it('has the app icon at 512×512 and the Linux icon set', () => {
    expect(pngSize(appPaths(ROOT).windowIcon)).toEqual([512, 512]);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(join(ROOT, 'build', 'icons', `${size}x${size}.png`))).toEqual([size, size]);
    }
    expect(existsSync(join(ROOT, 'build', 'icon.ico'))).toBe(true);
    expect(existsSync(join(ROOT, 'build', 'icon.icns'))).toBe(true);
  });
});

describe('packaging settings that matter (electron-builder.yml, parsed)', () => {
  it('Windows: an assisted NSIS installer that installs for the current user unless the person picks all users', () => {
    expect(config.win.target).toContain('nsis');
    // oneClick false + perMachine false = the install-mode page, with "only for me" selected by default
    // (selectPerMachineByDefault false); perMachine true would always install for all users (elevation).
    expect(config.nsis.oneClick).toBe(false);
    expect(config.nsis.perMachine).toBe(false);
    expect(config.nsis.selectPerMachineByDefault ?? false).toBe(false);
    expect(config.nsis.allowToChangeInstallationDirectory).toBe(true);
  });

  it('rebuilds nothing: better-sqlite3 ships N-API prebuilds, the same binary for Node and Electron', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
  });

  it('unpacks better-sqlite3 from the asar archive (a .node file cannot be loaded from inside it)', () => {
    expect(config.asar ?? true).toBe(true);
    // The package's own binaries (prebuilds/<platform>-<arch>.node), every one of them, and its loader.
    const pkg = join(ROOT, 'node_modules', 'better-sqlite3');
    const natives = readdirSync(join(pkg, 'prebuilds')).filter((f) => f.endsWith('.node'));
    expect(natives).toEqual(
      expect.arrayContaining(['win32-x64.node', 'darwin-arm64.node', 'darwin-x64.node', 'linux-x64.node']),
    );
    for (const file of [...natives.map((f) => `prebuilds/${f}`), 'lib/index.js', 'package.json']) {
      const inApp = `node_modules/better-sqlite3/${file}`;
      expect(
        config.asarUnpack.some((glob) => matchesGlob(inApp, glob)),
        inApp,
      ).toBe(true);
    }
  });

  it("has an icon on disk for every platform entry, in that platform's format", () => {
    const ico = readFileSync(iconPath(config.win.icon));
    expect(config.win.icon).toMatch(/\.ico$/);
    expect([...ico.subarray(0, 4)]).toEqual([0, 0, 1, 0]); // ICONDIR: reserved 0, type 1 (icon)
    expect(ico.readUInt16LE(4)).toBeGreaterThan(0);

    const icns = readFileSync(iconPath(config.mac.icon));
    expect(config.mac.icon).toMatch(/\.icns$/);
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);

    // Linux: a folder of <size>x<size>.png, including the 512 px one the stores want.
    const dir = iconPath(config.linux.icon);
    expect(statSync(dir).isDirectory()).toBe(true);
    const pngs = readdirSync(dir).filter((f) => /^\d+x\d+\.png$/.test(f));
    expect(pngs).toEqual(
      expect.arrayContaining([
        '16x16.png',
        '32x32.png',
        '48x48.png',
        '64x64.png',
        '128x128.png',
        '256x256.png',
        '512x512.png',
      ]),
    );
    for (const f of pngs) {
      const size = Number(f.split('x')[0]);
      expect(pngSize(join(dir, f)), f).toEqual([size, size]);
    }
  });

  it('Linux: builds a .deb that declares the AppIndicator library the tray icon needs', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['deb', 'AppImage']));
    expect(config.linux.executableName).toBe('iicp-provider');
    const tray = config.deb.depends.filter((d) => /^lib(ayatana-)?appindicator3-1\b/.test(d));
    expect(tray).toEqual(['libayatana-appindicator3-1']);
    // Electron's own runtime libraries stay declared too.
    expect(config.deb.depends).toEqual(
      expect.arrayContaining(['libgtk-3-0', 'libnss3', 'libnotify4', 'libxss1', 'libxtst6']),
    );
  });

  it('writes installers outside the sources and takes build resources from build/', () => {
    expect(config.directories).toEqual({ output: 'release', buildResources: 'build' });
  });
});

describe('updates: the feed electron-updater reads', () => {
  const FEED = { provider: 'github', owner: 'iicp-network', repo: 'iicp-provider', releaseType: 'release' };

  it('publishes to the project’s GitHub releases, as full releases (not drafts or pre-releases)', () => {
    expect(config.publish).toEqual(FEED);
  });

  it('writes that feed into the app on every platform: no platform or installer switches it off', async () => {
    for (const platform of ['win', 'mac', 'linux'] as const) {
      expect(await appUpdateYml(config, platform), platform).toMatchObject(FEED);
    }
    for (const section of [
      config.win,
      config.nsis,
      config.mac,
      config.dmg,
      config.linux,
      config.deb,
      config.appImage,
    ]) {
      expect(section?.publish).not.toBeNull();
    }
    // What the check above would catch: `publish: null` anywhere means no app-update.yml, and an app that never
    // updates.
    expect(await appUpdateYml({ ...config, publish: null }, 'linux')).toBeNull();
    expect(await appUpdateYml({ ...config, win: { ...config.win, publish: null } }, 'win')).toBeNull();
  });

  it('builds what each platform’s updater downloads: NSIS on Windows, a zip beside the dmg on macOS, an AppImage on Linux', () => {
    expect(config.win.target).toContain('nsis');
    expect(config.mac.target).toEqual(expect.arrayContaining(['dmg', 'zip']));
    expect(config.linux.target).toContain('AppImage');
  });

  it('tells the app whether its Mac builds are signed: an unsigned one does not try to update itself', () => {
    const workflow = readFileSync(join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8');
    // A Developer ID comes from mac.identity or the CSC_LINK certificate in the release workflow.
    const signed = Boolean((config.mac as { identity?: string | null }).identity) || /\bCSC_LINK\b/.test(workflow);
    expect(MAC_BUILDS_SIGNED).toBe(signed);
  });

  it('ships electron-updater inside the app: electron-builder packs runtime dependencies only', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    expect(Object.keys(pkg.dependencies ?? {})).toContain('electron-updater');
    expect(Object.keys(pkg.devDependencies ?? {})).not.toContain('electron-updater');
  });
});

describe('Electron fuses (flipped in the packaged binary, so no environment or flag can undo them)', () => {
  it('is a configuration electron-builder accepts, and its check would catch a misspelt fuse', async () => {
    await expect(validate(config)).resolves.toBeUndefined();
    await expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } })).rejects.toThrow(
      /electronFuses/,
    );
  });

  it('turns off every way to run the packaged binary as a plain Node or to attach a debugger to it', () => {
    // Each of these lets any program that can start the app run its own code with the app's identity (its
    // keychain entries, its firewall rule, its code signature): ELECTRON_RUN_AS_NODE, NODE_OPTIONS /
    // NODE_EXTRA_CA_CERTS,
    // and --inspect or SIGUSR1.
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
    });
  });

  it('switches off nothing the app needs: no part of it that runs inside Electron forks itself or reads NODE_OPTIONS', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
      );
    // The headless host forks the engine with child_process (fork-launcher.ts); the desktop app never loads that file.
    const HEADLESS_ONLY = join(ROOT, 'src-main', 'supervisor', 'fork-launcher.ts');
    const inElectron = [
      ...['app', 'engine', 'engine-process', 'supervisor'].map((d) => join(ROOT, 'src-main', d)),
      join(ROOT, 'src-shared'),
    ]
      .flatMap((d) => sources(d))
      .filter((f) => f !== HEADLESS_ONLY);
    expect(inElectron.length).toBeGreaterThan(50);
    expect(inElectron.filter((f) => /fork-launcher/.test(readFileSync(f, 'utf8')))).toEqual([]);
    // Forking itself (child_process.fork, or spawning process.execPath) needs the RunAsNode fuse; starting another
    // program (cloudflared, tailscale: the tunnel rungs; the GPU driver's tools: the owner watcher; no shell) does
    // not, and those are the only spawns allowed.
    // Electron's utilityProcess.fork (the engine's own process) needs no fuse: it is Electron's, not Node's.
    const needs = inElectron.filter((f) =>
      /ELECTRON_RUN_AS_NODE|NODE_OPTIONS|NODE_EXTRA_CA_CERTS|(?<!utilityProcess\.)\bfork\(|spawn(Sync)?\(\s*process\.execPath|--inspect/.test(
        readFileSync(f, 'utf8'),
      ),
    );
    expect(needs).toEqual([]);
    const spawns = inElectron
      .filter((f) => /child_process/.test(readFileSync(f, 'utf8')))
      .map((f) => f.slice(ROOT.length + 1));
    expect(spawns.sort()).toEqual([
      'src-main/engine/nat/tunnels/cloudflared-process.ts',
      'src-main/engine/owner/nvidia-stream.ts',
      'src-main/engine/subprocess/kill-tree.ts',
      'src-main/engine/subprocess/run-program.ts',
    ]);
  });

  it('loads the app only from an app.asar whose integrity is checked, and encrypts cookies at rest', () => {
    expect(config.asar ?? true).toBe(true);
    expect(config.electronFuses).toMatchObject({
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });

  it('keeps file:// privileged exactly as long as the window loads its page from file://', () => {
    // With this fuse off Electron no longer serves file:// URLs from inside app.asar (nor lets a file:// page load
    // its module script): a window that loads its page with loadFile would stay blank. Once the page comes from a
    // custom protocol instead, this fails until the fuse goes off too.
    const loadsFromFile = /\.loadFile\(/.test(readFileSync(join(ROOT, 'src-main', 'app', 'window.ts'), 'utf8'));
    expect(config.electronFuses?.grantFileProtocolExtraPrivileges).toBe(loadsFromFile);
  });
});
