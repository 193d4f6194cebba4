/** PHP `ReputationService` (outcome-v2 deltas, per-beat and hourly gain caps, batch idempotency). */
import { randomUUID } from 'node:crypto';
import type { NodeRecord, Reputation } from './types';

const DELTA_SUCCESS = 0.01;
const DELTA_OK = 0.0;
const DELTA_LATENCY_BREACH = -0.05;
const DELTA_FAILURE = -0.05;
const LATENCY_BUDGET_MS = 2000;
const MAX_POSITIVE_DELTA_PER_HEARTBEAT = 0.1;
export const MAX_HOURLY_REPUTATION_GAIN = 0.2;
/**
 * ReputationService::MAX_COUNTED_SUCCESS_PER_HEARTBEAT: a beat may report up to 1000 successes, but only
 * 300 reach completed_tasks_count / tasks_total / lifetime_jobs. The score delta is computed from the full
 * count (it is capped at +0.10 anyway); failures are never clamped.
 */
export const MAX_COUNTED_SUCCESS_PER_HEARTBEAT = 300;
const EMA_ALPHA = 0.1;

export function newReputation(): Reputation {
  return {
    score: 0.5,
    model: 'outcome-v2',
    epoch: randomUUID(),
    tasksTotal: 0,
    tasksFailed: 0,
    completedTasks: 0,
    avgLatencyMs: 0,
    hourlyGain: 0,
    hourlyWindowStart: null,
  };
}

function delta(success: number, failed: number, avgLatencyMs: number): number {
  let d = 0;
  if (success > 0) {
    const perSuccess =
      avgLatencyMs <= LATENCY_BUDGET_MS
        ? DELTA_SUCCESS
        : avgLatencyMs <= LATENCY_BUDGET_MS * 2
          ? DELTA_OK
          : DELTA_LATENCY_BREACH;
    d += success * perSuccess;
  }
  d += failed * DELTA_FAILURE;
  return Math.min(d, MAX_POSITIVE_DELTA_PER_HEARTBEAT);
}

const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;

/**
 * Applies one metric batch. Returns false for a batch id already applied to this node: PHP
 * acknowledges such a retry (echoes the id) but must not count it twice.
 */
export function applyMetricBatch(
  node: NodeRecord,
  batch: { batchId: string | null; success: number; failed: number; avgLatencyMs: number },
  now: number,
): boolean {
  if (batch.batchId !== null && node.batchIdsSeen.includes(batch.batchId)) return false;
  const rep = node.reputation;
  let d = delta(batch.success, batch.failed, batch.avgLatencyMs);
  if (d > 0) {
    if (rep.hourlyWindowStart === null || now - rep.hourlyWindowStart >= 3_600_000) {
      rep.hourlyGain = 0;
      rep.hourlyWindowStart = now;
    }
    d = Math.min(d, Math.max(0, MAX_HOURLY_REPUTATION_GAIN - rep.hourlyGain));
    rep.hourlyGain += d;
  }
  rep.score = round4(Math.min(1, Math.max(0, rep.score + d)));
  const counted = Math.min(batch.success, MAX_COUNTED_SUCCESS_PER_HEARTBEAT);
  rep.tasksTotal += counted + batch.failed;
  rep.tasksFailed += batch.failed;
  rep.completedTasks += counted;
  rep.avgLatencyMs =
    rep.avgLatencyMs === 0 ? batch.avgLatencyMs : EMA_ALPHA * batch.avgLatencyMs + (1 - EMA_ALPHA) * rep.avgLatencyMs;
  node.lifetimeJobs += counted + batch.failed;
  if (batch.batchId !== null) node.batchIdsSeen.push(batch.batchId);
  node.metricsApplied.push({
    batchId: batch.batchId,
    tasksSuccess: batch.success,
    tasksFailed: batch.failed,
    avgLatencyMs: batch.avgLatencyMs,
    at: now,
  });
  return true;
}

/** `NodeScorer::reputationTier` (#554 observation gates). */
export function reputationTier(node: NodeRecord, now: number): 'bronze' | 'silver' | 'gold' | 'platinum' {
  const { score, completedTasks } = node.reputation;
  if (score < 0.4) return 'bronze';
  if (score < 0.65 || completedTasks < 100) return 'silver';
  if (score < 0.85) return 'gold';
  const ageHours = (now - node.createdAt) / 3_600_000;
  return ageHours >= 720 && completedTasks >= 1000 ? 'platinum' : 'gold';
}
