import { useCallback, useEffect, useState } from 'react';
import type { ServerModels } from '@shared/contract';
import { getApi } from '../api';
import { useProviderStore } from '../store';

export type ServerModelsState = { status: 'loading' } | { status: 'ready'; list: ServerModels } | { status: 'failed'; words: string };

/** The configured LLM server's models with their kinds (a fresh look each time), for Settings' model picker. */
export function useServerModels() {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [state, setState] = useState<ServerModelsState>({ status: 'loading' });
  const [lookKey, setLookKey] = useState(0);

  useEffect(() => {
    if (!connected) return;
    let cancelled = false;
    void getApi()
      .listServerModels({})
      .then((r) => {
        if (cancelled) return;
        if (r.ok) setState({ status: 'ready', list: r.value });
        else setState({ status: 'failed', words: r.error.code === 'engine_unavailable' ? 'The node is not running, so your LLM server cannot be asked.' : 'Your LLM server could not be asked for its models.' });
      });
    return () => {
      cancelled = true;
    };
  }, [connected, lookKey]);

  const lookAgain = useCallback(() => {
    setState({ status: 'loading' });
    setLookKey((k) => k + 1);
  }, []);

  return { state, lookAgain };
}
