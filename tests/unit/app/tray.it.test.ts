import { join } from 'node:path';
import { said } from '@shared/i18n/said';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProviderNode } from '@engine/node/provider-node';
import { appPaths, type TrayIconKind } from '@main/app/paths';
import { createQuitController } from '@main/app/quit';
import { COUNTER_REFRESH_MS, createAppTray, type AppTray } from '@main/app/tray';
import { statusLine, todayLine, trayIconKind } from '@main/app/tray-lines';
import { fleetItems, tomorrowMorning } from '@main/app/tray-menu';
import { formatClock, formatUntil } from '@shared/text/wall-clock';
import { tempDir } from '../../support/tmp';
import { FakeApp, FakeEvent, FakeMenu, FakeTray, settle } from './electron-fakes';
import { fakeTrayEngine, snapshotWith } from './snapshots';
import { viewerZone } from '@shared/text/wall-clock';

/** The zone's name after a time of the machine's schedule, when the viewer (this runtime) reads another zone. */
const label = (zone: string): string =>
  new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone === viewerZone() ? '' : ` (${zone})`;

vi.mock('electron', () => {
  throw new Error('the tray glue must not load electron itself');
});

const paths = appPaths('/opt/iicp-provider');
const icon = (kind: TrayIconKind) => join('/opt/iicp-provider', 'build', 'tray', `tray-${kind}.png`);
const HOUR = 3_600_000;

/** Runs `fn` with the process's local time zone set to `tz` (Node applies TZ changes at once). */
function inTimeZone(tz: string, fn: () => void): void {
  const saved = process.env.TZ;
  process.env.TZ = tz;
  try {
    fn();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

/** The tray in a 24-hour locale unless told: the app passes its own locale (app.getLocale()). */
function trayFor(engine: ReturnType<typeof fakeTrayEngine>, now?: () => number, locale = 'en-GB') {
  FakeTray.instances = [];
  const openWindow = vi.fn<() => void>();
  const appTray = createAppTray(
    { Tray: FakeTray as never, Menu: FakeMenu as never, iconPath: paths.trayIcon, platform: 'linux', now, locale },
    engine,
    {
      openWindow,
      quit: vi.fn(),
    },
  );
  return { appTray, tray: FakeTray.instances[0]!, openWindow };
}

describe('tray with a real engine', () => {
  let node: ProviderNode;
  let app: FakeApp;
  let appTray: AppTray;
  let tray: FakeTray;
  let openWindow: ReturnType<typeof vi.fn<() => void>>;
  let cleanup: () => void;

  beforeEach(async () => {
    const tmp = tempDir('iicp-app-tray-');
    cleanup = tmp.cleanup;
    node = new ProviderNode({
      dataDir: tmp.dir,
      host: 'electron',
      taskHost: '127.0.0.1',
      taskPort: 0,
      appVersion: 'test',
      tuning: { snapshotIntervalMs: 0 },
    });
    await node.start();
    // Set up, but no LLM server chosen: the node runs and the status sentence says what it lacks.
    node.commands.completeSetup(false);
    app = new FakeApp(tmp.dir);
    const quitter = createQuitController(app, node);
    app.on('before-quit', (event: FakeEvent) => quitter.onBeforeQuit(event));
    openWindow = vi.fn<() => void>();
    FakeTray.instances = [];
    // The tray talks to the engine as the app wires it: its snapshot, and pause and resume as commands.
    const engine = {
      getSnapshot: () => node.getSnapshot(),
      onSnapshot: node.onSnapshot.bind(node),
      pause: (untilMs?: number | null) => node.commands.pause(untilMs ?? null),
      resume: () => node.commands.resume(),
    };
    appTray = createAppTray(
      {
        Tray: FakeTray as never,
        Menu: FakeMenu as never,
        iconPath: paths.trayIcon,
        platform: 'linux',
        locale: 'en-GB',
      },
      engine,
      {
        openWindow,
        quit: () => quitter.quit(),
      },
    );
    tray = FakeTray.instances[0]!;
  });

  afterEach(async () => {
    vi.useRealTimers();
    appTray.dispose();
    await node.stop();
    cleanup();
  });

  it('shows the status sentence, today, the Available checkbox, the Pause submenu, Open and Quit', () => {
    expect(FakeTray.instances).toHaveLength(1);
    expect(tray.labels()).toEqual([
      'No LLM server chosen',
      'Today: 0 tasks · 0 credits', // a running node knows today's credits from its own ledger
      '---',
      'Available',
      'Pause',
      '---',
      'Open IICP Provider',
      '---',
      'Quit',
    ]);
    expect(tray.labels('pause')).toEqual(['For 1 hour', 'Until tomorrow (08:00)']);
    expect(tray.item('status').enabled).toBe(false);
    expect(tray.item('today').enabled).toBe(false);
    expect(tray.item('available')).toMatchObject({ type: 'checkbox', checked: true, enabled: true });
    // Running but not serving anyone: the amber icon, never the green one.
    expect(tray.image).toBe(icon('problem'));
    expect(tray.tooltip).toBe('IICP Provider · No LLM server chosen');
  });

  it('pauses the engine when Available is unticked and resumes it when ticked again', async () => {
    await tray.click('available');
    expect(node.getSnapshot()).toMatchObject({
      available: false,
      state: 'paused',
      availability: { reason: 'switched_off' },
    });
    expect(node.state).toBe('paused');
    expect(tray.item('status').label).toBe('Paused');
    expect(tray.item('available').checked).toBe(false);
    expect(tray.image).toBe(icon('paused'));

    await tray.click('available');
    expect(node.getSnapshot()).toMatchObject({ available: true, state: 'online' });
    expect(node.state).toBe('online');
    expect(tray.item('status').label).toBe('No LLM server chosen');
    expect(tray.item('available').checked).toBe(true);
    expect(tray.image).toBe(icon('problem'));
  });

  it('"For 1 hour" pauses the engine until an hour from now', async () => {
    const before = Date.now();
    await tray.click('pause-hour');
    const after = Date.now();
    const snapshot = node.getSnapshot();
    expect(snapshot).toMatchObject({ available: false, state: 'paused', availability: { reason: 'switched_off' } });
    const until = Date.parse(snapshot.pausedUntil!);
    expect(until).toBeGreaterThanOrEqual(before + HOUR);
    expect(until).toBeLessThanOrEqual(after + HOUR);
    expect(tray.item('status').label).toBe(
      `Paused until ${formatUntil(snapshot.pausedUntil!, after, snapshot.availability.timeZone, 'en-GB')}`,
    );
    expect(tray.item('status').label).toMatch(/^Paused until \d\d:\d\d( tomorrow)?$/);
    expect(tray.image).toBe(icon('paused'));
  });

  it('"Until tomorrow" pauses the engine until 08:00 tomorrow', async () => {
    const before = Date.now();
    await tray.click('pause-tomorrow');
    expect(node.getSnapshot().pausedUntil).toBe(new Date(tomorrowMorning(before)).toISOString());
    expect(new Date(tomorrowMorning(before)).getHours()).toBe(8);
    expect(tray.item('available').checked).toBe(false);
  });

  it('follows changes made elsewhere (the window, a timed pause)', async () => {
    node.commands.pause(Date.now() + HOUR);
    await settle();
    expect(tray.item('status').label).toMatch(/^Paused until \d\d:\d\d( tomorrow)?$/);
    expect(tray.item('available').checked).toBe(false);
    expect(tray.image).toBe(icon('paused'));

    node.commands.resume();
    await settle();
    expect(tray.item('status').label).toBe('No LLM server chosen');
    expect(tray.item('available').checked).toBe(true);
    expect(tray.image).toBe(icon('problem'));
  });

  it('shows the schedule: outside every window the node waits, with its own icon', async () => {
    // Every day but today (UTC), all day: now is outside, and the next window opens at midnight.
    const today = ((new Date().getUTCDay() + 6) % 7) + 1;
    const days = [1, 2, 3, 4, 5, 6, 7].filter((d) => d !== today);
    const closed = { timeZone: 'UTC', windows: [{ days, start: '00:00', end: '23:59', share: 1 }], outsideShare: 0 };
    node.commands.schedule.updateSchedule(closed);
    await settle();
    expect(node.getSnapshot()).toMatchObject({
      state: 'paused',
      available: true,
      availability: { reason: 'outside_window' },
    });
    expect(tray.item('status').label).toBe('Outside your availability windows until 00:00 tomorrow');
    expect(tray.item('available').checked).toBe(true); // the switch is still on
    expect(tray.image).toBe(icon('waiting'));

    node.commands.schedule.updateSchedule({ ...closed, windows: [] });
    await settle();
    expect(node.state).toBe('online');
    expect(tray.image).toBe(icon('problem'));
  });

  it('rebuilds the menu only when what it shows changes', async () => {
    const builds = tray.menuBuilds;
    node.commands.updateSettings({ displayName: 'Attic box' });
    await settle();
    expect(tray.menuBuilds).toBe(builds);
    node.commands.pause();
    await settle();
    expect(tray.menuBuilds).toBeGreaterThan(builds);
  });

  it('opens the window from the menu', async () => {
    await tray.click('open');
    expect(openWindow).toHaveBeenCalledTimes(1);
  });

  it('Quit stops the engine, then quits the app (once, however often it is clicked)', async () => {
    await Promise.all([tray.click('quit'), tray.click('quit')]);
    // Stopping writes the node's last log lines out before it says stopped: wait for it, however long that takes.
    await vi.waitFor(() => expect(app.quitted).toBe(true), { timeout: 15_000 });
    expect(node.state).toBe('stopped');
    expect(app.quitCalls).toBe(1);
    expect(app.quitted).toBe(true);
    expect(app.exitCode).toBeNull();
    expect(tray.item('status').label).toBe('Your node is stopped');
    expect(tray.item('available').enabled).toBe(false);
    expect(tray.item('pause').enabled).toBe(false);
  });

  it('a quit from the OS (before-quit) waits for the engine to stop, then exits', async () => {
    const event = new FakeEvent();
    app.emit('before-quit', event);
    expect(event.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(app.exitCode).toBe(0));
    expect(node.state).toBe('stopped');
    // A second request while exiting changes nothing.
    const again = new FakeEvent();
    app.emit('before-quit', again);
    expect(app.exitCode).toBe(0);
  });
});

describe('tray menu follows the snapshot', () => {
  // Monday 12 May 2025, 12:00 in Berlin (CEST, UTC+2).
  const MON_NOON = Date.UTC(2025, 4, 12, 10, 0);

  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    [
      'serving, some slots busy',
      snapshotWith({ capacity: { activeJobs: 2, effectiveMaxConcurrent: 4, maxConcurrent: 4 } }),
      'Serving the network · 2 of 4 slots busy',
      'online',
    ],
    [
      'serving, one slot',
      snapshotWith({ capacity: { activeJobs: 0, effectiveMaxConcurrent: 1 } }),
      'Serving the network · 0 of 1 slot busy',
      'online',
    ],
    [
      'serving through a relay',
      snapshotWith({ reachability: { status: 'relayed', method: 'relay' } }),
      'Serving the network through a relay · 0 of 2 slots busy',
      'online',
    ],
    [
      'running, but not registered: local only',
      snapshotWith({
        directory: { link: 'not_configured', registeredAt: null },
        reachability: { status: 'local_only' },
      }),
      'Not reachable from the internet — see Network',
      'problem',
    ],
    [
      'registered, but nothing gets through',
      snapshotWith({ reachability: { status: 'not_reachable' } }),
      'Not reachable from the internet — see Network',
      'problem',
    ],
    [
      'the directory never answered',
      snapshotWith({
        directory: { link: 'unreachable', registeredAt: null, nextAttemptAt: '2025-05-12T10:00:40.000Z' },
      }),
      // No countdown in a menu that is rebuilt only on change.
      "Can't reach the IICP directory — retrying",
      'problem',
    ],
    [
      'the directory was lost',
      snapshotWith({ directory: { link: 'unreachable', nextAttemptAt: '2025-05-12T10:00:40.000Z' } }),
      'Lost contact with the IICP directory — retrying',
      'problem',
    ],
    [
      'registering',
      snapshotWith({ directory: { link: 'connecting', registeredAt: null } }),
      'Registering with the IICP directory…',
      'paused',
    ],
    [
      'paused by hand until later today',
      snapshotWith({
        state: 'paused',
        available: false,
        pausedUntil: '2025-05-12T16:00:00.000Z',
        availability: { reason: 'switched_off', share: 0 },
      }),
      `Paused until 18:00${label('Europe/Berlin')}`,
      'paused',
    ],
    [
      'paused by hand, no end',
      snapshotWith({ state: 'paused', available: false, availability: { reason: 'switched_off', share: 0 } }),
      'Paused',
      'paused',
    ],
    [
      'outside the windows until a later day',
      snapshotWith({
        state: 'paused',
        availability: { reason: 'outside_window', share: 0, windowShare: 0, nextChangeAt: '2025-05-13T06:00:00.000Z' },
      }),
      `Outside your availability windows until 08:00 tomorrow${label('Europe/Berlin')}`,
      'waiting',
    ],
    [
      'outside the windows, nothing scheduled',
      snapshotWith({
        state: 'paused',
        availability: { reason: 'outside_window', share: 0, windowShare: 0, nextChangeAt: null },
      }),
      'Outside your availability windows',
      'waiting',
    ],
    [
      'on battery',
      snapshotWith({
        state: 'paused',
        availability: { reason: 'on_battery', share: 0, conditions: { onlyOnMains: true, onBattery: true } },
      }),
      'On battery — waiting for mains power',
      'waiting',
    ],
    [
      'in use',
      snapshotWith({
        state: 'paused',
        availability: { reason: 'in_use', share: 0, conditions: { idleMinutes: 10, idleSeconds: 5 } },
      }),
      'Computer in use — waiting for 10 min idle',
      'waiting',
    ],
    [
      'the backend does not answer',
      snapshotWith({
        state: 'degraded',
        stateReason: said('status.reason.backendSilent'),
        backend: { status: 'unreachable' },
      }),
      'Your LLM server is not answering — is Ollama running?',
      'problem',
    ],
  ] as const)('%s', (_label, snapshot, status, kind) => {
    const engine = fakeTrayEngine(snapshotWith({ capacity: { activeJobs: 0 } }));
    const { tray, appTray } = trayFor(engine, () => MON_NOON);
    engine.publish(snapshot);
    expect(tray.item('status').label).toBe(status);
    expect(tray.tooltip).toBe(`IICP Provider · ${status}`);
    expect(tray.image).toBe(icon(kind));
    expect(tray.item('available').checked).toBe(snapshot.available);
    appTray.dispose();
  });

  it("shows today's tasks, and the credits once the engine knows them", () => {
    vi.useFakeTimers();
    const engine = fakeTrayEngine();
    const { tray, appTray } = trayFor(engine);
    expect(tray.item('today').label).toBe('Today: 0 tasks');
    engine.publish(snapshotWith({ today: { jobs: 3, credits: 1.256 } }));
    vi.advanceTimersByTime(COUNTER_REFRESH_MS);
    expect(tray.item('today').label).toBe('Today: 3 tasks · 1.256 credits');
    appTray.dispose();
  });

  it('rebuilds at once for a change of state, and at most every 2 s for the live counters', () => {
    vi.useFakeTimers();
    const engine = fakeTrayEngine();
    const { tray, appTray } = trayFor(engine);
    const builds = tray.menuBuilds;

    engine.publish(snapshotWith({ capacity: { activeJobs: 1 } }));
    engine.publish(snapshotWith({ capacity: { activeJobs: 2 }, today: { jobs: 1 } }));
    expect(tray.menuBuilds).toBe(builds);
    vi.advanceTimersByTime(COUNTER_REFRESH_MS - 1);
    expect(tray.menuBuilds).toBe(builds);
    vi.advanceTimersByTime(1);
    expect(tray.menuBuilds).toBe(builds + 1);
    expect(tray.item('status').label).toBe('Serving the network · 2 of 2 slots busy');
    expect(tray.item('today').label).toBe('Today: 1 task');

    engine.publish(
      snapshotWith({
        state: 'paused',
        available: false,
        availability: { reason: 'switched_off', share: 0 },
        today: { jobs: 1 },
      }),
    );
    expect(tray.menuBuilds).toBe(builds + 2);
    expect(tray.item('status').label).toBe('Paused');

    // Nothing pending after dispose.
    engine.publish(
      snapshotWith({
        state: 'paused',
        available: false,
        availability: { reason: 'switched_off', share: 0 },
        today: { jobs: 2 },
      }),
    );
    appTray.dispose();
    vi.advanceTimersByTime(10 * COUNTER_REFRESH_MS);
    expect(tray.menuBuilds).toBe(builds + 2);
  });

  it('the Available checkbox flips the switch from what the engine says now', async () => {
    const engine = fakeTrayEngine();
    const { tray, appTray } = trayFor(engine);
    await tray.click('available');
    expect(engine.pause).toHaveBeenCalledWith();
    engine.publish(
      snapshotWith({ state: 'paused', available: false, availability: { reason: 'switched_off', share: 0 } }),
    );
    await tray.click('available');
    expect(engine.resume).toHaveBeenCalledTimes(1);
    appTray.dispose();
  });

  it('the Pause submenu asks for an hour from now, or until 08:00 tomorrow', async () => {
    vi.useFakeTimers();
    const engine = fakeTrayEngine();
    const { tray, appTray } = trayFor(engine);
    const at = (y: number, m: number, d: number, h: number, min = 0) => new Date(y, m, d, h, min).getTime();

    vi.setSystemTime(at(2025, 4, 12, 14, 20));
    await tray.click('pause-hour');
    expect(engine.pause).toHaveBeenLastCalledWith(at(2025, 4, 12, 15, 20));

    for (const [now, until] of [
      [at(2025, 4, 12, 14, 20), at(2025, 4, 13, 8)], // afternoon → tomorrow morning
      [at(2025, 4, 12, 23, 50), at(2025, 4, 13, 8)], // late evening → the coming morning
      [at(2025, 4, 13, 1, 30), at(2025, 4, 13, 8)], // small hours: "tomorrow" is the coming morning
      [at(2025, 4, 13, 7, 0), at(2025, 4, 14, 8)], // morning: the next day
      [at(2025, 11, 31, 18, 0), at(2026, 0, 1, 8)], // across a year end
    ] as const) {
      vi.setSystemTime(now);
      await tray.click('pause-tomorrow');
      expect(engine.pause).toHaveBeenLastCalledWith(until);
    }
    appTray.dispose();
  });

  it('a refused pause is logged, not thrown', async () => {
    const engine = fakeTrayEngine();
    engine.pause.mockImplementation(() => {
      throw new Error('The node is not running.');
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { tray, appTray } = trayFor(engine);
    await expect(tray.click('pause-hour')).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('The node is not running.'));
    warn.mockRestore();
    appTray.dispose();
  });
});

describe("tray and the engine's own process", () => {
  const since = new Date(0).toISOString();

  it('while the engine restarts: says so in amber, and nothing can be switched until one runs again', () => {
    const engine = fakeTrayEngine(
      snapshotWith({ engineProcess: { state: 'restarting', restarts: 1, since, pid: null, message: 'It stopped.' } }),
    );
    const { tray } = trayFor(engine);
    expect(tray.item('status').label).toBe('Restarting the node after a problem…');
    expect(tray.image).toBe(icon('problem'));
    expect(tray.item('available').enabled).toBe(false);
    expect(tray.item('pause').enabled).toBe(false);
    expect(tray.labels()).not.toContain('Restart the node');

    engine.publish(snapshotWith({ engineProcess: { state: 'running', restarts: 1, since, pid: 42, message: null } }));
    expect(tray.item('status').label).toMatch(/^Serving the network/);
    expect(tray.item('available').enabled).toBe(true);
  });

  it('after a crash loop: the plain problem and "Restart the node", which asks the engine to start again', async () => {
    const engine = fakeTrayEngine(
      snapshotWith({
        engineProcess: {
          state: 'failed',
          restarts: 6,
          since,
          pid: null,
          message: 'The node stopped unexpectedly 6 times within a minute.',
        },
      }),
    );
    const { tray } = trayFor(engine);
    expect(tray.item('status').label).toBe('The node has stopped');
    expect(tray.image).toBe(icon('problem'));
    expect(tray.labels().slice(0, 3)).toEqual(['The node has stopped', 'Today: 0 tasks', 'Restart the node']);
    await tray.click('restart');
    expect(engine.restartEngine).toHaveBeenCalledTimes(1);
  });
});

describe('tray wording', () => {
  const MON_NOON = Date.UTC(2025, 4, 12, 10, 0); // Mon 12 May 2025, 12:00 Berlin
  const line = (patch: Parameters<typeof snapshotWith>[0], now = MON_NOON, locale = 'en-GB') =>
    statusLine(snapshotWith(patch), now, locale);

  it('says what the node is doing in plain words, the dashboard’s sentence', () => {
    expect(line({})).toBe('Serving the network · 0 of 2 slots busy');
    expect(line({ capacity: { effectiveMaxConcurrent: 0 } })).toBe('Serving the network');
    expect(line({ state: 'paused', availability: { reason: 'switched_off' } })).toBe('Paused');
    expect(line({ state: 'starting' })).toBe('Starting your node…');
    expect(line({ state: 'stopping' })).toBe('Stopping your node…');
    expect(line({ state: 'stopped' })).toBe('Your node is stopped');
    expect(line({ state: 'degraded', stateReason: said('status.reason.failed', { error: 'No model loaded.' }) })).toBe(
      'Your node has a problem',
    );
    expect(
      line({
        state: 'degraded',
        stateReason: said('status.reason.failed', { error: 'No answer.' }),
        backend: { status: 'unreachable', flavour: 'lmstudio' },
      }),
    ).toBe('Your LLM server is not answering — is LM Studio running?');
    expect(line({ backend: { status: 'unreachable', flavour: null } })).toBe(
      'Your LLM server is not answering — is it running?',
    );
    expect(line({ setup: { completed: false, startAtLogin: null }, backend: { status: 'not_configured' } })).toBe(
      'Setup is not finished',
    );
    expect(line({ state: 'paused', availability: { reason: 'in_use', conditions: { idleMinutes: null } } })).toBe(
      'Computer in use — waiting until idle',
    );
  });

  it('says until when, on the schedule’s clock: later today, a day this week, or a date', () => {
    const paused = (until: string, now = MON_NOON) =>
      line({ state: 'paused', available: false, pausedUntil: until, availability: { reason: 'switched_off' } }, now);
    const outside = (next: string, now = MON_NOON) =>
      line({ state: 'paused', availability: { reason: 'outside_window', nextChangeAt: next } }, now);
    expect(paused('2025-05-12T16:00:00.000Z')).toBe(`Paused until 18:00${label('Europe/Berlin')}`);
    expect(paused('2025-05-13T06:00:00.000Z')).toBe(`Paused until 08:00 tomorrow${label('Europe/Berlin')}`);
    // Saturday afternoon → Monday morning.
    expect(outside('2025-05-12T06:00:00.000Z', Date.UTC(2025, 4, 10, 12, 0))).toBe(
      `Outside your availability windows until Mon 08:00${label('Europe/Berlin')}`,
    );
    // Just before midnight in Berlin (already "tomorrow" there, still the same UTC day).
    expect(outside('2025-05-12T22:30:00.000Z', Date.UTC(2025, 4, 12, 21, 50))).toBe(
      `Outside your availability windows until 00:30 tomorrow${label('Europe/Berlin')}`,
    );
    expect(outside('2025-05-20T06:00:00.000Z')).toBe(
      `Outside your availability windows until Tue 20 May, 08:00${label('Europe/Berlin')}`,
    );
    // Another zone's clock.
    expect(
      line({
        state: 'paused',
        pausedUntil: '2025-05-12T16:00:00.000Z',
        availability: { reason: 'switched_off', timeZone: 'America/New_York' },
      }),
    ).toBe(`Paused until 12:00${label('America/New_York')}`);
    // A zone this runtime does not know, or a broken time: still one sensible line.
    expect(
      line({
        state: 'paused',
        pausedUntil: '2025-05-12T16:00:00.000Z',
        availability: { reason: 'switched_off', timeZone: 'Mars/Olympus' },
      }),
    ).toMatch(/^Paused until \d\d:\d\d$/);
    expect(paused('not a date')).toBe('Paused');
  });

  it("writes times in the app's locale, with the dashboard's hour cycle, the status line and the pause item alike", () => {
    const paused = (locale: string) =>
      line(
        {
          state: 'paused',
          available: false,
          pausedUntil: '2025-05-12T16:00:00.000Z',
          availability: { reason: 'switched_off' },
        },
        MON_NOON,
        locale,
      );
    expect(paused('en-US')).toBe(`Paused until 6:00 PM${label('Europe/Berlin')}`);
    expect(paused('de-DE')).toBe(`Paused until 18:00${label('Europe/Berlin')}`);
    expect(paused('en-GB')).toBe(`Paused until 18:00${label('Europe/Berlin')}`);
    expect(
      line(
        { state: 'paused', availability: { reason: 'outside_window', nextChangeAt: '2025-05-13T06:00:00.000Z' } },
        MON_NOON,
        'en-US',
      ),
    ).toBe(`Outside your availability windows until 8:00 AM tomorrow${label('Europe/Berlin')}`);
    // The menu's own "Until tomorrow (…)" follows the same locale as its status line.
    for (const [locale, label] of [
      ['en-US', 'Until tomorrow (8:00 AM)'],
      ['de-DE', 'Until tomorrow (08:00)'],
    ] as const) {
      const { tray, appTray } = trayFor(fakeTrayEngine(), () => MON_NOON, locale);
      expect(tray.labels('pause')).toEqual(['For 1 hour', label]);
      appTray.dispose();
    }
  });

  it('keeps a long sentence to one short line', () => {
    const status = line({
      directory: { link: 'rejected', message: said('network.link.failure.refused') },
      backend: { status: 'unreachable', flavour: null, url: `http://${'very-'.repeat(40)}long.example:1` },
    });
    expect(status.length).toBeLessThanOrEqual(70);
    expect(status).not.toMatch(/\n/);
  });

  it("counts today's tasks and credits, written as the dashboard writes them", () => {
    expect(todayLine({ jobs: 0, credits: null })).toBe('Today: 0 tasks');
    expect(todayLine({ jobs: 1, credits: null })).toBe('Today: 1 task');
    expect(todayLine({ jobs: 12, credits: 0 })).toBe('Today: 12 tasks · 0 credits');
    expect(todayLine({ jobs: 2, credits: 1 })).toBe('Today: 2 tasks · 1 credit');
    expect(todayLine({ jobs: 3, credits: 4.5 })).toBe('Today: 3 tasks · 4.5 credits');
    // Small receipts keep their digits, as on the dashboard's "Credits today"; counts are grouped.
    expect(todayLine({ jobs: 1234, credits: 0.1123 }, 'en-US')).toBe('Today: 1,234 tasks · 0.1123 credits');
    // In the app's locale, as its window writes them.
    expect(todayLine({ jobs: 1234, credits: 2.5 }, 'de-DE')).toBe('Today: 1.234 tasks · 2,5 credits');
  });

  it('is green only while serving; amber when something keeps the node from serving; indigo while the person’s rules wait', () => {
    const kind = (patch: Parameters<typeof snapshotWith>[0]) => trayIconKind(snapshotWith(patch));
    expect(kind({ state: 'online' })).toBe('online');
    expect(kind({ state: 'degraded' })).toBe('problem');
    expect(kind({ backend: { status: 'unreachable' } })).toBe('problem');
    expect(kind({ directory: { link: 'unreachable' } })).toBe('problem');
    expect(kind({ reachability: { status: 'local_only' }, directory: { link: 'not_configured' } })).toBe('problem');
    expect(kind({ state: 'paused', availability: { reason: 'switched_off' } })).toBe('paused');
    for (const reason of ['outside_window', 'on_battery', 'in_use'] as const)
      expect(kind({ state: 'paused', availability: { reason } })).toBe('waiting');
    for (const state of ['starting', 'stopping'] as const) expect(kind({ state })).toBe('paused');
    expect(kind({ state: 'stopped' })).toBe('problem');
  });

  it('"Until tomorrow" keeps 08:00 local across daylight-saving changes', () => {
    inTimeZone('Europe/Berlin', () => {
      // Spring forward (30 Mar 2025): 17 hours from 14:00 to 08:00; fall back (26 Oct 2025): 19 hours.
      expect(tomorrowMorning(Date.parse('2025-03-29T13:00:00Z'))).toBe(Date.parse('2025-03-30T06:00:00Z'));
      expect(tomorrowMorning(Date.parse('2025-10-25T12:00:00Z'))).toBe(Date.parse('2025-10-26T07:00:00Z'));
    });
    inTimeZone('America/New_York', () => {
      expect(tomorrowMorning(Date.parse('2025-03-08T19:00:00Z'))).toBe(Date.parse('2025-03-09T12:00:00Z'));
    });
  });

  it('opens the window on a left click only on Windows', () => {
    for (const [platform, listeners] of [
      ['win32', 1],
      ['linux', 0],
      ['darwin', 0],
    ] as const) {
      FakeTray.instances = [];
      createAppTray(
        { Tray: FakeTray as never, Menu: FakeMenu as never, iconPath: paths.trayIcon, platform },
        fakeTrayEngine(),
        {
          openWindow: vi.fn(),
          quit: vi.fn(),
        },
      );
      expect(FakeTray.instances[0]!.listenerCount('click')).toBe(listeners);
    }
  });
});

describe("tray: the person's other machines", () => {
  const fleet = {
    machines: 3,
    online: 2,
    down: [
      { nodeId: 'b0000000-0000-4000-8000-000000000000', name: 'Attic\u202e PC', since: '2026-11-26T14:02:00.000Z' },
    ],
  };

  it('says how many are online and names each one down, quoted and cleaned; a click opens the Machines page', () => {
    const openWindow = vi.fn();
    const items = fleetItems(fleet, { openWindow }, 'en-GB');
    expect(items.map((i) => i.label)).toEqual([
      'Your machines: 2 of 3 online',
      `“Attic PC” is down since ${formatClock('2026-11-26T14:02:00.000Z', { locale: 'en-GB' })}`,
    ]);
    items[1]!.click!({} as never, undefined as never, {} as never);
    expect(openWindow).toHaveBeenCalledWith('fleet');
  });

  it('shows nothing for one computer alone or without an identity', () => {
    expect(fleetItems(null, { openWindow: vi.fn() })).toEqual([]);
    expect(fleetItems({ machines: 1, online: 1, down: [] }, { openWindow: vi.fn() })).toEqual([]);
  });

  it('is in the menu, and a change of the machines rebuilds it at once', () => {
    const engine = fakeTrayEngine(snapshotWith({ fleet: { machines: 2, online: 2, down: [] } }));
    const tray = createAppTray(
      { Tray: FakeTray as never, Menu: FakeMenu as never, iconPath: paths.trayIcon, platform: 'linux' },
      engine,
      { openWindow: vi.fn(), quit: vi.fn() },
    );
    const labels = () => (tray.menu() as unknown as FakeMenu).items.map((i) => i.label);
    expect(labels()).toContain('Your machines: 2 of 2 online');
    engine.publish(
      snapshotWith({
        fleet: { machines: 2, online: 1, down: [{ nodeId: 'b1', name: 'Attic', since: '2026-11-26T14:02:00.000Z' }] },
      }),
    );
    expect(labels()).toContain('Your machines: 1 of 2 online');
    tray.dispose();
  });
});
