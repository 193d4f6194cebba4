/** The line under the Dashboard's title, in plain words. */
import type { NodeSnapshot } from '@shared/contract';
import type { Say } from '@shared/i18n/say';

/** A region the node was never given: the settings' placeholder, which is not a fact about the node. */
const UNSET_REGIONS = new Set(['', 'unknown']);

/**
 * The node's name as the person gave it, and its region only when one was chosen, in the page's language:
 * "Kitchen PC · region eu-west", "Küchen-PC · Region eu-west".
 */
export function nodeSubtitle(t: Say, node: NodeSnapshot['node']): string {
  const region = node.region.trim();
  return [
    node.displayName.trim(),
    UNSET_REGIONS.has(region.toLowerCase()) ? null : t('dashboard.node.region', { region }),
  ]
    .filter(Boolean)
    .join(' · ');
}
