import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  fullscreenMethod,
  parseActiveWindow,
  parseWindowState,
  readX11Fullscreen,
  xpropActiveWindowArgs,
  xpropWindowArgs,
} from '@engine/owner/programs/fullscreen';
import { cleanupAfterEach } from '../../../support/cleanup';
import { eventually } from '../../../support/eventually';

describe('fullscreenMethod', () => {
  it.each([
    ['linux', { DISPLAY: ':0' }, 'x11'],
    ['linux', { DISPLAY: ':0', XDG_SESSION_TYPE: 'x11' }, 'x11'],
    ['linux', { DISPLAY: ':0', XDG_SESSION_TYPE: 'wayland' }, 'unknown'],
    ['linux', { DISPLAY: ':0', WAYLAND_DISPLAY: 'wayland-0' }, 'unknown'],
    ['linux', {}, 'unknown'],
    ['linux', { DISPLAY: '' }, 'unknown'],
    ['darwin', { DISPLAY: ':0' }, 'unknown'],
    ['win32', {}, 'unknown'],
  ] as const)('%s %j → %s', (platform, env, method) => {
    expect(fullscreenMethod(platform, env)).toBe(method);
  });
});

describe('parseActiveWindow', () => {
  it('asks the root window for _NET_ACTIVE_WINDOW', () => {
    expect(xpropActiveWindowArgs()).toEqual(['-root', '_NET_ACTIVE_WINDOW']);
  });

  it.each([
    ['_NET_ACTIVE_WINDOW(WINDOW): window id # 0x3a00007\n', '0x3a00007'],
    ['_NET_ACTIVE_WINDOW(WINDOW): window id # 0x600030', '0x600030'],
    ['_NET_ACTIVE_WINDOW(WINDOW): window id # 0x3A00007\n', '0x3a00007'],
    // Some window managers store two values; the first is the active window.
    ['_NET_ACTIVE_WINDOW(WINDOW): window id # 0x4c00003, 0x0\n', '0x4c00003'],
    ['_NET_ACTIVE_WINDOW(WINDOW): window id # 0x0\n', null],
    ['_NET_ACTIVE_WINDOW(WINDOW): window id # 0x00000000\n', null],
    ['_NET_ACTIVE_WINDOW:  not found.\n', null],
    ['', null],
    ['garbage', null],
    ['_NET_ACTIVE_WINDOW(WINDOW): window id # 0x123456789\n', null],
    ['_NET_ACTIVE_WINDOW(WINDOW): window id # 0x3a00007zz\n', null],
    ['_NET_ACTIVE_WINDOW(WINDOW): window id # 12345\n', null],
    ['OTHER(WINDOW): window id # 0x3a00007\n', null],
  ])('%j → %s', (text, id) => {
    expect(parseActiveWindow(text)).toBe(id);
  });
});

describe('parseWindowState', () => {
  it('asks for the state, the process and the class, and only of a real window id', () => {
    expect(xpropWindowArgs('0x3a00007')).toEqual(['-id', '0x3a00007', '_NET_WM_STATE', '_NET_WM_PID', 'WM_CLASS']);
    for (const bad of ['', '0x', '12', '0x3a00007; rm -rf /', '-root', '0x123456789']) {
      expect(() => xpropWindowArgs(bad)).toThrow(RangeError);
    }
  });

  it('reads a full-screen game', () => {
    const text = [
      '_NET_WM_STATE(ATOM) = _NET_WM_STATE_FULLSCREEN, _NET_WM_STATE_FOCUSED',
      '_NET_WM_PID(CARDINAL) = 1234',
      'WM_CLASS(STRING) = "steam_app_1091500", "steam_app_1091500"',
      '',
    ].join('\n');
    expect(parseWindowState(text)).toEqual({ fullscreen: true, pid: 1234, className: 'steam_app_1091500' });
  });

  it('reads a window that is not full screen, and properties the window lacks', () => {
    expect(
      parseWindowState('_NET_WM_STATE(ATOM) = \n_NET_WM_PID:  not found.\nWM_CLASS(STRING) = "probe", "Xmessage"\n'),
    ).toEqual({
      fullscreen: false,
      pid: null,
      className: 'Xmessage',
    });
    expect(
      parseWindowState('_NET_WM_STATE(ATOM) = _NET_WM_STATE_MAXIMIZED_VERT, _NET_WM_STATE_MAXIMIZED_HORZ\n').fullscreen,
    ).toBe(false);
    expect(parseWindowState('_NET_WM_STATE:  not found.\n_NET_WM_PID:  not found.\nWM_CLASS:  not found.\n')).toEqual({
      fullscreen: false,
      pid: null,
      className: null,
    });
  });

  it('takes the class, else the instance, cleaned of escapes and hidden characters', () => {
    expect(parseWindowState('WM_CLASS(STRING) = "navigator", "firefox"').className).toBe('firefox');
    expect(parseWindowState('WM_CLASS(STRING) = "onlyinstance"').className).toBe('onlyinstance');
    expect(parseWindowState('WM_CLASS(STRING) = "a", ""').className).toBe('a');
    expect(parseWindowState('WM_CLASS(STRING) = "x", "say \\"hi\\" \\\\ now"').className).toBe('say "hi" \\ now');
    expect(parseWindowState('WM_CLASS(STRING) = "x", "bad\\033[31mred"').className).toBe('bad[31mred');
    expect(parseWindowState('WM_CLASS(UTF8_STRING) = "x", "Spiel\u202E"').className).toBe('Spiel');
    expect(parseWindowState(`WM_CLASS(STRING) = "x", "${'c'.repeat(500)}"`).className).toHaveLength(128);
  });

  it('never throws on garbage, and never reads a wrong number as a process', () => {
    for (const text of [
      '',
      'X Error of failed request:  BadWindow (invalid Window parameter)\n_NET_WM_STATE',
      '\u0000\u0001',
      '= = =',
    ]) {
      expect(parseWindowState(text)).toEqual({ fullscreen: false, pid: null, className: null });
    }
    for (const value of ['0', '-1', 'abc', '12 34', '99999999999', '0x10']) {
      expect(parseWindowState(`_NET_WM_PID(CARDINAL) = ${value}`).pid).toBeNull();
    }
    // A state that merely contains the word is not the atom.
    expect(parseWindowState('_NET_WM_STATE(ATOM) = _NET_WM_STATE_FULLSCREEN_NOT').fullscreen).toBe(false);
  });
});

describe('readX11Fullscreen with a scripted xprop', () => {
  /** Answers each question xprop is asked with the next scripted text. */
  function scripted(...answers: string[]): (args: string[]) => Promise<string> {
    return async () => answers.shift() ?? '';
  }

  it('full screen, windowed, no active window, a window that closed', async () => {
    const active = '_NET_ACTIVE_WINDOW(WINDOW): window id # 0x3a00007\n';
    const full =
      '_NET_WM_STATE(ATOM) = _NET_WM_STATE_FULLSCREEN\n_NET_WM_PID(CARDINAL) = 77\nWM_CLASS(STRING) = "a", "Game"\n';
    expect(await readX11Fullscreen(scripted(active, full))).toEqual({
      state: 'fullscreen',
      pid: 77,
      className: 'Game',
    });
    expect(await readX11Fullscreen(scripted(active, '_NET_WM_STATE(ATOM) = \n'))).toEqual({
      state: 'windowed',
      pid: null,
      className: null,
    });
    expect(await readX11Fullscreen(scripted(active, '_NET_WM_STATE:  not found.\n'))).toMatchObject({
      state: 'windowed',
    });
    expect(await readX11Fullscreen(scripted('_NET_ACTIVE_WINDOW(WINDOW): window id # 0x0\n'))).toMatchObject({
      state: 'unknown',
    });
    expect(await readX11Fullscreen(scripted('_NET_ACTIVE_WINDOW:  not found.\n'))).toMatchObject({ state: 'unknown' });
    expect(await readX11Fullscreen(scripted(active, '_NET_WM_STATE'))).toMatchObject({ state: 'unknown' });
  });

  it('passes on a failing xprop, so the caller can tell "cannot ask" from "not full screen"', async () => {
    await expect(readX11Fullscreen(() => Promise.reject(new Error('xprop missing')))).rejects.toThrow('xprop missing');
  });
});

/** The programs the real test needs: a virtual X server, a window manager, xprop and two tools to drive windows. */
const X_TOOLS = ['Xvfb', 'openbox', 'xprop', 'xdotool', 'wmctrl', 'xmessage'];

function onPath(tool: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const run = promisify(execFile);

describe('readX11Fullscreen against a real X server', () => {
  const cleanup = cleanupAfterEach();

  function start(
    cmd: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    stdout: 'pipe' | 'ignore' = 'ignore',
  ): ChildProcess {
    const child = spawn(cmd, args, { env, stdio: ['ignore', stdout, 'ignore'] });
    cleanup.defer(async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    });
    return child;
  }

  /**
   * Starts Xvfb on a free display; it prints the display's number once it accepts clients. Without `-noreset` the
   * server resets whenever its last client leaves, and a client connecting then is now and then turned away.
   */
  async function startXvfb(): Promise<string> {
    const args = ['-displayfd', '1', '-noreset', '-nolisten', 'tcp', '-screen', '0', '1024x768x24'];
    const xvfb = start('Xvfb', args, process.env, 'pipe');
    const number = await new Promise<string>((resolve, reject) => {
      let out = '';
      xvfb.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code})`)));
    });
    return `:${number}`;
  }

  it.skipIf(process.platform !== 'linux')('sees a window go full screen under openbox, through xprop', async (ctx) => {
    const missing = X_TOOLS.filter((t) => !onPath(t));
    if (missing.length > 0)
      ctx.skip(`not on this computer: ${missing.join(', ')} (Debian: xvfb openbox x11-utils xdotool wmctrl)`);

    const display = await startXvfb();
    const env: NodeJS.ProcessEnv = { ...process.env, DISPLAY: display, WAYLAND_DISPLAY: '', XDG_SESSION_TYPE: 'x11' };
    const xprop = async (args: string[]) => (await run('xprop', args, { env, timeout: 5000 })).stdout;
    expect(fullscreenMethod('linux', env)).toBe('x11');

    // The window manager announces itself on the root window; one that could not connect is started again.
    let wm = start('openbox', [], env);
    await eventually(async () => {
      if (wm.exitCode !== null) wm = start('openbox', [], env);
      expect(await xprop(['-root', '_NET_SUPPORTING_WM_CHECK'])).toContain('window id #');
    });

    const message = start('xmessage', ['-name', 'iicp_probe', 'full-screen probe'], env);
    const found = await run('xdotool', ['search', '--sync', '--classname', 'iicp_probe'], { env, timeout: 10_000 });
    const id = `0x${Number(found.stdout.trim().split('\n')[0]).toString(16)}`;
    await run('xdotool', ['windowactivate', '--sync', id], { env, timeout: 10_000 });
    // xmessage does not say its process id, as most toolkits do; set it the way they do.
    await run('xprop', ['-id', id, '-f', '_NET_WM_PID', '32c', '-set', '_NET_WM_PID', String(message.pid)], { env });

    await eventually(async () => {
      expect(parseActiveWindow(await xprop(xpropActiveWindowArgs()))).toBe(id);
      expect(await readX11Fullscreen(xprop)).toEqual({ state: 'windowed', pid: message.pid, className: 'Xmessage' });
    });

    await run('wmctrl', ['-i', '-r', id, '-b', 'add,fullscreen'], { env, timeout: 10_000 });
    await eventually(async () => {
      expect(await readX11Fullscreen(xprop)).toEqual({ state: 'fullscreen', pid: message.pid, className: 'Xmessage' });
    });
  });
});
