import { useRef, useState } from 'react';
import type { DemandInfo, NodeSnapshot, Result } from '@shared/contract';
import { getApi } from '../../api';
import { useHostQuery } from '../../hooks/useHostQuery';
import { useProviderStore } from '../../store';
import { useT } from '../../i18n/useT';

export interface DemandView {
  demand: DemandInfo | null;
  /** The figures on screen are not the answer to the question asked now (first read, or "Read again" on its way). */
  reading: boolean;
  /** Why the figures could not be read (the host's words), or null. */
  error: string | null;
  connected: boolean;
  /** Asks the engine to read the directory again now (it does so at most every 30 s). */
  readAgain(): void;
}

/**
 * What the network asks for: asked once the page is connected, and again when the node's models change (a pulled
 * model is offered, so it leaves the lists). Only "Read again" asks the engine to read the directory anew; otherwise
 * it answers from its last read (at most 5 minutes old).
 */
export function useDemand(): DemandView {
  const models = useProviderStore((s) => s.snapshot?.backend.models.join('\n') ?? '');
  // The reload count of the last question: a higher one is the person's "Read again".
  const seenReloads = useRef(0);
  const query = useHostQuery((reloads) => {
    const refresh = reloads > seenReloads.current;
    seenReloads.current = reloads;
    return getApi().getDemand({ refresh });
  }, models);
  return {
    demand: query.value,
    reading: query.stale,
    error: query.error?.message ?? null,
    connected: query.connected,
    readAgain: query.reload,
  };
}

export interface PullCommands {
  /** The model whose pull is being asked for now, or null. */
  starting: string | null;
  /** The Stop is on its way. */
  stopping: boolean;
  /** Why the last pull or stop was refused (the host's words), or null. */
  error: string | null;
  pull(server: string, model: string): void;
  stop(): void;
}

/** Starting and stopping a pull, one command at a time; the snapshot in the answer is applied at once. */
export function usePullCommands(): PullCommands {
  const applySnapshot = useProviderStore((s) => s.applySnapshot);
  const [starting, setStarting] = useState<string | null>(null);
  const [stopping, setStopping] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const t = useT();
  const settle = (
    r: Result<NodeSnapshot>,
    failed: 'dashboard.demand.pull.couldNotStart' | 'dashboard.demand.pull.couldNotStop',
  ) => {
    if (r.ok) applySnapshot(r.value);
    else setError(t(failed, { why: r.error.message }));
  };

  const pull = (server: string, model: string) => {
    if (starting !== null || stopping) return;
    setStarting(model);
    setError(null);
    void getApi()
      .pullModel({ server, model })
      .then((r) => settle(r, 'dashboard.demand.pull.couldNotStart'))
      .finally(() => setStarting(null));
  };

  const stop = () => {
    if (stopping) return;
    setStopping(true);
    setError(null);
    void getApi()
      .cancelPull({})
      .then((r) => settle(r, 'dashboard.demand.pull.couldNotStop'))
      .finally(() => setStopping(false));
  };

  return { starting, stopping, error, pull, stop };
}
