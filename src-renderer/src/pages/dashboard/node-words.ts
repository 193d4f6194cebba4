/** The line under the Dashboard's title, in plain words. */
import type { NodeSnapshot } from '@shared/contract';

/** A region the node was never given: the settings' placeholder, which is not a fact about the node. */
const UNSET_REGIONS = new Set(['', 'unknown']);

/** The node's name as the person gave it, and its region only when one was chosen: "Kitchen PC · region eu-west". */
export function nodeSubtitle(node: NodeSnapshot['node']): string {
  const region = node.region.trim();
  return [node.displayName.trim(), UNSET_REGIONS.has(region.toLowerCase()) ? null : `region ${region}`]
    .filter(Boolean)
    .join(' · ');
}
