/**
 * Where each finished task and each answer of the task port goes: the ledger (earnings), the directory's metrics, the
 * dashboard's recent tasks and the requests feed. The node's own check is no work for the network and goes nowhere.
 */
import type { TaskSummary } from '@shared/contract';
import type { MetricsBatcher } from '../directory';
import type { EarningsService } from '../earnings';
import type { RequestFeed } from './request-feed';
import type { AnsweredRequest, FinishedTask, NodeMetrics } from '../server';
import type { NodeCheckRunner } from '../nat';

const RECENT_TASKS = 20;

export interface TaskOutcomesOptions {
  earnings: EarningsService;
  batcher: MetricsBatcher;
  requests: RequestFeed;
  check: NodeCheckRunner;
  /** /metrics: each booked task's energy goes into its histogram (the ledger's total is read there itself). */
  metrics?: Pick<NodeMetrics, 'taskEnergyUsed'>;
  /** The newest served task in the ledger when the node starts (earlier runs included), or null. */
  lastServedAt: () => number | null;
  onChange: () => void;
}

export class TaskOutcomes {
  /** Newest first; `ts` is made from `at` when a snapshot asks (per task, an ISO string showed up in profiles). */
  private readonly recentTasks: (Omit<TaskSummary, 'ts'> & { at: number })[] = [];

  private servedAt: number | null | undefined;

  constructor(private readonly o: TaskOutcomesOptions) {}

  /** When a task was last served: this run's newest, else the ledger's (read once). */
  get lastServedAt(): number | null {
    if (this.servedAt === undefined) this.servedAt = this.o.lastServedAt();
    return this.servedAt;
  }

  /** A task finished: booked (the returned promise settles once its ledger row is written), before it is answered. */
  finished(t: FinishedTask): void | Promise<void> {
    if (this.o.check.finishedOwn(t.taskId)) return;
    // The tasks the ledger books, and only those: so the histogram counts what the energy total adds up.
    if (t.outcome !== 'rejected') this.o.metrics?.taskEnergyUsed(t.intent, t.energyJ);
    return this.o.earnings.recordTask(t);
  }

  /** A finished task was answered: counted for the directory's metrics and listed among the recent tasks. */
  settled(t: FinishedTask): void {
    if (this.o.check.isOwnFinished(t.taskId)) return;
    const at = Date.now();
    if (t.outcome === 'ok') this.servedAt = at;
    if (t.outcome !== 'rejected') this.o.batcher.record(t.outcome === 'ok', t.latencyMs);
    this.recentTasks.unshift({
      taskId: t.taskId,
      at,
      intent: t.intent,
      model: t.model,
      outcome: t.outcome,
      latencyMs: t.latencyMs,
      tokens: t.tokensUsed,
    });
    if (this.recentTasks.length > RECENT_TASKS) this.recentTasks.length = RECENT_TASKS;
    this.o.onChange();
  }

  /** The task port answered: into the requests feed. */
  answered(a: AnsweredRequest): void {
    if (this.o.check.answeredOwn(a.taskId)) return;
    this.o.requests.record(a);
  }

  recent(): TaskSummary[] {
    return this.recentTasks.map((r) => ({
      taskId: r.taskId,
      ts: new Date(r.at).toISOString(),
      intent: r.intent,
      model: r.model,
      outcome: r.outcome,
      latencyMs: r.latencyMs,
      tokens: r.tokens,
    }));
  }
}
