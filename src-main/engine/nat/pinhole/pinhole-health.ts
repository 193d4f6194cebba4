import type { PinholeTaskStatus } from './pinhole-task';

/** `pinhole_state` of GET /iicp/health, in the shape the reference node reports it. */
export type PinholeHealthState = { active: false } | { active: true; unique_id: number; lease_seconds: number };

/**
 * Active only while a pinhole is held and its lease has not run out: a renewal being retried still counts (the
 * router keeps the pinhole until the lease ends), a pinhole treated as lost or one being closed does not.
 */
export function pinholeHealthState(status: PinholeTaskStatus | null | undefined): PinholeHealthState {
  if (!status || status.uniqueId === null || status.leaseSeconds === null) return { active: false };
  if (status.state !== 'open' && status.state !== 'renewing' && status.state !== 'retrying') return { active: false };
  if (!status.leaseRemainingSeconds) return { active: false };
  return { active: true, unique_id: status.uniqueId, lease_seconds: status.leaseSeconds };
}
