/** What an engine's start failure means for its host (kept apart: hosts import it without loading the engine). */
import type { StartFailureKind } from './protocol';

/** The title of each start failure's dialog (and of the problem the dashboard shows), by what went wrong. */
export const START_FAILURE_TITLES = {
  data: 'IICP Provider cannot open its data',
  secrets: 'IICP Provider cannot use its secrets file',
  lock: 'This node is already running',
  other: 'IICP Provider could not start',
} as const;

const named = (err: unknown, name: string): boolean => err instanceof Error && err.name === name;

/** The same dialog titles the desktop app always used; by name, as a bundle may hold a second copy of a class. */
export function classifyStartFailure(err: unknown): { kind: StartFailureKind; title: string } {
  if (named(err, 'StoreOpenError')) return { kind: 'data_unusable', title: START_FAILURE_TITLES.data };
  if (named(err, 'SecretStoreError')) return { kind: 'data_unusable', title: START_FAILURE_TITLES.secrets };
  if (named(err, 'InstanceLockError')) return { kind: 'node_in_use', title: START_FAILURE_TITLES.lock };
  return { kind: 'start_failed', title: START_FAILURE_TITLES.other };
}
