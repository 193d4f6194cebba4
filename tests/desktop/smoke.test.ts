/**
 * Desktop smoke test: the packaged app as a person gets it, driven by Playwright's `_electron`. On a fresh
 * data folder the window opens, the tray icon is there, the engine runs in its own child process and answers
 * `GET /iicp/health` on the task port, the tray menu's Available item switches the node off and on again, and
 * the tray's Quit ends the app with exit code 0 and leaves no process of it behind.
 *
 * Which binary: `_electron.launch` drives the main process through the Node inspector, which the shipped binaries
 * have fused off (electron-builder.yml `enableNodeCliInspectArguments: false`). The release workflow therefore
 * builds, next to the installers, an unpacked copy of the same commit and configuration with only that fuse on
 * (`release/smoke`, see .github/workflows/release.yml), and this test drives that copy. Reaching the window over
 * `--remote-debugging-port` and the tray through an environment-switched hook instead would have put a test switch
 * into the shipped binary; this way nothing in the installers changes for the test. packaged-app.ts finds the app
 * (and explains a fused one instead of launching it into a timeout).
 *
 * The tray menu is reached through a handle the main process sets when started with IICP_SMOKE_HOOKS=1:
 * `globalThis.__iicpSmoke = { tray }`, the shell's AppTray (src-main/app/tray.ts) with `menu()`, the menu last
 * given to the tray. Only code running in the main process can see it, so only the inspector can reach it.
 *
 * Where there is no app to drive (this machine: no packaged app, no Electron binary), everything up to the launch
 * still runs, and the test is skipped with one line saying why. With IICP_DESKTOP_SMOKE=required (the release
 * workflow) a missing app fails instead.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Menu, Tray } from 'electron';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSnapshot, ProviderApi } from '@shared/contract';
import { pidAlive } from '@engine/identity/instance-lock';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { findDesktopApp, SCREENSHOT_DIR, type DesktopApp } from './packaged-app';

const ROOT = join(import.meta.dirname, '..', '..');
const SHOTS = join(ROOT, SCREENSHOT_DIR);
const REQUIRED = process.env.IICP_DESKTOP_SMOKE === 'required';

/** What the main process exposes to this test (see the top of this file). */
interface SmokeHandle {
  tray: { readonly tray: Tray; menu(): Menu | null };
}
type WithHandle = typeof globalThis & { __iicpSmoke?: SmokeHandle };

interface SmokeRun {
  dataDir: string;
  taskPort: number;
  env: Record<string, string>;
  cleanup(): void;
}

/** A fresh data folder, a task port on loopback nobody uses, and the environment the app starts with. */
async function prepareRun(): Promise<SmokeRun> {
  const base = mkdtempSync(join(tmpdir(), 'iicp-desktop-smoke-'));
  const dataDir = join(base, 'data');
  const configHome = join(base, 'config');
  mkdirSync(dataDir);
  mkdirSync(configHome);
  const taskPort = await freePort();
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
  Object.assign(env, {
    IICP_HOME: dataDir,
    IICP_HOST: '127.0.0.1',
    IICP_PORT: String(taskPort),
    // Nothing may ask a router (a CI runner's or a developer's) for a port mapping.
    IICP_PORT_MAPPING: 'off',
    IICP_SMOKE_HOOKS: '1',
  });
  // Linux: Electron's own userData (single-instance lock, Chromium profile) and the autostart folder go to the
  // temporary folder too, so a running IICP Provider on the same account neither blocks the test nor is touched.
  if (process.platform === 'linux') env.XDG_CONFIG_HOME = configHome;
  return {
    dataDir,
    taskPort,
    env,
    cleanup: () => rmSync(base, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }),
  };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The engine's snapshot, as the window sees it through `window.provider`. */
function snapshotOf(page: Page): Promise<NodeSnapshot> {
  return page.evaluate(async () => {
    const result = await (globalThis as unknown as { provider: ProviderApi }).provider.getSnapshot({});
    if (!result.ok) throw new Error(`getSnapshot: ${result.error.code}`);
    return result.value;
  });
}

interface TrayState {
  destroyed: boolean;
  status: string;
  availableChecked: boolean | null;
}

// The functions passed to evaluate run in the app's main process: they may use only their arguments and globals.
function trayState(app: ElectronApplication): Promise<TrayState | null> {
  return app.evaluate(() => {
    const handle = (globalThis as WithHandle).__iicpSmoke;
    if (!handle) return null;
    const menu = handle.tray.menu();
    return {
      destroyed: handle.tray.tray.isDestroyed(),
      status: menu?.getMenuItemById('status')?.label ?? '',
      availableChecked: menu?.getMenuItemById('available')?.checked ?? null,
    };
  });
}

/** A click on a tray menu item, as the person's click would run it. */
function clickTrayItem(app: ElectronApplication, id: string): Promise<void> {
  return app.evaluate((_electron, itemId) => {
    const item = (globalThis as WithHandle).__iicpSmoke?.tray.menu()?.getMenuItemById(itemId);
    if (!item) throw new Error(`the tray menu has no "${itemId}" item`);
    item.click();
  }, id);
}

// Everything up to the launch runs wherever the test does: finding the app, the data folder, the port.
const found = await findDesktopApp({
  root: ROOT,
  platform: process.platform,
  arch: process.arch,
  packagedOnly: REQUIRED,
});
const run = await prepareRun();
if (!found.ok) {
  run.cleanup();
  if (!REQUIRED) console.log(`desktop smoke test skipped: ${found.reason}`);
}

describe.runIf(!found.ok && REQUIRED)('desktop smoke test (required here)', () => {
  it('has a packaged app to drive', () => {
    throw new Error(`IICP_DESKTOP_SMOKE=required, but ${found.ok ? '' : found.reason}`);
  });
});

describe.runIf(found.ok)('the packaged desktop app', () => {
  const target = found.ok ? found.app : (null as unknown as DesktopApp);
  let app: ElectronApplication;
  let page: Page;
  let enginePid = 0;

  beforeAll(async () => {
    app = await _electron.launch({
      executablePath: target.executable,
      args: target.args,
      env: run.env,
      cwd: ROOT,
      timeout: 90_000,
    });
    page = await app.firstWindow({ timeout: 60_000 });
  });

  afterAll(async () => {
    const proc = app?.process();
    if (proc && proc.exitCode === null && proc.signalCode === null) await app.close().catch(() => proc.kill());
    run.cleanup();
  });

  it('opens its window on the fresh data folder', async () => {
    await page.waitForLoadState('load');
    const windows = await eventually(async () => {
      const all = await app.evaluate(({ BrowserWindow }) =>
        BrowserWindow.getAllWindows().map((w) => ({ visible: w.isVisible() })),
      );
      expect(all).toEqual([{ visible: true }]);
      return all;
    }, 30_000);
    expect(windows).toHaveLength(1);
    const snapshot = await eventually(async () => {
      const s = await snapshotOf(page);
      expect(['online', 'paused', 'degraded']).toContain(s.state);
      return s;
    }, 30_000);
    expect(snapshot.host).toBe('electron');
    // The node keeps its data where IICP_HOME says, not in the account's usual folder.
    expect(existsSync(join(run.dataDir, 'provider.db'))).toBe(true);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'window.png') });
  });

  it('shows its tray icon, whose menu tells the node as the window does', async () => {
    const tray = await trayState(app);
    expect(tray, 'no test handle: the main process sets globalThis.__iicpSmoke when IICP_SMOKE_HOOKS=1').not.toBeNull();
    expect(tray?.destroyed).toBe(false);
    expect(tray?.status).not.toBe('');
    expect(tray?.availableChecked).toBe((await snapshotOf(page)).available);
  });

  it('runs the engine in one child process, which answers GET /iicp/health on the task port', async () => {
    const engines = await eventually(async () => {
      const list = await app.evaluate(({ app: electronApp }) =>
        electronApp
          .getAppMetrics()
          // The engine's utilityProcess carries its own service name (src-main/app/engine-launcher.ts).
          .filter((m) => m.type === 'Utility' && m.name === 'IICP Provider engine')
          .map((m) => m.pid),
      );
      expect(list).toHaveLength(1);
      return list;
    }, 30_000);
    enginePid = engines[0] ?? 0;
    // The app reports the same process as its engine.
    expect((await snapshotOf(page)).engineProcess).toMatchObject({ state: 'running', pid: enginePid });
    expect(enginePid).not.toBe(app.process().pid);
    expect(pidAlive(enginePid)).toBe(true);

    const health = await eventually(async () => {
      const res = await fetch(`http://127.0.0.1:${run.taskPort}/iicp/health`, { signal: AbortSignal.timeout(5_000) });
      expect(res.status).toBe(200);
      return (await res.json()) as Record<string, unknown>;
    }, 30_000);
    expect(health.status).toMatch(/^(ok|degraded)$/);
    expect(health.node_id).toEqual(expect.any(String));
  });

  it('switches availability off and on again from the tray menu', async () => {
    const before = (await snapshotOf(page)).available;

    await clickTrayItem(app, 'available');
    await eventually(async () => expect((await snapshotOf(page)).available).toBe(!before));
    await eventually(async () => expect((await trayState(app))?.availableChecked).toBe(!before));
    await page.screenshot({ path: join(SHOTS, 'after-tray-toggle.png') });

    await clickTrayItem(app, 'available');
    await eventually(async () => expect((await snapshotOf(page)).available).toBe(before));
    await eventually(async () => expect((await trayState(app))?.availableChecked).toBe(before));
  });

  it("quits from the tray menu with exit code 0, leaving none of the app's processes behind", async () => {
    const children = await app.evaluate(({ app: electronApp }) =>
      electronApp
        .getAppMetrics()
        .map((m) => m.pid)
        .filter((pid) => pid !== process.pid),
    );
    expect(children).toContain(enginePid);
    const proc = app.process();
    const exited = new Promise<number | null>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) resolve(proc.exitCode);
      else proc.once('exit', (code) => resolve(code));
    });

    // The app may be gone before the click's answer comes back.
    await clickTrayItem(app, 'quit').catch(() => undefined);
    expect(await within(exited, 60_000, 'the exit after Quit')).toBe(0);
    await eventually(() => expect(children.filter(pidAlive)).toEqual([]), 15_000);
  });
});
