import { describe, expect, it } from 'vitest';
import {
  buildBackendRequest,
  INTENT_CHAT,
  INTENT_COMPLETION,
  INTENT_EMBEDDING,
  type BuildModel,
  type BuildOptions,
} from '@engine/backends';

const PLAIN = 'plain:7b';
const TOOLS = 'tools:7b';
const FIM = 'coder:7b';
const EMBED = 'embed:1';
const QWEN3 = 'qwen3:8b';
const NEVER = 'llama3.1:8b';
const GPT_OSS = 'gpt-oss:20b';
const R1 = 'r1-distill';
const QWEN3_LLAMA = 'qwen3-on-llama';

function options(): BuildOptions {
  const model = (id: string, extra: Partial<BuildModel> = {}): BuildModel => ({
    id,
    maxTokens: 64,
    tools: false,
    ...extra,
  });
  return {
    defaultModel: PLAIN,
    flavour: 'ollama',
    models: {
      [PLAIN]: model(PLAIN),
      [TOOLS]: model(TOOLS, { tools: true }),
      [FIM]: model(FIM, { fim: true }),
      [EMBED]: model(EMBED),
      [QWEN3]: model(QWEN3, { thinking: 'switchable' }),
      [NEVER]: model(NEVER, { thinking: 'never' }),
      [GPT_OSS]: model(GPT_OSS, { thinking: 'levels' }),
      [R1]: model(R1, { thinking: 'always', flavour: 'llamacpp' }),
      [QWEN3_LLAMA]: model(QWEN3_LLAMA, { thinking: 'switchable', flavour: 'llamacpp' }),
    },
  };
}

const chat = (model: string, extra: Record<string, unknown> = {}) => ({
  model,
  messages: [{ role: 'user', content: 'hi' }],
  ...extra,
});
const completion = (model: string, extra: Record<string, unknown> = {}) => ({ model, prompt: 'def f(', ...extra });

/** The body sent to the server, or the refusal's kind and message. */
function build(
  intent: string,
  payload: Record<string, unknown>,
): { sent: Record<string, unknown> } | { refused: string; kind: string } {
  const r = buildBackendRequest(intent, payload, options());
  if (!r.ok) return { refused: r.error.message, kind: r.error.kind };
  return { sent: JSON.parse(String(r.request.body)) as Record<string, unknown> };
}

const TOOL_LIST = [
  { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } },
];

describe('tools: carried to a model that takes them, refused on one that does not', () => {
  it.each([
    ['tools', { tools: TOOL_LIST }],
    ['tool_choice', { tool_choice: 'auto' }],
    ['parallel_tool_calls', { parallel_tool_calls: false }],
  ])('%s on a model without tools is refused, naming the field', (field, extra) => {
    expect(build(INTENT_CHAT, chat(PLAIN, extra))).toEqual({
      kind: 'invalid_payload',
      refused: `${field}: this model does not take tools`,
    });
  });

  it('passes tools, tool_choice and parallel_tool_calls to a model that takes tools', () => {
    const r = build(
      INTENT_CHAT,
      chat(TOOLS, { tools: TOOL_LIST, tool_choice: 'required', parallel_tool_calls: false }),
    );
    expect(r).toMatchObject({ sent: { tools: TOOL_LIST, tool_choice: 'required', parallel_tool_calls: false } });
  });

  it('refuses a parallel_tool_calls that is not a boolean', () => {
    expect(build(INTENT_CHAT, chat(TOOLS, { tools: TOOL_LIST, parallel_tool_calls: 'no' }))).toEqual({
      kind: 'invalid_payload',
      refused: 'parallel_tool_calls has the wrong type',
    });
  });

  it('refuses tools on a completion, which never takes them', () => {
    expect(build(INTENT_COMPLETION, completion(TOOLS, { tools: TOOL_LIST }))).toEqual({
      kind: 'invalid_payload',
      refused: 'tools: only a chat takes tools',
    });
  });
});

describe('suffix: carried to a model that fills in the middle, refused elsewhere', () => {
  it('passes the suffix of a completion to a model that fills in the middle', () => {
    expect(build(INTENT_COMPLETION, completion(FIM, { suffix: '\n  return x' }))).toMatchObject({
      sent: { prompt: 'def f(', suffix: '\n  return x' },
    });
  });

  it('refuses a suffix on a model that does not fill in the middle, and takes an empty one (the cursor at the end) as none', () => {
    expect(build(INTENT_COMPLETION, completion(PLAIN, { suffix: 'end' }))).toEqual({
      kind: 'invalid_payload',
      refused: 'suffix: this model does not fill in the middle',
    });
    const r = build(INTENT_COMPLETION, completion(PLAIN, { suffix: '' }));
    expect(r).toHaveProperty('sent');
    expect((r as { sent: Record<string, unknown> }).sent).not.toHaveProperty('suffix');
  });

  it('refuses a suffix on a chat', () => {
    expect(build(INTENT_CHAT, chat(FIM, { suffix: 'end' }))).toEqual({
      kind: 'invalid_payload',
      refused: 'suffix: only a completion takes a suffix',
    });
  });
});

describe('fields that ask for more than one plain answer', () => {
  it.each([
    ['n', 2, 'n: a task gets one answer; send one task per answer'],
    ['best_of', 3, 'best_of: a task gets one answer, written once'],
    ['logprobs', true, 'logprobs: this node does not return log probabilities'],
    ['logprobs', 5, 'logprobs: this node does not return log probabilities'],
    ['top_logprobs', 2, 'top_logprobs: this node does not return log probabilities'],
    ['logit_bias', { '50256': -100 }, 'logit_bias: this node does not take token biases'],
    ['echo', true, 'echo: this node does not repeat the prompt in its answer'],
  ])('%s = %j is refused, naming the field', (field, value, message) => {
    const intent = field === 'echo' || field === 'best_of' ? INTENT_COMPLETION : INTENT_CHAT;
    const payload = intent === INTENT_CHAT ? chat(PLAIN, { [field]: value }) : completion(PLAIN, { [field]: value });
    expect(build(intent, payload)).toEqual({ kind: 'invalid_payload', refused: message });
  });

  it('refuses them on an embedding too', () => {
    expect(build(INTENT_EMBEDDING, { model: EMBED, input: 'x', n: 2 })).toMatchObject({
      kind: 'invalid_payload',
      refused: expect.stringMatching(/^n: /),
    });
  });

  it('refuses each beyond the value that changes nothing; that value, and fields it does not know (user), are not sent', () => {
    // The gateway judges an app's unknown fields; the node only refuses what it knows it cannot do.
    const noop = {
      n: 1,
      best_of: 1,
      logprobs: false,
      logit_bias: {},
      echo: false,
      top_logprobs: null,
      user: 'app-user-1',
      metadata: { a: 'b' },
    };
    for (const [intent, payload] of [
      [INTENT_CHAT, chat(PLAIN, noop)],
      [INTENT_COMPLETION, completion(PLAIN, noop)],
    ] as const) {
      const r = build(intent, payload);
      expect(r).toHaveProperty('sent');
      const sent = (r as { sent: Record<string, unknown> }).sent;
      for (const field of Object.keys(noop)) expect(sent).not.toHaveProperty(field);
      expect(build(intent, { ...payload, n: 2 })).toMatchObject({ kind: 'invalid_payload' });
    }
  });
});

describe('think: written as the server takes it, or refused naming it', () => {
  it('Ollama’s OpenAI API: off is reasoning_effort none, an effort only for a model with levels', () => {
    expect(build(INTENT_CHAT, chat(QWEN3, { think: false }))).toMatchObject({ sent: { reasoning_effort: 'none' } });
    const on = build(INTENT_CHAT, chat(QWEN3, { think: true }));
    expect(on).toHaveProperty('sent');
    expect('sent' in on && on.sent).not.toHaveProperty('reasoning_effort');
    expect(build(INTENT_CHAT, chat(GPT_OSS, { think: 'high' }))).toMatchObject({ sent: { reasoning_effort: 'high' } });
    // A model that never thinks: off asks nothing of it.
    const never = build(INTENT_CHAT, chat(NEVER, { think: false }));
    expect(never).toHaveProperty('sent');
    expect('sent' in never && never.sent).not.toHaveProperty('reasoning_effort');
    expect('sent' in never && never.sent).not.toHaveProperty('think');
    // One whose server did not show how it thinks: off cannot be promised.
    expect(build(INTENT_CHAT, chat(PLAIN, { think: false }))).toMatchObject({ refused: /does not say what the model/ });
  });

  it('llama.cpp: the template’s own argument', () => {
    expect(build(INTENT_CHAT, chat(QWEN3_LLAMA, { think: false }))).toMatchObject({
      sent: { chat_template_kwargs: { enable_thinking: false } },
    });
  });

  it('refuses what the model cannot do, by name', () => {
    expect(build(INTENT_CHAT, chat(GPT_OSS, { think: false }))).toEqual({
      kind: 'invalid_payload',
      refused: 'think: this model always thinks; it cannot be turned off',
    });
    expect(build(INTENT_CHAT, chat(R1, { think: false }))).toMatchObject({ refused: /always thinks/ });
    expect(build(INTENT_CHAT, chat(QWEN3, { think: 'low' }))).toMatchObject({
      refused: 'think: this model takes no thinking effort',
    });
    expect(build(INTENT_CHAT, chat(TOOLS, { think: true }))).toMatchObject({ refused: /does not say what the model/ });
    expect(build(INTENT_COMPLETION, completion(QWEN3, { think: true }))).toMatchObject({
      refused: 'think: only a chat thinks',
    });
    expect(build(INTENT_CHAT, chat(QWEN3, { think: 'max' }))).toMatchObject({ refused: /^think: must be/ });
  });
});
