import type { EarningsReport, VerificationInfo } from '@shared/contract';
import { getApi } from '../../api';
import { useHostQuery } from '../../hooks/useHostQuery';
import { useProviderStore } from '../../store';

export type RangeDays = 7 | 30 | 90;
export const RANGES: readonly RangeDays[] = [7, 30, 90];

/** Waits this long after a change in the engine's numbers before asking again (a burst of tasks asks once). */
const DEBOUNCE_MS = 300;

/**
 * A short key that changes whenever the engine's earnings or spending move (a task served, a receipt answered, a
 * sync, a paid request through the gateway, a check against the signed record finished): the page asks for its
 * report and ledger again then, and not on every heartbeat.
 */
export function useEarningsChangeKey(): string {
  return useProviderStore((s) => {
    const snap = s.snapshot;
    if (!snap) return '';
    // An older host (or a test's stand-in) may send no earnings block at all.
    const e = snap.earnings as typeof snap.earnings | undefined;
    const t = e?.today;
    const spent = (snap.gateway as typeof snap.gateway | undefined)?.spentToday;
    // A finished check rewrites the per-day verified figures: its time is in the key (not its progress while it reads).
    const checked = (e?.verification as VerificationInfo | undefined)?.asOf;
    return [
      snap.today.jobs,
      t?.jobs,
      t?.awarded,
      t?.pending,
      t?.rejected,
      e?.outbox,
      e?.asOf,
      e?.syncError,
      spent,
      checked,
    ].join('|');
  });
}

export interface ReportView {
  /** The newest report received (possibly for an earlier range or moment), or null. */
  report: EarningsReport | null;
  /** The report on screen is not the answer to the latest question yet. */
  stale: boolean;
  error: string | null;
  connected: boolean;
  reload(): void;
}

/**
 * The totals, per-day and per-model report for the chosen range, asked for again whenever the engine's numbers move.
 */
export function useEarningsReport(days: RangeDays): ReportView {
  const changeKey = useEarningsChangeKey();
  const query = useHostQuery(() => getApi().getEarnings({ days }), `${days}|${changeKey}`, DEBOUNCE_MS);
  return {
    report: query.value,
    stale: query.stale,
    error: query.error?.message ?? null,
    connected: query.connected,
    reload: query.reload,
  };
}
