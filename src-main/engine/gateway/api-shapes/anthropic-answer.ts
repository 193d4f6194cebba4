/**
 * Anthropic's Messages API, the answer side: a node's chat result as an Anthropic `message`, or as Anthropic's
 * stream of named events: `message_start`, `content_block_start`, a few `content_block_delta`s,
 * `content_block_stop`, `message_delta` (the stop reason and output tokens), `message_stop`.
 */
import { readNodeAnswer, type TextAnswer } from './node-answer';
import { stampOrNow } from './stamp';
import { CONTENT_TYPES, sseEvent, textPieces } from './stream';
import { SHAPE_CODES, type AnswerResult, type AnswerStamp, type GatewayAsk, type ShapeRefusal, type StreamResult } from './types';

/** A cut at the token limit is Anthropic's `max_tokens`; every other end reads as the model's own `end_turn`. */
function stopReason(answer: TextAnswer): 'end_turn' | 'max_tokens' {
  return answer.choices[0]?.finishReason === 'length' ? 'max_tokens' : 'end_turn';
}

function messageHead(ask: GatewayAsk, stamp: AnswerStamp): Record<string, unknown> {
  return { id: `msg_${stamp.id}`, type: 'message', role: 'assistant', model: ask.model };
}

function readText(ask: GatewayAsk, result: unknown): { ok: true; answer: TextAnswer } | ShapeRefusal {
  const read = readNodeAnswer(ask, result);
  if (!read.ok) return read;
  if (read.answer.kind !== 'text') return { ok: false, status: 502, code: SHAPE_CODES.invalidNodeAnswer, message: 'The node answered with embeddings.' };
  return { ok: true, answer: read.answer };
}

/** The JSON body of the answer, or a refusal (502) when the node's result is not a chat completion. */
export function answerForAnthropic(ask: GatewayAsk, result: unknown, stamp?: AnswerStamp): AnswerResult {
  const read = readText(ask, result);
  if (!read.ok) return read;
  const { answer } = read;
  return {
    ok: true,
    body: {
      ...messageHead(ask, stampOrNow(stamp)),
      content: [{ type: 'text', text: answer.choices[0]?.text ?? '' }],
      stop_reason: stopReason(answer),
      stop_sequence: null,
      usage: { input_tokens: answer.usage.prompt, output_tokens: answer.usage.completion },
    },
  };
}

/** The answer as Anthropic streams it, one text block cut into a few deltas. */
export function streamForAnthropic(ask: GatewayAsk, result: unknown, stamp?: AnswerStamp): StreamResult {
  const read = readText(ask, result);
  if (!read.ok) return read;
  const { answer } = read;
  const start = {
    ...messageHead(ask, stampOrNow(stamp)),
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: answer.usage.prompt, output_tokens: 0 },
  };
  const frames = [
    sseEvent('message_start', { type: 'message_start', message: start }),
    sseEvent('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    ...textPieces(answer.choices[0]?.text ?? '').map((text) =>
      sseEvent('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }),
    ),
    sseEvent('content_block_stop', { type: 'content_block_stop', index: 0 }),
    sseEvent('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReason(answer), stop_sequence: null },
      usage: { output_tokens: answer.usage.completion },
    }),
    sseEvent('message_stop', { type: 'message_stop' }),
  ];
  return { ok: true, contentType: CONTENT_TYPES.sse, frames };
}
