/**
 * The person's machines in plain words, for the Machines page and the Dashboard's line: a state's badge, a machine's
 * figures, its availability now, its owner-first state, and the sentences about the list. No React: each function
 * takes the page's words when it speaks (`sayNow`). The engine's own sentences (a machine's `words`) are `Said`; a
 * source's `problem` and a delivery's `words` are shown as it wrote them.
 */
import {
  MachineName,
  MACHINE_NAME_MAX,
  WebhookUrl,
  type FleetMachine,
  type FleetSummary,
  type MachineState,
} from '@shared/contract';
import type { MessageId } from '@shared/i18n/catalogue';
import { sayNow } from '@shared/i18n/current';
import { machineSlotsWords, machineStateLabel, outsideItsWindows } from '@shared/words/fleet-words';
import { cleanForeignText } from '@shared/text/foreign-text';
import { formatCount, formatScore, formatUntil, formatUntilThere, personLocale, type Tone } from '../format';
import { formatCredits } from './earnings-words';
import { nameProblem } from './identity-words';

const STATE_TONE: Record<MachineState, Tone> = {
  online: 'ok',
  down: 'bad',
  asleep: 'neutral',
  paused: 'neutral',
  stopped: 'neutral',
  unknown: 'neutral',
};

/** A machine's state as a badge: the word (the tray's and the notices' own) says it, the colour only repeats it. */
export function stateBadge(state: MachineState): { label: string; tone: Tone } {
  return { label: machineStateLabel(state), tone: STATE_TONE[state] };
}

const OWNER_FIRST: Record<NonNullable<FleetMachine['ownerFirst']>, MessageId> = {
  serving: 'fleet.ownerFirst.serving',
  yielding: 'fleet.ownerFirst.yielding',
  cooling: 'fleet.ownerFirst.cooling',
};

/**
 * What a machine does about its owner, when it shares it; null when it shares nothing. A paused machine serves no one,
 * whatever owner-first last said, so it says it is paused.
 */
export function ownerFirstWords(machine: Pick<FleetMachine, 'ownerFirst' | 'state' | 'window'>): string | null {
  if (!machine.ownerFirst) return null;
  const t = sayNow();
  if (machine.state === 'paused') return t('fleet.ownerFirst.paused');
  // Its schedule keeps it from the network: "Serving" beside "Outside its availability windows" would contradict it.
  // Giving the GPU to its owner is still true there, and said.
  if (machine.ownerFirst === 'serving' && outsideItsWindows(machine)) return t('fleet.ownerFirst.outside');
  return t(OWNER_FIRST[machine.ownerFirst]);
}

/** How many model names a machine shows before "+N more". */
export const MODELS_SHOWN = 3;

/** A machine's name as text: cleaned once more (it may come from another machine), never empty. */
export function machineName(name: string): string {
  return cleanForeignText(name, MACHINE_NAME_MAX) || sayNow()('fleet.machine.unnamed');
}

/** A moment on this computer's clock: "14:02" today, with the day otherwise. */
export function clockWords(iso: string, now: number): string {
  return formatUntil(iso, now) ?? iso;
}

/** When a machine went down, on this computer's clock as of now (for a part that does not tick). */
export function sinceWords(iso: string): string {
  return clockWords(iso, Date.now());
}

/** The models a machine serves: the first few, then how many more; nothing known yet says so. */
export function modelsShown(models: readonly string[]): { shown: string[]; more: number } {
  const clean = models.map((m) => cleanForeignText(m, 64)).filter((m) => m !== '');
  return { shown: clean.slice(0, MODELS_SHOWN), more: Math.max(0, clean.length - MODELS_SHOWN) };
}

/**
 * "2 of 4 busy", or none while paused or outside its windows, in the page's locale (`@shared/words/fleet-words`);
 * "Not known" when the machine never said.
 */
export const slotsWords = (machine: Pick<FleetMachine, 'slots' | 'state' | 'window'>): string =>
  machineSlotsWords(machine, personLocale()) ?? sayNow()('fleet.fact.notKnown');

/**
 * "1,204 tasks completed by the directory’s count": the directory's count of a machine's tasks, as every page says it.
 */
export function directoryTaskCount(count: number): string {
  return sayNow()('fleet.count.directory', { count });
}

/** "12 tasks by this machine’s own count": the machine's own books, as every page says it. */
export function ownTaskCount(count: number): string {
  return sayNow()('fleet.count.own', { count });
}

/** "0.93 · 1,204 tasks completed by the directory’s count". */
export function reputationWords(reputation: FleetMachine['reputation']): string {
  const t = sayNow();
  if (!reputation) return t('fleet.reputation.notRead');
  return t('fleet.reputation.value', {
    score: formatScore(reputation.score),
    tasks: directoryTaskCount(reputation.completedTasks),
  });
}

/** "12 tasks by this machine’s own count · 0.35 credits" from the machine's own books for its day. */
export function todayWords(today: FleetMachine['today']): string {
  const t = sayNow();
  if (!today) return t('fleet.fact.notKnown');
  const tasks = ownTaskCount(today.tasks);
  if (today.credits === null) return tasks;
  return t('fleet.today.tasksCredits', { tasks, credits: formatCredits(today.credits), count: today.credits });
}

/** Its availability now: on or off by its schedule (till when, on its own clock), or switched off by its owner. */
export function windowWords(window: FleetMachine['window'], now: number): string {
  const t = sayNow();
  if (!window) return t('fleet.fact.notKnown');
  if (!window.switchedOn) return t('fleet.window.switchedOff');
  const until = window.nextChangeAt ? formatUntilThere(window.nextChangeAt, now, window.timeZone) : null;
  if (window.inside) return until ? t('fleet.window.onUntil', { until }) : t('fleet.window.on');
  return until ? t('fleet.window.offUntil', { until }) : t('fleet.window.off');
}

/** The line over the list: "2 of 3 online." */
export function onlineWords(online: number, total: number): string {
  return sayNow()('fleet.card.online', { online: formatCount(online), total: formatCount(total) });
}

/** The Dashboard's headline of the machines. */
export function summaryWords(summary: FleetSummary): string {
  return sayNow()('fleet.summary.line', { online: formatCount(summary.online), total: formatCount(summary.machines) });
}

/**
 * The directory counts more machines under the identity than this computer knows: one sentence per fact, or none
 * when the counts agree (or the directory's was not read).
 */
export function walletSentences(walletNodes: number | null, known: number): string[] | null {
  if (walletNodes === null || walletNodes <= known) return null;
  const t = sayNow();
  return [t('fleet.wallet.counts', { count: walletNodes }), t('fleet.wallet.known', { known }), t('fleet.wallet.how')];
}

/** Why a machine name cannot be used, from the contract's own rule; null when it can. */
export const machineNameProblem = (value: string): string | null => nameProblem(value, MachineName);

/** "2 messages wait to be delivered." */
export function pendingWords(pending: number): string | null {
  if (pending <= 0) return null;
  return sayNow()('fleet.webhook.pending', { count: pending });
}

/** Why an address cannot be the webhook, by the contract's own rule; null when it can. */
export function webhookProblem(value: string): string | null {
  const t = sayNow();
  if (value.trim() === '') return t('fleet.webhook.enter');
  const parsed = WebhookUrl.safeParse(value);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  if (issue?.code === 'too_big') return t('fleet.webhook.tooLong');
  return t(
    issue?.message === 'must not carry a user name or password' ? 'fleet.webhook.credentials' : 'fleet.webhook.notHttp',
  );
}
