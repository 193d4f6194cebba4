import { join } from 'node:path';

/** The tray icon's states (see tray.ts): online, paused by hand, waiting for the person's rules, problem. */
export type TrayIconKind = 'online' | 'paused' | 'waiting' | 'problem';
export const TRAY_ICON_KINDS: readonly TrayIconKind[] = ['online', 'paused', 'waiting', 'problem'];

/** Where the shell finds its bundles and icons, relative to the app root (`app.getAppPath()`). */
export interface AppPaths {
  appRoot: string;
  /** The renderer bundle's folder; the only place the window may load or navigate to. */
  rendererDir: string;
  indexHtml: string;
  preload: string;
  /** The engine's own process (a utilityProcess). */
  engineEntry: string;
  windowIcon: string;
  trayIcon(kind: TrayIconKind): string;
}

/**
 * The same layout in development (`electron .` in the project) and packaged (inside app.asar): the
 * bundles under `out/`, the icons under `build/` (electron-builder.yml packs `build/tray/**` and
 * `build/icon.png` explicitly, since build resources are not packed by default).
 */
export function appPaths(appRoot: string): AppPaths {
  const rendererDir = join(appRoot, 'out', 'renderer');
  return {
    appRoot,
    rendererDir,
    indexHtml: join(rendererDir, 'index.html'),
    preload: join(appRoot, 'out', 'preload', 'index.cjs'),
    engineEntry: join(appRoot, 'out', 'main', 'engine.js'),
    windowIcon: join(appRoot, 'build', 'icon.png'),
    trayIcon: (kind) => join(appRoot, 'build', 'tray', `tray-${kind}.png`),
  };
}
