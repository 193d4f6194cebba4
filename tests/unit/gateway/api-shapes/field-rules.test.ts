/**
 * Every row of the field tables (field-rules.ts), read through the API's own reader: an honoured field lands in the
 * payload (or the answer's hints), a routed one in `needs` / `choices`, a field without effect is taken and not sent,
 * and a refused one is a 400 `unsupported_field` naming it, unless it holds the value that asks for nothing. Each
 * table's rows and this file's samples must be the same list, so a new row cannot go untested.
 */
import { describe, expect, it } from 'vitest';
import { askFromAnthropic } from '@engine/gateway/api-shapes/anthropic';
import { errorBody, refusalBody } from '@engine/gateway/api-shapes/errors';
import {
  ANTHROPIC_MESSAGES_FIELDS,
  OLLAMA_CHAT_FIELDS,
  OLLAMA_EMBED_FIELDS,
  OLLAMA_EMBED_OPTIONS,
  OLLAMA_EMBEDDINGS_FIELDS,
  OLLAMA_GENERATE_FIELDS,
  OLLAMA_OPTIONS,
  OPENAI_CHAT_FIELDS,
  OPENAI_COMPLETION_FIELDS,
  OPENAI_EMBEDDING_FIELDS,
  type FieldTable,
} from '@engine/gateway/api-shapes/field-rules';
import { askFromOllama } from '@engine/gateway/api-shapes/ollama';
import { askFromOpenAI } from '@engine/gateway/api-shapes/openai';
import type { GatewayAsk, ShapeResult } from '@engine/gateway/api-shapes/types';

type Check = (a: GatewayAsk) => void;

/**
 * A row's sample: the field's value, what the ask must show, fields sent beside it, and a value that asks for nothing.
 */
interface Sample {
  value: unknown;
  check?: Check;
  with?: Record<string, unknown>;
  idle?: unknown;
}

interface Case {
  name: string;
  table: FieldTable;
  read: (body: Record<string, unknown>) => ShapeResult;
  base: Record<string, unknown>;
  /** Where the table's fields go: the body itself, or its `options`. */
  nested?: 'options';
  samples: Record<string, Sample>;
}

const TOOL = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } };
const TOOLS_NEEDED = { tools: true, fim: false, contextTokens: null };
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const hi = [{ role: 'user', content: 'Hi' }];

const sent =
  (key: string, value: unknown): Check =>
  (a) =>
    expect(a.payload[key]).toEqual(value);
const notSent =
  (key: string): Check =>
  (a) =>
    expect(a.payload).not.toHaveProperty(key);
const noNeeds: Check = (a) => expect(a.needs).toBeUndefined();
/** A sampling setting beyond OpenAI's: carried top level, and needed of the model under the name the app wrote. */
const routedSampling = (field: string, value: number, need = field): Sample => ({
  value,
  check: (a) => (expect(a.needs?.sampling).toEqual([need]), sent(field, value)(a)),
});
/** A thinking setting: carried top level as `think`, and needed of the model under the name the app wrote. */
const routedThinking = (field: string, value: unknown, think: boolean | string): Sample => ({
  value,
  check: (a) => (expect(a.needs?.thinking).toEqual({ field, ask: think }), sent('think', think)(a)),
});

const OPENAI_SAMPLING: Record<string, Sample> = {
  model: { value: 'other-model', check: sent('model', 'other-model') },
  max_tokens: { value: 5, check: sent('max_tokens', 5) },
  max_completion_tokens: { value: 6, check: sent('max_tokens', 6) },
  temperature: { value: 0.3, check: sent('temperature', 0.3) },
  top_p: { value: 0.5, check: sent('top_p', 0.5) },
  stop: { value: 'END', check: sent('stop', ['END']) },
  seed: { value: 3, check: sent('seed', 3) },
  presence_penalty: { value: 0.1, check: sent('presence_penalty', 0.1) },
  frequency_penalty: { value: 0.2, check: sent('frequency_penalty', 0.2) },
  top_k: routedSampling('top_k', 20),
  min_p: routedSampling('min_p', 0.05),
  repeat_penalty: routedSampling('repeat_penalty', 1.1),
  typical_p: routedSampling('typical_p', 0.9),
  n: { value: 3, check: (a) => (expect(a.choices).toBe(3), notSent('n')(a)) },
  stream: { value: true, check: (a) => (expect(a.stream).toBe(true), notSent('stream')(a)) },
  stream_options: {
    value: { include_usage: true },
    with: { stream: true },
    check: (a) => (expect(a.reply.includeUsage).toBe(true), notSent('stream_options')(a)),
  },
};

const CASES: Case[] = [
  {
    name: 'OpenAI chat',
    table: OPENAI_CHAT_FIELDS,
    read: (b) => askFromOpenAI('chat', b),
    base: { model: 'm', messages: hi },
    samples: {
      ...OPENAI_SAMPLING,
      messages: {
        value: [{ role: 'developer', content: 'Be brief.' }, ...hi],
        check: sent('messages', [{ role: 'system', content: 'Be brief.' }, ...hi]),
      },
      response_format: { value: { type: 'json_object' }, check: sent('response_format', { type: 'json_object' }) },
      parallel_tool_calls: {
        value: false,
        with: { tools: [TOOL] },
        check: (a) => (expect(a.reply.oneToolCall).toBe(true), sent('parallel_tool_calls', false)(a)),
      },
      tools: { value: [TOOL], check: (a) => (expect(a.needs).toEqual(TOOLS_NEEDED), sent('tools', [TOOL])(a)) },
      tool_choice: { value: 'required', with: { tools: [TOOL] }, check: sent('tool_choice', 'required') },
      user: { value: 'alice', check: notSent('user') },
      metadata: { value: { app: 'x' }, check: notSent('metadata') },
      service_tier: { value: 'auto', check: notSent('service_tier') },
      logprobs: { value: true, idle: false },
      top_logprobs: { value: 2, idle: 0 },
      logit_bias: { value: { '50256': -100 }, idle: {} },
      audio: { value: { voice: 'alloy', format: 'wav' } },
      modalities: { value: ['text', 'audio'], idle: ['text'] },
      prediction: { value: { type: 'content', content: 'x' } },
      web_search_options: { value: {} },
      reasoning_effort: routedThinking('reasoning_effort', 'low', 'low'),
      functions: { value: [{ name: 'f', parameters: {} }] },
      function_call: { value: 'auto' },
      store: { value: true, idle: false },
    },
  },
  {
    name: 'OpenAI completions',
    table: OPENAI_COMPLETION_FIELDS,
    read: (b) => askFromOpenAI('completion', b),
    base: { model: 'm', prompt: 'def f(' },
    samples: {
      ...OPENAI_SAMPLING,
      prompt: { value: 'Once', check: sent('prompt', 'Once') },
      suffix: {
        value: '\n  return x',
        check: (a) => (
          expect(a.needs).toEqual({ tools: false, fim: true, contextTokens: null }),
          sent('suffix', '\n  return x')(a)
        ),
      },
      user: { value: 'alice', check: notSent('user') },
      logprobs: { value: 2, idle: 0 },
      echo: { value: true, idle: false },
      best_of: { value: 2, idle: 1 },
      logit_bias: { value: { '1': 5 }, idle: {} },
    },
  },
  {
    name: 'OpenAI embeddings',
    table: OPENAI_EMBEDDING_FIELDS,
    read: (b) => askFromOpenAI('embedding', b),
    base: { model: 'm', input: 'x' },
    samples: {
      model: { value: 'e2', check: sent('model', 'e2') },
      input: { value: ['a', 'b'], check: (a) => (sent('input', ['a', 'b'])(a), expect(a.reply.inputCount).toBe(2)) },
      dimensions: { value: 8, check: sent('dimensions', 8) },
      encoding_format: { value: 'base64', check: (a) => expect(a.reply.embeddingFormat).toBe('base64') },
      user: { value: 'alice', check: notSent('user') },
    },
  },
  {
    name: 'Ollama /api/chat',
    table: OLLAMA_CHAT_FIELDS,
    read: (b) => askFromOllama('chat', b),
    base: { model: 'm', messages: hi },
    samples: {
      model: { value: 'other', check: sent('model', 'other') },
      messages: {
        value: [{ role: 'system', content: 's' }, ...hi],
        check: sent('messages', [{ role: 'system', content: 's' }, ...hi]),
      },
      format: { value: 'json', check: sent('response_format', { type: 'json_object' }) },
      options: { value: { temperature: 0.1 }, check: sent('temperature', 0.1) },
      stream: { value: false, check: (a) => (expect(a.stream).toBe(false), notSent('stream')(a)) },
      tools: { value: [TOOL], check: (a) => (expect(a.needs).toEqual(TOOLS_NEEDED), sent('tools', [TOOL])(a)) },
      keep_alive: { value: '5m', check: (a) => (notSent('keep_alive')(a), noNeeds(a)) },
      think: routedThinking('think', true, true),
    },
  },
  {
    name: 'Ollama /api/generate',
    table: OLLAMA_GENERATE_FIELDS,
    read: (b) => askFromOllama('generate', b),
    base: { model: 'm', prompt: 'Hi' },
    samples: {
      model: { value: 'other', check: sent('model', 'other') },
      prompt: { value: 'Yo', check: sent('messages', [{ role: 'user', content: 'Yo' }]) },
      system: { value: 'Be brief.', check: sent('messages', [{ role: 'system', content: 'Be brief.' }, ...hi]) },
      images: {
        value: [PNG],
        check: (a) => expect(JSON.stringify(a.payload.messages)).toContain(`data:image/png;base64,${PNG}`),
      },
      format: { value: 'json', check: sent('response_format', { type: 'json_object' }) },
      options: { value: { seed: 4 }, check: sent('seed', 4) },
      stream: { value: false, check: (a) => expect(a.stream).toBe(false) },
      raw: { value: true, check: (a) => (expect(a.endpoint).toBe('completion'), sent('prompt', 'Hi')(a)) },
      suffix: {
        value: '}',
        check: (a) => (
          expect(a.needs).toEqual({ tools: false, fim: true, contextTokens: null }),
          sent('suffix', '}')(a)
        ),
      },
      keep_alive: { value: 0, check: notSent('keep_alive') },
      think: routedThinking('think', 'high', 'high'),
      template: { value: '{{ .Prompt }}', idle: '' },
      context: { value: [1, 2, 3], idle: [] },
    },
  },
  {
    name: 'Ollama /api/embed',
    table: OLLAMA_EMBED_FIELDS,
    read: (b) => askFromOllama('embed', b),
    base: { model: 'm', input: 'x' },
    samples: {
      model: { value: 'e', check: sent('model', 'e') },
      input: { value: ['a', 'b'], check: sent('input', ['a', 'b']) },
      dimensions: { value: 16, check: sent('dimensions', 16) },
      options: {
        value: { num_ctx: 512 },
        check: (a) => expect(a.needs).toEqual({ tools: false, fim: false, contextTokens: 512 }),
      },
      keep_alive: { value: '1m', check: notSent('keep_alive') },
      truncate: { value: true, idle: false },
    },
  },
  {
    name: 'Ollama /api/embeddings',
    table: OLLAMA_EMBEDDINGS_FIELDS,
    read: (b) => askFromOllama('embeddings', b),
    base: { model: 'm', prompt: 'x' },
    samples: {
      model: { value: 'e', check: sent('model', 'e') },
      prompt: { value: 'y', check: sent('input', 'y') },
      options: { value: { num_ctx: 256 }, check: (a) => expect(a.needs?.contextTokens).toBe(256) },
      keep_alive: { value: '1m', check: notSent('keep_alive') },
    },
  },
  {
    name: 'Ollama options (chat, generate)',
    table: OLLAMA_OPTIONS,
    read: (b) => askFromOllama('chat', b),
    base: { model: 'm', messages: hi },
    nested: 'options',
    samples: {
      num_predict: { value: 7, check: sent('max_tokens', 7) },
      temperature: { value: 0.4, check: sent('temperature', 0.4) },
      top_p: { value: 0.9, check: sent('top_p', 0.9) },
      stop: { value: ['###'], check: sent('stop', ['###']) },
      seed: { value: 11, check: sent('seed', 11) },
      presence_penalty: { value: 0.5, check: sent('presence_penalty', 0.5) },
      frequency_penalty: { value: 0.6, check: sent('frequency_penalty', 0.6) },
      num_ctx: {
        value: 8192,
        check: (a) => expect(a.needs).toEqual({ tools: false, fim: false, contextTokens: 8192 }),
      },
      num_gpu: { value: 99, check: noNeeds },
      main_gpu: { value: 0, check: noNeeds },
      num_thread: { value: 8, check: noNeeds },
      num_batch: { value: 512, check: noNeeds },
      use_mmap: { value: true, check: noNeeds },
      use_mlock: { value: false, check: noNeeds },
      numa: { value: false, check: noNeeds },
      low_vram: { value: true, check: noNeeds },
      vocab_only: { value: false, check: noNeeds },
      num_keep: { value: 4, check: noNeeds },
      top_k: routedSampling('top_k', 40, 'options.top_k'),
      min_p: routedSampling('min_p', 0.05, 'options.min_p'),
      typical_p: routedSampling('typical_p', 0.7, 'options.typical_p'),
      repeat_penalty: routedSampling('repeat_penalty', 1.1, 'options.repeat_penalty'),
      repeat_last_n: { value: 64 },
      tfs_z: { value: 1 },
      mirostat: { value: 2, idle: 0 },
      mirostat_eta: { value: 0.1 },
      mirostat_tau: { value: 5 },
      penalize_newline: { value: true },
    },
  },
  {
    name: 'Anthropic /v1/messages',
    table: ANTHROPIC_MESSAGES_FIELDS,
    read: (b) => askFromAnthropic(b),
    base: { model: 'm', max_tokens: 16, messages: hi },
    samples: {
      model: { value: 'other', check: sent('model', 'other') },
      messages: {
        value: [{ role: 'user', content: [{ type: 'text', text: 'Yo' }] }],
        check: sent('messages', [{ role: 'user', content: 'Yo' }]),
      },
      system: { value: 'Be brief.', check: sent('messages', [{ role: 'system', content: 'Be brief.' }, ...hi]) },
      max_tokens: { value: 32, check: (a) => (sent('max_tokens', 32)(a), expect(a.maxTokens).toBe(32)) },
      temperature: { value: 0.7, check: sent('temperature', 0.7) },
      top_p: { value: 0.8, check: sent('top_p', 0.8) },
      stop_sequences: { value: ['\n\nHuman:'], check: sent('stop', ['\n\nHuman:']) },
      stream: { value: true, check: (a) => (expect(a.stream).toBe(true), notSent('stream')(a)) },
      tools: {
        value: [{ name: 'get_weather', input_schema: { type: 'object' } }],
        check: (a) => (
          expect(a.needs).toEqual(TOOLS_NEEDED),
          sent('tools', [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }])(a)
        ),
      },
      tool_choice: {
        value: { type: 'any', disable_parallel_tool_use: true },
        with: { tools: [{ name: 'get_weather', input_schema: { type: 'object' } }] },
        check: (a) => (
          sent('tool_choice', 'required')(a),
          sent('parallel_tool_calls', false)(a),
          expect(a.reply.oneToolCall).toBe(true)
        ),
      },
      metadata: { value: { user_id: 'u' }, check: notSent('metadata') },
      service_tier: { value: 'standard_only', check: notSent('service_tier') },
      top_k: routedSampling('top_k', 5),
      thinking: {
        ...routedThinking('thinking', { type: 'enabled', budget_tokens: 1024 }, true),
        with: { max_tokens: 2048 },
      },
      container: { value: 'container_1' },
      mcp_servers: { value: [{ type: 'url', url: 'https://example.com/mcp', name: 'x' }] },
    },
  },
];

function bodyWith(
  c: Case,
  field: string,
  value: unknown,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  if (c.nested === 'options') return { ...c.base, ...extra, options: { [field]: value } };
  return { ...c.base, ...extra, [field]: value };
}

describe.each(CASES)('$name: every field of the table', (c) => {
  it('has a sample for every row and no sample without a row', () => {
    expect(Object.keys(c.samples).sort()).toEqual(Object.keys(c.table).sort());
  });

  const rows = Object.entries(c.table).map(([field, rule]) => ({ field, verdict: rule.verdict }));
  it.each(rows)('$field ($verdict)', ({ field, verdict }) => {
    const sample = c.samples[field]!;
    const r = c.read(bodyWith(c, field, sample.value, sample.with));
    const shown = c.nested === 'options' ? `options.${field}` : field;
    if (verdict === 'refused') {
      expect(r).toMatchObject({ ok: false, status: 400, code: 'unsupported_field', param: shown });
      expect(r.ok ? '' : r.message).toMatch(
        new RegExp(`^${shown.replace('.', '\\.')}: .+; send the request without it\\.$`),
      );
      // Null is "not said", and the value that asks for nothing is taken.
      expect(c.read(bodyWith(c, field, null)).ok).toBe(true);
      if ('idle' in sample) expect(c.read(bodyWith(c, field, sample.idle)).ok).toBe(true);
      return;
    }
    if (!r.ok) throw new Error(`refused: ${r.message}`);
    sample.check?.(r.ask);
  });

  it('refuses a field it does not know, in OpenAI’s words', () => {
    const r = c.read(bodyWith(c, 'frobnicate', 1));
    const shown = c.nested === 'options' ? 'options.frobnicate' : 'frobnicate';
    expect(r).toEqual({
      ok: false,
      status: 400,
      code: 'unsupported_field',
      param: shown,
      message: `Unrecognized request argument supplied: ${shown}`,
    });
  });
});

describe('the embedding routes’ options', () => {
  it('take every option without effect but num_ctx, which they route on', () => {
    for (const [field, rule] of Object.entries(OLLAMA_EMBED_OPTIONS)) {
      const r = askFromOllama('embed', {
        model: 'm',
        input: 'x',
        options: { [field]: field === 'num_ctx' ? 1024 : 1 },
      });
      if (!r.ok) throw new Error(`${field} refused: ${r.message}`);
      expect(r.ask.payload).toEqual({ model: 'm', input: 'x' });
      expect(r.ask.needs?.contextTokens ?? null).toBe(field === 'num_ctx' ? 1024 : null);
      expect(rule.verdict).toBe(field === 'num_ctx' ? 'routed' : 'no_effect');
    }
  });
});

describe('what the table alone cannot say', () => {
  it('takes n = 1 as one answer, refuses n above 8, and refuses several choices streamed', () => {
    const one = askFromOpenAI('chat', { model: 'm', messages: hi, n: 1 });
    expect(one.ok && one.ask.choices).toBeUndefined();
    expect(askFromOpenAI('chat', { model: 'm', messages: hi, n: 9 })).toMatchObject({
      ok: false,
      status: 400,
      message: 'n must be at most 8.',
    });
    expect(askFromOpenAI('completion', { model: 'm', prompt: 'x', n: 2, stream: true })).toMatchObject({
      ok: false,
      status: 400,
      code: 'unsupported_field',
      param: 'n',
    });
  });

  it('refuses tool_choice without tools (OpenAI), and an Anthropic choice that asks for a call with no tools', () => {
    expect(askFromOpenAI('chat', { model: 'm', messages: hi, tool_choice: 'auto' })).toMatchObject({
      ok: false,
      code: 'unsupported_field',
      param: 'tool_choice',
    });
    expect(askFromOpenAI('chat', { model: 'm', messages: hi, tools: [], tool_choice: 'none' })).toMatchObject({
      ok: false,
      param: 'tool_choice',
    });
    const anthropic = (choice: unknown): ShapeResult =>
      askFromAnthropic({ model: 'm', max_tokens: 8, messages: hi, tool_choice: choice });
    expect(anthropic({ type: 'any' })).toMatchObject({ ok: false, code: 'unsupported_field', param: 'tool_choice' });
    const auto = anthropic({ type: 'auto', disable_parallel_tool_use: true });
    expect(auto.ok && auto.ask.payload).toEqual({ model: 'm', messages: hi, max_tokens: 8 });
  });

  it('carries parallel_tool_calls only beside tools, and keeps every call when it is true', () => {
    const alone = askFromOpenAI('chat', { model: 'm', messages: hi, parallel_tool_calls: false });
    expect(alone.ok && alone.ask.payload).not.toHaveProperty('parallel_tool_calls');
    const many = askFromOpenAI('chat', { model: 'm', messages: hi, tools: [TOOL], parallel_tool_calls: true });
    expect(many.ok && many.ask.payload.parallel_tool_calls).toBe(true);
    expect(many.ok && many.ask.reply.oneToolCall).toBeUndefined();
  });

  it('takes an empty suffix as none: no fill-in-the-middle asked', () => {
    const c = askFromOpenAI('completion', { model: 'm', prompt: 'x', suffix: '' });
    expect(c.ok && c.ask.needs).toBeUndefined();
    const g = askFromOllama('generate', { model: 'm', prompt: 'x', suffix: '' });
    expect(g.ok && [g.ask.endpoint, g.ask.needs]).toEqual(['chat', undefined]);
  });

  it('shows an unknown field’s name cleaned of control and bidi characters, and short', () => {
    const r = askFromOpenAI('chat', { model: 'm', messages: hi, ['x\u202Ey\u0007' + 'z'.repeat(300)]: 1 });
    expect(r.ok).toBe(false);
    const message = r.ok ? '' : r.message;
    for (const unseen of ['\u202E', '\u0007']) expect(message).not.toContain(unseen);
    expect(message.length).toBeLessThan(140);
  });
});

describe('the refusal in each API’s error shape', () => {
  it('names the field as OpenAI’s param, and keeps the other shapes as they are', () => {
    const r = askFromOpenAI('chat', { model: 'm', messages: hi, logprobs: true });
    if (r.ok) throw new Error('expected a refusal');
    expect(refusalBody('openai', r)).toEqual({
      error: {
        message: "logprobs: the network's nodes do not return log probabilities; send the request without it.",
        type: 'invalid_request_error',
        param: 'logprobs',
        code: 'unsupported_field',
      },
    });
    expect(refusalBody('ollama', r)).toEqual({ error: r.message });
    expect(refusalBody('anthropic', r)).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: r.message },
    });
  });

  it('reads param from an unsupported_field message when the caller passes only the message', () => {
    expect(
      errorBody('openai', 400, 'unsupported_field', 'tools: no machine that offers “m” takes tools now.'),
    ).toMatchObject({ error: { param: 'tools' } });
    expect(errorBody('openai', 400, 'unsupported_field', 'Unrecognized request argument supplied: foo')).toMatchObject({
      error: { param: 'foo' },
    });
    expect(errorBody('openai', 400, 'invalid_request', 'tools: x')).toMatchObject({ error: { param: null } });
  });
});
