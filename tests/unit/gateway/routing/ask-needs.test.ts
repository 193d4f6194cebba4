/**
 * Routing on what a request needs: only a machine whose adverts say it takes tools, fills in the middle or has the
 * context asked for is asked; when machines offer the model but none can, the request is refused before anything is
 * sent, naming the field. This computer's own server is tried only when its model facts say the same.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_GATEWAY_SETTINGS, type GatewaySettings } from '@shared/contract';
import { NO_NEEDS, type AskNeeds } from '@engine/gateway/api-shapes/types';
import { canHonour, fieldNoneMeets, needRefusal, unmetNeed } from '@engine/gateway/routing/ask-needs';
import { Budget } from '@engine/gateway/spending/budget';
import { routeLocalFirst } from '@engine/gateway/routing/local-route';
import type { LocalServer } from '@engine/gateway/routing/local-server';
import type { ModelAdvert, NetworkOffer, OfferedNode } from '@engine/gateway/routing/network-offer';
import { NodeBreaker } from '@engine/gateway/routing/node-breaker';
import type { WireAsk } from '@engine/gateway/listener/request-shape';
import { NOT_SENT_CODES, routeTask, type RouteEnd } from '@engine/gateway/routing/task-route';
import type { NetworkAsk } from '@engine/gateway/routing/network-ask';
import { fakeClock } from '../../../support/fake-clock';
import { fakeNode, nodesFetch, type FakeNode } from '../fake-cx-node';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const advert = (o: Partial<ModelAdvert> = {}): ModelAdvert => ({
  tools: false,
  fim: false,
  contextTokens: null,
  quantization: null,
  modalities: [],
  ...o,
});
const needs = (o: Partial<AskNeeds>): AskNeeds => ({ ...NO_NEEDS, ...o });
const facts = (o: Partial<ModelAdvert>) => new Map([['m1', advert(o)]]);

describe('what a machine’s adverts honour', () => {
  it('plain requests go anywhere; each need only where the advert says so', () => {
    expect(canHonour(undefined, undefined)).toBe(true);
    expect(canHonour(undefined, NO_NEEDS)).toBe(true);
    expect(unmetNeed(undefined, needs({ tools: true }))).toBe('tools');
    expect(unmetNeed(advert({ tools: true }), needs({ tools: true }))).toBeNull();
    expect(unmetNeed(advert({ tools: true }), needs({ tools: true, fim: true }))).toBe('suffix');
    expect(unmetNeed(advert({ contextTokens: 4096 }), needs({ contextTokens: 8192 }))).toBe('options.num_ctx');
    expect(unmetNeed(advert({ contextTokens: 8192 }), needs({ contextTokens: 8192 }))).toBeNull();
  });

  it('names the first field no machine meets, and quotes the model cleaned', () => {
    expect(fieldNoneMeets([advert(), advert({ fim: true })], needs({ tools: true, fim: true }))).toBe('tools');
    // Each need met somewhere but never together: the first machine's first unmet field.
    expect(fieldNoneMeets([advert({ tools: true }), advert({ fim: true })], needs({ tools: true, fim: true }))).toBe(
      'suffix',
    );
    expect(fieldNoneMeets([advert({ tools: true }), advert()], needs({ tools: true, contextTokens: 9000 }))).toBe(
      'options.num_ctx',
    );
    expect(fieldNoneMeets([advert({ tools: true })], needs({ tools: true }))).toBeNull();
    expect(needRefusal('m\u202e1\u0007x', 'tools', needs({ tools: true }))).toEqual({
      status: 400,
      code: 'unsupported_field',
      message: 'tools: no machine that offers “m1 x” takes tools now.',
    });
    expect(needRefusal('m1', 'options.num_ctx', needs({ contextTokens: 9000 })).message).toBe(
      'options.num_ctx: no machine that offers “m1” takes a context of 9000 tokens now.',
    );
  });
});

function rig(nodes: FakeNode[]) {
  const clock = fakeClock();
  const settings = {
    ...DEFAULT_GATEWAY_SETTINGS,
    dailyCap: null,
    monthlyCap: null,
    perRequestMax: null,
    keepBalance: null,
  } as GatewaySettings;
  const offer = {
    nodes: async () => ({ nodes: nodes.map((n) => n.node), at: clock.now(), problem: null }),
  } as unknown as NetworkOffer;
  const net = nodesFetch(nodes);
  const budget = new Budget({
    settings: () => settings,
    spentSince: () => 0,
    balance: () => 100,
    now: clock.now,
    timeZone: 'UTC',
  });
  const deps = {
    offer,
    breaker: new NodeBreaker(clock.now),
    budget,
    settings: () => settings,
    selfNodeId: () => 'self',
    isOwn: (_: OfferedNode) => false,
    payingNodeId: () => 'self',
    nodeFetch: net.fetch,
    now: clock.now,
  };
  const ask = (n: Partial<AskNeeds>): NetworkAsk => ({
    intent: CHAT,
    model: 'm1',
    payloadJson: JSON.stringify({ model: 'm1', messages: [{ role: 'user', content: 'hi' }], tools: [] }),
    maxTokens: 32,
    timeoutMs: 8_000,
    needs: needs(n),
  });
  return { calls: net.calls, budget, route: (n: Partial<AskNeeds>) => routeTask(ask(n), deps) };
}

describe('the network: only machines that can honour the request are asked', () => {
  it('tools go past a node without `tool_calling` to one with it', async () => {
    const r = rig([fakeNode('plain'), fakeNode('tooled', { facts: facts({ tools: true }) })]);
    const end = await r.route({ tools: true });
    expect(end).toMatchObject({ node: { nodeId: 'tooled' }, outcome: { ok: true } });
    expect(r.calls.map((c) => c.nodeId)).toEqual(['tooled']);
  });

  it('a plain request still goes to the first node', async () => {
    const r = rig([fakeNode('plain'), fakeNode('tooled', { facts: facts({ tools: true }) })]);
    await r.route({});
    expect(r.calls.map((c) => c.nodeId)).toEqual(['plain']);
  });

  it.each([
    [
      { tools: true },
      facts({ fim: true, contextTokens: 100_000 }),
      /^tools: no machine that offers “m1” takes tools now\.$/,
    ],
    [{ fim: true }, facts({ tools: true }), /^suffix: /],
    [{ contextTokens: 32_768 }, facts({ contextTokens: 8192 }), /^options\.num_ctx: .*32768 tokens/],
  ])('none can honour %j: 400 unsupported_field, nothing sent, nothing held', async (n, f, message) => {
    const r = rig([fakeNode('a', { facts: f }), fakeNode('b')]);
    const end = await r.route(n);
    expect(end).toMatchObject({
      attempts: 0,
      node: null,
      outcome: {
        ok: false,
        blame: 'gateway',
        status: 400,
        code: 'unsupported_field',
        message: expect.stringMatching(message),
      },
    });
    expect(r.calls).toEqual([]);
    expect(r.budget.held).toBe(0);
    expect(NOT_SENT_CODES.has('unsupported_field')).toBe(true);
  });

  it('a model nobody offers is still model_not_found, whatever it needs', async () => {
    const r = rig([fakeNode('a', { models: ['other'] })]);
    expect(await r.route({ tools: true })).toMatchObject({ outcome: { status: 404, code: 'model_not_found' } });
  });
});

/** This computer's server, running m1 with the facts given, counting its calls. */
function localOf(o: { tools: boolean; fim?: boolean; context?: number | null }) {
  const calls: unknown[] = [];
  const body = Buffer.from(
    JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: 'here' }, finish_reason: 'stop' }] }),
  );
  const local: LocalServer = {
    models: () => ['m1'],
    buildOptions: () => ({
      defaultModel: null,
      flavour: null,
      models: { m1: { id: 'm1', maxTokens: 4096, tools: o.tools, ...(o.fim ? { fim: true } : {}) } },
    }),
    contextOf: () => o.context ?? null,
    call: async (built) => {
      calls.push(built);
      return { ok: true, body };
    },
    stream: async () => Promise.reject(new Error('not streamed here')),
  };
  return { local, calls };
}

const wire = (n: Partial<AskNeeds>): WireAsk =>
  ({
    api: 'openai',
    endpoint: 'chat',
    intent: CHAT,
    model: 'm1',
    payloadJson: '{"model":"m1","messages":[]}',
    maxTokens: null,
    stream: false,
    timeoutMs: null,
    route: 'openai.chat',
    reply: { inputCount: null },
    needs: needs(n),
  }) as unknown as WireAsk;

async function local(
  n: Partial<AskNeeds>,
  l: ReturnType<typeof localOf>,
  network: RouteEnd['outcome'] = { ok: false, blame: 'gateway', status: 404, code: 'model_not_found', message: 'none' },
) {
  let asked = 0;
  const x = {
    ask: wire(n),
    timeoutMs: 5000,
    signal: new AbortController().signal,
    delivery: { kind: 'whole' as const },
    local: l.local,
    build: () => ({ ok: true as const, request: { model: 'm1' } }) as never,
    selfNodeId: 'self',
    now: () => 0,
  };
  const r = await routeLocalFirst(x, async () => {
    asked += 1;
    return {
      taskId: 't',
      node: null,
      own: null,
      route: null,
      attempts: 0,
      latencyMs: 0,
      outcome: network,
      multiplier: null,
      release: () => undefined,
    };
  });
  return { ...r, asked };
}

describe('this computer: tried only when its own model facts honour the needs', () => {
  it('a model its server runs with tools answers a request with tools here', async () => {
    const l = localOf({ tools: true });
    const r = await local({ tools: true }, l);
    expect(r.end).toMatchObject({ route: 'this_computer', outcome: { ok: true } });
    expect([l.calls.length, r.asked]).toEqual([1, 0]);
  });

  it.each([
    [{ tools: true }, { tools: false }, /^tools: /],
    [{ fim: true }, { tools: true }, /^suffix: /],
    [{ contextTokens: 16_384 }, { tools: false, context: 8192 }, /^options\.num_ctx: /],
    [{ contextTokens: 16_384 }, { tools: false, context: null }, /^options\.num_ctx: /],
  ])(
    'needs %j with facts %j: not tried here; the network is asked, and with nobody else the field is named',
    async (n, f, message) => {
      const l = localOf(f);
      const r = await local(n, l);
      expect(l.calls).toEqual([]);
      expect(r.asked).toBe(1);
      expect(r.end.outcome).toMatchObject({
        ok: false,
        status: 400,
        code: 'unsupported_field',
        message: expect.stringMatching(message),
      });
    },
  );

  it('fill in the middle and a context within what the server reports are honoured here', async () => {
    const l = localOf({ tools: false, fim: true, context: 32_768 });
    const r = await local({ fim: true, contextTokens: 16_384 }, l);
    expect(r.end.outcome.ok).toBe(true);
    expect(l.calls.length).toBe(1);
  });

  it('another machine answering wins over the refusal', async () => {
    const l = localOf({ tools: false });
    const r = await local({ tools: true }, l, { ok: true, plaintext: Buffer.from('{}') });
    expect(r.end.outcome.ok).toBe(true);
    expect(l.calls).toEqual([]);
  });
});
