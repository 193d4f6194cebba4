/**
 * The fields inside messages, content parts, tool calls, tools and Ollama's options (nested-field-rules.ts), read
 * through each API's own reader: a key no API defines is a 400 `unsupported_field` naming its path, in the API's
 * own error shape; a key the real server takes still goes through; a known key nodes cannot honour is refused by path.
 */
import { describe, expect, it } from 'vitest';
import { askFromAnthropic } from '@engine/gateway/api-shapes/anthropic';
import { refusalBody } from '@engine/gateway/api-shapes/errors';
import { askFromOllama } from '@engine/gateway/api-shapes/ollama';
import { askFromOpenAI } from '@engine/gateway/api-shapes/openai';
import { askFromResponses } from '@engine/gateway/api-shapes/openai-responses';
import type { ShapeResult } from '@engine/gateway/api-shapes/types';

const TOOL = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } };
const CALL = { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } };

function refusedAt(result: ShapeResult, path: string): string {
  expect(result.ok).toBe(false);
  if (result.ok) return '';
  expect(result.status).toBe(400);
  expect(result.code).toBe('unsupported_field');
  expect(result.param).toBe(path);
  expect(result.message).toContain(path);
  return result.message;
}

const openaiChat = (body: Record<string, unknown>): ShapeResult =>
  askFromOpenAI('chat', { model: 'm', messages: [{ role: 'user', content: 'x' }], ...body });

describe('OpenAI chat: fields inside messages and tools', () => {
  it.each([
    ['messages[0].weird', { messages: [{ role: 'user', content: 'x', weird: true }] }],
    [
      'messages[1].content[0].foo',
      {
        messages: [
          { role: 'system', content: 's' },
          { role: 'user', content: [{ type: 'text', text: 'x', foo: 1 }] },
        ],
      },
    ],
    [
      'messages[0].content[0].image_url.zoom',
      { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:,', zoom: 2 } }] }] },
    ],
    [
      'messages[1].tool_calls[0].function.bar',
      {
        messages: [
          { role: 'user', content: 'x' },
          { role: 'assistant', tool_calls: [{ ...CALL, function: { ...CALL.function, bar: 1 } }] },
        ],
      },
    ],
    ['tools[0].function.bar', { tools: [{ ...TOOL, function: { ...TOOL.function, bar: true } }] }],
    ['tools[0].extra', { tools: [{ ...TOOL, extra: 1 }] }],
  ])('refuses an unknown key at %s, in OpenAI’s shape', (path, body) => {
    const result = openaiChat(body);
    refusedAt(result, path);
    if (!result.ok)
      expect(refusalBody('openai', result)).toMatchObject({ error: { param: path, type: 'invalid_request_error' } });
  });

  it('refuses a known key the nodes cannot honour, naming its path', () => {
    const body = {
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', content: 'y', audio: { id: 'a' } },
      ],
    };
    expect(refusedAt(openaiChat(body), 'messages[1].audio')).toMatch(/text only/);
  });

  it('takes every key the real API takes in a message, a part, a tool call and a tool', () => {
    const result = openaiChat({
      messages: [
        { role: 'system', content: 'be brief', name: 'setup' },
        {
          role: 'user',
          name: 'ann',
          content: [
            { type: 'text', text: 'look' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
          ],
        },
        // An answer's message handed back as the SDK returned it.
        { role: 'assistant', content: null, refusal: null, annotations: [], audio: null, tool_calls: [CALL] },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      ],
      tools: [{ ...TOOL, function: { ...TOOL.function, description: 'd', strict: true } }],
    });
    expect(result.ok).toBe(true);
  });

  it('takes an earlier answer handed back with the thinking llama.cpp and vLLM write on it', () => {
    const said = { role: 'assistant', content: 'y', reasoning_content: 'hmm', reasoning: 'hmm' };
    expect(openaiChat({ messages: [{ role: 'user', content: 'x' }, said] }).ok).toBe(true);
  });
});

describe('OpenAI Responses: fields inside input items', () => {
  const read = (input: unknown[]): ShapeResult => askFromResponses({ model: 'm', input });

  it.each([
    ['input[0].weird', [{ role: 'user', content: 'x', weird: 1 }]],
    [
      'input[0].content[0].foo',
      [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'x', foo: 1 }] }],
    ],
    [
      'input[1].bar',
      [
        { role: 'user', content: 'x' },
        { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}', bar: 1 },
      ],
    ],
  ])('refuses an unknown key at %s', (path, input) => {
    refusedAt(read(input), path);
  });

  it('refuses an unknown key in a function tool, naming its path', () => {
    const tool = { type: 'function', name: 'f', parameters: { type: 'object' }, strict: false, bar: 1 };
    refusedAt(askFromResponses({ model: 'm', input: 'x', tools: [tool] }), 'tools[0].bar');
  });

  it('takes the ids and status the API wrote on items it handed back', () => {
    const result = read([
      { role: 'user', content: [{ type: 'input_text', text: 'x' }] },
      {
        type: 'message',
        id: 'msg_1',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'y', annotations: [] }],
      },
      { type: 'function_call', id: 'fc_1', status: 'completed', call_id: 'c', name: 'f', arguments: '{}' },
      { type: 'function_call_output', call_id: 'c', output: 'ok' },
    ]);
    expect(result.ok).toBe(true);
  });
});

describe('Ollama chat and generate: fields inside messages, tools and options', () => {
  const chat = (body: Record<string, unknown>): ShapeResult =>
    askFromOllama('chat', { model: 'm', messages: [{ role: 'user', content: 'x' }], ...body });

  it.each([
    ['messages[0].weird', { messages: [{ role: 'user', content: 'x', weird: true }] }],
    [
      'messages[1].tool_calls[0].function.bar',
      {
        messages: [
          { role: 'user', content: 'x' },
          { role: 'assistant', content: '', tool_calls: [{ function: { name: 'f', arguments: {}, bar: 1 } }] },
        ],
      },
    ],
    ['tools[0].function.bar', { tools: [{ ...TOOL, function: { ...TOOL.function, bar: 1 } }] }],
    ['options.weird', { options: { weird: 1 } }],
  ])('refuses an unknown key at %s, in Ollama’s shape', (path, body) => {
    const result = chat(body);
    refusedAt(result, path);
    if (!result.ok) expect(refusalBody('ollama', result)).toEqual({ error: expect.stringContaining(path) as string });
  });

  it('routes a sampling option some servers take, and refuses one no node takes, naming its path', () => {
    const routed = chat({ options: { top_k: 40 } });
    expect(routed.ok && routed.ask.needs?.sampling).toEqual(['options.top_k']);
    refusedAt(chat({ options: { tfs_z: 1 } }), 'options.tfs_z');
    refusedAt(askFromOllama('generate', { model: 'm', prompt: 'x', options: { mirostat: 2 } }), 'options.mirostat');
  });

  it('takes an earlier answer handed back with its thinking, as the gateway wrote it', () => {
    const said = { role: 'assistant', content: 'y', thinking: 'hmm' };
    expect(chat({ messages: [{ role: 'user', content: 'x' }, said] }).ok).toBe(true);
    expect(
      chat({
        messages: [
          { role: 'user', content: 'x' },
          { ...said, thinking: '' },
        ],
      }).ok,
    ).toBe(true);
    refusedAt(
      chat({
        messages: [
          { role: 'user', content: 'x' },
          { ...said, thoughts: 'hmm' },
        ],
      }),
      'messages[1].thoughts',
    );
  });

  it('takes every key Ollama takes in a message and a tool call', () => {
    const result = chat({
      messages: [
        { role: 'user', content: 'x', images: ['iVBORw0KGgo='] },
        { role: 'assistant', content: '', tool_calls: [{ function: { index: 0, name: 'f', arguments: {} } }] },
        { role: 'tool', content: 'ok', tool_name: 'f' },
      ],
      tools: [TOOL],
      options: { temperature: 0.1, top_p: 0.9, seed: 1, stop: ['x'], num_predict: 5, num_thread: 2 },
    });
    expect(result.ok).toBe(true);
  });
});

describe('Anthropic messages: fields inside messages, content blocks and tools', () => {
  const read = (body: Record<string, unknown>): ShapeResult =>
    askFromAnthropic({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }], ...body });

  it.each([
    ['messages[0].weird', { messages: [{ role: 'user', content: 'x', weird: 1 }] }],
    ['messages[0].content[0].foo', { messages: [{ role: 'user', content: [{ type: 'text', text: 'x', foo: 1 }] }] }],
    ['tools[0].bar', { tools: [{ name: 'f', input_schema: { type: 'object' }, bar: 1 }] }],
    ['system[0].foo', { system: [{ type: 'text', text: 's', foo: 1 }] }],
  ])('refuses an unknown key at %s, in Anthropic’s shape', (path, body) => {
    const result = read(body);
    refusedAt(result, path);
    if (!result.ok)
      expect(refusalBody('anthropic', result)).toEqual({
        type: 'error',
        error: { type: 'invalid_request_error', message: expect.stringContaining(path) as string },
      });
  });

  it('takes cache_control on blocks, system texts and tools, and the keys of tool use and results', () => {
    const cache = { type: 'ephemeral' };
    const result = read({
      system: [{ type: 'text', text: 's', cache_control: cache }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'x', cache_control: cache }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'f', input: {} }] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'ok' }], is_error: false },
          ],
        },
      ],
      tools: [{ name: 'f', description: 'd', input_schema: { type: 'object' }, cache_control: cache }],
    });
    expect(result.ok).toBe(true);
  });

  it('takes an earlier turn’s thinking blocks handed back as the API wrote them', () => {
    const thought = [
      { type: 'thinking', thinking: 'hmm', signature: 'c2ln' },
      { type: 'redacted_thinking', data: 'ZGF0YQ==' },
      { type: 'text', text: 'y' },
    ];
    const messages = [
      { role: 'user', content: 'x' },
      { role: 'assistant', content: thought },
      { role: 'user', content: 'z' },
    ];
    expect(read({ messages }).ok).toBe(true);
    const odd = [{ role: 'assistant', content: [{ type: 'thinking', thinking: 'h', mood: 1 }] }];
    refusedAt(read({ messages: [messages[0], ...odd] }), 'messages[1].content[0].mood');
  });
});
