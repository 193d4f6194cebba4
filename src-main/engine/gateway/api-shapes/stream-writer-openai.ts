/**
 * OpenAI's stream as its server writes it, piece by piece. Chat: `chat.completion.chunk`s — the role first, then
 * content deltas and tool-call deltas (index, id, type and the function's name first, then argument fragments), a
 * chunk with the finish reason, with `stream_options.include_usage` a last chunk with empty choices and the usage (and
 * `usage: null` on every other chunk), then `data: [DONE]`. Completions: `text_completion` chunks the same way. A
 * failure after the answer began is one `data: {"error": …}` event and the end, which the `openai` package throws as
 * an APIError.
 */
import { errorBody } from './errors';
import { reasoningFields, usageBody } from './openai-answer';
import { unixSeconds } from './stamp';
import { CONTENT_TYPES, SSE_DONE, sseData } from './stream';
import type { StreamAsk, StreamDelta, StreamWriter, ToolCallDelta } from './stream-types';
import { NO_USAGE } from './tokens';
import type { AnswerStamp } from './types';

function toolCallBody(c: ToolCallDelta): Record<string, unknown> {
  const out: Record<string, unknown> = { index: c.index };
  if (c.id !== undefined) out.id = c.id;
  if (c.type !== undefined) out.type = c.type;
  if (c.function !== undefined) {
    const f: Record<string, string> = {};
    if (c.function.name !== undefined) f.name = c.function.name;
    if (c.function.arguments !== undefined) f.arguments = c.function.arguments;
    out.function = f;
  }
  return out;
}

export function openAIStreamWriter(ask: StreamAsk, stamp: AnswerStamp): StreamWriter {
  const chat = ask.endpoint === 'chat';
  const head = {
    id: `${chat ? 'chatcmpl' : 'cmpl'}-${stamp.id}`,
    object: chat ? 'chat.completion.chunk' : 'text_completion',
    created: unixSeconds(stamp),
    model: ask.model,
  };
  const withUsage = ask.reply.includeUsage ? { usage: null } : {};
  const frame = (choice: Record<string, unknown>): string => sseData({ ...head, choices: [choice], ...withUsage });
  const delta = (d: Record<string, unknown>, finish: string | null = null): string =>
    frame({ index: 0, delta: d, logprobs: null, finish_reason: finish });
  const text = (t: string, finish: string | null = null): string =>
    frame({ text: t, index: 0, logprobs: null, finish_reason: finish });
  return {
    contentType: CONTENT_TYPES.sse,
    open: () => (chat ? delta({ role: 'assistant', content: '' }) : ''),
    piece(d: StreamDelta) {
      if (!chat) return d.text === '' ? '' : text(d.text);
      let out = d.reasoning ? delta(reasoningFields(d.reasoning)) : '';
      if (d.text !== '') out += delta({ content: d.text });
      if (d.toolCalls.length > 0) out += delta({ tool_calls: d.toolCalls.map(toolCallBody) });
      return out;
    },
    close(c) {
      let out = chat ? delta({}, c.finishReason ?? 'stop') : text('', c.finishReason ?? 'stop');
      const u = c.usage ?? NO_USAGE;
      if (ask.reply.includeUsage) out += sseData({ ...head, choices: [], usage: usageBody(u) });
      return out + SSE_DONE;
    },
    fail: (status, code, message) => sseData(errorBody('openai', status, code, message)),
  };
}
