/** Sentences of the Earnings page that depend on the node's state or on how receipts count. Pure, so each is tested. */
import type { DirectoryLink } from '@shared/contract';
import { CREDITS_HAVE_NO_VALUE } from '@shared/words/energy-words';
import { formatCount } from '../../format';

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
 * What a credit is, true to how receipts count: every token of a task, the prompt and the answer together; a price
 * below the base rate or a very small model claims less (the Pricing page works it out).
 */
export function creditMeaning(): string {
  return `A receipt claims 1 credit for every ${formatCount(1000)} tokens a task used — the prompt and the answer together; a price below the base rate, or a very small model, claims less (see Pricing). ${CREDITS_HAVE_NO_VALUE}`;
}

/** What the "Difference" column is, in words rather than a formula. */
export const DIFFERENCE_NOTE =
  'Difference is what your node claimed and will not be paid: what it claimed, less what the directory awarded and what still waits for an answer (rejected or expired receipts, explained under the day). “Directory” is what the directory’s own transaction list showed for tasks that day; it lists only its newest entries, so a busy day may be partly seen. “Verified” is what the directory’s signed record shows as awarded for the day’s tasks.';
