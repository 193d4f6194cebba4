/**
 * The desktop shell around an engine in its own process: Electron is stood in for (electron-fakes.ts), the engine is
 * real — a `utilityProcess` the fakes back with a forked Node process running the engine's entry. So everything the
 * shell knows about the node it learns over the channel, and every test waits for conditions instead of assuming
 * the engine answered already.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, commandChannel, type CommandName, type NodeSnapshot } from '@shared/contract';
import {
  bootstrap,
  EXIT_NODE_IN_USE,
  EXIT_START_FAILED,
  EXIT_STORE_UNUSABLE,
  type BootstrapOptions,
  type RunningApp,
} from '@main/app/bootstrap';
import { databasePath } from '@engine/files/paths';
import { forkLauncher } from '@main/supervisor/fork-launcher';
import { EngineSupervisor } from '@main/supervisor/supervisor';
import { startFakeBackend } from '../../support/backends';
import { startTestDirectory } from '../../support/directory';
import { eventually } from '../../support/eventually';
import { freePort } from '../../support/free-port';
import { tempDir } from '../../support/tmp';
import { engineBundleEntry } from '../../support/engine-bundle';
import {
  asElectron,
  LOCAL_ONLY,
  TASK_ENV,
  FakeBrowserWindow,
  FakeEvent,
  fakeElectron,
  FakeNotification,
  FakeTray,
  reapUtilityProcesses,
  type FakeElectron,
  type FakeUtilityProcess,
} from './electron-fakes';
import { pidAlive } from '@engine/identity/instance-lock';

vi.mock('electron', () => {
  throw new Error('bootstrap must take Electron from its caller, not import it');
});

const APP_ROOT = '/opt/iicp-provider';
const APP_URL = pathToFileURL(join(APP_ROOT, 'out', 'renderer', 'index.html')).href;
const EXEC_PATH = '/opt/IICP Provider/iicp-provider';
const TRAY = (kind: string) => join(APP_ROOT, 'build', 'tray', `tray-${kind}.png`);

describe('desktop app bootstrap (the engine in a utilityProcess)', () => {
  let dir: string;
  let cleanup: () => void;
  let fakes: FakeElectron;
  let apps: RunningApp[];

  const start = async (
    argv: string[] = [],
    env: NodeJS.ProcessEnv = {},
    platform: NodeJS.Platform = 'linux',
    more: Partial<BootstrapOptions> = {},
  ) => {
    const running = await bootstrap({
      electron: asElectron(fakes),
      argv,
      env: { ...TASK_ENV, ...env },
      platform,
      execPath: EXEC_PATH,
      engineOptions: LOCAL_ONLY,
      ...more,
    });
    if (running) apps.push(running);
    return running;
  };
  const invoke = (command: CommandName, request: unknown = {}, sender: string | null = APP_URL) =>
    fakes.ipcMain.invoke(commandChannel(command), request, sender);
  const engineOf = (running: RunningApp | null) => {
    expect(running).not.toBeNull();
    return running!.engine;
  };
  const snapshotOf = (running: RunningApp | null): NodeSnapshot => {
    const snapshot = engineOf(running).getSnapshot();
    expect(snapshot).not.toBeNull();
    return snapshot!;
  };
  const engineChild = (): FakeUtilityProcess => fakes.utilityProcess.latest();
  const postedOfType = (child: FakeUtilityProcess, t: string) =>
    child.posted.filter((m) => (m as { t?: string }).t === t);

  beforeEach(() => {
    ({ dir, cleanup } = tempDir('iicp-app-boot-'));
    fakes = fakeElectron(dir, APP_ROOT);
    apps = [];
  });

  afterEach(async () => {
    for (const running of apps) await running.engine.stop();
    // Every engine process a test started has ended by now: none is left running behind the test.
    expect(await reapUtilityProcesses()).toEqual([]);
    cleanup();
  });

  it('starts the engine in its own process on the userData folder, with no GPU work, and opens the window once painted', async () => {
    const running = await start();
    expect(running!.dataDir).toBe(dir);
    expect(fakes.app.hardwareAcceleration).toBe('disabled before ready');
    expect(fakes.app.sandboxEnabled).toBe(true);
    expect(fakes.app.appUserModelId).toBeNull(); // Windows only

    // One process, asked of Electron as the built engine beside the app's own bundle.
    expect(fakes.utilityProcess.forked).toHaveLength(1);
    const child = engineChild();
    expect(child.modulePath).toBe(join(APP_ROOT, 'out', 'main', 'engine.js'));
    expect(child.pid).toBeTypeOf('number');
    expect(child.pid).not.toBe(process.pid);
    expect(snapshotOf(running)).toMatchObject({
      state: 'online',
      appVersion: '0.0.0-test',
      engineProcess: { state: 'running', restarts: 0, pid: child.pid },
    });
    expect(existsSync(databasePath(dir))).toBe(true);
    // The secrets are served by this process (safeStorage); the engine got them with its start.
    expect(postedOfType(child, 'init')).toEqual([
      expect.objectContaining({
        node: expect.objectContaining({ dataDir: dir, host: 'electron' }),
        secrets: expect.objectContaining({ encryptedAtRest: true }),
      }),
    ]);

    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.loadedFile).toBe(join(APP_ROOT, 'out', 'renderer', 'index.html'));
    win.paint();
    expect(win.visible).toBe(true);
    expect(FakeTray.instances).toHaveLength(1);
    // A fresh app serves nobody yet (setup not finished): the amber icon, not the green one.
    expect(FakeTray.instances[0]!.image).toBe(TRAY('problem'));
    expect(FakeTray.instances[0]!.item('status').label).toBe('Setup is not finished');
  });

  it('registers its app id on Windows, where notifications need it', async () => {
    await start([], {}, 'win32');
    expect(fakes.app.appUserModelId).toBe('network.iicp.provider');
  });

  it('uses IICP_HOME for the data when it is set', async () => {
    const other = tempDir('iicp-app-home-');
    try {
      const running = await start([], { IICP_HOME: other.dir });
      expect(running!.dataDir).toBe(other.dir);
      expect(postedOfType(engineChild(), 'init')).toEqual([
        expect.objectContaining({ node: expect.objectContaining({ dataDir: other.dir }) }),
      ]);
      expect(existsSync(databasePath(other.dir))).toBe(true);
      expect(existsSync(databasePath(dir))).toBe(false);
      await running!.engine.stop();
    } finally {
      other.cleanup();
    }
  });

  it('serves the contract over IPC to its own window only, and pushes snapshots to it', async () => {
    const running = await start();
    expect([...fakes.ipcMain.handlers.keys()].sort()).toEqual(COMMAND_NAMES.map(commandChannel).sort());
    await expect(invoke('pause')).resolves.toMatchObject({ ok: true, value: { state: 'paused' } });
    await eventually(() => expect(snapshotOf(running).state).toBe('paused'));

    await expect(invoke('resume', {}, 'https://evil.example/')).resolves.toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    await expect(invoke('resume', {}, null)).resolves.toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    // Refused in this process: the engine never heard of either.
    expect(postedOfType(engineChild(), 'call')).toEqual([expect.objectContaining({ command: 'pause' })]);
    expect(snapshotOf(running).state).toBe('paused');

    const win = FakeBrowserWindow.instances[0]!;
    await eventually(() =>
      expect(
        win.webContents.sent.some(
          (m) => m.channel === 'iicp:evt:snapshot' && (m.payload as NodeSnapshot).state === 'paused',
        ),
      ).toBe(true),
    );
  });

  it('hardens the session and every web contents', async () => {
    await start();
    const session = fakes.session.defaultSession;
    expect(session.headersListener).toBeTypeOf('function');
    const granted = vi.fn();
    session.permissionRequestHandler!({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(fakes.app.listenerCount('web-contents-created')).toBe(1);
  });

  describe('single instance', () => {
    it('quits at once when another instance holds the lock, without starting an engine or touching the data', async () => {
      fakes.app.hasLock = false;
      const running = await start();
      expect(running).toBeNull();
      expect(fakes.app.quitCalls).toBe(1);
      expect(fakes.utilityProcess.forked).toHaveLength(0);
      expect(existsSync(databasePath(dir))).toBe(false);
      expect(FakeBrowserWindow.instances).toHaveLength(0);
      expect(FakeTray.instances).toHaveLength(0);
    });

    it('a second launch shows and focuses the existing window', async () => {
      await start();
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
      const running = await start(argv);
      expect(snapshotOf(running).state).toBe('online');
      expect(FakeTray.instances).toHaveLength(1);
      expect(FakeBrowserWindow.instances).toHaveLength(0);

      fakes.app.launchAgain();
      expect(FakeBrowserWindow.instances).toHaveLength(1);
      const win = FakeBrowserWindow.instances[0]!;
      win.paint();
      expect(win.visible).toBe(true);
    });

    it('opens the window from the tray menu', async () => {
      await start(['--hidden']);
      await FakeTray.instances[0]!.click('open');
      expect(FakeBrowserWindow.instances).toHaveLength(1);
    });
  });

  it('tells once, by notification, that closing the window keeps the node running', async () => {
    const running = await start();
    const win = FakeBrowserWindow.instances[0]!;
    win.paint();
    win.close();
    fakes.app.launchAgain();
    win.close();
    expect(FakeNotification.shown).toHaveLength(1);
    expect(FakeNotification.shown[0]!.title).toBe('IICP Provider keeps running in the tray');
    expect(snapshotOf(running).state).toBe('online');
    expect(engineChild().running).toBe(true);
  });

  describe('quitting stops the engine first', () => {
    it('Quit in the tray: the engine process stops cleanly, then the app quits and the window really closes', async () => {
      await start();
      const child = engineChild();
      const win = FakeBrowserWindow.instances[0]!;
      await FakeTray.instances[0]!.click('quit');
      await vi.waitFor(() => expect(fakes.app.quitted).toBe(true), { timeout: 20_000 });
      expect(postedOfType(child, 'stop')).toHaveLength(1);
      expect(child.running).toBe(false);
      expect(child.exitCode).toBe(0); // it stopped by itself, not killed
      expect(fakes.app.exitCode).toBeNull();
      win.close(); // what Electron does to the windows once the quit goes ahead
      expect(win.destroyed).toBe(true);
    });

    it('a quit from the OS is held until the engine process has stopped, then the app exits 0', async () => {
      await start();
      const child = engineChild();
      const engineRunningAtExit: boolean[] = [];
      const exit = fakes.app.exit.bind(fakes.app);
      vi.spyOn(fakes.app, 'exit').mockImplementation((code) => {
        engineRunningAtExit.push(child.running);
        exit(code);
      });
      const event = new FakeEvent();
      fakes.app.emit('before-quit', event);
      expect(event.defaultPrevented).toBe(true);
      await vi.waitFor(() => expect(fakes.app.exitCode).toBe(0), { timeout: 20_000 });
      expect(engineRunningAtExit).toEqual([false]);
      expect(child.exitCode).toBe(0);
    });
  });

  describe('an engine that cannot start: a dialog, an exit code, and nothing left running', () => {
    const nothingStarted = () => {
      expect(FakeBrowserWindow.instances).toHaveLength(0);
      expect(FakeTray.instances).toHaveLength(0);
      expect(fakes.ipcMain.handlers.size).toBe(0);
      for (const child of fakes.utilityProcess.forked) expect(child.running).toBe(false);
    };

    it('a database that cannot be opened: the reason, and exit code 78', async () => {
      writeFileSync(databasePath(dir), 'this is not a SQLite database, it is a damaged file'.repeat(100));
      const running = await start();
      expect(running).toBeNull();
      expect(fakes.dialog.errors).toHaveLength(1);
      expect(fakes.dialog.errors[0]!.title).toBe('IICP Provider cannot open its data');
      expect(fakes.dialog.errors[0]!.content).toMatch(/damaged/);
      expect(fakes.dialog.errors[0]!.content).toContain(databasePath(dir));
      expect(fakes.dialog.errors[0]!.content).not.toMatch(/\n\s+at /); // no stack trace
      expect(fakes.app.exitCode).toBe(EXIT_STORE_UNUSABLE);
      expect(EXIT_STORE_UNUSABLE).toBe(78);
      // Started once, not restarted: a damaged database is not helped by trying again.
      expect(fakes.utilityProcess.forked).toHaveLength(1);
      expect(engineChild().exitCode).toBe(78);
      nothingStarted();
    });

    it('a node another process already serves (its node lock is held): "already running", and exit code 73', async () => {
      // The headless host on the same data folder, under the same supervisor, started first.
      const headless = new EngineSupervisor({
        launch: forkLauncher(engineBundleEntry(), { execArgv: [] }),
        node: {
          dataDir: dir,
          host: 'headless',
          appVersion: '0.0.0-test',
          taskHost: '127.0.0.1',
          taskPort: 0,
          overrides: LOCAL_ONLY.overrides,
        },
      });
      try {
        await headless.start();
        const running = await start();
        expect(running).toBeNull();
        expect(fakes.dialog.errors).toEqual([{ title: 'This node is already running', content: expect.any(String) }]);
        expect(fakes.app.exitCode).toBe(EXIT_NODE_IN_USE);
        expect(EXIT_NODE_IN_USE).toBe(73);
        expect(fakes.utilityProcess.forked).toHaveLength(1);
        expect(engineChild().exitCode).toBe(73);
        nothingStarted();
        // The other one was left alone.
        expect(headless.getSnapshot()).toMatchObject({ state: 'online', engineProcess: { state: 'running' } });
        expect(pidAlive(headless.processInfo().pid!)).toBe(true);
      } finally {
        await headless.stop();
      }
    });

    it('any other failure to start (the engine process ends while starting): the reason, and exit code 1', async () => {
      // What a damaged installation does: the process starts and dies before the engine has loaded.
      fakes.utilityProcess.env.NODE_OPTIONS = `--require ${join(dir, 'missing-module.cjs')}`;
      const running = await start();
      expect(running).toBeNull();
      expect(fakes.dialog.errors).toEqual([
        { title: 'IICP Provider could not start', content: "The node's process ended while starting." },
      ]);
      expect(fakes.app.exitCode).toBe(EXIT_START_FAILED);
      expect(EXIT_START_FAILED).toBe(1);
      // Not restarted behind the dialog.
      expect(fakes.utilityProcess.forked).toHaveLength(1);
      nothingStarted();
    });

    it('an engine process that cannot even be created: the reason, and exit code 1', async () => {
      fakes.utilityProcess.forkError = new Error('spawn EAGAIN');
      const running = await start();
      expect(running).toBeNull();
      expect(fakes.dialog.errors).toEqual([
        { title: 'IICP Provider could not start', content: expect.stringContaining('spawn EAGAIN') },
      ]);
      expect(fakes.app.exitCode).toBe(EXIT_START_FAILED);
      nothingStarted();
    });
  });

  describe('start at login, with consent', () => {
    const xdgEnv = () => ({ XDG_CONFIG_HOME: join(dir, 'xdg') });
    const entry = () => join(dir, 'xdg', 'autostart', 'iicp-provider.desktop');

    it('Linux: nothing at startup; the wizard choice writes the XDG entry, Settings removes it', async () => {
      await start([], xdgEnv());
      expect(existsSync(entry())).toBe(false);
      expect(existsSync(join(dir, 'xdg'))).toBe(false);

      await expect(invoke('completeSetup', { startAtLogin: true })).resolves.toMatchObject({ ok: true });
      // The engine records the choice, this process applies it (the engine's process has no say over the OS).
      await eventually(() =>
        expect(readFileSync(entry(), 'utf8')).toContain(`Exec="${EXEC_PATH}" ${APP_ROOT} --hidden\n`),
      );
      expect(fakes.app.loginItemCalls).toEqual([]);

      await expect(invoke('setStartAtLogin', { enabled: false })).resolves.toMatchObject({
        ok: true,
        value: { setup: { startAtLogin: false } },
      });
      await eventually(() => expect(existsSync(entry())).toBe(false));
    });

    it('Windows: nothing at startup; each recorded choice sets the login item once, with --hidden', async () => {
      await start([], {}, 'win32');
      expect(fakes.app.loginItemCalls).toEqual([]);
      await invoke('completeSetup', { startAtLogin: false });
      await invoke('setStartAtLogin', { enabled: true });
      await eventually(() =>
        expect(fakes.app.loginItemCalls).toEqual([
          { openAtLogin: false, path: EXEC_PATH, args: [APP_ROOT, '--hidden'] },
          { openAtLogin: true, path: EXEC_PATH, args: [APP_ROOT, '--hidden'] },
        ]),
      );
    });

    it.each(['linux', 'win32'] as const)(
      '%s: a restart after an update never applies the recorded choice again',
      async (platform) => {
        const first = await start([], xdgEnv(), platform);
        await invoke('completeSetup', { startAtLogin: true });
        await eventually(() =>
          expect(platform === 'linux' ? existsSync(entry()) : fakes.app.loginItemCalls.length === 1).toBe(true),
        );
        await first!.quit();
        // The person then turned the login item off in the OS.
        rmSync(entry(), { force: true });

        fakes = fakeElectron(dir, APP_ROOT, '0.2.0');
        const second = await start([], xdgEnv(), platform);
        expect(snapshotOf(second)).toMatchObject({
          appVersion: '0.2.0',
          setup: { completed: true, startAtLogin: true },
        });
        // A command answered after the start: anything the new engine would have passed on has arrived by now.
        await expect(invoke('getSettings')).resolves.toMatchObject({ ok: true });
        expect(fakes.app.loginItemCalls).toEqual([]);
        expect(existsSync(entry())).toBe(false);
      },
    );
  });

  describe('power and sleep', () => {
    it('hands the engine the power source and idle time; power events make it look again at once', async () => {
      const running = await start();
      const tray = FakeTray.instances[0]!;
      await invoke('completeSetup', { startAtLogin: false });
      await expect(invoke('updateSettings', { onlyOnMains: true })).resolves.toMatchObject({ ok: true });
      await eventually(() =>
        expect(snapshotOf(running).availability.conditions).toMatchObject({
          supported: true,
          onBattery: false,
          onlyOnMains: true,
        }),
      );

      fakes.powerMonitor.onBattery = true;
      fakes.powerMonitor.emit('on-battery');
      await eventually(() =>
        expect(snapshotOf(running)).toMatchObject({
          state: 'paused',
          available: true,
          availability: { reason: 'on_battery' },
        }),
      );
      await eventually(() => expect(tray.item('status').label).toBe('On battery — waiting for mains power'));
      expect(tray.image).toBe(TRAY('waiting'));

      fakes.powerMonitor.onBattery = false;
      fakes.powerMonitor.emit('on-ac');
      await eventually(() => expect(snapshotOf(running).state).toBe('online'));
      // Back on mains the rule no longer holds it back; what remains is the LLM server nobody chose.
      await eventually(() => expect(tray.item('status').label).toBe('No LLM server chosen'));
      expect(tray.image).toBe(TRAY('problem'));

      await expect(invoke('updateSettings', { onlyOnMains: false, idleMinutes: 5 })).resolves.toMatchObject({
        ok: true,
      });
      fakes.powerMonitor.idleSeconds = 30;
      fakes.powerMonitor.emit('resume');
      await eventually(() =>
        expect(snapshotOf(running)).toMatchObject({
          state: 'paused',
          availability: { reason: 'in_use', conditions: { idleSeconds: 30 } },
        }),
      );
      fakes.powerMonitor.idleSeconds = 301;
      fakes.powerMonitor.emit('resume');
      await eventually(() => expect(snapshotOf(running).state).toBe('online'));
    });

    it('an OS that cannot say does not block the node', async () => {
      fakes.powerMonitor.error = new Error('powerMonitor is not available');
      const running = await start();
      await expect(invoke('updateSettings', { onlyOnMains: true, idleMinutes: 5 })).resolves.toMatchObject({
        ok: true,
      });
      await eventually(() =>
        expect(snapshotOf(running)).toMatchObject({
          availability: { conditions: { onlyOnMains: true, idleMinutes: 5, onBattery: null, idleSeconds: null } },
        }),
      );
      expect(snapshotOf(running).state).toBe('online');
    });

    it('waking from sleep wakes the engine (and refreshes the tray); a power-source change too', async () => {
      await start();
      const child = engineChild();
      const tray = FakeTray.instances[0]!;
      const builds = tray.menuBuilds;
      fakes.powerMonitor.emit('resume');
      // Passed on to the engine's process at once, with what the OS says now.
      expect(postedOfType(child, 'wake')).toHaveLength(1);
      expect(postedOfType(child, 'conditions').at(-1)).toEqual({
        t: 'conditions',
        value: { onBattery: false, idleSeconds: 0 },
      });
      expect(tray.menuBuilds).toBe(builds + 1);
      fakes.powerMonitor.emit('on-battery');
      fakes.powerMonitor.emit('on-ac');
      expect(postedOfType(child, 'wake')).toHaveLength(3);
      expect(fakes.powerMonitor.listenerCount('unlock-screen')).toBe(0);
    });

    it(
      'after a resume the engine heartbeats at once instead of waiting for its interval',
      { timeout: 60_000 },
      async () => {
        // The directory asks for a heartbeat every 10 minutes: any heartbeat seconds after the resume is the wake's.
        const directory = await startTestDirectory({
          routabilityCheck: false,
          livenessProbe: false,
          heartbeatIntervalMs: 600_000,
        });
        const backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
        try {
          const port = await freePort();
          const running = await start([], { IICP_PORT: String(port) }, 'linux', {
            engineOptions: {
              overrides: {
                backendUrl: backend.url,
                directoryUrl: directory.url,
                publicEndpoint: `http://127.0.0.1:${port}`,
                portMapping: 'off',
              },
              allowPrivateEndpoint: true,
            },
          });
          await eventually(() => expect(snapshotOf(running).directory.link).toBe('registered'), 30_000);
          const nodeId = snapshotOf(running).node.nodeId!;
          const beats = () => directory.state.heartbeats.filter((b) => b.nodeId === nodeId && b.status === 200).length;
          await eventually(() => expect(beats()).toBeGreaterThanOrEqual(1), 30_000);
          // Nothing else pending: the count holds still for a while before the resume.
          let before = beats();
          await eventually(async () => {
            before = beats();
            await new Promise((r) => setTimeout(r, 500));
            expect(beats()).toBe(before);
          }, 20_000);

          fakes.powerMonitor.emit('resume');
          // Waited for at most 10 s: the directory's interval is ten minutes.
          await eventually(() => expect(beats()).toBe(before + 1));
          await running!.engine.stop();
        } finally {
          await backend.close();
          await directory.close();
        }
      },
    );
  });
});
