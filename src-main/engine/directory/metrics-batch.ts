import { randomUUID } from 'node:crypto';

export interface MetricsBatch {
  id: string;
  success: number;
  failed: number;
  latencyTotalMs: number;
}

/** The directories accept each counter up to 1000 per heartbeat… */
const MAX_PER_BATCH = 1000;
/** …but production counts only 300 successes of one toward reputation: the rest would be lost, so they wait. */
export const MAX_SUCCESSES_PER_BATCH = 300;

/**
 * Task outcome counters reported with heartbeats, as the reference node keeps them: counts accumulate; on a beat
 * with nothing pending they are swapped into one pending batch with a fresh id; that batch is re-sent unchanged until
 * a 2xx response acknowledges its id (or omits the field: legacy directories). At most one is unacknowledged.
 */
export class MetricsBatcher {
  private success = 0;
  private failed = 0;
  private latencyTotalMs = 0;
  private pending: MetricsBatch | null = null;

  record(ok: boolean, latencyMs: number): void {
    if (ok) this.success += 1;
    else this.failed += 1;
    if (latencyMs > 0) this.latencyTotalMs += latencyMs;
  }

  /** The batch to send with this heartbeat, creating it from the counters if none is pending. */
  forHeartbeat(): MetricsBatch | null {
    if (!this.pending && this.success + this.failed > 0) {
      const s = Math.min(this.success, MAX_SUCCESSES_PER_BATCH);
      const f = Math.min(this.failed, MAX_PER_BATCH - s);
      const share = (s + f) / (this.success + this.failed);
      const latency = this.latencyTotalMs * share;
      this.pending = { id: randomUUID(), success: s, failed: f, latencyTotalMs: latency };
      this.success -= s;
      this.failed -= f;
      this.latencyTotalMs -= latency;
    }
    return this.pending;
  }

  /** A 2xx heartbeat answer: clear the pending batch if it was acknowledged (or the field is absent). */
  acknowledge(sentId: string | null, echoed: unknown): void {
    if (!this.pending || sentId === null || this.pending.id !== sentId) return;
    if (echoed === undefined || echoed === sentId) this.pending = null;
  }

  get pendingBatch(): MetricsBatch | null {
    return this.pending;
  }
}

/** The `metrics` object of a heartbeat for a batch (average latency rounded to hundredths, as the reference does). */
export function metricsBody(batch: MetricsBatch | null): Record<string, number> {
  if (!batch) return {};
  const out: Record<string, number> = { tasks_success: batch.success, tasks_failed: batch.failed };
  const n = batch.success + batch.failed;
  if (batch.latencyTotalMs > 0 && n > 0) out.avg_latency_ms = Math.round((batch.latencyTotalMs / n) * 100) / 100;
  return out;
}
