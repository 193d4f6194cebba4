/**
 * The tray's words: the menu's status and today lines, and which icon shows. The status line and the icon follow the
 * status sentence of status-sentence.ts, as on the dashboard (the icon kinds are described in tray.ts).
 */
import type { NodeSnapshot } from '@shared/contract';
import { sayNow } from '@shared/i18n/current';
import { formatCount, formatCredits } from '@shared/words/credits-words';
import { ownerSentence } from '@shared/words/owner-words';
import { statusWords } from '@shared/words/status-sentence';
import { formatClock } from '@shared/text/wall-clock';
import type { TrayIconKind } from './paths';

export const MAX_LINE = 70;
/**
 * A line that ends with a time may run longer, since a cut there would cut the time. Yielding to its owner, the line
 * must still say when the node comes back (the program's name is cut instead); waiting for the schedule, until when,
 * zone included.
 */
const TIMED_LINE = 90;
const OWNER_NAME_CHARS = 24;

export function shorten(text: string, max: number): string {
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
    return shorten(ownerSentence(snapshot.availability.owner, at, OWNER_NAME_CHARS) ?? w.sentence, TIMED_LINE);
  }
  if (w.kind === 'waiting') return shorten(w.sentence, TIMED_LINE);
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
