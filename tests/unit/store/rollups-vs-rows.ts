import type { Store } from '@engine/store';
import { BUCKET_MS, type RollupRow } from '@engine/store/ledger-repo';

/** The rollup table as stored, and the same sums taken over the ledger rows themselves. */
export function rollupsVsRows(store: Store): { stored: RollupRow[]; fromRows: RollupRow[] } {
  const stored = store.ledger.rollups(0, 8.64e15).sort((a, b) => a.bucket - b.bucket || a.model.localeCompare(b.model));
  // The exact columns are whole micro-credits of each row's amount.
  const u = (col: string) => `CAST(round(coalesce(${col}, 0) * 1000000) AS INTEGER)`;
  const fromRows = store.db
    .prepare(
      `SELECT ts / ${BUCKET_MS} AS bucket, coalesce(model, '') AS model, sum(outcome = 'ok') AS jobs, sum(outcome = 'error') AS errors,
         sum(coalesce(tokens, 0)) AS tokens, sum(coalesce(awarded, 0)) AS awarded,
         sum(CASE WHEN receipt = 'claimed' THEN claimed ELSE 0 END) AS pending,
         sum(receipt = 'rejected') AS rejected, sum(receipt = 'expired') AS expired,
         sum(${u('claimed')}) AS claimedU, sum(${u('awarded')}) AS awardedU,
         sum(CASE WHEN receipt = 'rejected' THEN ${u('claimed')} ELSE 0 END) AS rejectedU,
         sum(CASE WHEN receipt = 'expired' THEN ${u('claimed')} ELSE 0 END) AS expiredU,
         sum(coalesce(energy_j, 0)) AS energyJ, sum(energy_j IS NOT NULL) AS energyJobs,
         sum(CASE WHEN energy_j IS NOT NULL THEN coalesce(tokens, 0) ELSE 0 END) AS energyTokens,
         sum(CASE WHEN unit = 'audio_ms' THEN units ELSE 0 END) AS audioMs,
         sum(CASE WHEN unit = 'characters' THEN units ELSE 0 END) AS characters,
         sum(CASE WHEN unit = 'items' THEN units ELSE 0 END) AS items
       FROM ledger GROUP BY 1, 2 ORDER BY 1, 2`,
    )
    .all() as RollupRow[];
  // Credits are REAL sums: equal up to float noise (and -0 is 0).
  const r9 = (n: number) => Math.round(n * 1e9) / 1e9 || 0;
  const round = (rs: RollupRow[]) =>
    rs.map((r) => ({ ...r, awarded: r9(r.awarded), pending: r9(r.pending), energyJ: r9(r.energyJ) }));
  return { stored: round(stored), fromRows: round(fromRows) };
}
