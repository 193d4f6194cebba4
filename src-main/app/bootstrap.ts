/**
 * Wires the desktop shell around the engine, which runs in its own process (a utilityProcess) under the same
 * supervisor as the headless host's: a crash or a freeze of the engine restarts it while the window and the tray stay
 * up and say so. Here: single instance, no GPU work (the LLM needs the GPU's memory), data directory, secrets in the
 * OS key store served to the engine, engine start (data that cannot be used ends the app with a dialog and exit code
 * 78, a node another process already serves with exit code 73, never a crash loop), security policy, IPC, the window
 * and the tray, the power source and idle time for the availability policy, wake-ups, the start-at-login choice
 * (applied only when the person makes it) and self-updates. Every Electron piece is passed in, so tests can drive
 * all of it.
 */
import type { App, BrowserWindow, Dialog, IpcMain, Menu, Notification, Session, Shell, Tray } from 'electron';
import { DEFAULT_SETTINGS, SettingsSchema, type NodeSnapshot, type Settings } from '@shared/contract';
import { START_FAILURE_TITLES } from '../supervisor/start-failure';
import { EngineStartError } from '../supervisor/exit-reasons';
import { createHostDispatch } from '../supervisor/host-dispatch';
import type { LaunchEngine, SupervisorTimings } from '../supervisor/options';
import { exitCodeFor, type EngineNodeOptions } from '../supervisor/protocol';
import type { RestartPolicyOptions } from '../supervisor/restart-policy';
import { EngineSupervisor } from '../supervisor/supervisor';
import { HIDDEN_ARG, startAtLoginApplier } from './autostart';
import { utilityLauncher, type UtilityProcessModule } from './engine-launcher';
import { forwardEngineEvents, registerIpc } from './ipc';
import { appPaths } from './paths';
import { powerHostConditions, wakeOnPowerEvents, type PowerMonitorLike } from './power';
import { createQuitController } from './quit';
import { createElectronSecretStore, lazySecretStore, type SafeStorageDeps } from './secret-store';
import type { AutoUpdaterLike } from './auto-updater-like';
import { createUpdater, type Updater } from './updater';
import { applySessionPolicy, installWebContentsHardening, isAppUrl } from './security';
import { createAppTray, type AppTray } from './tray';
import { speakAsHost } from './host-language';
import { uiStateFile } from './ui-state';
import { startNotifier } from './notifier';
import { createMainWindow, revealWindow, showRoute, trayHintOnce } from './window';

/** Exit code when the database or the secrets file cannot be used (EX_CONFIG): restarting will not help. */
export const EXIT_STORE_UNUSABLE = 78;
/**
 * Exit code when another process (e.g. the headless host) already serves this node (EX_CANTCREAT: its lock file
 * exists).
 */
export const EXIT_NODE_IN_USE = 73;
export const EXIT_START_FAILED = 1;
/**
 * Whether the macOS builds carry an Apple Developer ID signature (electron-builder.yml configures none; Squirrel.Mac
 * installs updates only for signed apps). tests/unit/app/packaging.test.ts keeps the two in step.
 */
export const MAC_BUILDS_SIGNED = false;
/** Same as electron-builder.yml's appId; Windows needs it for notifications. */
export const APP_ID = 'network.iicp.provider';

export interface ElectronDeps {
  app: App;
  BrowserWindow: typeof BrowserWindow;
  Tray: typeof Tray;
  Menu: Pick<typeof Menu, 'buildFromTemplate'>;
  Notification: typeof Notification;
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  shell: Pick<Shell, 'openExternal'>;
  session: { readonly defaultSession: Session };
  dialog: Pick<Dialog, 'showErrorBox'>;
  safeStorage: SafeStorageDeps;
  powerMonitor: PowerMonitorLike;
  utilityProcess: UtilityProcessModule;
  /** electron-updater's `autoUpdater`, created on first use (it needs the app). */
  autoUpdater: () => AutoUpdaterLike;
}

export interface BootstrapOptions {
  electron: ElectronDeps;
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  /** How the engine's process starts (default: a utilityProcess running the built engine). */
  launchEngine?: LaunchEngine;
  /** More engine options (plain data; tests point it at their stand-ins). */
  engineOptions?: Partial<EngineNodeOptions>;
  supervisorTimings?: Partial<SupervisorTimings>;
  restartPolicy?: RestartPolicyOptions;
  platform?: NodeJS.Platform;
  /** `process.execPath` (what a login item starts). */
  execPath?: string;
}

export interface RunningApp {
  /** The engine, through its supervisor (commands, snapshots, the process's state). */
  engine: EngineSupervisor;
  updater: Updater;
  dataDir: string;
  getWindow(): BrowserWindow | null;
  /** Opens (or brings forward) the window, on `route` when given (a dashboard route such as `earnings`). */
  showWindow(route?: string): void;
  tray: AppTray;
  quit(): Promise<void>;
}

function openedAtLogin(app: App): boolean {
  try {
    return app.getLoginItemSettings().wasOpenedAtLogin === true;
  } catch {
    return false;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `IICP_HOST` / `IICP_PORT` (the reference CLI's names) choose where the task server listens. */
export function taskListenerFromEnv(env: NodeJS.ProcessEnv): { taskHost?: string; taskPort?: number } {
  const out: { taskHost?: string; taskPort?: number } = {};
  if (env.IICP_HOST && /^[0-9A-Fa-f:.]{2,45}$/.test(env.IICP_HOST)) out.taskHost = env.IICP_HOST;
  if (env.IICP_PORT && /^\d{1,5}$/.test(env.IICP_PORT) && Number(env.IICP_PORT) <= 65535)
    out.taskPort = Number(env.IICP_PORT);
  return out;
}

/**
 * `IICP_PORT_MAPPING` (as the headless host reads it): e.g. `off`, so a test run never asks the router for a mapping.
 */
export function portMappingFromEnv(env: NodeJS.ProcessEnv): { overrides?: Partial<Settings> } {
  const mode = SettingsSchema.shape.portMapping.safeParse(env.IICP_PORT_MAPPING);
  return mode.success ? { overrides: { portMapping: mode.data } } : {};
}

/** Starts the desktop app. Resolves to null when this process is not the one that keeps running. */
export async function bootstrap(options: BootstrapOptions): Promise<RunningApp | null> {
  const { electron, argv, env } = options;
  const { app } = electron;
  const platform = options.platform ?? process.platform;

  // One running app per user (Electron keeps the lock in userData): a second launch brings the first
  // one's window forward instead.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  app.enableSandbox();
  // The window is a few cards and a table: software rendering draws it easily, and the GPU's memory stays with the
  // LLM the person shares (a GPU process would hold some of it for as long as the app runs in the tray).
  app.disableHardwareAcceleration();
  if (platform === 'win32') app.setAppUserModelId(APP_ID);

  const dataDir = env.IICP_HOME || app.getPath('userData');
  const paths = appPaths(app.getAppPath());
  // Started at login (our --hidden, or macOS's own flag): the node runs in the tray, no window until Open.
  const startHidden = argv.includes(HIDDEN_ARG) || openedAtLogin(app);
  let updater: Updater | null = null;
  const engine: EngineSupervisor = new EngineSupervisor({
    launch: options.launchEngine ?? utilityLauncher(electron.utilityProcess, paths.engineEntry, platform),
    node: {
      dataDir,
      host: 'electron',
      appVersion: app.getVersion(),
      ...taskListenerFromEnv(env),
      ...portMappingFromEnv(env),
      ...options.engineOptions,
    },
    // Created on first use, when the engine starts: safeStorage only works once the app is ready.
    secrets: lazySecretStore(() => createElectronSecretStore(electron.safeStorage, dataDir, platform)),
    // Read from the engine's start on, when the app is ready (powerMonitor needs that).
    conditions: powerHostConditions(electron.powerMonitor),
    // Only when the person records a choice; never at startup or after an update.
    onStartAtLoginChosen: startAtLoginApplier({ app, platform, env, execPath: options.execPath ?? process.execPath }),
    decorate: (snapshot): NodeSnapshot => (updater ? { ...snapshot, update: updater.status() } : snapshot),
    log: (line) => console.error(`[app] ${line}`),
    ...(options.supervisorTimings ? { timings: options.supervisorTimings } : {}),
    ...(options.restartPolicy ? { restartPolicy: options.restartPolicy } : {}),
  });
  const quitter = createQuitController(app, engine);
  const hintOnce = trayHintOnce(electron.Notification, uiStateFile(dataDir));

  let win: BrowserWindow | null = null;
  let ready = false;
  let showRequested = !startHidden;
  const showWindow = (route?: string) => {
    if (quitter.isQuitting) return;
    if (!ready) {
      showRequested = true; // e.g. a second launch while this one is still starting
      return;
    }
    if (win && !win.isDestroyed()) {
      if (route) showRoute(win, paths.indexHtml, route);
      revealWindow(win);
      return;
    }
    const created = createMainWindow({
      BrowserWindow: electron.BrowserWindow,
      paths,
      showWhenReady: true,
      isQuitting: () => quitter.isQuitting,
      onHiddenToTray: hintOnce,
      platform,
      route,
    });
    created.on('closed', () => {
      if (win === created) win = null;
    });
    win = created;
  };

  app.on('second-instance', () => showWindow());
  app.on('activate', () => showWindow()); // macOS: click on the dock icon
  app.on('window-all-closed', () => {
    // The node keeps serving from the tray; quitting is explicit.
  });
  app.on('before-quit', (event) => quitter.onBeforeQuit(event));
  installWebContentsHardening(app, {
    rendererDir: paths.rendererDir,
    openExternal: (url) => electron.shell.openExternal(url),
  });

  await app.whenReady();

  try {
    await engine.start();
  } catch (err) {
    await engine.stop().catch(() => undefined);
    // Quit (or logged out) while the node was starting: that is no failure to report.
    if (quitter.isQuitting) {
      app.exit(0);
      return null;
    }
    const failure = err instanceof EngineStartError ? err : null;
    electron.dialog.showErrorBox(failure?.title ?? START_FAILURE_TITLES.other, messageOf(err));
    app.exit(failure ? exitCodeFor(failure.kind) : EXIT_START_FAILED);
    return null;
  }

  const snapshot = (): NodeSnapshot => engine.getSnapshot()!;
  // The tray and the notifications speak the Settings language, else the system's.
  const words = speakAsHost(app, () => (engine.getSettings() ?? DEFAULT_SETTINGS).language);
  const running = createUpdater({
    autoUpdater: electron.autoUpdater(),
    currentVersion: app.getVersion(),
    isPackaged: app.isPackaged,
    autoCheck: () => (engine.getSettings() ?? DEFAULT_SETTINGS).checkForUpdates,
    activeTasks: () => snapshot().capacity.activeJobs,
    subscribe: (listener) => engine.onSnapshot(() => listener()),
    // Tasks finish, router mappings go, the engine stops; then the updater installs (and the app restarts).
    drainAndStop: () => quitter.prepareToQuit(),
    // The engine is stopped but the install did not happen: start the app afresh, so the node serves again.
    installFailed: () => {
      app.relaunch();
      app.exit(0);
    },
    installKind: { platform, env, macSigned: MAC_BUILDS_SIGNED },
  });
  updater = running;
  running.onStatus(() => engine.refresh());
  engine.onSettings(() => running.settingsChanged());

  applySessionPolicy(electron.session.defaultSession);
  const dispatch = createHostDispatch(
    engine,
    { restartEngine: () => engine.restartNow(), ...running.handlers },
    (err) => console.error(`[app] command failed: ${messageOf(err)}`),
  );
  registerIpc(electron.ipcMain, dispatch, { isTrustedSender: (url) => isAppUrl(url, paths.rendererDir) });
  forwardEngineEvents(engine, () => win);

  const tray = createAppTray(
    { Tray: electron.Tray, Menu: electron.Menu, iconPath: paths.trayIcon, platform },
    {
      getSnapshot: snapshot,
      onSnapshot: (listener) => engine.onSnapshot(listener),
      pause: (untilMs) => engine.call('pause', untilMs ? { untilMs } : {}),
      resume: () => engine.call('resume', {}),
      shareAnyway: (minutes) => engine.call('shareAnyway', { minutes }),
      restartEngine: () => engine.restartNow(),
    },
    { openWindow: showWindow, quit: () => quitter.quit() },
  );
  engine.onSettings(() => {
    if (words.follow()) tray.refresh();
  });

  // The desktop smoke test (tests/desktop) clicks tray items through this. Only code in this process reaches it, which
  // for a test means the main-process debugger, fused off in the shipped binaries.
  if (env.IICP_SMOKE_HOOKS === '1') (globalThis as { __iicpSmoke?: { tray: AppTray } }).__iicpSmoke = { tray };

  // Offline, LLM server stopped, not reachable, earnings rejected: a click on the notification opens that page.
  startNotifier(
    electron.Notification,
    { onNotice: (l) => engine.onNotice(l), getSettings: () => engine.getSettings() ?? DEFAULT_SETTINGS },
    (route) => showWindow(route),
  );

  // After sleep the directory may have marked the node dormant and the router may have dropped the mapping.
  wakeOnPowerEvents(electron.powerMonitor, engine, () => tray.refresh());

  running.start();
  ready = true;
  if (showRequested) showWindow();

  return { engine, updater: running, dataDir, getWindow: () => win, showWindow, tray, quit: () => quitter.quit() };
}
