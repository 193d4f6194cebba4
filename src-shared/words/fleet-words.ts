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

/** "40 seconds", "1 minute", "12 minutes". */
function durationWords(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 90) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.round(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/**
 * One sentence on a machine's state, by what was heard of it. `settlingMs`: it was told down and answers again; its
 * "back" is told once it has answered that long.
 */
export function machineStateWords(state: MachineState, o: { self: boolean; insideWindow: boolean | null; heardDirectly: boolean; settlingMs?: number }): string {
  if (o.self) {
    if (state === 'paused') return 'This computer: switched off.';
    return o.insideWindow === false ? 'This computer: running, outside its availability windows.' : 'This computer: running.';
  }
  switch (state) {
    case 'online':
      if (o.settlingMs !== undefined) return `Answering again; it is told back once it has answered for ${durationWords(o.settlingMs)}.`;
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

/** An outage as it is told when it is over: how often the machine went down, over how long, and how long it has answered since. */
export interface MachineOutage {
  downs: number;
  /** From its first going down to its last coming back (ms). */
  spanMs: number;
  /** How long it has answered since (ms): the settling time after which "back" is told. */
  upMs: number;
}

export function machineBackWords(name: string, outage?: MachineOutage): MachineNoticeText {
  const title = `${quoteForeignText(name, 40)} is back`;
  if (!outage) return { title, body: 'It answers again.' };
  const since = `It has answered for ${durationWords(outage.upMs)} now.`;
  if (outage.downs <= 1) return { title, body: since };
  return { title, body: `It went down ${outage.downs} times in ${durationWords(outage.spanMs)}. ${since}` };
}

/** "Your machines: 2 of 3 online", as the tray and the Dashboard say it. */
export function fleetSummaryLine(f: FleetSummary, locale?: string): string {
  return `Your machines: ${formatCount(f.online, locale)} of ${formatCount(f.machines, locale)} online`;
}

/** "“Attic PC” is down since 14:02", with the time already in the person's format. */
export function machineDownSince(name: string, since: string): string {
  return `${quoteForeignText(name, 24)} is down since ${since}`;
}
