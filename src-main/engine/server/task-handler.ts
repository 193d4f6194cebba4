import type { IncomingMessage, ServerResponse } from 'node:http';
import { Admission } from './admission';
import { DEFAULT_DRAIN, DrainAllowance, type ByteBudget } from '../net';
import { OriginRateLimit } from './origin-rate-limit';
import { RELAYED_SOURCE } from './relayed-task';
import { isBudgetRefusal, readRequestBody, tooLarge } from './request-body';
import { ConnectionSources } from './source-address';
import { QUEUE_BODY_MAX_BYTES } from './task-body-limits';
import { capacityRefusal } from './task-refusals';
import type { TaskContext, TaskPipelineDeps } from './task-pipeline-types';
import { TaskPipeline } from './task-pipeline';
import { HttpReply } from './task-reply';

/**
 * `POST /v1/task`: the HTTP door of the task pipeline (task-pipeline.ts), with admission decided before the body is
 * read.
 *
 * From the request line and headers alone: readiness, the per-Origin rate limit, the backend's state, the declared
 * size, and whether a slot is free (shared fairly between sources, admission.ts). Only then is the body read — within
 * its caps, the node's shared byte budget, shape limits checked as it streams in, and a deadline. A request refused
 * early is answered at once and its body discarded as it arrives (net/drain-then-close.ts), so clients that write the
 * whole body before reading still get the answer. While every slot is busy, a small body is read to learn whether its
 * QoS class may wait; a large one is refused outright. The decoded task then goes the way every task goes.
 */
export class TaskHandler {
  /** The task pipeline both transports share (the native port's CALLs go through it too). */
  readonly pipeline: TaskPipeline;
  private readonly rateLimit: OriginRateLimit;
  private readonly drain: DrainAllowance;
  private readonly now: () => number;
  private readonly sources: ConnectionSources;

  constructor(private readonly d: TaskPipelineDeps) {
    const tuned = d.limits ?? {};
    this.now = d.now ?? Date.now;
    this.pipeline = new TaskPipeline(d);
    this.sources = new ConnectionSources(d.owner?.trustedProxies);
    this.rateLimit = new OriginRateLimit(tuned.originRateLimit ?? 120, 60_000, this.now);
    this.drain = new DrainAllowance(tuned.drain ?? DEFAULT_DRAIN, this.now);
  }

  /** The allowance for request bodies; the relay worker books the calls it pulls against it too. */
  get bodyBudget(): ByteBudget {
    return this.pipeline.bodyBudget;
  }

  /** Whether a connection from this address comes from a reverse proxy the owner named (it carries many consumers). */
  isTrustedProxy(address: string | undefined): boolean {
    return this.sources.isTrusted(address);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = this.now();
    try {
      await this.serve(req, res, started);
    } catch (err) {
      // The task server answers 500 for a bug that escaped; the feed hears of it like of any other answer, naming no
      // task.
      if (!res.headersSent && !res.destroyed) {
        const failed = { outcome: 'failed', status: 500, code: 'internal_error' } as const;
        this.pipeline.answered({ started, meta: null, model: null }, failed);
      }
      throw err;
    }
  }

  private async serve(req: IncomingMessage, res: ServerResponse, started: number): Promise<void> {
    const { pipeline } = this;
    const { admission } = this.d;
    const relayed = this.d.relayed?.matches(req) === true;
    const source = relayed ? RELAYED_SOURCE : this.sources.of(req.socket, req.headers);
    const reply = new HttpReply(req, res, () => this.sources.of(req.socket, req.headers), this.drain);
    const ctx: TaskContext = { reply, started, relayed, source, meta: null, model: null };

    // Before the body: everything the request line and headers decide.
    const starting = pipeline.notReady();
    if (starting) return pipeline.refuse(ctx, starting);
    // The per-Origin rate limit (browsers only).
    const origin = req.headers.origin;
    if (typeof origin === 'string' && !this.rateLimit.allow(origin.slice(0, 256))) {
      return pipeline.refuse(ctx, {
        status: 429,
        code: 'IICP-E023',
        message: 'per-origin task rate limit exceeded',
        headers: { 'Retry-After': '60' },
      });
    }
    const closed = pipeline.cannotServe();
    if (closed) return pipeline.refuse(ctx, closed);
    const { maxBodyBytes, limits, queueLimits } = pipeline.bodyLimits;
    const declared = declaredLength(req);
    if (declared > maxBodyBytes) return pipeline.refuse(ctx, tooLarge(maxBodyBytes));
    // QoS admission, decided before the body: with no slot for this source now, only a body small enough to read
    // cheaply (to learn whether its QoS class may wait) is read at all; anything else is refused at once. The slot
    // itself is taken once the body is in and understood, so a body that trickles in never holds one.
    const small = Number.isNaN(declared) || declared <= QUEUE_BODY_MAX_BYTES;
    const full = !admission.hasRoomFor(source);
    if (full && !(small && admission.canWait(source))) {
      admission.noteRefused(source);
      return pipeline.refuse(ctx, capacityRefusal('best_effort'));
    }
    if (req.headers.expect !== undefined && /100-continue/i.test(req.headers.expect)) res.writeContinue();
    // Without room now, only as much is read as a task that may queue can have; more is refused for capacity.
    const heard = admission.hear(source);
    const read = await readRequestBody(
      req,
      source,
      full ? queueLimits : limits,
      pipeline.bodyBudget,
      full ? capacityRefusal('best_effort') : undefined,
    ).finally(heard);
    if (read.kind === 'gone') return admission.forfeit(source);
    if (read.kind === 'refused') {
      // For want of a slot: a turn at the next; for the body budget: none (it may never come back); for what it sent:
      // turn used up.
      if (read.refusal.code !== 'IICP-E021') admission.forfeit(source);
      else if (!isBudgetRefusal(read.refusal)) admission.noteRefused(source);
      return pipeline.refuse(ctx, read.refusal);
    }
    // Still full and not a class that waits (the shape scan saw its QoS): refused without parsing anything.
    if (full && !admission.hasRoomFor(source)) {
      const fields = read.fields();
      const qos = Admission.qosClass(fields.qos);
      if (!Admission.mayWait(qos)) {
        read.release();
        admission.noteRefused(source);
        ctx.meta = { intent: fields.intent ?? 'other', qos };
        return pipeline.refuse(ctx, capacityRefusal(qos));
      }
    }
    let decoded;
    try {
      // Small bodies are decoded inline: awaited only when a worker does it (an await costs a turn of the queue).
      const d = this.d.codec.decode(read.raw, pipeline.decodeContext({ relayed }));
      decoded = d instanceof Promise ? await d : d;
    } finally {
      read.release();
    }
    await pipeline.serve(ctx, decoded);
  }
}

/** The declared body length, or NaN when there is none (chunked, or no body). */
function declaredLength(req: IncomingMessage): number {
  const h = req.headers['content-length'];
  if (h === undefined) return req.headers['transfer-encoding'] === undefined ? 0 : Number.NaN;
  const n = Number(h);
  return Number.isSafeInteger(n) && n >= 0 ? n : Number.NaN;
}
