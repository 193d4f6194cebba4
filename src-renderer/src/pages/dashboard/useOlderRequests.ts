import { useCallback, useMemo, useState } from 'react';
import type { RequestRow } from '@shared/contract';
import { getApi } from '../../api';

export const REQUESTS_PAGE = 20;
/** How many rows the snapshot carries (RequestsInfo.recent). */
const RECENT = 10;

export interface RequestPages {
  /** The newest rows (from the snapshot) followed by the older pages asked for, newest first. */
  rows: RequestRow[];
  loading: boolean;
  error: string | null;
  /** No row older than the last one shown. */
  reachedEnd: boolean;
  loadMore(): Promise<void>;
}

/**
 * "Show more" below the snapshot's newest requests: older pages through `listRequests` (`beforeId` from the last row
 * shown). The loaded pages hold every listed answer below the row they were first asked from (`below`); they join the
 * snapshot's newest rows without a hole while the oldest of those is still at or above it. Once so many new answers
 * arrived that it is not, the pages are let go rather than shown with a hole in between. (Ids are not consecutive: a
 * batch the disk refused leaves a gap.)
 */
export function useOlderRequests(recent: RequestRow[]): RequestPages {
  const [older, setOlder] = useState<{ rows: RequestRow[]; below: number }>({ rows: [], below: -1 });
  const [state, setState] = useState<{ loading: boolean; error: string | null; pageWasShort: boolean }>({
    loading: false,
    error: null,
    pageWasShort: false,
  });
  const oldestRecent = recent[recent.length - 1]?.id;
  const shownOlder = useMemo(() => {
    if (oldestRecent === undefined || oldestRecent > older.below) return [];
    return older.rows.filter((r) => r.id < oldestRecent);
  }, [older, oldestRecent]);
  const rows = useMemo(() => [...recent, ...shownOlder], [recent, shownOlder]);
  const last = rows[rows.length - 1]?.id;

  const loadMore = useCallback(async () => {
    if (state.loading || last === undefined) return;
    setState((s) => ({ ...s, loading: true, error: null }));
    const result = await getApi().listRequests({ limit: REQUESTS_PAGE, beforeId: last });
    if (!result.ok) {
      setState((s) => ({ ...s, loading: false, error: result.error.message }));
      return;
    }
    const page = result.value.rows;
    setOlder(
      shownOlder.length > 0 ? { rows: [...shownOlder, ...page], below: older.below } : { rows: page, below: last },
    );
    setState({ loading: false, error: null, pageWasShort: page.length < REQUESTS_PAGE });
  }, [state.loading, last, shownOlder, older.below]);

  // Fewer than the snapshot's ten: the feed holds no more. Otherwise the end is known once a page came back short.
  const reachedEnd = recent.length < RECENT || (shownOlder.length > 0 && state.pageWasShort);
  return { rows, loading: state.loading, error: state.error, reachedEnd, loadMore };
}
