/**
 * The tray icon and its menu. Everything lives in the context menu, because on Linux (AppIndicator) a
 * click on the icon only opens the menu. The menu is rebuilt whenever what it shows changes; changes of the
 * live counters alone (busy slots, today's tasks) are coalesced so a busy node does not rebuild it all the time.
 *
 * Icons (`trayIconKind`):
 *   online   green   serving the network: registered, reachable, the LLM server healthy (the status sentence's
 *                    "Serving the network");
 *   paused   grey    switched off by hand, or on the way (starting, registering, looking for a way in);
 *   waiting  indigo  the person's own rules hold it back and it comes back by itself: outside the availability
 *                    windows, on battery (only-on-mains), the computer in use (idle condition);
 *   problem  amber   something keeps it from serving: the LLM server, the directory, the way in.
 * The menu's first line and the tooltip are the status sentence of status-sentence.ts, as on the dashboard.
 */
import type { Menu, MenuItemConstructorOptions, Tray } from 'electron';
import type { NodeSnapshot } from '@shared/contract';
import { sayNow } from '@shared/i18n/current';
import { formatCount, formatCredits } from '@shared/words/credits-words';
import { ownerSentence } from '@shared/words/owner-words';
import { fleetSummaryLine, machineDownSince } from '@shared/words/fleet-words';
import { statusWords } from '@shared/words/status-sentence';
import { formatClock, formatUntil } from '@shared/text/wall-clock';
import type { TrayIconKind } from './paths';

const MAX_LINE = 70;
/**
 * While the node yields to its owner, the line must still say when it comes back: the program's name is cut instead.
 */
const OWNER_LINE = 90;
const OWNER_NAME_CHARS = 24;
/** The pause submenu's "For 1 hour". */
export const PAUSE_HOUR_MS = 3_600_000;
/** "Until tomorrow" ends at this local hour. */
export const TOMORROW_HOUR = 8;
/** Before this local hour, "tomorrow" is the coming morning (someone still up at 1 a.m. means 08:00 today). */
const NIGHT_ENDS_HOUR = 5;
/** Least time between two menu rebuilds caused only by the live counters. */
export const COUNTER_REFRESH_MS = 2_000;

function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1).trimEnd()}…`;
}

/** The status sentence the dashboard and the page title show, without the countdown a menu would leave stale. */
function sentenceFor(snapshot: NodeSnapshot, now: number, locale?: string) {
  return statusWords(snapshot, { now, connection: 'connected', countdown: false, ...(locale ? { locale } : {}) });
}

/** The disabled first line of the menu: the dashboard's status sentence, and the busy slots while serving. */
export function statusLine(snapshot: NodeSnapshot, now = Date.now(), locale?: string): string {
  const w = sentenceFor(snapshot, now, locale);
  if (w.kind === 'yielding') {
    const at = (iso: string) => formatClock(Date.parse(iso), { locale });
    return shorten(ownerSentence(snapshot.availability.owner, at, OWNER_NAME_CHARS) ?? w.sentence, OWNER_LINE);
  }
  if (w.kind !== 'serving') return shorten(w.sentence, MAX_LINE);
  const { activeJobs, effectiveMaxConcurrent: slots } = snapshot.capacity;
  return slots > 0 ? sayNow()('tray.status.busy', { status: w.sentence, active: activeJobs, slots }) : w.sentence;
}

/**
 * "Today: 3 tasks · 1.25 credits" (credits only once the engine knows them): the day's figures of the snapshot,
 * worded and written as the dashboard writes them.
 */
export function todayLine(today: NodeSnapshot['today'], locale?: string): string {
  const t = sayNow();
  const count = formatCount(today.jobs, locale);
  if (today.credits === null || !Number.isFinite(today.credits))
    return t('tray.today.tasks', { count, tasks: today.jobs });
  // "credit" for exactly one only: the amount is already written out, the plural only picks the word.
  return t('tray.today.credits', {
    count,
    tasks: today.jobs,
    credits: formatCredits(today.credits, locale),
    amount: today.credits === 1 ? 1 : 2,
  });
}

export function trayIconKind(snapshot: NodeSnapshot, now = Date.now()): TrayIconKind {
  switch (sentenceFor(snapshot, now).tone) {
    case 'ok':
      return 'online';
    case 'bad':
    case 'warn':
      return 'problem';
    default:
      // Waiting for the person's own rules (windows, mains, idle) reads differently from a pause by hand.
      return snapshot.state === 'paused' &&
        ['outside_window', 'on_battery', 'in_use', 'owner_use'].includes(snapshot.availability.reason ?? '')
        ? 'waiting'
        : 'paused';
  }
}

/**
 * The end of "Until tomorrow": 08:00 local time on the next calendar day, except in the small hours (before
 * 05:00), when "tomorrow" means the coming morning. DST-safe (built from local calendar fields).
 */
export function tomorrowMorning(now: number): number {
  const d = new Date(now);
  const dayOffset = d.getHours() < NIGHT_ENDS_HOUR ? 0 : 1;
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + dayOffset, TOMORROW_HOUR, 0, 0, 0).getTime();
}

const RUNNING: readonly NodeSnapshot['state'][] = ['online', 'paused', 'degraded'];

/** What the tray needs from the engine. */
export interface TrayEngine {
  getSnapshot(): NodeSnapshot;
  onSnapshot(listener: (snapshot: NodeSnapshot) => void): () => void;
  pause(untilMs?: number | null): unknown;
  resume(): unknown;
  /** Serve although the owner uses the GPU, for `minutes`; null ends it. */
  shareAnyway?(minutes: number | null): unknown;
  /** After a crash loop: start the engine's process again. */
  restartEngine?(): unknown;
}

export interface TrayActions {
  /** Shows the window, on `route` when given (a page of the dashboard). */
  openWindow(route?: string): void;
  quit(): Promise<void> | void;
}

export interface TrayDeps {
  Tray: typeof Tray;
  Menu: Pick<typeof Menu, 'buildFromTemplate'>;
  iconPath: (kind: TrayIconKind) => string;
  platform?: NodeJS.Platform;
  now?: () => number;
  /**
   * The locale for the tray's times and figures; without it, the host's words' locale (`sayNow`), which follows the
   * Settings language, so the tray's times read like the dashboard's.
   */
  locale?: string;
}

function tryEngine(what: string, fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    console.warn(`[app] ${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Flips the availability switch from what the engine says now (not from a possibly stale menu). */
function toggleAvailable(engine: TrayEngine): void {
  // not-shown: the console warning when the engine refuses
  tryEngine('availability could not be changed', () => {
    if (engine.getSnapshot().available) engine.pause();
    else engine.resume();
  });
}

export function trayMenuTemplate(
  snapshot: NodeSnapshot,
  engine: TrayEngine,
  actions: TrayActions,
  now: () => number = () => Date.now(),
  locale?: string,
): MenuItemConstructorOptions[] {
  const t = sayNow();
  // A snapshot from an engine that is restarting or stopped is old news: nothing can be switched until one runs.
  const engineDown = snapshot.engineProcess.state !== 'running';
  const running = RUNNING.includes(snapshot.state) && !engineDown;
  const restart: MenuItemConstructorOptions[] =
    snapshot.engineProcess.state === 'failed' && engine.restartEngine
      ? [
          {
            id: 'restart',
            label: t('tray.restart'),
            // not-shown: the console warning when the engine refuses
            click: () => tryEngine('the node could not be restarted', () => engine.restartEngine?.()),
          },
        ]
      : [];
  // not-shown: the console warning when the engine refuses
  const pauseUntil = (until: () => number) => () =>
    tryEngine('the node could not be paused', () => engine.pause(until()));
  const owner = snapshot.availability.owner;
  // While the node gives the GPU back to its owner, the one thing to offer is to set that aside for a while.
  const shareAnyway: MenuItemConstructorOptions[] =
    running && engine.shareAnyway && snapshot.availability.reason === 'owner_use'
      ? [
          {
            id: 'share-anyway',
            label: t('tray.shareAnyway'),
            // not-shown: the console warning when the engine refuses
            click: () => tryEngine('sharing could not be switched on', () => engine.shareAnyway?.(60)),
          },
        ]
      : running && engine.shareAnyway && owner.shareAnywayUntil
        ? [
            // The status line says only "Serving": the promise set aside, and until when, is said here.
            {
              id: 'share-anyway-until',
              label: t('tray.sharingUntil', {
                until: formatUntil(owner.shareAnywayUntil, now(), undefined, locale) ?? owner.shareAnywayUntil,
              }),
              enabled: false,
            },
            {
              id: 'share-anyway-end',
              label: t('tray.stopSharing'),
              // not-shown: the console warning when the engine refuses
              click: () => tryEngine('sharing anyway could not be ended', () => engine.shareAnyway?.(null)),
            },
          ]
        : [];
  return [
    { id: 'status', label: statusLine(snapshot, now(), locale), enabled: false },
    { id: 'today', label: todayLine(snapshot.today, locale), enabled: false },
    ...fleetItems(snapshot.fleet, actions, locale),
    ...restart,
    ...shareAnyway,
    { type: 'separator' },
    {
      id: 'available',
      label: t('tray.available'),
      type: 'checkbox',
      checked: snapshot.available,
      enabled: running,
      click: () => toggleAvailable(engine),
    },
    {
      id: 'pause',
      label: t('tray.pause'),
      enabled: running,
      submenu: [
        { id: 'pause-hour', label: t('tray.pause.hour'), click: pauseUntil(() => now() + PAUSE_HOUR_MS) },
        {
          id: 'pause-tomorrow',
          label: t('tray.pause.tomorrow', { time: formatClock(tomorrowMorning(now()), { locale }) }),
          click: pauseUntil(() => tomorrowMorning(now())),
        },
      ],
    },
    { type: 'separator' },
    { id: 'open', label: t('tray.open'), click: () => actions.openWindow() },
    { type: 'separator' },
    { id: 'quit', label: t('tray.quit'), click: () => void actions.quit() },
  ];
}

/** Machines down shown by name at most; the Machines page lists the rest. */
const FLEET_DOWN_SHOWN = 3;

/**
 * The person's other machines, when there are any: how many are online, and each that is down inside its windows (a
 * click opens the Machines page). One computer alone shows nothing.
 */
export function fleetItems(
  fleet: NodeSnapshot['fleet'],
  actions: Pick<TrayActions, 'openWindow'>,
  locale?: string,
): MenuItemConstructorOptions[] {
  if (!fleet || fleet.machines < 2) return [];
  const open = () => actions.openWindow('fleet');
  const down = fleet.down.slice(0, FLEET_DOWN_SHOWN).map((d, i): MenuItemConstructorOptions => ({
    id: `fleet-down-${i}`,
    label: shorten(machineDownSince(d.name, formatClock(d.since, { locale })), MAX_LINE),
    click: open,
  }));
  return [{ id: 'fleet', label: fleetSummaryLine(fleet, locale), click: open }, ...down];
}

export interface AppTray {
  readonly tray: Tray;
  /** Rebuilds the menu from the engine's current snapshot. */
  refresh(): void;
  /** The menu shown now (the desktop smoke test clicks its items). */
  menu(): Menu | null;
  dispose(): void;
}

export function createAppTray(deps: TrayDeps, engine: TrayEngine, actions: TrayActions): AppTray {
  const now = deps.now ?? (() => Date.now());
  const locale = () => deps.locale ?? sayNow().locale;
  const initial = engine.getSnapshot();
  let shownIcon = trayIconKind(initial, now());
  const tray = new deps.Tray(deps.iconPath(shownIcon));
  let shownKey = '';
  let shownCounters = '';
  let lastBuild = 0;
  let counterTimer: NodeJS.Timeout | null = null;
  let shownMenu: Menu | null = null;

  const build = (snapshot: NodeSnapshot, key: string, counters: string) => {
    if (tray.isDestroyed()) return;
    shownKey = key;
    shownCounters = counters;
    lastBuild = now();
    const icon = trayIconKind(snapshot, now());
    if (icon !== shownIcon) {
      tray.setImage(deps.iconPath(icon));
      shownIcon = icon;
    }
    tray.setToolTip(sayNow()('tray.tooltip', { status: statusLine(snapshot, now(), locale()) }));
    shownMenu = deps.Menu.buildFromTemplate(trayMenuTemplate(snapshot, engine, actions, now, locale()));
    tray.setContextMenu(shownMenu);
  };

  const render = (snapshot: NodeSnapshot, force = false) => {
    // What changes the menu's meaning (rebuilt at once) and the live counters (rebuilt at most every 2 s).
    // The status line's own text is part of the key: a "until 18:00" that becomes "until Mon 08:00" at midnight.
    const status = statusLine({ ...snapshot, capacity: { ...snapshot.capacity, activeJobs: 0 } }, now(), locale());
    // The language is part of the key too: a change in Settings rebuilds the menu in the new words.
    const key = JSON.stringify([
      sayNow().language,
      status,
      snapshot.state,
      snapshot.available,
      trayIconKind(snapshot, now()),
      snapshot.fleet,
    ]);
    const counters = JSON.stringify([snapshot.capacity.activeJobs, snapshot.today.jobs, snapshot.today.credits]);
    if (force || key !== shownKey) {
      if (counterTimer) clearTimeout(counterTimer);
      counterTimer = null;
      build(snapshot, key, counters);
      return;
    }
    if (counters === shownCounters || counterTimer) return;
    const wait = lastBuild + COUNTER_REFRESH_MS - now();
    if (wait <= 0) {
      build(snapshot, key, counters);
      return;
    }
    counterTimer = setTimeout(() => {
      counterTimer = null;
      render(engine.getSnapshot());
    }, wait);
    counterTimer.unref?.();
  };

  // Windows: a left click opens the window (the menu is on right click). Elsewhere a click shows the menu.
  if ((deps.platform ?? process.platform) === 'win32') tray.on('click', () => actions.openWindow());

  render(initial, true);
  const unsubscribe = engine.onSnapshot((snapshot) => render(snapshot));
  return {
    tray,
    refresh: () => render(engine.getSnapshot(), true),
    menu: () => shownMenu,
    dispose: () => {
      unsubscribe();
      if (counterTimer) clearTimeout(counterTimer);
      counterTimer = null;
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
