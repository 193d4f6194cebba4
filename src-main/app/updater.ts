/**
 * The desktop app's self-update, around electron-updater: look for a new version at start and every 6 hours (when
 * the person lets it; "Check now" works either way), download it in the background, and install it only when the
 * person agrees and no task is being served — or at the next quit, which stops the engine first anyway.
 *
 * Installing: once consent is given and `activeTasks()` is 0 (looked at again on every engine snapshot), the updater
 * calls the injected `drainAndStop()` (the host stops the engine, which lets tasks that arrived meanwhile finish) and
 * then `autoUpdater.quitAndInstall` itself, so every call into electron-updater stays in this file.
 *
 * Nothing here throws out of the updater: a failed check or download becomes state `error` with a sentence of our
 * own (update-errors.ts), and the next check stays scheduled.
 */
import type { UpdateState, UpdateStatus } from '@shared/contract';
import { updatesNotSupported } from '@shared/contract/updates';
import type { HostCommandHandlers } from '@shared/contract/dispatch';
import { ContractError } from '@shared/contract/errors';
import { said, type Said } from '@shared/i18n/said';
import type { AutoUpdaterEvents, AutoUpdaterLike, UpdateInfoLike } from './auto-updater-like';
import { plainUpdateError, type UpdatePhase } from './update-errors';
import { DEVELOPMENT_BUILD, installKindProblem, NOT_UPDATABLE } from './update-support';

export const CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

/** How long an install may take to end the app before the updater counts it as failed. */
export const INSTALL_WATCHDOG_MS = 60_000;

/** Time, injectable so tests run on fake time. */
export interface UpdaterClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface UpdaterDeps {
  autoUpdater: AutoUpdaterLike;
  currentVersion: string;
  /** `app.isPackaged`: a development build cannot update itself. */
  isPackaged: boolean;
  /** The person's `checkForUpdates` setting, read each time it matters. */
  autoCheck(): boolean;
  /** Tasks being served right now. */
  activeTasks(): number;
  /** Calls `listener` on every engine snapshot (when tasks may have drained); returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Stops the engine after letting running tasks finish; the updater installs once it resolves. */
  drainAndStop(): Promise<void>;
  /**
   * The engine was stopped (or stopping failed) for an install that then did not happen: the host brings the node
   * back (starts the engine again, or quits). The status says what went wrong.
   */
  installFailed?(): void;
  /** Where the app runs, when it matters for updating (absent in tests of the decisions themselves). */
  installKind?: { platform: NodeJS.Platform; env: NodeJS.ProcessEnv; macSigned: boolean };
  clock?: UpdaterClock;
}

export interface Updater {
  status(): UpdateStatus;
  /** Calls `listener` with each changed status; returns the unsubscribe. */
  onStatus(listener: (status: UpdateStatus) => void): () => void;
  handlers: Pick<HostCommandHandlers, 'getUpdateStatus' | 'checkForUpdates' | 'installUpdate'>;
  /** Checks now (when auto-check is on) and every 6 hours after. */
  start(): void;
  stop(): void;
  /** Re-reads `autoCheck()`: off cancels the next check, on schedules one (at once if the last is 6 hours old). */
  settingsChanged(): void;
}

const realClock: UpdaterClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A check would disturb nothing: no check or download is under way and no downloaded version waits. */
const MAY_CHECK: ReadonlySet<UpdateState> = new Set(['idle', 'error']);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function createUpdater(deps: UpdaterDeps): Updater {
  const { autoUpdater } = deps;
  const clock = deps.clock ?? realClock;
  const listeners = new Set<(status: UpdateStatus) => void>();

  // Explicit downloads (see 'update-available' below); a downloaded update also installs at the next quit, which
  // stops the engine first.
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = true;
  // electron-updater logs download URLs, stack traces and paths (from here on: isUpdaterActive below logs too); what
  // matters reaches the status in plain words.
  autoUpdater.logger = null;

  /** Why this build cannot update itself, or null when it can. */
  let reason: Said | null = !deps.isPackaged
    ? DEVELOPMENT_BUILD
    : ((deps.installKind ? installKindProblem(deps.installKind) : null) ??
      (autoUpdater.isUpdaterActive() ? null : NOT_UPDATABLE));
  let status: UpdateStatus = {
    ...updatesNotSupported(deps.currentVersion, deps.autoCheck(), NOT_UPDATABLE),
    supported: reason === null,
    reason,
  };

  let lastCheck: number | null = null;
  let nextCheck: number | null = null;
  let timer: unknown = null;
  let started = false;
  let unsubscribe: (() => void) | null = null;

  const set = (patch: Partial<UpdateStatus>) => {
    const next: UpdateStatus = { ...status, ...patch, lastCheckAt: iso(lastCheck), nextCheckAt: iso(nextCheck) };
    if (JSON.stringify(next) === JSON.stringify(status)) return;
    status = next;
    for (const listener of listeners) {
      try {
        listener(status);
      } catch {
        // A listener's own failure is its business; the updater carries on.
      }
    }
  };

  const fail = (err: unknown, phase: UpdatePhase) => {
    set({ state: 'error', message: plainUpdateError(err, phase), downloadPercent: null, consented: false });
  };

  /** This build cannot update itself after all (electron-updater said so on a check): say why, check no more. */
  const unsupported = (why: Said) => {
    reason = why;
    cancelTimer();
    set(updatesNotSupported(deps.currentVersion, status.autoCheck, why));
  };

  const cancelTimer = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    nextCheck = null;
  };

  const scheduleAt = (at: number) => {
    cancelTimer();
    if (reason || !started || !status.autoCheck) return;
    nextCheck = at;
    timer = clock.setTimeout(
      () => {
        timer = null;
        check();
      },
      Math.max(0, at - clock.now()),
    );
  };

  /** Starts a check unless one (or a download, or a waiting update) is under way; the next one is always scheduled. */
  const check = () => {
    if (reason) return;
    const now = clock.now();
    const busy = !MAY_CHECK.has(status.state);
    if (!busy) lastCheck = now;
    scheduleAt(now + CHECK_INTERVAL_MS);
    if (busy) {
      set({});
      return;
    }
    set({ state: 'checking', message: null });
    let pending: Promise<unknown>;
    try {
      pending = autoUpdater.checkForUpdates();
    } catch (err) {
      fail(err, 'check');
      return;
    }
    pending.then(
      (result) => {
        if (result === null || result === undefined) unsupported(NOT_UPDATABLE);
        else if (status.state === 'checking') set({ state: 'idle' });
      },
      (err: unknown) => {
        if (status.state === 'checking') fail(err, 'check');
      },
    );
  };

  // The engine is stopped for an install that did not happen: said once, so the host brings the node back.
  let installBroken = false;
  const installBroke = () => {
    if (installBroken) return;
    installBroken = true;
    deps.installFailed?.();
  };

  const install = async () => {
    set({ state: 'installing', message: null });
    try {
      await deps.drainAndStop();
      // Silent (Windows: no installer pages, the person already agreed) and run the new version afterwards. A
      // failure to start the installer is emitted as `error` from inside this call, and the app does not quit.
      autoUpdater.quitAndInstall(true, true);
    } catch (err) {
      fail(err, 'install');
    }
    if (status.state === 'error') {
      installBroke();
      return;
    }
    // macOS hands the install to Squirrel, which may fail later or never end the app: not left stopped for ever.
    clock.setTimeout(() => {
      if (status.state !== 'installing') return;
      fail(new Error('the installer did not take over'), 'install');
      installBroke();
    }, INSTALL_WATCHDOG_MS);
  };

  /** On every engine snapshot: the moment the last running task is done, a consented update installs. */
  const onTick = () => {
    if (status.state === 'waiting_for_tasks' && status.consented && deps.activeTasks() === 0) void install();
  };

  const events: AutoUpdaterEvents = {
    'checking-for-update': () => set({ state: 'checking', message: null }),
    'update-not-available': () =>
      set({ state: 'idle', available: null, downloadPercent: null, message: said('settings.updates.latest') }),
    'update-available': (info: UpdateInfoLike) => {
      set({
        state: 'downloading',
        available: { version: info.version, releaseDate: info.releaseDate ?? null },
        downloadPercent: 0,
        message: null,
      });
      // Not autoDownload: that download's promise would reject with nobody to catch it. The person asked (a check
      // they pressed) or agreed to checks (the setting), so it is downloaded either way.
      autoUpdater.downloadUpdate().catch((err: unknown) => {
        if (status.state === 'downloading') fail(err, 'download');
      });
    },
    'download-progress': (progress: { percent: number }) => {
      if (status.state !== 'downloading') return;
      const percent = Math.min(100, Math.max(0, Math.floor(Number.isFinite(progress.percent) ? progress.percent : 0)));
      set({ downloadPercent: percent });
    },
    'update-downloaded': (info: UpdateInfoLike) => {
      set({
        state: 'downloaded',
        available: { version: info.version, releaseDate: info.releaseDate ?? null },
        downloadPercent: null,
        message: null,
      });
    },
    error: (err: Error) => {
      const installing = status.state === 'installing';
      const phase: UpdatePhase = status.state === 'downloading' ? 'download' : installing ? 'install' : 'check';
      fail(err, phase);
      if (installing) installBroke();
    },
  };

  const wire = (method: 'on' | 'removeListener') => {
    autoUpdater[method]('checking-for-update', events['checking-for-update']);
    autoUpdater[method]('update-not-available', events['update-not-available']);
    autoUpdater[method]('update-available', events['update-available']);
    autoUpdater[method]('download-progress', events['download-progress']);
    autoUpdater[method]('update-downloaded', events['update-downloaded']);
    autoUpdater[method]('error', events.error);
  };

  const notSupported = () => new ContractError('invalid_state', reason ?? said('refusal.updates.notSelf'));

  return {
    status: () => status,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    handlers: {
      getUpdateStatus: () => status,
      checkForUpdates: () => {
        if (reason) throw notSupported();
        check(); // asked for: whatever the setting says
        return status;
      },
      installUpdate: () => {
        if (reason) throw notSupported();
        if (status.state === 'waiting_for_tasks' || status.state === 'installing') return status;
        if (status.state !== 'downloaded') {
          throw new ContractError(
            'invalid_state',
            status.state === 'downloading'
              ? said('refusal.updates.downloading', { percent: status.downloadPercent ?? 0 })
              : said('refusal.updates.nothingDownloaded'),
          );
        }
        set({ consented: true, state: 'waiting_for_tasks' });
        if (deps.activeTasks() === 0) void install();
        return status;
      },
    },
    start() {
      if (started) return;
      started = true;
      wire('on');
      unsubscribe = deps.subscribe(onTick);
      if (reason) return;
      set({ autoCheck: deps.autoCheck() });
      if (status.autoCheck) check();
    },
    stop() {
      if (!started) return;
      started = false;
      cancelTimer();
      unsubscribe?.();
      unsubscribe = null;
      wire('removeListener');
      set({});
    },
    settingsChanged() {
      const autoCheck = deps.autoCheck();
      if (autoCheck === status.autoCheck) return;
      if (!autoCheck) cancelTimer();
      set({ autoCheck });
      if (!autoCheck || !started || reason) return;
      const due = lastCheck === null ? clock.now() : Math.max(clock.now(), lastCheck + CHECK_INTERVAL_MS);
      if (due <= clock.now()) check();
      else {
        scheduleAt(due);
        set({});
      }
    },
  };
}
