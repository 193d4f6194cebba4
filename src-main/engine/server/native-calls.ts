/**
 * A CALL on the native port, taken through the same task pipeline as `POST /v1/task` (task-handler.ts): the node's
 * readiness and the owner's claim on the GPU, the codec (validation, CX, advertised intents and models, the generation
 * limit), a slot, a server, the replay checks, the books and the feed. Only the answer differs: one buffered RESPONSE,
 * or the lifecycle stream of a CALL with a task id, its pieces sent as the LLM server writes them.
 */
import { hash as oneShotHash, randomUUID } from 'node:crypto';
import { STREAMED_INTENTS, type StreamPiece } from '../backends';
import type { ByteBudget } from '../net';
import type { NativeCall } from '../native';
import { responseHash } from '../pricing';
import { BufferedReply, StreamReply, type KeptStream, type NativeOut } from './native-replies';
import { bodyBudgetExhausted, type Refusal } from './request-body';
import type { BodyPrint } from './task-codec';
import type { TaskHandler } from './task-handler';
import type { AdmittedTask, TaskContext, TaskHandlerDeps } from './task-handler-types';

/** The owner took the GPU back while a stream ran: its terminal names that, and the feed says it in plain words. */
export function preemptedRefusal(retryAfterS: number): Refusal {
  return {
    status: 503,
    code: 'provider_preempted',
    message: "The computer's owner needed the GPU; the task was stopped.",
    extra: { reason: 'owner_priority', retry_after_ms: retryAfterS * 1000 },
  };
}

export interface NativeCallsDeps {
  handler: Pick<
    TaskHandler,
    | 'notReady'
    | 'cannotServe'
    | 'refuse'
    | 'answered'
    | 'admitted'
    | 'run'
    | 'backendFailed'
    | 'succeeded'
    | 'claimsReceipts'
    | 'decodeContext'
    | 'bodyBudget'
  >;
  codec: TaskHandlerDeps['codec'];
  backend: Pick<TaskHandlerDeps['backend'], 'build'>;
  owner?: Pick<NonNullable<TaskHandlerDeps['owner']>, 'energy'>;
  now?: () => number;
}

/** The CALLs of every native session of the task port. */
export class NativeCalls {
  private readonly now: () => number;

  constructor(private readonly d: NativeCallsDeps) {
    this.now = d.now ?? Date.now;
  }

  /** The body budget CALL payloads are held against while they are read and decoded. */
  get budget(): ByteBudget {
    return this.d.handler.bodyBudget;
  }

  /** Runs one CALL from `source`; resolves once its last frame is written (or its caller is gone). */
  async call(call: NativeCall, source: string, out: NativeOut): Promise<void> {
    const { handler } = this.d;
    const reply = replyFor(call, out);
    const ctx: TaskContext = { reply, started: this.now(), relayed: false, source, meta: null, model: null };
    try {
      const closed = handler.notReady() ?? handler.cannotServe();
      if (closed) return handler.refuse(ctx, closed);
      const streamed = reply instanceof StreamReply;
      if (streamed && !STREAMED_INTENTS.has(call.intent)) {
        return handler.refuse(ctx, {
          status: 422,
          code: 'unsupported_intent',
          message: 'Only chat and completion answers are streamed.',
        });
      }
      const raw = taskBody(call, streamed ? (call.taskId as string) : randomUUID());
      const budget = handler.bodyBudget;
      if (!budget.tryReserve(source, raw.length)) return handler.refuse(ctx, bodyBudgetExhausted());
      let decoded;
      try {
        const d = this.d.codec.decode(raw, {
          ...handler.decodeContext(this.d.backend.build(), false, streamed),
          native: true,
        });
        decoded = d instanceof Promise ? await d : d;
      } finally {
        budget.release(source, raw.length);
      }
      if (decoded.ok) {
        // A retry must match the first call's key as well as its payload; a task of the HTTP path never matches.
        decoded.print = nativePrint(decoded.print, call.idempotencyKey);
        if (streamed && decoded.shared) reply.sealWith(decoded.shared);
      }
      await handler.admitted(ctx, decoded, (task) =>
        reply instanceof StreamReply ? this.stream(task, reply) : handler.run(task),
      );
    } catch {
      // A bug: the caller still gets one terminal answer, and the feed hears of it like of any other, naming no task.
      handler.answered(
        { started: ctx.started, meta: null, model: null },
        { outcome: 'failed', status: 500, code: 'internal_error' },
      );
      reply.refuse({ status: 500, code: 'internal_error', message: 'The task could not be processed.' });
    }
  }

  /** The answer of a CALL that comes while another of its session runs: refused, nothing else happens. */
  busy(call: NativeCall, out: NativeOut): void {
    replyFor(call, out).refuse({
      status: 429,
      code: 'capacity_exceeded',
      message: 'One call at a time on a session; open another connection.',
    });
  }

  /**
   * 10–12 of a streamed task: the backend asked with `stream: true`, each piece passed on as it comes, then the
   * terminal. Nothing is booked for a partial: the ledger row (and what earns) follows the success only, through the
   * same step as a buffered answer; a failure books as the HTTP path books it, a cancelled stream nothing.
   */
  private async stream(task: AdmittedTask, reply: StreamReply): Promise<void> {
    const { meta, request, running } = task;
    running.streamed = true;
    const cancel = running.cancel;
    reply.onGone(() => cancel.cancel());
    const got = { content: '', toolCalls: [] as unknown[] };
    const onPiece = (p: StreamPiece): void => {
      // After a cut nothing more goes out: the terminal that says why comes next.
      if (cancel.aborted) return;
      got.content += p.text;
      if (p.toolCalls) got.toolCalls.push(...p.toolCalls);
      reply.partial(p.toolCalls ? { content: p.text, tool_calls: p.toolCalls } : p.text, p.tokens);
    };
    const maxTokens = this.d.backend.build()?.models[request.model]?.maxTokens ?? Number.MAX_SAFE_INTEGER;
    const tally = this.d.owner?.energy?.begin();
    const outcome = await task.route.backend
      .stream(request, { cancel, timeoutMs: meta.timeoutMs, maxTokens, onPiece })
      .finally(() => tally?.end());
    const ran = { latencyMs: this.now() - task.started, energyJ: tally?.end() ?? null };
    if (!outcome.ok) return this.d.handler.backendFailed(task, ran, outcome.error, preemptedRefusal);
    task.route.answered();
    const { end } = outcome;
    const result = { finish_reason: end.finishReason, usage: end.usage, model: request.model };
    reply.terminal = { result, tokensUsed: end.tokensUsed };
    const kept: KeptStream = {
      content: got.content,
      ...(got.toolCalls.length > 0 ? { tool_calls: got.toolCalls } : {}),
      ...result,
      tokens_used: end.tokensUsed,
    };
    const hash = this.d.handler.claimsReceipts() ? streamHash(kept) : null;
    await this.d.handler.succeeded(
      task,
      ran,
      { tokensUsed: end.tokensUsed, completionTokens: end.completionTokens, responseHash: hash, note: end.note },
      JSON.stringify(kept),
    );
  }
}

function replyFor(call: NativeCall, out: NativeOut): StreamReply | BufferedReply {
  if (call.taskId === null) return new BufferedReply(out, { sessionId: call.sessionId, callId: call.callId });
  return new StreamReply(out, { sessionId: call.sessionId, callId: call.callId ?? '', taskId: call.taskId });
}

const BODY_HEAD = Buffer.from('{"payload":');

/**
 * The JSON body the HTTP path would have been sent: key 5 as `payload` (the codec lifts the sealed form's fields to
 * the top), then the task id and the intent — last, so that whatever key 5 holds, they are the ones the codec reads.
 * Key 5 that is not one JSON value makes a body that is not JSON, refused as such.
 */
function taskBody(call: NativeCall, taskId: string): Buffer {
  const tail = Buffer.from(`,"task_id":${JSON.stringify(taskId)},"intent":${JSON.stringify(call.intent)}}`);
  const payload = call.payload.byteLength > 0 ? call.payload : Buffer.from('null');
  return Buffer.concat([BODY_HEAD, payload, tail]);
}

function nativePrint(print: BodyPrint, key: string | null): BodyPrint {
  const tag = `iicp-native ${JSON.stringify(key)}\n`;
  if (typeof print === 'string') return tag + print;
  if (Buffer.isBuffer(print)) return Buffer.concat([Buffer.from(tag), print]);
  return { sha256: oneShotHash('sha256', tag + print.sha256, 'hex') };
}

function streamHash(kept: KeptStream): string {
  try {
    return responseHash({
      content: kept.content,
      tool_calls: kept.tool_calls ?? null,
      finish_reason: kept.finish_reason,
      usage: kept.usage,
      model: kept.model,
    });
  } catch {
    return oneShotHash('sha256', JSON.stringify(kept), 'hex');
  }
}
