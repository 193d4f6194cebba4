import type { PricingInfo } from '@shared/contract';
import { getApi } from '../../api';
import { useHostQuery } from '../../hooks/useHostQuery';
import { useProviderStore } from '../../store';

export interface PricingView {
  pricing: PricingInfo | null;
  stale: boolean;
  error: string | null;
  connected: boolean;
  reload(): void;
}

/**
 * What the engine knows about the node's price. Asked for again when the directory link, the models offered
 * or the last heartbeat change (the directory answers a new declaration there), and when `settingsKey` does.
 */
export function usePricing(settingsKey: string): PricingView {
  const engineKey = useProviderStore((s) => {
    const snap = s.snapshot;
    if (!snap) return '';
    // An older host (or a test's stand-in) may send no earnings block.
    const asOf = (snap.earnings as typeof snap.earnings | undefined)?.asOf;
    return [snap.directory.link, snap.directory.lastHeartbeatAt, snap.backend.models.join(','), asOf].join('|');
  });
  const query = useHostQuery(() => getApi().getPricing({}), `${engineKey}|${settingsKey}`);
  return {
    pricing: query.value,
    stale: query.stale,
    error: query.error?.message ?? null,
    connected: query.connected,
    reload: query.reload,
  };
}
