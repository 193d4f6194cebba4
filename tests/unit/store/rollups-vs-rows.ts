import type { Store } from '@engine/store';
import { BUCKET_MS, type RollupRow, type UnitSums } from '@engine/store/ledger-repo';

/** The rollup table as stored, and the same sums taken over the ledger rows themselves. */
type Sums = RollupRow & UnitSums;

/** The rollups as the repository reads them, with each quarter hour's speech units read from the table itself. */
function storedRollups(store: Store): Sums[] {
  const units = store.db
    .prepare('SELECT bucket, model, audio_ms AS audioMs, characters, items FROM ledger_rollup')
    .all() as ({ bucket: number; model: string } & UnitSums)[];
  const byKey = new Map(units.map((u) => [`${u.bucket} ${u.model}`, u]));
  return store.ledger
    .rollups(0, 8.64e15)
    .map((r) => {
      const u = byKey.get(`${r.bucket} ${r.model}`)!;
      return { ...r, audioMs: u.audioMs, characters: u.characters, items: u.items };
    })
    .sort((a, b) => a.bucket - b.bucket || a.model.localeCompare(b.model));
}

export function rollupsVsRows(store: Store): { stored: Sums[]; fromRows: Sums[] } {
  const stored = storedRollups(store);
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
    .all() as Sums[];
  // Credits are REAL sums: equal up to float noise (and -0 is 0).
  const r9 = (n: number) => Math.round(n * 1e9) / 1e9 || 0;
  const round = (rs: Sums[]) =>
    rs.map((r) => ({ ...r, awarded: r9(r.awarded), pending: r9(r.pending), energyJ: r9(r.energyJ) }));
  return { stored: round(stored), fromRows: round(fromRows) };
}
