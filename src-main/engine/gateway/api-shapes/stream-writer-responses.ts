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

/**
 * The two output items that grow by text, as the stream writes them: a reasoning item grows its summary (the
 * thinking), a message its output_text part. Each is added, has its part added, takes deltas, then has its text,
 * part and item done; only the names differ.
 */
interface TextItemKind {
  idPrefix: string;
  item: (id: string, text: string, status: 'in_progress' | 'completed') => Record<string, unknown>;
  part: (text: string) => Record<string, unknown>;
  /** The key and value that place the part in its item (`summary_index` or `content_index`, 0). */
  place: Record<string, number>;
  /** The events' names: `<events>.delta`, `<events>.done`, and `<parts>.added`, `<parts>.done`. */
  events: string;
  parts: string;
  /** What a delta and a text's end carry beside the text (the message's log probabilities). */
  extra: Record<string, unknown>;
}

const REASONING: TextItemKind = {
  idPrefix: 'rs',
  item: reasoningItem,
  part: summaryPart,
  place: { summary_index: 0 },
  events: 'response.reasoning_summary_text',
  parts: 'response.reasoning_summary_part',
  extra: {},
};

const MESSAGE: TextItemKind = {
  idPrefix: 'msg',
  item: messageItem,
  part: textPart,
  place: { content_index: 0 },
  events: 'response.output_text',
  parts: 'response.content_part',
  extra: { logprobs: [] },
};

interface OpenText {
  kind: TextItemKind;
  id: string;
  index: number;
  text: string;
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
  /** The text item growing now (the thinking or the message), if any: a new kind of output closes it. */
  let open: OpenText | null = null;
  const calls = new Map<number, OpenCall>();
  const event = (type: string, data: Record<string, unknown>): string =>
    `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`;

  const closeText = (): string => {
    if (!open) return '';
    const t = open;
    open = null;
    const at = { item_id: t.id, output_index: t.index, ...t.kind.place };
    const item = t.kind.item(t.id, t.text, 'completed');
    done.push(item);
    return (
      event(`${t.kind.events}.done`, { ...at, text: t.text, ...t.kind.extra }) +
      event(`${t.kind.parts}.done`, { ...at, part: t.kind.part(t.text) }) +
      event('response.output_item.done', { output_index: t.index, item })
    );
  };
  /** Appends `text` to the open item of `kind`, closing whatever else is open and opening it first when needed. */
  const appendText = (kind: TextItemKind, text: string): string => {
    let out = '';
    if (open?.kind !== kind) {
      out += closeText() + closeCalls();
      const index = nextIndex();
      const t: OpenText = { kind, id: `${kind.idPrefix}_${stamp.id}_${index}`, index, text: '' };
      open = t;
      out += event('response.output_item.added', { output_index: index, item: kind.item(t.id, '', 'in_progress') });
      out += event(`${kind.parts}.added`, { item_id: t.id, output_index: index, ...kind.place, part: kind.part('') });
    }
    const t = open!;
    t.text += text;
    return (
      out +
      event(`${kind.events}.delta`, { item_id: t.id, output_index: t.index, ...kind.place, delta: text, ...kind.extra })
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
  const nextIndex = (): number => done.length + (open ? 1 : 0) + calls.size;

  return {
    contentType: CONTENT_TYPES.sse,
    open: () => {
      const response = responseBody(head, {});
      return event('response.created', { response }) + event('response.in_progress', { response });
    },
    piece(d: StreamDelta) {
      let out = '';
      if (d.reasoning) out += appendText(REASONING, d.reasoning);
      if (d.text !== '') out += appendText(MESSAGE, d.text);
      for (const t of d.toolCalls) {
        out += closeText();
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
      const out = closeText() + closeCalls();
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
