/**
 * OpenAI requests read into the gateway's ask: what reaches the IICP payload (and what never does), and the plain
 * refusals of requests that cannot be read.
 */
import { describe, expect, it } from 'vitest';
import { askFromOpenAI } from '@engine/gateway/api-shapes/openai';
import type { GatewayAsk, ShapeResult } from '@engine/gateway/api-shapes/types';

function asked(r: ShapeResult): GatewayAsk {
  if (!r.ok) throw new Error(`refused: ${r.message}`);
  return r.ask;
}

function refusal(r: ShapeResult): { status: number; code: string; message: string } {
  if (r.ok) throw new Error('expected a refusal');
  return { status: r.status, code: r.code, message: r.message };
}

const hello = [{ role: 'user', content: 'Hello' }];

describe('askFromOpenAI: chat', () => {
  it('reads a plain chat into the chat intent with the model in the payload', () => {
    const ask = asked(askFromOpenAI('chat', { model: 'llama3.1:8b', messages: hello }));
    expect(ask).toEqual({
      api: 'openai',
      endpoint: 'chat',
      intent: 'urn:iicp:intent:llm:chat:v1',
      model: 'llama3.1:8b',
      payload: { model: 'llama3.1:8b', messages: [{ role: 'user', content: 'Hello' }] },
      maxTokens: null,
      stream: false,
      timeoutMs: null,
      route: 'openai.chat',
      reply: { includeUsage: false, embeddingFormat: 'float', inputCount: null },
    });
  });

  it('passes the sampling settings OpenAI defines and nothing else', () => {
    const ask = asked(
      askFromOpenAI('chat', {
        model: 'm',
        messages: hello,
        temperature: 0.2,
        top_p: 0.9,
        stop: 'END',
        max_tokens: 64,
        presence_penalty: 0.5,
        frequency_penalty: -0.5,
        seed: 7,
        n: 1,
        response_format: { type: 'json_object' },
        stream: true,
        stream_options: { include_usage: true },
        user: 'alice@example.com',
        logit_bias: {},
        metadata: { x: 1 },
        service_tier: 'auto',
      }),
    );
    expect(ask.payload).toEqual({
      model: 'm',
      messages: hello,
      temperature: 0.2,
      top_p: 0.9,
      stop: ['END'],
      max_tokens: 64,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
      seed: 7,
      response_format: { type: 'json_object' },
    });
    expect(ask.stream).toBe(true);
    expect(ask.maxTokens).toBe(64);
    expect(ask.reply.includeUsage).toBe(true);
    for (const never of ['stream', 'stream_options', 'user', 'n', 'metadata', 'service_tier', 'logit_bias'])
      expect(ask.payload).not.toHaveProperty(never);
  });

  it('takes max_completion_tokens as max_tokens, and null as not said', () => {
    const ask = asked(
      askFromOpenAI('chat', {
        model: 'm',
        messages: hello,
        max_completion_tokens: 100,
        max_tokens: 5,
        temperature: null,
        stop: null,
      }),
    );
    expect(ask.payload).toEqual({ model: 'm', messages: hello, max_tokens: 100 });
    expect(ask.maxTokens).toBe(100);
  });

  it('passes tools and tool calls, and maps the developer role to system', () => {
    const tools = [
      {
        type: 'function',
        function: { name: 'weather', description: 'Weather', parameters: { type: 'object', properties: {} } },
      },
    ];
    const messages = [
      { role: 'developer', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
    ];
    const ask = asked(askFromOpenAI('chat', { model: 'm', messages, tools, tool_choice: 'auto' }));
    expect(ask.payload.tools).toEqual(tools);
    expect(ask.payload.tool_choice).toBe('auto');
    expect(ask.payload.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      messages[1],
      { role: 'assistant', content: null, tool_calls: messages[2]!.tool_calls },
      { role: 'tool', content: 'Sunny', tool_call_id: 'call_1' },
    ]);
  });

  it('refuses a request without a model with a plain sentence', () => {
    expect(refusal(askFromOpenAI('chat', { messages: hello }))).toEqual({
      status: 400,
      code: 'invalid_request',
      message: 'model is required: name one of the models the gateway lists.',
    });
    expect(refusal(askFromOpenAI('chat', { model: '   ', messages: hello })).message).toBe('model must not be empty.');
  });

  it('refuses empty messages, wrong types and a body that is not an object', () => {
    expect(refusal(askFromOpenAI('chat', { model: 'm', messages: [] })).message).toBe(
      'messages must have at least 1 item.',
    );
    expect(refusal(askFromOpenAI('chat', { model: 'm', messages: 'hi' })).message).toBe('messages must be a list.');
    expect(refusal(askFromOpenAI('chat', { model: 'm', messages: [{ role: 'user', content: 5 }] })).message).toBe(
      'messages[0].content must be a text or a list of content parts.',
    );
    expect(
      refusal(askFromOpenAI('chat', { model: 'm', messages: [{ role: 'wizard', content: 'x' }] })).message,
    ).toMatch(/^messages\[0\]\.role must be one of system, developer/);
    expect(refusal(askFromOpenAI('chat', { model: 'm', messages: [{ role: 'user' }] })).message).toBe(
      'messages[0] must have content.',
    );
    expect(refusal(askFromOpenAI('chat', { model: 'm', messages: hello, temperature: 3 })).message).toBe(
      'temperature must be at most 2.',
    );
    expect(refusal(askFromOpenAI('chat', { model: 'm', messages: hello, max_tokens: 1.5 })).message).toBe(
      'max_tokens must be a whole number.',
    );
    expect(refusal(askFromOpenAI('chat', { model: 'm', messages: hello, n: 50 })).message).toBe('n must be at most 8.');
    for (const body of [null, [], 'text', 42])
      expect(refusal(askFromOpenAI('chat', body)).message).toBe('The request body must be a JSON object.');
  });

  it('refuses long lists before reading their items, and bodies nested too deep', () => {
    const many = Array.from({ length: 5000 }, () => 1);
    expect(refusal(askFromOpenAI('chat', { model: 'm', messages: many })).message).toBe(
      'messages may have at most 4096 items.',
    );
    let deep: unknown = 'x';
    for (let i = 0; i < 100; i++) deep = { a: deep };
    expect(refusal(askFromOpenAI('chat', { model: 'm', messages: hello, response_format: deep })).message).toMatch(
      /nested deeper than 64/,
    );
  });
});

describe('askFromOpenAI: completions and embeddings', () => {
  it('reads a completion into the completion intent', () => {
    const ask = asked(
      askFromOpenAI('completion', {
        model: 'm',
        prompt: ['Once upon'],
        max_tokens: 10,
        stream: true,
        echo: false,
        suffix: '',
      }),
    );
    expect(ask.intent).toBe('urn:iicp:intent:llm:completion:v1');
    expect(ask.route).toBe('openai.completion');
    expect(ask.payload).toEqual({ model: 'm', prompt: 'Once upon', max_tokens: 10 });
    expect(ask.stream).toBe(true);
    expect(ask.reply.includeUsage).toBe(false);
  });

  it('refuses a completion with several prompts or none', () => {
    expect(refusal(askFromOpenAI('completion', { model: 'm', prompt: ['a', 'b'] })).message).toBe(
      'prompt must be a text (a list may hold only one).',
    );
    expect(refusal(askFromOpenAI('completion', { model: 'm' })).message).toBe('prompt is required.');
  });

  it('reads embeddings with the input count and the encoding the app wants', () => {
    const ask = asked(
      askFromOpenAI('embedding', {
        model: 'nomic-embed-text',
        input: ['a', 'b', 'c'],
        encoding_format: 'base64',
        dimensions: 256,
        user: 'u',
      }),
    );
    expect(ask.intent).toBe('urn:iicp:intent:llm:embedding:v1');
    expect(ask.payload).toEqual({ model: 'nomic-embed-text', input: ['a', 'b', 'c'], dimensions: 256 });
    expect(ask.reply).toEqual({ includeUsage: false, embeddingFormat: 'base64', inputCount: 3 });
    expect(ask.stream).toBe(false);
    expect(asked(askFromOpenAI('embedding', { model: 'e', input: 'one' })).reply.inputCount).toBe(1);
  });

  it('refuses empty and token-list embedding inputs', () => {
    expect(refusal(askFromOpenAI('embedding', { model: 'e', input: [] })).message).toMatch(
      /^input must be a text or a list of texts/,
    );
    expect(refusal(askFromOpenAI('embedding', { model: 'e', input: [[1, 2, 3]] })).message).toMatch(
      /token lists are not taken/,
    );
  });
});
