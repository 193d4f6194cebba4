import { useCallback, useEffect, useRef, useState } from 'react';
import type { LedgerRow, ReceiptState } from '@shared/contract';
import { getApi } from '../../api';
import { useProviderStore } from '../../store';
import { useEarningsChangeKey } from './useEarningsReport';

export const LEDGER_PAGE = 50;
/** The most rows a refresh asks for at once (the contract's limit); older pages already loaded are kept. */
const MAX_REFRESH = 500;

export interface LedgerFilters {
  model: string;
  receipt: ReceiptState | '';
}

export const filterRequest = (f: LedgerFilters): { model?: string; receipt?: ReceiptState } => ({
  ...(f.model ? { model: f.model } : {}),
  ...(f.receipt ? { receipt: f.receipt } : {}),
});

const keyOf = (f: LedgerFilters) => JSON.stringify([f.model, f.receipt]);

interface Loaded {
  /** The filters these rows are for. */
  filterKey: string;
  rows: LedgerRow[];
  reachedEnd: boolean;
}

export interface LedgerView {
  rows: LedgerRow[];
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  loadingMore: boolean;
  moreError: string | null;
  reachedEnd: boolean;
  connected: boolean;
  loadMore(): Promise<void>;
  retry(): void;
}

/**
 * The job history, newest first, a page at a time (`beforeId` from the last row shown). When the engine's
 * numbers move, the newest rows are asked for again (as many as are shown, up to 500) and put in front of the
 * older pages already loaded, so receipts change state in place and new tasks appear on top.
 */
export function useLedger(filters: LedgerFilters): LedgerView {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const changeKey = useEarningsChangeKey();
  const filterKey = keyOf(filters);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failed, setFailed] = useState<{ filterKey: string; message: string } | null>(null);
  const [more, setMore] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const [reloadKey, setReloadKey] = useState(0);
  // How many rows are on screen, read by the refresh (never during render).
  const shownRows = useRef(0);
  const current = loaded?.filterKey === filterKey ? loaded : null;

  useEffect(() => {
    shownRows.current = current?.rows.length ?? 0;
  });

  useEffect(() => {
    if (!connected) return;
    let cancelled = false;
    const limit = Math.min(MAX_REFRESH, Math.max(LEDGER_PAGE, shownRows.current));
    const [model, receipt] = JSON.parse(filterKey) as [string, ReceiptState | ''];
    void getApi()
      .listLedger({ ...filterRequest({ model, receipt }), limit })
      .then((result) => {
        if (cancelled) return;
        if (!result.ok) {
          setFailed({ filterKey, message: result.error.message });
          return;
        }
        setFailed(null);
        setLoaded((before) => {
          const page = result.value;
          const full = page.length >= limit;
          const same = before?.filterKey === filterKey ? before : null;
          const oldest = page[page.length - 1]?.id ?? Infinity;
          const older = full && same ? same.rows.filter((r) => r.id < oldest) : [];
          // A full page reaches at least as far back as the rows shown before (older ones are kept), so whether the
          // beginning was reached stays as it was; a short page is the whole history.
          const reachedEnd = !full || (same !== null && same.rows.length > 0 && same.reachedEnd);
          return { filterKey, rows: [...page, ...older], reachedEnd };
        });
      });
    return () => {
      cancelled = true;
    };
  }, [connected, filterKey, changeKey, reloadKey]);

  const loadMore = useCallback(async () => {
    const oldest = current?.rows[current.rows.length - 1]?.id;
    if (more.busy || oldest === undefined) return;
    setMore({ busy: true, error: null });
    const result = await getApi().listLedger({ ...filterRequest(filters), limit: LEDGER_PAGE, beforeId: oldest });
    if (!result.ok) {
      setMore({ busy: false, error: result.error.message });
      return;
    }
    setMore({ busy: false, error: null });
    setLoaded((before) => {
      if (!before || before.filterKey !== filterKey) return before;
      const known = new Set(before.rows.map((r) => r.id));
      const older = result.value.filter((r) => !known.has(r.id));
      return { ...before, rows: [...before.rows, ...older], reachedEnd: result.value.length < LEDGER_PAGE };
    });
  }, [current, more.busy, filters, filterKey]);

  const retry = useCallback(() => setReloadKey((k) => k + 1), []);

  const error = failed?.filterKey === filterKey ? failed.message : null;
  return {
    rows: current?.rows ?? [],
    status: current ? 'ready' : error ? 'error' : 'loading',
    error,
    loadingMore: more.busy,
    moreError: more.error,
    reachedEnd: current?.reachedEnd ?? false,
    connected,
    loadMore,
    retry,
  };
}
