/**
 * The tray's menu: the status and today lines, the other machines, the Available switch, a pause, open and quit. A
 * refusal of the engine is a console warning, never an error in the menu.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { NodeSnapshot } from '@shared/contract';
import { sayNow } from '@shared/i18n/current';
import { fleetSummaryLine, machineDownSince } from '@shared/words/fleet-words';
import { formatClock, formatUntil } from '@shared/text/wall-clock';
import { MAX_LINE, shorten, statusLine, todayLine } from './tray-lines';

/** The pause submenu's "For 1 hour". */
export const PAUSE_HOUR_MS = 3_600_000;
/** "Until tomorrow" ends at this local hour. */
export const TOMORROW_HOUR = 8;
/** Before this local hour, "tomorrow" is the coming morning (someone still up at 1 a.m. means 08:00 today). */
const NIGHT_ENDS_HOUR = 5;

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
