/**
 * Whether the window in front fills the screen, where the OS tells: on Linux under X11, by asking the window manager
 * through `xprop` for the active window (`_NET_ACTIVE_WINDOW`) and that window's state (`_NET_WM_STATE`), as the
 * Extended Window Manager Hints define them.
 *
 * Everywhere else the answer is "unknown":
 * - Wayland gives no program a way to ask which window is in front or whether it fills the screen (by design: one
 *   program may not watch another's windows). Under Wayland, `xprop` still reaches XWayland, but sees only the
 *   X11 windows, not the one in front, so a Wayland session answers unknown even when DISPLAY is set.
 * - macOS and Windows are not read here.
 * Window classes are foreign text; they are cleaned and capped, and never leave this computer.
 */
import { cleanName } from './program-names';

export type FullscreenMethod = 'x11' | 'unknown';

/** How this computer can tell: 'x11' on Linux with an X display and no Wayland session, else 'unknown'. */
export function fullscreenMethod(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
): FullscreenMethod {
  if (platform !== 'linux' || !env.DISPLAY) return 'unknown';
  if (env.WAYLAND_DISPLAY || env.XDG_SESSION_TYPE?.toLowerCase() === 'wayland') return 'unknown';
  return 'x11';
}

/** Arguments for `xprop` to print the active window: `_NET_ACTIVE_WINDOW(WINDOW): window id # 0x3a00007`. */
export function xpropActiveWindowArgs(): string[] {
  return ['-root', '_NET_ACTIVE_WINDOW'];
}

/** Most text the parsers read; `xprop` prints a few hundred bytes for these properties. */
const MAX_XPROP_CHARS = 64 * 1024;
/** X window ids are 29-bit numbers, printed in hex. */
const WINDOW_ID = /^0x[0-9a-f]{1,8}$/i;
const MAX_PID = 0xffff_ffff;

/**
 * The active window's id ("0x3a00007"), or null: no window is active ("0x0"), the window manager does not say
 * ("_NET_ACTIVE_WINDOW:  not found."), or the text is not xprop's.
 */
export function parseActiveWindow(text: string): string | null {
  const head = text.slice(0, MAX_XPROP_CHARS);
  const m = /^_NET_ACTIVE_WINDOW\(WINDOW\):\s*window id #\s*(0x[0-9a-f]+)\s*(?:,|$)/im.exec(head);
  if (!m || !WINDOW_ID.test(m[1]!)) return null;
  const id = m[1]!.toLowerCase();
  return Number.parseInt(id, 16) === 0 ? null : id;
}

/** Arguments for `xprop` to print one window's state, its process and its class. Throws on an id that is not one. */
export function xpropWindowArgs(id: string): string[] {
  if (!WINDOW_ID.test(id)) throw new RangeError('not an X window id');
  return ['-id', id, '_NET_WM_STATE', '_NET_WM_PID', 'WM_CLASS'];
}

export interface WindowState {
  /** `_NET_WM_STATE` holds `_NET_WM_STATE_FULLSCREEN`. */
  fullscreen: boolean;
  /** The process that says it owns the window (`_NET_WM_PID`); not every program sets it. */
  pid: number | null;
  /** The window's class, the second of WM_CLASS's two strings ("Steam"; a Proton game's "steam_app_1091500"). */
  className: string | null;
}

/**
 * One window's properties as `xprop -id <id> _NET_WM_STATE _NET_WM_PID WM_CLASS` prints them:
 * `_NET_WM_STATE(ATOM) = _NET_WM_STATE_FULLSCREEN, _NET_WM_STATE_FOCUSED`, `_NET_WM_PID(CARDINAL) = 1234`,
 * `WM_CLASS(STRING) = "steam_app_1091500", "steam_app_1091500"`; a property the window lacks reads
 * "<NAME>:  not found.". Anything unreadable leaves its field at "not fullscreen" or null.
 */
export function parseWindowState(text: string): WindowState {
  const state: WindowState = { fullscreen: false, pid: null, className: null };
  for (const line of text.slice(0, MAX_XPROP_CHARS).split('\n')) {
    const m = /^([A-Z_]+)\([A-Z0-9_]+\) = (.*)$/.exec(line.trimEnd());
    if (!m) continue;
    const property = m[1]!;
    const value = m[2]!;
    if (property === '_NET_WM_STATE') state.fullscreen = hasAtom(value, '_NET_WM_STATE_FULLSCREEN');
    else if (property === '_NET_WM_PID') state.pid = parsePid(value);
    else if (property === 'WM_CLASS') state.className = parseWmClass(value);
  }
  return state;
}

function hasAtom(list: string, atom: string): boolean {
  return list.split(',').some((a) => a.trim() === atom);
}

function parsePid(value: string): number | null {
  if (!/^\d{1,10}$/.test(value.trim())) return null;
  const pid = Number(value.trim());
  return pid > 0 && pid <= MAX_PID ? pid : null;
}

/** WM_CLASS is "instance", "class"; the class names the program, the instance may be any name it was started with. */
function parseWmClass(value: string): string | null {
  const strings = [...value.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => cleanName(unescapeXprop(m[1]!)));
  const name = strings[1] || strings[0] || '';
  return name || null;
}

/** xprop writes a quote or backslash inside a string with a backslash, and bytes it cannot print as octal (`\033`). */
function unescapeXprop(text: string): string {
  return text.replace(/\\([0-7]{1,3}|.)/g, (_, c: string) =>
    /^[0-7]/.test(c) ? String.fromCharCode(Number.parseInt(c, 8)) : c,
  );
}

export type FullscreenState = 'fullscreen' | 'windowed' | 'unknown';

export interface FullscreenLook {
  state: FullscreenState;
  pid: number | null;
  className: string | null;
}

const UNKNOWN: FullscreenLook = { state: 'unknown', pid: null, className: null };

/**
 * One look at the window in front under X11, running `xprop` through `xprop(args)`, which resolves with what it
 * printed (the caller runs it with a time budget, an output cap and the right DISPLAY). Unknown when no window is
 * active, the window manager does not say, or the window closed between the two questions. A failing `xprop`
 * (missing, timed out) rejects, so the caller can tell "cannot ask" from "not fullscreen".
 */
export async function readX11Fullscreen(xprop: (args: string[]) => Promise<string>): Promise<FullscreenLook> {
  const id = parseActiveWindow(await xprop(xpropActiveWindowArgs()));
  if (!id) return UNKNOWN;
  const text = await xprop(xpropWindowArgs(id));
  // A window that closed meanwhile prints an X error and none of its properties.
  if (!/^_NET_WM_STATE[(:]/m.test(text)) return UNKNOWN;
  const state = parseWindowState(text);
  return { state: state.fullscreen ? 'fullscreen' : 'windowed', pid: state.pid, className: state.className };
}
