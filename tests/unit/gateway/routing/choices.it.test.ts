/**
 * Several answers to one request (OpenAI `n`) and the model list at start, through the gateway as the node runs it
 * (listener, page, keys) on a real loopback socket, with a scripted directory and provider nodes that do their side of
 * IICP-CX for real. The request readers fill `choices` from `n` (api-shapes); here the shaped ask is given `choices`
 * from the body's `x_choices`, so these tests stand on the routing alone.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_GATEWAY_SETTINGS, type GatewaySettings } from '@shared/contract';
import { DiscoveryClient } from '@engine/directory/discovery-client';
import { joinChoices } from '@engine/gateway/listener/choices-join';
import { composeGateway, type GatewayParts } from '@engine/gateway/compose-gateway';
import type { GatewayOptions } from '@engine/gateway/gateway-options';
import type { WireShape } from '@engine/gateway/listener/request-shape';
import { fakeClock } from '../../../support/fake-clock';
import { promptTokens } from '@engine/gateway/spending/token-estimates';
import { echoResult, fakeNode, nodesFetch, type FakeNode } from '../fake-cx-node';
import { memoryShelf } from '../../../support/memory-shelf';
import { memoryBook } from '../memory-book';

const SELF = '00000000-0000-4000-8000-000000000001';
const CHAT = 'urn:iicp:intent:llm:chat:v1';

describe('joinChoices: one body from several answers', () => {
  it('indexes the choices in order, keeps the first id and sums the usage', () => {
    const one = (text: string, id: string) =>
      JSON.stringify({
        id,
        object: 'chat.completion',
        model: 'm1',
        choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
      });
    expect(JSON.parse(joinChoices([one('a', 'x1'), one('b', 'x2')])!)).toEqual({
      id: 'x1',
      object: 'chat.completion',
      model: 'm1',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'a' }, finish_reason: 'stop' },
        { index: 1, message: { role: 'assistant', content: 'b' }, finish_reason: 'stop' },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 6, total_tokens: 16 },
    });
    const text = (t: string) =>
      JSON.stringify({ object: 'text_completion', choices: [{ index: 0, text: t, finish_reason: 'stop' }] });
    expect(
      JSON.parse(joinChoices([text('a'), text('b'), text('c')])!).choices.map((c: { index: number; text: string }) => [
        c.index,
        c.text,
      ]),
    ).toEqual([
      [0, 'a'],
      [1, 'b'],
      [2, 'c'],
    ]);
  });

  it('anything but such answers is no joined answer', () => {
    expect(joinChoices([])).toBeNull();
    expect(joinChoices(['not json'])).toBeNull();
    expect(joinChoices(['{"choices":3}'])).toBeNull();
  });
});

/** A directory listing `nodes()` for chat, counting its discover calls. */
function directory(nodes: () => FakeNode[]) {
  let discovers = 0;
  const impl = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(String(input));
    if (!url.pathname.endsWith('/v1/discover')) return new Response('{}', { status: 404 });
    discovers += 1;
    const listed = url.searchParams.get('intent') === CHAT ? nodes() : [];
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
        capabilities: [{ intent: CHAT, max_tokens: 4096 }],
        pricing: { credit_cost_multiplier: n.node.multiplier },
      })),
    };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  return { fetch: impl as typeof fetch, discovers: () => discovers };
}

const gateways: GatewayParts[] = [];
afterEach(async () => {
  for (const g of gateways.splice(0)) await g.listener.stop();
});

function rig(
  nodes: FakeNode[],
  o: {
    balance?: number;
    settings?: Partial<GatewaySettings>;
    discovery?: (f: typeof fetch, now: () => number) => DiscoveryClient;
    own?: string[];
  } = {},
) {
  const clock = fakeClock();
  const book = memoryBook();
  // One array, added to in place: what the directory lists is what the nodes' fetch reaches.
  const listed = [...nodes];
  const dir = directory(() => listed);
  const reach = nodesFetch(listed);
  const opts: GatewayOptions = {
    settings: () => ({ ...DEFAULT_GATEWAY_SETTINGS, enabled: true, ...o.settings }),
    directoryUrl: () => 'https://dir.example/api',
    shelf: memoryShelf(),
    book,
    selfNodeId: SELF,
    nodeToken: () => 'node-token',
    operatorFingerprint: () => null,
    myMachines: () => o.own ?? [],
    balance: () => o.balance ?? 100,
    directoryFetch: dir.fetch,
    discovery: o.discovery?.(dir.fetch, clock.now),
    nodeFetch: reach.fetch,
    now: clock.now,
    timeZone: 'UTC',
    log: () => undefined,
    onChange: () => undefined,
    portOverride: 0,
  };
  const gateway = composeGateway(opts);
  gateways.push(gateway);
  // What the request readers will do with `n`: the ask carries `choices` (here from `x_choices`, which they drop).
  const codec = (
    gateway.listener as unknown as {
      ends: { pipeline: { codec: { shape: (route: string, bytes: Buffer) => WireShape | Promise<WireShape> } } };
    }
  ).ends.pipeline.codec;
  const shape = codec.shape.bind(codec);
  codec.shape = async (route, bytes) => {
    const asked = (JSON.parse(bytes.toString('utf8')) as { x_choices?: number }).x_choices;
    const { x_choices: _, ...rest } = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    const r = await shape(route, Buffer.from(JSON.stringify(rest)));
    return r.ok && asked ? { ...r, ask: { ...r.ask, choices: asked } } : r;
  };
  return { gateway, book, clock, calls: reach.calls, dir, listed };
}

function call(
  port: number,
  path: string,
  body: unknown,
  secret: string,
): Promise<{ status: number; json: Record<string, unknown>; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: body === null ? 'GET' : 'POST',
        agent: false,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${secret}` },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            json: JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown>,
            headers: res.headers,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body === null ? undefined : JSON.stringify(body));
  });
}

const ask = (content: string, n: number) => ({
  model: 'm1',
  messages: [{ role: 'user', content }],
  max_tokens: 100,
  x_choices: n,
});

describe('n answers: n tasks, each its own row, only when the allowance holds for all', () => {
  it('two choices from two tasks: two node calls, two rows, one body indexed 0..1 with the usage summed', async () => {
    const r = rig([fakeNode('o1'), fakeNode('o2')]);
    await r.gateway.listener.start();
    const { secret } = r.gateway.keys.createKey('editor');
    const res = await call(r.gateway.listener.port!, '/v1/chat/completions', ask('twice', 2), secret);
    expect(res.status).toBe(200);
    const choices = res.json.choices as { index: number; message: { content: string } }[];
    expect(choices.map((c) => [c.index, c.message.content])).toEqual([
      [0, 'twice'],
      [1, 'twice'],
    ]);
    expect(res.json.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 6, total_tokens: 16 });
    expect(r.calls).toHaveLength(2);
    expect(new Set(r.calls.map((c) => c.body.task_id)).size).toBe(2);
    await vi.waitFor(() => expect(r.book.entries).toHaveLength(2));
    expect(r.book.entries.map((e) => e.outcome)).toEqual(['answered', 'answered']);
    expect(new Set(r.book.entries.map((e) => e.taskId))).toEqual(new Set(r.calls.map((c) => c.body.task_id)));
    expect(res.headers['x-iicp-task-id']).toBe(
      r.book.entries.find((e) => e.taskId === res.headers['x-iicp-task-id'])?.taskId,
    );
  });

  it('refused before anything is sent when the balance covers one answer but not two, with the budget’s sentence', async () => {
    const r = rig([fakeNode('o1')], { balance: 1.5 });
    await r.gateway.listener.start();
    const { secret } = r.gateway.keys.createKey('editor');
    const one = await call(r.gateway.listener.port!, '/v1/chat/completions', ask('once', 1), secret);
    expect(one.status).toBe(200);
    const calls = r.calls.length;
    const two = await call(r.gateway.listener.port!, '/v1/chat/completions', ask('twice', 2), secret);
    expect(two.status).toBe(429);
    expect(two.json).toMatchObject({
      error: {
        code: 'insufficient_quota',
        message: expect.stringMatching(/^Your balance is 1\.5 credits; this request could cost up to 2\.\d+ credits/),
      },
    });
    expect(r.calls.length).toBe(calls);
  });
});

describe('n answers whose first came free: the others a free machine cannot give are held together before any is paid', () => {
  it('an own machine answers the first and is busy for the rest: the three others planned at once, within the per-request limit', async () => {
    const mine = fakeNode('mine');
    mine.behaviour = {
      kind: 'answer',
      result: (payload) => {
        // Busy from its second task on, as a machine serving one request at a time is.
        mine.behaviour = { kind: 'status', status: 503 };
        return echoResult(payload);
      },
    };
    const r = rig([mine, fakeNode('paid', { multiplier: 1 })], {
      own: ['mine'],
      settings: { perRequestMax: 0.6, dailyCap: null, monthlyCap: null },
    });
    await r.gateway.listener.start();
    const { secret } = r.gateway.keys.createKey('editor');
    const body = { model: 'm1', messages: [{ role: 'user', content: 'four' }], max_tokens: 500, x_choices: 4 };
    const res = await call(r.gateway.listener.port!, '/v1/chat/completions', body, secret);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect((res.json.choices as unknown[]).length).toBe(4);
    const paid = r.calls.filter((c) => c.nodeId === 'paid');
    expect(paid).toHaveLength(3);
    await vi.waitFor(() => expect(r.book.entries.filter((e) => e.outcome === 'answered')).toHaveLength(4));
    const expected = r.book.entries.reduce((sum, e) => sum + (e.expectedU ?? 0), 0) / 1e6;
    expect(expected).toBeLessThanOrEqual(0.6);
    // One plan for the three paid answers, each cut so that all three fit the 0.6 credit the request may cost.
    const prompt = promptTokens(JSON.stringify(paid[0]!.payload).replace(/,"max_tokens":\d+/, ''));
    expect(new Set(paid.map((c) => c.payload?.max_tokens))).toEqual(new Set([200 - prompt]));
    // Four answered rows, and a failed one for each task the busy machine could not take (nothing held or spent).
    await vi.waitFor(() => expect(r.book.entries).toHaveLength(7));
    expect(
      r.book.entries
        .filter((e) => e.outcome === 'answered')
        .map((e) => e.nodeId)
        .sort(),
    ).toEqual(['mine', 'paid', 'paid', 'paid']);
    expect(r.book.entries.filter((e) => e.outcome !== 'answered').every((e) => (e.creditsU ?? 0) === 0)).toBe(true);
  });
});

describe('the model list at start and a model new at the directory', () => {
  it('/v1/models right after start lists the network’s models, though another page kept an empty list from before', async () => {
    const node = fakeNode('o1');
    let shared: DiscoveryClient | null = null;
    const r = rig([], {
      discovery: (f, now) =>
        (shared = new DiscoveryClient({ directoryUrl: () => 'https://dir.example/api', fetchImpl: f, now })),
    });
    // Another page asked before any machine had come up: an empty list, kept for ten seconds.
    await shared!.discover({ intent: CHAT });
    r.listed.push(node);
    r.clock.advance(1_000);
    await r.gateway.listener.start();
    const { secret } = r.gateway.keys.createKey('editor');
    const models = await call(r.gateway.listener.port!, '/v1/models', null, secret);
    expect((models.json.data as { id: string }[]).map((m) => m.id)).toEqual(['m1']);
  });

  it('a model added at the directory after it was asked for is answered at once, not model_not_found', async () => {
    const r = rig([fakeNode('o1')]);
    await r.gateway.listener.start();
    const { secret } = r.gateway.keys.createKey('editor');
    const body = { model: 'm2', messages: [{ role: 'user', content: 'new' }] };
    expect((await call(r.gateway.listener.port!, '/v1/chat/completions', body, secret)).status).toBe(404);
    r.listed.push(fakeNode('o2', { models: ['m2'] }));
    r.clock.advance(1_500);
    const res = await call(r.gateway.listener.port!, '/v1/chat/completions', body, secret);
    expect(res.status).toBe(200);
    expect(res.headers['x-iicp-node-id']).toBe('o2');
  });
});
