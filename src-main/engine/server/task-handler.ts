import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BackendError, BuildOptions } from '../backends';
import { Admission } from './admission';
import { QUEUE_WAIT_MS, type Release } from './admission-terms';
import { ByteBudget, DEFAULT_DRAIN, DrainAllowance } from '../net';
import { OriginRateLimit } from './origin-rate-limit';
import { ReplayGuard } from './replay-guard';
import { RELAYED_SOURCE } from './relayed-task';
import { isBudgetRefusal, readRequestBody, tooLarge, type Refusal } from './request-body';
import { ConnectionSources } from './source-address';
import type { DecodeContext, Decoded } from './task-codec';
import { RunningTask, yieldAll, yieldStreamed } from './running-task';
import {
  BODY_BUDGET_BYTES,
  BODY_SHAPE,
  QUEUE_BODY_MAX_BYTES,
  taskBodyLimits,
  type TaskBodyLimits,
} from './task-body-limits';
import {
  backendDown,
  backendFailure,
  capacityRefusal,
  drainRefusal,
  failureVariant,
  fairShareRefusal,
  loadingRefusal,
  nodeStarting,
  ownerRefusal,
} from './task-refusals';
import type {
  AdmittedTask,
  AnsweredRequest,
  BackendRun,
  FinishedTask,
  ServedTokens,
  TaskAnswer,
  TaskContext,
  TaskFailure,
  TaskHandlerDeps,
  TaskRoute,
} from './task-handler-types';
import { usageNoted } from './usage-note';
import { HttpReply } from './task-reply';

/**
 * `POST /v1/task`: the reference node's task pipeline, with admission decided before the body is read.
 *
 * From the request line and headers alone: readiness, the per-Origin rate limit, the backend's state, the declared
 * size, and a concurrency slot (shared fairly between sources, admission.ts). Only then is the body read — within
 * its caps, the node's shared byte budget, shape limits checked as it streams in, and a deadline. A request refused
 * early is answered at once and its body discarded as it arrives (net/drain-then-close.ts), so clients that write the
 * whole body before reading still get the answer. While every slot is busy, a small body is read to learn whether its
 * QoS class may wait; a large one is refused outright.
 *
 * The JSON work (parse, validation, CX, the backend body, the answer) is task-codec.ts, on a worker thread when large.
 * Replay protection is exact and durable (replay-guard.ts). The slot is released on every exit path.
 */
export class TaskHandler {
  private readonly rateLimit: OriginRateLimit;
  private readonly guard: ReplayGuard;
  private readonly budget: ByteBudget;
  private readonly maxBodyBytes: number;
  private readonly limits: TaskBodyLimits['limits'];
  private readonly queueLimits: TaskBodyLimits['queueLimits'];
  private readonly defaultTimeoutMs: number;
  private readonly timeoutCapMs: number;
  private readonly drain: DrainAllowance;
  private readonly now: () => number;
  private readonly intentCaps: Readonly<Record<string, number>>;
  private readonly sources: ConnectionSources;
  private readonly running = new Set<RunningTask>();

  constructor(private readonly d: TaskHandlerDeps) {
    const tuned = d.limits ?? {};
    this.now = d.now ?? Date.now;
    this.sources = new ConnectionSources(d.owner?.trustedProxies);
    this.rateLimit = new OriginRateLimit(tuned.originRateLimit ?? 120, 60_000, this.now);
    this.guard = new ReplayGuard(d.books.records, this.now);
    ({
      maxBodyBytes: this.maxBodyBytes,
      intentCaps: this.intentCaps,
      limits: this.limits,
      queueLimits: this.queueLimits,
    } = taskBodyLimits(tuned));
    this.budget = new ByteBudget(tuned.bodyBudgetBytes ?? BODY_BUDGET_BYTES);
    this.defaultTimeoutMs = tuned.defaultTimeoutMs ?? 60_000;
    this.timeoutCapMs = tuned.timeoutCapMs ?? 120_000;
    this.drain = new DrainAllowance(tuned.drain ?? DEFAULT_DRAIN, this.now);
  }

  /** The allowance for request bodies; the relay worker books the calls it pulls against it too. */
  get bodyBudget(): ByteBudget {
    return this.budget;
  }

  /** Whether a connection from this address comes from a reverse proxy the owner named (it carries many consumers). */
  isTrustedProxy(address: string | undefined): boolean {
    return this.sources.isTrusted(address);
  }

  /**
   * The owner needs the GPU back: every task holding a slot is cut (answered 503, nothing booked). Returns how many.
   */
  yieldToOwner = (): number => yieldAll(this.running);
  /** The owner's need began: streamed tasks end now, the others keep their grace. Returns how many were cut. */
  yieldStreams = (): number => yieldStreamed(this.running);

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = this.now();
    try {
      await this.serve(req, res, started);
    } catch (err) {
      // The task server answers 500 for a bug that escaped; the feed hears of it like of any other answer, naming no
      // task.
      if (!res.headersSent && !res.destroyed)
        this.answered({ started, meta: null, model: null }, { outcome: 'failed', status: 500, code: 'internal_error' });
      throw err;
    }
  }

  private async serve(req: IncomingMessage, res: ServerResponse, started: number): Promise<void> {
    const relayed = this.d.relayed?.matches(req) === true;
    const source = relayed ? RELAYED_SOURCE : this.sources.of(req.socket, req.headers);
    const reply = new HttpReply(req, res, () => this.sources.of(req.socket, req.headers), this.drain);
    const ctx: TaskContext = { reply, started, relayed, source, meta: null, model: null };

    // Before the body: everything the request line and headers decide.
    const starting = this.notReady();
    if (starting) return this.refuse(ctx, starting);
    // 1. Per-Origin rate limit (browsers only).
    const origin = req.headers.origin;
    if (typeof origin === 'string' && !this.rateLimit.allow(origin.slice(0, 256))) {
      return this.refuse(ctx, {
        status: 429,
        code: 'IICP-E023',
        message: 'per-origin task rate limit exceeded',
        headers: { 'Retry-After': '60' },
      });
    }
    const closed = this.cannotServe();
    if (closed) return this.refuse(ctx, closed);
    const declared = declaredLength(req);
    if (declared > this.maxBodyBytes) return this.refuse(ctx, tooLarge(this.maxBodyBytes));
    // 4. QoS admission, decided before the body: with no slot for this source now, only a body small enough to read
    //    cheaply (to learn whether its QoS class may wait) is read at all; anything else is refused at once. The slot
    //    itself is taken once the body is in and understood, so a body that trickles in never holds one.
    const small = Number.isNaN(declared) || declared <= QUEUE_BODY_MAX_BYTES;
    const full = !this.d.admission.hasRoomFor(source);
    if (full && !(small && this.d.admission.canWait(source))) {
      this.d.admission.noteRefused(source);
      return this.refuse(ctx, capacityRefusal('best_effort'));
    }
    if (req.headers.expect !== undefined && /100-continue/i.test(req.headers.expect)) res.writeContinue();
    const build = this.d.backend.build();
    // Without room now, only as much is read as a task that may queue can have; more is refused for capacity.
    const heard = this.d.admission.hear(source);
    const read = await readRequestBody(
      req,
      source,
      full ? this.queueLimits : this.limits,
      this.budget,
      full ? capacityRefusal('best_effort') : undefined,
    ).finally(heard);
    if (read.kind === 'gone') return this.d.admission.forfeit(source);
    if (read.kind === 'refused') {
      // For want of a slot: a turn at the next; for the body budget: none (it may never come back); for what it sent:
      // turn used up.
      if (read.refusal.code !== 'IICP-E021') this.d.admission.forfeit(source);
      else if (!isBudgetRefusal(read.refusal)) this.d.admission.noteRefused(source);
      return this.refuse(ctx, read.refusal);
    }
    // Still full and not a class that waits (the shape scan saw its QoS): refused without parsing anything.
    if (full && !this.d.admission.hasRoomFor(source)) {
      const fields = read.fields();
      const qos = Admission.qosClass(fields.qos);
      if (!Admission.mayWait(qos)) {
        read.release();
        this.d.admission.noteRefused(source);
        ctx.meta = { intent: fields.intent ?? 'other', qos };
        return this.refuse(ctx, capacityRefusal(qos));
      }
    }
    let decoded;
    try {
      // Small bodies are decoded inline: awaited only when a worker does it (an await costs a turn of the queue).
      const d = this.d.codec.decode(read.raw, this.decodeContext(build, relayed));
      decoded = d instanceof Promise ? await d : d;
    } finally {
      read.release();
    }
    await this.admitted(ctx, decoded, (task) => this.run(task));
  }

  /** While the node has not looked at its backend once, every task is refused with a short Retry-After. */
  notReady(): Refusal | null {
    return this.d.backend.ready() ? null : nodeStarting();
  }

  /** 3. Drain guard: no backend answers, the owner needs the GPU, or the backend drains; else null. */
  cannotServe(): Refusal | null {
    return drainRefusal(this.d.backend, this.d.owner, this.now());
  }

  /**
   * A decoded task of either transport: refused if the codec refused it, else a slot (waiting as its QoS may), a server
   * that runs its model, the replay checks, and then `go` with the admitted task. Slot, route and the running task are
   * given back on every exit path.
   */
  async admitted(ctx: TaskContext, decoded: Decoded, go: (task: AdmittedTask) => Promise<void>): Promise<void> {
    if (!decoded.ok) {
      this.d.admission.forfeit(ctx.source);
      ctx.meta = decoded.meta;
      ctx.model = decoded.model ?? null;
      return this.refuse(ctx, decoded.refusal);
    }
    const { meta, request } = decoded;
    const model = request.model;
    ctx.meta = meta;
    ctx.model = model;
    const run = new RunningTask();
    this.running.add(run);
    let release: Release | null = null;
    let route: TaskRoute | null = null;
    try {
      release =
        this.d.admission.tryAcquire(ctx.source, run.onOverShare) ??
        (await this.d.admission.acquire(
          meta.qos,
          ctx.source,
          QUEUE_WAIT_MS - (this.now() - ctx.started),
          run.onOverShare,
        ));
      if (!release) return this.refuse(ctx, capacityRefusal(meta.qos));
      // The servers that run the model: one that holds it in memory, else the least busy.
      route = this.d.backend.route(this.d.backend.build()?.models[model] ?? null);
      if (!route)
        return this.refuse(
          ctx,
          backendDown(this.d.backend.down() ?? 'No LLM server that runs this model answers just now.'),
        );
      // 5, 6. Nonce replay and duplicate task ids.
      const verdict = this.guard.admit(meta, decoded.print);
      if (verdict?.kind === 'nonce_replayed')
        return this.refuse(ctx, { status: 409, code: 'IICP-E011', message: 'replay_detected' });
      if (verdict?.kind === 'duplicate')
        return this.refuse(ctx, { status: 409, code: 'IICP-E010', message: 'duplicate_task' });
      if (verdict?.kind === 'replay') {
        this.answered(ctx, { outcome: 'refused', status: verdict.status, code: 'replayed' });
        ctx.reply.answer(verdict.status, verdict.body, true);
        return;
      }
      await go({
        ...ctx,
        meta,
        model,
        request,
        shared: decoded.shared,
        sealWith: decoded.encryptReply ? decoded.shared : null,
        route,
        running: run,
      });
    } finally {
      route?.done();
      this.running.delete(run);
      run.end();
      release?.();
    }
  }

  /**
   * The backend call ended without an answer (cancelled): no answer and no ledger row, so its id may come again unless
   * part of its answer went out. Cut for the owner or for another source's fair share, the consumer is told why.
   */
  aborted(task: AdmittedTask, owner: (retryAfterS: number) => Refusal = ownerRefusal): void {
    this.guard.letGo(task.meta, task.reply.begun);
    if (task.running.yielded) this.refuse(task, owner(this.d.owner?.busy?.() ?? 1));
    else if (task.running.preempted) this.refuse(task, fairShareRefusal(task.meta.qos));
  }

  /** 10–12: the backend call with the consumer's deadline (bounded by ours) and the connection's life; the answer. */
  async run(task: AdmittedTask): Promise<void> {
    const { meta, request, running } = task;
    const { backend } = task.route;
    const cancel = running.cancel;
    task.reply.onGone(() => cancel.cancel());
    // Its share of the power while the backend generates; the tally ends whatever the outcome (end() is idempotent).
    const tally = this.d.owner?.energy?.begin();
    const sent = await backend.send(request, { cancel, timeoutMs: meta.timeoutMs }).finally(() => tally?.end());
    const ran: BackendRun = { latencyMs: this.now() - task.started, energyJ: tally?.end() ?? null };
    const { latencyMs } = ran;
    if (!sent.ok) return this.backendFailed(task, ran, sent.error);
    if (sent.status < 200 || sent.status > 299)
      return this.backendFailed(task, ran, backend.upstreamError(sent.status, sent.body));
    task.route.answered();
    const e = this.d.codec.encode(sent.body, {
      taskId: meta.taskId,
      nodeId: this.d.nodeId(),
      modelUsed: request.model,
      latencyMs,
      shared: task.sealWith,
      bound: request.bound,
      hashResult: this.claimsReceipts(),
    });
    const encoded = e instanceof Promise ? await e : e;
    if (!encoded.ok) {
      if (encoded.kind === 'encryption_failed') {
        return this.failed(task, ran, {
          status: 500,
          body: {
            task_id: meta.taskId,
            status: 'error',
            error: { code: 'encryption_failed', message: encoded.message },
          },
          metric: 'error',
        });
      }
      const body = {
        task_id: meta.taskId,
        status: 'error',
        error: { code: 'backend_error', message: encoded.message },
      };
      return this.failed(task, ran, { status: 502, body, metric: 'error', variant: 'bad_response' });
    }
    const { tokensUsed, completionTokens, responseHash, note } = encoded;
    await this.succeeded(task, ran, { tokensUsed, completionTokens, responseHash, note }, encoded.answer);
  }

  /** Whether a served task's result is hashed for a receipt (the node can claim receipts now). */
  claimsReceipts(): boolean {
    return this.d.books.claimsReceipts?.() ?? true;
  }

  /**
   * The backend gave no usable answer: cancelled (see `aborted`), too slow, unreachable, or it answered an error —
   * the consumer's fault (422), a model still loading (503 with Retry-After) or the server's (502, a ledger row).
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
      if (error.loading) this.guard.letGo(meta, task.reply.begun);
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
      alone: this.d.admission.activeJobs <= 1,
      energyJ,
    };
    await this.book(task, finished, 200, answer);
    this.d.observers.metrics.task('success', meta.intent, meta.qos, latencyMs, got.tokensUsed);
    this.guard.answered(meta, 200, answer);
    this.answered(task, {
      outcome: 'served',
      status: 200,
      code: 'ok',
      variant: got.note ? usageNoted(this.d.observers, got.note) : '',
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
    const alone = this.d.admission.activeJobs <= 1;
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
    this.d.observers.metrics.task(f.metric, meta.intent, meta.qos, latencyMs, null);
    this.guard.answered(meta, f.status, text);
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
    this.d.observers.metrics.task('rejected', meta.intent, meta.qos, latencyMs, null);
    this.guard.answered(meta, 422, text);
    this.answered(task, {
      outcome: 'refused',
      status: 422,
      code: 'validation_error',
      variant: 'backend',
      ran: { latencyMs, completionTokens: null },
    });
  }

  /** A refusal before the backend: counted in /metrics as rejected, never as a served task; the feed hears of it. */
  refuse(ctx: TaskContext, r: Refusal): void {
    const { meta } = ctx;
    this.d.observers.metrics.task('rejected', meta?.intent ?? 'other', meta?.qos ?? 'best_effort', null, null);
    const reason = r.extra?.reason;
    this.answered(ctx, {
      outcome: 'refused',
      status: r.status,
      code: r.code,
      variant: typeof reason === 'string' ? reason : '',
    });
    ctx.reply.refuse(r);
  }

  /**
   * A task that reached the backend: its ledger row written (awaited when it joins a group), then its answer, then the
   * bookkeeping the consumer need not wait for (see TaskBooks.onSettled; a duplicate meanwhile still finds the task
   * running). On a node that slept through a generation every step is slow (cold caches): the fewer before the
   * answer, the sooner it goes.
   */
  private async book(ctx: TaskContext, task: FinishedTask, status: number, answer: string | Buffer): Promise<void> {
    const recorded = this.d.books.onFinished(task);
    if (recorded) await recorded;
    ctx.reply.answer(status, answer);
    try {
      this.d.books.onSettled?.(task);
    } catch {
      // Bookkeeping of a task already answered and in the ledger: the answer stands.
    }
  }

  /** The feed hears of an answer (see TaskObservers.onAnswered): one small object, nothing else. */
  answered(
    ctx: Pick<TaskContext, 'started' | 'meta' | 'model'> & { relayed?: boolean; running?: RunningTask },
    a: TaskAnswer,
  ): void {
    const hook = this.d.observers.onAnswered;
    if (!hook) return;
    try {
      const { meta } = ctx;
      const durationMs = a.ran ? a.ran.latencyMs : this.now() - ctx.started;
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

  decodeContext(build: BuildOptions | null, relayed: boolean, stream = false): DecodeContext {
    return {
      stream,
      relayed: relayed ? { plaintextAllowed: this.d.relayed?.plaintextAllowed() === true } : null,
      intents: this.d.backend.advertised().intents,
      build,
      shape: BODY_SHAPE,
      intentCaps: this.intentCaps,
      defaultCap: this.limits.capFor(''),
      defaultTimeoutMs: this.defaultTimeoutMs,
      timeoutCapMs: this.timeoutCapMs,
    };
  }
}

/** The declared body length, or NaN when there is none (chunked, or no body). */
function declaredLength(req: IncomingMessage): number {
  const h = req.headers['content-length'];
  if (h === undefined) return req.headers['transfer-encoding'] === undefined ? 0 : Number.NaN;
  const n = Number(h);
  return Number.isSafeInteger(n) && n >= 0 ? n : Number.NaN;
}
