/**
 * Wires the desktop shell around the engine: single instance, data directory, secrets in the OS key store,
 * engine start (data that cannot be used ends the app with a dialog and exit code 78, a node another
 * process already serves with exit code 73, never a crash loop), security policy, IPC, the window and the
 * tray, the power source and idle time for the availability policy, wake-ups, and the start-at-login choice
 * (applied only when the person makes it). Every Electron piece is passed in, so tests can drive all of it.
 */
import type { App, BrowserWindow, Dialog, IpcMain, Menu, Notification, Session, Shell, Tray } from 'electron';
import { createDispatcher } from '../contract/dispatch';
import { InstanceLockError } from '../engine/identity/instance-lock';
import { SecretStoreError } from '../engine/identity/secret-store';
import { ProviderNode, type ProviderNodeOptions } from '../engine/provider-node';
import { StoreOpenError } from '../engine/store/errors';
import { HIDDEN_ARG, startAtLoginApplier } from './autostart';
import { forwardEngineEvents, registerIpc } from './ipc';
import { appPaths } from './paths';
import { powerHostConditions, wakeOnPowerEvents, type PowerMonitorLike } from './power';
import { createQuitController } from './quit';
import { createElectronSecretStore, lazySecretStore, type SafeStorageDeps } from './secret-store';
import { applySessionPolicy, installWebContentsHardening, isAppUrl } from './security';
import { createAppTray, type AppTray } from './tray';
import { uiStateFile } from './ui-state';
import { startNotifier } from './notifier';
import { createMainWindow, revealWindow, showRoute, trayHintOnce } from './window';

/** Exit code when the database or the secrets file cannot be used (EX_CONFIG): restarting will not help. */
export const EXIT_STORE_UNUSABLE = 78;
/** Exit code when another process (e.g. the headless host) already serves this node (EX_CANTCREAT: its lock file exists). */
export const EXIT_NODE_IN_USE = 73;
export const EXIT_START_FAILED = 1;
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
}

export interface BootstrapOptions {
  electron: ElectronDeps;
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  createNode?: (options: ProviderNodeOptions) => ProviderNode;
  platform?: NodeJS.Platform;
  /** `process.execPath` (what a login item starts). */
  execPath?: string;
}

export interface RunningApp {
  node: ProviderNode;
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

// By name as well: a bundle may hold a second copy of the class.
const isNamed = (err: unknown, name: string): err is Error => err instanceof Error && err.name === name;

function isStoreOpenError(err: unknown): err is StoreOpenError {
  return err instanceof StoreOpenError || isNamed(err, 'StoreOpenError');
}

/** Dialog title and exit code for a start failure: data problems and a busy node are not crashes. */
function startFailure(err: unknown): { title: string; code: number } {
  if (isStoreOpenError(err)) return { title: 'IICP Provider cannot open its data', code: EXIT_STORE_UNUSABLE };
  if (err instanceof SecretStoreError || isNamed(err, 'SecretStoreError')) {
    return { title: 'IICP Provider cannot use its secrets file', code: EXIT_STORE_UNUSABLE };
  }
  if (err instanceof InstanceLockError || isNamed(err, 'InstanceLockError')) {
    return { title: 'This node is already running', code: EXIT_NODE_IN_USE };
  }
  return { title: 'IICP Provider could not start', code: EXIT_START_FAILED };
}

/** `IICP_HOST` / `IICP_PORT` (the reference CLI's names) choose where the task server listens. */
export function taskListenerFromEnv(env: NodeJS.ProcessEnv): { taskHost?: string; taskPort?: number } {
  const out: { taskHost?: string; taskPort?: number } = {};
  if (env.IICP_HOST && /^[0-9A-Fa-f:.]{2,45}$/.test(env.IICP_HOST)) out.taskHost = env.IICP_HOST;
  if (env.IICP_PORT && /^\d{1,5}$/.test(env.IICP_PORT) && Number(env.IICP_PORT) <= 65535) out.taskPort = Number(env.IICP_PORT);
  return out;
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
  if (platform === 'win32') app.setAppUserModelId(APP_ID);

  const dataDir = env.IICP_HOME || app.getPath('userData');
  const paths = appPaths(app.getAppPath());
  // Started at login (our --hidden, or macOS's own flag): the node runs in the tray, no window until Open.
  const startHidden = argv.includes(HIDDEN_ARG) || openedAtLogin(app);
  const node = (options.createNode ?? ((o) => new ProviderNode(o)))({
    dataDir,
    host: 'electron',
    appVersion: app.getVersion(),
    // Created on first use, in start(): safeStorage only works once the app is ready.
    secretStore: lazySecretStore(() => createElectronSecretStore(electron.safeStorage, dataDir, platform)),
    // Asked from start() on, when the app is ready (powerMonitor needs that).
    hostConditions: powerHostConditions(electron.powerMonitor),
    // Only when the person records a choice; never at startup or after an update.
    onStartAtLoginChosen: startAtLoginApplier({ app, platform, env, execPath: options.execPath ?? process.execPath }),
    ...taskListenerFromEnv(env),
  });
  const quitter = createQuitController(app, node);
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
    await node.start();
  } catch (err) {
    await node.stop().catch(() => undefined);
    const { title, code } = startFailure(err);
    electron.dialog.showErrorBox(title, messageOf(err));
    app.exit(code);
    return null;
  }

  applySessionPolicy(electron.session.defaultSession);
  const dispatch = createDispatcher(node.commandHandlers(), (err) => console.error(`[app] command failed: ${messageOf(err)}`));
  registerIpc(electron.ipcMain, dispatch, { isTrustedSender: (url) => isAppUrl(url, paths.rendererDir) });
  forwardEngineEvents(node, () => win);

  const tray = createAppTray(
    { Tray: electron.Tray, Menu: electron.Menu, iconPath: paths.trayIcon, platform },
    node,
    { openWindow: showWindow, quit: () => quitter.quit() },
  );

  // Offline, LLM server stopped, not reachable, earnings rejected: a click on the notification opens that page.
  startNotifier(electron.Notification, node, (route) => showWindow(route));

  // After sleep the directory may have marked the node dormant and the router may have dropped the mapping.
  wakeOnPowerEvents(electron.powerMonitor, node, () => tray.refresh());

  ready = true;
  if (showRequested) showWindow();

  return { node, dataDir, getWindow: () => win, showWindow, tray, quit: () => quitter.quit() };
}
