import { useCallback, useEffect, useState } from 'react';
import type { Settings } from '@shared/contract';
import { getApi } from '../api';
import { useProviderStore } from '../store';

export type SettingsState = { status: 'loading' } | { status: 'ready'; settings: Settings } | { status: 'error'; message: string };

/** The stored settings, loaded whenever the host (re)connects, since they may have changed meanwhile. */
export function useSettings() {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [state, setState] = useState<SettingsState>({ status: 'loading' });
  const [reloadKey, setReloadKey] = useState(0);

  useEffect(() => {
    if (!connected) return;
    let cancelled = false;
    void getApi()
      .getSettings({})
      .then((result) => {
        if (cancelled) return;
        setState(result.ok ? { status: 'ready', settings: result.value } : { status: 'error', message: result.error.message });
      });
    return () => {
      cancelled = true;
    };
  }, [connected, reloadKey]);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    setReloadKey((k) => k + 1);
  }, []);

  const replace = useCallback((settings: Settings) => setState({ status: 'ready', settings }), []);

  return { state, connected, reload, replace };
}
