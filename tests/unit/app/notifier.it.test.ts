/**
 * Desktop notifications for the engine's notices (Electron stood in for): one per new notice whose switch is on,
 * with the notice's words; a click opens the window on the notice's page. In the real shell (bootstrap) the first
 * click opens a new window there, a later one moves the open window.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { Notification } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Notice, type NoticeRoute, type Settings } from '@shared/contract';
import { bootstrap, type RunningApp } from '@main/app/bootstrap';
import { startNotifier } from '@main/app/notifier';
import { speakWith } from '@shared/i18n/current';
import { said } from '@shared/i18n/said';
import { createSay, english } from '@shared/i18n/say';
import { noticeWords } from '@engine/notices/notice-words';
import { tempDir } from '../../support/tmp';
import {
  asElectron,
  fakeElectron,
  FakeBrowserWindow,
  reapUtilityProcesses,
  type FakeElectron,
  type FakeNotification,
} from './electron-fakes';

vi.mock('electron', () => {
  throw new Error('the notifier must take Electron from its caller, not import it');
});

/** Electron's Notification as far as the notifier uses it: shown, clicked, closed. */
class ClickableNotification extends EventEmitter {
  static supported = true;
  static made: ClickableNotification[] = [];
  static isSupported(): boolean {
    return ClickableNotification.supported;
  }
  shown = false;
  constructor(readonly options: { title?: string; body?: string }) {
    super();
    ClickableNotification.made.push(this);
  }
  show(): void {
    this.shown = true;
  }
}
const asNotification = (c: typeof ClickableNotification) => c as unknown as typeof Notification;

const notice = (kind: Notice['kind'], route: NoticeRoute): Notice => ({
  id: `id-${kind}`,
  at: '2026-08-22T12:30:00.000Z',
  kind,
  resolvedAt: null,
  title: said('engine.notice.text', { text: `title of ${kind}` }),
  body: said('engine.notice.text', { text: `body of ${kind}` }),
  route,
});

function fakeEngine(notifications: Partial<Settings['notifications']> = {}) {
  const listeners = new Set<(n: Notice) => void>();
  let settings: Settings = {
    ...DEFAULT_SETTINGS,
    notifications: { ...DEFAULT_SETTINGS.notifications, ...notifications },
  };
  return {
    onNotice(l: (n: Notice) => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    getSettings: () => settings,
    set(n: Partial<Settings['notifications']>) {
      settings = { ...settings, notifications: { ...settings.notifications, ...n } };
    },
    emit(n: Notice) {
      for (const l of listeners) l(n);
    },
  };
}

beforeEach(() => {
  ClickableNotification.made = [];
  ClickableNotification.supported = true;
});

describe('desktop notifications', () => {
  it('shows each new notice with its words, and a click opens its page', () => {
    const engine = fakeEngine();
    const opened: NoticeRoute[] = [];
    startNotifier(asNotification(ClickableNotification), engine, (r) => opened.push(r));
    engine.emit(notice('not_reachable', 'network'));
    expect(ClickableNotification.made).toHaveLength(1);
    const shown = ClickableNotification.made[0]!;
    expect(shown.options).toEqual({ title: 'title of not_reachable', body: 'body of not_reachable' });
    expect(shown.shown).toBe(true);
    expect(opened).toEqual([]);
    shown.emit('click');
    expect(opened).toEqual(['network']);
  });

  it('says the notice in the host’s words: German when the host speaks German', () => {
    const engine = fakeEngine();
    startNotifier(asNotification(ClickableNotification), engine, () => undefined);
    speakWith(() => createSay('de', 'de-DE'));
    try {
      engine.emit({ ...notice('machine_down', 'fleet'), ...noticeWords('machine_down', { machine: 'Attic PC' }) });
    } finally {
      speakWith(() => english);
    }
    expect(ClickableNotification.made[0]!.options).toEqual({
      title: '„Attic PC“ ist ausgefallen',
      body: 'Er antwortet nicht mehr, obwohl er zu dieser Zeit laufen soll. Die Seite „Rechner“ zeigt, was über ihn bekannt ist.',
    });
  });

  it('follows the switches, read when each notice arrives', () => {
    const engine = fakeEngine({ backend: false });
    startNotifier(asNotification(ClickableNotification), engine, () => undefined);
    engine.emit(notice('backend_stopped', 'dashboard'));
    engine.emit(notice('backend_back', 'dashboard'));
    engine.emit(notice('offline', 'dashboard'));
    expect(ClickableNotification.made.map((n) => n.options.title)).toEqual(['title of offline']);
    engine.set({ backend: true, earnings: false });
    engine.emit(notice('earnings_rejected', 'earnings'));
    engine.emit(notice('backend_stopped', 'dashboard'));
    expect(ClickableNotification.made.map((n) => n.options.title)).toEqual([
      'title of offline',
      'title of backend_stopped',
    ]);
  });

  it('shows nothing, and does not throw, where the desktop has no notifications', () => {
    const engine = fakeEngine();
    startNotifier(asNotification(ClickableNotification), engine, () => undefined);
    ClickableNotification.supported = false;
    expect(() => engine.emit(notice('offline', 'dashboard'))).not.toThrow();
    expect(ClickableNotification.made).toEqual([]);
  });

  it('stops when asked', () => {
    const engine = fakeEngine();
    const stop = startNotifier(asNotification(ClickableNotification), engine, () => undefined);
    stop();
    engine.emit(notice('offline', 'dashboard'));
    expect(ClickableNotification.made).toEqual([]);
  });
});

describe('in the desktop app', () => {
  const APP_ROOT = '/opt/iicp-provider';
  const INDEX = join(APP_ROOT, 'out', 'renderer', 'index.html');
  let dir: string;
  let cleanup: () => void;
  let running: RunningApp | null = null;
  let fakes: FakeElectron;

  beforeEach(() => {
    ({ dir, cleanup } = tempDir('iicp-app-notifier-'));
    running = null;
  });

  afterEach(async () => {
    await running?.engine.stop();
    expect(await reapUtilityProcesses()).toEqual([]);
    cleanup();
  });

  async function start(argv: string[]) {
    fakes = fakeElectron(dir, APP_ROOT);
    const electron = asElectron({
      ...fakes,
      Notification: ClickableNotification as unknown as typeof FakeNotification,
    });
    running = await bootstrap({
      electron,
      argv,
      env: { IICP_HOST: '127.0.0.1', IICP_PORT: '0' },
      platform: 'linux',
      execPath: '/opt/IICP Provider/iicp-provider',
      engineOptions: { overrides: { portMapping: 'off', directoryUrl: 'http://127.0.0.1:9' } },
    });
    expect(running).not.toBeNull();
  }

  /** A notice as the engine's process sends it over its channel. */
  const fromEngine = (n: Notice) => fakes.utilityProcess.latest().emit('message', { t: 'notice', notice: n });

  it("a click opens a new window on the notice's page, or moves the open one there", async () => {
    const loads = vi.spyOn(FakeBrowserWindow.prototype, 'loadFile');
    await start(['--hidden']); // started at login: no window yet
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    fromEngine(notice('earnings_rejected', 'earnings'));
    expect(ClickableNotification.made.map((n) => n.options.title)).toEqual(['title of earnings_rejected']);
    ClickableNotification.made[0]!.emit('click');
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(loads.mock.calls).toEqual([[INDEX, { hash: '/earnings' }]]);

    const win = FakeBrowserWindow.instances[0]!;
    win.paint();
    win.hide();
    fromEngine(notice('not_reachable', 'network'));
    ClickableNotification.made[1]!.emit('click');
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(loads.mock.calls.at(-1)).toEqual([INDEX, { hash: '/network' }]);
    expect(win.visible).toBe(true);
    loads.mockRestore();
  });
});
