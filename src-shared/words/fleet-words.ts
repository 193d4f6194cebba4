/**
 * The words about the person's machines: the Machines page, the tray, the notices, the webhook and `--fleet` say the
 * same, from the catalogue's `fleet` area. The engine makes a machine's state sentence and its notices as `Said`; the
 * webhook's message is their English.
 */
import { MACHINE_NAME_MAX, type FleetMachine, type FleetSummary, type MachineState } from '../contract/fleet';
import type { MessageId } from '../i18n/catalogue';
import { sayNow } from '../i18n/current';
import { said, type Said } from '../i18n/said';
import { english } from '../i18n/say';
import { cleanForeignText } from '../text/foreign-text';
import { formatCount } from './credits-words';

const STATE_LABEL: Readonly<Record<MachineState, MessageId>> = {
  online: 'fleet.state.online',
  down: 'fleet.state.down',
  asleep: 'fleet.state.asleep',
  paused: 'fleet.state.paused',
  stopped: 'fleet.state.stopped',
  unknown: 'fleet.state.unknown',
};

/** A machine's state in a word, in the words of this process (the tray's, the page's, the terminal's). */
export function machineStateLabel(state: MachineState): string {
  const t = sayNow();
  return t(STATE_LABEL[state]);
}

/** Switched on, but its schedule offers nothing now: the machine runs and takes no tasks. */
export function outsideItsWindows(machine: Pick<FleetMachine, 'window'>): boolean {
  return machine.window !== null && machine.window.switchedOn && !machine.window.inside;
}

/**
 * A machine's slots, as the Machines page and `--fleet` say them: "2 of 4 busy"; "2 busy" when the machine did not say
 * how many it offers; none while it is paused or outside its availability windows (tasks still running as a window
 * closed are counted). Null when they are not known: the page and the table each say that their own way.
 */
export function machineSlotsWords(
  machine: Pick<FleetMachine, 'slots' | 'state' | 'window'>,
  locale?: string,
): string | null {
  const t = sayNow();
  // A paused machine offers no slots: "0 of 0 busy" would read as a machine with nothing to give.
  if (machine.state === 'paused') return t('fleet.slots.paused');
  // Nor does one outside its windows, for the same reason: its schedule says why.
  if (outsideItsWindows(machine) && (machine.slots?.busy ?? 0) === 0) return t('fleet.slots.outside');
  const { slots } = machine;
  if (!slots) return null;
  const busy = formatCount(slots.busy, locale);
  return slots.total === null
    ? t('fleet.slots.busy', { busy })
    : t('fleet.slots.busyOf', { busy, total: formatCount(slots.total, locale) });
}

/** The same span as a sentence part in any language. */
function durationSaid(ms: number): Said {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 90) return said('fleet.duration.seconds', { count: seconds });
  return said('fleet.duration.minutes', { count: Math.round(seconds / 60) });
}

export interface MachineStateFacts {
  self: boolean;
  insideWindow: boolean | null;
  heardDirectly: boolean;
  /** Its schedule has availability windows; without any, it is meant to be on all the time. */
  hasWindows?: boolean;
  settlingMs?: number;
}

/**
 * One sentence on a machine's state, by what was heard of it. `settlingMs`: it was told down and answers again; its
 * "back" is told once it has answered that long.
 */
export function machineStateWords(state: MachineState, o: MachineStateFacts): Said {
  if (o.self) {
    if (state === 'paused') return said('fleet.words.selfPaused');
    return said(o.insideWindow === false ? 'fleet.words.selfOutside' : 'fleet.words.selfRunning');
  }
  switch (state) {
    case 'online':
      if (o.settlingMs !== undefined) return said('fleet.words.settling', { duration: durationSaid(o.settlingMs) });
      if (o.insideWindow === false) return said('fleet.words.outside');
      return said(o.heardDirectly ? 'fleet.words.answers' : 'fleet.words.heartbeats');
    case 'down':
      return said(o.hasWindows === false ? 'fleet.words.downNoWindows' : 'fleet.words.down');
    case 'asleep':
      return said('fleet.words.asleep');
    case 'paused':
      return said('fleet.words.paused');
    case 'stopped':
      return said('fleet.words.stopped');
    case 'unknown':
      return said('fleet.words.unknown');
  }
}

export interface MachineNoticeText {
  title: string;
  body: string;
}

/** A notice about a machine as sentences, so each reader (the desktop, the tray) says it in their language. */
export interface MachineNoticeSaid {
  title: Said;
  body: Said;
}

/**
 * An outage as it is told when it is over: how often the machine went down, over how long, and how long it has answered
 * since.
 */
export interface MachineOutage {
  downs: number;
  /** From its first going down to its last coming back (ms). */
  spanMs: number;
  /** How long it has answered since (ms): the settling time after which "back" is told. */
  upMs: number;
}

// A name cleaned to nothing (only control characters) still makes a title: "one of your machines".
export function machineDownSaid(name: string): MachineNoticeSaid {
  const clean = cleanForeignText(name, MACHINE_NAME_MAX);
  // The body fits a machine with availability windows (down inside one) and one without (meant to be on all the time).
  return {
    title: clean ? said('fleet.notice.downTitle', { name: clean }) : said('fleet.notice.someDownTitle'),
    body: said('fleet.notice.downBody'),
  };
}

export function machineBackSaid(name: string, outage?: MachineOutage): MachineNoticeSaid {
  const clean = cleanForeignText(name, MACHINE_NAME_MAX);
  const title = clean ? said('fleet.notice.backTitle', { name: clean }) : said('fleet.notice.someBackTitle');
  if (!outage) return { title, body: said('fleet.notice.backBody') };
  const duration = durationSaid(outage.upMs);
  if (outage.downs <= 1) return { title, body: said('fleet.notice.backSince', { duration }) };
  return {
    title,
    body: said('fleet.notice.backDowns', { count: outage.downs, span: durationSaid(outage.spanMs), duration }),
  };
}

/** The same notices in English: the webhook's message, read by a program first (ntfy), stays English. */
const inEnglish = (n: MachineNoticeSaid): MachineNoticeText => ({
  title: english.said(n.title),
  body: english.said(n.body),
});
export const machineDownWords = (name: string): MachineNoticeText => inEnglish(machineDownSaid(name));
export const machineBackWords = (name: string, outage?: MachineOutage): MachineNoticeText =>
  inEnglish(machineBackSaid(name, outage));

/** "Your machines: 2 of 3 online", as the tray and the Dashboard say it. */
export function fleetSummaryLine(f: FleetSummary, locale?: string): string {
  const t = sayNow();
  return t('fleet.summary.line', { online: formatCount(f.online, locale), total: formatCount(f.machines, locale) });
}

/** "“Attic PC” is down since 14:02", with the time already in the person's format. */
export function machineDownSince(name: string, since: string): string {
  const t = sayNow();
  return t('fleet.summary.downSince', { name: cleanForeignText(name, 24), since });
}
