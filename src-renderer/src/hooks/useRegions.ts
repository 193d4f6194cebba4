import { useCallback, useEffect, useState } from 'react';
import type { RegionList } from '@shared/contract';
import { getApi } from '../api';
import { useProviderStore } from '../store';

export type RegionsState = { status: 'loading' } | { status: 'ready'; list: RegionList } | { status: 'failed'; words: string };

/** The regions nodes on the directory use, for the region field's suggestions; the host caches them for a while. */
export function useRegions(directoryUrl: string) {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [state, setState] = useState<RegionsState>({ status: 'loading' });
  const [ask, setAsk] = useState({ key: 0, refresh: false });

  useEffect(() => {
    if (!connected) return;
    let cancelled = false;
    void getApi()
      .listRegions({ url: directoryUrl, refresh: ask.refresh })
      .then((r) => {
        if (cancelled) return;
        setState(r.ok ? { status: 'ready', list: r.value } : { status: 'failed', words: 'The directory could not be asked which regions its nodes use.' });
      });
    return () => {
      cancelled = true;
    };
  }, [connected, directoryUrl, ask]);

  const askAgain = useCallback(() => {
    setState({ status: 'loading' });
    setAsk((a) => ({ key: a.key + 1, refresh: true }));
  }, []);

  return { state, askAgain };
}
