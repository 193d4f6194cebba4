/**
 * Honour or refuse, never drop, with the real client libraries (openai, ollama-js, the Anthropic SDK) through node
 * G's real gateway listener: a field the network honours reaches the LLM server that answers (G's own stand-in
 * server, which records every request it gets), and a field it cannot honour is a 400 the client throws as its own
 * bad-request error, naming the field, before anything reaches a server.
 */
import Anthropic from '@anthropic-ai/sdk';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { GATEWAY_TEST_TUNING as tuning, openGateway, setGateway } from '../support/gateway-setup';
import { eventually, startPublicNode, type NodeHarness } from '../support/node-harness';

const MODEL = 'fields-here:1b';
const hello = [{ role: 'user' as const, content: 'hello' }];

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
  const { baseUrl, key } = await openGateway(g, 'field apps');
  // Only this computer answers: what its server receives is what the gateway sent on.
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

/** The body of the last inference request the stand-in server got. */
function lastInference(): Record<string, unknown> {
  const call = backend.calls.filter((c) => c.method === 'POST' && /\/(chat\/)?completions$/.test(c.path)).at(-1);
  expect(call).toBeDefined();
  return call!.body as Record<string, unknown>;
}

const inferences = (): number =>
  backend.calls.filter((c) => c.method === 'POST' && /\/(chat\/)?completions$/.test(c.path)).length;

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
  it('carries stop, seed and response_format to the server that answers', async () => {
    const answer = await openai.chat.completions.create({
      model: MODEL,
      messages: hello,
      stop: ['END'],
      seed: 7,
      response_format: { type: 'json_object' },
    });
    expect(answer.choices).toHaveLength(1);
    expect(lastInference()).toMatchObject({
      model: MODEL,
      stop: ['END'],
      seed: 7,
      response_format: { type: 'json_object' },
    });
  });

  it('refuses logprobs, naming it as the message and the param', async () => {
    const err = await refused(() => openai.chat.completions.create({ model: MODEL, messages: hello, logprobs: true }));
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err).toMatchObject({ status: 400, code: 'unsupported_field', param: 'logprobs' });
    expect((err as Error).message).toMatch(/logprobs: /);
  });

  it('refuses several choices streamed, naming n', async () => {
    const err = await refused(() =>
      openai.chat.completions.create({ model: MODEL, messages: hello, n: 2, stream: true }),
    );
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err).toMatchObject({ status: 400, code: 'unsupported_field', param: 'n' });
  });

  it('refuses a field it does not know in OpenAI’s own words', async () => {
    const body = {
      model: MODEL,
      messages: hello,
      frobnicate: true,
    } as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;
    const err = await refused(() => openai.chat.completions.create(body));
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as Error).message).toMatch(/Unrecognized request argument supplied: frobnicate/);
    expect(err).toMatchObject({ param: 'frobnicate' });
  });
});

describe('ollama-js', () => {
  it('carries num_predict, temperature and seed, and format as response_format', async () => {
    const answer = await ollama.chat({
      model: MODEL,
      messages: hello,
      options: { num_predict: 20, temperature: 0.2, seed: 5 },
      format: 'json',
    });
    expect(answer.done).toBe(true);
    expect(lastInference()).toMatchObject({
      model: MODEL,
      max_tokens: 20,
      temperature: 0.2,
      seed: 5,
      response_format: { type: 'json_object' },
    });
  });

  it('refuses options.top_k, naming it', async () => {
    const err = await refused(() => ollama.chat({ model: MODEL, messages: hello, options: { top_k: 40 } }));
    expect(err).toMatchObject({ name: 'ResponseError', status_code: 400 });
    expect((err as Error).message).toMatch(/^options\.top_k: /);
  });
});

describe('the Anthropic SDK', () => {
  it('carries stop_sequences to the server as stop', async () => {
    const answer = await anthropic.messages.create({
      model: MODEL,
      max_tokens: 32,
      messages: hello,
      stop_sequences: ['###'],
    });
    expect(answer.type).toBe('message');
    expect(lastInference()).toMatchObject({ model: MODEL, stop: ['###'] });
  });

  it('refuses top_k, naming it', async () => {
    // This SDK's types no longer list top_k, but apps written for older ones still send it.
    const body = {
      model: MODEL,
      max_tokens: 32,
      messages: hello,
      top_k: 5,
    } as Anthropic.MessageCreateParamsNonStreaming;
    const err = await refused(() => anthropic.messages.create(body));
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect((err as Error).message).toMatch(/top_k: /);
  });
});
