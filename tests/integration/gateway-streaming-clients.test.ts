/**
 * Tokens as they are made, through the gateway, to the five client libraries people use, each unmodified: openai,
 * ollama-js, the Anthropic SDK, the AI SDK (+ @ai-sdk/openai) and LangChain (+ @langchain/openai). Node G runs the
 * gateway; P1 is G's operator's own machine (free), P2 another operator's node (paid). Both are real engine nodes whose
 * LLM server is the streaming stand-in: it sends its first tokens, then holds the rest until the test releases them.
 * So each test proves streaming by order, not by a clock: the app must see a chunk while the server still holds the
 * rest (a buffered answer could not reach it before the release), and then, after the release, the rest.
 */
import { createOpenAI } from '@ai-sdk/openai';
import Anthropic from '@anthropic-ai/sdk';
import { ChatOpenAI } from '@langchain/openai';
import { jsonSchema, streamText, tool } from 'ai';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import {
  GATEWAY_TEST_TUNING as tuning,
  nodeIdOf,
  openGateway,
  startProvider,
  taskBooks,
  type TaskBooks,
  shareOperators,
} from '../support/gateway-setup';
import { eventually, startPublicNode, type NodeHarness } from '../support/node-harness';
import { startStreamingLlm, type StreamingLlm } from '../support/streaming-llm';

const MINE = 'stream-mine-7b';
const THEIRS = 'stream-theirs-7b';
const FIRST = ['Hello', ' from', ' the'];
const REST = [' streaming', ' node', '.'];
const ANSWER = [...FIRST, ...REST].join('');
const USAGE = { prompt_tokens: 9, completion_tokens: 6 };
const TOOL = { name: 'get_weather', arguments: ['{"city":', ' "Par', 'is"}'] };
const TOOL_ARGS = { city: 'Paris' };
const WEATHER_SCHEMA: { type: 'object'; properties: Record<string, { type: 'string' }>; required: string[] } = {
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
};
/** Only a bound on a test that already failed: no chunk while the server holds the rest means nothing is streamed. */
const FIRST_CHUNK_LIMIT_MS = 15_000;

let directory: TestDirectory;
let gBackend: FakeBackend;
let mineLlm: StreamingLlm;
let theirsLlm: StreamingLlm;
const nodes: NodeHarness[] = [];
let g: NodeHarness;
let p1: NodeHarness;
let p2: NodeHarness;
let key: string;
let baseUrl: string;
let root: string;
let books: TaskBooks;

const provider = (llm: { url: string }): Promise<NodeHarness> => startProvider(directory, llm.url, nodes);

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 });
  books = taskBooks(directory);
  gBackend = await startFakeBackend({ flavour: 'ollama', models: ['g-own:1b'] });
  // Ollama's look: its `/api/show` says the model takes tools, so the nodes advertise `tool_calling` and get tools.
  mineLlm = await startStreamingLlm({ model: MINE, first: FIRST, rest: REST, usage: USAGE, flavour: 'ollama' });
  theirsLlm = await startStreamingLlm({ model: THEIRS, first: FIRST, rest: REST, usage: USAGE, flavour: 'ollama' });
  g = await startPublicNode({ directory: directory.url, backend: gBackend.url }, {}, { gatewayPort: 0, tuning });
  nodes.push(g);
  await eventually(() => expect(g.node.getSnapshot().directory.link).toBe('registered'), 20_000);
  p1 = await provider(mineLlm);
  p2 = await provider(theirsLlm);
  // G and P1 share an operator identity; P2 has another.
  await shareOperators([
    { name: 'Ada Rigs', machines: [g, p1] },
    { name: 'Bob Labs', machines: [p2] },
  ]);
  ({ baseUrl, key } = await openGateway(g, 'streaming apps'));
  root = baseUrl.replace(/\/v1$/, '');
  const openai = new OpenAI({ baseURL: baseUrl, apiKey: key, maxRetries: 0 });
  await eventually(
    async () =>
      expect((await openai.models.list()).data.map((m) => m.id).sort()).toEqual([MINE, THEIRS, 'g-own:1b'].sort()),
    20_000,
  );
}, 120_000);

afterEach(() => {
  // A test that failed half way leaves nothing held for the next one.
  for (const llm of [mineLlm, theirsLlm]) {
    llm.toolCall = undefined;
    llm.release();
  }
});

afterAll(async () => {
  for (const n of nodes.splice(0).reverse()) await n.stop().catch(() => undefined);
  await mineLlm?.close();
  await theirsLlm?.close();
  await gBackend?.close();
  await directory?.close();
});

/** What an app saw, in the one shape every client is read into. */
type Seen =
  | { kind: 'text'; text: string }
  | { kind: 'tool-delta'; name?: string; args?: string }
  | { kind: 'tool-call'; name: string; args: unknown }
  | { kind: 'usage'; prompt?: number; completion?: number }
  | { kind: 'task'; taskId: string | null; nodeId: string | null };

interface Ask {
  model: string;
  tools: boolean;
}

const PROMPT = 'Say hello, and what is the weather in Paris?';

async function* viaOpenAI(a: Ask): AsyncGenerator<Seen> {
  const client = new OpenAI({ baseURL: baseUrl, apiKey: key, maxRetries: 0 });
  const { data, response } = await client.chat.completions
    .create({
      model: a.model,
      messages: [{ role: 'user', content: PROMPT }],
      max_tokens: 64,
      stream: true,
      stream_options: { include_usage: true },
      ...(a.tools
        ? { tools: [{ type: 'function' as const, function: { name: TOOL.name, parameters: WEATHER_SCHEMA } }] }
        : {}),
    })
    .withResponse();
  yield {
    kind: 'task',
    taskId: response.headers.get('x-iicp-task-id'),
    nodeId: response.headers.get('x-iicp-node-id'),
  };
  for await (const chunk of data) {
    const delta = chunk.choices[0]?.delta;
    if (delta?.content) yield { kind: 'text', text: delta.content };
    for (const t of delta?.tool_calls ?? [])
      yield { kind: 'tool-delta', name: t.function?.name, args: t.function?.arguments };
    if (chunk.usage)
      yield { kind: 'usage', prompt: chunk.usage.prompt_tokens, completion: chunk.usage.completion_tokens };
  }
}

async function* viaOllama(a: Ask): AsyncGenerator<Seen> {
  const client = new Ollama({ host: root, headers: { Authorization: `Bearer ${key}` } });
  const stream = await client.chat({
    model: a.model,
    messages: [{ role: 'user', content: PROMPT }],
    stream: true,
    options: { num_predict: 64 },
    ...(a.tools ? { tools: [{ type: 'function', function: { name: TOOL.name, parameters: WEATHER_SCHEMA } }] } : {}),
  });
  for await (const part of stream) {
    if (part.message.content) yield { kind: 'text', text: part.message.content };
    for (const t of part.message.tool_calls ?? [])
      yield { kind: 'tool-call', name: t.function.name, args: t.function.arguments };
    if (part.done) yield { kind: 'usage', prompt: part.prompt_eval_count, completion: part.eval_count };
  }
}

async function* viaAnthropic(a: Ask): AsyncGenerator<Seen> {
  const client = new Anthropic({ baseURL: root, apiKey: key, maxRetries: 0 });
  const stream = await client.messages.create({
    model: a.model,
    max_tokens: 64,
    messages: [{ role: 'user', content: PROMPT }],
    stream: true,
    ...(a.tools ? { tools: [{ name: TOOL.name, input_schema: WEATHER_SCHEMA }] } : {}),
  });
  for await (const ev of stream) {
    if (ev.type === 'message_start') yield { kind: 'usage', prompt: ev.message.usage.input_tokens };
    if (ev.type === 'content_block_start' && ev.content_block.type === 'tool_use')
      yield { kind: 'tool-delta', name: ev.content_block.name };
    if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta')
      yield { kind: 'text', text: ev.delta.text };
    if (ev.type === 'content_block_delta' && ev.delta.type === 'input_json_delta')
      yield { kind: 'tool-delta', args: ev.delta.partial_json };
    // The real API counts the prompt again at the end (the SDK's own stream keeps the later count): the gateway
    // learns it only from the node's terminal, so it is there.
    if (ev.type === 'message_delta')
      yield {
        kind: 'usage',
        completion: ev.usage.output_tokens,
        ...(ev.usage.input_tokens != null ? { prompt: ev.usage.input_tokens } : {}),
      };
  }
}

async function* viaAiSdk(a: Ask): AsyncGenerator<Seen> {
  const provider = createOpenAI({ baseURL: baseUrl, apiKey: key });
  const result = streamText({
    model: provider.chat(a.model),
    prompt: PROMPT,
    maxOutputTokens: 64,
    maxRetries: 0,
    ...(a.tools ? { tools: { [TOOL.name]: tool({ inputSchema: jsonSchema<{ city: string }>(WEATHER_SCHEMA) }) } } : {}),
  });
  for await (const part of result.fullStream) {
    if (part.type === 'error') throw part.error instanceof Error ? part.error : new Error(JSON.stringify(part.error));
    if (part.type === 'text-delta' && part.text) yield { kind: 'text', text: part.text };
    if (part.type === 'tool-input-start') yield { kind: 'tool-delta', name: part.toolName };
    if (part.type === 'tool-input-delta') yield { kind: 'tool-delta', args: part.delta };
    if (part.type === 'tool-call') yield { kind: 'tool-call', name: part.toolName, args: part.input };
    if (part.type === 'finish')
      yield { kind: 'usage', prompt: part.totalUsage.inputTokens, completion: part.totalUsage.outputTokens };
  }
}

async function* viaLangChain(a: Ask): AsyncGenerator<Seen> {
  const chat = new ChatOpenAI({
    model: a.model,
    apiKey: key,
    configuration: { baseURL: baseUrl },
    maxRetries: 0,
    maxTokens: 64,
    streamUsage: true,
  });
  const runnable = a.tools
    ? chat.bindTools([{ type: 'function', function: { name: TOOL.name, parameters: WEATHER_SCHEMA } }])
    : chat;
  for await (const chunk of await runnable.stream(PROMPT)) {
    if (typeof chunk.content === 'string' && chunk.content) yield { kind: 'text', text: chunk.content };
    for (const t of chunk.tool_call_chunks ?? []) yield { kind: 'tool-delta', name: t.name, args: t.args };
    if (chunk.usage_metadata)
      yield {
        kind: 'usage',
        prompt: chunk.usage_metadata.input_tokens,
        completion: chunk.usage_metadata.output_tokens,
      };
  }
}

const CLIENTS = {
  openai: viaOpenAI,
  ollama: viaOllama,
  anthropic: viaAnthropic,
  'ai-sdk': viaAiSdk,
  langchain: viaLangChain,
} as const;
type ClientName = keyof typeof CLIENTS;

interface Run {
  /** The text the app had when its first text chunk came. */
  firstText: string;
  /** Requests the LLM server still held back at that moment. */
  heldAtFirst: number;
  text: string;
  toolName: string | null;
  toolArgs: string;
  toolCalls: { name: string; args: unknown }[];
  usage: { prompt?: number; completion?: number };
  task: { taskId: string | null; nodeId: string | null } | null;
}

/** Reads the app's stream: up to its first text chunk, then releases the server's held tokens, then to the end. */
async function drive(llm: StreamingLlm, seen: AsyncGenerator<Seen>): Promise<Run> {
  const run: Run = {
    firstText: '',
    heldAtFirst: -1,
    text: '',
    toolName: null,
    toolArgs: '',
    toolCalls: [],
    usage: {},
    task: null,
  };
  const take = (s: Seen): void => {
    if (s.kind === 'text') run.text += s.text;
    if (s.kind === 'tool-delta') {
      if (s.name) run.toolName = s.name;
      run.toolArgs += s.args ?? '';
    }
    if (s.kind === 'tool-call') run.toolCalls.push({ name: s.name, args: s.args });
    if (s.kind === 'usage')
      run.usage = {
        ...run.usage,
        ...(s.prompt !== undefined ? { prompt: s.prompt } : {}),
        ...(s.completion !== undefined ? { completion: s.completion } : {}),
      };
    if (s.kind === 'task') run.task = { taskId: s.taskId, nodeId: s.nodeId };
  };
  let bound: NodeJS.Timeout | undefined;
  const tooLate = new Promise<never>((_, reject) => {
    bound = setTimeout(
      () =>
        reject(
          new Error('no text reached the app while the LLM server held the rest back: the answer was not streamed'),
        ),
      FIRST_CHUNK_LIMIT_MS,
    );
  });
  try {
    for (;;) {
      const next = await Promise.race([seen.next(), tooLate]);
      if (next.done) throw new Error('the stream ended before any text came');
      take(next.value);
      if (run.text !== '') break;
    }
  } finally {
    clearTimeout(bound);
  }
  run.firstText = run.text;
  run.heldAtFirst = llm.held;
  llm.release();
  for await (const s of seen) take(s);
  return run;
}

const WAYS = [
  { way: 'own machine (free)', model: MINE, llm: () => mineLlm, node: () => p1, paid: false },
  { way: "another operator's node (paid)", model: THEIRS, llm: () => theirsLlm, node: () => p2, paid: true },
] as const;

const CASES = WAYS.flatMap((w) => (Object.keys(CLIENTS) as ClientName[]).map((client) => ({ ...w, client })));

describe('each client library streams through the gateway, first chunk before the server is done', () => {
  it.each(CASES)(
    '$client, $way: the first chunk while the rest is held, then the rest, then usage',
    async ({ client, model, llm, node, paid }) => {
      const before = llm().requests;
      const run = await drive(llm(), CLIENTS[client]({ model, tools: false }));
      expect(run.heldAtFirst).toBe(1);
      expect(FIRST.join('').startsWith(run.firstText)).toBe(true);
      expect(run.text).toBe(ANSWER);
      expect(llm().requests).toBe(before + 1);
      expect(llm().bodies.at(-1)).toMatchObject({ stream: true });
      expect(run.usage.completion).toBe(USAGE.completion_tokens);
      if (client !== 'anthropic' && client !== 'openai') return;
      expect(run.usage.prompt).toBe(USAGE.prompt_tokens);
      if (client !== 'openai') return;
      // The books: one award for the streamed task; the paid one debits G's side, the own machine's is excluded.
      expect(run.task?.nodeId).toBe(nodeIdOf(node()));
      const taskId = run.task!.taskId!;
      await eventually(() => expect(books.awards(taskId)).toHaveLength(1), 15_000);
      expect(books.awards(taskId)[0]!.outcome).toBe(paid ? 'accepted' : 'excluded');
      if (paid) await eventually(() => expect(books.debits(taskId).length).toBeGreaterThanOrEqual(1), 15_000);
      else expect(books.debits(taskId)).toEqual([]);
    },
  );

  it.each(CASES)('$client, $way: tool-call deltas arrive as the client expects', async ({ client, model, llm }) => {
    llm().toolCall = TOOL;
    const run = await drive(llm(), CLIENTS[client]({ model, tools: true }));
    expect(run.heldAtFirst).toBe(1);
    expect(run.text).toBe(ANSWER);
    if (client === 'ollama') {
      // Ollama's own server hands a tool call over whole, its arguments already an object.
      expect(run.toolCalls).toEqual([{ name: TOOL.name, args: TOOL_ARGS }]);
      return;
    }
    expect(run.toolName).toBe(TOOL.name);
    expect(JSON.parse(run.toolArgs)).toEqual(TOOL_ARGS);
    if (client === 'ai-sdk') expect(run.toolCalls).toEqual([{ name: TOOL.name, args: TOOL_ARGS }]);
  });
});
