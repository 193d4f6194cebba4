import { describe, expect, it } from 'vitest';
import { KEEP_ALIVE_MS, ModelDetails } from '@engine/gateway/models/model-details';
import type { LocalServer } from '@engine/gateway/routing/local-server';
import type { ModelAdvert, NodeList, OfferedNode } from '@engine/gateway/routing/network-offer';
import { fakeClock } from '../../../support/fake-clock';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const EMBED = 'urn:iicp:intent:llm:embedding:v1';
const advert = (o: Partial<ModelAdvert> = {}): ModelAdvert => ({
  tools: false,
  fim: false,
  contextTokens: null,
  quantization: null,
  modalities: [],
  ...o,
});

function node(id: string, models: string[], facts: Record<string, ModelAdvert> = {}): OfferedNode {
  return {
    nodeId: id,
    endpoint: `http://${id}`,
    cx: { key: 'k', keyId: 'i' },
    models,
    multiplier: 1,
    maxTokens: null,
    operator: null,
    nativeTransport: null,
    facts: new Map(Object.entries(facts)),
  };
}

/**
 * The details of the nodes `byIntent` offers; `own` names the person's own machines (what an app without a key may
 * use).
 */
function details(byIntent: Record<string, OfferedNode[]>, local?: Partial<LocalServer>, own: readonly string[] = []) {
  const clock = fakeClock();
  const nodes = Object.values(byIntent).flat();
  const modelsOf = (ns: OfferedNode[]) => new Set([...ns.flatMap((n) => n.models), ...(local ? ['local-7b'] : [])]);
  const d = new ModelDetails({
    listed: async (freeOnly) =>
      [...modelsOf(freeOnly ? nodes.filter((n) => own.includes(n.nodeId)) : nodes)].map((id) => ({
        id,
        ownedBy: 'iicp-network' as const,
      })),
    nodes: async (intent): Promise<NodeList> => ({ nodes: byIntent[intent] ?? [], at: 0, problem: null }),
    isOwn: (n) => own.includes(n.nodeId),
    local: local as LocalServer | undefined,
    now: clock.now,
  });
  return { d, clock };
}

const body = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));

describe('/api/show from the adverts', () => {
  it('facts merged over the nodes that offer the model: the largest context, a quantization, each capability any says', async () => {
    const { d } = details({
      [CHAT]: [
        node('a', ['m'], { m: advert({ contextTokens: 8192, quantization: 'Q8_0' }) }),
        node('b', ['m'], {
          m: advert({ tools: true, fim: true, contextTokens: 32_768, modalities: ['text', 'image'] }),
        }),
      ],
      [EMBED]: [node('c', ['m'])],
    });
    const shown = await d.show(body({ name: 'm' }));
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      details: { format: 'gguf', family: '', families: [], quantization_level: 'Q8_0' },
      model_info: { 'general.architecture': '', '.context_length': 32_768 },
      capabilities: ['completion', 'embedding', 'tools', 'insert', 'vision'],
      license: '',
      template: '',
    });
  });

  it('a model with no adverts says only what it is offered for: no context, no quantization, nothing guessed from its name', async () => {
    const { d } = details({ [CHAT]: [node('a', ['llama3.1:8b-instruct-q4_K_M'])] });
    const shown = await d.show(body({ model: 'llama3.1:8b-instruct-q4_K_M' }));
    expect(shown.body).toMatchObject({
      details: { family: '', quantization_level: '', parameter_size: '' },
      model_info: { 'general.architecture': '' },
      capabilities: ['completion'],
    });
    expect(Object.keys((shown.body as { model_info: object }).model_info)).toEqual(['general.architecture']);
  });

  it('this computer’s own model: offered for its intents, tools and fill in the middle when its server takes them, its context', async () => {
    const local: Partial<LocalServer> = {
      models: (intent) => (intent === CHAT ? ['local-7b'] : []),
      buildOptions: () =>
        ({
          defaultModel: null,
          flavour: null,
          models: { 'local-7b': { id: 'x', maxTokens: 512, tools: true, fim: true } },
        }) as unknown as ReturnType<LocalServer['buildOptions']>,
      contextOf: () => 32_768,
    };
    const { d } = details({}, local);
    expect((await d.show(body({ model: 'local-7b' }))).body).toMatchObject({
      capabilities: ['completion', 'tools', 'insert'],
      model_info: { '.context_length': 32_768 },
    });
  });

  it('a model nobody offers is Ollama’s 404; a body that is not JSON or names no model is a 400, never a throw', async () => {
    const { d } = details({ [CHAT]: [node('a', ['m'])] });
    expect(await d.show(body({ model: 'gone' }))).toEqual({ status: 404, body: { error: "model 'gone' not found" } });
    for (const bad of [
      '{',
      '[]',
      'null',
      '{"model":7}',
      '{"model":"a b"}',
      JSON.stringify({ model: 'x'.repeat(300) }),
      '{}',
    ]) {
      expect((await d.show(body(bad))).status).toBe(400);
    }
    // A body far larger than any model's name is refused unread, not parsed on the event loop.
    expect(await d.show(body(JSON.stringify({ model: 'm', pad: 'x'.repeat(70_000) })))).toMatchObject({ status: 413 });
  });

  it('for an app without a key: a model only others offer is the same 404 as one nobody offers; others’ adverts are left out', async () => {
    const { d } = details(
      {
        [CHAT]: [
          node('mine', ['shared'], { shared: advert({ contextTokens: 4096 }) }),
          node('theirs', ['shared', 'paid'], { shared: advert({ tools: true, contextTokens: 131_072 }) }),
        ],
      },
      undefined,
      ['mine'],
    );
    const nobody = details({ [CHAT]: [node('mine', ['shared'])] }, undefined, ['mine']).d;
    expect((await d.show(body({ model: 'paid' }))).status).toBe(200);
    expect(await d.show(body({ model: 'paid' }), true)).toEqual(await nobody.show(body({ model: 'paid' }), true));
    expect(await d.show(body({ model: 'paid' }), true)).toEqual({
      status: 404,
      body: { error: "model 'paid' not found" },
    });
    // The model the own machine also runs: described as the own machine advertises it, not with what the paid node
    // says.
    expect((await d.show(body({ model: 'shared' }), true)).body).toMatchObject({
      capabilities: ['completion'],
      model_info: { '.context_length': 4096 },
    });
    expect((await d.show(body({ model: 'shared' }))).body).toMatchObject({
      capabilities: ['completion', 'tools'],
      model_info: { '.context_length': 131_072 },
    });
  });
});

describe('/api/ps from the models answered with', () => {
  it('listed for five minutes after the last use, newest first, with the advertised context', async () => {
    const { d, clock } = details({ [CHAT]: [node('a', ['m', 'n'], { m: advert({ contextTokens: 4096 }) })] });
    d.noteUsed('m');
    clock.advance(60_000);
    d.noteUsed('n');
    const listed = (await d.running()).models;
    expect(listed.map((m) => m.name)).toEqual(['n', 'm']);
    expect(listed[1]).toMatchObject({
      model: 'm',
      size: 0,
      digest: '',
      size_vram: 0,
      context_length: 4096,
      expires_at: new Date(clock.now() - 60_000 + KEEP_ALIVE_MS).toISOString(),
    });
    expect(listed[0]).not.toHaveProperty('context_length');
    clock.advance(KEEP_ALIVE_MS - 60_000);
    expect((await d.running()).models.map((m) => m.name)).toEqual(['n']);
  });

  it('for an app without a key: only the models it may use, though an app with a key used others', async () => {
    const { d } = details({ [CHAT]: [node('mine', ['free']), node('theirs', ['paid'])] }, undefined, ['mine']);
    d.noteUsed('paid');
    d.noteUsed('free');
    expect((await d.running()).models.map((m) => m.name)).toEqual(['free', 'paid']);
    expect((await d.running(true)).models.map((m) => m.name)).toEqual(['free']);
  });

  it('remembers a bounded number of models whatever apps ask for', async () => {
    const { d } = details({});
    for (let i = 0; i < 1000; i++) d.noteUsed(`model-${i}`);
    const listed = (await d.running()).models;
    expect(listed).toHaveLength(256);
    expect(listed[0]!.name).toBe('model-999');
  });
});
