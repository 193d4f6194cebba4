/**
 * Routing on what a request needs, with the real client libraries (openai, the Anthropic SDK, ollama-js), unmodified.
 * Node G runs the gateway; PT's LLM server says its model takes tools (Ollama's `/api/show` capabilities), so PT
 * registers that model with the `tool_calling` feature; the servers of PP (another model) and PP2 (PT's model, listed
 * before PT: equal scores keep registration order) look like vLLM and say nothing of tools, so their models are
 * registered plain. All are real engine nodes registered at the PHP-faithful test directory.
 *
 * These tests need the request readers to fill `needs` and `choices` (api-shapes, another part of the same work):
 * before that, a request's `tools` reach any node and `n` is one answer.
 */
import Anthropic from '@anthropic-ai/sdk';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { GATEWAY_TEST_TUNING as tuning, nodeIdOf, openGateway, startProvider } from '../support/gateway-setup';
import { eventually, startPublicNode, type NodeHarness } from '../support/node-harness';
import { startStreamingLlm, type StreamingLlm } from '../support/streaming-llm';

const TOOLY = 'tooly-7b';
const PLAIN = 'plain-7b';
/** A coder model whose Ollama lists the `insert` capability: its node advertises `fill_in_middle`. */
const FIM = 'coder-fim:7b';
const TOOL = { name: 'get_weather', arguments: ['{"city":', ' "Paris"}'] };
const WEATHER = { type: 'object' as const, properties: { city: { type: 'string' as const } }, required: ['city'] };

let directory: TestDirectory;
let gBackend: FakeBackend;
let toolLlm: StreamingLlm;
let plainLlm: StreamingLlm;
let plainToolyLlm: StreamingLlm;
let fimBackend: FakeBackend;
const nodes: NodeHarness[] = [];
let g: NodeHarness;
let pt: NodeHarness;
let key: string;
let baseUrl: string;
let openai: OpenAI;

const provider = (llm: { url: string }): Promise<NodeHarness> => startProvider(directory, llm.url, nodes);

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 });
  gBackend = await startFakeBackend({ flavour: 'ollama', models: ['g-own:1b'] });
  toolLlm = await startStreamingLlm({
    model: TOOLY,
    first: ['Sunny'],
    rest: [' today.'],
    hold: false,
    flavour: 'ollama',
    toolCall: TOOL,
  });
  plainLlm = await startStreamingLlm({ model: PLAIN, first: ['Plain'], rest: [' text.'], hold: false });
  plainToolyLlm = await startStreamingLlm({ model: TOOLY, first: ['No'], rest: [' tools.'], hold: false });
  g = await startPublicNode({ directory: directory.url, backend: gBackend.url }, {}, { gatewayPort: 0, tuning });
  nodes.push(g);
  await eventually(() => expect(g.node.getSnapshot().directory.link).toBe('registered'), 20_000);
  await provider(plainToolyLlm);
  pt = await provider(toolLlm);
  await provider(plainLlm);
  fimBackend = await startFakeBackend({ flavour: 'ollama', models: [FIM], modelFacts: { [FIM]: { fim: true } } });
  await provider(fimBackend);
  ({ baseUrl, key } = await openGateway(g, 'routing apps'));
  openai = new OpenAI({ baseURL: baseUrl, apiKey: key, maxRetries: 0 });
}, 120_000);

afterAll(async () => {
  for (const n of nodes.splice(0).reverse()) await n.stop().catch(() => undefined);
  for (const l of [toolLlm, plainLlm, plainToolyLlm]) await l?.close();
  await gBackend?.close();
  await fimBackend?.close();
  await directory?.close();
});

describe('openai: tools go only to a model offered with tool calling', () => {
  it('tools on a model only a node without tool calling offers: 400 naming tools, nothing sent', async () => {
    const before = plainLlm.requests;
    const err = await openai.chat.completions
      .create({
        model: PLAIN,
        messages: [{ role: 'user', content: 'Weather?' }],
        tools: [{ type: 'function', function: { name: TOOL.name, parameters: WEATHER } }],
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).message).toMatch(
      /tools: no machine that offers “plain-7b” takes tools now/,
    );
    expect(plainLlm.requests).toBe(before);
  });

  it('tools on a model offered with tool calling reach that node, past one listed first without it', async () => {
    toolLlm.toolCall = TOOL;
    const skipped = plainToolyLlm.requests;
    const { data, response } = await openai.chat.completions
      .create({
        model: TOOLY,
        messages: [{ role: 'user', content: 'Weather in Paris?' }],
        tools: [{ type: 'function', function: { name: TOOL.name, parameters: WEATHER } }],
      })
      .withResponse();
    expect(response.headers.get('x-iicp-node-id')).toBe(nodeIdOf(pt));
    const call = data.choices[0]!.message.tool_calls?.[0];
    expect(call?.type === 'function' ? call.function.name : null).toBe(TOOL.name);
    expect(toolLlm.bodies.at(-1)).toMatchObject({ tools: [{ type: 'function', function: { name: TOOL.name } }] });
    expect(plainToolyLlm.requests).toBe(skipped);
  });

  it('a completion with a suffix is refused when no machine fills in the middle', async () => {
    const err = await openai.completions
      .create({ model: PLAIN, prompt: 'def add(a, b):', suffix: '\n\nprint(add(1, 2))', max_tokens: 8 })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as Error).message).toMatch(/suffix: no machine that offers “plain-7b”/);
  });

  it('a completion with a suffix reaches the node whose model fills in the middle, suffix and all', async () => {
    const data = await openai.completions.create({
      model: FIM,
      prompt: 'def add(a, b):',
      suffix: '\n\nprint(add(1, 2))',
      max_tokens: 8,
    });
    expect(data.choices[0]?.text.length).toBeGreaterThan(0);
    const sent = fimBackend.calls.filter((c) => c.path === '/v1/completions').at(-1);
    expect(sent?.body).toMatchObject({ prompt: 'def add(a, b):', suffix: '\n\nprint(add(1, 2))' });
  });

  it('n: 2 is two tasks answered as two choices', async () => {
    const before = plainLlm.requests;
    const data = await openai.chat.completions.create({
      model: PLAIN,
      messages: [{ role: 'user', content: 'Say it twice.' }],
      n: 2,
      max_tokens: 16,
    });
    expect(data.choices.map((c) => [c.index, c.message.content])).toEqual([
      [0, 'Plain text.'],
      [1, 'Plain text.'],
    ]);
    expect(plainLlm.requests).toBe(before + 2);
    const rows = (await g.node.commandHandlers().getGateway({})).recent.filter(
      (r) => r.model === PLAIN && r.outcome === 'answered',
    );
    expect(new Set(rows.slice(0, 2).map((r) => r.taskId)).size).toBe(2);
  });
});

describe('the Anthropic SDK: tools both ways against a node with tool calling', () => {
  it('a tool_use answer, then the tool_result turn answered in text', async () => {
    const anthropic = new Anthropic({ baseURL: baseUrl.replace(/\/v1$/, ''), apiKey: key, maxRetries: 0 });
    const tools = [{ name: TOOL.name, input_schema: WEATHER }];
    toolLlm.toolCall = TOOL;
    const first = await anthropic.messages.create({
      model: TOOLY,
      max_tokens: 64,
      tools,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });
    const use = first.content.find((b) => b.type === 'tool_use');
    expect(use).toMatchObject({ type: 'tool_use', name: TOOL.name, input: { city: 'Paris' } });
    expect(first.stop_reason).toBe('tool_use');
    toolLlm.toolCall = undefined;
    const second = await anthropic.messages.create({
      model: TOOLY,
      max_tokens: 64,
      tools,
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: (use as { id: string }).id, content: '21 °C and sunny' }],
        },
      ],
    });
    expect(second.content).toEqual([expect.objectContaining({ type: 'text', text: 'Sunny today.' })]);
    const sent = toolLlm.bodies.at(-1) as { messages: { role: string; content?: unknown; tool_call_id?: string }[] };
    expect(sent.messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: (use as { id: string }).id });
  });
});

describe('ollama-js: tools routed, a context larger than any advertised refused', () => {
  const ollama = () => new Ollama({ host: baseUrl.replace(/\/v1$/, ''), headers: { Authorization: `Bearer ${key}` } });

  it('chat with tools reaches the node with tool calling and hands the call over whole', async () => {
    toolLlm.toolCall = TOOL;
    const r = await ollama().chat({
      model: TOOLY,
      stream: false,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [{ type: 'function', function: { name: TOOL.name, description: 'weather', parameters: WEATHER } }],
    });
    expect(r.message.tool_calls?.[0]?.function).toEqual({ name: TOOL.name, arguments: { city: 'Paris' } });
  });

  it('options.num_ctx above every advertised context is refused naming it', async () => {
    toolLlm.toolCall = undefined;
    const err = await ollama()
      .chat({
        model: TOOLY,
        stream: false,
        messages: [{ role: 'user', content: 'hi' }],
        options: { num_ctx: 10_000_000 },
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect((err as { status_code?: number }).status_code).toBe(400);
    expect((err as Error).message).toMatch(
      /^options\.num_ctx: no machine that offers “tooly-7b” takes a context of 10000000 tokens now\./,
    );
  });
});
