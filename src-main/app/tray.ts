/**
 * The tray icon and its menu. Everything lives in the context menu, because on Linux (AppIndicator) a
 * click on the icon only opens the menu. The menu is rebuilt whenever what it shows changes; changes of the
 * live counters alone (busy slots, today's jobs) are coalesced so a busy node does not rebuild it all the time.
 *
 * Icons (`trayIconKind`):
 *   online   green   the node offers capacity;
 *   paused   grey    switched off by hand (also while starting or stopping);
 *   waiting  indigo  the person's own rules hold it back and it comes back by itself: outside the availability
 *                    windows, on battery (only-on-mains), the computer in use (idle condition);
 *   problem  amber   degraded: the backend (or something else) is not working.
 */
import type { Menu, MenuItemConstructorOptions, Tray } from 'electron';
import type { NodeSnapshot } from '../../src-preload/contract';
import type { TrayIconKind } from './paths';

const MAX_REASON = 60;
/** The pause submenu's "For 1 hour". */
export const PAUSE_HOUR_MS = 3_600_000;
/** "Until tomorrow" ends at this local hour. */
export const TOMORROW_HOUR = 8;
/** Before this local hour, "tomorrow" is the coming morning (someone still up at 1 a.m. means 08:00 today). */
const NIGHT_ENDS_HOUR = 5;
/** Least time between two menu rebuilds caused only by the live counters. */
export const COUNTER_REFRESH_MS = 2_000;

export type StatusFields = Pick<NodeSnapshot, 'state' | 'stateReason' | 'pausedUntil' | 'availability' | 'capacity' | 'backend'>;

function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1).trimEnd()}…`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** A cached formatter for `timeZone`'s wall clock; the computer's own when the zone is unknown to this runtime. */
function clockFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let format = clockFormats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = {
      weekday: 'short',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    };
    try {
      format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: timeZone || undefined });
    } catch {
      format = new Intl.DateTimeFormat('en-GB', options);
    }
    if (clockFormats.size > 16) clockFormats.clear();
    clockFormats.set(key, format);
  }
  return format;
}

/** An instant on `timeZone`'s wall clock. */
function wallClock(ms: number, timeZone: string | undefined): { date: string; weekday: string; dayMonth: string; hm: string } {
  const p = clockFormat(timeZone).formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes) => p.find((x) => x.type === type)?.value ?? '';
  return {
    date: `${get('year')} ${get('month')} ${get('day')}`,
    weekday: get('weekday'),
    dayMonth: `${get('day')} ${get('month')}`,
    hm: `${get('hour')}:${get('minute')}`,
  };
}

/**
 * When something ends, short: "18:00" later today, "Mon 08:00" within the coming days, "Mon 12 May 08:00"
 * beyond. On the schedule's wall clock, like the engine's own messages.
 */
export function formatUntil(iso: string, now: number, timeZone?: string): string | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const at = wallClock(ms, timeZone);
  if (at.date === wallClock(now, timeZone).date) return at.hm;
  if (ms - now < 6 * 24 * 3_600_000) return `${at.weekday} ${at.hm}`;
  return `${at.weekday} ${at.dayMonth} ${at.hm}`;
}

/** The disabled first line of the menu, in plain words. */
export function statusLine(snapshot: StatusFields, now = Date.now()): string {
  const until = (iso: string | null) => (iso ? formatUntil(iso, now, snapshot.availability.timeZone) : null);
  switch (snapshot.state) {
    case 'online': {
      const { activeJobs, effectiveMaxConcurrent: slots } = snapshot.capacity;
      return slots > 0 ? `Online · ${activeJobs} of ${plural(slots, 'slot', 'slots')} busy` : 'Online';
    }
    case 'paused': {
      const a = snapshot.availability;
      switch (a.reason) {
        case 'outside_window': {
          const when = until(a.nextChangeAt);
          return when ? `Outside your windows until ${when}` : 'Outside your windows';
        }
        case 'on_battery':
          return 'On battery — waiting for mains power';
        case 'in_use':
          return a.conditions.idleMinutes
            ? `Computer in use — waiting for ${a.conditions.idleMinutes} min idle`
            : 'Computer in use — waiting until idle';
        default: {
          const when = until(snapshot.pausedUntil);
          return when ? `Paused until ${when}` : 'Paused';
        }
      }
    }
    case 'degraded':
      if (snapshot.backend.status === 'unreachable') return 'Backend not responding';
      return snapshot.stateReason ? `Degraded · ${shorten(snapshot.stateReason, MAX_REASON)}` : 'Degraded';
    case 'starting':
      return 'Starting…';
    case 'stopping':
      return 'Stopping…';
    case 'stopped':
      return 'Stopped';
  }
}

/** "Today: 3 jobs · 1.25 credits" (credits only once the engine knows them). */
export function todayLine(today: NodeSnapshot['today']): string {
  const jobs = `Today: ${plural(today.jobs, 'job', 'jobs')}`;
  if (today.credits === null || !Number.isFinite(today.credits)) return jobs;
  const credits = Number(today.credits.toFixed(2));
  return `${jobs} · ${credits} ${credits === 1 ? 'credit' : 'credits'}`;
}

export function trayIconKind(snapshot: Pick<NodeSnapshot, 'state' | 'availability'>): TrayIconKind {
  switch (snapshot.state) {
    case 'online':
      return 'online';
    case 'degraded':
      return 'problem';
    case 'paused': {
      const reason = snapshot.availability.reason;
      return reason === 'outside_window' || reason === 'on_battery' || reason === 'in_use' ? 'waiting' : 'paused';
    }
    default:
      return 'paused';
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
}

export interface TrayActions {
  openWindow(): void;
  quit(): Promise<void> | void;
}

export interface TrayDeps {
  Tray: typeof Tray;
  Menu: Pick<typeof Menu, 'buildFromTemplate'>;
  iconPath: (kind: TrayIconKind) => string;
  platform?: NodeJS.Platform;
  now?: () => number;
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
): MenuItemConstructorOptions[] {
  const running = RUNNING.includes(snapshot.state);
  const pauseUntil = (until: () => number) => () => tryEngine('the node could not be paused', () => engine.pause(until()));
  return [
    { id: 'status', label: statusLine(snapshot, now()), enabled: false },
    { id: 'today', label: todayLine(snapshot.today), enabled: false },
    { type: 'separator' },
    {
      id: 'available',
      label: 'Available',
      type: 'checkbox',
      checked: snapshot.available,
      enabled: running,
      click: () => toggleAvailable(engine),
    },
    {
      id: 'pause',
      label: 'Pause',
      enabled: running,
      submenu: [
        { id: 'pause-hour', label: 'For 1 hour', click: pauseUntil(() => now() + PAUSE_HOUR_MS) },
        {
          id: 'pause-tomorrow',
          label: `Until tomorrow (${String(TOMORROW_HOUR).padStart(2, '0')}:00)`,
          click: pauseUntil(() => tomorrowMorning(now())),
        },
      ],
    },
    { type: 'separator' },
    { id: 'open', label: 'Open IICP Provider', click: () => actions.openWindow() },
    { type: 'separator' },
    { id: 'quit', label: 'Quit', click: () => void actions.quit() },
  ];
}

export interface AppTray {
  readonly tray: Tray;
  /** Rebuilds the menu from the engine's current snapshot. */
  refresh(): void;
  dispose(): void;
}

export function createAppTray(deps: TrayDeps, engine: TrayEngine, actions: TrayActions): AppTray {
  const now = deps.now ?? (() => Date.now());
  const initial = engine.getSnapshot();
  let shownIcon = trayIconKind(initial);
  const tray = new deps.Tray(deps.iconPath(shownIcon));
  let shownKey = '';
  let shownCounters = '';
  let lastBuild = 0;
  let counterTimer: NodeJS.Timeout | null = null;

  const build = (snapshot: NodeSnapshot, key: string, counters: string) => {
    if (tray.isDestroyed()) return;
    shownKey = key;
    shownCounters = counters;
    lastBuild = now();
    const icon = trayIconKind(snapshot);
    if (icon !== shownIcon) {
      tray.setImage(deps.iconPath(icon));
      shownIcon = icon;
    }
    tray.setToolTip(`IICP Provider · ${statusLine(snapshot, now())}`);
    tray.setContextMenu(deps.Menu.buildFromTemplate(trayMenuTemplate(snapshot, engine, actions, now)));
  };

  const render = (snapshot: NodeSnapshot, force = false) => {
    // What changes the menu's meaning (rebuilt at once) and the live counters (rebuilt at most every 2 s).
    // The status line's own text is part of the key: a "until 18:00" that becomes "until Mon 08:00" at midnight.
    const status = statusLine({ ...snapshot, capacity: { ...snapshot.capacity, activeJobs: 0 } }, now());
    const key = JSON.stringify([status, snapshot.state, snapshot.available, trayIconKind(snapshot)]);
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
    dispose: () => {
      unsubscribe();
      if (counterTimer) clearTimeout(counterTimer);
      counterTimer = null;
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
