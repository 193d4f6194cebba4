import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, commandChannel } from '../../../src-preload/contract';
import { bootstrap, EXIT_STORE_UNUSABLE, type RunningApp } from '../../../src-main/app/bootstrap';
import { ProviderNode, type ProviderNodeOptions } from '../../../src-main/engine/provider-node';
import { databasePath } from '../../../src-main/engine/paths';
import { startFakeBackend } from '../../support/backends';
import { startTestDirectory } from '../../support/directory';
import { eventually } from '../../support/eventually';
import { freePort } from '../../support/free-port';
import { tempDir } from '../../support/tmp';
import { asElectron, FakeBrowserWindow, FakeEvent, fakeElectron, FakeNotification, FakeTray, settle, type FakeElectron } from './electron-fakes';

vi.mock('electron', () => {
  throw new Error('bootstrap must take Electron from its caller, not import it');
});

const APP_ROOT = '/opt/iicp-provider';
const APP_URL = pathToFileURL(join(APP_ROOT, 'out', 'renderer', 'index.html')).href;
const EXEC_PATH = '/opt/IICP Provider/iicp-provider';

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
  const start = (argv: string[] = [], env: NodeJS.ProcessEnv = {}, platform: NodeJS.Platform = 'linux') =>
    bootstrap({ electron: asElectron(fakes), argv, env, createNode, platform, execPath: EXEC_PATH });

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
    // A fresh app serves nobody yet (setup not finished): the amber icon, not the green one.
    expect(FakeTray.instances[0]!.image).toBe(join(APP_ROOT, 'build', 'tray', 'tray-problem.png'));
    expect(FakeTray.instances[0]!.item('status').label).toBe('Setup is not finished');
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
  describe('start at login, with consent', () => {
    const xdgEnv = () => ({ XDG_CONFIG_HOME: join(dir, 'xdg') });
    const entry = () => join(dir, 'xdg', 'autostart', 'iicp-provider.desktop');
    const invoke = (command: 'completeSetup' | 'setStartAtLogin', request: unknown) => fakes.ipcMain.invoke(commandChannel(command), request, APP_URL);

    it('Linux: nothing at startup; the wizard choice writes the XDG entry, Settings removes it', async () => {
      running = await start([], xdgEnv());
      expect(existsSync(entry())).toBe(false);
      expect(existsSync(join(dir, 'xdg'))).toBe(false);

      await expect(invoke('completeSetup', { startAtLogin: true })).resolves.toMatchObject({ ok: true });
      expect(readFileSync(entry(), 'utf8')).toContain(`Exec="${EXEC_PATH}" ${APP_ROOT} --hidden\n`);
      expect(fakes.app.loginItemCalls).toEqual([]);

      await expect(invoke('setStartAtLogin', { enabled: false })).resolves.toMatchObject({ ok: true, value: { setup: { startAtLogin: false } } });
      expect(existsSync(entry())).toBe(false);
    });

    it('Windows: nothing at startup; each recorded choice sets the login item once, with --hidden', async () => {
      running = await start([], {}, 'win32');
      expect(fakes.app.loginItemCalls).toEqual([]);
      await invoke('completeSetup', { startAtLogin: false });
      await invoke('setStartAtLogin', { enabled: true });
      expect(fakes.app.loginItemCalls).toEqual([
        { openAtLogin: false, path: EXEC_PATH, args: [APP_ROOT, '--hidden'] },
        { openAtLogin: true, path: EXEC_PATH, args: [APP_ROOT, '--hidden'] },
      ]);
    });

    it.each(['linux', 'win32'] as const)('%s: a restart after an update never applies the recorded choice again', async (platform) => {
      running = await start([], xdgEnv(), platform);
      await invoke('completeSetup', { startAtLogin: true });
      expect(platform === 'linux' ? existsSync(entry()) : fakes.app.loginItemCalls.length === 1).toBe(true);
      await running!.node.stop();
      // The person then turned the login item off in the OS.
      rmSync(entry(), { force: true });

      fakes = fakeElectron(dir, APP_ROOT, '0.2.0');
      running = await start([], xdgEnv(), platform);
      expect(running!.node.getSnapshot()).toMatchObject({ appVersion: '0.2.0', setup: { completed: true, startAtLogin: true } });
      await settle();
      expect(fakes.app.loginItemCalls).toEqual([]);
      expect(existsSync(entry())).toBe(false);
    });
  });

  describe('power and sleep', () => {
    it('hands the engine the power source and idle time; power events make it look again at once', async () => {
      running = await start();
      const node = running!.node;
      const tray = FakeTray.instances[0]!;
      node.completeSetup(false);
      node.updateSettings({ onlyOnMains: true });
      expect(node.getSnapshot().availability.conditions).toMatchObject({ supported: true, onBattery: false, onlyOnMains: true });

      fakes.powerMonitor.onBattery = true;
      fakes.powerMonitor.emit('on-battery');
      await settle();
      expect(node.getSnapshot()).toMatchObject({ state: 'paused', available: true, availability: { reason: 'on_battery' } });
      expect(tray.item('status').label).toBe('On battery — waiting for mains power');
      expect(tray.image).toBe(join(APP_ROOT, 'build', 'tray', 'tray-waiting.png'));

      fakes.powerMonitor.onBattery = false;
      fakes.powerMonitor.emit('on-ac');
      await settle();
      expect(node.state).toBe('online');
      // Back on mains the rule no longer holds it back; what remains is the LLM server nobody chose.
      expect(tray.item('status').label).toBe('No LLM server chosen');
      expect(tray.image).toBe(join(APP_ROOT, 'build', 'tray', 'tray-problem.png'));

      node.updateSettings({ onlyOnMains: false, idleMinutes: 5 });
      fakes.powerMonitor.idleSeconds = 30;
      fakes.powerMonitor.emit('resume');
      await settle();
      expect(node.getSnapshot()).toMatchObject({ state: 'paused', availability: { reason: 'in_use', conditions: { idleSeconds: 30 } } });
      fakes.powerMonitor.idleSeconds = 301;
      fakes.powerMonitor.emit('resume');
      await settle();
      expect(node.state).toBe('online');
    });

    it('an OS that cannot say does not block the node', async () => {
      fakes.powerMonitor.error = new Error('powerMonitor is not available');
      running = await start();
      running!.node.updateSettings({ onlyOnMains: true, idleMinutes: 5 });
      expect(running!.node.getSnapshot()).toMatchObject({ state: 'online', availability: { conditions: { onBattery: null, idleSeconds: null } } });
    });

    it('waking from sleep wakes the node (and refreshes the tray); a power-source change too', async () => {
      running = await start();
      const wake = vi.spyOn(running!.node, 'wake');
      const builds = FakeTray.instances[0]!.menuBuilds;
      fakes.powerMonitor.emit('resume');
      expect(wake).toHaveBeenCalledTimes(1);
      expect(FakeTray.instances[0]!.menuBuilds).toBe(builds + 1);
      fakes.powerMonitor.emit('on-battery');
      fakes.powerMonitor.emit('on-ac');
      expect(wake).toHaveBeenCalledTimes(3);
      expect(fakes.powerMonitor.listenerCount('unlock-screen')).toBe(0);
    });

    it('after a resume the node heartbeats at once instead of waiting for its interval', async () => {
      // The directory asks for a heartbeat every 10 minutes: any heartbeat seconds after the resume is the wake's.
      const directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 600_000 });
      const backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
      try {
        const port = await freePort();
        const withWorld = (options: ProviderNodeOptions) =>
          createNode({
            ...options,
            overrides: { backendUrl: backend.url, directoryUrl: directory.url, publicEndpoint: `http://127.0.0.1:${port}`, portMapping: 'off' },
            allowPrivateEndpoint: true,
            nat: { interfaces: () => ({}) },
          });
        running = await bootstrap({ electron: asElectron(fakes), argv: [], env: {}, createNode: (o) => withWorld({ ...o, taskPort: port }), platform: 'linux' });
        const node = running!.node;
        await eventually(() => expect(node.getSnapshot().directory.link).toBe('registered'));
        const nodeId = node.getSnapshot().node.nodeId!;
        const beats = () => directory.state.heartbeats.filter((b) => b.nodeId === nodeId && b.status === 200).length;
        await eventually(() => expect(beats()).toBeGreaterThanOrEqual(1));
        await new Promise((r) => setTimeout(r, 300)); // nothing else pending
        const before = beats();

        const resumedAt = Date.now();
        fakes.powerMonitor.emit('resume');
        await eventually(() => expect(beats()).toBe(before + 1), 5_000);
        expect(Date.now() - resumedAt).toBeLessThan(5_000);
      } finally {
        for (const node of created) await node.stop();
        await backend.close();
        await directory.close();
      }
    });
  });
});
