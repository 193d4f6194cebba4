/**
 * The endpoints editors and agents call besides chat, through the gateway's real listener and read by the real client
 * libraries, unmodified: the `openai` package's `responses.create` (plain text; a function tool the stand-in node
 * calls, then a second turn with the tool's output; streamed), and ollama-js `show` (what the adverts say of a model)
 * and `ps` (the models answered with in the last five minutes). The nodes do their side of IICP-CX for real
 * (fake-cx-node.ts) and the directory is scripted with adverts.
 */
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GATEWAY_SETTINGS } from '@shared/contract';
import { composeGateway, type GatewayParts } from '@engine/gateway/compose-gateway';
import { fakeClock } from '../../support/fake-clock';
import { echoResult, fakeNode, nodesFetch, type FakeNode, type NodeCall } from './fake-cx-node';
import { memoryShelf } from '../../support/memory-shelf';
import { memoryBook } from './memory-book';

const SELF = '00000000-0000-4000-8000-000000000001';
const CHAT = 'urn:iicp:intent:llm:chat:v1';
const WEATHER = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

/** A directory listing the nodes for chat, each advertising `m1` with tools, a context, a quantization and images. */
function directory(nodes: readonly FakeNode[]): typeof fetch {
  const impl = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(String(input));
    if (!url.pathname.endsWith('/v1/discover')) return new Response('{}', { status: 404 });
    const listed = url.searchParams.get('intent') === CHAT ? nodes : [];
    const body = {
      nodes: listed.map((n) => ({
        node_id: n.node.nodeId,
        endpoint: n.node.endpoint,
        cx_public_key: {
          algorithm: 'X25519',
          encoding: 'base64url',
          key: n.node.cx.key,
          key_id: n.node.cx.keyId,
          features: ['response_encryption_v1'],
        },
        models: n.node.models,
        capabilities: [
          {
            intent: CHAT,
            max_tokens: 4096,
            models: ['m1'],
            features: ['tool_calling'],
            limits: { context_tokens: { value: 32_768 } },
            quantization: 'Q4_K_M',
            input_modalities: ['text', 'image'],
          },
        ],
        pricing: { credit_cost_multiplier: 1 },
      })),
    };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  return impl as typeof fetch;
}

/**
 * The stand-in node's model: asked with tools and no tool output yet, it calls `get_weather`; given the tool's output,
 * it says it back; otherwise it echoes the last message.
 */
function weatherModel(payload: Record<string, unknown>): unknown {
  const messages = payload.messages as { role: string; content: unknown }[];
  const last = messages.at(-1)!;
  const usage = { prompt_tokens: 11, completion_tokens: 4, total_tokens: 15 };
  if (last.role === 'tool')
    return {
      choices: [
        { message: { role: 'assistant', content: `The tool said: ${String(last.content)}` }, finish_reason: 'stop' },
      ],
      usage,
    };
  if (Array.isArray(payload.tools)) {
    const call = { id: 'call_7', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } };
    return {
      choices: [{ message: { role: 'assistant', content: null, tool_calls: [call] }, finish_reason: 'tool_calls' }],
      usage,
    };
  }
  return echoResult(payload);
}

const services: GatewayParts[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.listener.stop();
});

async function rig(): Promise<{ key: string; port: number; calls: NodeCall[]; clock: ReturnType<typeof fakeClock> }> {
  const clock = fakeClock();
  const nodes = [
    fakeNode('20000000-0000-4000-8000-000000000002', {
      models: ['m1'],
      behaviour: { kind: 'answer', result: weatherModel },
    }),
  ];
  const reach = nodesFetch(nodes);
  const settings = { ...DEFAULT_GATEWAY_SETTINGS, enabled: true };
  const gateway = composeGateway({
    settings: () => settings,
    directoryUrl: () => 'https://dir.example/api',
    shelf: memoryShelf(),
    book: memoryBook(),
    selfNodeId: SELF,
    nodeToken: () => 'node-token',
    operatorFingerprint: () => null,
    myMachines: () => [],
    balance: () => 100,
    directoryFetch: directory(nodes),
    nodeFetch: reach.fetch,
    now: clock.now,
    timeZone: 'UTC',
    log: () => undefined,
    onChange: () => undefined,
    portOverride: 0,
  });
  services.push(gateway);
  await gateway.listener.start();
  return { key: gateway.keys.createKey('agent').secret, port: gateway.listener.port!, calls: reach.calls, clock };
}

describe('/v1/responses through the openai package', () => {
  it('plain text: one message item whose text the client joins, with the usage in the API’s words', async () => {
    const r = await rig();
    const client = new OpenAI({ baseURL: `http://127.0.0.1:${r.port}/v1`, apiKey: r.key, maxRetries: 0 });
    const answer = await client.responses.create({
      model: 'm1',
      instructions: 'Be brief.',
      input: 'Say hello',
      max_output_tokens: 32,
    });
    expect(answer).toMatchObject({
      object: 'response',
      status: 'completed',
      model: 'm1',
      usage: {
        input_tokens: 5,
        output_tokens: 3,
        total_tokens: 8,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens_details: { reasoning_tokens: 0 },
      },
    });
    expect(answer.id).toMatch(/^resp_/);
    expect(answer.output_text).toBe('Say hello');
    expect(r.calls[0]!.payload).toMatchObject({
      model: 'm1',
      max_tokens: 32,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello' },
      ],
    });
  });

  it('a function tool: the client sees a function_call item, and a second turn with its output gets the answer', async () => {
    const r = await rig();
    const client = new OpenAI({ baseURL: `http://127.0.0.1:${r.port}/v1`, apiKey: r.key, maxRetries: 0 });
    const tools = [
      {
        type: 'function' as const,
        name: 'get_weather',
        description: 'The weather in a city',
        parameters: WEATHER,
        strict: false,
      },
    ];
    const input = [{ role: 'user' as const, content: 'What is the weather in Paris?' }];
    const first = await client.responses.create({ model: 'm1', input, tools });
    const call = first.output.find((o) => o.type === 'function_call');
    expect(call).toMatchObject({
      type: 'function_call',
      call_id: 'call_7',
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
      status: 'completed',
    });
    expect(r.calls[0]!.payload!.tools).toEqual([
      {
        type: 'function',
        function: { name: 'get_weather', description: 'The weather in a city', parameters: WEATHER, strict: false },
      },
    ]);

    const second = await client.responses.create({
      model: 'm1',
      input: [
        ...input,
        ...first.output.filter((o) => o.type === 'function_call'),
        { type: 'function_call_output', call_id: 'call_7', output: 'Sunny, 21 °C' },
      ],
      tools,
    });
    expect(second.output_text).toBe('The tool said: Sunny, 21 °C');
    expect(r.calls[1]!.payload!.messages).toEqual([
      { role: 'user', content: 'What is the weather in Paris?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_7', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_7', content: 'Sunny, 21 °C' },
    ]);
  });

  it('streamed: the event iterator sees text deltas that join to the answer, then response.completed', async () => {
    const r = await rig();
    const client = new OpenAI({ baseURL: `http://127.0.0.1:${r.port}/v1`, apiKey: r.key, maxRetries: 0 });
    const text = 'A longer answer, so that it comes in more than one piece of text.';
    const stream = await client.responses.create({ model: 'm1', input: text, stream: true });
    const types: string[] = [];
    let joined = '';
    let completed: unknown = null;
    for await (const ev of stream) {
      types.push(ev.type);
      if (ev.type === 'response.output_text.delta') joined += ev.delta;
      if (ev.type === 'response.completed') completed = ev.response;
    }
    expect(joined).toBe(text);
    expect(types.filter((t) => t === 'response.output_text.delta').length).toBeGreaterThan(1);
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(completed).toMatchObject({
      status: 'completed',
      output: [{ type: 'message', content: [{ type: 'output_text', text }] }],
      usage: { total_tokens: 8 },
    });
  });

  it('a field that points at a stored response is refused by name, before anything is sent', async () => {
    const r = await rig();
    const client = new OpenAI({ baseURL: `http://127.0.0.1:${r.port}/v1`, apiKey: r.key, maxRetries: 0 });
    const refused = await client.responses
      .create({ model: 'm1', input: 'hi', previous_response_id: 'resp_1' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    expect(refused).toMatchObject({ status: 400, code: 'unsupported_field' });
    expect((refused as Error).message).toContain('previous_response_id');
    expect(r.calls).toHaveLength(0);
  });
});

describe('/api/show and /api/ps through ollama-js', () => {
  const client = (r: { port: number; key: string }) =>
    new Ollama({ host: `http://127.0.0.1:${r.port}`, headers: { Authorization: `Bearer ${r.key}` } });

  it('show: details, capabilities and the context from the adverts; a model nobody offers is Ollama’s 404', async () => {
    const r = await rig();
    const shown = await client(r).show({ model: 'm1' });
    expect(shown.details).toEqual({
      parent_model: '',
      format: 'gguf',
      family: '',
      families: [],
      parameter_size: '',
      quantization_level: 'Q4_K_M',
    });
    expect(shown.capabilities).toEqual(['completion', 'tools', 'vision']);
    expect(shown.model_info).toEqual({ 'general.architecture': '', '.context_length': 32_768 });
    expect(shown).toMatchObject({ license: '', modelfile: '', parameters: '', template: '' });
    const missing = await client(r)
      .show({ model: 'nobody-offers' })
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ status_code: 404, error: "model 'nobody-offers' not found" });
  });

  it('ps: empty at first; after a chat the model is listed until five minutes after its last use', async () => {
    const r = await rig();
    const ollama = client(r);
    expect((await ollama.ps()).models).toEqual([]);
    await ollama.chat({ model: 'm1', messages: [{ role: 'user', content: 'hello' }] });
    const listed = (await ollama.ps()).models;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      name: 'm1',
      model: 'm1',
      size: 0,
      digest: '',
      size_vram: 0,
      context_length: 32_768,
      details: { quantization_level: 'Q4_K_M' },
    });
    expect(new Date(listed[0]!.expires_at).getTime()).toBe(r.clock.now() + 5 * 60_000);
    r.clock.advance(5 * 60_000);
    expect((await ollama.ps()).models).toEqual([]);
  });
});
