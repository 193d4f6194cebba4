/**
 * Anthropic's Messages API, the answer side: a node's chat result as an Anthropic `message`, or as Anthropic's
 * stream of named events: `message_start`, `content_block_start`, a few `content_block_delta`s,
 * `content_block_stop`, `message_delta` (the stop reason and output tokens), `message_stop`.
 *
 * Tool calls are `tool_use` blocks after the text (`input` the arguments as an object; a node's JSON text that is not
 * one is a refusal, 502), and the stop reason is `tool_use`. Streamed, a block starts with `input: {}` and its
 * arguments follow as one `input_json_delta`.
 */
import { argumentsObject, badArguments, readNodeAnswer, type TextAnswer } from './node-answer';
import { stampOrNow } from './stamp';
import { CONTENT_TYPES, sseEvent, textPieces } from './stream';
import {
  SHAPE_CODES,
  type AnswerResult,
  type AnswerStamp,
  type GatewayAsk,
  type ShapeRefusal,
  type StreamResult,
} from './types';

/**
 * A cut at the token limit is Anthropic's `max_tokens`, a tool call `tool_use`; every other end reads as `end_turn`.
 */
function stopReason(answer: TextAnswer): 'end_turn' | 'max_tokens' | 'tool_use' {
  const finish = answer.choices[0]?.finishReason;
  if (finish === 'length') return 'max_tokens';
  return finish === 'tool_calls' || (answer.choices[0]?.toolCalls.length ?? 0) > 0 ? 'tool_use' : 'end_turn';
}

interface ToolUse {
  id: string;
  name: string;
  input: Record<string, unknown>;
  /** The arguments as the node wrote them, for the stream's one `input_json_delta`. */
  json: string;
}

/** The first choice's calls as tool_use parts, or null when one's arguments are not a JSON object. */
function toolUses(answer: TextAnswer): ToolUse[] | null {
  const out: ToolUse[] = [];
  for (const c of answer.choices[0]?.toolCalls ?? []) {
    const input = argumentsObject(c.arguments);
    if (input === null) return null;
    out.push({ id: c.id, name: c.name, input, json: c.arguments.trim() === '' ? '{}' : c.arguments });
  }
  return out;
}

function messageHead(ask: GatewayAsk, stamp: AnswerStamp): Record<string, unknown> {
  return { id: `msg_${stamp.id}`, type: 'message', role: 'assistant', model: ask.model };
}

function readText(
  ask: GatewayAsk,
  result: unknown,
  lowered: number | undefined,
): { ok: true; answer: TextAnswer } | ShapeRefusal {
  const read = readNodeAnswer(ask, result, lowered);
  if (!read.ok) return read;
  if (read.answer.kind !== 'text')
    return {
      ok: false,
      status: 502,
      code: SHAPE_CODES.invalidNodeAnswer,
      message: 'The node answered with embeddings.',
    };
  return { ok: true, answer: read.answer };
}

/** The JSON body of the answer, or a refusal (502) when the node's result is not a chat completion. */
export function answerForAnthropic(ask: GatewayAsk, result: unknown, stamp?: AnswerStamp): AnswerResult {
  const read = readText(ask, result, stamp?.lowered);
  if (!read.ok) return read;
  const { answer } = read;
  const uses = toolUses(answer);
  if (uses === null) return badArguments();
  const text = answer.choices[0]?.text ?? '';
  const thinking = answer.choices[0]?.reasoning ?? '';
  // Anthropic's own answers have no empty text block beside tool calls or thinking, and always some block.
  const said = text === '' && (uses.length > 0 || thinking !== '') ? [] : [{ type: 'text', text }];
  const thought = thinking === '' ? [] : [{ type: 'thinking', thinking, signature: '' }];
  return {
    ok: true,
    body: {
      ...messageHead(ask, stampOrNow(stamp)),
      content: [
        ...thought,
        ...said,
        ...uses.map((u) => ({ type: 'tool_use', id: u.id, name: u.name, input: u.input })),
      ],
      stop_reason: stopReason(answer),
      stop_sequence: null,
      usage: { input_tokens: answer.usage.prompt, output_tokens: answer.usage.completion },
    },
  };
}

/** The answer as Anthropic streams it, one text block cut into a few deltas. */
export function streamForAnthropic(ask: GatewayAsk, result: unknown, stamp?: AnswerStamp): StreamResult {
  const read = readText(ask, result, stamp?.lowered);
  if (!read.ok) return read;
  const { answer } = read;
  const uses = toolUses(answer);
  if (uses === null) return badArguments();
  const start = {
    ...messageHead(ask, stampOrNow(stamp)),
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: answer.usage.prompt, output_tokens: 0 },
  };
  const text = answer.choices[0]?.text ?? '';
  const thinking = answer.choices[0]?.reasoning ?? '';
  const thought = thinking === '' ? [] : [thinking];
  const said = text === '' && (uses.length > 0 || thinking !== '') ? [] : [text];
  const block = (index: number, contentBlock: Record<string, unknown>, deltas: Record<string, unknown>[]): string[] => [
    sseEvent('content_block_start', { type: 'content_block_start', index, content_block: contentBlock }),
    ...deltas.map((delta) => sseEvent('content_block_delta', { type: 'content_block_delta', index, delta })),
    sseEvent('content_block_stop', { type: 'content_block_stop', index }),
  ];
  const frames = [
    sseEvent('message_start', { type: 'message_start', message: start }),
    ...thought.flatMap((t) =>
      block(0, { type: 'thinking', thinking: '', signature: '' }, [
        ...textPieces(t).map((piece) => ({ type: 'thinking_delta', thinking: piece })),
        { type: 'signature_delta', signature: '' },
      ]),
    ),
    ...said.flatMap((t) =>
      block(
        thought.length,
        { type: 'text', text: '' },
        textPieces(t).map((piece) => ({ type: 'text_delta', text: piece })),
      ),
    ),
    ...uses.flatMap((u, k) =>
      block(thought.length + said.length + k, { type: 'tool_use', id: u.id, name: u.name, input: {} }, [
        { type: 'input_json_delta', partial_json: u.json },
      ]),
    ),
    sseEvent('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReason(answer), stop_sequence: null },
      usage: { output_tokens: answer.usage.completion },
    }),
    sseEvent('message_stop', { type: 'message_stop' }),
  ];
  return { ok: true, contentType: CONTENT_TYPES.sse, frames };
}
