import { describe, expect, it } from 'vitest';
import { StreamEvents, framingOf, wholeAnswerFacts, type StreamEvent } from '@engine/backends/stream-events';

/** Feeds `text` cut into pieces of `step` bytes (0: whole) and collects every event until the sink says stop. */
function read(
  framing: 'sse' | 'ndjson',
  text: string | Buffer,
  o: { completion?: boolean; step?: number; maxLine?: number; stopAt?: StreamEvent['kind'] } = {},
) {
  const events: StreamEvent[] = [];
  const reader = new StreamEvents(framing, o.completion ?? false, o.maxLine);
  const sink = (e: StreamEvent): boolean => {
    events.push(e);
    return e.kind !== (o.stopAt ?? 'done');
  };
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const step = o.step && o.step > 0 ? o.step : bytes.length;
  const results: string[] = [];
  for (let i = 0; i < bytes.length; i += step) results.push(reader.push(bytes.subarray(i, i + step), sink));
  reader.end(sink);
  return { events, results };
}

const texts = (events: StreamEvent[]): string[] =>
  events.flatMap((e) => (e.kind === 'chunk' && e.facts.text !== '' ? [e.facts.text] : []));

// What each server writes, as captured from them (trimmed to the fields that differ).
const OLLAMA = [
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"llama3.2:3b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]}',
  '',
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"llama3.2:3b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"lo"},"finish_reason":null}]}',
  '',
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"llama3.2:3b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"stop"}]}',
  '',
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"llama3.2:3b","system_fingerprint":"fp_ollama","choices":[],"usage":{"prompt_tokens":11,"completion_tokens":2,"total_tokens":13}}',
  '',
  'data: [DONE]',
  '',
  '',
].join('\n');

const LLAMA_SERVER = [
  'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"created":1,"id":"chatcmpl-x","model":"/home/me/models/qwen.gguf","object":"chat.completion.chunk"}',
  '',
  'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":"Hi"}}],"created":1,"id":"chatcmpl-x","model":"/home/me/models/qwen.gguf","object":"chat.completion.chunk"}',
  '',
  'data: {"choices":[{"finish_reason":"stop","index":0,"delta":{}}],"created":1,"id":"chatcmpl-x","model":"/home/me/models/qwen.gguf","object":"chat.completion.chunk","usage":{"completion_tokens":1,"prompt_tokens":9,"total_tokens":10},"timings":{"prompt_n":9,"prompt_ms":10.1,"predicted_n":1,"predicted_ms":3.2}}',
  '',
  'data: [DONE]',
  '',
  '',
].join('\r\n');

describe('server-sent events as each server writes them', () => {
  it("reads Ollama's /v1 stream: text per chunk, the finish reason, the usage chunk without choices, then [DONE]", () => {
    const { events } = read('sse', OLLAMA);
    expect(texts(events)).toEqual(['Hel', 'lo']);
    expect(events.map((e) => e.kind)).toEqual(['chunk', 'chunk', 'chunk', 'chunk', 'done']);
    const finish = events[2]!;
    expect(finish.kind === 'chunk' && finish.facts).toMatchObject({ finishReason: 'stop', written: false });
    const usage = events[3]!;
    expect(usage.kind === 'chunk' && usage.facts).toMatchObject({
      usage: { prompt: 11, completion: 2, total: 13, unreadable: false },
      finishReason: undefined,
    });
  });

  it("reads llama-server's stream with CRLF line ends: a null content is no text, the final chunk carries usage and timings", () => {
    const { events } = read('sse', LLAMA_SERVER);
    expect(texts(events)).toEqual(['Hi']);
    const first = events[0]!;
    expect(first.kind === 'chunk' && first.facts.written).toBe(false);
    const last = events[2]!;
    expect(last.kind === 'chunk' && last.facts).toMatchObject({
      finishReason: 'stop',
      usage: { total: 10 },
      timings: { prompt: 9, predicted: 1 },
    });
    expect(events[3]).toEqual({ kind: 'done' });
  });

  it('reads the same events whatever way the bytes are cut, down to one byte at a time', () => {
    const whole = read('sse', OLLAMA).events;
    for (const step of [1, 2, 7, 64]) expect(read('sse', OLLAMA, { step }).events).toEqual(whole);
  });

  it('keeps a character cut between two reads whole', () => {
    const line = Buffer.from('data: {"choices":[{"index":0,"delta":{"content":"né 🙂"}}]}\n\n');
    const { events } = read('sse', line, { step: 1 });
    expect(texts(events)).toEqual(['né 🙂']);
  });

  it('reads /v1/completions chunks by their text', () => {
    const sse =
      'data: {"object":"text_completion","choices":[{"index":0,"text":"Once","finish_reason":null}]}\n\ndata: {"choices":[{"index":0,"text":" upon","finish_reason":"length"}]}\n\ndata: [DONE]\n\n';
    const { events } = read('sse', sse, { completion: true });
    expect(texts(events)).toEqual(['Once', ' upon']);
    expect(events[1]!.kind === 'chunk' && events[1]!.facts.finishReason).toBe('length');
  });

  it('passes tool-call deltas with only the known fields, an index where one is missing, and object arguments as JSON text', () => {
    const sse =
      'data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"weather","arguments":""},"extra":"x"}]}}]}\n\n' +
      'data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\":"}}]}}]}\n\n' +
      'data: {"choices":[{"index":0,"delta":{"tool_calls":[{"id":"call_2","function":{"name":"time","arguments":{"tz":"UTC"}}},"junk"]}}]}\n\n';
    const { events } = read('sse', sse);
    const calls = events.map((e) => (e.kind === 'chunk' ? e.facts.toolCalls : null));
    expect(calls).toEqual([
      [{ index: 0, id: 'call_1', type: 'function', function: { name: 'weather', arguments: '' } }],
      [{ index: 0, function: { arguments: '{"city":' } }],
      [{ index: 0, id: 'call_2', function: { name: 'time', arguments: '{"tz":"UTC"}' } }],
    ]);
    expect(events.every((e) => e.kind === 'chunk' && e.facts.written)).toBe(true);
  });

  it('counts a reasoning delta as written, without passing it as text', () => {
    const { events } = read(
      'sse',
      'data: {"choices":[{"index":0,"delta":{"reasoning_content":"hmm"}}]}\n\ndata: {"choices":[{"index":0,"delta":{"reasoning":"so"}}]}\n\n',
    );
    expect(events.map((e) => e.kind === 'chunk' && e.facts.written)).toEqual([true, true]);
    expect(texts(events)).toEqual([]);
  });

  it('ignores comments, event names, ids and unknown fields', () => {
    const { events } = read(
      'sse',
      ': ping\n\nevent: message\nid: 4\nretry: 10\nfoo\ndata: {"choices":[{"index":0,"delta":{"content":"x"}}]}\n\n',
    );
    expect(texts(events)).toEqual(['x']);
    expect(events).toHaveLength(1);
  });

  it('joins an event written over several data lines at its blank line', () => {
    const { events } = read('sse', 'data: {"choices":[{"index":0,\ndata: "delta":{"content":"two lines"}}]}\n\n');
    expect(texts(events)).toEqual(['two lines']);
  });

  it("reports llama-server's `error:` line and an error object inside data as the server's failure", () => {
    const a = read('sse', 'error: {"code":500,"message":"out of memory","type":"server_error"}\n\n', {
      stopAt: 'error',
    });
    expect(a.events).toEqual([{ kind: 'error', body: '{"code":500,"message":"out of memory","type":"server_error"}' }]);
    const b = read('sse', 'data: {"error":{"message":"model crashed"}}\n\n', { stopAt: 'error' });
    expect(b.events[0]).toMatchObject({ kind: 'error' });
    const c = read('sse', 'data: {"object":"error","message":"bad","code":400}\n\n', { stopAt: 'error' });
    expect(c.events[0]).toMatchObject({ kind: 'error' });
  });

  it('calls a data line that is not JSON, or JSON that is not an object, a bad line', () => {
    expect(read('sse', 'data: hello\n\n', { stopAt: 'bad' }).events).toEqual([
      { kind: 'bad', why: 'a line that is not JSON' },
    ]);
    expect(read('sse', 'data: [1,2]\n\n', { stopAt: 'bad' }).events).toEqual([
      { kind: 'bad', why: 'a chunk that is not a JSON object' },
    ]);
  });

  it('refuses a line over the cap, also when it comes in many small reads, without holding more than the cap', () => {
    const long = `data: {"choices":[{"index":0,"delta":{"content":"${'a'.repeat(2000)}"}}]}\n\n`;
    expect(read('sse', long, { maxLine: 1024 }).results).toEqual(['too_long']);
    const { results } = read('sse', long, { maxLine: 1024, step: 100 });
    expect(results).toContain('too_long');
    expect(results.indexOf('too_long')).toBeLessThanOrEqual(11);
  });

  it('refuses an event of many data lines that passes the cap', () => {
    const many = `data: {\n${'data: "aaaaaaaaaaaaaaaaaaaaaaaa",\n'.repeat(100)}`;
    const { events } = read('sse', many, { maxLine: 1024, stopAt: 'bad' });
    expect(events).toEqual([{ kind: 'bad', why: 'an event too long to read' }]);
  });

  it('stops reading at [DONE]: whatever follows is not looked at', () => {
    const { events, results } = read(
      'sse',
      `data: [DONE]\n\ndata: {"choices":[{"index":0,"delta":{"content":"late"}}]}\n\n`,
    );
    expect(events).toEqual([{ kind: 'done' }]);
    expect(results).toEqual(['stopped']);
  });

  it('reads a last event that comes without its newline at the end', () => {
    const { events } = read('sse', 'data: {"choices":[{"index":0,"delta":{"content":"end"}}]}');
    expect(texts(events)).toEqual(['end']);
  });
});

describe('NDJSON', () => {
  it('reads one chunk per line and skips blank lines', () => {
    const nd =
      '{"choices":[{"index":0,"delta":{"content":"a"}}]}\n\n{"choices":[{"index":0,"delta":{"content":"b"},"finish_reason":"stop"}]}\n';
    const { events } = read('ndjson', nd);
    expect(texts(events)).toEqual(['a', 'b']);
  });

  it('calls a line that is not JSON a bad line', () => {
    expect(read('ndjson', 'garbage\n', { stopAt: 'bad' }).events).toEqual([
      { kind: 'bad', why: 'a line that is not JSON' },
    ]);
  });
});

describe('framing and whole answers', () => {
  it('reads a reasoning model’s thinking from either field, whole and in a chunk', () => {
    const whole = (message: Record<string, unknown>) =>
      wholeAnswerFacts({ choices: [{ index: 0, message: { role: 'assistant', content: 'Hi', ...message } }] }, false);
    expect(whole({ reasoning_content: 'llama.cpp thinks' })?.reasoning).toBe('llama.cpp thinks');
    expect(whole({ reasoning: 'vLLM thinks' })?.reasoning).toBe('vLLM thinks');
    expect(whole({})?.reasoning).toBe('');
    const { events } = read(
      'sse',
      'data: {"choices":[{"index":0,"delta":{"content":null,"reasoning_content":"Hmm"},"finish_reason":null}]}\n\n',
    );
    expect(events).toMatchObject([{ kind: 'chunk', facts: { text: '', reasoning: 'Hmm', written: true } }]);
  });

  it('takes the framing from the content type', () => {
    expect(framingOf('text/event-stream; charset=utf-8')).toBe('sse');
    expect(framingOf('application/x-ndjson')).toBe('ndjson');
    expect(framingOf('application/json; charset=utf-8')).toBe('whole');
    expect(framingOf(null)).toBe('sse');
  });

  it('reads a whole answer (a server that ignored stream: true) as one chunk', () => {
    const chat = {
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'All at once',
            tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 3, completion_tokens: 4 },
    };
    expect(wholeAnswerFacts(chat, false)).toEqual({
      text: 'All at once',
      reasoning: '',
      toolCalls: [{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
      written: true,
      // "All at once", and the call's name and arguments: what the node counts the answer by.
      bytes: 11 + 1 + 2,
      finishReason: 'tool_calls',
      // The server gave no total: the claim adds the parts (backends/token-claim.ts).
      usage: { prompt: 3, completion: 4, total: null, unreadable: false },
      timings: null,
    });
    expect(wholeAnswerFacts({ choices: [{ text: 'x', finish_reason: 'stop' }] }, true)).toMatchObject({
      text: 'x',
      finishReason: 'stop',
    });
    expect(wholeAnswerFacts({ nothing: true }, false)).toBeNull();
    expect(wholeAnswerFacts('text', false)).toBeNull();
  });

  it('keeps no count that is not a whole non-negative number, and says the usage could not be read', () => {
    const { events } = read(
      'sse',
      'data: {"choices":[],"usage":{"prompt_tokens":-1,"completion_tokens":2}}\n\ndata: {"choices":[],"usage":{"prompt_tokens":"9","completion_tokens":2}}\n\ndata: {"choices":[],"usage":null}\n\n',
    );
    expect(events.map((e) => e.kind === 'chunk' && e.facts.usage)).toEqual([
      { prompt: null, completion: 2, total: null, unreadable: true },
      { prompt: null, completion: 2, total: null, unreadable: true },
      null,
    ]);
  });

  it('counts the bytes the model wrote in a chunk: text, reasoning and tool calls', () => {
    const { events } = read(
      'sse',
      'data: {"choices":[{"index":0,"delta":{"content":"héllo"}}]}\n\ndata: {"choices":[{"index":0,"delta":{"reasoning_content":"hmm"}}]}\n\n' +
        'data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"name":"f","arguments":"{}"}}]}}]}\n\ndata: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n',
    );
    expect(events.map((e) => e.kind === 'chunk' && e.facts.bytes)).toEqual([6, 3, 3, 0]);
  });
});
