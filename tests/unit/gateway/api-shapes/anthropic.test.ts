/**
 * Anthropic's Messages API through the gateway: a request read into the chat ask (system hoisted, blocks mapped,
 * `max_tokens` required), tools both ways, the answer as an Anthropic message, and the stream's events in Anthropic's
 * order (read back by the Anthropic SDK's own stream where tools are in them).
 */
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { askFromAnthropic } from '@engine/gateway/api-shapes/anthropic';
import { answerForAnthropic, streamForAnthropic } from '@engine/gateway/api-shapes/anthropic-answer';
import type { GatewayAsk, ShapeResult } from '@engine/gateway/api-shapes/types';
import { readSse } from './sse-reader';

const STAMP = { id: 'task-3', nowMs: 0 };
const TEXT = 'Anthropic streams named events: a start, the block, its deltas, then the stop reason and the end.';

function ask(body: Record<string, unknown>): GatewayAsk {
  const r = askFromAnthropic({
    model: 'claude-like',
    max_tokens: 256,
    messages: [{ role: 'user', content: 'Hi' }],
    ...body,
  });
  if (!r.ok) throw new Error(r.message);
  return r.ask;
}

function refusal(r: ShapeResult): string {
  if (r.ok) throw new Error('expected a refusal');
  expect(r).toMatchObject({ status: 400, code: 'invalid_request' });
  return r.message;
}

const result = (finish: string): Record<string, unknown> => ({
  choices: [{ message: { role: 'assistant', content: TEXT }, finish_reason: finish }],
  usage: { prompt_tokens: 11, completion_tokens: 22, total_tokens: 33 },
});

describe('askFromAnthropic', () => {
  it('hoists system back into a system message and maps blocks and settings', () => {
    const a = ask({
      system: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look:' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'A' },
            { type: 'text', text: 'B' },
          ],
        },
      ],
      stop_sequences: ['\n\nHuman:'],
      temperature: 0.5,
      metadata: { user_id: 'u' },
      service_tier: 'auto',
      thinking: { type: 'disabled' },
      stream: true,
    });
    expect(a).toMatchObject({
      api: 'anthropic',
      endpoint: 'chat',
      intent: 'urn:iicp:intent:llm:chat:v1',
      route: 'anthropic.messages',
      stream: true,
      maxTokens: 256,
    });
    expect(a.payload).toEqual({
      model: 'claude-like',
      messages: [
        { role: 'system', content: 'You are terse.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look:' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
        { role: 'assistant', content: 'A\n\nB' },
      ],
      max_tokens: 256,
      temperature: 0.5,
      stop: ['\n\nHuman:'],
      // Thinking disabled is asked of the node: a model that always thinks cannot honour it.
      think: false,
    });
    expect(a.needs?.thinking).toEqual({ field: 'thinking', ask: false });
  });

  it('requires max_tokens and a model, and says which field is wrong', () => {
    expect(refusal(askFromAnthropic({ model: 'm', messages: [{ role: 'user', content: 'x' }] }))).toBe(
      'max_tokens is required.',
    );
    expect(refusal(askFromAnthropic({ max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }))).toMatch(
      /^model is required/,
    );
    expect(refusal(askFromAnthropic({ model: 'm', max_tokens: 5, messages: [] }))).toBe(
      'messages must have at least 1 item.',
    );
    expect(
      refusal(askFromAnthropic({ model: 'm', max_tokens: 5, messages: [{ role: 'system', content: 'x' }] })),
    ).toMatch(/^messages\[0\]\.role must be one of user, assistant/);
  });
});

const WEATHER = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

describe('askFromAnthropic with tools', () => {
  it('maps tools, tool_choice, tool_use blocks to tool calls and tool_result blocks to tool messages before the text', () => {
    const a = ask({
      tools: [
        {
          name: 'get_weather',
          description: 'The weather now',
          input_schema: WEATHER,
          cache_control: { type: 'ephemeral' },
        },
      ],
      tool_choice: { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true },
      messages: [
        { role: 'user', content: 'Weather in Paris and Bern?' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Looking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'Bern' } },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_1',
              content: [
                { type: 'text', text: '18' },
                { type: 'text', text: 'C' },
              ],
            },
            { type: 'tool_result', tool_use_id: 'toolu_2', content: 'no station', is_error: true },
            { type: 'text', text: 'And tomorrow?' },
          ],
        },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_3', name: 'get_weather', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_3' }] },
      ],
    });
    expect(a.payload.tools).toEqual([
      { type: 'function', function: { name: 'get_weather', description: 'The weather now', parameters: WEATHER } },
    ]);
    expect(a.payload.tool_choice).toEqual({ type: 'function', function: { name: 'get_weather' } });
    expect(a.payload.parallel_tool_calls).toBe(false);
    expect(a.reply.oneToolCall).toBe(true);
    expect(a.needs).toEqual({ tools: true, fim: false, contextTokens: null });
    expect(a.payload.messages).toEqual([
      { role: 'user', content: 'Weather in Paris and Bern?' },
      {
        role: 'assistant',
        content: 'Looking.',
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'toolu_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Bern"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: '18\n\nC' },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'Error: no station' },
      { role: 'user', content: 'And tomorrow?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'toolu_3', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'toolu_3', content: '' },
    ]);
    const choice = (c: Record<string, unknown>) =>
      ask({ tools: [{ name: 't', input_schema: WEATHER }], tool_choice: c }).payload.tool_choice;
    expect([choice({ type: 'auto' }), choice({ type: 'any' }), choice({ type: 'none' })]).toEqual([
      'auto',
      'required',
      'none',
    ]);
  });

  it('refuses server tools, blocks in the wrong role, images in a result and an input that is not an object', () => {
    const req = (body: Record<string, unknown>) =>
      askFromAnthropic({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }], ...body });
    expect(refusal(req({ tools: [{ type: 'web_search_20250305', name: 'web_search' }] }))).toBe(
      "tools[0].type must be custom: Anthropic's own server tools run only at Anthropic.",
    );
    expect(refusal(req({ tools: [{ name: 't' }] }))).toBe('tools[0].input_schema is required.');
    expect(refusal(req({ tool_choice: { type: 'tool' } }))).toBe('tool_choice.name is required.');
    const use = { type: 'tool_use', id: 'toolu_1', name: 't', input: {} };
    expect(refusal(req({ messages: [{ role: 'user', content: [use] }] }))).toBe(
      'messages[0].content[0] is a tool_use block, which only an assistant message may carry.',
    );
    const result = { type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok' };
    expect(refusal(req({ messages: [{ role: 'assistant', content: [{ type: 'text', text: 'a' }, result] }] }))).toBe(
      'messages[0].content[1] is a tool_result block, which only a user message may carry.',
    );
    const image = { type: 'image', source: { type: 'url', url: 'https://x/y.png' } };
    expect(refusal(req({ messages: [{ role: 'user', content: [{ ...result, content: [image] }] }] }))).toBe(
      'messages[0].content must be a text or a list of text, image, tool_use, tool_result and thinking blocks.',
    );
    expect(refusal(req({ messages: [{ role: 'assistant', content: [{ ...use, input: '{"a":1}' }] }] }))).toBe(
      'messages[0].content must be a text or a list of text, image, tool_use, tool_result and thinking blocks.',
    );
  });
});

describe('answerForAnthropic', () => {
  it('answers as an Anthropic message, with max_tokens as the stop reason of a cut answer', () => {
    const r = answerForAnthropic(ask({}), result('stop'), STAMP);
    expect(r).toEqual({
      ok: true,
      body: {
        id: 'msg_task-3',
        type: 'message',
        role: 'assistant',
        model: 'claude-like',
        content: [{ type: 'text', text: TEXT }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: 11, output_tokens: 22 },
      },
    });
    expect(answerForAnthropic(ask({}), result('length'), STAMP)).toMatchObject({ body: { stop_reason: 'max_tokens' } });
    expect(answerForAnthropic(ask({}), { error_code: 500, error_message: 'x' })).toMatchObject({
      ok: false,
      status: 502,
      code: 'node_backend_error',
    });
  });
});

describe('streamForAnthropic', () => {
  it('sends the events in Anthropic order, each named as its type, the deltas joining to the text', () => {
    const r = streamForAnthropic(ask({ stream: true }), result('length'), STAMP);
    if (!r.ok) throw new Error(r.message);
    expect(r.contentType).toMatch(/^text\/event-stream/);
    const events = readSse(r.frames.join(''));
    const data = events.map((e) => JSON.parse(e.data) as Record<string, unknown>);
    events.forEach((e, i) => expect(data[i]!.type).toBe(e.event));
    const order = events.map((e) => e.event).filter((name, i, all) => name !== all[i - 1]);
    expect(order).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(data[0]).toMatchObject({
      message: { id: 'msg_task-3', role: 'assistant', content: [], model: 'claude-like', usage: { input_tokens: 11 } },
    });
    const deltas = data
      .filter((d) => d.type === 'content_block_delta')
      .map((d) => (d.delta as { type: string; text: string }).text);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(TEXT);
    expect(data.find((d) => d.type === 'message_delta')).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'max_tokens', stop_sequence: null },
      usage: { output_tokens: 22 },
    });
  });
});

describe('Anthropic answers with tool calls', () => {
  const toolResult = (text: string, args: string): Record<string, unknown> => ({
    choices: [
      {
        message: {
          role: 'assistant',
          content: text,
          tool_calls: [{ id: 'call_7', type: 'function', function: { name: 'get_weather', arguments: args } }],
        },
        finish_reason: 'tool_calls',
      },
    ],
    usage: { prompt_tokens: 11, completion_tokens: 5, total_tokens: 16 },
  });
  /** What the Anthropic SDK's own stream helper makes of the frames: the whole message, inputs parsed. */
  const sdkReads = (frames: string[]) =>
    new Anthropic({
      apiKey: 'k',
      baseURL: 'http://gateway.invalid',
      maxRetries: 0,
      fetch: () => Promise.resolve(new Response(frames.join(''), { headers: { 'Content-Type': 'text/event-stream' } })),
    }).messages
      .stream({ model: 'claude-like', max_tokens: 64, messages: [{ role: 'user', content: 'x' }] })
      .finalMessage();

  it('buffered: tool_use blocks after the text, the input an object, stop_reason tool_use; no empty text block', () => {
    const r = answerForAnthropic(ask({}), toolResult('Looking.', '{"city":"Paris"}'), STAMP);
    expect(r).toMatchObject({
      ok: true,
      body: {
        content: [
          { type: 'text', text: 'Looking.' },
          { type: 'tool_use', id: 'call_7', name: 'get_weather', input: { city: 'Paris' } },
        ],
        stop_reason: 'tool_use',
      },
    });
    expect(answerForAnthropic(ask({}), toolResult('', '{"city":"Paris"}'), STAMP)).toMatchObject({
      body: { content: [{ type: 'tool_use', input: { city: 'Paris' } }] },
    });
  });

  it('streamed from a whole answer: a tool_use block with input_json_delta, which the SDK assembles', async () => {
    const r = streamForAnthropic(ask({ stream: true }), toolResult('Looking.', '{"city":"Paris"}'), STAMP);
    if (!r.ok) throw new Error(r.message);
    const message = await sdkReads(r.frames);
    expect(message.content).toEqual([
      { type: 'text', text: 'Looking.' },
      { type: 'tool_use', id: 'call_7', name: 'get_weather', input: { city: 'Paris' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
  });

  it('arguments that are not a JSON object are the node’s fault: 502, buffered or streamed', () => {
    for (const args of ['{"city":', '[1]']) {
      expect(answerForAnthropic(ask({}), toolResult('', args), STAMP)).toMatchObject({
        ok: false,
        status: 502,
        code: 'invalid_node_answer',
      });
      expect(streamForAnthropic(ask({}), toolResult('', args), STAMP)).toMatchObject({
        ok: false,
        status: 502,
        code: 'invalid_node_answer',
      });
    }
  });
});
