/**
 * Anthropic's Messages API through the gateway: a request read into the chat ask (system hoisted, blocks mapped,
 * `max_tokens` required), the answer as an Anthropic message, and the stream's events in Anthropic's order.
 */
import { describe, expect, it } from 'vitest';
import { askFromAnthropic } from '@engine/gateway/api-shapes/anthropic';
import { answerForAnthropic, streamForAnthropic } from '@engine/gateway/api-shapes/anthropic-answer';
import type { GatewayAsk, ShapeResult } from '@engine/gateway/api-shapes/types';
import { readSse } from './sse-reader';

const STAMP = { id: 'task-3', nowMs: 0 };
const TEXT = 'Anthropic streams named events: a start, the block, its deltas, then the stop reason and the end.';

function ask(body: Record<string, unknown>): GatewayAsk {
  const r = askFromAnthropic({ model: 'claude-like', max_tokens: 256, messages: [{ role: 'user', content: 'Hi' }], ...body });
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
        { role: 'assistant', content: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }] },
      ],
      stop_sequences: ['\n\nHuman:'],
      temperature: 0.5,
      top_k: 5,
      metadata: { user_id: 'u' },
      stream: true,
    });
    expect(a).toMatchObject({ api: 'anthropic', endpoint: 'chat', intent: 'urn:iicp:intent:llm:chat:v1', route: 'anthropic.messages', stream: true, maxTokens: 256 });
    expect(a.payload).toEqual({
      model: 'claude-like',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: [{ type: 'text', text: 'Look:' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
        { role: 'assistant', content: 'A\n\nB' },
      ],
      max_tokens: 256,
      temperature: 0.5,
      stop: ['\n\nHuman:'],
    });
  });

  it('requires max_tokens and a model, and refuses tools with a pointer to the OpenAI API', () => {
    expect(refusal(askFromAnthropic({ model: 'm', messages: [{ role: 'user', content: 'x' }] }))).toBe('max_tokens is required.');
    expect(refusal(askFromAnthropic({ max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }))).toMatch(/^model is required/);
    expect(refusal(askFromAnthropic({ model: 'm', max_tokens: 5, messages: [] }))).toBe('messages must have at least 1 item.');
    expect(refusal(askFromAnthropic({ model: 'm', max_tokens: 5, messages: [{ role: 'system', content: 'x' }] }))).toMatch(/^messages\[0\]\.role must be one of user, assistant/);
    expect(refusal(askFromAnthropic({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }], tools: [{ name: 't' }] }))).toMatch(/OpenAI API/);
    const toolResult = [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'ok' }] }];
    expect(refusal(askFromAnthropic({ model: 'm', max_tokens: 5, messages: toolResult }))).toMatch(/OpenAI API/);
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
    expect(answerForAnthropic(ask({}), { error_code: 500, error_message: 'x' })).toMatchObject({ ok: false, status: 502, code: 'node_backend_error' });
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
    expect(order).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(data[0]).toMatchObject({ message: { id: 'msg_task-3', role: 'assistant', content: [], model: 'claude-like', usage: { input_tokens: 11 } } });
    const deltas = data.filter((d) => d.type === 'content_block_delta').map((d) => (d.delta as { type: string; text: string }).text);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(TEXT);
    expect(data.find((d) => d.type === 'message_delta')).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'max_tokens', stop_sequence: null },
      usage: { output_tokens: 22 },
    });
  });
});
