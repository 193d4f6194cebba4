/**
 * Start at login, only with the person's consent. The engine records the choice (setup wizard or Settings)
 * and calls back; only then does the shell touch the OS login items. Nothing here runs at startup or after an
 * update, so a person who later turned the login item off in the OS keeps it off.
 *
 * - Windows and macOS: Electron's login items (`app.setLoginItemSettings`), with `--hidden` (Windows passes
 *   it; macOS reports `wasOpenedAtLogin` instead).
 * - Linux and other XDG desktops, where Electron's login items do nothing: an XDG autostart entry,
 *   `$XDG_CONFIG_HOME/autostart/iicp-provider.desktop` (default `~/.config/autostart`), written or removed.
 *
 * Launched with `--hidden`, the app starts in the tray without a window (see bootstrap.ts).
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { App } from 'electron';

export const HIDDEN_ARG = '--hidden';
export const AUTOSTART_FILE = 'iicp-provider.desktop';

export interface AutostartDeps {
  app: Pick<App, 'setLoginItemSettings' | 'getAppPath'> & { readonly isPackaged: boolean };
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** `process.execPath`: the Electron binary (the app itself once packaged). */
  execPath: string;
  homeDir?: () => string;
}

/** Where the XDG autostart entry lives: `$XDG_CONFIG_HOME` only when absolute (the spec ignores others). */
export function autostartFilePath(env: NodeJS.ProcessEnv, homeDir: () => string = homedir): string {
  const configHome =
    env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homeDir(), '.config');
  return join(configHome, 'autostart', AUTOSTART_FILE);
}

/**
 * The command that starts the app hidden: the executable (an AppImage's own file, since its execPath lives
 * in a mount that changes every run), the app folder when running unpackaged (`electron .`), `--hidden`.
 */
export function loginCommand(deps: Pick<AutostartDeps, 'app' | 'env' | 'execPath' | 'platform'>): string[] {
  const appImage = deps.platform === 'linux' && deps.app.isPackaged && deps.env.APPIMAGE ? deps.env.APPIMAGE : null;
  const exe = appImage ?? deps.execPath;
  return deps.app.isPackaged ? [exe, HIDDEN_ARG] : [exe, deps.app.getAppPath(), HIDDEN_ARG];
}

/**
 * One argument of a desktop entry's `Exec` key: quoted when it holds anything but plain characters, with the
 * spec's escapes (`"`, `` ` ``, `$`, `\` inside quotes, then `\` again as a string value), and `%` doubled.
 */
export function quoteExecArg(arg: string): string {
  if (/[\0\n\r]/.test(arg)) throw new Error('A login command cannot contain line breaks.');
  const plain = /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg);
  const quoted = plain ? arg : `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

export function desktopEntry(command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=IICP Provider',
    "Comment=Share your computer's local LLM with the IICP network",
    `Exec=${command.map(quoteExecArg).join(' ')}`,
    'Icon=iicp-provider',
    'Terminal=false',
    'Categories=Utility;',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Applies the person's choice to the OS, now. Throws when the OS refuses (the caller logs it). */
export function applyStartAtLogin(enabled: boolean, deps: AutostartDeps): void {
  if (deps.platform === 'win32' || deps.platform === 'darwin') {
    const [path, ...args] = loginCommand(deps);
    // Windows matches the registry entry by path and args, so turning it off passes the same ones.
    deps.app.setLoginItemSettings({ openAtLogin: enabled, path, args });
    return;
  }
  const file = autostartFilePath(deps.env, deps.homeDir);
  if (!enabled) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(join(file, '..'), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, desktopEntry(loginCommand(deps)), { mode: 0o644 });
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * The engine's `onStartAtLoginChosen` callback: applies the choice, and only logs when the OS refuses (the
 * choice stays recorded; the person can retry from Settings).
 */
export function startAtLoginApplier(deps: AutostartDeps): (enabled: boolean) => void {
  return (enabled) => {
    try {
      applyStartAtLogin(enabled, deps);
    } catch (err) {
      console.warn(
        `[app] could not ${enabled ? 'add' : 'remove'} the login item: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  };
}
