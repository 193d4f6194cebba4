import { describe, expect, it } from 'vitest';
import { Stream as OpenAIStream } from 'openai/core/streaming';
import { answerFor, askFromResponses, streamFor, type GatewayAsk } from '@engine/gateway/api-shapes';

const STAMP = { id: 'task-1', nowMs: Date.UTC(2026, 0, 2, 3, 4, 5) };
const USAGE = { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 };

function ask(body: Record<string, unknown> = {}): GatewayAsk {
  const r = askFromResponses({ model: 'm1', input: 'hi', ...body });
  if (!r.ok) throw new Error(r.message);
  return r.ask;
}

const chatResult = (message: Record<string, unknown>, finish = 'stop') => ({
  choices: [{ message: { role: 'assistant', ...message }, finish_reason: finish }],
  usage: USAGE,
});

describe('a node’s chat result as a Responses API answer', () => {
  it('text: a response with one message item, its output_text, the usage in the API’s words', () => {
    const r = answerFor(ask({ max_output_tokens: 20 }), chatResult({ content: 'Hello there' }), STAMP);
    expect(r.ok && r.body).toMatchObject({
      id: 'resp_task-1',
      object: 'response',
      created_at: Math.floor(STAMP.nowMs / 1000),
      status: 'completed',
      incomplete_details: null,
      model: 'm1',
      max_output_tokens: 20,
      output: [
        {
          type: 'message',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: 'Hello there', annotations: [] }],
        },
      ],
      usage: {
        input_tokens: 7,
        output_tokens: 3,
        total_tokens: 10,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens_details: { reasoning_tokens: 0 },
      },
    });
  });

  it('tool calls: one function_call item each with its call id, name and arguments; no empty message beside them', () => {
    const calls = [
      { id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } },
      { id: 'c2', type: 'function', function: { name: 'g', arguments: '{}' } },
    ];
    const r = answerFor(ask(), chatResult({ content: null, tool_calls: calls }, 'tool_calls'), STAMP);
    expect(r.ok && r.body.output).toEqual([
      { type: 'function_call', id: 'fc_task-1_0', call_id: 'c1', name: 'f', arguments: '{"a":1}', status: 'completed' },
      { type: 'function_call', id: 'fc_task-1_1', call_id: 'c2', name: 'g', arguments: '{}', status: 'completed' },
    ]);
  });

  it('an answer cut at the token limit is incomplete, saying why', () => {
    const r = answerFor(ask(), chatResult({ content: 'Hel' }, 'length'), STAMP);
    expect(r.ok && r.body).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
  });

  it('a result that is not a chat answer is the node’s failure (502), not an answer', () => {
    expect(answerFor(ask(), { nonsense: true }, STAMP)).toMatchObject({ ok: false, status: 502 });
    expect(streamFor(ask({ stream: true }), 'nope', STAMP)).toMatchObject({ ok: false, status: 502 });
  });

  it('asked as a stream from a whole answer: the same events a streamed node gets, read by the openai package', async () => {
    const s = streamFor(
      ask({ stream: true }),
      chatResult({ content: 'A longer answer that is cut into a few pieces of text.' }),
      STAMP,
    );
    if (!s.ok) throw new Error(s.message);
    expect(s.contentType).toBe('text/event-stream; charset=utf-8');
    const events: Record<string, unknown>[] = [];
    const res = new Response(s.frames.join(''), { headers: { 'Content-Type': 'text/event-stream' } });
    for await (const e of OpenAIStream.fromSSEResponse<Record<string, unknown>>(res, new AbortController()))
      events.push(e);
    const deltas = events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta as string);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('A longer answer that is cut into a few pieces of text.');
    expect(events.at(-1)).toMatchObject({
      type: 'response.completed',
      response: { status: 'completed', usage: { total_tokens: 10 } },
    });
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
  });
});
