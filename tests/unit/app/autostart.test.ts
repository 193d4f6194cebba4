import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  applyStartAtLogin,
  AUTOSTART_FILE,
  autostartFilePath,
  desktopEntry,
  loginCommand,
  quoteExecArg,
  startAtLoginApplier,
  type AutostartDeps,
} from '@main/app/autostart';
import { tempDir } from '../../support/tmp';
import { FakeApp } from './electron-fakes';

vi.mock('electron', () => {
  throw new Error('the autostart glue must not load electron itself');
});

const APP_ROOT = '/opt/iicp-provider/resources/app.asar';

describe('start at login', () => {
  let dir: string;
  let cleanup: () => void;
  let app: FakeApp;

  const deps = (platform: NodeJS.Platform, extra: Partial<AutostartDeps> = {}): AutostartDeps => ({
    app: app as unknown as AutostartDeps['app'],
    platform,
    env: { XDG_CONFIG_HOME: join(dir, 'config') },
    execPath: '/opt/IICP Provider/iicp-provider',
    homeDir: () => join(dir, 'home'),
    ...extra,
  });
  const entryPath = () => join(dir, 'config', 'autostart', AUTOSTART_FILE);

  beforeEach(() => {
    ({ dir, cleanup } = tempDir('iicp-app-autostart-'));
    app = new FakeApp(join(dir, 'userData'), APP_ROOT);
  });

  afterEach(() => cleanup());

  describe('Windows and macOS: Electron login items', () => {
    it.each(['win32', 'darwin'] as const)(
      '%s: adds and removes the login item with --hidden, and writes no file',
      (platform) => {
        app.isPackaged = true;
        applyStartAtLogin(true, deps(platform, { execPath: 'C:\\Program Files\\IICP Provider\\IICP Provider.exe' }));
        applyStartAtLogin(false, deps(platform, { execPath: 'C:\\Program Files\\IICP Provider\\IICP Provider.exe' }));
        expect(app.loginItemCalls).toEqual([
          { openAtLogin: true, path: 'C:\\Program Files\\IICP Provider\\IICP Provider.exe', args: ['--hidden'] },
          // Windows finds the entry to remove by the same path and args.
          { openAtLogin: false, path: 'C:\\Program Files\\IICP Provider\\IICP Provider.exe', args: ['--hidden'] },
        ]);
        expect(existsSync(join(dir, 'config'))).toBe(false);
      },
    );

    it('unpackaged (electron .), the app folder is passed to Electron', () => {
      applyStartAtLogin(true, deps('win32', { execPath: 'C:\\dev\\electron.exe' }));
      expect(app.loginItemCalls).toEqual([
        { openAtLogin: true, path: 'C:\\dev\\electron.exe', args: [APP_ROOT, '--hidden'] },
      ]);
    });
  });

  describe('Linux: an XDG autostart entry', () => {
    it('writes the entry under $XDG_CONFIG_HOME/autostart, starting the app hidden', () => {
      app.isPackaged = true;
      applyStartAtLogin(true, deps('linux'));
      expect(app.loginItemCalls).toEqual([]); // Electron's login items do nothing on Linux
      const text = readFileSync(entryPath(), 'utf8');
      expect(text).toBe(
        [
          '[Desktop Entry]',
          'Type=Application',
          'Version=1.0',
          'Name=IICP Provider',
          "Comment=Share your computer's local LLM with the IICP network",
          'Exec="/opt/IICP Provider/iicp-provider" --hidden',
          'Icon=iicp-provider',
          'Terminal=false',
          'Categories=Utility;',
          'X-GNOME-Autostart-enabled=true',
          '',
        ].join('\n'),
      );
      expect(statSync(entryPath()).mode & 0o777).toBe(0o644);
    });

    it('unpackaged, starts Electron with the app folder', () => {
      applyStartAtLogin(true, deps('linux', { execPath: '/home/dev/iicp/node_modules/electron/dist/electron' }));
      expect(readFileSync(entryPath(), 'utf8')).toContain(
        `Exec=/home/dev/iicp/node_modules/electron/dist/electron ${APP_ROOT} --hidden\n`,
      );
    });

    it('from an AppImage, starts the AppImage file itself (its execPath is a mount that changes every run)', () => {
      app.isPackaged = true;
      applyStartAtLogin(
        true,
        deps('linux', {
          execPath: '/tmp/.mount_IICPabc/iicp-provider',
          env: { XDG_CONFIG_HOME: join(dir, 'config'), APPIMAGE: '/home/me/Apps/IICP-Provider-0.1.0.AppImage' },
        }),
      );
      expect(readFileSync(entryPath(), 'utf8')).toContain('Exec=/home/me/Apps/IICP-Provider-0.1.0.AppImage --hidden\n');
    });

    it('removes the entry when the person turns it off (and does not mind when it is gone already)', () => {
      applyStartAtLogin(true, deps('linux'));
      expect(existsSync(entryPath())).toBe(true);
      applyStartAtLogin(false, deps('linux'));
      expect(existsSync(entryPath())).toBe(false);
      expect(() => applyStartAtLogin(false, deps('linux'))).not.toThrow();
      expect(app.loginItemCalls).toEqual([]);
    });

    it('uses ~/.config when XDG_CONFIG_HOME is unset, empty or relative', () => {
      const home = () => '/home/me';
      expect(autostartFilePath({}, home)).toBe('/home/me/.config/autostart/iicp-provider.desktop');
      expect(autostartFilePath({ XDG_CONFIG_HOME: '' }, home)).toBe('/home/me/.config/autostart/iicp-provider.desktop');
      expect(autostartFilePath({ XDG_CONFIG_HOME: 'relative/cfg' }, home)).toBe(
        '/home/me/.config/autostart/iicp-provider.desktop',
      );
      expect(autostartFilePath({ XDG_CONFIG_HOME: '/srv/cfg' }, home)).toBe('/srv/cfg/autostart/iicp-provider.desktop');

      applyStartAtLogin(true, deps('linux', { env: {} }));
      expect(existsSync(join(dir, 'home', '.config', 'autostart', AUTOSTART_FILE))).toBe(true);
    });

    it('quotes Exec arguments the way the Desktop Entry spec wants', () => {
      expect(quoteExecArg('/usr/bin/iicp-provider')).toBe('/usr/bin/iicp-provider');
      expect(quoteExecArg('--hidden')).toBe('--hidden');
      expect(quoteExecArg('/opt/My App/app')).toBe('"/opt/My App/app"');
      // Inside quotes " ` $ \ are escaped with a backslash; then every backslash is doubled (string value).
      expect(quoteExecArg('/a"b`c$d\\e')).toBe('"/a\\\\"b\\\\`c\\\\$d\\\\\\\\e"');
      expect(quoteExecArg('/100%/app')).toBe('/100%%/app');
      expect(quoteExecArg("/it's (here)/app")).toBe('"/it\'s (here)/app"');
      expect(() => quoteExecArg('/bad\npath')).toThrow(/line breaks/);
      expect(desktopEntry(['/x y/app', '--hidden'])).toContain('Exec="/x y/app" --hidden\n');
    });

    it('the command is the executable, the app folder when unpackaged, and --hidden', () => {
      expect(
        loginCommand({ app: app as unknown as AutostartDeps['app'], platform: 'linux', env: {}, execPath: '/e' }),
      ).toEqual(['/e', APP_ROOT, '--hidden']);
      app.isPackaged = true;
      expect(
        loginCommand({ app: app as unknown as AutostartDeps['app'], platform: 'linux', env: {}, execPath: '/e' }),
      ).toEqual(['/e', '--hidden']);
    });
  });

  it('a refusal by the OS is logged, not thrown into the engine', () => {
    // The autostart folder cannot be created: a file stands where it should be.
    mkdirSync(join(dir, 'config'), { recursive: true });
    writeFileSync(join(dir, 'config', 'autostart'), 'not a folder');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(() => startAtLoginApplier(deps('linux'))(true)).not.toThrow();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^\[app\] could not add the login item: /));
    warn.mockRestore();
  });
});
