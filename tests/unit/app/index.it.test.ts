/**
 * The real entry point, with `electron` and `electron-updater` replaced by fakes: it must hand Electron's modules
 * (the utilityProcess the engine runs in and the self-updater included) to bootstrap, honour the single-instance
 * lock, and stop the engine on quit.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningApp } from '@main/app/bootstrap';
import { databasePath } from '@engine/files/paths';
import { tempDir } from '../../support/tmp';
import {
  FakeBrowserWindow,
  FakeEvent,
  fakeElectron,
  FakeTray,
  reapUtilityProcesses,
  type FakeElectron,
} from './electron-fakes';

const current = vi.hoisted(() => ({ fakes: null as FakeElectron | null }));

// The mock module is created once per file; its exports read the current test's fakes.
vi.mock('electron', () => {
  const pick = <K extends keyof FakeElectron>(key: K): FakeElectron[K] => {
    if (!current.fakes) throw new Error('fakes not set up');
    return current.fakes[key];
  };
  return {
    get app() {
      return pick('app');
    },
    get BrowserWindow() {
      return pick('BrowserWindow');
    },
    get Tray() {
      return pick('Tray');
    },
    get Menu() {
      return pick('Menu');
    },
    get Notification() {
      return pick('Notification');
    },
    get ipcMain() {
      return pick('ipcMain');
    },
    get shell() {
      return pick('shell');
    },
    get session() {
      return pick('session');
    },
    get dialog() {
      return pick('dialog');
    },
    get safeStorage() {
      return pick('safeStorage');
    },
    get powerMonitor() {
      return pick('powerMonitor');
    },
    get utilityProcess() {
      return pick('utilityProcess');
    },
  };
});

// electron-updater's CommonJS default export, whose `autoUpdater` getter creates the updater on first read.
vi.mock('electron-updater', () => ({
  default: {
    get autoUpdater() {
      if (!current.fakes) throw new Error('fakes not set up');
      return current.fakes.updater;
    },
  },
}));

async function launch(): Promise<RunningApp | null> {
  vi.resetModules();
  const entry = await import('@main/app');
  return entry.ready;
}

describe('app entry (src-main/app/index.ts)', () => {
  let dir: string;
  let cleanup: () => void;

  beforeEach(() => {
    ({ dir, cleanup } = tempDir('iicp-app-entry-'));
    vi.stubEnv('IICP_HOME', dir);
    // Keep the task server on loopback with a free port, as a person would with IICP_HOST / IICP_PORT.
    vi.stubEnv('IICP_HOST', '127.0.0.1');
    vi.stubEnv('IICP_PORT', '0');
    current.fakes = fakeElectron('/nonexistent/userData', '/opt/iicp-provider');
  });

  afterEach(async () => {
    vi.unstubAllEnvs();
    expect(await reapUtilityProcesses()).toEqual([]);
    cleanup();
  });

  it('starts the engine in a utilityProcess, the window, the tray and the updater; a quit stops the engine before exiting', async () => {
    const fakes = current.fakes!;
    const running = await launch();
    expect(running).not.toBeNull();
    // The engine runs in the process Electron was asked for: the built engine inside the app.
    expect(fakes.utilityProcess.forked.map((c) => c.modulePath)).toEqual([
      join('/opt/iicp-provider', 'out', 'main', 'engine.js'),
    ]);
    const child = fakes.utilityProcess.latest();
    expect(running!.engine.getSnapshot()).toMatchObject({
      state: 'online',
      engineProcess: { state: 'running', pid: child.pid },
    });
    expect(existsSync(databasePath(dir))).toBe(true);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(FakeTray.instances).toHaveLength(1);
    // electron-updater's autoUpdater is the one the updater drives (it silences its console logging first).
    expect(fakes.updater.logger).toBeNull();
    expect(fakes.updater.listenerCount('update-downloaded')).toBe(1);
    expect(fakes.app.hardwareAcceleration).toBe('disabled before ready');

    fakes.app.quit(); // e.g. log-out, or SIGTERM
    await vi.waitFor(() => expect(fakes.app.exitCode).toBe(0), { timeout: 20_000 });
    expect(child.running).toBe(false);
    expect(child.exitCode).toBe(0);
  });

  it('quits without starting anything when another instance is running', async () => {
    const fakes = current.fakes!;
    fakes.app.hasLock = false;
    const running = await launch();
    expect(running).toBeNull();
    expect(fakes.app.quitCalls).toBe(1);
    expect(existsSync(databasePath(dir))).toBe(false);
    expect(fakes.utilityProcess.forked).toHaveLength(0);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('a second launch brings the running window forward', async () => {
    const fakes = current.fakes!;
    const running = await launch();
    const win = FakeBrowserWindow.instances[0]!;
    win.paint();
    win.close();
    expect(win.visible).toBe(false);
    fakes.app.launchAgain();
    expect(win.visible).toBe(true);
    fakes.app.emit('before-quit', new FakeEvent());
    await vi.waitFor(() => expect(fakes.app.exitCode).toBe(0), { timeout: 20_000 });
    expect(running!.engine.getSnapshot()).not.toBeNull();
    expect(fakes.utilityProcess.latest().running).toBe(false);
  });
});
