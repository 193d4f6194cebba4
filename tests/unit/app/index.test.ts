/**
 * The real entry point, with `electron` replaced by fakes: it must hand Electron's modules to bootstrap,
 * honour the single-instance lock, and stop the engine on quit.
 */
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningApp } from '../../../src-main/app/bootstrap';
import { databasePath } from '../../../src-main/engine/paths';
import { tempDir } from '../../support/tmp';
import { FakeBrowserWindow, FakeEvent, fakeElectron, FakeTray, type FakeElectron } from './electron-fakes';

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
  };
});

async function launch(): Promise<RunningApp | null> {
  vi.resetModules();
  const entry = await import('../../../src-main/app/index');
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

  afterEach(() => {
    vi.unstubAllEnvs();
    cleanup();
  });

  it('starts the engine, the window and the tray; a quit stops the engine before exiting', async () => {
    const fakes = current.fakes!;
    const running = await launch();
    expect(running).not.toBeNull();
    expect(running!.node.state).toBe('online');
    expect(existsSync(databasePath(dir))).toBe(true);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(FakeTray.instances).toHaveLength(1);

    fakes.app.quit(); // e.g. log-out, or SIGTERM
    await vi.waitFor(() => expect(fakes.app.exitCode).toBe(0));
    expect(running!.node.state).toBe('stopped');
  });

  it('quits without starting anything when another instance is running', async () => {
    const fakes = current.fakes!;
    fakes.app.hasLock = false;
    const running = await launch();
    expect(running).toBeNull();
    expect(fakes.app.quitCalls).toBe(1);
    expect(existsSync(databasePath(dir))).toBe(false);
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
    await vi.waitFor(() => expect(running!.node.state).toBe('stopped'));
  });
});
