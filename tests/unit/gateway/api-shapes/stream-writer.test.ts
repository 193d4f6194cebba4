import { describe, expect, it } from 'vitest';
import { Stream as OpenAIStream } from 'openai/core/streaming';
import { APIError as OpenAIError } from 'openai';
import { Stream as AnthropicStream } from '@anthropic-ai/sdk/core/streaming';
import { Ollama } from 'ollama';
import { streamWriterFor, type StreamAsk, type StreamDelta } from '@engine/gateway/api-shapes/stream-writer';
import { readStreamEnd, readStreamPiece } from '@engine/gateway/api-shapes/stream-piece';
import { readSse } from './sse-reader';

const STAMP = { id: 'task-1', nowMs: Date.UTC(2026, 0, 2, 3, 4, 5) };
const ask = (o: Partial<StreamAsk> = {}): StreamAsk => ({
  api: 'openai',
  endpoint: 'chat',
  route: 'openai.chat',
  model: 'm1',
  reply: { includeUsage: false },
  ...o,
});
const text = (t: string): StreamDelta => ({ text: t, toolCalls: [] });
const USAGE = { prompt: 7, completion: 3, total: 10 };

/**
 * The frames of a whole answer, as the route writes them: the opening with the first piece, then each piece, then the
 * end.
 */
function written(
  a: StreamAsk,
  pieces: StreamDelta[],
  end: 'close' | 'fail',
  finishReason: string | null = 'stop',
): string {
  const w = streamWriterFor(a, STAMP, () => 1500);
  let out = w.open();
  for (const p of pieces) out += w.piece(p);
  return (
    out +
    (end === 'close'
      ? w.close({ finishReason, usage: USAGE })
      : w.fail(502, 'stream_gap', 'A chunk of the sealed stream is missing.'))
  );
}

/** Every item a client library's own SSE parser yields, and what it threw at the end. */
async function parsed<T>(
  make: (r: Response, c: AbortController) => AsyncIterable<T>,
  body: string,
): Promise<{ items: T[]; thrown: unknown }> {
  const items: T[] = [];
  try {
    for await (const item of make(
      new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }),
      new AbortController(),
    ))
      items.push(item);
  } catch (err) {
    return { items, thrown: err };
  }
  return { items, thrown: null };
}

const openaiParse = (body: string) =>
  parsed<Record<string, unknown>>((r, c) => OpenAIStream.fromSSEResponse(r, c), body);
const anthropicParse = (body: string) =>
  parsed<Record<string, unknown>>((r, c) => AnthropicStream.fromSSEResponse(r, c), body);

describe('OpenAI streams as OpenAI writes them', () => {
  it('chat: the role first, content deltas, tool-call deltas as they came, the finish reason, the usage chunk, [DONE]', async () => {
    const a = ask({ reply: { includeUsage: true } });
    const pieces = [
      text('Hel'),
      text('lo'),
      {
        text: '',
        toolCalls: [
          { index: 0, id: 'call_1', type: 'function' as const, function: { name: 'weather', arguments: '' } },
        ],
      },
      { text: '', toolCalls: [{ index: 0, function: { arguments: '{"city":' } }] },
      { text: '', toolCalls: [{ index: 0, function: { arguments: '"Bern"}' } }] },
    ];
    const body = written(a, pieces, 'close', 'tool_calls');
    expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
    const { items, thrown } = await openaiParse(body);
    expect(thrown).toBeNull();
    expect(items.map((c) => c.object)).toEqual(Array(8).fill('chat.completion.chunk'));
    expect(
      items.every(
        (c) => c.id === 'chatcmpl-task-1' && c.model === 'm1' && c.created === Math.floor(STAMP.nowMs / 1000),
      ),
    ).toBe(true);
    const deltas = items.map((c) => (c.choices as { delta?: unknown; finish_reason?: unknown }[])[0]);
    expect(deltas[0]).toEqual({
      index: 0,
      delta: { role: 'assistant', content: '' },
      logprobs: null,
      finish_reason: null,
    });
    expect(
      deltas
        .slice(1, 3)
        .map((d) => (d!.delta as { content: string }).content)
        .join(''),
    ).toBe('Hello');
    expect(deltas[3]!.delta).toEqual({
      tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'weather', arguments: '' } }],
    });
    expect(deltas[4]!.delta).toEqual({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] });
    expect(deltas[6]).toMatchObject({ delta: {}, finish_reason: 'tool_calls' });
    // Every chunk but the last says `usage: null`; the last has no choices and the usage.
    expect(items.slice(0, 7).every((c) => c.usage === null)).toBe(true);
    expect(items[7]).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 },
    });
  });

  it('chat without include_usage: no usage anywhere; completions: text_completion chunks', async () => {
    const { items } = await openaiParse(written(ask(), [text('a'), text('b')], 'close'));
    expect(items.some((c) => 'usage' in c)).toBe(false);
    expect(items.at(-1)!.choices).toEqual([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]);
    const completion = await openaiParse(
      written(
        ask({ endpoint: 'completion', route: 'openai.completion', reply: { includeUsage: true } }),
        [text('x'), text('y')],
        'close',
        'length',
      ),
    );
    expect(completion.items.map((c) => c.object)).toEqual([
      'text_completion',
      'text_completion',
      'text_completion',
      'text_completion',
    ]);
    expect(
      completion.items
        .slice(0, 3)
        .map((c) => (c.choices as { text: string }[])[0]!.text)
        .join(''),
    ).toBe('xy');
    expect(completion.items[2]!.choices).toEqual([{ text: '', index: 0, logprobs: null, finish_reason: 'length' }]);
    expect(completion.items[3]).toMatchObject({ id: 'cmpl-task-1', choices: [], usage: { total_tokens: 10 } });
  });

  it('a failure after the answer began: one error event the openai package throws, and no [DONE]', async () => {
    const body = written(ask(), [text('Hel')], 'fail');
    expect(body).not.toContain('[DONE]');
    const { items, thrown } = await openaiParse(body);
    expect(items).toHaveLength(2);
    expect(thrown).toBeInstanceOf(OpenAIError);
    expect((thrown as { error: unknown }).error).toMatchObject({
      code: 'stream_gap',
      type: 'server_error',
      message: 'A chunk of the sealed stream is missing.',
    });
  });
});

describe('Ollama streams as Ollama writes them', () => {
  const lines = (body: string) =>
    body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it('/api/chat: message pieces with done false, then done true with the reason and the counts', () => {
    const out = lines(
      written(ask({ api: 'ollama', route: 'ollama.chat' }), [text('Hel'), text('lo')], 'close', 'length'),
    );
    expect(out.slice(0, 2)).toEqual([
      {
        model: 'm1',
        created_at: '2026-01-02T03:04:06.500Z',
        message: { role: 'assistant', content: 'Hel' },
        done: false,
      },
      {
        model: 'm1',
        created_at: '2026-01-02T03:04:06.500Z',
        message: { role: 'assistant', content: 'lo' },
        done: false,
      },
    ]);
    expect(out[2]).toMatchObject({
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: 'length',
      prompt_eval_count: 7,
      eval_count: 3,
      total_duration: 1.5e9,
      eval_duration: 1.5e9,
    });
  });

  it('/api/generate says `response`; a failure is one {"error"} line', () => {
    const out = lines(written(ask({ api: 'ollama', route: 'ollama.generate' }), [text('Hi')], 'fail'));
    expect(out).toEqual([
      { model: 'm1', created_at: '2026-01-02T03:04:06.500Z', response: 'Hi', done: false },
      { error: 'A chunk of the sealed stream is missing.' },
    ]);
  });
});

describe('Ollama tool calls, gathered and written whole as Ollama writes them', () => {
  const call = (index: number, name: string | undefined, args: string): StreamDelta => ({
    text: '',
    toolCalls: [
      {
        index,
        ...(name ? { id: `call_${index}`, type: 'function' as const } : {}),
        function: { ...(name ? { name } : {}), arguments: args },
      },
    ],
  });
  /** What ollama-js itself yields for the frames, and what it threw. */
  async function ollamaJsReads(body: string): Promise<{ parts: Record<string, unknown>[]; thrown: unknown }> {
    const client = new Ollama({
      host: 'http://gateway.invalid',
      fetch: () => Promise.resolve(new Response(body, { headers: { 'Content-Type': 'application/x-ndjson' } })),
    });
    const parts: Record<string, unknown>[] = [];
    try {
      for await (const part of await client.chat({ model: 'm1', messages: [], stream: true }))
        parts.push(part as unknown as Record<string, unknown>);
    } catch (err) {
      return { parts, thrown: err };
    }
    return { parts, thrown: null };
  }
  const chat = ask({ api: 'ollama', route: 'ollama.chat' });

  it('each call in one line once complete: when the next starts, and the last before the end; done_reason stop', async () => {
    const w = streamWriterFor(chat, STAMP, () => 1500);
    let body = w.open() + w.piece(text('Hi')) + w.piece(call(0, 'get_weather', '{"city":'));
    expect(body).not.toContain('tool_calls');
    expect(w.piece(call(0, undefined, ' "Paris"}'))).toBe('');
    const next = w.piece(call(1, 'get_time', '{}'));
    expect(next).toContain('"get_weather"');
    expect(next).not.toContain('"get_time"');
    body += next + w.close({ finishReason: 'tool_calls', usage: USAGE });
    const { parts, thrown } = await ollamaJsReads(body);
    expect(thrown).toBeNull();
    expect(parts.map((p) => p.message)).toEqual([
      { role: 'assistant', content: 'Hi' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }],
      },
      { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_time', arguments: {} } }] },
      { role: 'assistant', content: '' },
    ]);
    expect(parts.at(-1)).toMatchObject({ done: true, done_reason: 'stop', eval_count: 3 });
  });

  it('arguments that are not a JSON object end the answer with one error line that ollama-js throws, and nothing after', async () => {
    const w = streamWriterFor(chat, STAMP, () => 1500);
    let body = w.open() + w.piece(call(0, 'get_weather', '{"city":')) + w.piece(call(1, 'get_time', '{}'));
    body +=
      w.piece(text('more')) + w.close({ finishReason: 'tool_calls', usage: USAGE }) + w.fail(502, 'stream_gap', 'gone');
    expect(
      body
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual([{ error: "The node's answer called a tool with arguments that are not a JSON object." }]);
    const { thrown } = await ollamaJsReads(body);
    expect(String(thrown)).toContain('not a JSON object');
  });

  it('/api/generate takes no tools: a call there writes nothing', () => {
    const w = streamWriterFor(ask({ api: 'ollama', route: 'ollama.generate' }), STAMP, () => 1500);
    expect(w.piece(call(0, 'get_weather', '{}'))).toBe('');
    expect(w.close({ finishReason: 'stop', usage: USAGE })).not.toContain('tool_calls');
  });
});

describe('Anthropic streams as Anthropic writes them', () => {
  const a = ask({ api: 'anthropic', route: 'anthropic.messages' });

  it('message_start, a text block with its deltas, a tool_use block with input_json_delta, message_delta, message_stop', async () => {
    const body = written(
      a,
      [
        text('Hel'),
        text('lo'),
        {
          text: '',
          toolCalls: [{ index: 0, id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{"ci' } }],
        },
        { text: '', toolCalls: [{ index: 0, function: { arguments: 'ty":"Bern"}' } }] },
      ],
      'close',
      'tool_calls',
    );
    const { items, thrown } = await anthropicParse(body);
    expect(thrown).toBeNull();
    expect(readSse(body).map((e) => e.event)).toEqual(items.map((e) => e.type));
    expect(items.map((e) => e.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(items[0]).toMatchObject({ message: { id: 'msg_task-1', role: 'assistant', model: 'm1', content: [] } });
    expect(items[5]).toEqual({
      type: 'content_block_start',
      index: 1,
      content_block: { type: 'tool_use', id: 'toolu_1', name: 'weather', input: {} },
    });
    expect(items[7]).toEqual({
      type: 'content_block_delta',
      index: 1,
      delta: { type: 'input_json_delta', partial_json: 'ty":"Bern"}' },
    });
    expect(items[9]).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { input_tokens: 7, output_tokens: 3 },
    });
  });

  it('a tool call whose arguments are not a JSON object ends with `event: error` when its block ends, and nothing after', async () => {
    const w = streamWriterFor(a, STAMP, () => 1500);
    let body =
      w.open() +
      w.piece({
        text: '',
        toolCalls: [{ index: 0, id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{"ci' } }],
      });
    body +=
      w.piece(text('after')) +
      w.close({ finishReason: 'tool_calls', usage: USAGE }) +
      w.fail(502, 'stream_gap', 'gone');
    const { items, thrown } = await anthropicParse(body);
    expect(items.map((e) => e.type)).toEqual(['message_start', 'content_block_start', 'content_block_delta']);
    expect(readSse(body).map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'error',
    ]);
    expect(String(thrown)).toContain("The node's answer called a tool with arguments that are not a JSON object.");
  });

  it('an empty answer still has one block; a failure is `event: error`, which the SDK throws', async () => {
    const empty = await anthropicParse(written(a, [], 'close', 'length'));
    expect(empty.items.map((e) => e.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(empty.items[3]).toMatchObject({ delta: { stop_reason: 'max_tokens' } });
    const failed = await anthropicParse(written(a, [text('Hel')], 'fail'));
    expect(failed.items.map((e) => e.type)).toEqual(['message_start', 'content_block_start', 'content_block_delta']);
    expect(String(failed.thrown)).toContain('A chunk of the sealed stream is missing.');
  });
});

describe('a node’s stream pieces read as foreign input', () => {
  const bytes = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));

  it('a text, or content with tool-call deltas; anything else is refused, never thrown', () => {
    expect(readStreamPiece(bytes('"Hello"'))).toEqual({ text: 'Hello', toolCalls: [] });
    expect(
      readStreamPiece(
        bytes({
          content: null,
          tool_calls: [{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{' } }],
        }),
      ),
    ).toEqual({
      text: '',
      toolCalls: [{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{' } }],
    });
    for (const bad of [
      'not json',
      '7',
      '[]',
      '{"content":7}',
      '{"tool_calls":{}}',
      '{"tool_calls":[{"index":-1}]}',
      '{"tool_calls":[{"index":0,"type":"code"}]}',
    ]) {
      expect(readStreamPiece(bytes(bad))).toBeNull();
    }
    expect(
      readStreamPiece(bytes({ tool_calls: Array.from({ length: 65 }, (_, index) => ({ index: index % 100 })) })),
    ).toBeNull();
    expect(readStreamPiece(bytes({ tool_calls: [{ index: 0, id: 'x'.repeat(257) }] }))).toBeNull();
  });

  it('the end: the reason when it is a plain word, the usage when readable, else not said', () => {
    expect(
      readStreamEnd(
        bytes({
          finish_reason: 'stop',
          usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
          model: 'm',
        }),
      ),
    ).toEqual({
      finishReason: 'stop',
      usage: { prompt: 1, completion: 2, total: 3 },
    });
    expect(readStreamEnd(bytes({ finish_reason: 'STOP\u202e', usage: { prompt_tokens: -1 } }))).toEqual({
      finishReason: null,
      usage: null,
    });
    expect(readStreamEnd(bytes('"done"'))).toBeNull();
  });
});

describe('one tool call when the app asked for one', () => {
  const first = { index: 0, id: 'call_a', type: 'function' as const, function: { name: 'get_weather', arguments: '' } };
  const second = { index: 1, id: 'call_b', type: 'function' as const, function: { name: 'get_time', arguments: '' } };
  const pieces: StreamDelta[] = [
    { text: '', toolCalls: [first] },
    { text: '', toolCalls: [{ index: 0, function: { arguments: '{"city":"Paris"}' } }, second] },
    { text: '', toolCalls: [{ index: 1, function: { arguments: '{"zone":"UTC"}' } }] },
  ];

  it('OpenAI: the later call and its argument deltas are not written', async () => {
    const body = written(ask({ reply: { includeUsage: false, oneToolCall: true } }), pieces, 'close', 'tool_calls');
    expect(body).not.toContain('call_b');
    expect(body).not.toContain('UTC');
    const { items } = await openaiParse(body);
    const calls = items.flatMap(
      (c) => (c.choices as { delta: { tool_calls?: { index: number }[] } }[])[0]!.delta.tool_calls ?? [],
    );
    expect(calls.map((c) => c.index)).toEqual([0, 0]);
    expect(written(ask(), pieces, 'close', 'tool_calls')).toContain('call_b');
  });

  it('Ollama: one call in its line', () => {
    const out = written(
      ask({ api: 'ollama', route: 'ollama.chat', reply: { includeUsage: false, oneToolCall: true } }),
      pieces,
      'close',
      'tool_calls',
    );
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { message?: { tool_calls?: unknown[] } });
    expect(lines.flatMap((l) => l.message?.tool_calls ?? [])).toEqual([
      { function: { name: 'get_weather', arguments: { city: 'Paris' } } },
    ]);
  });

  it('Anthropic: one tool_use block', () => {
    const out = written(
      ask({ api: 'anthropic', route: 'anthropic.messages', reply: { includeUsage: false, oneToolCall: true } }),
      pieces,
      'close',
      'tool_calls',
    );
    const starts = readSse(out).filter((e) => e.event === 'content_block_start');
    expect(starts.map((e) => (JSON.parse(e.data) as { content_block: { id?: string } }).content_block.id)).toEqual([
      'call_a',
    ]);
    expect(out).not.toContain('UTC');
  });
});
