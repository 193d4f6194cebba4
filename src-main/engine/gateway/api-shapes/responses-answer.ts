/**
 * OpenAI's Responses API, the answer side: a node's chat result as a `response` object (`output` items: the text as a
 * `message` with an `output_text` part, each tool call as a `function_call`; the usage in the API's words), or as the
 * API's named events when the app asked for a stream and the node answered whole (the same writer as a streamed node,
 * stream-writer-responses.ts, fed the text in a few pieces).
 */
import { readNodeAnswer, type TextAnswer, type TextChoice } from './node-answer';
import { stampOrNow, unixSeconds } from './stamp';
import { textPieces } from './stream';
import {
  callItem,
  endOf,
  messageItem,
  reasoningItem,
  responseBody,
  responsesStreamWriter,
  responsesUsage,
} from './stream-writer-responses';
import {
  SHAPE_CODES,
  type AnswerResult,
  type AnswerStamp,
  type GatewayAsk,
  type ShapeRefusal,
  type StreamResult,
} from './types';

/** The node's one chat answer and its usage, or why it is not one (502: another node may do better). */
function chatAnswer(
  ask: GatewayAsk,
  result: unknown,
  lowered: number | undefined,
): { ok: true; choice: TextChoice; usage: TextAnswer['usage'] } | ShapeRefusal {
  const read = readNodeAnswer(ask, result, lowered);
  if (!read.ok) return read;
  if (read.answer.kind !== 'text')
    return {
      ok: false,
      status: 502,
      code: SHAPE_CODES.invalidNodeAnswer,
      message: 'The node answered with embeddings.',
    };
  return { ok: true, choice: read.answer.choices[0]!, usage: read.answer.usage };
}

/** The JSON body of the answer, or a refusal (502) when the node's result is not a chat answer. */
export function answerForResponses(ask: GatewayAsk, result: unknown, stamp?: AnswerStamp): AnswerResult {
  const read = chatAnswer(ask, result, stamp?.lowered);
  if (!read.ok) return read;
  const { choice } = read;
  const s = stampOrNow(stamp);
  const output: Record<string, unknown>[] = [];
  if (choice.reasoning !== '') output.push(reasoningItem(`rs_${s.id}_0`, choice.reasoning, 'completed'));
  if (choice.text !== '' || choice.toolCalls.length === 0)
    output.push(messageItem(`msg_${s.id}_${output.length}`, choice.text, 'completed'));
  choice.toolCalls.forEach((c) => {
    const index = output.length;
    output.push(
      callItem({ itemId: `fc_${s.id}_${index}`, callId: c.id, name: c.name, args: c.arguments }, 'completed'),
    );
  });
  const head = { id: s.id, createdAt: unixSeconds(s), model: ask.model, maxTokens: ask.maxTokens };
  return {
    ok: true,
    body: responseBody(head, { ...endOf(choice.finishReason), output, usage: responsesUsage(read.usage) }),
  };
}

/** A whole answer as the Responses API streams it: the same events a streamed node's answer gets. */
export function streamForResponses(ask: GatewayAsk, result: unknown, stamp?: AnswerStamp): StreamResult {
  const read = chatAnswer(ask, result, stamp?.lowered);
  if (!read.ok) return read;
  const { choice } = read;
  const s = stampOrNow(stamp);
  const writer = responsesStreamWriter(ask, s);
  const frames = [writer.open()];
  for (const piece of textPieces(choice.reasoning))
    frames.push(writer.piece({ text: '', reasoning: piece, toolCalls: [] }));
  for (const piece of textPieces(choice.text)) frames.push(writer.piece({ text: piece, toolCalls: [] }));
  const toolCalls = choice.toolCalls.map((c, index) => ({
    index,
    id: c.id,
    type: 'function' as const,
    function: { name: c.name, arguments: c.arguments },
  }));
  if (toolCalls.length > 0) frames.push(writer.piece({ text: '', toolCalls }));
  frames.push(writer.close({ finishReason: choice.finishReason, usage: read.usage }));
  return { ok: true, contentType: writer.contentType, frames };
}
