/** Whose day the Dashboard's "today" counters count. No React. */
import type { NodeSnapshot } from '@shared/contract';
import { browserTimeZone } from '../../lib/zone-time';

/**
 * The node's zone when this browser reads another, else null. The node counts today from its own midnight (its
 * ledger, its requests feed: `earnings.timeZone`), which a person in another zone would take for their own day.
 */
export function nodeDayZone(snapshot: NodeSnapshot): string | null {
  // An older host (or a test's stand-in) may send no earnings block.
  const zone = (snapshot.earnings as NodeSnapshot['earnings'] | undefined)?.timeZone;
  return zone && zone !== browserTimeZone() ? zone : null;
}
