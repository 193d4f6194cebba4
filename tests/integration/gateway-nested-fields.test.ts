/**
 * The fields inside messages and content blocks, with the real client libraries (openai, ollama-js, the Anthropic
 * SDK) through node G's real gateway listener: a key no API defines is a 400 the client throws as its own
 * bad-request error, naming the key's path, before anything reaches a server; a conversation written with the keys
 * each client's types offer for messages and blocks still reaches the server that answers.
 */
import Anthropic from '@anthropic-ai/sdk';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { GATEWAY_TEST_TUNING as tuning, openGateway, setGateway } from '../support/gateway-setup';
import { eventually, startPublicNode, type NodeHarness } from '../support/node-harness';

const MODEL = 'nested-here:1b';

let directory: TestDirectory;
let backend: FakeBackend;
let g: NodeHarness;
let openai: OpenAI;
let ollama: Ollama;
let anthropic: Anthropic;

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 });
  backend = await startFakeBackend({ flavour: 'ollama', models: [MODEL] });
  g = await startPublicNode({ directory: directory.url, backend: backend.url }, {}, { gatewayPort: 0, tuning });
  await eventually(() => expect(g.node.getSnapshot().directory.link).toBe('registered'), 20_000);
  const { baseUrl, key } = await openGateway(g, 'nested field apps');
  await setGateway(g, { onlyMine: true });
  const root = baseUrl.replace(/\/v1$/, '');
  openai = new OpenAI({ baseURL: baseUrl, apiKey: key, maxRetries: 0 });
  ollama = new Ollama({ host: root, headers: { Authorization: `Bearer ${key}` } });
  anthropic = new Anthropic({ baseURL: root, apiKey: key, maxRetries: 0 });
}, 60_000);

afterAll(async () => {
  await g?.stop();
  await backend?.close();
  await directory?.close();
});

const isInference = (c: { method: string; path: string }): boolean =>
  c.method === 'POST' && /\/(chat\/)?completions$/.test(c.path);
const inferences = (): number => backend.calls.filter(isInference).length;

/** Runs a request the gateway must refuse, and checks no server was asked; returns what the client threw. */
async function refused(send: () => Promise<unknown>): Promise<unknown> {
  const before = inferences();
  const thrown = await send().then(
    () => null,
    (err: unknown) => err,
  );
  expect(thrown).not.toBeNull();
  expect(inferences()).toBe(before);
  return thrown;
}

describe('openai', () => {
  it('refuses an unknown key in a content part, naming its path as the message and the param', async () => {
    const part = { type: 'text', text: 'hello', foo: 1 } as OpenAI.Chat.ChatCompletionContentPartText;
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
      { role: 'system', content: 'be brief' },
      { role: 'user', content: [part] },
    ];
    const err = await refused(() => openai.chat.completions.create({ model: MODEL, messages }));
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err).toMatchObject({ status: 400, code: 'unsupported_field', param: 'messages[1].content[0].foo' });
    expect((err as Error).message).toMatch(/messages\[1\]\.content\[0\]\.foo/);
  });

  it('takes a conversation with names, parts, a handed-back answer and a tool result', async () => {
    const before = inferences();
    const answer = await openai.chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'developer', content: [{ type: 'text', text: 'be brief' }], name: 'setup' },
        { role: 'user', content: [{ type: 'text', text: 'weather?' }], name: 'ann' },
        {
          role: 'assistant',
          content: null,
          refusal: null,
          audio: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: 'sunny' }] },
      ],
    });
    expect(answer.choices).toHaveLength(1);
    expect(inferences()).toBe(before + 1);
  });
});

describe('ollama-js', () => {
  it('refuses an unknown key in a message, naming its path', async () => {
    const message = { role: 'user', content: 'hello', weird: true } as { role: string; content: string };
    const err = await refused(() => ollama.chat({ model: MODEL, messages: [message] }));
    expect((err as Error).message).toMatch(/messages\[0\]\.weird/);
  });

  it('takes a conversation with a tool call, its result by tool name and an empty thinking', async () => {
    const before = inferences();
    const answer = await ollama.chat({
      model: MODEL,
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: '', thinking: '', tool_calls: [{ function: { name: 'f', arguments: {} } }] },
        { role: 'tool', content: 'sunny', tool_name: 'f' },
      ],
      options: { temperature: 0.1, num_thread: 2 },
    });
    expect(answer.message.role).toBe('assistant');
    expect(inferences()).toBe(before + 1);
  });
});

describe('the Anthropic SDK', () => {
  it('refuses an unknown key in a content block, naming its path', async () => {
    const block = { type: 'text', text: 'hello', foo: 1 } as Anthropic.TextBlockParam;
    const err = await refused(() =>
      anthropic.messages.create({ model: MODEL, max_tokens: 20, messages: [{ role: 'user', content: [block] }] }),
    );
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect((err as Error).message).toMatch(/messages\[0\]\.content\[0\]\.foo/);
  });

  it('takes cache_control on the system text and blocks, and a tool use with its result', async () => {
    const before = inferences();
    const cache = { type: 'ephemeral' as const };
    const answer = await anthropic.messages.create({
      model: MODEL,
      max_tokens: 20,
      system: [{ type: 'text', text: 'be brief', cache_control: cache }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'weather?', cache_control: cache }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'f', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'sunny', is_error: false }] },
      ],
    });
    expect(answer.type).toBe('message');
    expect(inferences()).toBe(before + 1);
  });
});
