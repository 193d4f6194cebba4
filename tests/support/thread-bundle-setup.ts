/**
 * Vitest's global setup for the projects that start engine threads in their own process (an in-process node, a
 * codec pool, the ledger or verifier thread): the engine's threads are bundled from the current source once, and
 * every thread started from source loads that bundle (src-main/engine/subprocess/thread-module.ts) instead of tsx
 * transforming the thread's module tree again on each start.
 */
import { dirname } from 'node:path';
import { engineBundleEntry } from './engine-bundle';

export default function setup(): void {
  process.env.IICP_THREAD_BUNDLE_DIR = dirname(engineBundleEntry());
}
