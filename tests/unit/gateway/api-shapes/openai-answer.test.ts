/**
 * A node's result as OpenAI's answer: the buffered bodies, filled where the node left fields out, the stream's
 * frames read back as a client reads them, the base64 embeddings the `openai` package asks for by default, and the
 * model list.
 */
import { describe, expect, it } from 'vitest';
import { askFromOpenAI, modelsForOpenAI } from '@engine/gateway/api-shapes/openai';
import { answerForOpenAI, streamForOpenAI } from '@engine/gateway/api-shapes/openai-answer';
import type { AnswerResult, GatewayAsk, StreamResult } from '@engine/gateway/api-shapes/types';
import { readSse, sseJson } from './sse-reader';

const STAMP = { id: 'task-1', nowMs: 1_700_000_000_500 };
const TEXT = 'The quick brown fox jumps over the lazy dog, then naps in the warm afternoon sun — 🦊 twice.';

function ask(endpoint: 'chat' | 'completion' | 'embedding', body: Record<string, unknown>): GatewayAsk {
  const r = askFromOpenAI(endpoint, { model: 'llama3', ...body });
  if (!r.ok) throw new Error(r.message);
  return r.ask;
}

function body(r: AnswerResult): Record<string, unknown> {
  if (!r.ok) throw new Error(r.message);
  return r.body;
}

function frames(r: StreamResult): string[] {
  if (!r.ok) throw new Error(r.message);
  expect(r.contentType).toMatch(/^text\/event-stream/);
  return r.frames;
}

const chatResult = (content: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'node-id',
  object: 'chat.completion',
  model: 'node-model',
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 12, completion_tokens: 20, total_tokens: 32 },
  ...extra,
});

const messages = [{ role: 'user', content: 'Hi' }];

describe('answerForOpenAI', () => {
  it('answers a chat with the gateway id, the asked model and the node usage', () => {
    expect(body(answerForOpenAI(ask('chat', { messages }), chatResult(TEXT, { secret_field: 'x' }), STAMP))).toEqual({
      id: 'chatcmpl-task-1',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'llama3',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: TEXT, refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 12, completion_tokens: 20, total_tokens: 32 },
    });
  });

  it('fills what the node left out: usage zeros, a finish reason', () => {
    const b = body(answerForOpenAI(ask('chat', { messages }), { choices: [{ message: { content: 'ok' } }] }, STAMP));
    expect(b.usage).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
    expect(b.choices).toEqual([
      { index: 0, message: { role: 'assistant', content: 'ok', refusal: null }, logprobs: null, finish_reason: 'stop' },
    ]);
    expect(b).toMatchObject({ id: 'chatcmpl-task-1', object: 'chat.completion', model: 'llama3' });
  });

  it('carries tool calls, with null content when the model said nothing else', () => {
    const call = { id: 'call_9', type: 'function', function: { name: 'weather', arguments: '{"city":"Bern"}' } };
    const result = {
      choices: [{ message: { role: 'assistant', content: null, tool_calls: [call] }, finish_reason: 'tool_calls' }],
    };
    const b = body(answerForOpenAI(ask('chat', { messages }), result, STAMP));
    expect(b.choices).toEqual([
      {
        index: 0,
        message: { role: 'assistant', content: null, refusal: null, tool_calls: [call] },
        logprobs: null,
        finish_reason: 'tool_calls',
      },
    ]);
  });

  it('answers a completion as text_completion', () => {
    const result = {
      choices: [{ text: ' there', finish_reason: 'length' }],
      usage: { prompt_tokens: 2, completion_tokens: 1 },
    };
    expect(body(answerForOpenAI(ask('completion', { prompt: 'Hello' }), result, STAMP))).toEqual({
      id: 'cmpl-task-1',
      object: 'text_completion',
      created: 1_700_000_000,
      model: 'llama3',
      choices: [{ text: ' there', index: 0, logprobs: null, finish_reason: 'length' }],
      usage: { prompt_tokens: 2, completion_tokens: 1, total_tokens: 3 },
    });
  });

  it('answers embeddings in the inputs order, as floats or as base64 float32', () => {
    const result = {
      data: [
        { index: 1, embedding: [0.5, -1] },
        { index: 0, embedding: [0.25, 2] },
      ],
      usage: { prompt_tokens: 4, total_tokens: 4 },
    };
    expect(body(answerForOpenAI(ask('embedding', { input: ['a', 'b'] }), result))).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.25, 2] },
        { object: 'embedding', index: 1, embedding: [0.5, -1] },
      ],
      model: 'llama3',
      usage: { prompt_tokens: 4, total_tokens: 4 },
    });
    const b64 = body(answerForOpenAI(ask('embedding', { input: ['a', 'b'], encoding_format: 'base64' }), result));
    const first = (b64.data as { embedding: string }[])[0]!.embedding;
    const bytes = Buffer.from(first, 'base64');
    expect(Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4))).toEqual([0.25, 2]);
  });

  it('refuses results that are not what the intent promises, without throwing', () => {
    const chat = ask('chat', { messages });
    for (const bad of [
      null,
      'text',
      [],
      {},
      { choices: [] },
      { choices: [{ text: 'completion shape' }] },
      { choices: [{ message: { content: 5 } }] },
      { choices: 'x' },
    ]) {
      const r = answerForOpenAI(chat, bad);
      expect(r).toMatchObject({ ok: false, status: 502, code: 'invalid_node_answer' });
    }
    const twoInputs = ask('embedding', { input: ['a', 'b'] });
    expect(answerForOpenAI(twoInputs, { data: [{ embedding: [1] }] })).toMatchObject({
      ok: false,
      code: 'invalid_node_answer',
    });
    expect(answerForOpenAI(twoInputs, { data: [{ embedding: ['x'] }, { embedding: [1] }] })).toMatchObject({
      ok: false,
      code: 'invalid_node_answer',
    });
  });

  it('tells a model server failure passed on as a result from a bad answer', () => {
    const r = answerForOpenAI(ask('chat', { messages }), {
      error_code: 404,
      error_message: 'model "x" not found <script>',
    });
    expect(r).toEqual({
      ok: false,
      status: 502,
      code: 'node_backend_error',
      message: "The node's model server could not answer (status 404).",
    });
  });
});

describe('streamForOpenAI', () => {
  it('streams a chat: role first, pieces that join to the text, finish reason, [DONE]', () => {
    const f = frames(streamForOpenAI(ask('chat', { messages, stream: true }), chatResult(TEXT), STAMP));
    const events = readSse(f.join(''));
    expect(events.at(-1)!.data).toBe('[DONE]');
    const chunks = sseJson(f);
    for (const c of chunks)
      expect(c).toMatchObject({
        id: 'chatcmpl-task-1',
        object: 'chat.completion.chunk',
        created: 1_700_000_000,
        model: 'llama3',
      });
    const deltas = chunks.map(
      (c) => (c.choices as { delta: Record<string, unknown>; finish_reason: string | null }[])[0]!,
    );
    expect(deltas[0]!.delta).toEqual({ role: 'assistant', content: '' });
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.map((d) => d.delta.content ?? '').join('')).toBe(TEXT);
    expect(deltas.slice(0, -1).every((d) => d.finish_reason === null)).toBe(true);
    expect(deltas.at(-1)).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(chunks.some((c) => 'usage' in c)).toBe(false);
  });

  it('adds the usage chunk when stream_options.include_usage was asked', () => {
    const f = frames(
      streamForOpenAI(
        ask('chat', { messages, stream: true, stream_options: { include_usage: true } }),
        chatResult('Hi!'),
        STAMP,
      ),
    );
    const chunks = sseJson(f);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 12, completion_tokens: 20, total_tokens: 32 },
    });
    expect(f.at(-1)).toBe('data: [DONE]\n\n');
  });

  it('streams tool calls in one delta, with their index', () => {
    const call = { id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } };
    const result = { choices: [{ message: { content: null, tool_calls: [call] } }] };
    const chunks = sseJson(frames(streamForOpenAI(ask('chat', { messages, stream: true }), result, STAMP)));
    const deltas = chunks.map(
      (c) => (c.choices as { delta: Record<string, unknown>; finish_reason: string | null }[])[0]!,
    );
    expect(deltas.find((d) => d.delta.tool_calls)!.delta.tool_calls).toEqual([{ index: 0, ...call }]);
    expect(deltas.at(-1)!.finish_reason).toBe('tool_calls');
  });

  it('streams every choice when n asked for several', () => {
    const result = { choices: [{ message: { content: 'one' } }, { message: { content: 'two' } }] };
    const chunks = sseJson(
      frames(streamForOpenAI({ ...ask('chat', { messages, n: 2 }), stream: true }, result, STAMP)),
    );
    const text = (i: number): string =>
      chunks
        .flatMap((c) => c.choices as { index: number; delta: { content?: string } }[])
        .filter((c) => c.index === i)
        .map((c) => c.delta.content ?? '')
        .join('');
    expect([text(0), text(1)]).toEqual(['one', 'two']);
  });

  it('streams a completion as text_completion chunks', () => {
    const result = { choices: [{ text: TEXT, finish_reason: 'length' }] };
    const chunks = sseJson(frames(streamForOpenAI(ask('completion', { prompt: 'x', stream: true }), result, STAMP)));
    const choices = chunks.map((c) => (c.choices as { text: string; finish_reason: string | null }[])[0]!);
    for (const c of chunks) expect(c.object).toBe('text_completion');
    expect(choices.map((c) => c.text).join('')).toBe(TEXT);
    expect(choices.at(-1)!.finish_reason).toBe('length');
  });

  it('refuses a bad result rather than sending half a stream', () => {
    expect(streamForOpenAI(ask('chat', { messages, stream: true }), { nope: true })).toMatchObject({
      ok: false,
      status: 502,
    });
  });
});

describe('modelsForOpenAI', () => {
  it('lists the models as OpenAI does', () => {
    expect(modelsForOpenAI([{ id: 'llama3', ownedBy: 'iicp' }], 1_700_000_000_999)).toEqual({
      object: 'list',
      data: [{ id: 'llama3', object: 'model', created: 1_700_000_000, owned_by: 'iicp' }],
    });
  });
});
