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
import type { Menu, Tray } from 'electron';
import type { NodeSnapshot } from '@shared/contract';
import { sayNow } from '@shared/i18n/current';
import type { TrayIconKind } from './paths';
import { statusLine, trayIconKind } from './tray-lines';
import { trayMenuTemplate, type TrayActions, type TrayEngine } from './tray-menu';

/** Least time between two menu rebuilds caused only by the live counters. */
export const COUNTER_REFRESH_MS = 2_000;

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
