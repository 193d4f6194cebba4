/** The words about the person's machines: the Machines page, the notices, the webhook and `--fleet` say the same. */
import type { FleetSummary, MachineState } from '../contract/fleet';
import { quoteForeignText } from '../text/foreign-text';
import { formatCount } from './credits-words';

export const MACHINE_STATE_LABEL: Readonly<Record<MachineState, string>> = {
  online: 'Online',
  down: 'Down',
  asleep: 'Asleep as planned',
  paused: 'Paused',
  unknown: 'Not heard yet',
};

/** One sentence on a machine's state, by what was heard of it. */
export function machineStateWords(state: MachineState, o: { self: boolean; insideWindow: boolean | null; heardDirectly: boolean }): string {
  if (o.self) {
    if (state === 'paused') return 'This computer: switched off.';
    return o.insideWindow === false ? 'This computer: running, outside its availability windows.' : 'This computer: running.';
  }
  switch (state) {
    case 'online':
      if (o.insideWindow === false) return 'Running, outside its availability windows.';
      return o.heardDirectly ? 'Running: it answers.' : 'Running: the directory hears its heartbeats.';
    case 'down':
      return 'Not heard, though its availability windows say it should be on.';
    case 'asleep':
      return 'Not heard, outside its availability windows: as planned.';
    case 'paused':
      return 'Switched off by its owner.';
    case 'unknown':
      return 'Not heard yet, and its schedule is not known: nothing is said about it until it is.';
  }
}

export interface MachineNoticeText {
  title: string;
  body: string;
}

export function machineDownWords(name: string): MachineNoticeText {
  return {
    title: `${quoteForeignText(name, 40)} is down`,
    body: 'It stopped answering inside its availability window. The Machines page shows what is known of it.',
  };
}

export function machineBackWords(name: string): MachineNoticeText {
  return { title: `${quoteForeignText(name, 40)} is back`, body: 'It answers again.' };
}

/** "Your machines: 2 of 3 online", as the tray and the Dashboard say it. */
export function fleetSummaryLine(f: FleetSummary, locale?: string): string {
  return `Your machines: ${formatCount(f.online, locale)} of ${formatCount(f.machines, locale)} online`;
}

/** "“Attic PC” is down since 14:02", with the time already in the person's format. */
export function machineDownSince(name: string, since: string): string {
  return `${quoteForeignText(name, 24)} is down since ${since}`;
}
