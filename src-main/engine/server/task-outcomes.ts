import type { BackendError } from '../backends';
import type { ReplayGuard } from './replay-guard';
import type { Refusal } from './request-body';
import type { RunningTask } from './running-task';
import { backendFailure, failureVariant, fairShareRefusal, loadingRefusal, ownerRefusal } from './task-refusals';
import type {
  AdmittedTask,
  AnsweredRequest,
  BackendRun,
  FinishedTask,
  ServedTokens,
  TaskAnswer,
  TaskContext,
  TaskFailure,
  TaskPipelineDeps,
} from './task-pipeline-types';
import { usageNoted } from './usage-note';

/** What an outcome needs of the pipeline: the node's parts, its replay guard and its clock. */
export interface OutcomeParts {
  d: Pick<TaskPipelineDeps, 'books' | 'observers' | 'admission' | 'owner'>;
  guard: ReplayGuard;
  now: () => number;
}

/**
 * How a task ends, for both transports: each outcome writes its ledger row (when the LLM server was asked), its answer,
 * the /metrics counters, the answer kept for an exact repeat, and the feed — in that order, once. The transports
 * differ only in the reply that writes the answer (task-reply.ts, native-replies.ts).
 */
export class TaskOutcomes {
  constructor(private readonly p: OutcomeParts) {}

  /**
   * A served task: its ledger row (and what earns: the receipt and the award follow from it), the answer, the counters,
   * the answer kept for an exact repeat, and the feed — once; each reads the one claim (`got`,
   * backends/token-claim.ts).
   */
  async succeeded(task: AdmittedTask, ran: BackendRun, got: ServedTokens, answer: string | Buffer): Promise<void> {
    const { meta } = task;
    const { latencyMs, energyJ } = ran;
    const finished: FinishedTask = {
      taskId: meta.taskId,
      intent: meta.intent,
      model: task.request.model,
      qos: meta.qos,
      outcome: 'ok',
      httpStatus: 200,
      latencyMs,
      tokensUsed: got.tokensUsed,
      responseHash: got.responseHash,
      sourceNodeId: meta.sourceNodeId,
      nonce: meta.nonce,
      alone: this.p.d.admission.activeJobs <= 1,
      energyJ,
      ...(got.units ? { units: got.units } : {}),
    };
    await this.book(task, finished, 200, answer);
    this.p.d.observers.metrics.task('success', meta.intent, meta.qos, latencyMs, got.tokensUsed);
    this.p.guard.answered(meta, 200, answer);
    this.answered(task, {
      outcome: 'served',
      status: 200,
      code: 'ok',
      variant: got.note ? usageNoted(this.p.d.observers, got.note) : '',
      tokens: got.tokensUsed,
      ran: { latencyMs, completionTokens: got.completionTokens },
    });
  }

  /** A failure after the backend was asked: answered, counted as a failure, a ledger row, kept for exact duplicates. */
  async failed(task: AdmittedTask, ran: BackendRun, f: TaskFailure): Promise<void> {
    const text = JSON.stringify(f.body);
    const { meta, model } = task;
    const { taskId, intent, qos, sourceNodeId, nonce } = meta;
    const { latencyMs, energyJ } = ran;
    const alone = this.p.d.admission.activeJobs <= 1;
    const finished: FinishedTask = {
      taskId,
      intent,
      model,
      qos,
      outcome: 'error',
      httpStatus: f.status,
      latencyMs,
      tokensUsed: null,
      sourceNodeId,
      nonce,
      alone,
      energyJ,
    };
    await this.book(task, finished, f.status, text);
    this.p.d.observers.metrics.task(f.metric, meta.intent, meta.qos, latencyMs, null);
    this.p.guard.answered(meta, f.status, text);
    const code = (f.body.error as { code: string }).code;
    this.answered(task, {
      outcome: 'failed',
      status: f.status,
      code,
      variant: f.variant,
      ran: { latencyMs, completionTokens: null },
    });
  }

  /**
   * The backend gave no usable answer: cancelled (see `aborted`), too slow, unreachable, or it answered an error —
   * the consumer's fault (422), a model still loading (503 with Retry-After) or the server's (502, a ledger row).
   * `owner`: the refusal of a task cut for the computer's owner (a stream's names the preemption).
   */
  async backendFailed(
    task: AdmittedTask,
    ran: BackendRun,
    error: BackendError,
    owner?: (retryAfterS: number) => Refusal,
  ): Promise<void> {
    const { meta } = task;
    // Cut for another source's sake (it may come back with the same id), for the owner, or the consumer went away.
    if (error.kind === 'aborted') return this.aborted(task, owner);
    if (error.kind === 'timeout') {
      const body = {
        task_id: meta.taskId,
        status: 'timeout',
        error: { code: 'task_timeout', message: `No answer within ${meta.timeoutMs} ms.` },
      };
      return this.failed(task, ran, { status: 504, body, metric: 'timeout' });
    }
    if (error.kind === 'upstream_status') {
      if (error.consumerFault) return this.refusedByBackend(task, error, ran.latencyMs);
      task.route.refused(error.status ?? 502);
      // A model still loading is no failure of the node: no ledger row, and the same id may come back after
      // Retry-After.
      if (error.loading) this.p.guard.letGo(meta, task.reply.begun);
      if (error.loading) return this.refuse(task, loadingRefusal());
    }
    if (error.kind === 'transport') task.route.failed(error.code ?? null);
    return this.failed(task, ran, {
      status: 502,
      body: backendFailure(meta, error),
      metric: 'error',
      variant: failureVariant(error),
    });
  }

  /** A refusal before the backend: counted in /metrics as rejected, never as a served task; the feed hears of it. */
  refuse(ctx: TaskContext, r: Refusal): void {
    const { meta } = ctx;
    this.p.d.observers.metrics.task('rejected', meta?.intent ?? 'other', meta?.qos ?? 'best_effort', null, null);
    const reason = r.extra?.reason;
    this.answered(ctx, {
      outcome: 'refused',
      status: r.status,
      code: r.code,
      variant: typeof reason === 'string' ? reason : '',
    });
    ctx.reply.refuse(r);
  }

  /** The feed hears of an answer (see TaskObservers.onAnswered): one small object, nothing else. */
  answered(
    ctx: Pick<TaskContext, 'started' | 'meta' | 'model'> & { relayed?: boolean; running?: RunningTask },
    a: TaskAnswer,
  ): void {
    const hook = this.p.d.observers.onAnswered;
    if (!hook) return;
    try {
      const { meta } = ctx;
      const durationMs = a.ran ? a.ran.latencyMs : this.p.now() - ctx.started;
      const { outcome, status, code, variant = '', tokens = null } = a;
      const answer: AnsweredRequest = {
        outcome,
        status,
        code,
        variant,
        intent: meta?.intent ?? null,
        qos: meta?.qos ?? null,
        model: ctx.model,
        tokens,
        durationMs,
        taskId: meta?.taskId ?? null,
        delivery: ctx.running?.streamed ? 'streamed' : ctx.relayed ? 'relayed' : null,
      };
      if (a.ran && a.ran.completionTokens !== null) answer.completionTokens = a.ran.completionTokens;
      hook(answer);
    } catch {
      // The feed is a view of the traffic: it must never turn an answer (a task already booked) into a 500.
    }
  }

  /**
   * The backend call ended without an answer (cancelled): no answer and no ledger row, so its id may come again unless
   * part of its answer went out. Cut for the owner or for another source's fair share, the consumer is told why.
   */
  private aborted(task: AdmittedTask, owner: (retryAfterS: number) => Refusal = ownerRefusal): void {
    this.p.guard.letGo(task.meta, task.reply.begun);
    if (task.running.yielded) this.refuse(task, owner(this.p.d.owner?.busy?.() ?? 1));
    else if (task.running.preempted) this.refuse(task, fairShareRefusal(task.meta.qos));
  }

  /**
   * The backend refused the request itself (a prompt longer than the context, a parameter out of range): 422 with its
   * reason, sanitised. The consumer's mistake, so neither a failure of the node nor work to be paid for.
   */
  private async refusedByBackend(task: AdmittedTask, e: BackendError, latencyMs: number): Promise<void> {
    const { meta, model } = task;
    const body = {
      task_id: meta.taskId,
      status: 'error',
      error: {
        code: 'validation_error',
        message: e.detail ? `The model refused this request: ${e.detail}` : 'The model refused this request.',
      },
    };
    const text = JSON.stringify(body);
    const finished: FinishedTask = {
      taskId: meta.taskId,
      intent: meta.intent,
      model,
      qos: meta.qos,
      outcome: 'rejected',
      httpStatus: 422,
      latencyMs,
      tokensUsed: null,
      sourceNodeId: meta.sourceNodeId,
      nonce: meta.nonce,
    };
    await this.book(task, finished, 422, text);
    this.p.d.observers.metrics.task('rejected', meta.intent, meta.qos, latencyMs, null);
    this.p.guard.answered(meta, 422, text);
    this.answered(task, {
      outcome: 'refused',
      status: 422,
      code: 'validation_error',
      variant: 'backend',
      ran: { latencyMs, completionTokens: null },
    });
  }

  /**
   * A task that reached the backend: its ledger row written (awaited when it joins a group), then its answer, then the
   * bookkeeping the consumer need not wait for (see TaskBooks.onSettled; a duplicate meanwhile still finds the task
   * running). On a node that slept through a generation every step is slow (cold caches): the fewer before the
   * answer, the sooner it goes.
   */
  private async book(ctx: TaskContext, task: FinishedTask, status: number, answer: string | Buffer): Promise<void> {
    const recorded = this.p.d.books.onFinished(task);
    if (recorded) await recorded;
    ctx.reply.answer(status, answer);
    try {
      this.p.d.books.onSettled?.(task);
    } catch {
      // Bookkeeping of a task already answered and in the ledger: the answer stands.
    }
  }
}
