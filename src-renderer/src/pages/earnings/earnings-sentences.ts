/** Sentences of the Earnings page that depend on the node's state or on how receipts count. Pure, so each is tested. */
import type { DirectoryLink } from '@shared/contract';
import { CREDITS_HAVE_NO_VALUE } from '@shared/words/energy-words';
import { formatAt, formatCount } from '../../format';

/**
 * Probation before the directory has said anything about it. The node page that tells it is read with the books:
 * "once it is registered" is only for a node that is not.
 */
export function probationNotReported(link: DirectoryLink | null): string {
  if (link === 'registered') {
    return 'Probation: not reported yet. Your node is registered; it reads probation from the directory with your earnings, and "Sync now" reads it at once.';
  }
  return 'Probation: not reported yet. The directory tells it once your node is registered.';
}

/**
 * The directory's count of the node's completed tasks, with when it was read and why it runs behind the node's own:
 * the directory counts the tasks the node reports with its heartbeats (every 30 s), so right after tasks were served
 * it may still say 0. Never "yours: 0" beside a node that has served tasks, as if the node had done none.
 */
export function directoryTaskCount(count: number, readAt: string | null): string {
  const counted = `The directory had counted ${formatCount(count)} of your node’s completed ${count === 1 ? 'task' : 'tasks'}`;
  const when = readAt ? ` when your node last asked, at ${formatAt(readAt)}` : '';
  return `${counted}${when}. It counts the tasks your node reports with its heartbeats, so its count runs behind your node’s own.`;
}

/**
 * What a credit is, true to how receipts count: every token of a task, the prompt and the answer together; a price
 * below the base rate or a very small model claims less (the Pricing page works it out).
 */
export function creditMeaning(): string {
  return `A receipt claims 1 credit for every ${formatCount(1000)} tokens a task used — the prompt and the answer together; a price below the base rate, or a very small model, claims less (see Pricing). ${CREDITS_HAVE_NO_VALUE}`;
}

/** What the "Difference" column is, in words rather than a formula. */
export const DIFFERENCE_NOTE =
  'Difference is what your node claimed and will not be paid: what it claimed, less what the directory awarded and what still waits for an answer (rejected or expired receipts, explained under the day). “Directory” is what the directory’s own list of transactions showed for tasks that day. That list holds only its 20 newest entries, so a day gets a figure there only once it is over and your node has seen every entry of it; the other days, today among them, stay blank. “Verified” is what the directory’s signed record shows as awarded for the day’s tasks.';
