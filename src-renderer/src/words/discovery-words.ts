/** The directory's list of nodes in words, for every page that tells of it. No React. */
import { sayNow } from '@shared/i18n/current';
import { formatAt } from '../format';

/**
 * How old the directory's list of nodes is: the one discovery answer the gateway page, the demand card, "Why am I not
 * getting tasks?" and the Machines page all tell, so the same time on each says they tell the same list.
 */
export function discoveredWords(at: string | null): string | null {
  const t = sayNow();
  return at === null ? null : t('dashboard.discovered.at', { time: formatAt(at) });
}
