/**
 * The directory link's clock arithmetic: the heartbeat interval the directory may set (within bounds), the capped and
 * jittered back-off after failures, the pause while the directory refuses the tokens it issues, and the spacing of
 * the person's own tries. Jitter keeps many nodes that failed together from retrying together.
 */
export const DEFAULT_HEARTBEAT_MS = 30_000;
export const MIN_HEARTBEAT_MS = 1_000;
export const MAX_HEARTBEAT_MS = 300_000;
const MAX_BACKOFF_MS = 300_000;
/** Least time between two tries a person asked for ("Try now"). */
export const MANUAL_TRY_SPACING_MS = 10_000;
/** A refused membership is not fixed by retrying sooner: someone has to issue one. */
export const RESTRICTED_RETRY_MS = 300_000;

const jitter = (base: number, random: () => number): number => Math.round(base * (0.8 + 0.4 * random()));

/** After `failures` failures in a row: the base doubled each time, capped at 5 min, ±20 %. */
export function jitteredBackoff(failures: number, baseMs: number, random: () => number): number {
  const n = Math.max(1, failures);
  return jitter(Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.min(n - 1, 16)), random);
}

/** The pause after the directory refused its fresh token `refusals` times (from the second on): it grows with them. */
export function tokenRefusalPause(refusals: number, baseMs: number, random: () => number): number {
  return jitter(Math.min(MAX_BACKOFF_MS, Math.max(MIN_HEARTBEAT_MS, baseMs * 2 ** Math.min(refusals - 2, 16))), random);
}

/** The directory's retry hint kept within [1 s, 5 min] (0 must not spin, 1e9 must not overflow). */
export function clampRetryAfter(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.min(MAX_BACKOFF_MS, Math.max(MIN_HEARTBEAT_MS, ms));
}

/**
 * The next heartbeat's interval from the directory's `next_heartbeat_ms`, within bounds; the default if it gave none.
 */
export function heartbeatIntervalFrom(next: unknown): number {
  return typeof next === 'number' && Number.isFinite(next)
    ? Math.min(MAX_HEARTBEAT_MS, Math.max(MIN_HEARTBEAT_MS, next))
    : DEFAULT_HEARTBEAT_MS;
}
