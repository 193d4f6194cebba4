import { useState } from 'react';
import type { GatewayInfo, NodeSnapshot } from '@shared/contract';
import { getApi } from '../../api';
import { useAskAgain } from '../../hooks/useAskAgain';
import { useHostQuery } from '../../hooks/useHostQuery';
import { useProviderStore } from '../../store';

/** How often the page asks again while it is shown: the snapshot carries only the gateway's headline. */
export const GATEWAY_POLL_MS = 5000;

export interface GatewayView {
  info: GatewayInfo | null;
  /** The host's refusal, when the last answer was one. */
  error: string | null;
  connected: boolean;
  reload(): void;
  /** Takes the state a command answered with (a key made or revoked) until the next look. */
  take(info: GatewayInfo): void;
}

/**
 * The gateway as the engine tells it: asked when the page opens (and on every reconnection), when the snapshot's
 * headline of it (on, where it listens, why not, today's spend) or the stored settings change, and every few seconds
 * while the page is shown and the window is in view (free requests and the network's offer move on their own).
 */
export function useGateway(settingsKey: string | null): GatewayView {
  const headline = useProviderStore((s) => {
    // An older host (or a test's stand-in) may send no gateway block.
    const g = (s.snapshot as { gateway?: NodeSnapshot['gateway'] } | null)?.gateway;
    return g ? JSON.stringify([g.enabled, g.baseUrl, g.problem, g.spentToday]) : '';
  });
  const query = useHostQuery(() => getApi().getGateway({}), `${headline}|${useChanges(settingsKey)}`);
  const { reload, connected } = query;

  useAskAgain(reload, GATEWAY_POLL_MS, connected);

  return { info: query.value, error: query.error?.message ?? null, connected, reload, take: query.replace };
}

/**
 * How many times the stored settings changed since the page opened: their first reading is no change (the page asked
 * once already), so opening the page asks the engine once, not twice.
 */
function useChanges(key: string | null): number {
  // Kept from the previous render the way React suggests for values derived from a change of props.
  const [seen, setSeen] = useState<{ key: string | null; changes: number }>({ key: null, changes: 0 });
  if (key === null || key === seen.key) return seen.changes;
  const next = { key, changes: seen.key === null ? 0 : seen.changes + 1 };
  setSeen(next);
  return next.changes;
}
