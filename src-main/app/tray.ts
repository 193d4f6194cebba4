/**
 * The tray icon and its menu. Everything lives in the context menu, because on Linux (AppIndicator) a
 * click on the icon only opens the menu. The menu is rebuilt whenever what it shows changes.
 */
import type { Menu, MenuItemConstructorOptions, Tray } from 'electron';
import type { NodeSnapshot } from '../../src-preload/contract';
import type { TrayIconKind } from './paths';

const MAX_REASON = 60;

type StatusFields = Pick<NodeSnapshot, 'state' | 'stateReason' | 'pausedUntil'>;

function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1).trimEnd()}…`;
}

/** The disabled first line of the menu, in plain words. */
export function statusLine(snapshot: StatusFields): string {
  switch (snapshot.state) {
    case 'online':
      return 'Online';
    case 'paused': {
      if (!snapshot.pausedUntil) return 'Paused';
      const until = new Date(snapshot.pausedUntil);
      return Number.isNaN(until.getTime())
        ? 'Paused'
        : `Paused until ${until.toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' })}`;
    }
    case 'degraded':
      return snapshot.stateReason ? `Degraded · ${shorten(snapshot.stateReason, MAX_REASON)}` : 'Degraded';
    case 'starting':
      return 'Starting…';
    case 'stopping':
      return 'Stopping…';
    case 'stopped':
      return 'Stopped';
  }
}

export function trayIconKind(state: NodeSnapshot['state']): TrayIconKind {
  if (state === 'online') return 'online';
  if (state === 'degraded') return 'problem';
  return 'paused';
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
}

/** Flips the availability switch from what the engine says now (not from a possibly stale menu). */
function toggleAvailable(engine: TrayEngine): void {
  try {
    if (engine.getSnapshot().available) engine.pause();
    else engine.resume();
  } catch (err) {
    console.warn(`[app] availability could not be changed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function trayMenuTemplate(snapshot: NodeSnapshot, engine: TrayEngine, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { id: 'status', label: statusLine(snapshot), enabled: false },
    {
      id: 'available',
      label: 'Available',
      type: 'checkbox',
      checked: snapshot.available,
      enabled: RUNNING.includes(snapshot.state),
      click: () => toggleAvailable(engine),
    },
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
  const initial = engine.getSnapshot();
  const tray = new deps.Tray(deps.iconPath(trayIconKind(initial.state)));
  let shownKey = '';
  let shownIcon = trayIconKind(initial.state);

  const render = (snapshot: NodeSnapshot, force = false) => {
    const key = JSON.stringify([snapshot.state, snapshot.available, snapshot.stateReason, snapshot.pausedUntil]);
    if (!force && key === shownKey) return;
    if (tray.isDestroyed()) return;
    shownKey = key;
    const icon = trayIconKind(snapshot.state);
    if (icon !== shownIcon) {
      tray.setImage(deps.iconPath(icon));
      shownIcon = icon;
    }
    const status = statusLine(snapshot);
    tray.setToolTip(`IICP Provider · ${status}`);
    tray.setContextMenu(deps.Menu.buildFromTemplate(trayMenuTemplate(snapshot, engine, actions)));
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
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
