/**
 * Stand-ins for the parts of Electron the shell uses. The real `electron` module cannot load here (its
 * binary is not installed), so the tests hand these to the shell's injectable functions, or serve them
 * through `vi.mock('electron', …)` to the modules that import Electron themselves.
 *
 * They behave like Electron where the shell depends on it: events carry `preventDefault`, `app.quit()` emits
 * `before-quit` and only quits when nobody prevented it, `ipcMain.handle` refuses a second handler for a
 * channel and invoking a channel without one rejects.
 */
import { EventEmitter } from 'node:events';
import type { ElectronDeps } from '../../../src-main/app/bootstrap';

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
  permissionRequestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
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
    if (!sealed.subarray(0, FakeSafeStorage.MAGIC.length).equals(FakeSafeStorage.MAGIC)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
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
  getLoginItemSettings(): { wasOpenedAtLogin: boolean } {
    return this.loginItem;
  }
  setLoginItemSettings(settings: LoginItemCall): void {
    this.loginItemCalls.push(settings);
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
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
}

/** A fresh set of fakes (class-level records are cleared). */
export function fakeElectron(userData: string, appPath?: string, version?: string): FakeElectron {
  FakeBrowserWindow.instances = [];
  FakeTray.instances = [];
  FakeNotification.shown = [];
  FakeNotification.supported = true;
  const opened: string[] = [];
  const errors: { title: string; content: string }[] = [];
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
  };
}

/** The fakes typed as the real Electron pieces the shell's functions take. */
export const asElectron = (fakes: FakeElectron): ElectronDeps => fakes as unknown as ElectronDeps;

/** Lets queued promise callbacks (and the engine's immediate publications) run. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
