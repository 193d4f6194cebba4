/**
 * The gateway's streams end to end on loopback: an app's `stream: true` request read by the `openai` package itself,
 * a node that streams sealed over its native transport (a script with the node's real CX key) and one that cannot
 * (the buffered sealed call), and what each is booked at, with the row's note.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connect as netConnect, type Socket } from 'node:net';
import OpenAI from 'openai';
import { DEFAULT_GATEWAY_SETTINGS, type GatewayRequestRow } from '@shared/contract';
import type { KeyShelf } from '@engine/gateway/app-keys';
import { claimCeiling } from '@engine/gateway/budget';
import { GatewayService } from '@engine/gateway/gateway-service';
import type { OfferedNode } from '@engine/gateway/network-offer';
import type { SpendBook, SpendEntry } from '@engine/gateway/spend-totals';
import { fakeClock } from '../../support/fake-clock';
import { echoResult, fakeNode, nodesFetch } from './fake-cx-node';
import { scriptNode, type ScriptNode } from './native-script-node';

const SELF = '00000000-0000-4000-8000-000000000001';
const CHAT = 'urn:iicp:intent:llm:chat:v1';
const LIFECYCLE = 'urn:iicp:profile:service-lifecycle:v1';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

function world(listed: () => { node: OfferedNode; streams: boolean }[]) {
  const entries: SpendEntry[] = [];
  const book: SpendBook & { entries: SpendEntry[] } = {
    entries,
    record: (e) => void entries.push(...e),
    recent: () => entries.map((e): GatewayRequestRow => ({ ...e, at: new Date(e.atMs).toISOString(), credits: e.creditsU === null ? null : e.creditsU / 1e6, charged: null, stream: e.stream ?? null })),
    spentBetweenMicro: () => 0,
    version: () => entries.length,
  };
  const values = new Map<string, unknown>();
  const shelf: KeyShelf = { get: <T,>(k: string, f: T, ok: (v: unknown) => v is T): T => (ok(values.get(k)) ? (values.get(k) as T) : f), set: (k, v) => values.set(k, v) };
  const directoryFetch = (async () =>
    new Response(
      JSON.stringify({
        nodes: listed().map(({ node, streams }) => ({
          node_id: node.nodeId,
          endpoint: node.endpoint,
          ...(streams ? { transport_endpoint: `iicp://${node.stream!.host}:${node.stream!.port}` } : {}),
          cx_public_key: { key: node.cx.key, key_id: node.cx.keyId, features: ['response_encryption_v1', ...(streams ? ['sealed_stream_v1'] : [])] },
          models: node.models,
          capabilities: [{ intent: CHAT, max_tokens: 4096, supported_profiles: streams ? [LIFECYCLE] : [] }],
          pricing: { credit_cost_multiplier: node.multiplier },
        })),
      }),
      { headers: { 'Content-Type': 'application/json' } },
    )) as unknown as typeof fetch;
  return { book, shelf, directoryFetch };
}

function gateway(w: ReturnType<typeof world>, nodeFetch: typeof fetch) {
  const connect = (host: string, port: number) =>
    new Promise<Socket>((resolve, reject) => {
      const s = netConnect({ host, port });
      s.once('connect', () => resolve(s));
      s.once('error', reject);
    });
  const g = new GatewayService({
    settings: () => ({ ...DEFAULT_GATEWAY_SETTINGS, enabled: true, dailyCap: null, monthlyCap: null, perRequestMax: 5, keepBalance: null }),
    directoryUrl: () => 'https://dir.example/api',
    shelf: w.shelf,
    book: w.book,
    selfNodeId: SELF,
    nodeToken: () => 'node-token',
    operatorFingerprint: () => null,
    myMachines: () => [],
    balance: () => 100,
    directoryFetch: w.directoryFetch,
    nodeFetch,
    nodeConnect: connect,
    now: fakeClock().now,
    timeZone: 'UTC',
    log: () => undefined,
    onChange: () => undefined,
    portOverride: 0,
  });
  closers.push(() => g.stop());
  return g;
}

async function streaming(n: ScriptNode | null, plainNode?: ReturnType<typeof fakeNode>) {
  const w = world(() => [...(n ? [{ node: n.node, streams: true }] : []), ...(plainNode ? [{ node: plainNode.node, streams: false }] : [])]);
  const g = gateway(w, nodesFetch(plainNode ? [plainNode] : []).fetch);
  await g.start();
  const app = new OpenAI({ baseURL: g.baseUrl!, apiKey: g.createKey('app').secret, maxRetries: 0 });
  return { w, g, app };
}

describe('the gateway streams to an app', () => {
  it('from a node that streams sealed: the app reads its first chunk before the node finished; booked at the end’s tokens', async () => {
    const n = await scriptNode('n-stream', async (c) => {
      c.partial('Hel', 3);
      await c.released();
      c.partial('lo', 5);
      c.end();
    });
    closers.push(() => n.close());
    const { w, app } = await streaming(n);
    const stream = await app.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
    const seen: string[] = [];
    let usage: unknown = null;
    for await (const chunk of stream) {
      const piece = chunk.choices[0]?.delta?.content;
      if (piece) {
        seen.push(piece);
        // The rest is held back until the app has the first piece: streaming is proven by order.
        if (seen.length === 1) n.release();
      }
      if (chunk.usage) usage = chunk.usage;
    }
    expect(seen.join('')).toBe('Hello');
    expect(usage).toEqual({ prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 });
    await vi.waitFor(() => expect(w.book.entries).toHaveLength(1));
    const row = w.book.entries[0]!;
    expect(row).toMatchObject({ nodeId: 'n-stream', own: false, outcome: 'answered', code: 'ok', tokens: 6, stream: 'streamed' });
    expect(row.creditsU).toBe(Math.round(claimCeiling(6, 1) * 1e6));
  });

  it('a failure after the first chunk reaches the app as the openai package’s error, and nothing is booked', async () => {
    const n = await scriptNode('n-dies', async (c) => {
      c.partial('Hel');
      await c.released();
      c.drop();
    });
    closers.push(() => n.close());
    const { w, app } = await streaming(n);
    const stream = await app.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const seen: string[] = [];
    const read = async () => {
      for await (const chunk of stream) {
        const piece = chunk.choices[0]?.delta?.content;
        if (piece) seen.push(piece);
        if (seen.length === 1) n.release();
      }
    };
    await expect(read()).rejects.toMatchObject({ error: { code: 'stream_missing_terminal_response' } });
    expect(seen).toEqual(['Hel']);
    await vi.waitFor(() => expect(w.book.entries).toHaveLength(1));
    expect(w.book.entries[0]).toMatchObject({ outcome: 'failed', code: 'stream_missing_terminal_response', creditsU: null, stream: 'streamed' });
  });

  it('from a node that cannot stream: the whole answer cut into pieces, and the row says the node cannot', async () => {
    const plain = fakeNode('n-plain', { behaviour: { kind: 'answer', result: echoResult } });
    const { w, app } = await streaming(null, plain);
    const stream = await app.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: 'hello there' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('hello there');
    await vi.waitFor(() => expect(w.book.entries).toHaveLength(1));
    expect(w.book.entries[0]).toMatchObject({ nodeId: 'n-plain', outcome: 'answered', stream: 'node_cannot' });
  });
});
