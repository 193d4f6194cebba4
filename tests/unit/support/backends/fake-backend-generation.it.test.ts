/**
 * How long the fake models talk on each server: which fields limit generation, what happens without a limit, and
 * each server's own refusals. These are specifications of the real servers (sources in fake-generation.ts).
 */
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../../../support/cleanup';
import {
  MAX_FAKE_GENERATED,
  startFakeBackend,
  type FakeBackend,
  type FakeBackendOptions,
} from '../../../support/backends';

const after = cleanupAfterEach();
const fake = async (opts: FakeBackendOptions): Promise<FakeBackend> =>
  after.close(await startFakeBackend({ nagle: false, ...opts }));

interface Answer {
  status: number;
  body: {
    choices?: { message?: { content: string }; text?: string; finish_reason: string }[];
    usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
    error?: Record<string, unknown>;
    model?: string;
  };
}

async function post(f: FakeBackend, path: string, body: unknown): Promise<Answer> {
  const res = await fetch(`${f.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

const chat = (f: FakeBackend, extra: Record<string, unknown> = {}, content = 'one two three') =>
  post(f, '/v1/chat/completions', {
    model: f.flavour === 'llamacpp' ? 'whatever' : 'm',
    messages: [{ role: 'user', content }],
    ...extra,
  });
const completion = (f: FakeBackend, extra: Record<string, unknown> = {}, prompt = 'one two three') =>
  post(f, '/v1/completions', { model: f.flavour === 'llamacpp' ? 'whatever' : 'm', prompt, ...extra });
const generated = (f: FakeBackend) => f.calls.at(-1)!.generatedTokens;

describe('a model talks as long as it wants unless a limit stops it', () => {
  it('by default it says the echo and stops (finish_reason stop)', async () => {
    const f = await fake({ flavour: 'ollama', models: ['m'] });
    const a = await chat(f);
    expect(a.body).toMatchObject({
      choices: [{ message: { content: 'one two three' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 3, completion_tokens: 3 },
    });
    expect(f.calls.at(-1)).toMatchObject({ generatedTokens: 3, finishReason: 'stop', promptTokens: 3 });
  });

  it('naturalTokens: a talkative model repeats the echo, and usage says what it generated', async () => {
    const f = await fake({ flavour: 'lmstudio', models: ['m'], naturalTokens: 7 });
    const a = await chat(f);
    expect(a.body.choices![0]!.message!.content).toBe('one two three one two three one');
    expect(a.body.usage).toEqual({ prompt_tokens: 3, completion_tokens: 7, total_tokens: 10 });
    expect((await chat(f, { max_tokens: 5 })).body.choices![0]).toMatchObject({
      message: { content: 'one two three one two' },
      finish_reason: 'length',
    });
    expect(generated(f)).toBe(5);
  });

  it('msPerOutputToken is paid for what was generated', async () => {
    const f = await fake({ flavour: 'ollama', models: ['m'], naturalTokens: 50, msPerOutputToken: 10 });
    const started = performance.now();
    await chat(f, { max_tokens: 1 });
    const short = performance.now() - started;
    const again = performance.now();
    await chat(f);
    const long = performance.now() - again;
    // 50 tokens take at least 500 ms; one token, 10 ms: compared with each other, not with a clock's promise.
    expect(long).toBeGreaterThanOrEqual(490);
    expect(short).toBeLessThan(long / 2);
  });
});

describe('llama.cpp b4748', () => {
  it('reads n_predict before max_tokens and ignores max_completion_tokens', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['m.gguf'], naturalTokens: 50 });
    await chat(f, { n_predict: 4, max_tokens: 10 });
    expect(generated(f)).toBe(4);
    await chat(f, { max_tokens: 10 });
    expect(generated(f)).toBe(10);
    await chat(f, { max_completion_tokens: 5 });
    expect(generated(f)).toBe(50);
  });

  it('has no limit of its own: -1 or none runs to the natural end, ignore_eos to n_ctx_train minus the prompt', async () => {
    const f = await fake({
      flavour: 'llamacpp',
      models: ['m.gguf'],
      naturalTokens: 300,
      modelFacts: { 'm.gguf': { contextLength: 2048 } },
    });
    expect((await chat(f, { n_predict: -1 })).body.choices![0]!.finish_reason).toBe('stop');
    expect(generated(f)).toBe(300);
    const endless = await chat(f, { ignore_eos: true });
    expect(endless.body.choices![0]!.finish_reason).toBe('length');
    expect(generated(f)).toBe(2048 - 3);
    // With a limit, context shift lets it run to the limit.
    await chat(f, { ignore_eos: true, n_predict: 5000 });
    expect(generated(f)).toBe(5000);
  });

  it('n_predict 0 still decodes one token', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['m.gguf'] });
    await completion(f, { n_predict: 0 });
    expect(generated(f)).toBe(1);
  });

  it('refuses n other than 1 and the completion params it does not support, with 500 server_error', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['m.gguf'] });
    expect(await chat(f, { n: 2 })).toEqual({
      status: 500,
      body: { error: { code: 500, message: 'Only one completion choice is allowed', type: 'server_error' } },
    });
    expect(await completion(f, { best_of: 2 })).toEqual({
      status: 500,
      body: { error: { code: 500, message: 'Unsupported param: best_of', type: 'server_error' } },
    });
    expect((await completion(f, { echo: true })).body.error!.message).toBe('Unsupported param: echo');
    expect((await chat(f, { n: 1 })).status).toBe(200);
  });

  it('truncates a prompt longer than the context (context shift, the default) and refuses it without', async () => {
    const long = Array.from({ length: 300 }, (_, i) => `w${i}`).join(' ');
    const shifting = await fake({ flavour: 'llamacpp', models: ['m.gguf'], contextLength: 256 });
    const a = await chat(shifting, {}, long);
    expect(a.status).toBe(200);
    expect(a.body.usage!.prompt_tokens).toBe(300 - 128); // whole blocks of n_ctx/2 dropped from the front

    const strict = await fake({ flavour: 'llamacpp', models: ['m.gguf'], contextLength: 256, contextShift: false });
    expect(await chat(strict, {}, long)).toEqual({
      status: 400,
      body: {
        error: {
          code: 400,
          message:
            'the request exceeds the available context size. try increasing the context size or enable context shift',
          type: 'invalid_request_error',
        },
      },
    });
    // Without context shift, unlimited generation stops at the context.
    const talkative = await fake({
      flavour: 'llamacpp',
      models: ['m.gguf'],
      contextLength: 256,
      contextShift: false,
      naturalTokens: 1000,
    });
    expect((await chat(talkative)).body.choices![0]!.finish_reason).toBe('length');
    expect(generated(talkative)).toBe(256 - 3);
  });

  it('answers with the model it was asked for, else its alias, else gpt-3.5-turbo, and build_info as system_fingerprint', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['/srv/m.gguf'], buildInfo: 'b4748-abcdef0' });
    expect((await chat(f)).body).toMatchObject({ model: 'whatever', system_fingerprint: 'b4748-abcdef0' });
    expect((await post(f, '/v1/chat/completions', { messages: [] })).body.model).toBe('gpt-3.5-turbo');
    f.set({ alias: 'tiny' });
    expect((await post(f, '/v1/chat/completions', { messages: [] })).body.model).toBe('tiny');
  });
});

describe('vLLM 0.11', () => {
  it('reads max_completion_tokens, else max_tokens; with neither it may fill the context', async () => {
    const f = await fake({ flavour: 'vllm', models: ['m'], naturalTokens: 50, contextLength: 40 });
    await chat(f, { max_completion_tokens: 4, max_tokens: 10 });
    expect(generated(f)).toBe(4);
    await chat(f, { max_tokens: 10 });
    expect(generated(f)).toBe(10);
    await chat(f, {});
    expect(generated(f)).toBe(40 - 3);
  });

  it('completions default to 16 tokens', async () => {
    const f = await fake({ flavour: 'vllm', models: ['m'], naturalTokens: 50 });
    await completion(f);
    expect(generated(f)).toBe(16);
  });

  it('n and min_tokens multiply and lengthen the work; ignore_eos runs to the limit', async () => {
    const f = await fake({ flavour: 'vllm', models: ['m'] });
    const a = await chat(f, { n: 3, max_tokens: 8 });
    expect(a.body.choices).toHaveLength(3);
    expect(a.body.usage!.completion_tokens).toBe(9);
    expect(generated(f)).toBe(9);
    await chat(f, { min_tokens: 6, max_tokens: 8 });
    expect(generated(f)).toBe(6);
    await chat(f, { ignore_eos: true, max_tokens: 8 });
    expect(generated(f)).toBe(8);
  });

  it('refuses what does not fit the context, and best_of (V1 engine), with its own 400', async () => {
    const f = await fake({ flavour: 'vllm', models: ['m'], contextLength: 10 });
    expect(await chat(f, { max_tokens: 8 })).toEqual({
      status: 400,
      body: {
        error: {
          message:
            "'max_tokens' or 'max_completion_tokens' is too large: 8. This model's maximum context length is 10 tokens and your request has 3 input tokens (8 > 10 - 3).",
          type: 'BadRequestError',
          param: null,
          code: 400,
        },
      },
    });
    const long = Array.from({ length: 12 }, (_, i) => `w${i}`).join(' ');
    expect((await chat(f, {}, long)).body.error).toMatchObject({
      message:
        "This model's maximum context length is 10 tokens. However, your request has 12 input tokens. Please reduce the length of the input messages.",
      code: 400,
    });
    expect((await completion(f, { best_of: 2, max_tokens: 2 })).body.error).toMatchObject({
      message: 'vLLM V1 does not yet support best_of.',
    });
  });
});

describe('Ollama 0.12 /v1', () => {
  it('reads max_tokens only: options, max_completion_tokens, n, ignore_eos and min_tokens change nothing', async () => {
    const f = await fake({ flavour: 'ollama', models: ['m'], naturalTokens: 20 });
    await chat(f, { max_tokens: 5 });
    expect(generated(f)).toBe(5);
    const a = await chat(f, {
      options: { num_predict: 2 },
      max_completion_tokens: 3,
      n: 4,
      ignore_eos: true,
      min_tokens: 50,
    });
    expect(a.body.choices).toHaveLength(1);
    expect(generated(f)).toBe(20);
  });

  it('caps a model that never stops at 10 × num_ctx (llm/server.go)', async () => {
    const f = await fake({ flavour: 'ollama', models: ['m'], naturalTokens: MAX_FAKE_GENERATED, contextLength: 100 });
    await chat(f, { max_tokens: -1 });
    expect(generated(f)).toBe(1000);
  });
});

describe('LM Studio', () => {
  it('max_tokens -1 is no limit; generation stops at the context', async () => {
    const f = await fake({ flavour: 'lmstudio', models: ['m'], naturalTokens: 5000, contextLength: 64 });
    const a = await chat(f, { max_tokens: -1 });
    expect(a.body.choices![0]!.finish_reason).toBe('length');
    expect(generated(f)).toBe(64 - 3);
  });
});
