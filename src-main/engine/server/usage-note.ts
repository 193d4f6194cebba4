/**
 * A served task whose tokens claimed are not what its LLM server said (backends/token-claim.ts), as the requests feed
 * and the node's log hear of it.
 */
import type { UsageNote } from '../backends';
import type { TaskObservers } from './task-pipeline-types';

/** The feed's variant of such a task's `ok`: `usage_bounded` or `usage_unreadable`. */
export function usageVariant(note: UsageNote): string {
  return `usage_${note.kind}`;
}

/**
 * The log line's details (English, `key=value`): why, what the server said (`none` when nothing readable) and what was
 * claimed.
 */
export function usageNoteDetails(note: UsageNote): string {
  return `kind=${note.kind} server=${note.server ?? 'none'} claimed=${note.claimed}`;
}

/**
 * The node's log hears of such a task (a throw there never turns an answer already booked into a 500); its feed
 * variant is returned.
 */
export function usageNoted(observers: Pick<TaskObservers, 'onUsageNote'>, note: UsageNote): string {
  try {
    observers.onUsageNote?.(note);
  } catch {
    // The task is booked and answered; a log that cannot be written changes nothing of it.
  }
  return usageVariant(note);
}
