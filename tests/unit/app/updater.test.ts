/**
 * The desktop app's self-update, with electron-updater replaced by a fake that behaves like it
 * and time faked: when it looks for a new version, that it downloads it, that it installs only with the person's
 * consent and never while a task is being served, and what it says when something fails.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UpdateStatus } from '@shared/contract';
import { ContractError } from '@shared/contract/errors';
import { english } from '@shared/i18n/say';
import { plainUpdateError } from '@main/app/update-errors';
import { electronAutoUpdater } from '@main/app/auto-updater';
import {
  CHECK_INTERVAL_MS,
  createUpdater,
  INSTALL_WATCHDOG_MS,
  type Updater,
  type UpdaterDeps,
} from '@main/app/updater';
import {
  DEVELOPMENT_BUILD,
  installKindProblem,
  NOT_UPDATABLE,
  SYSTEM_PACKAGE,
  UNSIGNED_MAC,
} from '@main/app/update-support';
import { FakeAutoUpdater, updaterError } from './fake-auto-updater';

/** The status with its sentences in English, as an English page and the log say them. */
const plain = (s: UpdateStatus) => ({
  ...s,
  reason: s.reason && english.said(s.reason),
  message: s.message && english.said(s.message),
});

vi.mock('electron', () => {
  throw new Error('the updater must not load electron itself');
});
// The module the desktop app uses reads electron-updater's `autoUpdater` (default export: electron-updater is
// CommonJS).
vi.mock('electron-updater', async () => {
  const { FakeAutoUpdater } = await import('./fake-auto-updater');
  return { default: { autoUpdater: new FakeAutoUpdater() } };
});

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const HOUR = 60 * 60 * 1000;
const at = (ms: number) => new Date(ms).toISOString();

interface Rig {
  fake: FakeAutoUpdater;
  updater: Updater;
  tasks: { running: number };
  settings: { autoCheck: boolean };
  /** Delivers an engine snapshot (the updater looks at running tasks then). */
  tick(): void;
  /** How many listen to engine snapshots. */
  subscribers(): number;
  drainAndStop: ReturnType<typeof vi.fn<() => Promise<void>>>;
  installFailed: ReturnType<typeof vi.fn>;
  seen: UpdateStatus[];
}

function rig(options: { autoCheck?: boolean; isPackaged?: boolean; active?: boolean; start?: boolean } = {}): Rig {
  const fake = new FakeAutoUpdater();
  fake.active = options.active ?? true;
  const tasks = { running: 0 };
  const settings = { autoCheck: options.autoCheck ?? true };
  const tickListeners = new Set<() => void>();
  const drainAndStop = vi.fn(() => Promise.resolve());
  const installFailed = vi.fn();
  const updater = createUpdater({
    autoUpdater: fake,
    currentVersion: '0.1.0',
    isPackaged: options.isPackaged ?? true,
    autoCheck: () => settings.autoCheck,
    activeTasks: () => tasks.running,
    subscribe: (listener) => {
      tickListeners.add(listener);
      return () => tickListeners.delete(listener);
    },
    drainAndStop,
    installFailed,
  });
  const seen: UpdateStatus[] = [];
  updater.onStatus((s) => seen.push(s));
  if (options.start ?? true) updater.start();
  return {
    fake,
    updater,
    tasks,
    settings,
    tick: () => tickListeners.forEach((l) => l()),
    subscribers: () => tickListeners.size,
    drainAndStop,
    installFailed,
    seen,
  };
}

/** An app with nothing running and automatic checks on, around `autoUpdater`. */
const idleAppDeps = (autoUpdater: UpdaterDeps['autoUpdater']): UpdaterDeps => ({
  autoUpdater,
  currentVersion: '0.1.0',
  isPackaged: true,
  autoCheck: () => true,
  activeTasks: () => 0,
  subscribe: () => () => undefined,
  drainAndStop: () => Promise.resolve(),
});

/** The command's refusal, as the dispatcher would send it. */
function refusal(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ContractError);
    return { code: (err as ContractError).code, message: (err as ContractError).message };
  }
  throw new Error('expected a refusal');
}

/** A rig whose update 1.2.0 is downloaded and waits for consent. */
async function downloadedRig(options: Parameters<typeof rig>[0] = {}): Promise<Rig> {
  const r = rig(options);
  if (r.fake.checkForUpdates.mock.calls.length === 0) r.updater.handlers.checkForUpdates({});
  r.fake.found('1.2.0');
  r.fake.downloaded('1.2.0');
  await vi.advanceTimersByTimeAsync(0);
  expect(r.updater.status().state).toBe('downloaded');
  return r;
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('configuring electron-updater', () => {
  it('downloads by itself (not autoDownload, whose failures nobody could catch), installs a downloaded update at the next quit, and logs nothing', () => {
    const { fake } = rig({ start: false });
    expect(fake.autoDownload).toBe(false);
    expect(fake.autoInstallOnAppQuit).toBe(true);
    expect(fake.logger).toBeNull();
    expect(fake.isUpdaterActive).toHaveBeenCalled();
    expect(fake.loggerWhenAsked).toBeNull();
  });

  it('the desktop app’s updater is electron-updater’s own autoUpdater, configured the same way', async () => {
    const { default: electronUpdater } = await import('electron-updater');
    const real = electronUpdater.autoUpdater as unknown as FakeAutoUpdater;
    expect(real.autoDownload).toBe(true); // electron-updater's defaults, before
    expect(electronAutoUpdater()).toBe(real);
    const updater = createUpdater(idleAppDeps(electronAutoUpdater()));
    expect(real).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: true, logger: null });
    updater.start();
    expect(real.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(updater.status()).toMatchObject({ supported: true, state: 'checking', currentVersion: '0.1.0' });
    updater.stop();
    expect(real.listenerCount('error')).toBe(0);
  });
});

describe('builds that cannot update themselves', () => {
  it('a development build says so in plain words, never checks, and refuses both commands', async () => {
    const { fake, updater } = rig({ isPackaged: false });
    await vi.advanceTimersByTimeAsync(24 * HOUR);
    expect(fake.checkForUpdates).not.toHaveBeenCalled();
    expect(updater.status()).toMatchObject({
      supported: false,
      reason: DEVELOPMENT_BUILD,
      currentVersion: '0.1.0',
      autoCheck: true,
      nextCheckAt: null,
    });
    expect(updater.handlers.getUpdateStatus({})).toEqual(updater.status());
    expect(refusal(() => updater.handlers.checkForUpdates({}))).toEqual({
      code: 'invalid_state',
      message: english.said(DEVELOPMENT_BUILD),
    });
    expect(refusal(() => updater.handlers.installUpdate({}))).toEqual({
      code: 'invalid_state',
      message: english.said(DEVELOPMENT_BUILD),
    });
    expect(fake.checkForUpdates).not.toHaveBeenCalled();
  });

  it('a kind of install electron-updater cannot update (Linux without AppImage) says so before any check', () => {
    const { fake, updater } = rig({ active: false });
    expect(fake.checkForUpdates).not.toHaveBeenCalled();
    expect(updater.status()).toMatchObject({ supported: false, reason: NOT_UPDATABLE });
  });

  it('a check electron-updater turns down (it answers null) stops the checks and says why', async () => {
    const { fake, updater } = rig();
    fake.inactive();
    await vi.advanceTimersByTimeAsync(0);
    expect(updater.status()).toMatchObject({ supported: false, reason: NOT_UPDATABLE, nextCheckAt: null });
    await vi.advanceTimersByTimeAsync(7 * HOUR);
    expect(fake.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('when it looks for a new version', () => {
  it('looks at start and every 6 hours, and says when it last looked and when it looks next', async () => {
    const { fake, updater } = rig();
    expect(fake.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(updater.status()).toMatchObject({
      state: 'checking',
      lastCheckAt: at(T0),
      nextCheckAt: at(T0 + CHECK_INTERVAL_MS),
    });
    fake.upToDate();
    await vi.advanceTimersByTimeAsync(0);
    expect(plain(updater.status())).toMatchObject({
      state: 'idle',
      available: null,
      message: 'You have the latest version.',
    });

    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS - 1);
    expect(fake.checkForUpdates).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.checkForUpdates).toHaveBeenCalledTimes(2);
    expect(updater.status()).toMatchObject({ lastCheckAt: at(T0 + 6 * HOUR), nextCheckAt: at(T0 + 12 * HOUR) });
    fake.upToDate();
    await vi.advanceTimersByTimeAsync(6 * HOUR);
    expect(fake.checkForUpdates).toHaveBeenCalledTimes(3);
  });

  it('with automatic checks off: no check at start, no timer at all, yet “Check now” looks (and nothing is scheduled after)', async () => {
    const { fake, updater } = rig({ autoCheck: false });
    expect(fake.checkForUpdates).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
    expect(updater.status()).toMatchObject({ autoCheck: false, lastCheckAt: null, nextCheckAt: null });
    await vi.advanceTimersByTimeAsync(48 * HOUR);
    expect(fake.checkForUpdates).not.toHaveBeenCalled();

    const answer = updater.handlers.checkForUpdates({});
    expect(answer).toMatchObject({ state: 'checking', lastCheckAt: at(T0 + 48 * HOUR), nextCheckAt: null });
    expect(fake.checkForUpdates).toHaveBeenCalledTimes(1);
    fake.upToDate();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never runs two checks at once: “Check now” or the timer during a check joins it', async () => {
    const { fake, updater } = rig();
    updater.handlers.checkForUpdates({});
    updater.handlers.checkForUpdates({});
    expect(fake.checkForUpdates).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS); // the check still hangs when the timer fires
    expect(fake.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(updater.status().nextCheckAt).toBe(at(T0 + 2 * CHECK_INTERVAL_MS));
    fake.upToDate();
    await vi.advanceTimersByTimeAsync(0);
    updater.handlers.checkForUpdates({});
    expect(fake.checkForUpdates).toHaveBeenCalledTimes(2);
  });

  it('switching automatic checks off cancels the next check; on again looks at once when the last look is 6 hours old', async () => {
    const r = rig();
    r.fake.upToDate();
    await vi.advanceTimersByTimeAsync(HOUR);
    r.settings.autoCheck = false;
    r.updater.settingsChanged();
    expect(r.updater.status()).toMatchObject({ autoCheck: false, nextCheckAt: null });
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10 * HOUR);
    expect(r.fake.checkForUpdates).toHaveBeenCalledTimes(1);

    r.settings.autoCheck = true;
    r.updater.settingsChanged();
    expect(r.fake.checkForUpdates).toHaveBeenCalledTimes(2);
    expect(r.updater.status()).toMatchObject({
      autoCheck: true,
      state: 'checking',
      lastCheckAt: at(T0 + 11 * HOUR),
      nextCheckAt: at(T0 + 17 * HOUR),
    });
  });

  it('switched on again soon after a look, it waits for the rest of the 6 hours', async () => {
    const r = rig();
    r.fake.upToDate();
    await vi.advanceTimersByTimeAsync(HOUR);
    r.settings.autoCheck = false;
    r.updater.settingsChanged();
    await vi.advanceTimersByTimeAsync(HOUR);
    r.settings.autoCheck = true;
    r.updater.settingsChanged();
    expect(r.fake.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(r.updater.status().nextCheckAt).toBe(at(T0 + CHECK_INTERVAL_MS));
    await vi.advanceTimersByTimeAsync(4 * HOUR);
    expect(r.fake.checkForUpdates).toHaveBeenCalledTimes(2);
  });

  it('a setting that did not change (another field was saved) changes nothing', () => {
    const r = rig();
    const before = r.updater.status();
    r.updater.settingsChanged();
    expect(r.fake.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(r.updater.status()).toBe(before);
  });
});

describe('downloading', () => {
  it('downloads a version it found in the background, with its progress in whole percent', async () => {
    const { fake, updater } = rig();
    fake.found('1.2.0');
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.downloadUpdate).toHaveBeenCalledTimes(1);
    expect(updater.status()).toMatchObject({
      state: 'downloading',
      downloadPercent: 0,
      available: { version: '1.2.0', releaseDate: '2026-01-02T03:04:05.000Z' },
    });
    fake.progress(42.7);
    expect(updater.status().downloadPercent).toBe(42);
    fake.downloaded('1.2.0');
    await vi.advanceTimersByTimeAsync(0);
    expect(updater.status()).toMatchObject({
      state: 'downloaded',
      downloadPercent: null,
      available: { version: '1.2.0' },
      consented: false,
    });
    expect(fake.quitAndInstall).not.toHaveBeenCalled();
  });

  it('downloads too when automatic checks are off and the person pressed “Check now” (they asked)', async () => {
    const { fake, updater } = rig({ autoCheck: false });
    updater.handlers.checkForUpdates({});
    fake.found('1.2.0');
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.downloadUpdate).toHaveBeenCalledTimes(1);
    expect(updater.status().state).toBe('downloading');
  });

  it('does not look again while a downloaded version waits to be installed, but keeps the schedule', async () => {
    const { fake, updater } = await downloadedRig();
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS);
    expect(fake.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(updater.handlers.checkForUpdates({})).toMatchObject({ state: 'downloaded' });
    expect(fake.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(updater.status().nextCheckAt).not.toBeNull();
  });
});

describe('installing: only with consent, never while a task is served', () => {
  it('refuses consent when nothing is downloaded, in plain words', async () => {
    const { fake, updater } = rig();
    fake.upToDate();
    await vi.advanceTimersByTimeAsync(0);
    expect(refusal(() => updater.handlers.installUpdate({}))).toEqual({
      code: 'invalid_state',
      message: 'There is no downloaded update to install. Look for updates first.',
    });
    updater.handlers.checkForUpdates({});
    fake.found('1.2.0');
    fake.progress(42);
    expect(refusal(() => updater.handlers.installUpdate({}))).toEqual({
      code: 'invalid_state',
      message: 'The new version is still downloading (42 %). It can be installed once it is ready.',
    });
    expect(fake.quitAndInstall).not.toHaveBeenCalled();
  });

  it('a downloaded version is never installed without consent, however long it waits', async () => {
    const r = await downloadedRig();
    for (let i = 0; i < 5; i++) {
      r.tick();
      await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS);
    }
    expect(r.drainAndStop).not.toHaveBeenCalled();
    expect(r.fake.quitAndInstall).not.toHaveBeenCalled();
  });

  it('consent while tasks run waits for them, then stops the engine and installs the moment the last one is done', async () => {
    const r = await downloadedRig();
    const order: string[] = [];
    r.drainAndStop.mockImplementation(async () => {
      order.push('drain');
    });
    r.fake.quitAndInstall.mockImplementation(() => {
      order.push(`install with ${r.tasks.running} tasks running`);
    });
    r.tasks.running = 2;
    expect(r.updater.handlers.installUpdate({})).toMatchObject({ state: 'waiting_for_tasks', consented: true });
    r.tick();
    r.tasks.running = 1;
    r.tick();
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(order).toEqual([]);

    r.tasks.running = 0;
    r.tick();
    expect(r.updater.status().state).toBe('installing');
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(['drain', 'install with 0 tasks running']);
    expect(r.fake.quitAndInstall).toHaveBeenCalledWith(true, true);
    // Further snapshots and presses do not start a second install.
    r.tick();
    expect(r.updater.handlers.installUpdate({})).toMatchObject({ state: 'installing' });
    await vi.advanceTimersByTimeAsync(0);
    expect(r.fake.quitAndInstall).toHaveBeenCalledTimes(1);
  });

  it('consent with nothing running installs at once (after the engine stopped)', async () => {
    const r = await downloadedRig();
    let stopped = false;
    r.drainAndStop.mockImplementation(async () => {
      stopped = true;
    });
    let stoppedBeforeInstall: boolean | null = null;
    r.fake.quitAndInstall.mockImplementation(() => {
      stoppedBeforeInstall = stopped;
    });
    expect((await r.updater.handlers.installUpdate({})).state).toBe('installing');
    await vi.advanceTimersByTimeAsync(0);
    expect(r.fake.quitAndInstall).toHaveBeenCalledTimes(1);
    expect(stoppedBeforeInstall).toBe(true);
    expect(r.updater.status().state).toBe('installing');
    expect(r.installFailed).not.toHaveBeenCalled();
  });

  it('does not install when the engine could not be stopped, says so, and lets the host bring the node back', async () => {
    const r = await downloadedRig();
    r.drainAndStop.mockRejectedValue(new Error('EBUSY: /home/alice/.config/iicp/node.db'));
    r.updater.handlers.installUpdate({});
    await vi.advanceTimersByTimeAsync(0);
    expect(r.fake.quitAndInstall).not.toHaveBeenCalled();
    expect(plain(r.updater.status())).toMatchObject({
      state: 'error',
      consented: false,
      message: 'The update could not be installed.',
    });
    expect(r.installFailed).toHaveBeenCalledTimes(1);
  });

  it('an installer electron-updater cannot start becomes an error, not a crash, and the host brings the node back', async () => {
    const r = await downloadedRig();
    r.fake.quitAndInstall.mockImplementation(() => {
      r.fake.emit('error', updaterError("No update filepath provided, can't quit and install"));
    });
    r.updater.handlers.installUpdate({});
    await vi.advanceTimersByTimeAsync(0);
    expect(plain(r.updater.status())).toMatchObject({ state: 'error', message: 'The update could not be installed.' });
    expect(r.installFailed).toHaveBeenCalledTimes(1);
  });
  it('an installer that fails later (Squirrel on macOS), or never ends the app, still brings the node back, once', async () => {
    const later = await downloadedRig();
    later.updater.handlers.installUpdate({});
    await vi.advanceTimersByTimeAsync(0);
    expect(later.updater.status().state).toBe('installing');
    later.fake.emit('error', updaterError('Code signature at URL did not pass validation'));
    expect(plain(later.updater.status())).toMatchObject({ state: 'error', message: expect.any(String) });
    expect(later.installFailed).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(INSTALL_WATCHDOG_MS);
    expect(later.installFailed).toHaveBeenCalledTimes(1);

    const never = await downloadedRig();
    never.updater.handlers.installUpdate({});
    await vi.advanceTimersByTimeAsync(INSTALL_WATCHDOG_MS - 1);
    expect(never.installFailed).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(plain(never.updater.status())).toMatchObject({
      state: 'error',
      message: 'The update could not be installed.',
    });
    expect(never.installFailed).toHaveBeenCalledTimes(1);
  });
});

describe('kinds of install that cannot update themselves', () => {
  it('says why for an unsigned macOS build and a .deb, and lets an AppImage, Windows and a signed Mac update', () => {
    expect(installKindProblem({ platform: 'darwin', env: {}, macSigned: false })).toBe(UNSIGNED_MAC);
    expect(installKindProblem({ platform: 'darwin', env: {}, macSigned: true })).toBeNull();
    expect(installKindProblem({ platform: 'linux', env: {}, macSigned: false })).toBe(SYSTEM_PACKAGE);
    expect(
      installKindProblem({ platform: 'linux', env: { APPIMAGE: '/home/a/IICP.AppImage' }, macSigned: false }),
    ).toBeNull();
    expect(installKindProblem({ platform: 'win32', env: {}, macSigned: false })).toBeNull();
  });

  it('an unsigned Mac build never downloads anything, however long it runs', async () => {
    const fake = new FakeAutoUpdater();
    const updater = createUpdater({
      ...idleAppDeps(fake),
      installKind: { platform: 'darwin', env: {}, macSigned: false },
    });
    updater.start();
    await vi.advanceTimersByTimeAsync(3 * CHECK_INTERVAL_MS);
    expect(updater.status()).toMatchObject({ supported: false, reason: UNSIGNED_MAC });
    expect(fake.checkForUpdates).not.toHaveBeenCalled();
    updater.stop();
  });
});

describe('failures', () => {
  const secretish = /https?:|token|\/home|\/tmp|C:\\|at .*\(|\.js:\d+/;

  it('offline: state error in plain words (no URL, token, path or stack), and the next check is still scheduled', async () => {
    const { fake, updater } = rig();
    fake.failCheck(
      updaterError(
        'net::ERR_INTERNET_DISCONNECTED https://api.github.com/repos/iicp-network/iicp-provider/releases?access_token=ghp_secret at /home/alice/app.js:1',
        {
          code: 'ERR_INTERNET_DISCONNECTED',
        },
      ),
    );
    await vi.advanceTimersByTimeAsync(0);
    const status = updater.status();
    expect(plain(status)).toMatchObject({
      state: 'error',
      message: 'The update server could not be reached. Is this computer online?',
      nextCheckAt: at(T0 + CHECK_INTERVAL_MS),
    });
    expect(JSON.stringify(status)).not.toMatch(secretish);
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS);
    expect(fake.checkForUpdates).toHaveBeenCalledTimes(2);
    expect(updater.status().state).toBe('checking');
  });

  it('a failed download (bad signature) is an error, and the next check tries again', async () => {
    const { fake, updater } = rig();
    fake.found('1.2.0');
    fake.progress(90);
    fake.failDownload(
      updaterError('sha512 checksum mismatch, expected abc, got def', { code: 'ERR_CHECKSUM_MISMATCH' }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(plain(updater.status())).toMatchObject({
      state: 'error',
      downloadPercent: null,
      message: 'The downloaded update did not pass its signature check, so it was not installed.',
    });
    expect(refusal(() => updater.handlers.installUpdate({})).code).toBe('invalid_state');
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS);
    fake.found('1.2.0');
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.downloadUpdate).toHaveBeenCalledTimes(2);
  });

  it('never throws out: a check that throws at once, or a rejection with no event, still ends in words', async () => {
    const { fake, updater } = rig({ autoCheck: false });
    fake.checkForUpdates.mockImplementationOnce(() => {
      throw updaterError('HTTP error: Service Unavailable', { statusCode: 503 });
    });
    expect(() => updater.handlers.checkForUpdates({})).not.toThrow();
    expect(plain(updater.status())).toMatchObject({
      state: 'error',
      message: 'GitHub, where updates are published, did not answer properly (HTTP 503). Try again later.',
    });

    fake.checkForUpdates.mockImplementationOnce(() =>
      Promise.reject(
        updaterError('Cannot find latest.yml in the latest release artifacts', {
          code: 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND',
        }),
      ),
    );
    updater.handlers.checkForUpdates({});
    await vi.advanceTimersByTimeAsync(0);
    expect(plain(updater.status())).toMatchObject({
      state: 'error',
      message: 'No release for this system was found where updates are published.',
    });
  });

  it.each([
    [{ code: 'ENOTFOUND' }, 'check', 'The update server could not be reached. Is this computer online?'],
    [
      { message: 'net::ERR_NAME_NOT_RESOLVED' },
      'download',
      'The update server could not be reached. Is this computer online?',
    ],
    [
      { statusCode: 502 },
      'check',
      'GitHub, where updates are published, did not answer properly (HTTP 502). Try again later.',
    ],
    [
      { statusCode: 403 },
      'check',
      'GitHub, where updates are published, did not answer properly (HTTP 403). Try again later.',
    ],
    [{ statusCode: 404 }, 'check', 'No release for this system was found where updates are published.'],
    [
      { code: 'ERR_UPDATER_INVALID_SIGNATURE' },
      'download',
      'The downloaded update did not pass its signature check, so it was not installed.',
    ],
    [
      { message: 'Code signature at URL file:///Users/a/x.app did not pass validation' },
      'install',
      'The downloaded update did not pass its signature check, so it was not installed.',
    ],
    [{ code: 'ENOSPC' }, 'download', 'There is not enough free disk space to download the update.'],
    [{ code: 'EACCES' }, 'download', 'The app is not allowed to write the update to disk.'],
    [{ message: 'something odd at /home/alice/x.js:3' }, 'check', 'Looking for updates failed.'],
    [{ message: 'something odd' }, 'download', 'The update could not be downloaded.'],
  ] as const)('words for %o while %s', (fields, phase, words) => {
    const err = Object.assign(new Error('message' in fields ? fields.message : 'x'), fields);
    expect(english.said(plainUpdateError(err, phase))).toBe(words);
  });
});

describe('status', () => {
  it('tells listeners about each change, once, and not about nothing', async () => {
    const r = rig({ start: false });
    r.updater.start();
    expect(r.seen.map((s) => s.state)).toEqual(['checking']);
    r.fake.found('1.2.0');
    r.fake.progress(10.2);
    r.fake.progress(10.9); // still 10 %
    r.fake.progress(55);
    r.fake.downloaded('1.2.0');
    await vi.advanceTimersByTimeAsync(0);
    expect(r.seen.map((s) => [s.state, s.downloadPercent])).toEqual([
      ['checking', null],
      ['downloading', 0],
      ['downloading', 10],
      ['downloading', 55],
      ['downloaded', null],
    ]);
  });

  it('stop() leaves nothing behind: no timer, no listener on electron-updater, no snapshot subscription', async () => {
    const r = rig();
    r.fake.upToDate();
    await vi.advanceTimersByTimeAsync(0);
    expect(r.subscribers()).toBe(1);
    r.updater.stop();
    expect(r.subscribers()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    for (const event of [
      'checking-for-update',
      'update-available',
      'update-not-available',
      'download-progress',
      'update-downloaded',
      'error',
    ]) {
      expect(r.fake.listenerCount(event), event).toBe(0);
    }
    expect(r.updater.status().nextCheckAt).toBeNull();
  });
});
