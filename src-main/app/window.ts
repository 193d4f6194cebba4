/**
 * The main window: local bundle only, shown when painted, and closing it hides it to the tray (the node
 * keeps serving). The first time that happens the person is told once, by a notification.
 */
import type { BrowserWindow, Notification } from 'electron';
import type { AppPaths } from './paths';
import { secureWebPreferences } from './security';
import type { UiStateFile } from './ui-state';

export const WINDOW_SIZE = { width: 1000, height: 700, minWidth: 900, minHeight: 600 } as const;

export interface MainWindowOptions {
  BrowserWindow: typeof BrowserWindow;
  paths: Pick<AppPaths, 'indexHtml' | 'preload' | 'windowIcon'>;
  /** Show the window once it has painted (false: it stays in the tray until opened). */
  showWhenReady: boolean;
  /** True once the app is quitting: then closing really closes. */
  isQuitting: () => boolean;
  /** Called each time closing the window hid it instead. */
  onHiddenToTray: () => void;
  platform?: NodeJS.Platform;
  /** The page to open on (a dashboard route such as `earnings`); the dashboard when absent. */
  route?: string;
}

/** Where the window's page is loaded: the bundle's index.html, on `route` when one is given. */
const loadOptions = (route: string | undefined) => (route ? { hash: `/${route}` } : undefined);

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const platform = options.platform ?? process.platform;
  const win = new options.BrowserWindow({
    ...WINDOW_SIZE,
    show: false,
    title: 'IICP Provider',
    autoHideMenuBar: true,
    // macOS and Windows take the icon from the app bundle; on Linux the window needs it.
    ...(platform === 'linux' ? { icon: options.paths.windowIcon } : {}),
    webPreferences: secureWebPreferences(options.paths.preload),
  });
  win.once('ready-to-show', () => {
    if (options.showWhenReady) win.show();
  });
  win.on('close', (event) => {
    if (options.isQuitting()) return;
    event.preventDefault();
    win.hide();
    options.onHiddenToTray();
  });
  win.loadFile(options.paths.indexHtml, loadOptions(options.route)).catch((err: unknown) => {
    console.error(`[app] could not load the window: ${err instanceof Error ? err.message : String(err)}`);
  });
  return win;
}

/**
 * Moves an open window to `route`. Only the URL's fragment changes, so Chromium navigates within the page (no
 * reload, nothing lost); a promise that never settles for such a navigation is not awaited.
 */
export function showRoute(win: Pick<BrowserWindow, 'loadFile'>, indexHtml: string, route: string): void {
  win.loadFile(indexHtml, loadOptions(route)).catch((err: unknown) => {
    console.warn(`[app] could not open ${route}: ${err instanceof Error ? err.message : String(err)}`);
  });
}

/** Brings a window to the front, restoring it if minimized. */
export function revealWindow(win: Pick<BrowserWindow, 'isMinimized' | 'restore' | 'show' | 'focus'>): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

export const TRAY_HINT = {
  title: 'IICP Provider keeps running in the tray',
  body: 'Your node stays available while the window is closed. Use the tray icon to open it again or to quit.',
} as const;

/**
 * Returns a function that shows the "keeps running in the tray" notification the first time it is called,
 * ever (remembered in ui-state.json), and does nothing afterwards.
 */
export function trayHintOnce(NotificationCtor: typeof Notification, uiState: UiStateFile): () => void {
  let shown = false;
  return () => {
    if (shown) return;
    shown = true;
    if (uiState.read().trayHintShown) return;
    uiState.update({ trayHintShown: true });
    try {
      if (NotificationCtor.isSupported()) new NotificationCtor({ ...TRAY_HINT, silent: true }).show();
    } catch (err) {
      console.warn(`[app] could not show a notification: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}
