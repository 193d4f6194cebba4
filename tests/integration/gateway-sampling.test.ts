/**
 * The sampling settings beyond OpenAI's (`top_k`, `min_p`, `repeat_penalty`, `typical_p`), with the real client
 * libraries through node G's gateway: PL's server is llama.cpp and PV's vLLM, so each registers its model with the
 * `sampling:` features its server takes; PO's is Ollama, whose OpenAI API takes none. A request setting one reaches
 * the stand-in server of a node that advertises it, in that server's own spelling (vLLM's `repetition_penalty`), and
 * where no node does it is a 400 naming the field, before anything is sent. All are real engine nodes registered at
 * the PHP-faithful test directory.
 */
import Anthropic from '@anthropic-ai/sdk';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { GATEWAY_TEST_TUNING as tuning, openGateway, startProvider } from '../support/gateway-setup';
import { eventually, startPublicNode, type NodeHarness } from '../support/node-harness';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const LLAMA = 'sampler-llama';
const VLLM = 'sampler-vllm';
const OLLAMA = 'sampler-ollama:1b';
const hello = [{ role: 'user' as const, content: 'hello' }];

let directory: TestDirectory;
const backends: FakeBackend[] = [];
const nodes: NodeHarness[] = [];
let llama: FakeBackend;
let vllm: FakeBackend;
let ollamaServer: FakeBackend;
let openai: OpenAI;
let ollama: Ollama;
let anthropic: Anthropic;

const fake = async (o: Parameters<typeof startFakeBackend>[0]): Promise<FakeBackend> => {
  const f = await startFakeBackend(o);
  backends.push(f);
  return f;
};

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 });
  const gBackend = await fake({ flavour: 'ollama', models: ['g-own:1b'] });
  const g = await startPublicNode({ directory: directory.url, backend: gBackend.url }, {}, { gatewayPort: 0, tuning });
  nodes.push(g);
  await eventually(() => expect(g.node.getSnapshot().directory.link).toBe('registered'), 20_000);
  llama = await fake({ flavour: 'llamacpp', models: ['/models/sampler.gguf'], alias: LLAMA });
  vllm = await fake({ flavour: 'vllm', models: [VLLM] });
  ollamaServer = await fake({ flavour: 'ollama', models: [OLLAMA] });
  for (const f of [llama, vllm, ollamaServer]) await startProvider(directory, f.url, nodes);
  const { baseUrl, key } = await openGateway(g, 'sampling apps');
  const root = baseUrl.replace(/\/v1$/, '');
  openai = new OpenAI({ baseURL: baseUrl, apiKey: key, maxRetries: 0 });
  ollama = new Ollama({ host: root, headers: { Authorization: `Bearer ${key}` } });
  anthropic = new Anthropic({ baseURL: root, apiKey: key, maxRetries: 0 });
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
async function refused(send: () => Promise<unknown>): Promise<unknown> {
  const before = allInferences();
  const thrown = await send().then(
    () => null,
    (err: unknown) => err,
  );
  expect(thrown).not.toBeNull();
  expect(allInferences()).toBe(before);
  return thrown;
}

describe('what each node advertises', () => {
  it('llama.cpp all four settings, vLLM three, Ollama none', () => {
    const features = (model: string) =>
      directory.state.registrations
        .filter((r) => r.status === 201)
        .flatMap(
          (r) => (r.body as { capabilities: { intent: string; models: string[]; features?: string[] }[] }).capabilities,
        )
        .find((c) => c.intent === CHAT && c.models.includes(model))
        ?.features?.filter((f) => f.startsWith('sampling:')) ?? [];
    expect(features(LLAMA)).toEqual([
      'sampling:top_k',
      'sampling:min_p',
      'sampling:repeat_penalty',
      'sampling:typical_p',
    ]);
    expect(features(VLLM)).toEqual(['sampling:top_k', 'sampling:min_p', 'sampling:repeat_penalty']);
    expect(features(OLLAMA)).toEqual([]);
  });
});

describe('openai', () => {
  it('top_k and min_p in the extra body reach the llama.cpp server as they are', async () => {
    const body = {
      model: LLAMA,
      messages: hello,
      top_k: 20,
      min_p: 0.05,
    } as OpenAI.ChatCompletionCreateParamsNonStreaming;
    const answer = await openai.chat.completions.create(body);
    expect(answer.choices).toHaveLength(1);
    expect(lastInference(llama)).toMatchObject({ top_k: 20, min_p: 0.05 });
  });

  it('repeat_penalty reaches the vLLM server as repetition_penalty', async () => {
    const body = {
      model: VLLM,
      messages: hello,
      repeat_penalty: 1.15,
    } as OpenAI.ChatCompletionCreateParamsNonStreaming;
    await openai.chat.completions.create(body);
    expect(lastInference(vllm)).toMatchObject({ repetition_penalty: 1.15 });
    expect(lastInference(vllm)).not.toHaveProperty('repeat_penalty');
  });

  it('typical_p on a model only vLLM offers: 400 naming it, nothing sent', async () => {
    const body = { model: VLLM, messages: hello, typical_p: 0.9 } as OpenAI.ChatCompletionCreateParamsNonStreaming;
    const err = await refused(() => openai.chat.completions.create(body));
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err).toMatchObject({ status: 400, code: 'unsupported_field' });
    expect((err as Error).message).toMatch(/typical_p: no machine that offers/);
  });
});

describe('ollama-js', () => {
  it('options.top_k reaches the llama.cpp server as top_k', async () => {
    const answer = await ollama.chat({ model: LLAMA, messages: hello, options: { top_k: 40, repeat_penalty: 1.1 } });
    expect(answer.done).toBe(true);
    expect(lastInference(llama)).toMatchObject({ top_k: 40, repeat_penalty: 1.1 });
  });

  it('options.top_k on a model only an Ollama node offers: 400 naming options.top_k', async () => {
    const err = await refused(() => ollama.chat({ model: OLLAMA, messages: hello, options: { top_k: 40 } }));
    expect(err).toMatchObject({ name: 'ResponseError', status_code: 400 });
    expect((err as Error).message).toMatch(/^options\.top_k: /);
  });
});

describe('the Anthropic SDK', () => {
  it('top_k reaches the vLLM server', async () => {
    // This SDK's types no longer list top_k, but apps written for older ones still send it.
    const body = {
      model: VLLM,
      max_tokens: 32,
      messages: hello,
      top_k: 5,
    } as Anthropic.MessageCreateParamsNonStreaming;
    const answer = await anthropic.messages.create(body);
    expect(answer.type).toBe('message');
    expect(lastInference(vllm)).toMatchObject({ top_k: 5 });
  });

  it('top_k on a model only an Ollama node offers: 400 naming top_k', async () => {
    const body = {
      model: OLLAMA,
      max_tokens: 32,
      messages: hello,
      top_k: 5,
    } as Anthropic.MessageCreateParamsNonStreaming;
    const err = await refused(() => anthropic.messages.create(body));
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect((err as Error).message).toMatch(/^top_k: |top_k: no machine/);
  });
});
