import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BackendError, OpenAiCompatBackend } from '../backends';
import { INTENT_CHAT, INTENT_COMPLETION, INTENT_EMBEDDING } from '../backends/intents';
import { Cancellation } from '../backends/transport';
import { Admission, QUEUE_WAIT_MS, type OverShare, type Release } from './admission';
import { ByteBudget } from './byte-budget';
import type { CodecPool } from './codec-pool';
import { DEFAULT_DRAIN, DrainAllowance, drainThenClose, type DrainLimits } from './drain-then-close';
import { BASE_HEADERS, sendError } from './http-util';
import type { ShapeLimits } from './json-shape';
import type { NodeMetrics } from './node-metrics';
import { OriginRateLimit } from './origin-rate-limit';
import { ReplayGuard, type TaskRecords } from './replay-guard';
import { RELAYED_SOURCE } from './relayed-task';
import { isBudgetRefusal, readRequestBody, tooLarge, type BodyLimits, type Refusal } from './request-body';
import { ConnectionSources } from './source-address';
import type { DecodeContext, TaskMeta } from './task-codec';

const CAPACITY_RETRY_S = 2;
/** The node looks at its backend every heartbeat (30 s); asking sooner would only meet the same answer. */
/** The monitor looks at an absent backend every second and sees it back within two: come back then. */
const BACKEND_DOWN_RETRY_S = 2;

/** Body caps: a chat may carry images; the other intents are text. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;
const TEXT_INTENT_BODY_BYTES = 4 * 1024 * 1024;
/** Bodies of intents the node knows nothing of are refused anyway; no reason to read much of them. */
const OTHER_INTENT_BODY_BYTES = 64 * 1024;
/** Nesting and value counts no real task comes near (a long chat is a few thousand values). */
export const BODY_SHAPE: ShapeLimits = { maxDepth: 66, maxValues: 100_000 };
/** In-flight request bodies of all connections together. */
const BODY_BUDGET_BYTES = 64 * 1024 * 1024;
/** While every slot is busy only bodies this small are read (to learn whether their QoS class may wait). */
const QUEUE_BODY_MAX_BYTES = 256 * 1024;
/**
 * A body must keep up at least this pace on average once the grace is over (a 512 kbit/s uplink sends 8 MiB in time;
 * a client that trickles bytes to hold memory and a connection does not).
 */
const BODY_GRACE_MS = 2_000;
const BODY_MIN_BYTES_PER_SECOND = 64 * 1024;
/** A refused request with at most this much body still to come keeps its connection (Node discards the rest). */
const SMALL_REMAINDER_BYTES = 64 * 1024;

export interface Advertised {
  intents: ReadonlySet<string>;
  models: readonly string[];
  maxTokens: number;
}

export interface Stability {
  backend_state: 'ok' | 'degraded' | 'draining';
  reason_class: string;
  retry_after_s?: number;
  drain_until?: number;
}

export interface FinishedTask {
  taskId: string;
  intent: string;
  model: string | null;
  qos: string;
  outcome: 'ok' | 'error' | 'rejected';
  httpStatus: number;
  latencyMs: number;
  tokensUsed: number | null;
  /** SHA-256 of the canonical result (success only, when receipts can be claimed), for receipts. */
  responseHash?: string | null;
  sourceNodeId?: string;
  /** The task's nonce, kept with its ledger row: single-use across restarts. */
  nonce?: string;
}

/**
 * One answer of `POST /v1/task`, as the requests feed hears of it: never a prompt, an answer or the consumer's
 * address. The task id, once the body was read, lets the node leave its own checks out; the feed keeps it only for a
 * served task.
 */
export interface AnsweredRequest {
  outcome: 'served' | 'refused' | 'failed';
  status: number;
  /** The wire code (`ok` when served; `replayed` when a kept answer was sent again). */
  code: string;
  /** The cause where one code has several (`fair_share`, `backend`, the model asked for…), else ''. */
  variant: string;
  intent: string | null;
  qos: string | null;
  model: string | null;
  tokens: number | null;
  /** Of `tokens`, those the model wrote (served only, when the LLM server says): the feed's tokens per second. */
  completionTokens?: number | null;
  /** For a task the LLM server ran, the same time its ledger row keeps (`latencyMs`): one "took" for one task. */
  durationMs: number;
  taskId: string | null;
}

export interface TaskHandlerDeps {
  nodeId(): string;
  /** False until the node has looked at its backend once; tasks then get 503 and a short Retry-After. */
  ready(): boolean;
  advertised(): Advertised;
  backend(): OpenAiCompatBackend | null;
  stability(): Stability;
  /** A plain-words reason while the backend does not answer (tasks then get 503), else null. */
  backendDown(): string | null;
  /** What tasks learn about the backend: it answered (proof of life), or its connection failed (`code`). */
  backendSeen?: { answered(): void; failed(code: string | null): void; refused(status: number): void };
  admission: Admission;
  metrics: NodeMetrics;
  /** Parses, validates and serialises task JSON (off the event loop when large). */
  codec: Pick<CodecPool, 'decode' | 'encode'>;
  /** What the ledger knows of task ids and nonces (durable replay protection). */
  records: TaskRecords;
  /**
   * Called before the answer is written. A returned promise is awaited first: the ledger row of a task the
   * consumer hears about is on disk before it hears (rows finishing together share one commit).
   */
  onFinished(task: FinishedTask): void | Promise<void>;
  /**
   * Told of every answer the task route gives — served, refused (also the cheap refusals before the body) and failed —
   * exactly once, just before it is written. Called on the task path, flood included: it must be O(1); a throw is
   * swallowed.
   */
  onAnswered?(answer: AnsweredRequest): void;
  /** Whether a served task can earn a receipt now (the node holds its HMAC key); without, no result hash is made. */
  claimsReceipts?(): boolean;
  /**
   * Tasks the node's own relay worker hands over (relayed-task.ts): recognised by the process's mark, booked as one
   * source, and judged as relayed — an encrypted task's answer is always sealed, and a plaintext one is refused unless
   * `plaintextAllowed`.
   */
  relayed?: { matches(req: IncomingMessage): boolean; plaintextAllowed(): boolean };
  /**
   * The reverse proxies the owner named (addresses or ranges): only on their connections is a forwarding header
   * read for the consumer's address (source-address.ts). Read live; none by default.
   */
  trustedProxies?: () => readonly string[];
  originRateLimit?: number;
  maxBodyBytes?: number;
  bodyBudgetBytes?: number;
  bodyGraceMs?: number;
  defaultTimeoutMs?: number;
  timeoutCapMs?: number;
  drain?: DrainLimits;
  now?: () => number;
}

/**
 * `POST /v1/task`: the pipeline of brief §3.4, with admission decided before the body is read.
 *
 * From the request line and headers alone: readiness, the per-Origin rate limit, the backend's state, the declared
 * size, and a concurrency slot (shared fairly between sources, admission.ts). Only then is the body read — within
 * its caps, the node's shared byte budget, shape limits checked as it streams in, and a deadline. A request refused
 * early is answered at once and its body discarded as it arrives (drain-then-close.ts), so clients that write the
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
  private readonly limits: BodyLimits;
  private readonly queueLimits: BodyLimits;
  private readonly defaultTimeoutMs: number;
  private readonly timeoutCapMs: number;
  private readonly drain: DrainAllowance;
  private readonly now: () => number;
  private readonly intentCaps: Readonly<Record<string, number>>;
  private readonly sources: ConnectionSources;

  constructor(private readonly d: TaskHandlerDeps) {
    this.now = d.now ?? Date.now;
    this.sources = new ConnectionSources(d.trustedProxies);
    this.rateLimit = new OriginRateLimit(d.originRateLimit ?? 120, 60_000, this.now);
    this.guard = new ReplayGuard(d.records, this.now);
    this.maxBodyBytes = d.maxBodyBytes ?? MAX_BODY_BYTES;
    this.budget = new ByteBudget(d.bodyBudgetBytes ?? BODY_BUDGET_BYTES);
    this.defaultTimeoutMs = d.defaultTimeoutMs ?? 60_000;
    this.timeoutCapMs = d.timeoutCapMs ?? 120_000;
    this.drain = new DrainAllowance(d.drain ?? DEFAULT_DRAIN, this.now);
    const text = Math.min(this.maxBodyBytes, TEXT_INTENT_BODY_BYTES);
    this.intentCaps = Object.freeze({
      [INTENT_CHAT]: this.maxBodyBytes,
      [INTENT_COMPLETION]: text,
      [INTENT_EMBEDDING]: text,
    });
    const caps = this.intentCaps;
    const other = Math.min(this.maxBodyBytes, OTHER_INTENT_BODY_BYTES);
    this.limits = {
      maxBytes: this.maxBodyBytes,
      capFor: (intent) => caps[intent] ?? other,
      shape: BODY_SHAPE,
      minRate: { graceMs: d.bodyGraceMs ?? BODY_GRACE_MS, bytesPerSecond: BODY_MIN_BYTES_PER_SECOND },
    };
    this.queueLimits = { ...this.limits, maxBytes: Math.min(this.maxBodyBytes, QUEUE_BODY_MAX_BYTES) };
  }

  /** The allowance for request bodies; the relay worker books the calls it pulls against it too. */
  get bodyBudget(): ByteBudget {
    return this.budget;
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
      // The task server answers 500 for a bug that escaped; the feed hears of it like of any other answer.
      if (!res.headersSent && !res.destroyed) this.answered('failed', 500, 'internal_error', '', null, null, null, started);
      throw err;
    }
  }

  private async serve(req: IncomingMessage, res: ServerResponse, started: number): Promise<void> {
    const relayed = this.d.relayed?.matches(req) === true;
    const source = relayed ? RELAYED_SOURCE : this.sources.of(req.socket, req.headers);

    // Before the body: everything the request line and headers decide.
    if (!this.d.ready()) return this.refuse(req, res, started, { status: 503, code: 'node_starting', message: 'The node is starting; try again in a moment.', headers: { 'Retry-After': '1' } });
    // 1. Per-Origin rate limit (browsers only).
    const origin = req.headers.origin;
    if (typeof origin === 'string' && !this.rateLimit.allow(origin.slice(0, 256))) {
      return this.refuse(req, res, started, { status: 429, code: 'IICP-E023', message: 'per-origin task rate limit exceeded', headers: { 'Retry-After': '60' } });
    }
    // 3. Drain guard; a backend that does not answer at all is treated like one that drains.
    const down = this.d.backendDown();
    if (down !== null) {
      return this.refuse(req, res, started, {
        status: 503,
        code: 'backend_unavailable',
        message: down,
        extra: { retry_after_ms: BACKEND_DOWN_RETRY_S * 1000 },
        headers: { 'Retry-After': String(BACKEND_DOWN_RETRY_S) },
      });
    }
    const stability = this.d.stability();
    if (stability.backend_state === 'draining') {
      const remaining = Math.max(1, Math.ceil(((stability.drain_until ?? 0) * 1000 - this.now()) / 1000) || (stability.retry_after_s ?? 30));
      return this.refuse(req, res, started, {
        status: 503,
        code: 'IICP-E024',
        message: 'backend temporarily draining',
        extra: { reason: stability.reason_class, retry_after_ms: remaining * 1000 },
        headers: { 'Retry-After': String(remaining) },
      });
    }
    const declared = declaredLength(req);
    if (declared > this.maxBodyBytes) return this.refuse(req, res, started, tooLarge(this.maxBodyBytes));
    // 4. QoS admission, decided before the body: with no slot for this source now, only a body small enough to read
    //    cheaply (to learn whether its QoS class may wait) is read at all; anything else is refused at once. The slot
    //    itself is taken once the body is in and understood, so a body that trickles in never holds one.
    const small = Number.isNaN(declared) || declared <= QUEUE_BODY_MAX_BYTES;
    const full = !this.d.admission.hasRoomFor(source);
    if (full && !(small && this.d.admission.canWait(source))) {
      this.d.admission.noteRefused(source);
      return this.refuse(req, res, started, capacityRefusal('best_effort'));
    }
    let run: RunningTask | null = null;
    let release: Release | null = null;
    try {
      if (req.headers.expect !== undefined && /100-continue/i.test(req.headers.expect)) res.writeContinue();
      const backend = this.d.backend();
      // Without room now, only as much is read as a task that may queue can have; more is refused for capacity.
      const read = full
        ? await readRequestBody(req, source, this.queueLimits, this.budget, capacityRefusal('best_effort'))
        : await readRequestBody(req, source, this.limits, this.budget);
      if (read.kind === 'gone') return;
      if (read.kind === 'refused') {
        // Refused for want of a slot: the source gets its turn at the next one. Refused for the body budget (many
        // bodies arriving at once): no turn, or sources that never come back would keep free slots idle.
        if (read.refusal.code === 'IICP-E021' && !isBudgetRefusal(read.refusal)) this.d.admission.noteRefused(source);
        return this.refuse(req, res, started, read.refusal);
      }
      // Still full and not a class that waits (the shape scan saw its QoS): refused without parsing anything.
      if (full && !this.d.admission.hasRoomFor(source)) {
        const qos = Admission.qosClass(read.qos);
        if (!Admission.mayWait(qos)) {
          read.release();
          this.d.admission.noteRefused(source);
          return this.refuse(req, res, started, capacityRefusal(qos), { intent: read.intent ?? 'other', qos });
        }
      }
      let decoded;
      try {
        decoded = await this.d.codec.decode(read.raw, this.decodeContext(backend, relayed));
      } finally {
        read.release();
      }
      if (!decoded.ok) return this.refuse(req, res, started, decoded.refusal, decoded.meta, decoded.model ?? null);
      const meta = decoded.meta;
      run = new RunningTask();
      release =
        this.d.admission.tryAcquire(source, run.onOverShare) ??
        (await this.d.admission.acquire(meta.qos, source, QUEUE_WAIT_MS - (this.now() - started), run.onOverShare));
      const model = decoded.request.model;
      if (!release) return this.refuse(req, res, started, capacityRefusal(meta.qos), meta, model);
      // 5, 6. Nonce replay and duplicate task ids.
      const verdict = this.guard.admit(meta, decoded.print);
      if (verdict?.kind === 'nonce_replayed') return this.refuse(req, res, started, { status: 409, code: 'IICP-E011', message: 'replay_detected' }, meta, model);
      if (verdict?.kind === 'duplicate') return this.refuse(req, res, started, { status: 409, code: 'IICP-E010', message: 'duplicate_task' }, meta, model);
      if (verdict?.kind === 'replay') {
        this.answered('refused', verdict.status, 'replayed', '', meta, model, null, started);
        res.writeHead(verdict.status, { ...BASE_HEADERS, 'Content-Type': 'application/json', 'Content-Length': byteLength(verdict.body), 'X-IICP-Replayed': '1' });
        res.end(verdict.body);
        return;
      }
      await this.run(req, res, run, backend!, meta, decoded.request, decoded.encryptReply ? decoded.shared : null, started);
    } finally {
      run?.end();
      release?.();
    }
  }

  /** 10–12: the backend call with the consumer's deadline (bounded by ours) and the connection's life; the answer. */
  private async run(
    req: IncomingMessage,
    res: ServerResponse,
    task: RunningTask,
    backend: OpenAiCompatBackend,
    meta: TaskMeta,
    request: Parameters<OpenAiCompatBackend['send']>[0],
    shared: Buffer | null,
    started: number,
  ): Promise<void> {
    const cancel = task.cancel;
    // The listener stays: once the answer is written, `close` finds the response finished and does nothing.
    res.on('close', () => {
      if (!res.writableFinished) cancel.cancel();
    });
    const sent = await backend.send(request, { cancel, timeoutMs: meta.timeoutMs });
    const latencyMs = this.now() - started;
    if (!sent.ok) {
      if (sent.error.kind === 'aborted') {
        // Cut for another source's sake (it may come back with the same id), or the consumer went away.
        this.guard.abandoned(meta);
        if (task.preempted) this.refuse(req, res, started, fairShareRefusal(meta.qos), meta, request.model);
        return;
      }
      if (sent.error.kind === 'timeout') {
        return this.failed(res, meta, request.model, 504, { task_id: meta.taskId, status: 'timeout', error: { code: 'task_timeout', message: `No answer within ${meta.timeoutMs} ms.` } }, latencyMs, 'timeout', started);
      }
      if (sent.error.kind === 'transport') this.d.backendSeen?.failed(sent.error.code ?? null);
      return this.failed(res, meta, request.model, 502, backendFailure(meta, sent.error), latencyMs, 'error', started, failureVariant(sent.error));
    }
    if (sent.status < 200 || sent.status > 299) {
      const e = backend.upstreamError(sent.status, sent.body);
      if (e.consumerFault) return this.refusedByBackend(res, meta, request.model, e, latencyMs, started);
      this.d.backendSeen?.refused(sent.status);
      return this.failed(res, meta, request.model, 502, backendFailure(meta, e), latencyMs, 'error', started, failureVariant(e));
    }
    this.d.backendSeen?.answered();
    const encoded = await this.d.codec.encode(sent.body, { taskId: meta.taskId, nodeId: this.d.nodeId(), modelUsed: request.model, latencyMs, shared, hashResult: this.d.claimsReceipts?.() ?? true });
    if (!encoded.ok) {
      if (encoded.kind === 'encryption_failed') {
        return this.failed(res, meta, request.model, 500, { task_id: meta.taskId, status: 'error', error: { code: 'encryption_failed', message: encoded.message } }, latencyMs, 'error', started);
      }
      return this.failed(res, meta, request.model, 502, { task_id: meta.taskId, status: 'error', error: { code: 'backend_error', message: encoded.message } }, latencyMs, 'error', started, 'bad_response');
    }
    this.d.metrics.task('success', meta.intent, meta.qos, latencyMs, encoded.tokensUsed);
    const recorded = this.d.onFinished({
      taskId: meta.taskId,
      intent: meta.intent,
      model: request.model,
      qos: meta.qos,
      outcome: 'ok',
      httpStatus: 200,
      latencyMs,
      tokensUsed: encoded.tokensUsed,
      responseHash: encoded.responseHash,
      sourceNodeId: meta.sourceNodeId,
      nonce: meta.nonce,
    });
    this.guard.answered(meta, 200, encoded.answer);
    if (recorded) await recorded;
    this.answered('served', 200, 'ok', '', meta, request.model, encoded.tokensUsed, started, meta.taskId, { latencyMs, completionTokens: encoded.completionTokens });
    if (!res.headersSent && !res.destroyed) {
      res.writeHead(200, { ...BASE_HEADERS, 'Content-Type': 'application/json', 'Content-Length': byteLength(encoded.answer) });
      res.end(encoded.answer);
    }
  }

  /** A failure after the backend was asked: answered, counted as a failure, a ledger row, kept for exact duplicates. */
  private async failed(
    res: ServerResponse,
    meta: TaskMeta,
    model: string,
    status: number,
    body: Record<string, unknown>,
    latencyMs: number,
    metric: string,
    started: number,
    variant = '',
  ): Promise<void> {
    const text = JSON.stringify(body);
    this.d.metrics.task(metric, meta.intent, meta.qos, latencyMs, null);
    const recorded = this.d.onFinished({
      taskId: meta.taskId,
      intent: meta.intent,
      model,
      qos: meta.qos,
      outcome: 'error',
      httpStatus: status,
      latencyMs,
      tokensUsed: null,
      sourceNodeId: meta.sourceNodeId,
      nonce: meta.nonce,
    });
    this.guard.answered(meta, status, text);
    if (recorded) await recorded;
    this.answered('failed', status, (body.error as { code: string }).code, variant, meta, model, null, started, null, { latencyMs, completionTokens: null });
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  /**
   * The backend refused the request itself (a prompt longer than the context, a parameter out of range): 422 with its
   * reason, sanitised. The consumer's mistake, so neither a failure of the node nor work to be paid for.
   */
  private async refusedByBackend(res: ServerResponse, meta: TaskMeta, model: string, e: BackendError, latencyMs: number, started: number): Promise<void> {
    const body = { task_id: meta.taskId, status: 'error', error: { code: 'validation_error', message: e.detail ? `The model refused this request: ${e.detail}` : 'The model refused this request.' } };
    const text = JSON.stringify(body);
    this.d.metrics.task('rejected', meta.intent, meta.qos, latencyMs, null);
    const recorded = this.d.onFinished({ taskId: meta.taskId, intent: meta.intent, model, qos: meta.qos, outcome: 'rejected', httpStatus: 422, latencyMs, tokensUsed: null, sourceNodeId: meta.sourceNodeId, nonce: meta.nonce });
    this.guard.answered(meta, 422, text);
    if (recorded) await recorded;
    this.answered('refused', 422, 'validation_error', 'backend', meta, model, null, started, null, { latencyMs, completionTokens: null });
    if (res.headersSent || res.destroyed) return;
    res.writeHead(422, { ...BASE_HEADERS, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  /**
   * A refusal before the backend: counted in /metrics as rejected, never as a served task. If much of the body is
   * still to come, the connection closes after the answer, the rest discarded as it arrives (bounded).
   */
  private refuse(req: IncomingMessage, res: ServerResponse, started: number, r: Refusal, labels: Pick<TaskMeta, 'intent' | 'qos'> | null = null, model: string | null = null): void {
    this.d.metrics.task('rejected', labels?.intent ?? 'other', labels?.qos ?? 'best_effort', null, null);
    const reason = r.extra?.reason;
    this.answered('refused', r.status, r.code, typeof reason === 'string' ? reason : '', labels, model, null, started);
    const headers = this.bodyStillComing(req) ? { ...r.headers, ...drainThenClose(req, this.sources.of(req.socket, req.headers), this.drain) } : r.headers;
    sendError(res, r.status, r.code, r.message, r.extra, headers);
  }

  /** The feed hears of an answer (see TaskHandlerDeps.onAnswered): one small object, nothing else. */
  private answered(
    outcome: AnsweredRequest['outcome'],
    status: number,
    code: string,
    variant: string,
    labels: (Pick<TaskMeta, 'intent' | 'qos'> & { taskId?: string }) | null,
    model: string | null,
    tokens: number | null,
    started: number,
    taskId: string | null = null,
    /** A task the LLM server ran: the time its ledger row keeps, and the tokens the model wrote. */
    ran: { latencyMs: number; completionTokens: number | null } | null = null,
  ): void {
    const hook = this.d.onAnswered;
    if (!hook) return;
    try {
      const durationMs = ran ? ran.latencyMs : this.now() - started;
      const answer: AnsweredRequest = { outcome, status, code, variant, intent: labels?.intent ?? null, qos: labels?.qos ?? null, model, tokens, durationMs, taskId: taskId ?? labels?.taskId ?? null };
      if (ran && ran.completionTokens !== null) answer.completionTokens = ran.completionTokens;
      hook(answer);
    } catch {
      // The feed is a view of the traffic: it must never turn an answer (a task already booked) into a 500.
    }
  }

  private bodyStillComing(req: IncomingMessage): boolean {
    if (req.complete) return false;
    if (req.headers.expect !== undefined) return true; // the client may be holding its body back; never reuse
    const declared = declaredLength(req);
    if (Number.isNaN(declared)) return req.headers['transfer-encoding'] !== undefined;
    return declared > SMALL_REMAINDER_BYTES;
  }

  private decodeContext(backend: OpenAiCompatBackend | null, relayed: boolean): DecodeContext {
    return {
      relayed: relayed ? { plaintextAllowed: this.d.relayed?.plaintextAllowed() === true } : null,
      intents: this.d.advertised().intents,
      build: backend ? backend.buildOptions() : null,
      shape: BODY_SHAPE,
      intentCaps: this.intentCaps,
      defaultCap: this.limits.capFor(''),
      defaultTimeoutMs: this.defaultTimeoutMs,
      timeoutCapMs: this.timeoutCapMs,
    };
  }
}

/**
 * A task's own state while it holds a slot: its backend call's cancellation, and whether it was cut after running
 * beyond its source's fair share for the grace period while another source waited (admission.ts).
 */
class RunningTask {
  readonly cancel = new Cancellation();
  preempted = false;
  private grace: NodeJS.Timeout | null = null;

  readonly onOverShare: OverShare = (graceMs, stillOver) => {
    if (this.grace) clearTimeout(this.grace);
    this.grace = setTimeout(() => {
      this.grace = null;
      if (!stillOver()) return;
      this.preempted = true;
      this.cancel.cancel();
    }, graceMs);
    this.grace.unref?.();
  };

  end(): void {
    if (this.grace) clearTimeout(this.grace);
    this.grace = null;
  }
}

function fairShareRefusal(qos: string): Refusal {
  const r = capacityRefusal(qos);
  return { ...r, message: 'capacity_exceeded: this task ran past its grace period while other consumers were waiting for a slot', extra: { ...r.extra, reason: 'fair_share' } };
}

/** The 429 of a full node (brief §3.4 step 4), one per QoS class: made once, answered many times under load. */
const CAPACITY_REFUSALS = new Map<string, Refusal>();
function capacityRefusal(qos: string): Refusal {
  let r = CAPACITY_REFUSALS.get(qos);
  if (!r) {
    r = Object.freeze({
      status: 429,
      code: 'IICP-E021',
      message: 'capacity_exceeded',
      extra: Object.freeze({ qos_class: qos, retry_after_ms: CAPACITY_RETRY_S * 1000 }),
      headers: Object.freeze({ 'Retry-After': String(CAPACITY_RETRY_S) }),
    });
    CAPACITY_REFUSALS.set(qos, r);
  }
  return r;
}

/** The declared body length, or NaN when there is none (chunked, or no body). */
function declaredLength(req: IncomingMessage): number {
  const h = req.headers['content-length'];
  if (h === undefined) return req.headers['transfer-encoding'] === undefined ? 0 : Number.NaN;
  const n = Number(h);
  return Number.isSafeInteger(n) && n >= 0 ? n : Number.NaN;
}

function byteLength(body: string | Buffer): number {
  return typeof body === 'string' ? Buffer.byteLength(body) : body.length;
}

/** What kind of backend failure it was, for the feed's words. */
function failureVariant(e: BackendError): string {
  if (e.kind === 'transport') return 'unreachable';
  if (e.kind === 'bad_response') return 'bad_response';
  return '';
}

function backendFailure(meta: TaskMeta, e: BackendError): Record<string, unknown> {
  return { task_id: meta.taskId, status: 'error', error: { code: 'backend_error', message: backendMessage(e) } };
}

function backendMessage(e: BackendError): string {
  if (e.kind === 'transport') return 'The local model server could not be reached.';
  if (e.kind === 'upstream_status') return `The local model server answered HTTP ${e.status ?? 'error'}.`;
  if (e.kind === 'bad_response') return 'The local model server sent an unusable answer.';
  return 'The local model server failed.';
}
