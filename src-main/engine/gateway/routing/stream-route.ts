/**
 * An app's streamed request to the network: each try at a node that streams sealed (network-offer.ts) goes over its
 * native transport and every piece reaches the app as it comes, in the app's API (api-shapes/stream-writer.ts); a
 * node that cannot stream gets today's buffered sealed call, cut into pieces afterwards (the row says so). Before the
 * first piece reached the app nothing was written, so a failed node is replaced by the next under the same task id;
 * after it, a failure is the API's error event and the end, never a second answer.
 */
import { streamWriterFor, type StreamAsk } from '../api-shapes';
import type { TryCall } from './try-call';
import { clampTokenUsage, pieceTokens } from '../spending';
import type { NativeSessions } from './native-sessions';
import { callNode, type CallOutcome, type NodeTransport } from './sealed-call';
import { streamFromNode, type NativeConnect, type StreamedOutcome } from './streamed-call';
import type { StreamSink } from '../listener';

export interface StreamTries {
  call: TryCall;
  /** Whether an answer was written to the app (the gateway then writes nothing more). */
  readonly written: boolean;
}

/**
 * The tries of one streamed request. `ceiling` of a try is its `max_tokens` (the answer the budget's hold covers):
 * a node that sends more than that (by its own count, or by the text's size when it undercounts) is cut with the
 * API's error event, and the session dropped so the node stops.
 */
export function streamTries(o: {
  ask: StreamAsk & { payloadJson: string };
  sink: StreamSink;
  connect: NativeConnect;
  nodeFetch: NodeTransport;
  now: () => number;
  sessions?: NativeSessions;
}): StreamTries {
  const started = o.now();
  let written = false;
  const call: TryCall = async (task, x): Promise<CallOutcome> => {
    if (task.node.nativeTransport === null) return callNode(task, o.nodeFetch);
    const stamp = { id: task.taskId, nowMs: started, ...(x.lowered !== null ? { lowered: x.lowered } : {}) };
    const writer = streamWriterFor(o.ask, stamp, () => o.now() - started);
    const ids = {
      taskId: task.taskId,
      nodeId: task.node.nodeId,
      own: x.own,
      ...(x.lowered !== null ? { maxTokensLowered: x.lowered } : {}),
    };
    const limit = task.maxTokens === null ? null : { total: x.tokens.prompt + task.maxTokens, answer: task.maxTokens };
    let answerTokens = 0;
    let cut = false;
    const write = async (text: string): Promise<void> => {
      if (!written) {
        written = true;
        o.sink.begin(writer.contentType, ids);
        text = writer.open() + text;
      }
      if (text !== '') await o.sink.write(text);
    };
    const end: StreamedOutcome = await streamFromNode(
      { ...task, transport: task.node.nativeTransport, wholeMs: x.wholeMs },
      o.connect,
      async (piece, tokens) => {
        // The thinking is written by the model within the same bound as the text, so it counts against it too.
        answerTokens +=
          pieceTokens(piece.text) +
          pieceTokens(piece.reasoning ?? '') +
          piece.toolCalls.reduce((n, c) => n + pieceTokens(c.function?.arguments ?? ''), 0);
        if (limit && ((tokens !== null && tokens > limit.total) || answerTokens > limit.answer * 1.5 + 64)) {
          cut = true;
          return 'stop';
        }
        await write(writer.piece(piece));
        return 'go';
      },
      o.sessions,
    );
    // A node whose native way in does not answer as one (a front door that speaks only HTTP) never saw the task: it
    // still serves the buffered call, and the row says it could not stream.
    if (!end.ok && !end.called && !written && end.code !== 'cancelled' && !task.signal?.aborted)
      return callNode(task, o.nodeFetch);
    if (end.ok) {
      // The app sees no more usage than the task could have used; the books judge the node's word (claim-check.ts).
      const cap = task.maxTokens === null ? null : x.tokens.claimBound;
      const usage = end.close.usage && cap !== null ? clampTokenUsage(end.close.usage, cap) : end.close.usage;
      await write(writer.close({ ...end.close, usage }));
      return {
        ok: true,
        plaintext: Buffer.alloc(0),
        alreadyWritten: {
          tokens: end.close.usage?.total ?? end.tokensUsed,
          answerTokens: end.close.usage?.completion ?? null,
        },
      };
    }
    const failed = cut
      ? {
          ok: false as const,
          blame: 'request' as const,
          status: 429,
          code: 'insufficient_quota',
          message: 'The answer reached the most this request may spend, so it was cut there.',
        }
      : end;
    if (!written) return failed;
    // The app is gone: nothing more to tell it.
    if (failed.code !== 'cancelled') await write(writer.fail(failed.status, failed.code, failed.message));
    return { ...failed, final: true };
  };
  return {
    call,
    get written() {
      return written;
    },
  };
}
