/**
 * Whether what is on screen is still news from the node: not once the link to its host dropped, nor while the host
 * says the node's engine is not running (restarting, or stopped after a crash). Then every figure is the last one
 * heard, and the pages say since when instead of going on showing "online" in green.
 */
import type { NodeSnapshot } from '@shared/contract';
import type { ConnectionStatus } from '../api/connection-status';
import { useProviderStore } from '../store';

/** Since when (ISO) the figures on screen are the last ones heard, or null while they are live. */
export function staleSince(
  connection: ConnectionStatus,
  snapshot: NodeSnapshot | null,
  lostAt: number | null,
): string | null {
  if (!snapshot) return null;
  if (connection.kind !== 'connected' && connection.kind !== 'connecting') {
    // Figures received before the link dropped were true up to that moment, however long ago they were published.
    return lostAt !== null ? new Date(lostAt).toISOString() : snapshot.emittedAt;
  }
  if (snapshot.engineProcess.state !== 'running') return snapshot.engineProcess.since;
  return null;
}

export function useStaleSince(): string | null {
  const connection = useProviderStore((s) => s.connection);
  const snapshot = useProviderStore((s) => s.snapshot);
  const lostAt = useProviderStore((s) => s.lostAt);
  return staleSince(connection, snapshot, lostAt);
}
