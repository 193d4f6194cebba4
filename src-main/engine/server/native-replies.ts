/**
 * The answers of a native CALL as RESPONSE frames: one buffered RESPONSE (what the SDKs' `call()` reads), or the
 * service-lifecycle stream of a CALL with a task id: partials, then exactly one terminal, numbered from 0 without gaps.
 * Both are TaskReplies, so the task pipeline decides for them exactly as it does for `POST /v1/task`.
 */
import { StreamSealer } from '../cx';
import {
  encodeBufferedResponse,
  encodeCbor,
  encodeFrame,
  encodeLifecycleResponse,
  MsgType,
  type LifecycleResponse,
} from '../native';
import type { Refusal } from './request-body';
import type { KeptStream } from './stream-run';
import type { StreamingReply, StreamTerminal, TaskReply } from './task-reply';

/** The session's side of a call: its frames go out here, and it says when the caller is gone. */
export interface NativeOut {
  /** Writes one frame; false once the connection is gone (the frame is dropped). */
  send(frame: Buffer): boolean;
  onGone(gone: () => void): void;
}

/**
 * The terminal error codes of the native port. The HTTP path's codes say more (they stay in the message); a caller
 * of the native port acts on these few.
 */
export function nativeCode(code: string, reason?: unknown): string {
  if (code === 'IICP-E024' && reason === 'owner_priority') return 'provider_preempted';
  switch (code) {
    case 'provider_preempted':
    case 'conflict':
    case 'cancelled':
    case 'task_timeout':
    case 'backend_error':
    case 'unsupported_intent':
    case 'validation_error':
      return code;
    case 'IICP-E021':
    case 'IICP-E023':
    case 'IICP-E024':
    case 'busy':
    case 'node_starting':
    case 'capacity_exceeded':
      return 'capacity_exceeded';
    case 'backend_unavailable':
    case 'encryption_failed':
    case 'internal_error':
      return 'backend_error';
    case 'IICP-E010':
    case 'IICP-E011':
      return 'conflict';
    case 'intent_not_advertised':
    case 'tool_execution_denied':
      return 'unsupported_intent';
    default:
      return 'validation_error';
  }
}

/** The code and words of an answer body that is not a success (`{ error: { code, message } }`). */
function errorOf(body: string | Buffer): { code: string; message: string } {
  try {
    const e = (JSON.parse(body.toString()) as { error?: { code?: unknown; message?: unknown } }).error;
    if (e && typeof e.code === 'string')
      return { code: e.code, message: typeof e.message === 'string' ? e.message : e.code };
  } catch {
    // Not ours to have written: still an error, in general words.
  }
  return { code: 'backend_error', message: 'The task failed.' };
}

/**
 * Key 7 of a buffered RESPONSE: the tokens the answer says it claimed (`metrics.tokens_used`, the one figure the task
 * codec decided). A sealed answer keeps its figures inside the seal, so it has none outside.
 */
function claimedTokens(answer: unknown): number | null {
  if (typeof answer !== 'object' || answer === null) return null;
  const metrics = (answer as { metrics?: unknown }).metrics;
  if (typeof metrics !== 'object' || metrics === null) return null;
  const n = (metrics as { tokens_used?: unknown }).tokens_used;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : null;
}

function refusalWords(r: Refusal): { code: string; message: string } {
  const code = nativeCode(r.code, r.extra?.reason);
  return { code, message: code === r.code ? r.message : `${r.code}: ${r.message}` };
}

/**
 * The one RESPONSE of a CALL without a task id: the answer object as CBOR bytes with its tokens claimed in key 7, or an
 * error as keys 100/101 and 6.
 */
export class BufferedReply implements TaskReply {
  /** One RESPONSE with the whole answer: nothing of it leaves the node before it is answered. */
  readonly begun = false;

  constructor(
    private readonly out: NativeOut,
    private readonly ids: { sessionId: string; callId: string | null },
  ) {}

  refuse(r: Refusal): void {
    this.error(refusalWords(r));
  }

  answer(status: number, body: string | Buffer): void {
    if (status < 200 || status > 299) return this.error(errorOf(body));
    let answer: unknown;
    try {
      answer = JSON.parse(body.toString());
    } catch {
      return this.error({ code: 'backend_error', message: 'The answer could not be read.' });
    }
    const tokensUsed = claimedTokens(answer);
    this.out.send(
      encodeFrame(
        MsgType.RESPONSE,
        encodeBufferedResponse({
          ...this.ids,
          result: encodeCbor(answer),
          ...(tokensUsed !== null ? { tokensUsed } : {}),
        }),
      ),
    );
  }

  onGone(gone: () => void): void {
    this.out.onGone(gone);
  }

  private error(e: { code: string; message: string }): void {
    this.out.send(encodeFrame(MsgType.RESPONSE, encodeBufferedResponse({ ...this.ids, error: e })));
  }
}

/**
 * The lifecycle stream of one CALL. Partials carry the pieces as they come; the terminal is a success (the terminal
 * result, cumulative tokens) or an error with its reason in key 6 and no result. Sealed (the request was encrypted),
 * every key 5 is a chunk of one StreamSealer whose sequence is the frame's, and an error terminal carries none.
 */
export class StreamReply implements StreamingReply {
  readonly streams = true;
  private sequence = 0;
  private ended = false;
  private partials = 0;
  private sealer: StreamSealer | null = null;
  terminal: StreamTerminal | null = null;

  constructor(
    private readonly out: NativeOut,
    private readonly ids: { sessionId: string; callId: string; taskId: string },
  ) {}

  /** Every chunk from now on is sealed under the request's CX secret. */
  sealWith(shared: Buffer): void {
    this.sealer = new StreamSealer(shared, this.ids.taskId);
  }

  get sealed(): boolean {
    return this.sealer !== null;
  }

  /** Whether the terminal was sent. */
  get done(): boolean {
    return this.ended;
  }

  /** Whether a partial was sealed or sent: a piece of this run's answer may be in someone's hands. */
  get begun(): boolean {
    return this.partials > 0;
  }

  /**
   * One piece of the answer, with the tokens written so far (key 7); false once the stream has ended or the caller is
   * gone.
   */
  partial(chunk: unknown, tokens?: number): boolean {
    if (this.ended) return false;
    this.partials += 1;
    return this.frame({
      status: 'partial',
      result: this.wrap(chunk, false),
      ...(tokens !== undefined ? { tokensUsed: tokens } : {}),
    });
  }

  refuse(r: Refusal): void {
    this.fail(refusalWords(r));
  }

  answer(status: number, body: string | Buffer, replayed = false): void {
    if (status < 200 || status > 299) return this.fail(errorOf(body));
    const terminal = replayed ? this.kept(body) : this.terminal;
    if (!terminal)
      return this.fail({
        code: 'conflict',
        message: 'This task was answered before; a sealed answer is never sent twice.',
      });
    this.end({ status: 'success', result: this.wrap(terminal.result, true), tokensUsed: terminal.tokensUsed });
  }

  onGone(gone: () => void): void {
    this.out.onGone(gone);
  }

  /** An error terminal (no result); `task_timeout` is a timeout. */
  fail(e: { code: string; message: string }): void {
    const status = e.code === 'task_timeout' ? 'timeout' : 'error';
    const event = e.code === 'cancelled' ? 'cancelled' : undefined;
    this.end({ status, ...(event ? { event } : {}), error: e });
  }

  /**
   * A kept success answered again: the whole text as the terminal's result. Never for a sealed stream: a sealed
   * CALL sent again gets a terminal error, never chunks (ADR 0018), whoever sends it.
   */
  private kept(body: string | Buffer): StreamTerminal | null {
    if (this.sealer) return null;
    try {
      const k = JSON.parse(body.toString()) as KeptStream;
      return {
        result: {
          content: k.content,
          ...(k.tool_calls ? { tool_calls: k.tool_calls } : {}),
          finish_reason: k.finish_reason,
          usage: k.usage,
          model: k.model,
        } as StreamTerminal['result'],
        tokensUsed: k.tokens_used,
      };
    } catch {
      return null;
    }
  }

  private wrap(plain: unknown, end: boolean): unknown {
    if (!this.sealer) return plain;
    return { iicp_conf_chunk: this.sealer.seal(JSON.stringify(plain), end) };
  }

  private end(r: Omit<LifecycleResponse, 'sessionId' | 'callId' | 'taskId' | 'sequence'>): void {
    if (this.ended) return;
    this.ended = true;
    this.frame(r);
  }

  private frame(r: Omit<LifecycleResponse, 'sessionId' | 'callId' | 'taskId' | 'sequence'>): boolean {
    const sequence = this.sequence++;
    return this.out.send(encodeFrame(MsgType.RESPONSE, encodeLifecycleResponse({ ...this.ids, sequence, ...r })));
  }
}
