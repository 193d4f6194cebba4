/**
 * The thinking controls reach the nodes that can honour them, written as each server takes them, and are refused by
 * name where none can: Ollama's `think`, OpenAI's `reasoning_effort`, the Responses API's `reasoning.effort` and
 * Anthropic's `thinking`, through the real openai, ollama and Anthropic packages and Open WebUI's own request bodies.
 *
 * Node G runs the gateway; this computer's server is a newer llama.cpp (it passes template arguments) running Qwen3,
 * whose template reads `enable_thinking`. PO is another operator's Ollama with qwen3 (thinks, can stop), gpt-oss (takes
 * an effort, never stops) and llama3.1 (never thinks). PL is an older llama.cpp (b4748, no template arguments) running
 * a DeepSeek-R1 distill, which always thinks. All are real engine nodes registered at the PHP-faithful directory; the
 * stand-in servers answer a setting they take as the real ones do, and refuse one they do not with the real error.
 */
import Anthropic from '@anthropic-ai/sdk';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { DEFAULT_THOUGHT } from '../support/backends/fake-thinking';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { GATEWAY_TEST_TUNING as tuning, openGateway, startProvider } from '../support/gateway-setup';
import { eventually, startPublicNode, type NodeHarness } from '../support/node-harness';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const LOCAL = 'qwen3-here';
const QWEN3 = 'qwen3:8b';
const GPT_OSS = 'gpt-oss:20b';
const LLAMA = 'llama3.1:8b';
const R1 = 'r1-distill';
const hello = [{ role: 'user' as const, content: 'hello there' }];

let directory: TestDirectory;
const backends: FakeBackend[] = [];
const nodes: NodeHarness[] = [];
let local: FakeBackend;
let po: FakeBackend;
let pl: FakeBackend;
let openai: OpenAI;
let ollama: Ollama;
let anthropic: Anthropic;
let root: string;
let key: string;

const fake = async (o: Parameters<typeof startFakeBackend>[0]): Promise<FakeBackend> => {
  const f = await startFakeBackend(o);
  backends.push(f);
  return f;
};

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 });
  local = await fake({
    flavour: 'llamacpp',
    models: ['/models/Qwen3-0.6B-Q8_0.gguf'],
    alias: LOCAL,
    buildInfo: 'b6500-6d7f1117',
    modelFacts: { '/models/Qwen3-0.6B-Q8_0.gguf': { thinks: 'switchable' } },
  });
  const g = await startPublicNode({ directory: directory.url, backend: local.url }, {}, { gatewayPort: 0, tuning });
  nodes.push(g);
  await eventually(() => expect(g.node.getSnapshot().directory.link).toBe('registered'), 20_000);
  po = await fake({
    flavour: 'ollama',
    models: [QWEN3, GPT_OSS, LLAMA],
    modelFacts: { [QWEN3]: { thinks: 'switchable' }, [GPT_OSS]: { thinks: 'levels' } },
  });
  pl = await fake({
    flavour: 'llamacpp',
    models: ['/models/DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf'],
    alias: R1,
    modelFacts: { '/models/DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf': { thinks: 'always' } },
  });
  for (const f of [po, pl]) await startProvider(directory, f.url, nodes);
  const opened = await openGateway(g, 'thinking controls');
  key = opened.key;
  root = opened.baseUrl.replace(/\/v1$/, '');
  openai = new OpenAI({ baseURL: opened.baseUrl, apiKey: key, maxRetries: 0 });
  ollama = new Ollama({ host: root, headers: { Authorization: `Bearer ${key}` } });
  anthropic = new Anthropic({ baseURL: root, apiKey: key, maxRetries: 0 });
  await eventually(async () => {
    const ids = (await openai.models.list()).data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining([LOCAL, QWEN3, GPT_OSS, LLAMA, R1]));
  }, 30_000);
}, 120_000);

afterAll(async () => {
  for (const n of nodes.splice(0).reverse()) await n.stop().catch(() => undefined);
  for (const b of backends.splice(0)) await b.close();
  await directory?.close();
});

const inferences = (f: FakeBackend) =>
  f.calls.filter((c) => c.method === 'POST' && /\/(chat\/)?completions$/.test(c.path));
const lastInference = (f: FakeBackend) => inferences(f).at(-1)?.body as Record<string, unknown> | undefined;
const allInferences = () => backends.reduce((n, f) => n + inferences(f).length, 0);

/** Runs a request the gateway must refuse, and checks no server was asked; returns what the client threw. */
async function refused(send: () => Promise<unknown>): Promise<Error & { status?: number; status_code?: number }> {
  const before = allInferences();
  const thrown = await send().then(
    () => null,
    (err: unknown) => err,
  );
  expect(thrown).not.toBeNull();
  expect(allInferences()).toBe(before);
  return thrown as Error;
}

/** The thinking as an OpenAI-compatible message carries it (fields the package does not type). */
const reasoningOf = (m: unknown): string | undefined => (m as { reasoning_content?: string }).reasoning_content;

describe('what each node advertises of its models’ thinking', () => {
  it('from Ollama’s capabilities and llama.cpp’s template, each model its own controls', () => {
    const features = (model: string) =>
      directory.state.registrations
        .filter((r) => r.status === 201)
        .flatMap(
          (r) => (r.body as { capabilities: { intent: string; models: string[]; features?: string[] }[] }).capabilities,
        )
        .findLast((c) => c.intent === CHAT && c.models.includes(model))
        ?.features?.filter((f) => f.startsWith('thinking')) ?? [];
    expect(features(LOCAL)).toEqual(['thinking', 'thinking:off']);
    expect(features(QWEN3)).toEqual(['thinking', 'thinking:off']);
    expect(features(GPT_OSS)).toEqual(['thinking', 'thinking:effort']);
    expect(features(LLAMA)).toEqual(['thinking:off']);
    // b4748 does not pass template arguments: R1 thinks, and nothing here can stop it.
    expect(features(R1)).toEqual(['thinking']);
  });
});

describe('openai: reasoning_effort', () => {
  it('none on another operator’s Qwen3 reaches Ollama as none, and the answer has no thinking', async () => {
    const answer = await openai.chat.completions.create({ model: QWEN3, messages: hello, reasoning_effort: 'none' });
    expect(lastInference(po)).toMatchObject({ reasoning_effort: 'none' });
    expect(reasoningOf(answer.choices[0]!.message)).toBeUndefined();
    expect(answer.choices[0]!.message.content).toContain('hello');
    // Without it, the same model thinks.
    const thinking = await openai.chat.completions.create({ model: QWEN3, messages: hello });
    expect(reasoningOf(thinking.choices[0]!.message)).toBe(DEFAULT_THOUGHT);
    expect(lastInference(po)).not.toHaveProperty('reasoning_effort');
  });

  it('high on gpt-oss reaches Ollama as high, streamed, the thinking first', async () => {
    const stream = await openai.chat.completions.create({
      model: GPT_OSS,
      messages: hello,
      reasoning_effort: 'high',
      stream: true,
    });
    let thinking = '';
    for await (const chunk of stream) thinking += reasoningOf(chunk.choices[0]?.delta) ?? '';
    expect(thinking).toBe(`${DEFAULT_THOUGHT} (high)`);
    expect(lastInference(po)).toMatchObject({ reasoning_effort: 'high' });
  });

  it('an effort on a model that takes none: 400 naming reasoning_effort, nothing sent', async () => {
    const err = await refused(() =>
      openai.chat.completions.create({ model: QWEN3, messages: hello, reasoning_effort: 'high' }),
    );
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err).toMatchObject({ status: 400, code: 'unsupported_field' });
    expect(err.message).toMatch(/reasoning_effort: no machine that offers “qwen3:8b” takes a thinking effort now\./);
  });

  it('none on a model that always thinks: refused, never ignored', async () => {
    const err = await refused(() =>
      openai.chat.completions.create({ model: R1, messages: hello, reasoning_effort: 'none' }),
    );
    expect(err.message).toMatch(/reasoning_effort: no machine that offers “r1-distill” can answer without thinking/);
  });
});

describe('ollama-js: think', () => {
  it('false on this computer’s Qwen3 reaches llama.cpp as the template’s enable_thinking', async () => {
    const answer = await ollama.chat({ model: LOCAL, messages: hello, think: false });
    expect(lastInference(local)).toMatchObject({ chat_template_kwargs: { enable_thinking: false } });
    expect(answer.message.thinking).toBeUndefined();
    const on = await ollama.chat({ model: LOCAL, messages: hello, think: true });
    expect(lastInference(local)).toMatchObject({ chat_template_kwargs: { enable_thinking: true } });
    expect(on.message.thinking).toBe(DEFAULT_THOUGHT);
  });

  it('a level on gpt-oss, streamed', async () => {
    const stream = await ollama.chat({ model: GPT_OSS, messages: hello, think: 'low', stream: true });
    let thinking = '';
    for await (const part of stream) thinking += part.message.thinking ?? '';
    expect(thinking).toBe(`${DEFAULT_THOUGHT} (low)`);
  });

  it('true on a model that never thinks: 400 naming think', async () => {
    const err = await refused(() => ollama.chat({ model: LLAMA, messages: hello, think: true }));
    expect(err).toMatchObject({ name: 'ResponseError', status_code: 400 });
    expect(err.message).toBe('think: no machine that offers “llama3.1:8b” thinks now.');
  });

  it('false on a model that never thinks asks nothing of it', async () => {
    const answer = await ollama.chat({ model: LLAMA, messages: hello, think: false });
    expect(answer.message.content).toContain('hello');
    expect(lastInference(po)).not.toHaveProperty('reasoning_effort');
  });
});

describe('Open WebUI’s requests when it asks for reasoning', () => {
  const post = (path: string, body: unknown) =>
    fetch(`${root}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });

  it('an Ollama connection: /api/chat with think, streamed; thinking lines before the text', async () => {
    // As Open WebUI 0.6 forwards a chat with "Think (Ollama)" on: its options, keep_alive and think top level.
    const res = await post('/api/chat', {
      model: QWEN3,
      messages: [{ role: 'user', content: 'Why is the sky blue?' }],
      stream: true,
      options: { temperature: 0.6, num_ctx: 2048 },
      keep_alive: '5m',
      think: true,
    });
    expect(res.status).toBe(200);
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { message?: { thinking?: string; content?: string }; done: boolean });
    const thought = lines.findIndex((l) => l.message?.thinking);
    const text = lines.findIndex((l) => l.message?.content);
    expect(thought).toBeGreaterThanOrEqual(0);
    expect(text).toBeGreaterThan(thought);
    expect(lines.at(-1)?.done).toBe(true);
  });

  it('an OpenAI connection: reasoning_effort from its advanced parameters', async () => {
    const res = await post('/v1/chat/completions', {
      model: GPT_OSS,
      messages: [{ role: 'user', content: 'Why is the sky blue?' }],
      stream: false,
      reasoning_effort: 'medium',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { choices: { message: { reasoning_content?: string } }[] };
    expect(body.choices[0]!.message.reasoning_content).toBe(`${DEFAULT_THOUGHT} (medium)`);
    expect(lastInference(po)).toMatchObject({ reasoning_effort: 'medium' });
  });
});

describe('the Anthropic SDK: thinking', () => {
  it('enabled on Qwen3 gives a thinking block; disabled on this computer’s Qwen3 turns it off', async () => {
    const on = await anthropic.messages.create({
      model: QWEN3,
      max_tokens: 2048,
      messages: hello,
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
    expect(on.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    const off = await anthropic.messages.create({
      model: LOCAL,
      max_tokens: 64,
      messages: hello,
      thinking: { type: 'disabled' },
    });
    expect(off.content.map((b) => b.type)).toEqual(['text']);
    expect(lastInference(local)).toMatchObject({ chat_template_kwargs: { enable_thinking: false } });
  });

  it('disabled on gpt-oss: 400 naming thinking, nothing sent', async () => {
    const err = await refused(() =>
      anthropic.messages.create({ model: GPT_OSS, max_tokens: 64, messages: hello, thinking: { type: 'disabled' } }),
    );
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect(err.message).toMatch(/thinking: no machine that offers “gpt-oss:20b” can answer without thinking now\./);
  });
});

describe('the Responses API: reasoning.effort', () => {
  it('low on gpt-oss: a reasoning item from the low effort', async () => {
    const answer = await openai.responses.create({
      model: GPT_OSS,
      input: 'hello there',
      max_output_tokens: 64,
      reasoning: { effort: 'low', summary: 'auto' },
    });
    expect(answer.output[0]).toMatchObject({
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: `${DEFAULT_THOUGHT} (low)` }],
    });
    expect(lastInference(po)).toMatchObject({ reasoning_effort: 'low' });
  });
});
