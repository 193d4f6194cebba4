/**
 * What the updater needs of electron-updater, by shape: tests hand it a fake, and only auto-updater.ts loads the real
 * one.
 */

/** The parts of electron-updater's `AppUpdater` the updater uses (an EventEmitter). */
export interface AutoUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: { info(message?: unknown): void; warn(message?: unknown): void; error(message?: unknown): void } | null;
  /** False where this kind of install cannot update itself (Linux without AppImage, a snap, an unpacked app). */
  isUpdaterActive(): boolean;
  /** Resolves to null when the updater is not active. */
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on: Listen;
  removeListener: Listen;
}

/** The events of electron-updater's `AppUpdater` this file listens to. */
export interface AutoUpdaterEvents {
  'checking-for-update': () => void;
  'update-available': (info: UpdateInfoLike) => void;
  'update-not-available': (info: UpdateInfoLike) => void;
  'download-progress': (progress: { percent: number }) => void;
  'update-downloaded': (info: UpdateInfoLike) => void;
  error: (error: Error) => void;
}

/** Adding or removing a listener of one of those events. */
interface Listen {
  (event: 'checking-for-update', listener: AutoUpdaterEvents['checking-for-update']): unknown;
  (
    event: 'update-available' | 'update-not-available' | 'update-downloaded',
    listener: AutoUpdaterEvents['update-available'],
  ): unknown;
  (event: 'download-progress', listener: AutoUpdaterEvents['download-progress']): unknown;
  (event: 'error', listener: AutoUpdaterEvents['error']): unknown;
}

export interface UpdateInfoLike {
  version: string;
  releaseDate?: string | null;
}
