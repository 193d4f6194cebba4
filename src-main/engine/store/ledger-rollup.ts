/** The quarter-hour rollups of the ledger: what the ledger's writers share about them. */

export const BUCKET_MS = 15 * 60_000;
/** Rollup key for tasks without a model (failures before the backend named one). */
export const NO_MODEL = '';

/** Adds one set of deltas to a quarter hour's rollup of one model, creating it at the first. */
export const ROLLUP_UPSERT = `INSERT INTO ledger_rollup (bucket, model, jobs, errors, tokens, awarded, pending, rejected, expired, claimed_u, awarded_u, rejected_u, expired_u)
  VALUES (@bucket, @model, @jobs, @errors, @tokens, @awarded, @pending, @rejected, @expired, @claimedU, @awardedU, @rejectedU, @expiredU)
  ON CONFLICT (bucket, model) DO UPDATE SET
    jobs = jobs + excluded.jobs, errors = errors + excluded.errors, tokens = tokens + excluded.tokens,
    awarded = awarded + excluded.awarded, pending = pending + excluded.pending,
    rejected = rejected + excluded.rejected, expired = expired + excluded.expired,
    claimed_u = claimed_u + excluded.claimed_u, awarded_u = awarded_u + excluded.awarded_u,
    rejected_u = rejected_u + excluded.rejected_u, expired_u = expired_u + excluded.expired_u`;
