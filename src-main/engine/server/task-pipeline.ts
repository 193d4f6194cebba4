import type { BuildOptions } from '../backends';
import { ByteBudget } from '../net';
import { QUEUE_WAIT_MS, type Release } from './admission-terms';
import { ReplayGuard } from './replay-guard';
import type { Refusal } from './request-body';
import { RunningTask, yieldAll, yieldStreamed } from './running-task';
import { runStreamed } from './stream-run';
import { BODY_BUDGET_BYTES, BODY_SHAPE, taskBodyLimits, type TaskBodyLimits } from './task-body-limits';
import type { NativeEnvelope } from './native-task';
import type { DecodeContext, Decoded } from './task-codec';
import type { AdmittedTask, TaskAnswer, TaskContext, TaskPipelineDeps, TaskRoute } from './task-pipeline-types';
import { TaskOutcomes } from './task-outcomes';
import { backendDown, capacityRefusal, drainRefusal, nodeStarting } from './task-refusals';
import { isStreaming } from './task-reply';
import { runWhole, type RunParts } from './whole-run';

/**
 * One task's way through the node, whichever transport brought it (`POST /v1/task` in task-handler.ts, a CALL on the
 * native port in native-calls.ts): the transport decodes the task and makes its reply; the pipeline gives it a slot
 * (waiting as its QoS may), a server that runs its model and the replay checks, runs the LLM server — whole, or
 * streamed when the reply streams — and ends it through one set of outcomes (task-outcomes.ts): the books, the answer,
 * the counters and the feed. Slot, route and the running task are given back on every exit path.
 */
export class TaskPipeline {
  /** The allowance for request bodies of both transports; the relay worker books the calls it pulls against it too. */
  readonly bodyBudget: ByteBudget;
  /** The body caps per intent and the shape limits (task-body-limits.ts). */
  readonly bodyLimits: TaskBodyLimits;
  private readonly guard: ReplayGuard;
  private readonly outcomes: TaskOutcomes;
  private readonly runs: RunParts;
  private readonly running = new Set<RunningTask>();
  private readonly now: () => number;
  private readonly defaultTimeoutMs: number;
  private readonly timeoutCapMs: number;

  constructor(private readonly d: TaskPipelineDeps) {
    const tuned = d.limits ?? {};
    this.now = d.now ?? Date.now;
    this.guard = new ReplayGuard(d.books.records, this.now);
    this.bodyLimits = taskBodyLimits(tuned);
    this.bodyBudget = new ByteBudget(tuned.bodyBudgetBytes ?? BODY_BUDGET_BYTES);
    this.defaultTimeoutMs = tuned.defaultTimeoutMs ?? 60_000;
    this.timeoutCapMs = tuned.timeoutCapMs ?? 120_000;
    this.outcomes = new TaskOutcomes({ d, guard: this.guard, now: this.now });
    this.runs = { d, outcomes: this.outcomes, now: this.now };
  }

  /**
   * The owner needs the GPU back: every task holding a slot is cut (answered 503, nothing booked). Returns how many.
   */
  yieldToOwner = (): number => yieldAll(this.running);
  /** The owner's need began: streamed tasks end now, the others keep their grace. Returns how many were cut. */
  yieldStreams = (): number => yieldStreamed(this.running);

  /** While the node has not looked at its backend once, every task is refused with a short Retry-After. */
  notReady(): Refusal | null {
    return this.d.backend.ready() ? null : nodeStarting();
  }

  /** The drain guard: no backend answers, the owner needs the GPU, or the backend drains; else null. */
  cannotServe(): Refusal | null {
    return drainRefusal(this.d.backend, this.d.owner, this.now());
  }

  /**
   * What the codec needs to decode a task: the advertised intents, the backend's build options, the caps. `native`:
   * the CALL's task id and intent, its payload decoded as it came (no HTTP body made of it).
   */
  decodeContext(o: { relayed: boolean; stream?: boolean; native?: NativeEnvelope }): DecodeContext {
    const build: BuildOptions | null = this.d.backend.build();
    const { intentCaps, limits } = this.bodyLimits;
    return {
      stream: o.stream === true,
      relayed: o.relayed ? { plaintextAllowed: this.d.relayed?.plaintextAllowed() === true } : null,
      intents: this.d.backend.advertised().intents,
      build,
      shape: BODY_SHAPE,
      intentCaps,
      defaultCap: limits.capFor(''),
      defaultTimeoutMs: this.defaultTimeoutMs,
      timeoutCapMs: this.timeoutCapMs,
      native: o.native,
    };
  }

  /** A refusal before the backend (counted, told to the feed, answered on the task's own transport). */
  refuse(ctx: TaskContext, r: Refusal): void {
    this.outcomes.refuse(ctx, r);
  }

  /** The feed hears of an answer the pipeline did not give (a bug that escaped it). */
  answered(ctx: Pick<TaskContext, 'started' | 'meta' | 'model'>, a: TaskAnswer): void {
    this.outcomes.answered(ctx, a);
  }

  /**
   * A decoded task of either transport: refused if the codec refused it, else a slot, a server and the replay checks,
   * then the LLM server's run: streamed when the task's reply streams, else whole.
   */
  async serve(ctx: TaskContext, decoded: Decoded): Promise<void> {
    if (!decoded.ok) {
      this.d.admission.forfeit(ctx.source);
      ctx.meta = decoded.meta;
      ctx.model = decoded.model ?? null;
      return this.refuse(ctx, decoded.refusal);
    }
    const { meta, request } = decoded;
    // A stream of an encrypted request is sealed chunk by chunk, whatever the request asked of its answer; sealed
    // before the replay checks, so a kept answer is never sent again in the clear.
    if (decoded.shared && isStreaming(ctx.reply)) ctx.reply.sealWith(decoded.shared);
    const model = request.model;
    ctx.meta = meta;
    ctx.model = model;
    const run = new RunningTask();
    this.running.add(run);
    let release: Release | null = null;
    let route: TaskRoute | null = null;
    try {
      const waitMs = QUEUE_WAIT_MS - (this.now() - ctx.started);
      release =
        this.d.admission.tryAcquire(ctx.source, run.onOverShare) ??
        (await this.d.admission.acquire(meta.qos, ctx.source, waitMs, run.onOverShare));
      if (!release) return this.refuse(ctx, capacityRefusal(meta.qos));
      // The servers that run the model: one that holds it in memory, else the least busy.
      route = this.d.backend.route(this.d.backend.build()?.models[model] ?? null);
      if (!route) {
        const why = this.d.backend.down() ?? 'No LLM server that runs this model answers just now.';
        return this.refuse(ctx, backendDown(why));
      }
      // Nonce replay and duplicate task ids.
      const verdict = this.guard.admit(meta, decoded.print);
      if (verdict?.kind === 'nonce_replayed')
        return this.refuse(ctx, { status: 409, code: 'IICP-E011', message: 'replay_detected' });
      if (verdict?.kind === 'duplicate')
        return this.refuse(ctx, { status: 409, code: 'IICP-E010', message: 'duplicate_task' });
      if (verdict?.kind === 'replay') {
        this.outcomes.answered(ctx, { outcome: 'refused', status: verdict.status, code: 'replayed' });
        ctx.reply.answer(verdict.status, verdict.body, true);
        return;
      }
      const sealWith = decoded.encryptReply ? decoded.shared : null;
      const task: AdmittedTask = {
        ...ctx,
        meta,
        model,
        request,
        shared: decoded.shared,
        sealWith,
        route,
        running: run,
      };
      const reply = ctx.reply;
      await (isStreaming(reply) ? runStreamed(this.runs, task, reply) : runWhole(this.runs, task));
    } finally {
      route?.done();
      this.running.delete(run);
      run.end();
      release?.();
    }
  }
}
