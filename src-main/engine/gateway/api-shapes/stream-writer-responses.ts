/**
 * OpenAI's Responses API stream as its server writes it: named events (`event: <type>`, `data: {type,
 * sequence_number, …}`) — response.created and response.in_progress; for the text an output item (a message), its
 * output_text part, the text's deltas, then its .done events; for each tool call a function_call item and its
 * arguments' deltas and .done events; then response.completed with the whole response and its usage. A failure after
 * the answer began is response.failed and an `error` event (which the `openai` package throws), and the end. The
 * buffered answer (responses-answer.ts) is built from the same items.
 */
import { CONTENT_TYPES } from './stream';
import type { StreamAsk, StreamDelta, StreamWriter } from './stream-types';
import { NO_USAGE, type TokenUsage } from './tokens';
import type { AnswerStamp } from './types';

export function responsesUsage(u: TokenUsage): Record<string, unknown> {
  return {
    input_tokens: u.prompt,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: u.completion,
    output_tokens_details: { reasoning_tokens: u.reasoning ?? 0 },
    total_tokens: u.total,
  };
}

export function messageItem(id: string, text: string, status: 'in_progress' | 'completed'): Record<string, unknown> {
  return { type: 'message', id, status, role: 'assistant', content: status === 'completed' ? [textPart(text)] : [] };
}

/** A reasoning model's thinking as the API's reasoning item: its summary is the thinking, the one text a node has. */
export function reasoningItem(id: string, text: string, status: 'in_progress' | 'completed'): Record<string, unknown> {
  return { type: 'reasoning', id, summary: status === 'completed' ? [summaryPart(text)] : [] };
}

const summaryPart = (text: string): Record<string, unknown> => ({ type: 'summary_text', text });

export function callItem(
  c: { itemId: string; callId: string; name: string; args: string },
  status: 'in_progress' | 'completed',
): Record<string, unknown> {
  return { type: 'function_call', id: c.itemId, call_id: c.callId, name: c.name, arguments: c.args, status };
}

const textPart = (text: string): Record<string, unknown> => ({
  type: 'output_text',
  text,
  annotations: [],
  logprobs: [],
});

/** How the answer ended, in the Responses API's words: a cut answer is "incomplete", with why. */
export function endOf(finishReason: string | null): { status: string; incomplete_details: { reason: string } | null } {
  if (finishReason === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (finishReason === 'content_filter')
    return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

/** The response object around its output, as every answer and the stream's first and last events carry it. */
export function responseBody(
  x: { id: string; createdAt: number; model: string; maxTokens: number | null },
  rest: Record<string, unknown>,
): Record<string, unknown> {
  return {
    id: `resp_${x.id}`,
    object: 'response',
    created_at: x.createdAt,
    status: 'in_progress',
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: x.maxTokens,
    model: x.model,
    output: [],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: false,
    temperature: null,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: null,
    truncation: 'disabled',
    usage: null,
    metadata: {},
    ...rest,
  };
}

interface OpenCall {
  itemId: string;
  callId: string;
  name: string;
  args: string;
  outputIndex: number;
}

export function responsesStreamWriter(
  ask: StreamAsk & { maxTokens?: number | null },
  stamp: AnswerStamp,
): StreamWriter {
  const head = {
    id: stamp.id,
    createdAt: Math.floor(stamp.nowMs / 1000),
    model: ask.model,
    maxTokens: ask.maxTokens ?? null,
  };
  let seq = 0;
  const done: Record<string, unknown>[] = [];
  let thought: { id: string; index: number; text: string } | null = null;
  let message: { id: string; index: number; text: string } | null = null;
  const calls = new Map<number, OpenCall>();
  const event = (type: string, data: Record<string, unknown>): string =>
    `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`;

  const closeThought = (): string => {
    if (!thought) return '';
    const t = thought;
    thought = null;
    const at = { item_id: t.id, output_index: t.index, summary_index: 0 };
    const item = reasoningItem(t.id, t.text, 'completed');
    done.push(item);
    return (
      event('response.reasoning_summary_text.done', { ...at, text: t.text }) +
      event('response.reasoning_summary_part.done', { ...at, part: summaryPart(t.text) }) +
      event('response.output_item.done', { output_index: t.index, item })
    );
  };
  const closeMessage = (): string => {
    if (!message) return '';
    const m = message;
    message = null;
    const at = { item_id: m.id, output_index: m.index, content_index: 0 };
    const item = messageItem(m.id, m.text, 'completed');
    done.push(item);
    return (
      event('response.output_text.done', { ...at, text: m.text, logprobs: [] }) +
      event('response.content_part.done', { ...at, part: textPart(m.text) }) +
      event('response.output_item.done', { output_index: m.index, item })
    );
  };
  const closeCalls = (): string => {
    let out = '';
    for (const c of calls.values()) {
      const item = callItem(c, 'completed');
      done.push(item);
      out += event('response.function_call_arguments.done', {
        item_id: c.itemId,
        output_index: c.outputIndex,
        name: c.name,
        arguments: c.args,
      });
      out += event('response.output_item.done', { output_index: c.outputIndex, item });
    }
    calls.clear();
    return out;
  };
  const nextIndex = (): number => done.length + (thought ? 1 : 0) + (message ? 1 : 0) + calls.size;

  return {
    contentType: CONTENT_TYPES.sse,
    open: () => {
      const response = responseBody(head, {});
      return event('response.created', { response }) + event('response.in_progress', { response });
    },
    piece(d: StreamDelta) {
      let out = '';
      if (d.reasoning) {
        out += closeMessage() + closeCalls();
        if (!thought) {
          thought = { id: `rs_${stamp.id}_${nextIndex()}`, index: nextIndex(), text: '' };
          out += event('response.output_item.added', {
            output_index: thought.index,
            item: reasoningItem(thought.id, '', 'in_progress'),
          });
          out += event('response.reasoning_summary_part.added', {
            item_id: thought.id,
            output_index: thought.index,
            summary_index: 0,
            part: summaryPart(''),
          });
        }
        thought.text += d.reasoning;
        out += event('response.reasoning_summary_text.delta', {
          item_id: thought.id,
          output_index: thought.index,
          summary_index: 0,
          delta: d.reasoning,
        });
      }
      if (d.text !== '') {
        out += closeThought();
        if (calls.size > 0) out += closeCalls();
        if (!message) {
          message = { id: `msg_${stamp.id}_${nextIndex()}`, index: nextIndex(), text: '' };
          out += event('response.output_item.added', {
            output_index: message.index,
            item: messageItem(message.id, '', 'in_progress'),
          });
          out += event('response.content_part.added', {
            item_id: message.id,
            output_index: message.index,
            content_index: 0,
            part: textPart(''),
          });
        }
        message.text += d.text;
        out += event('response.output_text.delta', {
          item_id: message.id,
          output_index: message.index,
          content_index: 0,
          delta: d.text,
          logprobs: [],
        });
      }
      for (const t of d.toolCalls) {
        out += closeThought() + closeMessage();
        let c = calls.get(t.index);
        if (!c) {
          const index = nextIndex();
          c = {
            itemId: `fc_${stamp.id}_${index}`,
            callId: t.id ?? `call_${stamp.id}_${index}`,
            name: t.function?.name ?? '',
            args: '',
            outputIndex: index,
          };
          calls.set(t.index, c);
          out += event('response.output_item.added', { output_index: index, item: callItem(c, 'in_progress') });
        }
        const args = t.function?.arguments ?? '';
        if (args !== '') {
          c.args += args;
          out += event('response.function_call_arguments.delta', {
            item_id: c.itemId,
            output_index: c.outputIndex,
            delta: args,
          });
        }
      }
      return out;
    },
    close(c) {
      const out = closeThought() + closeMessage() + closeCalls();
      const response = responseBody(head, {
        ...endOf(c.finishReason),
        output: done,
        usage: responsesUsage(c.usage ?? NO_USAGE),
      });
      return out + event(response.status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
    },
    fail: (_status, code, message) =>
      event('response.failed', {
        response: responseBody(head, { status: 'failed', error: { code, message }, output: done }),
      }) + event('error', { code, message, param: null }),
  };
}
