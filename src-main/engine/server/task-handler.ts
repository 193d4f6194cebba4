import { isUtf8 } from 'node:buffer';
import { hash as oneShotHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BackendError, BackendResult, OpenAiCompatBackend } from '../backends';
import { Cancellation } from '../backends/transport';
import { CxError, decryptRequest, encryptResponse, type CxKeyPair } from '../cx';
import { Admission } from './admission';
import { ExpiringMap } from './expiring-set';
import { BodyTooLargeError, readBody, sendError, sendJson } from './http-util';
import type { NodeMetrics } from './node-metrics';
import { OriginRateLimit } from './origin-rate-limit';
import { payloadProblem } from './payload-schemas';
import { intentDomain, parseTaskRequest, type TaskRequest } from './task-request';

const REPLAY_WINDOW_MS = 300_000;
const CAPACITY_RETRY_S = 2;
/** The node looks at its backend every heartbeat (30 s); asking sooner would only meet the same answer. */
const BACKEND_DOWN_RETRY_S = 30;
/** Responses above this are not kept for duplicate replay (memory); a duplicate then gets 409. */
const MAX_CACHED_RESPONSE_BYTES = 256 * 1024;

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
  /** The backend's result (success only), for receipts; never logged. */
  result?: unknown;
  sourceNodeId?: string;
}

export interface TaskHandlerDeps {
  nodeId(): string;
  /** False until the node has looked at its backend once; tasks then get 503 and a short Retry-After. */
  ready(): boolean;
  advertised(): Advertised;
  backend(): OpenAiCompatBackend | null;
  cx(): CxKeyPair;
  stability(): Stability;
  /** A plain-words reason while the backend does not answer (tasks then get 503), else null. */
  backendDown(): string | null;
  admission: Admission;
  metrics: NodeMetrics;
  /**
   * Called before the answer is written. A returned promise is awaited first: the ledger row of a task the
   * consumer hears about is on disk before it hears (rows finishing together share one commit).
   */
  onFinished(task: FinishedTask): void | Promise<void>;
  originRateLimit?: number;
  maxBodyBytes?: number;
  defaultTimeoutMs?: number;
  timeoutCapMs?: number;
  now?: () => number;
}

/**
 * What identifies a request body for exact-duplicate detection (bytes, not meaning). A small body that is
 * valid UTF-8 is identified by its text, which the JSON parse decoded anyway (valid UTF-8 and its text
 * determine each other, so equal texts of two valid bodies mean equal bytes); a small body that is not
 * valid UTF-8 by its bytes; a large one by its SHA-256. Hashing every task cost more than this, and a kept
 * Buffer costs the garbage collector more than a kept string.
 */
type BodyPrint = string | Buffer | { sha256: string };
/** `answered`: answered, but the answer is no longer kept (too large, or pushed out by newer ones): a duplicate gets 409. */
type Cached = { state: 'running' | 'answered'; print: BodyPrint } | { state: 'done'; print: BodyPrint; status: number; body: string };

/** All kept answers together stay under this; the oldest are forgotten first (their duplicates then get 409). */
const REPLAY_BUDGET_BYTES = 16 * 1024 * 1024;

/** Bodies up to this size are remembered whole (at most 500 × 16 KiB) instead of hashed. */
const MAX_KEPT_BODY_BYTES = 16 * 1024;

function bodyPrint(raw: Buffer, text: string): BodyPrint {
  if (raw.length > MAX_KEPT_BODY_BYTES) return { sha256: oneShotHash('sha256', raw, 'hex') };
  return isUtf8(raw) ? text : raw;
}

function samePrint(print: BodyPrint, raw: Buffer, text: string): boolean {
  if (typeof print === 'string') return text === print && isUtf8(raw);
  if (Buffer.isBuffer(print)) return raw.equals(print);
  return raw.length > MAX_KEPT_BODY_BYTES && oneShotHash('sha256', raw, 'hex') === print.sha256;
}

/** The task as far as the pipeline took it before the backend call. */
interface Prepared {
  backend: OpenAiCompatBackend;
  payload: unknown;
  shared: Buffer | null;
  encryptReply: boolean;
  print: BodyPrint;
  timeoutMs: number;
}

/**
 * `POST /v1/task`: the pipeline of brief §3.4 in the reference order — per-Origin rate limit, tool-intent
 * gate (plus: only advertised intents), drain guard, QoS admission, nonce replay, idempotency, CX
 * decryption, response-encryption check — then our own checks (payload schema, advertised model) and the
 * backend call with a deadline. The slot taken at admission is released on every exit path.
 *
 * Everything but reading the body, waiting for a slot and the backend call is synchronous: per task there
 * is one async function, and the only closure built is the connection-close listener (this path is
 * measured by tests/bench/proxy).
 */
export class TaskHandler {
  private readonly rateLimit: OriginRateLimit;
  private readonly nonces: ExpiringMap;
  private readonly recent: ExpiringMap<Cached>;
  /** Kept answers, oldest first, for the byte budget. */
  private readonly kept: { taskId: string; bytes: number; at: number; body: string }[] = [];
  private keptBytes = 0;
  private readonly maxBodyBytes: number;
  private readonly defaultTimeoutMs: number;
  private readonly timeoutCapMs: number;
  private readonly now: () => number;

  constructor(private readonly d: TaskHandlerDeps) {
    this.now = d.now ?? Date.now;
    this.rateLimit = new OriginRateLimit(d.originRateLimit ?? 120, 60_000, this.now);
    this.nonces = new ExpiringMap(REPLAY_WINDOW_MS, 200_000, this.now);
    this.recent = new ExpiringMap<Cached>(REPLAY_WINDOW_MS, 500, this.now);
    this.maxBodyBytes = d.maxBodyBytes ?? 8 * 1024 * 1024;
    this.defaultTimeoutMs = d.defaultTimeoutMs ?? 60_000;
    this.timeoutCapMs = d.timeoutCapMs ?? 120_000;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = this.now();
    let raw: Buffer;
    try {
      raw = await readBody(req, this.maxBodyBytes);
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        sendError(res, 413, 'payload_too_large', `The request body is larger than ${this.maxBodyBytes} bytes.`, {}, { Connection: 'close' });
        req.socket.destroySoon?.();
      }
      return;
    }
    const text = raw.toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return sendError(res, 400, 'invalid_json', 'The request body is not valid JSON.');
    }
    const task = parseTaskRequest(json);
    if (typeof task === 'string') return sendError(res, 422, 'validation_error', `The task request is not valid (${task}).`);
    const qos = Admission.qosClass(task.constraints?.qos ?? task.constraints?.qos_class);
    if (!this.d.ready()) {
      return this.reject(res, task, qos, 503, 'node_starting', 'The node is starting; try again in a moment.', {}, { 'Retry-After': '1' });
    }

    // 1. Per-Origin rate limit (browsers only).
    const origin = req.headers.origin;
    if (typeof origin === 'string' && !this.rateLimit.allow(origin.slice(0, 256))) {
      return this.reject(res, task, qos, 429, 'IICP-E023', 'per-origin task rate limit exceeded', {}, { 'Retry-After': '60' });
    }
    // 2. Intent gate: tool intents are never executed here, and only advertised intents reach the backend.
    if (intentDomain(task.intent) === 'tool') {
      return this.reject(res, task, qos, 403, 'tool_execution_denied', "Tool-execution intents are not permitted by this node's CIP policy");
    }
    if (!this.d.advertised().intents.has(task.intent)) {
      return this.reject(res, task, qos, 422, 'intent_not_advertised', 'This node does not serve that intent.');
    }
    // 3. Drain guard; a backend that does not answer at all is treated like one that drains.
    const down = this.d.backendDown();
    if (down !== null) {
      return this.reject(res, task, qos, 503, 'backend_unavailable', down, { retry_after_ms: BACKEND_DOWN_RETRY_S * 1000 }, { 'Retry-After': String(BACKEND_DOWN_RETRY_S) });
    }
    const stability = this.d.stability();
    if (stability.backend_state === 'draining') {
      const remaining = Math.max(1, Math.ceil(((stability.drain_until ?? 0) * 1000 - this.now()) / 1000) || (stability.retry_after_s ?? 30));
      return this.reject(res, task, qos, 503, 'IICP-E024', 'backend temporarily draining', { reason: stability.reason_class, retry_after_ms: remaining * 1000 }, { 'Retry-After': String(remaining) });
    }
    // 4. QoS admission (a free slot is taken without waiting for a promise).
    const release = this.d.admission.tryAcquire() ?? (await this.d.admission.acquire(qos));
    if (!release) {
      return this.reject(res, task, qos, 429, 'IICP-E021', 'capacity_exceeded', { qos_class: qos, retry_after_ms: CAPACITY_RETRY_S * 1000 }, { 'Retry-After': String(CAPACITY_RETRY_S) });
    }
    try {
      const p = this.admitted(res, task, qos, raw, text);
      if (!p) return;
      // 10. The backend call, with the consumer's deadline (bounded by ours) and the connection's life.
      //     The listener stays: once the answer is written, `close` finds the response finished and does nothing.
      const cancel = new Cancellation();
      res.on('close', () => {
        if (!res.writableFinished) cancel.cancel();
      });
      const result = await p.backend.invoke(task.intent, p.payload, { cancel, timeoutMs: p.timeoutMs });
      await this.answer(res, task, qos, p, result, this.now() - started);
    } finally {
      release();
    }
  }

  /** Steps 5–9 and our own checks; null when the task has been answered already. */
  private admitted(res: ServerResponse, task: TaskRequest, qos: string, raw: Buffer, text: string): Prepared | null {
    // 5. Nonce replay.
    if (task.nonce !== undefined) {
      if (this.nonces.has(task.nonce)) {
        this.reject(res, task, qos, 409, 'IICP-E011', 'replay_detected');
        return null;
      }
      this.nonces.set(task.nonce, true);
    }
    // 6. Idempotency: an exact duplicate within 300 s gets the first answer again; a different request
    //    reusing the id, or one still running, gets 409 (D-36).
    const seen = this.recent.get(task.task_id);
    if (seen) {
      if (seen.state === 'done' && samePrint(seen.print, raw, text)) {
        res.writeHead(seen.status, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*', 'X-IICP-Replayed': '1' });
        res.end(seen.body);
        return null;
      }
      this.reject(res, task, qos, 409, 'IICP-E010', 'duplicate_task');
      return null;
    }
    const print = bodyPrint(raw, text);
    this.recent.set(task.task_id, { state: 'running', print });

    // 7. CX decryption.
    let payload: unknown = task.payload;
    let shared: Buffer | null = null;
    if ((payload === undefined || payload === null) && task.iicp_conf !== undefined) {
      try {
        const dec = decryptRequest(this.d.cx(), task.iicp_conf);
        if (dec.taskId !== task.task_id || dec.intent !== task.intent) throw new CxError('decrypt_failed', 'the encrypted request belongs to another task');
        payload = dec.payload;
        shared = dec.shared;
      } catch (err) {
        this.recent.delete(task.task_id);
        const why = err instanceof CxError ? err.message : 'invalid envelope';
        this.reject(res, task, qos, 400, 'IICP-CX-02', `iicp_conf decrypt failed: ${why}`);
        return null;
      }
    }
    // 9. Encrypted response needs an encrypted request.
    const encryptReply = task.cx_response_encryption === 'required';
    if (encryptReply && !shared) {
      this.recent.delete(task.task_id);
      this.reject(res, task, qos, 400, 'IICP-CX-03', 'encrypted response requested without an encrypted request');
      return null;
    }
    // Ours: payload shape and model before anything reaches the backend.
    if (payload === undefined || payload === null) payload = {};
    const problem = payloadProblem(task.intent, payload);
    if (problem) {
      this.recent.delete(task.task_id);
      this.reject(res, task, qos, 422, 'validation_error', `The payload is not valid: ${problem}`);
      return null;
    }
    const backend = this.d.backend();
    if (!backend) {
      this.recent.delete(task.task_id);
      this.reject(res, task, qos, 503, 'backend_unavailable', 'This node has no local model server configured.', {}, { 'Retry-After': '30' });
      return null;
    }
    const timeoutMs = Math.min(this.timeoutCapMs, Math.max(100, task.constraints?.timeout_ms ?? this.defaultTimeoutMs));
    return { backend, payload, shared, encryptReply, print, timeoutMs };
  }

  /** Answers after the backend call: the result (encrypted if asked), or the failure; remembered for replays. */
  private async answer(res: ServerResponse, task: TaskRequest, qos: string, p: Prepared, result: BackendResult, latencyMs: number): Promise<void> {
    if (!result.ok) {
      const e = result.error;
      if (e.kind === 'model_not_advertised') {
        this.recent.delete(task.task_id);
        return this.reject(res, task, qos, 404, 'IICP-E029', 'model_not_registered: this node does not serve that model');
      }
      if (e.kind === 'invalid_payload' || e.kind === 'no_model' || e.kind === 'unsupported_intent') {
        this.recent.delete(task.task_id);
        return this.reject(res, task, qos, 422, 'validation_error', e.message);
      }
      if (e.kind === 'aborted') return; // the consumer went away; nobody to answer
      if (e.kind === 'timeout') {
        return this.failed(res, task, qos, p, 504, { task_id: task.task_id, status: 'timeout', error: { code: 'task_timeout', message: `No answer within ${p.timeoutMs} ms.` } }, latencyMs, 'timeout');
      }
      return this.failed(res, task, qos, p, 502, { task_id: task.task_id, status: 'error', error: { code: 'backend_error', message: backendMessage(e) } }, latencyMs, 'error');
    }

    const plain = {
      task_id: task.task_id,
      status: 'success',
      result: result.result,
      generated_by_ai: true,
      model_used: result.modelUsed,
      metrics: { latency_ms: latencyMs, tokens_used: result.tokensUsed ?? 0, node_id: this.d.nodeId() },
    };
    let body: Record<string, unknown> = plain;
    if (p.encryptReply && p.shared) {
      try {
        body = { task_id: task.task_id, status: 'encrypted', iicp_conf_resp: encryptResponse(p.shared, task.task_id, plain), generated_by_ai: true };
      } catch {
        const failed = { task_id: task.task_id, status: 'error', error: { code: 'encryption_failed', message: 'The response could not be encrypted.' } };
        const failedText = JSON.stringify(failed);
        this.remember(task.task_id, p.print, 500, failedText, Buffer.byteLength(failedText));
        this.d.metrics.task('error', task.intent, qos, latencyMs, null);
        return sendJson(res, 500, failed);
      }
    }
    const text = JSON.stringify(body);
    const length = Buffer.byteLength(text);
    this.remember(task.task_id, p.print, 200, text, length);
    this.d.metrics.task('success', task.intent, qos, latencyMs, result.tokensUsed);
    const recorded = this.d.onFinished({
      taskId: task.task_id,
      intent: task.intent,
      model: result.modelUsed,
      qos,
      outcome: 'ok',
      httpStatus: 200,
      latencyMs,
      tokensUsed: result.tokensUsed,
      result: result.result,
      sourceNodeId: task.source_node_id,
    });
    if (recorded) await recorded;
    if (!res.headersSent && !res.destroyed) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': length, 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' });
      res.end(text);
    }
  }

  /** A backend failure after admission: answered, counted as a failure, remembered for replays. */
  private async failed(res: ServerResponse, task: TaskRequest, qos: string, p: Prepared, status: number, body: Record<string, unknown>, latencyMs: number, metric: string): Promise<void> {
    const text = JSON.stringify(body);
    this.remember(task.task_id, p.print, status, text, Buffer.byteLength(text));
    this.d.metrics.task(metric, task.intent, qos, latencyMs, null);
    const recorded = this.d.onFinished({ taskId: task.task_id, intent: task.intent, model: null, qos, outcome: 'error', httpStatus: status, latencyMs, tokensUsed: null, sourceNodeId: task.source_node_id });
    if (recorded) await recorded;
    sendJson(res, status, body);
  }

  /**
   * Keeps an answer for exact-duplicate replays, within a byte budget: 500 answers of 256 KiB would otherwise pin
   * 125 MB for five minutes. An answer too large, or pushed out, leaves a marker: a duplicate then gets 409.
   */
  private remember(taskId: string, print: BodyPrint, status: number, body: string, bytes: number): void {
    if (bytes > MAX_CACHED_RESPONSE_BYTES) {
      this.recent.set(taskId, { state: 'answered', print });
      return;
    }
    this.recent.set(taskId, { state: 'done', print, status, body });
    const now = this.now();
    this.kept.push({ taskId, bytes, at: now, body });
    this.keptBytes += bytes;
    while (this.kept.length > 0 && (this.keptBytes > REPLAY_BUDGET_BYTES || this.kept[0]!.at < now - REPLAY_WINDOW_MS)) {
      const old = this.kept.shift()!;
      this.keptBytes -= old.bytes;
      const entry = this.recent.get(old.taskId);
      // Only if it still holds this very answer (the id may have been reused after expiry).
      if (entry?.state === 'done' && entry.body === old.body) this.recent.set(old.taskId, { state: 'answered', print: entry.print });
    }
  }

  /** A refusal before the backend: counted in /metrics as rejected, never as a served task. */
  private reject(res: ServerResponse, task: TaskRequest, qos: string, status: number, code: string, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): void {
    this.d.metrics.task('rejected', task.intent, qos, null, null);
    sendError(res, status, code, message, extra, headers);
  }
}

function backendMessage(e: BackendError): string {
  if (e.kind === 'transport') return 'The local model server could not be reached.';
  if (e.kind === 'upstream_status') return `The local model server answered HTTP ${e.status ?? 'error'}.`;
  if (e.kind === 'bad_response') return 'The local model server sent an unusable answer.';
  return 'The local model server failed.';
}
