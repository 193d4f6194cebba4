/** What an engine's start failure means for its host (kept apart: hosts import it without loading the engine). */
import type { StartFailureKind } from '../supervisor/protocol';

const named = (err: unknown, name: string): boolean => err instanceof Error && err.name === name;

/** The same dialog titles the desktop app always used; by name, as a bundle may hold a second copy of a class. */
export function classifyStartFailure(err: unknown): { kind: StartFailureKind; title: string } {
  if (named(err, 'StoreOpenError')) return { kind: 'data_unusable', title: 'IICP Provider cannot open its data' };
  if (named(err, 'SecretStoreError')) return { kind: 'data_unusable', title: 'IICP Provider cannot use its secrets file' };
  if (named(err, 'InstanceLockError')) return { kind: 'node_in_use', title: 'This node is already running' };
  return { kind: 'start_failed', title: 'IICP Provider could not start' };
}

