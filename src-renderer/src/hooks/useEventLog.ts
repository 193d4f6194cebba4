import { useCallback, useEffect, useState } from 'react';
import type { EngineEvent } from '@shared/contract';
import { getApi } from '../api';
import { useProviderStore } from '../store';

export const PAGE_SIZE = 100;
/** A log page left open for days must not grow without end; the oldest rows go first. */
const MAX_ROWS = 5000;

export interface EventLogState {
  events: EngineEvent[];
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  loadingOlder: boolean;
  olderError: string | null;
  reachedEnd: boolean;
}

const INITIAL: EventLogState = {
  events: [],
  status: 'loading',
  error: null,
  loadingOlder: false,
  olderError: null,
  reachedEnd: false,
};

// Id 0 marks an event the disk refused to store: it is real, but has no place in the paged history.
const isStored = (e: EngineEvent) => e.id > 0;

function withLiveEvent(state: EventLogState, event: EngineEvent): EventLogState {
  if (isStored(event)) {
    // A row already shown comes again when the engine counted a repeat on it: its count (and last time) grows.
    const at = state.events.findIndex((e) => e.id === event.id);
    if (at >= 0) {
      if ((event.count ?? 1) <= (state.events[at]!.count ?? 1)) return state;
      const events = [...state.events];
      events[at] = event;
      return { ...state, events };
    }
  }
  const events = [event, ...state.events];
  if (events.length <= MAX_ROWS) return { ...state, events };
  return { ...state, events: events.slice(0, MAX_ROWS), reachedEnd: false };
}

function withFirstPage(state: EventLogState, page: EngineEvent[]): EventLogState {
  // Live events that arrived while the page was on its way are newer than anything in it; keep them.
  const newestInPage = page[0]?.id ?? 0;
  const newer = state.events.filter((e) => isStored(e) && e.id > newestInPage);
  return { ...INITIAL, status: 'ready', events: [...newer, ...page], reachedEnd: page.length < PAGE_SIZE };
}

/** The event log, newest first: a first page, live additions, and older pages on request. */
export function useEventLog() {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [state, setState] = useState<EventLogState>(INITIAL);
  const [reloadKey, setReloadKey] = useState(0);

  useEffect(() => {
    if (!connected) return;
    let cancelled = false;
    const api = getApi();
    const unsubscribe = api.onEngineEvent((event) => setState((s) => withLiveEvent(s, event)));
    void api.listEvents({ limit: PAGE_SIZE }).then((result) => {
      if (cancelled) return;
      if (result.ok) setState((s) => withFirstPage(s, result.value));
      else setState((s) => ({ ...s, status: 'error', error: result.error.message }));
    });
    return () => {
      cancelled = true;
      unsubscribe();
    };
  }, [connected, reloadKey]);

  const reload = useCallback(() => {
    setState(INITIAL);
    setReloadKey((k) => k + 1);
  }, []);

  const loadOlder = useCallback(async () => {
    const stored = state.events.filter(isStored);
    const oldest = stored[stored.length - 1]?.id;
    if (state.loadingOlder || oldest === undefined) return;
    setState((s) => ({ ...s, loadingOlder: true, olderError: null }));
    const result = await getApi().listEvents({ limit: PAGE_SIZE, beforeId: oldest });
    setState((s) => {
      if (!result.ok) return { ...s, loadingOlder: false, olderError: result.error.message };
      const known = new Set(s.events.filter(isStored).map((e) => e.id));
      const older = result.value.filter((e) => !known.has(e.id));
      return {
        ...s,
        loadingOlder: false,
        events: [...s.events, ...older],
        reachedEnd: result.value.length < PAGE_SIZE,
      };
    });
  }, [state.events, state.loadingOlder]);

  return { ...state, connected, reload, loadOlder };
}
