/**
 * Keys and retries as the real client libraries meet them: the gateway as the node runs it (its three parts on a
 * loopback socket, a scripted directory, provider nodes that do IICP-CX for real), called by the unmodified openai,
 * Anthropic and ollama-js clients with their own retry rules left as they ship. A refusal the same request cannot
 * change reaches the gateway once, not three times; a rate-limited one still says when to come back; and an Ollama app
 * without a key is answered for free by the person's own machines when the person allows it, never by a paid one.
 */
import Anthropic from '@anthropic-ai/sdk';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_GATEWAY_SETTINGS, type GatewaySettings } from '@shared/contract';
import { composeGateway, type GatewayParts } from '@engine/gateway/compose-gateway';
import { fakeClock } from '../../support/fake-clock';
import { echoResult, fakeNode, nodesFetch, type FakeNode } from './fake-cx-node';
import { memoryShelf } from '../../support/memory-shelf';
import { memoryBook } from './memory-book';

const SELF = '00000000-0000-4000-8000-000000000001';
const MINE = '00000000-0000-4000-8000-00000000000a';
const THEIRS = '00000000-0000-4000-8000-00000000000b';
const CHAT = 'urn:iicp:intent:llm:chat:v1';
/** What a key-less app hears of a model only paid machines offer: what it hears of one nobody offers. */
const NOT_FOUND = 'No node on the network offers this model now; GET /v1/models lists the ones that are offered.';

/** A directory that lists `nodes` for chat. */
function directory(nodes: readonly FakeNode[]): typeof fetch {
  return (async (input: string | URL | Request) => {
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
        capabilities: [{ intent: CHAT, max_tokens: 4096 }],
        pricing: { credit_cost_multiplier: n.node.multiplier },
      })),
    };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  }) as typeof fetch;
}

interface Rig {
  gateway: GatewayParts;
  settings: GatewaySettings;
  book: ReturnType<typeof memoryBook>;
  /** What each provider node was sent. */
  calls: ReturnType<typeof nodesFetch>['calls'];
  root: string;
  secret: string;
  /** Requests the app's library sent to the gateway, retries included. */
  sent: string[];
  /** A fetch that counts each request the library sends. */
  counted: typeof fetch;
}

const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.gateway.listener.stop();
});

/** A gateway with one own machine (MINE, model `mine:1b`) and another operator's node (THEIRS, model `theirs:1b`). */
async function startRig(settings: Partial<GatewaySettings> = {}): Promise<Rig> {
  const clock = fakeClock();
  const nodes = [
    fakeNode(MINE, { models: ['mine:1b'], behaviour: { kind: 'answer', result: echoResult } }),
    fakeNode(THEIRS, { models: ['theirs:1b'], multiplier: 1, behaviour: { kind: 'answer', result: echoResult } }),
  ];
  const reach = nodesFetch(nodes);
  const rig = {
    settings: {
      ...DEFAULT_GATEWAY_SETTINGS,
      enabled: true,
      dailyCap: null,
      monthlyCap: null,
      perRequestMax: null,
      ...settings,
    },
    book: memoryBook(),
    calls: reach.calls,
    sent: [],
  } as unknown as Rig;
  rig.gateway = composeGateway({
    settings: () => rig.settings,
    directoryUrl: () => 'https://dir.example/api',
    shelf: memoryShelf(),
    book: rig.book,
    selfNodeId: SELF,
    nodeToken: () => 'node-token',
    operatorFingerprint: () => null,
    myMachines: () => [MINE],
    balance: () => 100,
    directoryFetch: directory(nodes),
    nodeFetch: reach.fetch,
    now: clock.now,
    timeZone: 'UTC',
    log: () => undefined,
    onChange: () => undefined,
    portOverride: 0,
  });
  rigs.push(rig);
  await rig.gateway.listener.start();
  rig.root = `http://127.0.0.1:${rig.gateway.listener.port!}`;
  rig.secret = rig.gateway.keys.createKey('test app').secret;
  rig.counted = ((input: string | URL | Request, init?: RequestInit) => {
    rig.sent.push(String(input instanceof Request ? input.url : input));
    return fetch(input, init);
  }) as typeof fetch;
  return rig;
}

/** What a client call threw (the libraries throw their own error types for an HTTP error). */
const thrown = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => new Error('answered'),
    (err: unknown) => err,
  );

describe('retries that help: the real clients send a refusal that cannot change once', () => {
  it('openai (maxRetries as it ships): a budget and a no-node refusal each reach the gateway once; a rate limit keeps Retry-After', async () => {
    const rig = await startRig({ dailyCap: 0 });
    const client = new OpenAI({ baseURL: `${rig.root}/v1`, apiKey: rig.secret, fetch: rig.counted });
    const budget = await thrown(
      client.chat.completions.create({ model: 'theirs:1b', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(budget).toBeInstanceOf(OpenAI.APIError);
    expect((budget as InstanceType<typeof OpenAI.APIError>).status).toBe(429);
    expect((budget as InstanceType<typeof OpenAI.APIError>).code).toBe('insufficient_quota');
    expect(rig.sent).toHaveLength(1);

    rig.settings = { ...rig.settings, dailyCap: null, onlyMine: true };
    const none = await thrown(
      client.chat.completions.create({ model: 'theirs:1b', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect((none as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect((none as InstanceType<typeof OpenAI.APIError>).code).toBe('no_nodes');
    expect(rig.sent).toHaveLength(2);
    expect(rig.calls).toHaveLength(0);

    // A rate-limited 429 may pass later: it still says when to come back, and does not forbid the retry.
    const id = (await rig.gateway.page.info()).keys.find((k) => k.name === 'test app')!.id;
    rig.gateway.keys.setKeyCaps(id, { dailyCap: null, rpm: 1 });
    const once = new OpenAI({ baseURL: `${rig.root}/v1`, apiKey: rig.secret, maxRetries: 0 });
    await once.chat.completions.create({ model: 'mine:1b', messages: [{ role: 'user', content: 'hi' }] });
    const limited = (await thrown(
      once.chat.completions.create({ model: 'mine:1b', messages: [{ role: 'user', content: 'again' }] }),
    )) as InstanceType<typeof OpenAI.APIError>;
    expect([limited.status, limited.code]).toEqual([429, 'rate_limited']);
    expect(Number(limited.headers?.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers?.get('x-should-retry')).toBeNull();
  });

  it('the Anthropic SDK (maxRetries as it ships): a budget refusal reaches the gateway once', async () => {
    const rig = await startRig({ dailyCap: 0 });
    const client = new Anthropic({ baseURL: rig.root, apiKey: rig.secret, fetch: rig.counted });
    const budget = await thrown(
      client.messages.create({ model: 'theirs:1b', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(budget).toBeInstanceOf(Anthropic.APIError);
    expect((budget as InstanceType<typeof Anthropic.APIError>).status).toBe(429);
    expect(rig.sent).toHaveLength(1);
  });
});

describe('keys: the key first on every path', () => {
  it('a request without a key to an unknown path is 401; with a key it is 404', async () => {
    const rig = await startRig();
    const none = await fetch(`${rig.root}/nope`);
    expect(none.status).toBe(401);
    const keyed = await fetch(`${rig.root}/nope`, { headers: { Authorization: `Bearer ${rig.secret}` } });
    expect(keyed.status).toBe(404);
  });
});

describe('keys: Ollama apps without a key, when the person allows them', () => {
  it('ollama-js without a key: an own machine answers free, a paid-only model is not found; else 401', async () => {
    const rig = await startRig({ keylessOllama: true });
    const client = new Ollama({ host: rig.root });
    // The list a key-less app reads names only what it may use: the own machine's model, not the paid one.
    expect((await client.list()).models.map((m) => m.name)).toEqual(['mine:1b']);
    const answer = await client.chat({
      model: 'mine:1b',
      messages: [{ role: 'user', content: 'free please' }],
      stream: false,
    });
    expect(answer.message.content).toBe('free please');
    const refused = (await thrown(
      client.chat({ model: 'theirs:1b', messages: [{ role: 'user', content: 'paid?' }], stream: false }),
    )) as { status_code?: number; error?: string };
    expect(refused.status_code).toBe(404);
    expect(refused.error).toBe(NOT_FOUND);
    expect(rig.calls.map((c) => c.nodeId)).toEqual([MINE]);
    await vi.waitFor(() => expect(rig.book.entries).toHaveLength(2));
    expect((await rig.gateway.page.info()).recent.map((r) => r.app)).toEqual([
      'Ollama apps without a key',
      'Ollama apps without a key',
    ]);
    const rows = rig.book.entries.map((e) => ({
      app: e.appKeyId,
      own: e.own,
      outcome: e.outcome,
      code: e.code,
      credits: e.creditsU ?? 0,
    }));
    expect(rows).toEqual([
      { app: 'keyless', own: true, outcome: 'answered', code: 'ok', credits: 0 },
      { app: 'keyless', own: null, outcome: 'refused', code: 'model_not_found', credits: 0 },
    ]);

    // A wrong key is still a wrong key, and the OpenAI path still wants one.
    const wrong = new Ollama({ host: rig.root, headers: { Authorization: 'Bearer not-a-key' } });
    expect(
      (
        (await thrown(
          wrong.chat({ model: 'mine:1b', messages: [{ role: 'user', content: 'hi' }], stream: false }),
        )) as { status_code?: number }
      ).status_code,
    ).toBe(401);
    const openai = await fetch(`${rig.root}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'mine:1b', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(openai.status).toBe(401);

    // Turned off (the default), an Ollama app without a key is refused like any other.
    rig.settings = { ...rig.settings, keylessOllama: false };
    const off = (await thrown(
      client.chat({ model: 'mine:1b', messages: [{ role: 'user', content: 'hi' }], stream: false }),
    )) as { status_code?: number };
    expect(off.status_code).toBe(401);
    expect(rig.calls.map((c) => c.nodeId)).toEqual([MINE]);
  });
});
