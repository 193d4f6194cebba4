import { useCallback, useEffect, useState } from 'react';
import type { EarningsReport } from '@shared/contract';
import { getApi } from '../../api';
import { useProviderStore } from '../../store';

export type RangeDays = 7 | 30 | 90;
export const RANGES: readonly RangeDays[] = [7, 30, 90];

/** Waits this long after a change in the engine's numbers before asking again (a burst of tasks asks once). */
const DEBOUNCE_MS = 300;

/**
 * A short key that changes whenever the engine's earnings move (a task served, a receipt answered, a sync):
 * the page asks for its report and ledger again then, and not on every heartbeat.
 */
export function useEarningsChangeKey(): string {
  return useProviderStore((s) => {
    const snap = s.snapshot;
    if (!snap) return '';
    // An older host (or a test's stand-in) may send no earnings block at all.
    const e = snap.earnings as typeof snap.earnings | undefined;
    const t = e?.today;
    return [snap.today.jobs, t?.jobs, t?.awarded, t?.pending, t?.rejected, e?.outbox, e?.asOf, e?.syncError].join('|');
  });
}

/** `key` says which request an answer belongs to, so an answer for an older one is shown as such. */
type Answer = { kind: 'none' } | { kind: 'ready'; report: EarningsReport; key: string } | { kind: 'error'; message: string; key: string };

export interface ReportView {
  /** The newest report received (possibly for an earlier range or moment), or null. */
  report: EarningsReport | null;
  /** The report on screen is not the answer to the latest question yet. */
  stale: boolean;
  error: string | null;
  connected: boolean;
  reload(): void;
}

/** The totals, per-day and per-model report for the chosen range, asked for again whenever the engine's numbers move. */
export function useEarningsReport(days: RangeDays): ReportView {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const changeKey = useEarningsChangeKey();
  const [answer, setAnswer] = useState<Answer>({ kind: 'none' });
  const [report, setReport] = useState<EarningsReport | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const key = `${days}|${changeKey}|${reloadKey}`;

  useEffect(() => {
    if (!connected) return;
    let cancelled = false;
    const timer = window.setTimeout(() => {
      void getApi()
        .getEarnings({ days })
        .then((result) => {
          if (cancelled) return;
          if (result.ok) {
            setReport(result.value);
            setAnswer({ kind: 'ready', report: result.value, key });
          } else {
            setAnswer({ kind: 'error', message: result.error.message, key });
          }
        });
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [connected, days, key]);

  const reload = useCallback(() => setReloadKey((k) => k + 1), []);
  return {
    report,
    stale: answer.kind === 'none' || answer.key !== key,
    error: answer.kind === 'error' ? answer.message : null,
    connected,
    reload,
  };
}
