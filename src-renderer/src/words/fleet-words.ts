/**
 * The person's machines in plain words, for the Machines page and the Dashboard's line: a state's badge, a machine's
 * figures, its availability now, its owner-first state, and the sentences about the list. No React. The engine's own
 * sentences (a machine's `words`, a source's `problem`, a delivery's `words`) are shown as it wrote them.
 */
import { MachineName, MACHINE_NAME_MAX, WebhookUrl, type FleetMachine, type FleetSummary, type MachineState } from '@shared/contract';
import { MACHINE_STATE_LABEL } from '@shared/words/fleet-words';
import { cleanForeignText } from '@shared/text/foreign-text';
import { formatCount, formatScore, formatUntil, type Tone } from '../format';
import { formatCredits } from './earnings-words';
import { asSentence, nameProblem } from './identity-words';

const STATE_TONE: Record<MachineState, Tone> = { online: 'ok', down: 'bad', asleep: 'neutral', paused: 'neutral', unknown: 'neutral' };

/** A machine's state as a badge: the word (the tray's and the notices' own) says it, the colour only repeats it. */
export function stateBadge(state: MachineState): { label: string; tone: Tone } {
  return { label: MACHINE_STATE_LABEL[state], tone: STATE_TONE[state] };
}

/** What a machine does about its owner, when it shares it. */
export const OWNER_FIRST_WORDS: Record<NonNullable<FleetMachine['ownerFirst']>, string> = {
  serving: 'Serving',
  yielding: 'Giving the GPU to its owner',
  cooling: 'Waiting after its owner’s use',
};

/** How many model names a machine shows before "+N more". */
export const MODELS_SHOWN = 3;

/** A machine's name as text: cleaned once more (it may come from another machine), never empty. */
export function machineName(name: string): string {
  return cleanForeignText(name, MACHINE_NAME_MAX) || 'Unnamed machine';
}

const plural = (n: number, one: string, many: string): string => `${formatCount(n)} ${n === 1 ? one : many}`;

/** "3 machines", "1 machine", in the person's locale. */
export const machines = (n: number): string => plural(n, 'machine', 'machines');

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

/** "2 of 4 busy"; "2 busy" when the machine did not say how many it offers. */
export function slotsWords(slots: FleetMachine['slots']): string {
  if (!slots) return 'Not known';
  return slots.total === null ? `${formatCount(slots.busy)} busy` : `${formatCount(slots.busy)} of ${formatCount(slots.total)} busy`;
}

/** "0.93 · 1,204 tasks completed", as the directory counts them. */
export function reputationWords(reputation: FleetMachine['reputation']): string {
  if (!reputation) return 'Not read from the directory yet';
  return `${formatScore(reputation.score)} · ${plural(reputation.completedTasks, 'task', 'tasks')} completed`;
}

/** "12 tasks · 0.35 credits" from the machine's own books for its day. */
export function todayWords(today: FleetMachine['today']): string {
  if (!today) return 'Not known';
  const tasks = plural(today.tasks, 'task', 'tasks');
  if (today.credits === null) return tasks;
  return `${tasks} · ${formatCredits(today.credits)} ${today.credits === 1 ? 'credit' : 'credits'}`;
}

/** Its availability now: on or off by its schedule (till when), or switched off by its owner. */
export function windowWords(window: FleetMachine['window'], now: number): string {
  if (!window) return 'Not known';
  if (!window.switchedOn) return 'Switched off';
  const until = window.nextChangeAt ? formatUntil(window.nextChangeAt, now) : null;
  if (window.inside) return until ? `On by its schedule until ${until}` : 'On by its schedule';
  return until ? `Off by its schedule until ${until}` : 'Off by its schedule';
}

/** The line over the list: "2 of 3 online". */
export function onlineWords(online: number, total: number): string {
  return `${formatCount(online)} of ${formatCount(total)} online`;
}

/** The Dashboard's headline of the machines. */
export function summaryWords(summary: FleetSummary): string {
  return `Your machines: ${onlineWords(summary.online, summary.machines)}`;
}

/**
 * The directory counts more machines under the identity than this computer knows: one sentence per fact, or none
 * when the counts agree (or the directory's was not read).
 */
export function walletSentences(walletNodes: number | null, known: number): string[] | null {
  if (walletNodes === null || walletNodes <= known) return null;
  return [
    `The directory counts ${machines(walletNodes)} under your operator identity.`,
    `${formatCount(known)} of them ${known === 1 ? 'is' : 'are'} known here.`,
    'A machine is added here once it registers, or when you import the identity file exported after it joined.',
  ];
}

/** Why a machine name cannot be used, from the contract's own rule; null when it can. */
export const machineNameProblem = (value: string): string | null => nameProblem(value, MachineName);

/** What the webhook is and how its last delivery went. */
export const WEBHOOK_SET = 'A webhook is set; its address is kept as a secret and not shown again.';
export const WEBHOOK_NONE = 'No webhook is set.';

/** "2 messages wait to be delivered." */
export function pendingWords(pending: number): string | null {
  if (pending <= 0) return null;
  return `${plural(pending, 'message waits', 'messages wait')} to be delivered.`;
}

/** Why an address cannot be the webhook, by the contract's own rule; null when it can. */
export function webhookProblem(value: string): string | null {
  if (value.trim() === '') return 'Enter the address, for example https://ntfy.sh/your-topic.';
  const parsed = WebhookUrl.safeParse(value);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  if (issue?.code === 'too_big') return 'The address is too long: use at most 512 characters.';
  return asSentence(`The address ${issue?.message ?? 'must be an http:// or https:// address'}`);
}
