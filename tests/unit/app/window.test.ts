import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appPaths } from '@main/app/paths';
import { uiStateFile, uiStatePath } from '@main/app/ui-state';
import { createMainWindow, revealWindow, TRAY_HINT, trayHintOnce, WINDOW_SIZE } from '@main/app/window';
import { tempDir } from '../../support/tmp';
import { FakeBrowserWindow, FakeNotification } from './electron-fakes';

vi.mock('electron', () => {
  throw new Error('the window glue must not load electron itself');
});

const paths = appPaths('/opt/iicp-provider');

describe('main window', () => {
  let quitting: boolean;
  let hidden: ReturnType<typeof vi.fn<() => void>>;

  const open = (showWhenReady = true, platform: NodeJS.Platform = 'linux') =>
    createMainWindow({
      BrowserWindow: FakeBrowserWindow as never,
      paths,
      showWhenReady,
      isQuitting: () => quitting,
      onHiddenToTray: hidden,
      platform,
    }) as unknown as FakeBrowserWindow;

  beforeEach(() => {
    FakeBrowserWindow.instances = [];
    quitting = false;
    hidden = vi.fn<() => void>();
  });

  it('is 1000×700 (at least 900×600), hidden until painted, sandboxed, and loads only the local bundle', () => {
    const win = open();
    expect(win.options).toMatchObject({ width: 1000, height: 700, minWidth: 900, minHeight: 600, show: false });
    expect(WINDOW_SIZE).toEqual({ width: 1000, height: 700, minWidth: 900, minHeight: 600 });
    expect(win.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      preload: paths.preload,
    });
    expect(paths.preload).toBe('/opt/iicp-provider/out/preload/index.cjs');
    expect(win.loadedFile).toBe('/opt/iicp-provider/out/renderer/index.html');
    expect(win.visible).toBe(false);
    win.paint();
    expect(win.visible).toBe(true);
  });

  it('stays hidden after painting when it was opened for the tray', () => {
    const win = open(false);
    win.paint();
    expect(win.visible).toBe(false);
  });

  it('sets the window icon on Linux only (elsewhere it comes from the app bundle)', () => {
    expect(open(true, 'linux').options.icon).toBe('/opt/iicp-provider/build/icon.png');
    expect(open(true, 'win32').options.icon).toBeUndefined();
    expect(open(true, 'darwin').options.icon).toBeUndefined();
  });

  it('hides to the tray when closed, and really closes while quitting', () => {
    const win = open();
    win.paint();
    win.close();
    expect(win.destroyed).toBe(false);
    expect(win.visible).toBe(false);
    expect(hidden).toHaveBeenCalledTimes(1);

    quitting = true;
    win.close();
    expect(win.destroyed).toBe(true);
    expect(hidden).toHaveBeenCalledTimes(1);
  });

  it('comes back to the front, restored, when revealed', () => {
    const win = open();
    win.minimize();
    revealWindow(win as never);
    expect(win).toMatchObject({ minimized: false, visible: true, focused: true });
  });
});

describe('the one-time tray notification', () => {
  let dir: string;
  let cleanup: () => void;

  beforeEach(() => {
    ({ dir, cleanup } = tempDir('iicp-app-ui-'));
    FakeNotification.shown = [];
    FakeNotification.supported = true;
  });

  afterEach(() => cleanup());

  it('is shown the first time the window is hidden, and never again (even after a restart)', () => {
    const notify = trayHintOnce(FakeNotification as never, uiStateFile(dir));
    notify();
    notify();
    expect(FakeNotification.shown).toEqual([
      expect.objectContaining({ title: 'IICP Provider keeps running in the tray' }),
    ]);
    expect(FakeNotification.shown[0]).toMatchObject(TRAY_HINT);
    expect(JSON.parse(readFileSync(uiStatePath(dir), 'utf8'))).toEqual({ trayHintShown: true });

    const afterRestart = trayHintOnce(FakeNotification as never, uiStateFile(dir));
    afterRestart();
    expect(FakeNotification.shown).toHaveLength(1);
  });

  it('is recorded even where notifications are not supported, so it is not retried every time', () => {
    FakeNotification.supported = false;
    trayHintOnce(FakeNotification as never, uiStateFile(dir))();
    expect(FakeNotification.shown).toEqual([]);
    expect(uiStateFile(dir).read()).toEqual({ trayHintShown: true });
  });

  it('treats a damaged ui-state.json as fresh', () => {
    writeFileSync(uiStatePath(dir), '{ not json');
    expect(uiStateFile(dir).read()).toEqual({ trayHintShown: false });
    writeFileSync(uiStatePath(dir), '[true]');
    expect(uiStateFile(dir).read()).toEqual({ trayHintShown: false });
    trayHintOnce(FakeNotification as never, uiStateFile(dir))();
    expect(FakeNotification.shown).toHaveLength(1);
  });

  // Like everything in the data folder, and whatever the umask: only mode bits are checked (root reads anything).
  it.runIf(process.platform !== 'win32')(
    'keeps ui-state.json owner-only, narrowing one an older version wrote 0644',
    () => {
      const dataDir = join(dir, 'fresh');
      const before = process.umask(0o000);
      try {
        uiStateFile(dataDir).update({ trayHintShown: true });
      } finally {
        process.umask(before);
      }
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(statSync(uiStatePath(dataDir)).mode & 0o777).toBe(0o600);

      writeFileSync(uiStatePath(dir), '{"trayHintShown":true}');
      chmodSync(uiStatePath(dir), 0o644);
      expect(uiStateFile(dir).read()).toEqual({ trayHintShown: true });
      expect(statSync(uiStatePath(dir)).mode & 0o777).toBe(0o600);
    },
  );

  it('does not fail when the state cannot be saved', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const notADir = join(dir, 'a-file');
    writeFileSync(notADir, '');
    const file = uiStateFile(join(notADir, 'data')); // a folder below a file cannot exist
    expect(() => file.update({ trayHintShown: true })).not.toThrow();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/could not save/));
    warn.mockRestore();
  });
});
