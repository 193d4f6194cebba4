/** Sentences of the Earnings page that depend on the node's state or on how receipts count. Pure, so each is tested. */
import type { DirectoryLink } from '@shared/contract';
import type { Say } from '@shared/i18n/say';
import { creditsHaveNoValue } from '@shared/words/energy-words';
import { formatAt, formatCount } from '../../format';

/**
 * Probation before the directory has said anything about it. The node page that tells it is read with the books:
 * "once it is registered" is only for a node that is not.
 */
export function probationNotReported(t: Say, link: DirectoryLink | null): string {
  return t(
    link === 'registered' ? 'earnings.standing.probationUnknownRegistered' : 'earnings.standing.probationUnknown',
  );
}

/**
 * The directory's count of the node's completed tasks, named as the directory's (beside Machines' count of this
 * machine's own), with when it was read and why it runs behind: the directory counts the tasks the node reports with
 * its heartbeats (every 30 s), so right after tasks were served it may still say 0. Never "yours: 0" beside a node
 * that has served tasks, as if the node had done none.
 */
export function directoryTaskCount(t: Say, count: number, readAt: string | null): string {
  const values = { count: formatCount(count), time: readAt ? formatAt(readAt) : '' };
  return t(readAt ? 'earnings.standing.directoryCountAt' : 'earnings.standing.directoryCount', values);
}

/**
 * What a credit is, true to how receipts count: every token of a task, the prompt and the answer together; a price
 * below the base rate or a very small model claims less (the Pricing page works it out).
 */
export function creditMeaning(t: Say): string {
  return `${t('earnings.totals.creditMeaning', { tokens: formatCount(1000) })} ${creditsHaveNoValue()}`;
}

/** What the "Difference" column is, in words rather than a formula. */
export const differenceNote = (t: Say): string => t('earnings.reconciliation.differenceNote');
