import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, commandChannel } from '../../../src-preload/contract';
import { bootstrap, EXIT_STORE_UNUSABLE, type RunningApp } from '../../../src-main/app/bootstrap';
import { ProviderNode, type ProviderNodeOptions } from '../../../src-main/engine/provider-node';
import { databasePath } from '../../../src-main/engine/paths';
import { tempDir } from '../../support/tmp';
import { asElectron, FakeBrowserWindow, FakeEvent, fakeElectron, FakeNotification, FakeTray, settle, type FakeElectron } from './electron-fakes';

vi.mock('electron', () => {
  throw new Error('bootstrap must take Electron from its caller, not import it');
});

const APP_ROOT = '/opt/iicp-provider';
const APP_URL = pathToFileURL(join(APP_ROOT, 'out', 'renderer', 'index.html')).href;

describe('desktop app bootstrap', () => {
  let dir: string;
  let cleanup: () => void;
  let fakes: FakeElectron;
  let running: RunningApp | null;
  let created: ProviderNode[];

  const createNode = (options: ProviderNodeOptions) => {
    const node = new ProviderNode({ ...options, taskHost: '127.0.0.1', taskPort: 0 });
    created.push(node);
    return node;
  };
  const start = (argv: string[] = [], env: NodeJS.ProcessEnv = {}) =>
    bootstrap({ electron: asElectron(fakes), argv, env, createNode, platform: 'linux' });

  beforeEach(() => {
    ({ dir, cleanup } = tempDir('iicp-app-boot-'));
    fakes = fakeElectron(dir, APP_ROOT);
    running = null;
    created = [];
  });

  afterEach(async () => {
    for (const node of created) await node.stop();
    cleanup();
  });

  it('starts the engine in the userData folder and opens the window once painted', async () => {
    running = await start();
    expect(running).not.toBeNull();
    expect(created).toHaveLength(1);
    expect(running!.dataDir).toBe(dir);
    expect(running!.node.state).toBe('online');
    expect(existsSync(databasePath(dir))).toBe(true);
    expect(fakes.app.sandboxEnabled).toBe(true);
    expect(fakes.app.appUserModelId).toBeNull(); // Windows only

    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.loadedFile).toBe(join(APP_ROOT, 'out', 'renderer', 'index.html'));
    win.paint();
    expect(win.visible).toBe(true);
    expect(FakeTray.instances).toHaveLength(1);
    expect(FakeTray.instances[0]!.image).toBe(join(APP_ROOT, 'build', 'tray', 'tray-online.png'));
  });

  it('registers its app id on Windows, where notifications need it', async () => {
    running = await bootstrap({ electron: asElectron(fakes), argv: [], env: {}, createNode, platform: 'win32' });
    expect(fakes.app.appUserModelId).toBe('network.iicp.provider');
  });

  it('uses IICP_HOME for the data when it is set', async () => {
    const other = tempDir('iicp-app-home-');
    try {
      running = await start([], { IICP_HOME: other.dir });
      expect(running!.dataDir).toBe(other.dir);
      expect(existsSync(databasePath(other.dir))).toBe(true);
      expect(existsSync(databasePath(dir))).toBe(false);
      await running!.node.stop();
    } finally {
      other.cleanup();
    }
  });

  it('serves the contract over IPC to its own window only, and pushes snapshots to it', async () => {
    running = await start();
    expect([...fakes.ipcMain.handlers.keys()].sort()).toEqual(COMMAND_NAMES.map(commandChannel).sort());
    await expect(fakes.ipcMain.invoke(commandChannel('pause'), {}, APP_URL)).resolves.toMatchObject({ ok: true });
    expect(running!.node.state).toBe('paused');
    await expect(fakes.ipcMain.invoke(commandChannel('resume'), {}, 'https://evil.example/')).resolves.toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(running!.node.state).toBe('paused');
    await settle();
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.webContents.sent.some((m) => m.channel === 'iicp:evt:snapshot')).toBe(true);
  });

  it('hardens the session and every web contents', async () => {
    running = await start();
    const session = fakes.session.defaultSession;
    expect(session.headersListener).toBeTypeOf('function');
    const granted = vi.fn();
    session.permissionRequestHandler!({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(fakes.app.listenerCount('web-contents-created')).toBe(1);
  });

  describe('single instance', () => {
    it('quits at once when another instance holds the lock, without touching the data', async () => {
      fakes.app.hasLock = false;
      running = await start();
      expect(running).toBeNull();
      expect(fakes.app.quitCalls).toBe(1);
      expect(created).toHaveLength(0);
      expect(existsSync(databasePath(dir))).toBe(false);
      expect(FakeBrowserWindow.instances).toHaveLength(0);
      expect(FakeTray.instances).toHaveLength(0);
    });

    it('a second launch shows and focuses the existing window', async () => {
      running = await start();
      const win = FakeBrowserWindow.instances[0]!;
      win.paint();
      win.close(); // hidden to the tray
      win.focused = false;
      expect(win.visible).toBe(false);

      fakes.app.launchAgain();
      expect(FakeBrowserWindow.instances).toHaveLength(1);
      expect(win).toMatchObject({ visible: true, focused: true });

      win.minimize();
      fakes.app.launchAgain();
      expect(win).toMatchObject({ visible: true, minimized: false, focused: true });
    });
  });

  describe('starting in the tray', () => {
    it.each([
      ['with --hidden', ['--hidden'], false],
      ['at login', [], true],
    ])('opens no window %s, until asked', async (_label, argv, atLogin) => {
      fakes.app.loginItem.wasOpenedAtLogin = atLogin;
      running = await start(argv);
      expect(running!.node.state).toBe('online');
      expect(FakeTray.instances).toHaveLength(1);
      expect(FakeBrowserWindow.instances).toHaveLength(0);

      fakes.app.launchAgain();
      expect(FakeBrowserWindow.instances).toHaveLength(1);
      const win = FakeBrowserWindow.instances[0]!;
      win.paint();
      expect(win.visible).toBe(true);
    });

    it('opens the window from the tray menu', async () => {
      running = await start(['--hidden']);
      await FakeTray.instances[0]!.click('open');
      expect(FakeBrowserWindow.instances).toHaveLength(1);
    });
  });

  it('tells once, by notification, that closing the window keeps the node running', async () => {
    running = await start();
    const win = FakeBrowserWindow.instances[0]!;
    win.paint();
    win.close();
    fakes.app.launchAgain();
    win.close();
    expect(FakeNotification.shown).toHaveLength(1);
    expect(FakeNotification.shown[0]!.title).toBe('IICP Provider keeps running in the tray');
    expect(running!.node.state).toBe('online');
  });

  it('Quit in the tray stops the engine, then the app quits and the window really closes', async () => {
    running = await start();
    const win = FakeBrowserWindow.instances[0]!;
    await FakeTray.instances[0]!.click('quit');
    await vi.waitFor(() => expect(fakes.app.quitted).toBe(true));
    expect(running!.node.state).toBe('stopped');
    expect(fakes.app.exitCode).toBeNull();
    win.close(); // what Electron does to the windows once the quit goes ahead
    expect(win.destroyed).toBe(true);
  });

  it('a quit from the OS stops the engine before exiting', async () => {
    running = await start();
    const event = new FakeEvent();
    fakes.app.emit('before-quit', event);
    expect(event.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(fakes.app.exitCode).toBe(0));
    expect(running!.node.state).toBe('stopped');
  });

  describe('a database that cannot be opened', () => {
    it('shows the reason in an error dialog and exits with code 78, leaving nothing running', async () => {
      writeFileSync(databasePath(dir), 'this is not a SQLite database, it is a damaged file'.repeat(100));
      running = await start();
      expect(running).toBeNull();
      expect(fakes.dialog.errors).toHaveLength(1);
      expect(fakes.dialog.errors[0]!.content).toMatch(/damaged/);
      expect(fakes.dialog.errors[0]!.content).toContain(databasePath(dir));
      expect(fakes.dialog.errors[0]!.content).not.toMatch(/\n\s+at /); // no stack trace
      expect(fakes.app.exitCode).toBe(EXIT_STORE_UNUSABLE);
      expect(EXIT_STORE_UNUSABLE).toBe(78);
      expect(created[0]!.state).toBe('stopped');
      expect(FakeBrowserWindow.instances).toHaveLength(0);
      expect(FakeTray.instances).toHaveLength(0);
      expect(fakes.ipcMain.handlers.size).toBe(0);
    });

    it('exits with code 1 after an error dialog for any other start failure', async () => {
      const failing = (options: ProviderNodeOptions) => {
        const node = createNode(options);
        vi.spyOn(node, 'start').mockRejectedValue(new Error('port 9484 is taken'));
        return node;
      };
      running = await bootstrap({ electron: asElectron(fakes), argv: [], env: {}, createNode: failing, platform: 'linux' });
      expect(running).toBeNull();
      expect(fakes.dialog.errors).toEqual([{ title: 'IICP Provider could not start', content: 'port 9484 is taken' }]);
      expect(fakes.app.exitCode).toBe(1);
      expect(FakeBrowserWindow.instances).toHaveLength(0);
    });
  });
});
