/**
 * A reasoning model's thinking reaches the app, whole and streamed, all of it before the answer's text. Node G runs
 * the gateway, and its own LLM server is llama.cpp writing `reasoning_content` (this computer); P2 is another
 * operator's node whose server is vLLM ≥ 0.10 writing `reasoning` (paid, over the network, sealed). The apps are the
 * real `openai` package, which hands the fields it does not model through as they came, the real `ollama` package and
 * the real Anthropic SDK.
 */
import Anthropic from '@anthropic-ai/sdk';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { GATEWAY_TEST_TUNING as tuning, openGateway, startProvider } from '../support/gateway-setup';
import { eventually, startPublicNode, type NodeHarness } from '../support/node-harness';

const LOCAL_THOUGHT = 'The user greets me; llama.cpp thinks first.';
const PAID_THOUGHT = 'Another server, vLLM, names its thinking reasoning.';
const PAID = 'think-theirs-7b';

let directory: TestDirectory;
const backends: FakeBackend[] = [];
const nodes: NodeHarness[] = [];
let client: OpenAI;
let ollama: Ollama;
let anthropic: Anthropic;
let localModel: string;

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 });
  const local = await startFakeBackend({ flavour: 'llamacpp', thinking: LOCAL_THOUGHT });
  const theirs = await startFakeBackend({ flavour: 'vllm', models: [PAID], thinking: PAID_THOUGHT });
  backends.push(local, theirs);
  const g = await startPublicNode({ directory: directory.url, backend: local.url }, {}, { gatewayPort: 0, tuning });
  nodes.push(g);
  await eventually(() => expect(g.node.getSnapshot().directory.link).toBe('registered'), 20_000);
  const p2 = await startProvider(directory, theirs.url, nodes);
  await p2.node.commandHandlers().createOperator({ displayName: 'Bob Labs' });
  await eventually(() => expect(p2.node.getSnapshot().operator).toMatchObject({ directory: 'bound' }), 20_000);
  const { baseUrl, key } = await openGateway(g, 'thinking app');
  client = new OpenAI({ baseURL: baseUrl, apiKey: key, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: baseUrl.replace(/\/v1$/, ''), apiKey: key, maxRetries: 0 });
  ollama = new Ollama({ host: baseUrl.replace(/\/v1$/, ''), headers: { Authorization: `Bearer ${key}` } });
  await eventually(async () => {
    const ids = (await client.models.list()).data.map((m) => m.id);
    expect(ids).toContain(PAID);
    expect(ids).toHaveLength(2);
  }, 20_000);
  localModel = (await client.models.list()).data.map((m) => m.id).find((id) => id !== PAID)!;
}, 120_000);

afterAll(async () => {
  for (const n of nodes.splice(0).reverse()) await n.stop().catch(() => undefined);
  for (const b of backends.splice(0)) await b.close();
  await directory?.close();
});

/** Where each case is answered: the server, the model it offers, and the thinking it writes. */
const SERVERS: [string, () => string, string][] = [
  ['this computer (llama.cpp, reasoning_content)', () => localModel, LOCAL_THOUGHT],
  ['another operator’s node (vLLM, reasoning)', () => PAID, PAID_THOUGHT],
];

/** The thinking as an OpenAI-compatible server writes it on a message or a delta (fields the package does not type). */
type Thinking = { reasoning_content?: string | null; reasoning?: string | null };

describe('thinking through the gateway, as OpenAI-compatible servers write it', () => {
  it.each(SERVERS)('whole: %s', async (_, model, thought) => {
    const answer = await client.chat.completions.create({
      model: model(),
      messages: [{ role: 'user', content: 'hello there' }],
      max_tokens: 32,
    });
    const message = answer.choices[0]!.message as (typeof answer.choices)[0]['message'] & Thinking;
    expect(message.content).toContain('hello');
    expect(message.reasoning_content).toBe(thought);
    expect(message.reasoning).toBe(thought);
    // The thinking's tokens are said apart, as OpenAI says them (the servers here give none: the gateway's estimate).
    expect(answer.usage?.completion_tokens_details?.reasoning_tokens).toBe(Math.ceil(Buffer.byteLength(thought) / 4));
    // The message handed back as it came, thinking and all, is taken on the next turn.
    const next = await client.chat.completions.create({
      model: model(),
      messages: [{ role: 'user', content: 'hello there' }, message, { role: 'user', content: 'again' }],
      max_tokens: 32,
    });
    expect(next.choices[0]!.message.content).toContain('again');
  });

  it.each(SERVERS)('streamed: %s, all of the thinking before the first text', async (_, model, thought) => {
    const stream = await client.chat.completions.create({
      model: model(),
      messages: [{ role: 'user', content: 'hello there' }],
      max_tokens: 32,
      stream: true,
      stream_options: { include_usage: true },
    });
    const order: ('thinking' | 'text')[] = [];
    let thinking = '';
    let text = '';
    let usage: OpenAI.CompletionUsage | null = null;
    for await (const chunk of stream) {
      usage = chunk.usage ?? usage;
      const delta = (chunk.choices[0]?.delta ?? {}) as { content?: string | null } & Thinking;
      if (delta.reasoning_content) {
        expect(delta.reasoning).toBe(delta.reasoning_content);
        thinking += delta.reasoning_content;
        order.push('thinking');
      }
      if (delta.content) {
        text += delta.content;
        order.push('text');
      }
    }
    expect(thinking).toBe(thought);
    expect(text).toContain('hello');
    expect(order.indexOf('text')).toBeGreaterThan(order.lastIndexOf('thinking'));
    // Streamed as whole: the thinking's tokens said apart, the gateway's estimate where the server gave no figure.
    expect(usage?.completion_tokens_details?.reasoning_tokens).toBe(Math.ceil(Buffer.byteLength(thought) / 4));
  });
});

describe('thinking through the gateway, as Ollama writes it', () => {
  it.each(SERVERS)('whole and streamed: %s, message.thinking before the text', async (_, model, thought) => {
    const messages = [{ role: 'user', content: 'hello there' }];
    const whole = await ollama.chat({ model: model(), messages, options: { num_predict: 32 } });
    expect(whole.message.thinking).toBe(thought);
    expect(whole.message.content).toContain('hello');
    const stream = await ollama.chat({ model: model(), messages, options: { num_predict: 32 }, stream: true });
    const order: ('thinking' | 'text')[] = [];
    let thinking = '';
    for await (const part of stream) {
      if (part.message.thinking) {
        thinking += part.message.thinking;
        order.push('thinking');
      }
      if (part.message.content) order.push('text');
    }
    expect(thinking).toBe(thought);
    expect(order.indexOf('text')).toBeGreaterThan(order.lastIndexOf('thinking'));
  });
});

describe('thinking through the gateway, as Anthropic writes it', () => {
  it.each(SERVERS)('whole and streamed: %s, a thinking block before the text block', async (_, model, thought) => {
    const ask = { model: model(), max_tokens: 32, messages: [{ role: 'user' as const, content: 'hello there' }] };
    const whole = await anthropic.messages.create(ask);
    expect(whole.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    expect(whole.content[0]).toMatchObject({ type: 'thinking', thinking: thought });
    const stream = anthropic.messages.stream(ask);
    const order: ('thinking' | 'text')[] = [];
    let thinking = '';
    stream.on('thinking', (delta) => {
      thinking += delta;
      order.push('thinking');
    });
    stream.on('text', () => void order.push('text'));
    const final = await stream.finalMessage();
    expect(thinking).toBe(thought);
    expect(order.indexOf('text')).toBeGreaterThan(order.lastIndexOf('thinking'));
    expect(final.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    // The answer handed back whole, thinking and all, is taken on the next turn.
    const next = await anthropic.messages.create({
      ...ask,
      messages: [...ask.messages, { role: 'assistant', content: final.content }, { role: 'user', content: 'again' }],
    });
    expect(next.content.some((b) => b.type === 'text')).toBe(true);
  });
});

describe('thinking through the gateway, as the Responses API writes it', () => {
  it.each(SERVERS)('whole and streamed: %s, a reasoning item before the message', async (_, model, thought) => {
    const ask = { model: model(), input: 'hello there', max_output_tokens: 32 };
    const whole = await client.responses.create(ask);
    expect(whole.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(whole.output[0]).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: thought }] });
    expect(whole.usage?.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    expect(whole.output_text).toContain('hello');
    const stream = await client.responses.create({ ...ask, stream: true });
    const order: ('thinking' | 'text')[] = [];
    let thinking = '';
    let final: typeof whole | null = null;
    for await (const event of stream) {
      if (event.type === 'response.reasoning_summary_text.delta') {
        thinking += event.delta;
        order.push('thinking');
      }
      if (event.type === 'response.output_text.delta') order.push('text');
      if (event.type === 'response.completed') final = event.response;
    }
    expect(thinking).toBe(thought);
    expect(order.indexOf('text')).toBeGreaterThan(order.lastIndexOf('thinking'));
    expect(final!.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(final!.usage?.output_tokens_details.reasoning_tokens).toBe(Math.ceil(Buffer.byteLength(thought) / 4));
    // The output handed back as input on the next turn is taken.
    const next = await client.responses.create({
      model: model(),
      max_output_tokens: 32,
      input: [...final!.output, { role: 'user', content: 'again' }] as never,
    });
    expect(next.output_text).toContain('again');
  });
});
