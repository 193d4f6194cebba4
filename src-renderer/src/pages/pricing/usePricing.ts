import { useCallback, useEffect, useState } from 'react';
import type { PricingInfo } from '@shared/contract';
import { getApi } from '../../api';
import { useProviderStore } from '../../store';

type Answer = { kind: 'none' } | { kind: 'ready'; key: string } | { kind: 'error'; message: string; key: string };

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
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const engineKey = useProviderStore((s) => {
    const snap = s.snapshot;
    if (!snap) return '';
    // An older host (or a test's stand-in) may send no earnings block.
    const asOf = (snap.earnings as typeof snap.earnings | undefined)?.asOf;
    return [snap.directory.link, snap.directory.lastHeartbeatAt, snap.backend.models.join(','), asOf].join('|');
  });
  const [pricing, setPricing] = useState<PricingInfo | null>(null);
  const [answer, setAnswer] = useState<Answer>({ kind: 'none' });
  const [reloadKey, setReloadKey] = useState(0);
  const key = `${engineKey}|${settingsKey}|${reloadKey}`;

  useEffect(() => {
    if (!connected) return;
    let cancelled = false;
    void getApi()
      .getPricing({})
      .then((result) => {
        if (cancelled) return;
        if (result.ok) {
          setPricing(result.value);
          setAnswer({ kind: 'ready', key });
        } else {
          setAnswer({ kind: 'error', message: result.error.message, key });
        }
      });
    return () => {
      cancelled = true;
    };
  }, [connected, key]);

  const reload = useCallback(() => setReloadKey((k) => k + 1), []);
  return { pricing, stale: answer.kind === 'none' || answer.key !== key, error: answer.kind === 'error' ? answer.message : null, connected, reload };
}
