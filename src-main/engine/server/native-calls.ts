/**
 * A CALL on the native port, taken through the task pipeline every task takes (task-pipeline.ts): the node's
 * readiness and the owner's claim on the GPU, the codec (its payload decoded as it came: validation, CX, advertised
 * intents and models, the generation limit), a slot, a server, the replay checks, the books and the feed. Only the
 * reply differs: one buffered RESPONSE, or the lifecycle stream of a CALL with a task id, its pieces sent as the LLM
 * server writes them.
 */
import { randomUUID } from 'node:crypto';
import { STREAMED_INTENTS } from '../backends';
import type { ByteBudget } from '../net';
import type { NativeCall } from '../native';
import { BufferedReply, StreamReply, type NativeOut } from './native-replies';
import { bodyBudgetExhausted } from './request-body';
import type { TaskContext, TaskPipelineDeps } from './task-pipeline-types';
import type { TaskPipeline } from './task-pipeline';

export interface NativeCallsDeps {
  pipeline: Pick<
    TaskPipeline,
    'notReady' | 'cannotServe' | 'refuse' | 'answered' | 'serve' | 'decodeContext' | 'bodyBudget'
  >;
  codec: TaskPipelineDeps['codec'];
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
    return this.d.pipeline.bodyBudget;
  }

  /** Runs one CALL from `source`; resolves once its last frame is written (or its caller is gone). */
  async call(call: NativeCall, source: string, out: NativeOut): Promise<void> {
    const { pipeline } = this.d;
    const reply = replyFor(call, out);
    const ctx: TaskContext = { reply, started: this.now(), relayed: false, source, meta: null, model: null };
    try {
      const closed = pipeline.notReady() ?? pipeline.cannotServe();
      if (closed) return pipeline.refuse(ctx, closed);
      const stream = reply instanceof StreamReply;
      if (stream && !STREAMED_INTENTS.has(call.intent)) {
        return pipeline.refuse(ctx, {
          status: 422,
          code: 'unsupported_intent',
          message: 'Only chat and completion answers are streamed.',
        });
      }
      // A large payload that owns its memory is moved to the codec's worker: its length is taken first.
      const raw = Buffer.from(call.payload.buffer, call.payload.byteOffset, call.payload.byteLength);
      const size = raw.length;
      const budget = pipeline.bodyBudget;
      if (!budget.tryReserve(source, size)) return pipeline.refuse(ctx, bodyBudgetExhausted());
      const native = { taskId: call.taskId ?? randomUUID(), intent: call.intent, idempotencyKey: call.idempotencyKey };
      let decoded;
      try {
        const d = this.d.codec.decode(raw, pipeline.decodeContext({ relayed: false, stream, native }));
        decoded = d instanceof Promise ? await d : d;
      } finally {
        budget.release(source, size);
      }
      await pipeline.serve(ctx, decoded);
    } catch {
      // A bug: the caller still gets one terminal answer, and the feed hears of it like of any other, naming no task.
      pipeline.answered(
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
}

function replyFor(call: NativeCall, out: NativeOut): StreamReply | BufferedReply {
  if (call.taskId === null) return new BufferedReply(out, { sessionId: call.sessionId, callId: call.callId });
  return new StreamReply(out, { sessionId: call.sessionId, callId: call.callId ?? '', taskId: call.taskId });
}
