/**
 * Ollama's API through the gateway: requests read into the OpenAI-dialect ask (images, options, `stream` true by
 * default, /api/generate on the chat intent), tools both ways, answers in Ollama's shapes, NDJSON streams (read back
 * by ollama-js itself where tools are in them), and the model list.
 */
import { Ollama } from 'ollama';
import { describe, expect, it } from 'vitest';
import { askFromOllama, imageDataUrl, type OllamaRoute } from '@engine/gateway/api-shapes/ollama';
import { answerForOllama, streamForOllama, tagsForOllama } from '@engine/gateway/api-shapes/ollama-answer';
import type { AnswerResult, GatewayAsk, ShapeResult } from '@engine/gateway/api-shapes/types';

const STAMP = { id: 'task-2', nowMs: Date.UTC(2025, 0, 2, 3, 4, 5), elapsedMs: 1500 };
const TEXT = 'Ollama streams one JSON object per line, and the last one says done with the counts.';
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function ask(route: OllamaRoute, body: Record<string, unknown>): GatewayAsk {
  const r = askFromOllama(route, { model: 'llama3.2:3b', ...body });
  if (!r.ok) throw new Error(r.message);
  return r.ask;
}

function refusal(r: ShapeResult): string {
  if (r.ok) throw new Error('expected a refusal');
  expect(r).toMatchObject({ status: 400, code: 'invalid_request' });
  return r.message;
}

function body(r: AnswerResult): Record<string, unknown> {
  if (!r.ok) throw new Error(r.message);
  return r.body;
}

const chatResult = {
  choices: [{ message: { role: 'assistant', content: TEXT }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 9, completion_tokens: 17, total_tokens: 26 },
};

describe('askFromOllama', () => {
  it('reads /api/chat with images as data-URL parts and streams unless told not to', () => {
    const a = ask('chat', { messages: [{ role: 'user', content: 'What is this?', images: [PNG] }] });
    expect(a).toMatchObject({
      api: 'ollama',
      endpoint: 'chat',
      intent: 'urn:iicp:intent:llm:chat:v1',
      route: 'ollama.chat',
      stream: true,
      timeoutMs: null,
    });
    expect(a.payload.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
        ],
      },
    ]);
    expect(ask('chat', { messages: [{ role: 'user', content: 'x' }], stream: false }).stream).toBe(false);
  });

  it('maps the options the network understands, routes on num_ctx and takes the runtime ones without effect', () => {
    const a = ask('chat', {
      messages: [{ role: 'user', content: 'x' }],
      options: {
        num_predict: 128,
        temperature: 0.3,
        top_p: 0.8,
        stop: ['###'],
        seed: 42,
        num_ctx: 8192,
        num_gpu: 99,
        num_thread: 8,
        mirostat: 0,
      },
      format: 'json',
      keep_alive: '5m',
    });
    expect(a.payload).toEqual({
      model: 'llama3.2:3b',
      messages: [{ role: 'user', content: 'x' }],
      max_tokens: 128,
      temperature: 0.3,
      top_p: 0.8,
      stop: ['###'],
      seed: 42,
      response_format: { type: 'json_object' },
    });
    expect(a.maxTokens).toBe(128);
    expect(a.needs).toEqual({ tools: false, fim: false, contextTokens: 8192 });
    expect(
      ask('chat', { messages: [{ role: 'user', content: 'x' }], options: { num_predict: -1 } }).maxTokens,
    ).toBeNull();
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    expect(ask('chat', { messages: [{ role: 'user', content: 'x' }], format: schema }).payload.response_format).toEqual(
      {
        type: 'json_schema',
        json_schema: { name: 'answer', schema },
      },
    );
  });

  it('asks /api/generate as a chat (system and images too), and raw or suffix as a completion', () => {
    const chat = ask('generate', { prompt: 'Why is the sky blue?', system: 'Be short.', images: [PNG] });
    expect(chat).toMatchObject({ endpoint: 'chat', route: 'ollama.generate', stream: true });
    expect(chat.payload.messages).toEqual([
      { role: 'system', content: 'Be short.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Why is the sky blue?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
        ],
      },
    ]);
    expect(ask('generate', { prompt: 'Hi' }).payload.messages).toEqual([{ role: 'user', content: 'Hi' }]);
    const raw = ask('generate', { prompt: '<s>[INST] hi [/INST]', raw: true, stream: false });
    expect(raw).toMatchObject({
      endpoint: 'completion',
      intent: 'urn:iicp:intent:llm:completion:v1',
      route: 'ollama.generate',
      stream: false,
    });
    expect(raw.payload).toEqual({ model: 'llama3.2:3b', prompt: '<s>[INST] hi [/INST]' });
    expect(ask('generate', { prompt: 'def f(', suffix: '\n  return x' }).payload).toEqual({
      model: 'llama3.2:3b',
      prompt: 'def f(',
      suffix: '\n  return x',
    });
  });

  it('reads /api/embed and the older /api/embeddings', () => {
    expect(ask('embed', { input: ['a', 'b'], truncate: false })).toMatchObject({
      endpoint: 'embedding',
      route: 'ollama.embed',
      stream: false,
      payload: { model: 'llama3.2:3b', input: ['a', 'b'] },
      reply: { inputCount: 2 },
    });
    expect(ask('embeddings', { prompt: 'one' })).toMatchObject({
      route: 'ollama.embeddings',
      payload: { input: 'one' },
      reply: { inputCount: 1 },
    });
  });

  it('refuses what it cannot carry, in plain words', () => {
    expect(refusal(askFromOllama('chat', { messages: [{ role: 'user', content: 'x' }] }))).toBe(
      'model is required: name one of the models the gateway lists.',
    );
    expect(refusal(askFromOllama('chat', { model: 'm', messages: [] }))).toBe('messages must have at least 1 item.');
    expect(refusal(askFromOllama('generate', { model: 'm', prompt: '' }))).toMatch(/^prompt must not be empty/);
    expect(refusal(askFromOllama('generate', { model: 'm' }))).toBe('prompt is required.');
    expect(
      refusal(
        askFromOllama('chat', {
          model: 'm',
          messages: [{ role: 'user', content: 'x' }],
          tools: [{ type: 'function' }],
        }),
      ),
    ).toBe('tools[0].function is required.');
    expect(
      refusal(
        askFromOllama('chat', { model: 'm', messages: [{ role: 'user', content: 'x', images: ['not base64!'] }] }),
      ),
    ).toBe('messages[0].images[0] must be an image in base64.');
    expect(
      refusal(
        askFromOllama('chat', {
          model: 'm',
          messages: [{ role: 'user', content: 'x' }],
          options: { temperature: 'hot' },
        }),
      ),
    ).toBe('options.temperature must be a number.');
    expect(refusal(askFromOllama('embed', { model: 'm', input: [] }))).toBe('input must be a text or a list of texts.');
  });

  it('names an image type from its first bytes', () => {
    expect(imageDataUrl('/9j/4AAQ')).toBe('data:image/jpeg;base64,/9j/4AAQ');
    expect(imageDataUrl('R0lGODlh')).toBe('data:image/gif;base64,R0lGODlh');
    expect(imageDataUrl('data:image/webp;base64,UklGR')).toBe('data:image/webp;base64,UklGR');
  });
});

const WEATHER = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
const TOOLS = [
  { type: 'function', function: { name: 'get_weather', description: 'The weather now', parameters: WEATHER } },
];

describe('askFromOllama with tools', () => {
  it('passes tools as they are and gives each call of the history an id from its place, the results under it', () => {
    const a = ask('chat', {
      tools: TOOLS,
      messages: [
        { role: 'user', content: 'Weather in Paris and Bern?' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [
            { function: { name: 'get_weather', arguments: { city: 'Paris' } } },
            { function: { name: 'get_weather', arguments: '{"city":"Bern"}' } },
          ],
        },
        { role: 'tool', content: '18 C', tool_name: 'get_weather' },
        { role: 'tool', content: '12 C' },
      ],
    });
    expect(a.payload.tools).toEqual(TOOLS);
    expect(a.payload.messages).toEqual([
      { role: 'user', content: 'Weather in Paris and Bern?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          { id: 'call_1_0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_1_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Bern"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1_0', content: '18 C' },
      { role: 'tool', tool_call_id: 'call_1_1', content: '12 C' },
    ]);
  });

  it('answers the call a result names, and keeps an id a client sent', () => {
    const a = ask('chat', {
      messages: [
        { role: 'user', content: 'x' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [{ function: { name: 'a', arguments: {} } }, { id: 'call_b', function: { name: 'b' } }],
        },
        { role: 'tool', content: 'B', tool_name: 'b' },
        { role: 'tool', content: 'A', tool_call_id: 'call_1_0' },
      ],
    });
    expect((a.payload.messages as { tool_call_id?: string }[]).map((m) => m.tool_call_id)).toEqual([
      undefined,
      undefined,
      'call_b',
      'call_1_0',
    ]);
    expect(
      (a.payload.messages as { tool_calls?: { function: { arguments: string } }[] }[])[1]!.tool_calls![1]!.function
        .arguments,
    ).toBe('{}');
  });

  it('refuses a result that answers no call, a tool that is not a function, and arguments that are not an object', () => {
    const chat = (messages: unknown[], extra: Record<string, unknown> = {}) =>
      askFromOllama('chat', { model: 'm', messages, ...extra });
    expect(
      refusal(
        chat([
          { role: 'user', content: 'x' },
          { role: 'tool', content: '1' },
        ]),
      ),
    ).toBe('messages[1] is a tool result, but no earlier assistant message made a tool call it answers.');
    const called = [
      { role: 'user', content: 'x' },
      { role: 'assistant', content: '', tool_calls: [{ function: { name: 'a', arguments: {} } }] },
    ];
    expect(refusal(chat([...called, { role: 'tool', content: '1', tool_name: 'b' }]))).toMatch(
      /^messages\[2\] is a tool result/,
    );
    expect(refusal(chat([...called, { role: 'tool', content: '1' }, { role: 'tool', content: '2' }]))).toMatch(
      /^messages\[3\] is a tool result/,
    );
    expect(refusal(chat([...called, { role: 'tool', content: '1', images: [PNG] }]))).toBe(
      'messages[2].images cannot be sent: a tool result carries text only.',
    );
    expect(
      refusal(chat([{ role: 'user', content: 'x' }], { tools: [{ type: 'code', function: { name: 'f' } }] })),
    ).toMatch(/^tools\[0\]\.type must be/);
    const badArgs = [{ role: 'assistant', content: '', tool_calls: [{ function: { name: 'a', arguments: '[1]' } }] }];
    expect(refusal(chat(badArgs))).toBe('messages[0].tool_calls[0].function.arguments must be a JSON object.');
    expect(refusal(chat([{ role: 'user', content: 'x' }], { tools: Array(129).fill(TOOLS[0]) }))).toBe(
      'tools may have at most 128 items.',
    );
  });
});

/** An Ollama stream as ollama-js itself reads it, through a fetch that answers with these lines. */
async function ollamaJsReads(lines: string[]): Promise<{ parts: Record<string, unknown>[]; thrown: unknown }> {
  const client = new Ollama({
    host: 'http://gateway.invalid',
    fetch: () => Promise.resolve(new Response(lines.join(''), { headers: { 'Content-Type': 'application/x-ndjson' } })),
  });
  const parts: Record<string, unknown>[] = [];
  try {
    for await (const part of await client.chat({ model: 'm', messages: [], stream: true }))
      parts.push(part as unknown as Record<string, unknown>);
  } catch (err) {
    return { parts, thrown: err };
  }
  return { parts, thrown: null };
}

describe('Ollama answers with tool calls', () => {
  const toolResult = (args: string) => ({
    choices: [
      {
        message: {
          role: 'assistant',
          content: '',
          tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'get_weather', arguments: args } }],
        },
        finish_reason: 'tool_calls',
      },
    ],
    usage: { prompt_tokens: 9, completion_tokens: 5, total_tokens: 14 },
  });
  const chatAsk = () => ask('chat', { messages: [{ role: 'user', content: 'x' }], tools: TOOLS });

  it('buffered: the calls in the message, their arguments an object, done_reason stop as Ollama ends them', () => {
    const b = body(answerForOllama(chatAsk(), toolResult('{"city":"Paris"}'), STAMP));
    expect(b.message).toEqual({
      role: 'assistant',
      content: '',
      tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }],
    });
    expect(b).toMatchObject({ done: true, done_reason: 'stop' });
  });

  it('streamed from a whole answer: the calls in one line before the last, as ollama-js reads them', async () => {
    const r = streamForOllama(chatAsk(), toolResult('{"city":"Paris"}'), STAMP);
    if (!r.ok) throw new Error(r.message);
    const { parts, thrown } = await ollamaJsReads(r.frames);
    expect(thrown).toBeNull();
    expect(parts.map((p) => p.message)).toEqual([
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }],
      },
      { role: 'assistant', content: '' },
    ]);
    expect(parts.at(-1)).toMatchObject({ done: true, done_reason: 'stop' });
  });

  it('arguments that are not a JSON object are the node’s fault: 502, buffered or streamed', () => {
    for (const args of ['{"city":', '"Paris"']) {
      expect(answerForOllama(chatAsk(), toolResult(args), STAMP)).toMatchObject({
        ok: false,
        status: 502,
        code: 'invalid_node_answer',
      });
      expect(streamForOllama(chatAsk(), toolResult(args), STAMP)).toMatchObject({
        ok: false,
        status: 502,
        code: 'invalid_node_answer',
      });
    }
    expect(body(answerForOllama(chatAsk(), toolResult(''), STAMP)).message).toMatchObject({
      tool_calls: [{ function: { name: 'get_weather', arguments: {} } }],
    });
  });
});

describe('answerForOllama', () => {
  it('answers /api/chat with the message and the counts', () => {
    expect(
      body(answerForOllama(ask('chat', { messages: [{ role: 'user', content: 'x' }] }), chatResult, STAMP)),
    ).toEqual({
      model: 'llama3.2:3b',
      created_at: '2025-01-02T03:04:05.000Z',
      message: { role: 'assistant', content: TEXT },
      done: true,
      done_reason: 'stop',
      total_duration: 1_500_000_000,
      load_duration: 0,
      prompt_eval_count: 9,
      eval_count: 17,
      eval_duration: 1_500_000_000,
    });
  });

  it('answers /api/generate with response, from a chat or a completion result', () => {
    const fromChat = body(answerForOllama(ask('generate', { prompt: 'x' }), chatResult, STAMP));
    expect(fromChat).toMatchObject({ response: TEXT, done: true });
    expect(fromChat).not.toHaveProperty('message');
    const fromCompletion = body(
      answerForOllama(
        ask('generate', { prompt: 'x', raw: true }),
        { choices: [{ text: 'abc', finish_reason: 'length' }] },
        { id: 'i', nowMs: 0 },
      ),
    );
    expect(fromCompletion).toMatchObject({
      response: 'abc',
      done_reason: 'length',
      total_duration: 0,
      prompt_eval_count: 0,
      eval_count: 0,
    });
    expect(fromCompletion).not.toHaveProperty('eval_duration');
  });

  it('answers /api/embed with embeddings and /api/embeddings with one embedding', () => {
    const result = {
      data: [{ embedding: [1, 2] }, { embedding: [3, 4] }],
      usage: { prompt_tokens: 6, total_tokens: 6 },
    };
    expect(body(answerForOllama(ask('embed', { input: ['a', 'b'] }), result, STAMP))).toEqual({
      model: 'llama3.2:3b',
      embeddings: [
        [1, 2],
        [3, 4],
      ],
      total_duration: 1_500_000_000,
      load_duration: 0,
      prompt_eval_count: 6,
    });
    expect(body(answerForOllama(ask('embeddings', { prompt: 'a' }), { data: [{ embedding: [5, 6] }] }, STAMP))).toEqual(
      { embedding: [5, 6] },
    );
  });

  it('refuses a result of the wrong shape', () => {
    expect(answerForOllama(ask('chat', { messages: [{ role: 'user', content: 'x' }] }), { data: [] })).toMatchObject({
      ok: false,
      status: 502,
    });
  });
});

describe('streamForOllama', () => {
  it('streams NDJSON: valid JSON lines, pieces joining to the text, then done with the counts', () => {
    const r = streamForOllama(ask('chat', { messages: [{ role: 'user', content: 'x' }] }), chatResult, STAMP);
    if (!r.ok) throw new Error(r.message);
    expect(r.contentType).toBe('application/x-ndjson');
    for (const f of r.frames) expect(f.endsWith('\n') && f.indexOf('\n') === f.length - 1).toBe(true);
    const lines = r.frames.map(
      (f) => JSON.parse(f) as { message: { content: string }; done: boolean; eval_count?: number },
    );
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.slice(0, -1).every((l) => !l.done)).toBe(true);
    expect(lines.map((l) => l.message.content).join('')).toBe(TEXT);
    expect(lines.at(-1)).toMatchObject({
      done: true,
      done_reason: 'stop',
      message: { role: 'assistant', content: '' },
      prompt_eval_count: 9,
      eval_count: 17,
    });
  });

  it('streams /api/generate with response pieces', () => {
    const r = streamForOllama(ask('generate', { prompt: 'x' }), chatResult, STAMP);
    if (!r.ok) throw new Error(r.message);
    const lines = r.frames.map((f) => JSON.parse(f) as { response: string; done: boolean });
    expect(lines.map((l) => l.response).join('')).toBe(TEXT);
    expect(lines.at(-1)!.done).toBe(true);
  });
});

describe('tagsForOllama', () => {
  it('lists the models as Ollama does', () => {
    expect(tagsForOllama([{ id: 'qwen2.5:7b', ownedBy: 'iicp' }], STAMP.nowMs)).toEqual({
      models: [
        {
          name: 'qwen2.5:7b',
          model: 'qwen2.5:7b',
          modified_at: '2025-01-02T03:04:05.000Z',
          size: 0,
          digest: '',
          details: {
            parent_model: '',
            format: '',
            family: '',
            families: [],
            parameter_size: '',
            quantization_level: '',
          },
        },
      ],
    });
  });
});
