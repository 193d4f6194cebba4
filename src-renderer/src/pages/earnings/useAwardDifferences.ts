import { useCallback, useEffect, useState } from 'react';
import type { AwardDifference } from '@shared/contract';
import { getApi } from '../../api';
import { useProviderStore } from '../../store';

export const DIFFERENCES_PAGE = 50;

interface Loaded {
  /** The check (its `asOf`) these rows belong to. */
  key: string;
  rows: AwardDifference[];
  total: number;
  reachedEnd: boolean;
}

export interface DifferencesView {
  /** The rows on screen (kept while a newer check's rows are read), or null before the first answer. */
  rows: AwardDifference[] | null;
  total: number;
  error: string | null;
  loadingMore: boolean;
  moreError: string | null;
  reachedEnd: boolean;
  loadMore(): Promise<void>;
  retry(): void;
}

const rowKey = (r: AwardDifference) => `${r.check}|${r.taskId}|${r.seq ?? ''}`;

/**
 * The node's tasks that differ from the directory's signed record, newest first, 50 at a time; read again from the
 * start whenever a check finishes (`key` is its `asOf`).
 */
export function useAwardDifferences(key: string, wanted: boolean): DifferencesView {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [more, setMore] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    if (!connected || !wanted) return;
    let cancelled = false;
    void getApi()
      .listAwardDifferences({ limit: DIFFERENCES_PAGE, offset: 0 })
      .then((result) => {
        if (cancelled) return;
        if (!result.ok) {
          setFailed(result.error.message);
          return;
        }
        setFailed(null);
        const { rows, total } = result.value;
        setLoaded({ key, rows, total, reachedEnd: rows.length >= total || rows.length < DIFFERENCES_PAGE });
      });
    return () => {
      cancelled = true;
    };
  }, [connected, wanted, key, reloads]);

  const loadMore = useCallback(async () => {
    if (more.busy || !loaded) return;
    setMore({ busy: true, error: null });
    const result = await getApi().listAwardDifferences({ limit: DIFFERENCES_PAGE, offset: loaded.rows.length });
    if (!result.ok) {
      setMore({ busy: false, error: result.error.message });
      return;
    }
    setMore({ busy: false, error: null });
    setLoaded((before) => {
      if (!before || before.key !== loaded.key) return before;
      const known = new Set(before.rows.map(rowKey));
      const older = result.value.rows.filter((r) => !known.has(rowKey(r)));
      const rows = [...before.rows, ...older];
      // Nothing new came back: there is no further page to ask for.
      const reachedEnd =
        older.length === 0 || rows.length >= result.value.total || result.value.rows.length < DIFFERENCES_PAGE;
      return { ...before, rows, total: Math.max(result.value.total, rows.length), reachedEnd };
    });
  }, [loaded, more.busy]);

  const retry = useCallback(() => setReloads((n) => n + 1), []);

  return {
    rows: loaded?.rows ?? null,
    total: loaded?.total ?? 0,
    error: loaded ? null : failed,
    loadingMore: more.busy,
    moreError: more.error,
    reachedEnd: loaded?.reachedEnd ?? true,
    loadMore,
    retry,
  };
}
