/**
 * A balance that just grew is not refused as empty: the gateway as the node runs it (its three parts on a loopback
 * socket), asked by the real OpenAI client for a paid model while the payer's balance is 0. Before refusing for the
 * balance it reads the directory's quote again, at most once every 5 s on the gateway's clock, so credits granted
 * meanwhile are spent at once and a burst of refused requests is one directory call.
 */
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { composeGateway, type GatewayParts } from '@engine/gateway/compose-gateway';
import { fakeClock } from '../../support/fake-clock';
import { echoResult, fakeNode, nodesFetch, type FakeNode } from './fake-cx-node';
import { testGatewayOptions } from './gateway-test-options';

const CHAT = 'urn:iicp:intent:llm:chat:v1';

const json = (body: unknown): Response =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

/**
 * A directory that lists `node` for chat and quotes the payer's balance as `balance` says it then (in the shape PHP
 * `CreditsController::quote` answers), counting the quotes asked.
 */
function directory(node: FakeNode, balance: () => string) {
  let quotes = 0;
  const impl = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(String(input));
    if (url.pathname.endsWith('/v1/credits/quote')) {
      quotes += 1;
      return json({ quote_id: 'q_1', estimated_credits: 1, effective_balance: balance(), balance_scope: 'node' });
    }
    if (!url.pathname.endsWith('/v1/discover')) return new Response('{}', { status: 404 });
    const listed = url.searchParams.get('intent') === CHAT ? [node] : [];
    return json({
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
    });
  };
  return { fetch: impl as typeof fetch, quotes: () => quotes };
}

const gateways: GatewayParts[] = [];
afterEach(async () => {
  for (const g of gateways.splice(0)) await g.listener.stop();
});

/** A gateway whose payer has 0 credits until `grant` is called; the node's own balance read stays 0 throughout. */
async function world() {
  const clock = fakeClock();
  let balance = '0.0000';
  const node = fakeNode('n-paid', { behaviour: { kind: 'answer', result: echoResult } });
  const dir = directory(node, () => balance);
  const gateway = composeGateway(
    testGatewayOptions({ directoryFetch: dir.fetch, nodeFetch: nodesFetch([node]).fetch, now: clock.now }),
  );
  gateways.push(gateway);
  await gateway.listener.start();
  const client = new OpenAI({
    baseURL: `http://127.0.0.1:${gateway.listener.port}/v1`,
    apiKey: gateway.keys.createKey('notes app').secret,
    maxRetries: 0,
  });
  const ask = () =>
    client.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: 'hello' }], max_tokens: 64 });
  return {
    clock,
    dir,
    ask,
    grant: (credits: string) => {
      balance = credits;
    },
  };
}

describe('a balance that just grew', () => {
  it('is read again before a refusal for the balance, and credits granted are spent once the interval allows', async () => {
    const w = await world();

    const quotes: number[] = [];
    await expect(w.ask()).rejects.toMatchObject({ status: 429, code: 'insufficient_quota' });
    quotes.push(w.dir.quotes());

    w.grant('10.0000');
    // Within the interval the balance is not read again: the refusal stands.
    const early = await w.ask().catch((e: unknown) => e);
    expect(early).toMatchObject({ status: 429, code: 'insufficient_quota' });
    expect((early as Error).message).toContain('Your balance is 0 credits');
    quotes.push(w.dir.quotes());

    w.clock.advance(5_000);
    const answer = await w.ask();
    expect(answer.choices[0]?.message.content).toBeTruthy();
    quotes.push(w.dir.quotes());
    expect(quotes).toEqual([1, 1, 2]);
  });

  it('asks the directory at most once per interval under a burst of refused requests', async () => {
    const w = await world();

    const burst = await Promise.all(Array.from({ length: 8 }, () => w.ask().catch((e: unknown) => e)));
    for (const e of burst) expect(e).toMatchObject({ status: 429, code: 'insufficient_quota' });
    expect(w.dir.quotes()).toBe(1);

    w.clock.advance(4_999);
    await expect(w.ask()).rejects.toMatchObject({ status: 429 });
    expect(w.dir.quotes()).toBe(1);

    w.clock.advance(1);
    await expect(w.ask()).rejects.toMatchObject({ status: 429 });
    expect(w.dir.quotes()).toBe(2);
  });
});
