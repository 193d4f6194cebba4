/**
 * Anthropic's stream as its server writes it, piece by piece: `message_start`, then per content block
 * `content_block_start`, its `content_block_delta`s (`text_delta` for text, `input_json_delta` for a tool call's
 * arguments) and `content_block_stop`; then `message_delta` with the stop reason and the usage, and `message_stop`.
 * A failure after the answer began is one `event: error`, which the Anthropic SDK throws. A tool call's arguments are
 * gathered as they pass: if they are not a JSON object when its block ends (or grow past the cap), that error ends
 * the answer, as the SDK would otherwise fail parsing the input itself.
 */
import { errorBody } from './errors';
import { argumentsObject, badArguments } from './node-answer';
import { LIMITS } from './request-parts';
import { CONTENT_TYPES, sseEvent } from './stream';
import type { StreamAsk, StreamDelta, StreamWriter } from './stream-types';
import type { AnswerStamp } from './types';

/**
 * A cut at the token limit is `max_tokens`, a tool call `tool_use`; every other end reads as the model's `end_turn`.
 */
function stopReason(finish: string | null): 'end_turn' | 'max_tokens' | 'tool_use' {
  if (finish === 'length') return 'max_tokens';
  return finish === 'tool_calls' ? 'tool_use' : 'end_turn';
}

export function anthropicStreamWriter(ask: StreamAsk, stamp: AnswerStamp): StreamWriter {
  /** The block now open: text, or the tool call of this OpenAI index; -1 before the first. */
  let block = -1;
  let open: { kind: 'text' } | { kind: 'thinking' } | { kind: 'tool'; index: number; json: string } | null = null;
  let failed = false;
  /** The one error event; nothing follows it, not even a second one. */
  const fail = (status: number, code: string, message: string): string => {
    if (failed) return '';
    failed = true;
    return sseEvent('error', errorBody('anthropic', status, code, message));
  };
  const stop = (): string => {
    if (open === null) return '';
    const bad = open.kind === 'tool' && argumentsObject(open.json) === null;
    // A thinking block ends with its signature, as Anthropic's own do; a node signs none, so it is empty.
    const signed = open.kind === 'thinking' ? delta({ type: 'signature_delta', signature: '' }) : '';
    open = null;
    if (bad) {
      const refusal = badArguments();
      return fail(refusal.status, refusal.code, refusal.message);
    }
    return signed + sseEvent('content_block_stop', { type: 'content_block_stop', index: block });
  };
  const start = (contentBlock: Record<string, unknown>): string => {
    const out = stop();
    if (failed) return out;
    block += 1;
    return (
      out + sseEvent('content_block_start', { type: 'content_block_start', index: block, content_block: contentBlock })
    );
  };
  const delta = (d: Record<string, unknown>): string =>
    sseEvent('content_block_delta', { type: 'content_block_delta', index: block, delta: d });
  return {
    contentType: CONTENT_TYPES.sse,
    open: () =>
      sseEvent('message_start', {
        type: 'message_start',
        message: {
          id: `msg_${stamp.id}`,
          type: 'message',
          role: 'assistant',
          model: ask.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 0, output_tokens: 0 },
        },
      }),
    piece(d: StreamDelta) {
      if (failed) return '';
      let out = '';
      if (d.reasoning) {
        if (open?.kind !== 'thinking') {
          out += start({ type: 'thinking', thinking: '', signature: '' });
          if (failed) return out;
          open = { kind: 'thinking' };
        }
        out += delta({ type: 'thinking_delta', thinking: d.reasoning });
      }
      if (d.text !== '') {
        if (open?.kind !== 'text') {
          out += start({ type: 'text', text: '' });
          if (failed) return out;
          open = { kind: 'text' };
        }
        out += delta({ type: 'text_delta', text: d.text });
      }
      for (const c of d.toolCalls) {
        if (open?.kind !== 'tool' || open.index !== c.index) {
          // A fragment of a call never named cannot start a tool_use block: Anthropic's clients need its id and name.
          if (c.id === undefined || c.function?.name === undefined) continue;
          out += start({ type: 'tool_use', id: c.id, name: c.function.name, input: {} });
          if (failed) return out;
          open = { kind: 'tool', index: c.index, json: '' };
        }
        const args = c.function?.arguments;
        if (args === undefined || args === '') continue;
        open.json += args;
        if (open.json.length > LIMITS.text)
          return (
            out +
            fail(
              502,
              badArguments().code,
              "The node's answer called a tool with arguments longer than the gateway takes.",
            )
          );
        out += delta({ type: 'input_json_delta', partial_json: args });
      }
      return out;
    },
    close(c) {
      if (failed) return '';
      // An answer always has a block, even an empty one, as Anthropic's own do.
      let out = '';
      if (block === -1) {
        out += start({ type: 'text', text: '' });
        open = { kind: 'text' };
      }
      out += stop();
      if (failed) return out;
      return (
        out +
        sseEvent('message_delta', {
          type: 'message_delta',
          delta: { stop_reason: stopReason(c.finishReason), stop_sequence: null },
          usage: { input_tokens: c.usage?.prompt ?? 0, output_tokens: c.usage?.completion ?? 0 },
        }) +
        sseEvent('message_stop', { type: 'message_stop' })
      );
    },
    fail,
  };
}
