import { describe, expect, it } from 'vitest';
import { APIError as OpenAIError } from 'openai';
import { Stream as OpenAIStream } from 'openai/core/streaming';
import { streamWriterFor, type StreamAsk, type StreamDelta } from '@engine/gateway/api-shapes/stream-writer';

const STAMP = { id: 'task-1', nowMs: Date.UTC(2026, 0, 2, 3, 4, 5) };
const ASK: StreamAsk = {
  api: 'openai',
  endpoint: 'chat',
  route: 'openai.responses',
  model: 'm1',
  reply: { includeUsage: false },
};
const USAGE = { prompt: 7, completion: 3, total: 10 };
const text = (t: string): StreamDelta => ({ text: t, toolCalls: [] });

/** What the openai package's own SSE reader yields for the frames, and what it threw. */
async function read(body: string): Promise<{ events: Record<string, unknown>[]; thrown: unknown }> {
  const events: Record<string, unknown>[] = [];
  try {
    const res = new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
    for await (const e of OpenAIStream.fromSSEResponse<Record<string, unknown>>(res, new AbortController()))
      events.push(e);
  } catch (err) {
    return { events, thrown: err };
  }
  return { events, thrown: null };
}

describe('the Responses API stream as its server writes it', () => {
  it('text then a tool call: the items opened and closed in order, each event named as its type, numbered from 0', async () => {
    const w = streamWriterFor(ASK, STAMP, () => 0);
    const body =
      w.open() +
      w.piece(text('Hel')) +
      w.piece(text('lo')) +
      w.piece({
        text: '',
        toolCalls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":' } }],
      }) +
      w.piece({ text: '', toolCalls: [{ index: 0, function: { arguments: '"Bern"}' } }] }) +
      w.close({ finishReason: 'tool_calls', usage: USAGE });
    for (const frame of body.trimEnd().split('\n\n')) {
      const [eventLine, dataLine] = frame.split('\n');
      expect(eventLine!.replace('event: ', '')).toBe(
        (JSON.parse(dataLine!.replace('data: ', '')) as { type: string }).type,
      );
    }
    const { events, thrown } = await read(body);
    expect(thrown).toBeNull();
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events[0]).toMatchObject({
      response: { id: 'resp_task-1', object: 'response', status: 'in_progress', model: 'm1', output: [] },
    });
    expect(events[6]).toMatchObject({ output_index: 0, content_index: 0, text: 'Hello' });
    expect(events[9]).toMatchObject({
      output_index: 1,
      item: { type: 'function_call', call_id: 'call_1', name: 'weather', arguments: '', status: 'in_progress' },
    });
    expect(events[12]).toMatchObject({ output_index: 1, arguments: '{"city":"Bern"}' });
    expect(events[14]).toMatchObject({
      response: {
        status: 'completed',
        output: [
          { type: 'message', content: [{ type: 'output_text', text: 'Hello' }] },
          {
            type: 'function_call',
            call_id: 'call_1',
            name: 'weather',
            arguments: '{"city":"Bern"}',
            status: 'completed',
          },
        ],
        usage: { input_tokens: 7, output_tokens: 3, total_tokens: 10 },
      },
    });
  });

  it('an answer cut at the limit ends with response.incomplete, saying why', async () => {
    const w = streamWriterFor(ASK, STAMP, () => 0);
    const { events } = await read(w.open() + w.piece(text('Hel')) + w.close({ finishReason: 'length', usage: null }));
    expect(events.at(-1)).toMatchObject({
      type: 'response.incomplete',
      response: {
        status: 'incomplete',
        incomplete_details: { reason: 'max_output_tokens' },
        usage: { total_tokens: 0 },
      },
    });
  });

  it('a failure after the answer began: response.failed, then an error event the openai package throws', async () => {
    const w = streamWriterFor(ASK, STAMP, () => 0);
    const { events, thrown } = await read(
      w.open() + w.piece(text('Hel')) + w.fail(502, 'stream_gap', 'A chunk of the sealed stream is missing.'),
    );
    expect(events.at(-1)).toMatchObject({
      type: 'response.failed',
      response: { status: 'failed', error: { code: 'stream_gap' } },
    });
    expect(thrown).toBeInstanceOf(OpenAIError);
    expect((thrown as { error: unknown }).error).toMatchObject({
      type: 'error',
      code: 'stream_gap',
      message: 'A chunk of the sealed stream is missing.',
    });
  });
});
