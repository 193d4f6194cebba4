import { hash as oneShotHash } from 'node:crypto';
import type { TaskUnits } from '@shared/contract';
import {
  answerClaim,
  buildBackendRequest,
  speechAnswer,
  type SpeechAsk,
  toldUsage,
  type BackendRequest,
  type BuildOptions,
  type TokenBound,
  type UsageNote,
} from '../backends';
import { CxError, decryptRequestBytes, encryptResponseText, parsePlaintext, type CxKeyPair } from '../cx';
import { responseHash } from '../pricing';
import { Admission } from './admission';
import { SHAPE_MESSAGES, shapeProblem, type ShapeLimits } from '../net';
import { payloadProblem } from './payload-schemas';
import { tooLarge, type Refusal } from './request-body';
import { bodyPrint, type BodyPrint } from './body-print';
import { nativePrint, nativeTaskRequest, type NativeEnvelope } from './native-task';
import { intentDomain, parseTaskRequest } from './task-request';

/**
 * The JSON work of one task, as pure functions of plain data: a request body in, the backend request out
 * (`decodeTask`); the backend's answer in, the consumer's answer out (`encodeAnswer`). Parsing, validating,
 * decrypting, re-serialising and encrypting are the parts of a task that grow with its size, so large ones run on a
 * worker thread (codec-pool.ts) with exactly this code, and small ones inline.
 */

/** What the task path needs to know of a task besides its backend request. */
export interface TaskMeta {
  taskId: string;
  intent: string;
  qos: string;
  nonce?: string;
  sourceNodeId?: string;
  timeoutMs: number;
}

/** Plain data (it crosses to the worker thread). */
export interface DecodeContext {
  /** The intents the node advertises. */
  intents: ReadonlySet<string>;
  /** The backend's build options; null while no backend is configured. */
  build: BuildOptions | null;
  /** Limits for a decrypted payload (the plain body was held to them while it was read). */
  shape: ShapeLimits;
  /** Body cap per intent; others get `defaultCap`. */
  intentCaps: Readonly<Record<string, number>>;
  defaultCap: number;
  defaultTimeoutMs: number;
  timeoutCapMs: number;
  /** Set when the task came through this node's relay worker (relayed-task.ts); null or absent for a direct task. */
  relayed?: { plaintextAllowed: boolean } | null;
  /** The answer is to be streamed: the backend is asked with `stream: true`. */
  stream?: boolean;
  /**
   * The bytes are a native CALL's payload (key 5), not an HTTP body: the task's id and intent come from the CALL
   * (native-task.ts).
   */
  native?: NativeEnvelope;
}

export type Decoded =
  | {
      ok: true;
      meta: TaskMeta;
      print: BodyPrint;
      request: BackendRequest;
      shared: Buffer | null;
      encryptReply: boolean;
    }
  /**
   * `meta` once the outer request was understood (for metrics), else null; `model` the model asked for when that is why
   * it was refused (the requests feed names it, so the person sees what consumers want).
   */
  | { ok: false; meta: TaskMeta | null; refusal: Refusal; model?: string };

/** Model names are at most 255 characters at the directory; a longer one asked for is cut. */
const MAX_NAMED_MODEL = 255;

function refused(
  meta: TaskMeta | null,
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Extract<Decoded, { ok: false }> {
  return { ok: false, meta, refusal: headers ? { status, code, message, headers } : { status, code, message } };
}

/**
 * The task pipeline's steps that need the body, in the reference node's order where it has one: the outer request,
 * the tool gate and advertised intents, CX decryption, the response-encryption check; then ours: payload schema, the
 * advertised model and the backend body. The replay checks (nonce, duplicate task id) need the node's memory and run
 * after, on the main thread.
 */
export function decodeTask(raw: Buffer, ctx: DecodeContext, cx: CxKeyPair): Decoded {
  const text = raw.toString('utf8');
  const native = ctx.native;
  let json: unknown;
  try {
    json = native && raw.length === 0 ? null : JSON.parse(text);
  } catch {
    return refused(null, 400, 'invalid_json', 'The request body is not valid JSON.');
  }
  const task = parseTaskRequest(native ? nativeTaskRequest(json, native) : json);
  if (typeof task === 'string')
    return refused(null, 422, 'validation_error', `The task request is not valid (${task}).`);
  const meta: TaskMeta = {
    taskId: task.task_id,
    intent: task.intent,
    qos: Admission.qosClass(task.constraints?.qos ?? task.constraints?.qos_class),
    timeoutMs: Math.min(ctx.timeoutCapMs, Math.max(100, task.constraints?.timeout_ms ?? ctx.defaultTimeoutMs)),
  };
  if (task.nonce !== undefined) meta.nonce = task.nonce;
  if (task.source_node_id !== undefined) meta.sourceNodeId = task.source_node_id;

  const cap = ctx.intentCaps[task.intent] ?? ctx.defaultCap;
  if (raw.length > cap) {
    const r = tooLarge(cap);
    return refused(meta, r.status, r.code, r.message);
  }
  // 2. Intent gate: tool intents are never executed here, and only advertised intents reach the backend.
  if (intentDomain(task.intent) === 'tool')
    return refused(
      meta,
      403,
      'tool_execution_denied',
      "Tool-execution intents are not permitted by this node's CIP policy",
    );
  if (!ctx.intents.has(task.intent))
    return refused(meta, 422, 'intent_not_advertised', 'This node does not serve that intent.');

  // 7. CX decryption; the decrypted payload is held to the same shape limits as a plain body before it is parsed.
  let payload: unknown = task.payload;
  let shared: Buffer | null = null;
  // What bounds the prompt's tokens: a sealed payload's opened bytes, else the body that carried it (a little more).
  let payloadBytes = raw.length;
  if ((payload === undefined || payload === null) && task.iicp_conf !== undefined) {
    try {
      const dec = decryptRequestBytes(cx, task.iicp_conf);
      if (dec.taskId !== task.task_id || dec.intent !== task.intent)
        throw new CxError('decrypt_failed', 'the encrypted request belongs to another task');
      const problem = shapeProblem(dec.plaintext, ctx.shape);
      if (problem) return refused(meta, 422, 'validation_error', SHAPE_MESSAGES[problem]);
      payload = parsePlaintext(dec.plaintext);
      shared = dec.shared;
      payloadBytes = dec.plaintext.length;
    } catch (err) {
      const why = err instanceof CxError ? err.message : 'invalid envelope';
      return refused(meta, 400, 'IICP-CX-02', `iicp_conf decrypt failed: ${why}`);
    }
  }
  // A relay must stay blind: through one, a plaintext task is refused unless the person allowed it, and an encrypted
  // task's answer is sealed whatever the relay did to `cx_response_encryption` (a relay that strips it must not get
  // the answer in the clear; the consumer who sealed the request can open the answer either way).
  const relayed = ctx.relayed ?? null;
  if (relayed && !shared && !relayed.plaintextAllowed) {
    return refused(
      meta,
      403,
      'confidentiality_required',
      'Through a relay this node accepts only end-to-end encrypted (IICP-CX) tasks; send the task with iicp_conf.',
    );
  }
  // 9. An encrypted response needs an encrypted request.
  const encryptReply = task.cx_response_encryption === 'required' || (relayed !== null && shared !== null);
  if (encryptReply && !shared)
    return refused(meta, 400, 'IICP-CX-03', 'encrypted response requested without an encrypted request');

  // Ours: payload shape and model before anything reaches the backend.
  if (payload === undefined || payload === null) payload = {};
  const problem = payloadProblem(task.intent, payload);
  if (problem) return refused(meta, 422, 'validation_error', `The payload is not valid: ${problem}`);
  if (!ctx.build)
    return refused(meta, 503, 'backend_unavailable', 'This node has no local model server configured.', {
      'Retry-After': '30',
    });
  const built = buildBackendRequest(task.intent, payload, ctx.build, { stream: ctx.stream === true, payloadBytes });
  if (!built.ok) {
    const e = built.error;
    if (e.kind === 'model_not_advertised') {
      const asked = (payload as { model?: unknown }).model;
      const r = refused(meta, 404, 'IICP-E029', 'model_not_registered: this node does not serve that model');
      return typeof asked === 'string' ? { ...r, model: asked.slice(0, MAX_NAMED_MODEL) } : r;
    }
    if (e.kind === 'too_large')
      return refused(meta, 413, 'payload_too_large', `The payload is too large: ${e.message}`);
    if (e.kind === 'no_model') return refused(meta, 422, 'no_model', e.message);
    return refused(meta, 422, 'validation_error', e.message);
  }
  const print = native ? nativePrint(bodyPrint(raw, text), native) : bodyPrint(raw, text);
  return { ok: true, meta, print, request: built.request, shared, encryptReply };
}

/** Plain data (it crosses to the worker thread). */
export interface EncodeContext {
  taskId: string;
  nodeId: string;
  modelUsed: string;
  latencyMs: number;
  /** The request's CX secret when the answer is to be encrypted. */
  shared: Buffer | null;
  /** What the request lets its answer cost (its backend request's `bound`): the tokens claimed are held to it. */
  bound: TokenBound;
  /**
   * Whether the result is hashed for a receipt (default yes). A node that cannot claim receipts (not registered yet)
   * skips it: canonicalising the result is a good part of the work between the backend's answer and the consumer's.
   */
  hashResult?: boolean;
  /** A speech task's: its answer is turned into the IICP result (speech-answer.ts), with the answer's Content-Type. */
  speech?: SpeechAsk & { contentType: string | null };
}

export type Encoded =
  /**
   * `tokensUsed`: the tokens claimed (backends/token-claim.ts), the prompt's included; `completionTokens` of them what
   * the model wrote (the requests feed's tokens per second); `note` set when the claim is not what the server said.
   */
  | {
      ok: true;
      answer: string | Buffer;
      tokensUsed: number;
      completionTokens: number;
      responseHash: string | null;
      note: UsageNote | null;
      /** A speech task's count in its own unit, booked beside its tokens; absent for an LLM task. */
      units?: TaskUnits | null;
    }
  | { ok: false; kind: 'bad_response' | 'encryption_failed'; message: string };

/**
 * The consumer's answer to a backend's 2xx body: the backend's JSON spliced in as `result` (it was
 * parsed to check it and to count its tokens, but is not serialised a second time unless the node changed it), the
 * metrics, and — asked for — sealed with IICP-CX. Also the receipt's `response_hash` of the result. The result's
 * `usage` and `metrics.tokens_used` say the tokens claimed: the server's usage where the node believes it.
 */
export function encodeAnswer(body: Buffer, ctx: EncodeContext): Encoded {
  if (ctx.speech) return encodeSpeech(body, ctx, ctx.speech);
  let text = body.toString('utf8');
  let result: unknown;
  try {
    result = JSON.parse(text);
  } catch {
    return { ok: false, kind: 'bad_response', message: 'The local model server sent an unusable answer.' };
  }
  const claim = answerClaim(result, ctx.bound);
  let changed = false;
  if (typeof result === 'object' && result !== null && !Array.isArray(result)) {
    const r = result as Record<string, unknown>;
    // The answer names the model as the consumer knows it: a server may echo its own id, which can be a file path.
    if (typeof r.model === 'string' && r.model !== ctx.modelUsed) {
      r.model = ctx.modelUsed;
      changed = true;
    }
    // A usage the node did not believe is told as claimed, so the consumer, the hash and the receipt agree.
    if (claim.note && r.usage !== undefined && r.usage !== null) {
      r.usage = toldUsage(r.usage, claim);
      changed = true;
    }
    if (changed) {
      try {
        text = JSON.stringify(r);
      } catch {
        // Nested too deep to write again: the node cannot give the answer in words it stands behind.
        return { ok: false, kind: 'bad_response', message: 'The local model server sent an unusable answer.' };
      }
    }
  }
  const { total: tokensUsed, completion: written, note } = claim;
  let hash: string | null = null;
  if (ctx.hashResult !== false) {
    try {
      hash = responseHash(result);
    } catch {
      // Too deep to canonicalise (a result nested thousands of levels): the hash still commits to the exact bytes.
      hash = changed ? oneShotHash('sha256', text, 'hex') : oneShotHash('sha256', body, 'hex');
    }
  }
  return finish(text, ctx, { tokensUsed, completionTokens: written, responseHash: hash, note });
}

/** A speech answer: the server's body turned into the IICP result, then wrapped and sealed as any other. */
function encodeSpeech(body: Buffer, ctx: EncodeContext, ask: SpeechAsk & { contentType: string | null }): Encoded {
  const a = speechAnswer(body, ask.contentType, ask);
  if (!a.ok) return { ok: false, kind: 'bad_response', message: 'The local speech server sent an unusable answer.' };
  let text: string;
  let hash: string | null = null;
  try {
    text = JSON.stringify(a.result);
    if (ctx.hashResult !== false) hash = responseHash(a.result);
  } catch {
    return { ok: false, kind: 'bad_response', message: 'The local speech server sent an unusable answer.' };
  }
  // The tokens of the text side are all a speech task claims; none of them is "written" by a language model.
  return finish(text, ctx, {
    tokensUsed: a.tokensUsed,
    completionTokens: 0,
    responseHash: hash,
    note: null,
    units: a.units,
  });
}

/** The consumer's answer around a result's JSON text: the metrics, and sealed with IICP-CX when asked. */
function finish(
  text: string,
  ctx: EncodeContext,
  c: {
    tokensUsed: number;
    completionTokens: number;
    responseHash: string | null;
    note: UsageNote | null;
    units?: TaskUnits | null;
  },
): Encoded {
  const { tokensUsed, completionTokens: written, responseHash: hash, note } = c;
  const own = c.units ? { units: c.units } : {};
  const plain =
    `{"task_id":${JSON.stringify(ctx.taskId)},"status":"success","result":${text.trim()},"generated_by_ai":true,` +
    `"model_used":${JSON.stringify(ctx.modelUsed)},"metrics":{"latency_ms":${JSON.stringify(ctx.latencyMs)},"tokens_used":${tokensUsed},"node_id":${JSON.stringify(ctx.nodeId)}}}`;
  if (!ctx.shared)
    return { ok: true, answer: plain, tokensUsed, completionTokens: written, responseHash: hash, note, ...own };
  try {
    const envelope = encryptResponseText(ctx.shared, ctx.taskId, plain);
    const answer = JSON.stringify({
      task_id: ctx.taskId,
      status: 'encrypted',
      iicp_conf_resp: envelope,
      generated_by_ai: true,
    });
    return { ok: true, answer, tokensUsed, completionTokens: written, responseHash: hash, note, ...own };
  } catch {
    return { ok: false, kind: 'encryption_failed', message: 'The response could not be encrypted.' };
  }
}
