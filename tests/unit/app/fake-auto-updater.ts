/**
 * A stand-in for electron-updater's `autoUpdater`, behaving as it does where the updater depends on it: a check
 * emits `checking-for-update` and settles later (the test decides how), a failure is emitted as `error` AND rejects
 * the call's promise, `downloadUpdate` emits progress and `update-downloaded`, and it starts with electron-updater's
 * defaults (autoDownload on, install on quit on, logging to the console).
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import type { AutoUpdaterLike } from '@main/app/auto-updater-like';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(err: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export class FakeAutoUpdater extends EventEmitter {
  autoDownload = true;
  autoInstallOnAppQuit = false;
  logger: AutoUpdaterLike['logger'] = console;
  active = true;
  private check: Deferred<unknown> | null = null;
  private download: Deferred<string[]> | null = null;

  /** The logger in place when `isUpdaterActive` ran (electron-updater logs from there). */
  loggerWhenAsked: AutoUpdaterLike['logger'] | undefined = undefined;
  isUpdaterActive = vi.fn(() => {
    this.loggerWhenAsked = this.logger;
    return this.active;
  });
  checkForUpdates = vi.fn(() => {
    this.check = deferred();
    this.emit('checking-for-update');
    return this.check.promise;
  });
  downloadUpdate = vi.fn(() => {
    this.download = deferred();
    return this.download.promise;
  });
  quitAndInstall = vi.fn<(isSilent?: boolean, isForceRunAfter?: boolean) => void>();

  /** The running check finds `version` (electron-updater emits, then resolves). */
  found(version: string, releaseDate = '2026-01-02T03:04:05.000Z'): void {
    const info = { version, releaseDate, files: [], path: '', sha512: '' };
    this.emit('update-available', info);
    this.check?.resolve({ isUpdateAvailable: true, updateInfo: info });
  }

  upToDate(version = '0.1.0'): void {
    const info = { version, files: [], path: '', sha512: '' };
    this.emit('update-not-available', info);
    this.check?.resolve({ isUpdateAvailable: false, updateInfo: info });
  }

  /** The running check fails as electron-updater's do: an `error` event, and the promise rejects. */
  failCheck(err: Error): void {
    this.emit('error', err, `Cannot check for updates: ${err.stack ?? err.message}`);
    this.check?.reject(err);
  }

  /** The updater is not active after all (electron-updater resolves null and emits nothing). */
  inactive(): void {
    this.check?.resolve(null);
  }

  progress(percent: number): void {
    this.emit('download-progress', { percent, bytesPerSecond: 1, total: 100, transferred: percent });
  }

  downloaded(version: string): void {
    this.emit('update-downloaded', {
      version,
      releaseDate: '2026-01-02T03:04:05.000Z',
      files: [],
      path: '',
      sha512: '',
      downloadedFile: '/tmp/x',
    });
    this.download?.resolve(['/tmp/x']);
  }

  failDownload(err: Error): void {
    this.emit('error', err, (err.stack ?? err.message).toString());
    this.download?.reject(err);
  }
}

/** An error as electron-updater / builder-util-runtime build them: a message, plus a code or an HTTP status. */
export function updaterError(message: string, extra: { code?: string; statusCode?: number } = {}): Error {
  return Object.assign(new Error(message), extra);
}
