/**
 * Stand-ins for the parts of Electron the shell uses. The real `electron` module cannot load here (its
 * binary is not installed), so the tests hand these to the shell's injectable functions, or serve them
 * through `vi.mock('electron', …)` to the modules that import Electron themselves.
 *
 * They behave like Electron where the shell depends on it: events carry `preventDefault`, `app.quit()` emits
 * `before-quit` and only quits when nobody prevented it, `ipcMain.handle` refuses a second handler for a
 * channel and invoking a channel without one rejects, `app.disableHardwareAcceleration()` throws once the app is
 * ready, and `utilityProcess.fork` starts a real process (the engine's, from its TypeScript source).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BootstrapOptions, ElectronDeps } from '@main/app/bootstrap';
import { engineBundleEntry } from '../../support/engine-bundle';
import { FakeAutoUpdater } from './fake-auto-updater';

export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  readonly sent: { channel: string; payload: unknown }[] = [];
  destroyed = false;
  windowOpenHandler: WindowOpenHandler | null = null;
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  /** Emits a cancellable event the way Electron does and reports whether it was prevented. */
  attempt(name: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url = ''): boolean {
    const event = new FakeEvent();
    this.emit(name, event, url);
    return event.defaultPrevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedFile: string | null = null;
  visible = false;
  minimized = false;
  focused = false;
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  loadFile(path: string): Promise<void> {
    this.loadedFile = path;
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
    this.minimized = false;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused = true;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  minimize(): void {
    this.minimized = true;
    this.focused = false;
  }
  restore(): void {
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** What clicking the window's close button does: `close`, then (unless prevented) destroyed. */
  close(): void {
    const event = new FakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  /** The page painted. */
  paint(): void {
    this.emit('ready-to-show');
  }
}

export interface FakeMenuItem {
  id?: string;
  label?: string;
  type?: string;
  checked?: boolean;
  enabled?: boolean;
  submenu?: FakeMenuItem[];
  click?: (...args: unknown[]) => unknown;
}

function findItem(items: readonly FakeMenuItem[], id: string): FakeMenuItem | null {
  for (const item of items) {
    if (item.id === id) return item;
    const inner = item.submenu ? findItem(item.submenu, id) : null;
    if (inner) return inner;
  }
  return null;
}

export interface FakeMenu {
  items: FakeMenuItem[];
}

export const FakeMenu = {
  buildFromTemplate(template: FakeMenuItem[]): FakeMenu {
    return { items: template };
  },
};

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  tooltip = '';
  menu: FakeMenu | null = null;
  menuBuilds = 0;
  destroyed = false;
  constructor(public image: string) {
    super();
    FakeTray.instances.push(this);
  }
  setImage(image: string): void {
    this.image = image;
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: FakeMenu): void {
    this.menu = menu;
    this.menuBuilds += 1;
  }
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** An item by id, also inside submenus. */
  item(id: string): FakeMenuItem {
    const found = findItem(this.menu?.items ?? [], id);
    if (!found) throw new Error(`no menu item ${id}`);
    return found;
  }
  /** The labels of the top level (separators as `---`), or of a submenu's items. */
  labels(submenuId?: string): string[] {
    const items = submenuId ? (this.item(submenuId).submenu ?? []) : (this.menu?.items ?? []);
    return items.map((i) => (i.type === 'separator' ? '---' : (i.label ?? '')));
  }
  /** Clicks an item the way Electron does (a checkbox flips its own `checked` first; a disabled parent blocks). */
  async click(id: string): Promise<void> {
    const item = this.item(id);
    const parent = (this.menu?.items ?? []).find((i) => i.submenu?.includes(item));
    if (item.enabled === false || parent?.enabled === false) return;
    if (item.type === 'checkbox') item.checked = !item.checked;
    await item.click?.(item, undefined, {});
  }
}

export class FakeNotification {
  static supported = true;
  static shown: { title?: string; body?: string }[] = [];
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  constructor(readonly options: { title?: string; body?: string }) {}
  show(): void {
    FakeNotification.shown.push(this.options);
  }
}

type InvokeHandler = (event: { senderFrame: { url: string } | null }, request: unknown) => unknown;

export class FakeIpcMain {
  readonly handlers = new Map<string, InvokeHandler>();
  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What `ipcRenderer.invoke(channel, request)` from a frame at `senderUrl` gets back. */
  async invoke(channel: string, request: unknown, senderUrl: string | null): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: senderUrl === null ? null : { url: senderUrl } }, request);
  }
}

type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void;

export class FakeSession extends EventEmitter {
  headersListener: HeadersListener | null = null;
  permissionRequestHandler:
    ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  permissionCheckHandler: ((contents: unknown, permission: string) => boolean) | null = null;
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener) => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
}

/**
 * `safeStorage` with a real (if toy) cipher: sealed bytes never contain the plain text, and opening
 * bytes this fake did not seal throws, as Electron does. `backend` is what Linux would report.
 */
export class FakeSafeStorage {
  available = true;
  backend: 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown' = 'gnome_libsecret';
  /** When set, `encryptString` throws it (a keyring that refuses). */
  encryptError: Error | null = null;
  private static readonly MAGIC = Buffer.from('fake-v10');
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  getSelectedStorageBackend(): FakeSafeStorage['backend'] {
    return this.backend;
  }
  encryptString(plain: string): Buffer {
    if (this.encryptError) throw this.encryptError;
    if (!this.available) throw new Error('Encryption is not available.');
    const body = Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a);
    return Buffer.concat([FakeSafeStorage.MAGIC, body]);
  }
  decryptString(sealed: Buffer): string {
    if (!this.available) throw new Error('Decryption is not available.');
    if (!sealed.subarray(0, FakeSafeStorage.MAGIC.length).equals(FakeSafeStorage.MAGIC))
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(sealed.subarray(FakeSafeStorage.MAGIC.length).map((b) => b ^ 0x5a)).toString('utf8');
  }
}

/** `powerMonitor`: what the OS says about power and idle time, and its events (`resume`, `on-ac`, …). */
export class FakePowerMonitor extends EventEmitter {
  onBattery = false;
  idleSeconds = 0;
  /** When set, the queries throw it (e.g. asked before the app is ready). */
  error: Error | null = null;
  isOnBatteryPower(): boolean {
    if (this.error) throw this.error;
    return this.onBattery;
  }
  getSystemIdleTime(): number {
    if (this.error) throw this.error;
    return this.idleSeconds;
  }
}

export interface LoginItemCall {
  openAtLogin?: boolean;
  path?: string;
  args?: string[];
}

export class FakeApp extends EventEmitter {
  hasLock = true;
  isPackaged = false;
  /** Every `setLoginItemSettings` call, in order. */
  readonly loginItemCalls: LoginItemCall[] = [];
  quitCalls = 0;
  /** Set when Electron would have quit (a `quit()` nobody prevented). */
  quitted = false;
  exitCode: number | null = null;
  sandboxEnabled = false;
  /** Set by `disableHardwareAcceleration()`: whether it came before the app was ready (the only time it works). */
  hardwareAcceleration: 'enabled' | 'disabled before ready' = 'enabled';
  /** True once `whenReady()` has resolved. */
  ready = false;
  appUserModelId: string | null = null;
  loginItem = { wasOpenedAtLogin: false };
  constructor(
    readonly userData: string,
    readonly appPath = '/opt/iicp-provider',
    readonly version = '0.0.0-test',
  ) {
    super();
  }
  requestSingleInstanceLock(): boolean {
    return this.hasLock;
  }
  enableSandbox(): void {
    this.sandboxEnabled = true;
  }
  disableHardwareAcceleration(): void {
    if (this.ready) throw new Error('app.disableHardwareAcceleration() can only be called before app is ready');
    this.hardwareAcceleration = 'disabled before ready';
  }
  isReady(): boolean {
    return this.ready;
  }
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
    return this.userData;
  }
  getAppPath(): string {
    return this.appPath;
  }
  getVersion(): string {
    return this.version;
  }
  getLocale(): string {
    return 'en-GB';
  }
  getLoginItemSettings(): { wasOpenedAtLogin: boolean } {
    return this.loginItem;
  }
  setLoginItemSettings(settings: LoginItemCall): void {
    this.loginItemCalls.push(settings);
  }
  whenReady(): Promise<void> {
    return Promise.resolve().then(() => {
      this.ready = true;
    });
  }
  quit(): void {
    this.quitCalls += 1;
    const event = new FakeEvent();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.quitted = true;
  }
  exit(code = 0): void {
    this.exitCode = code;
  }
  /** Another launch of the app (Electron emits this in the instance holding the lock). */
  launchAgain(argv: string[] = []): void {
    this.emit('second-instance', new FakeEvent(), argv, process.cwd());
  }
}

/** The repository's root: the engine's working folder. */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Children forked by any `FakeUtilityProcessModule` that have not exited yet (across fakes, so none escapes a test).
 */
const liveChildren = new Set<FakeUtilityProcess>();

/**
 * One `utilityProcess`, as Electron's `UtilityProcess` behaves: `pid` is undefined until the process has spawned
 * (then `spawn` is emitted) and again once it has exited; `message` carries the data the child posted; `exit` gives a
 * number (on POSIX the signal's number when a signal ended it: the raw wait status Chromium passes on); `postMessage`
 * throws once the process has exited; `kill()` sends SIGTERM and answers false when there is nothing to kill.
 *
 * Behind it runs a REAL process: `child_process.fork` of the engine's entry, bundled from its TypeScript source
 * (engine-bundle.ts: a start takes a fraction of what tsx takes), whatever module Electron was asked for (recorded in
 * `modulePath`), with messages structured-cloned as Electron's are. The engine's output is kept in `output` instead
 * of being mixed into the test run's.
 */
export class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined = undefined;
  /** The OS process id, also after the exit (when `pid` is undefined again). */
  readonly osPid: number | null;
  /** Null while it runs; then the number `exit` gave. */
  exitCode: number | null = null;
  /** The signal that ended it, if one did. */
  exitSignal: NodeJS.Signals | null = null;
  /** Every message the app posted to it, in order. */
  readonly posted: unknown[] = [];
  /** Its stdout and stderr, interleaved. */
  output = '';
  /** Settles with the exit code once the process has exited. */
  readonly exited: Promise<number>;
  private readonly child: ChildProcess;
  private gone = false;

  constructor(
    readonly modulePath: string,
    readonly args: readonly string[],
    readonly options: Record<string, unknown>,
    env: NodeJS.ProcessEnv,
  ) {
    super();
    this.child = fork(engineBundleEntry(), [...args], {
      cwd: REPO_ROOT,
      env,
      // Not the test runner's own flags: the engine is plain JavaScript now, as it is in the app.
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.osPid = this.child.pid ?? null;
    liveChildren.add(this);
    const keep = (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.child.once('spawn', () => {
      this.pid = this.child.pid;
      this.emit('spawn');
    });
    this.child.on('message', (message: unknown) => this.emit('message', message));
    this.exited = new Promise((resolve) => {
      const finish = (code: number, signal: NodeJS.Signals | null) => {
        if (this.gone) return;
        this.gone = true;
        this.pid = undefined;
        this.exitSignal = signal;
        this.exitCode = code;
        liveChildren.delete(this);
        this.emit('exit', code);
        resolve(code);
      };
      this.child.once('exit', (code, signal) => finish(code ?? (signal ? constants.signals[signal] : 1), signal));
      // A process that could not be created never exits: said here as an exit, so nobody waits for it forever.
      this.child.on('error', (err) => {
        this.output += `[fake utilityProcess] ${err.message}\n`;
        if (this.child.pid === undefined) finish(1, null);
      });
    });
  }

  /** Whether the OS process still runs. */
  get running(): boolean {
    return !this.gone;
  }

  postMessage(message: unknown): void {
    if (this.gone) throw new TypeError("Cannot read properties of null (reading 'postMessage')");
    this.posted.push(message);
    this.child.send(message as object);
  }

  kill(): boolean {
    if (this.gone) return false;
    return this.child.kill('SIGTERM');
  }
}

/** Electron's `utilityProcess` module: `fork` starts a `FakeUtilityProcess`. */
export class FakeUtilityProcessModule {
  /** Added to this process's environment for every child (e.g. `IICP_ENGINE_TEST_HOOKS: '1'`). */
  readonly env: NodeJS.ProcessEnv = {};
  /** Every process Electron was asked for, in order. */
  readonly forked: FakeUtilityProcess[] = [];
  /** When set, `fork` throws it (the process could not be created). */
  forkError: Error | null = null;

  fork(modulePath: string, args: string[] = [], options: Record<string, unknown> = {}): FakeUtilityProcess {
    if (this.forkError) throw this.forkError;
    const child = new FakeUtilityProcess(modulePath, args, options, { ...process.env, ...this.env });
    this.forked.push(child);
    return child;
  }

  /** The last child forked (the engine running now, after a restart the new one). */
  latest(): FakeUtilityProcess {
    const last = this.forked.at(-1);
    if (!last) throw new Error('no utility process was forked');
    return last;
  }
}

/**
 * Ends every utility process still running (SIGKILL) and waits for them to be gone; returns the OS pids it had to
 * end, so a test's `afterEach` can insist there were none.
 */
export async function reapUtilityProcesses(): Promise<number[]> {
  const left = [...liveChildren];
  for (const child of left) {
    try {
      if (child.osPid) process.kill(child.osPid, 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
  await Promise.all(left.map((child) => child.exited));
  return left.map((child) => child.osPid ?? -1);
}

export interface FakeElectron {
  app: FakeApp;
  BrowserWindow: typeof FakeBrowserWindow;
  Tray: typeof FakeTray;
  Menu: typeof FakeMenu;
  Notification: typeof FakeNotification;
  ipcMain: FakeIpcMain;
  shell: { opened: string[]; openExternal(url: string): Promise<void> };
  session: { defaultSession: FakeSession };
  dialog: { errors: { title: string; content: string }[]; showErrorBox(title: string, content: string): void };
  safeStorage: FakeSafeStorage;
  powerMonitor: FakePowerMonitor;
  utilityProcess: FakeUtilityProcessModule;
  /** What the `autoUpdater` getter hands the shell (the same instance every time, like electron-updater's). */
  updater: FakeAutoUpdater;
  autoUpdater: () => FakeAutoUpdater;
}

/** A fresh set of fakes (class-level records are cleared). */
export function fakeElectron(userData: string, appPath?: string, version?: string): FakeElectron {
  FakeBrowserWindow.instances = [];
  FakeTray.instances = [];
  FakeNotification.shown = [];
  FakeNotification.supported = true;
  const opened: string[] = [];
  const errors: { title: string; content: string }[] = [];
  const updater = new FakeAutoUpdater();
  return {
    app: new FakeApp(userData, appPath, version),
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Menu: FakeMenu,
    Notification: FakeNotification,
    ipcMain: new FakeIpcMain(),
    shell: {
      opened,
      openExternal: async (url: string) => {
        opened.push(url);
      },
    },
    session: { defaultSession: new FakeSession() },
    dialog: {
      errors,
      showErrorBox: (title: string, content: string) => {
        errors.push({ title, content });
      },
    },
    safeStorage: new FakeSafeStorage(),
    powerMonitor: new FakePowerMonitor(),
    utilityProcess: new FakeUtilityProcessModule(),
    updater,
    autoUpdater: () => updater,
  };
}

/** The fakes typed as the real Electron pieces the shell's functions take. */
export const asElectron = (fakes: FakeElectron): ElectronDeps => fakes as unknown as ElectronDeps;

/** Where a person would put the task server (IICP_HOST / IICP_PORT): loopback, any free port. */
export const TASK_ENV = { IICP_HOST: '127.0.0.1', IICP_PORT: '0' };
/** Nothing leaves this computer: no router is asked for a mapping, and the directory is a port nobody listens on. */
export const LOCAL_ONLY = {
  overrides: { portMapping: 'off', directoryUrl: 'http://127.0.0.1:9' },
} satisfies BootstrapOptions['engineOptions'];

/** Lets queued promise callbacks (and the engine's immediate publications) run. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
