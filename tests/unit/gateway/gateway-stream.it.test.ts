/**
 * The gateway's streams end to end on loopback: an app's `stream: true` request read by the `openai` package itself,
 * a node that streams sealed over its native transport (a script with the node's real CX key) and one that cannot
 * (the buffered sealed call), and what each is booked at, with the row's note.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connect as netConnect, type Socket } from 'node:net';
import OpenAI from 'openai';
import { DEFAULT_GATEWAY_SETTINGS } from '@shared/contract';
import type { KeyShelf } from '@engine/gateway/keys/app-keys';
import { honestClaim } from '@engine/gateway/spending/budget';
import { composeGateway } from '@engine/gateway/compose-gateway';
import type { OfferedNode } from '@engine/gateway/routing/network-offer';
import { MIN_ANSWER_TOKENS } from '@engine/gateway/routing/try-terms';
import type { SpendBook, SpendEntry } from '@engine/gateway/spending/spend-totals';
import { fakeClock } from '../../support/fake-clock';
import { echoResult, fakeNode, nodesFetch } from './fake-cx-node';
import { END_RESULT, scriptNode, type ScriptNode } from './native-script-node';
import { requestRowOf } from '@engine/store/spend-repo';

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
    recent: () => entries.map(requestRowOf),
    spentBetweenMicro: () => 0,
    byApp: () => [],
    version: () => entries.length,
  };
  const values = new Map<string, unknown>();
  const shelf: KeyShelf = {
    get: <T>(k: string, f: T, ok: (v: unknown) => v is T): T => (ok(values.get(k)) ? (values.get(k) as T) : f),
    set: (k, v) => values.set(k, v),
  };
  const directoryFetch = (async () =>
    new Response(
      JSON.stringify({
        nodes: listed().map(({ node, streams }) => ({
          node_id: node.nodeId,
          endpoint: node.endpoint,
          ...(streams
            ? { transport_endpoint: `iicp://${node.nativeTransport!.host}:${node.nativeTransport!.port}` }
            : {}),
          cx_public_key: {
            key: node.cx.key,
            key_id: node.cx.keyId,
            features: ['response_encryption_v1', ...(streams ? ['sealed_stream_v2'] : [])],
          },
          models: node.models,
          capabilities: [{ intent: CHAT, max_tokens: 4096, supported_profiles: streams ? [LIFECYCLE] : [] }],
          pricing: { credit_cost_multiplier: node.multiplier },
        })),
      }),
      { headers: { 'Content-Type': 'application/json' } },
    )) as unknown as typeof fetch;
  return { book, shelf, directoryFetch };
}

/** Every native connection the gateway opened, in order. */
const connections: string[] = [];

function gateway(w: ReturnType<typeof world>, nodeFetch: typeof fetch, perRequestMax = 5) {
  connections.length = 0;
  const connect = (host: string, port: number) =>
    new Promise<Socket>((resolve, reject) => {
      connections.push(`${host}:${port}`);
      const s = netConnect({ host, port });
      s.once('connect', () => resolve(s));
      s.once('error', reject);
    });
  const g = composeGateway({
    settings: () => ({
      ...DEFAULT_GATEWAY_SETTINGS,
      enabled: true,
      dailyCap: null,
      monthlyCap: null,
      perRequestMax,
      keepBalance: null,
    }),
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
  closers.push(() => g.listener.stop());
  return g;
}

async function streaming(n: ScriptNode | null, plainNode?: ReturnType<typeof fakeNode>, perRequestMax?: number) {
  const w = world(() => [
    ...(n ? [{ node: n.node, streams: true }] : []),
    ...(plainNode ? [{ node: plainNode.node, streams: false }] : []),
  ]);
  const g = gateway(w, nodesFetch(plainNode ? [plainNode] : []).fetch, perRequestMax);
  await g.listener.start();
  const app = new OpenAI({ baseURL: g.page.baseUrl!, apiKey: g.keys.createKey('app').secret, maxRetries: 0 });
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
    const stream = await app.chat.completions.create({
      model: 'm1',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
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
    expect(row).toMatchObject({
      nodeId: 'n-stream',
      own: false,
      outcome: 'answered',
      code: 'ok',
      tokens: 6,
      streamNote: 'streamed',
    });
    // Counted at what an honest node claims for the tokens its end reported, until the directory's debit is read.
    expect(row.creditsU).toBe(Math.round(honestClaim(6, 1) * 1e6));
  });

  it('a failure after the first chunk reaches the app as the openai package’s error, and nothing is booked', async () => {
    const n = await scriptNode('n-dies', async (c) => {
      c.partial('Hel');
      await c.released();
      c.drop();
    });
    closers.push(() => n.close());
    const { w, app } = await streaming(n);
    const stream = await app.chat.completions.create({
      model: 'm1',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
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
    expect(w.book.entries[0]).toMatchObject({
      outcome: 'failed',
      code: 'stream_missing_terminal_response',
      creditsU: null,
      streamNote: 'streamed',
    });
  });

  it('from a node that cannot stream: the whole answer cut into pieces, and the row says the node cannot', async () => {
    const plain = fakeNode('n-plain', { behaviour: { kind: 'answer', result: echoResult } });
    const { w, app } = await streaming(null, plain);
    const stream = await app.chat.completions.create({
      model: 'm1',
      messages: [{ role: 'user', content: 'hello there' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('hello there');
    await vi.waitFor(() => expect(w.book.entries).toHaveLength(1));
    expect(w.book.entries[0]).toMatchObject({ nodeId: 'n-plain', outcome: 'answered', streamNote: 'node_cannot' });
  });

  it('streamed requests in turn to one node share one kept native session: one connection, one handshake', async () => {
    const n = await scriptNode('n-kept', (c) => {
      c.partial(`answer ${n.calls.length}`, 2);
      c.end();
    });
    closers.push(() => n.close());
    const { w, app } = await streaming(n);
    for (let i = 1; i <= 3; i++) {
      const stream = await app.chat.completions.create({
        model: 'm1',
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      expect(text).toBe(`answer ${i}`);
    }
    expect(n.calls).toHaveLength(3);
    expect(connections).toHaveLength(1);
    await vi.waitFor(() => expect(w.book.entries).toHaveLength(3));
    expect(w.book.entries.map((e) => e.outcome)).toEqual(['answered', 'answered', 'answered']);
  });

  it('a kept session the node closes as the CALL arrives is replaced once: the node runs the task on a new one', async () => {
    const n = await scriptNode('n-closes', (c) => {
      // The second CALL meets a node that just closed the session (its idle limit): it never ran it.
      if (n.calls.length === 2) return c.drop();
      c.partial('fine', 2);
      c.end();
    });
    closers.push(() => n.close());
    const { w, app } = await streaming(n);
    for (let i = 1; i <= 2; i++) {
      const stream = await app.chat.completions.create({
        model: 'm1',
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      expect(text).toBe('fine');
    }
    expect(n.calls).toHaveLength(3);
    // The same task, the same idempotency key: a node that did see the first would know it for a retry.
    expect(n.calls[2]!.taskId).toBe(n.calls[1]!.taskId);
    expect(n.calls[2]!.idempotencyKey).toBe(n.calls[1]!.idempotencyKey);
    expect(connections).toHaveLength(2);
    await vi.waitFor(() => expect(w.book.entries).toHaveLength(2));
    expect(w.book.entries.map((e) => e.outcome)).toEqual(['answered', 'answered']);
  });
});

describe('an answer whose bound the gateway lowered to fit a limit', () => {
  // 4000 tokens would be expected to cost about 4 credits at the node's price; the limit per request is 1.
  const LONG = 4000;
  const PER_REQUEST = 1;
  const LOWERED = 'x-iicp-max-tokens-lowered';

  it('streamed: the header names the bound sent before the first chunk, and the answer ends with length', async () => {
    const n = await scriptNode('n-stream', async (c) => {
      c.partial('Hel', 3);
      c.end({ ...END_RESULT, finish_reason: 'length' });
    });
    closers.push(() => n.close());
    const { w, app } = await streaming(n, undefined, PER_REQUEST);
    const { data: stream, response } = await app.chat.completions
      .create({ model: 'm1', messages: [{ role: 'user', content: 'hi' }], stream: true, max_tokens: LONG })
      .withResponse();
    const sent = Number(response.headers.get(LOWERED));
    expect(sent).toBeGreaterThanOrEqual(MIN_ANSWER_TOKENS);
    expect(sent).toBeLessThan(LONG);
    expect(honestClaim(sent, 1)).toBeLessThanOrEqual(PER_REQUEST);
    const finish: (string | null)[] = [];
    for await (const chunk of stream) finish.push(chunk.choices[0]?.finish_reason ?? null);
    expect(finish.filter((f) => f !== null)).toEqual(['length']);
    // The row says so too.
    await vi.waitFor(() => expect(w.book.entries).toHaveLength(1));
    expect(w.book.entries[0]!.maxTokensLowered).toBe(sent);
  });

  it('whole: the header names the bound sent, and the answer ends with length', async () => {
    const plain = fakeNode('n-plain', {
      behaviour: {
        kind: 'answer',
        result: () => ({
          choices: [{ index: 0, message: { role: 'assistant', content: 'Hel' }, finish_reason: 'length' }],
          usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
        }),
      },
    });
    const { w, app } = await streaming(null, plain, PER_REQUEST);
    const { data, response } = await app.chat.completions
      .create({ model: 'm1', messages: [{ role: 'user', content: 'hi' }], max_tokens: LONG })
      .withResponse();
    const sent = Number(response.headers.get(LOWERED));
    expect(sent).toBeGreaterThanOrEqual(MIN_ANSWER_TOKENS);
    expect(sent).toBeLessThan(LONG);
    expect(data.choices[0]?.finish_reason).toBe('length');
    await vi.waitFor(() => expect(w.book.entries).toHaveLength(1));
    expect(w.book.entries[0]!.maxTokensLowered).toBe(sent);
  });

  it('says nothing of a bound it did not lower', async () => {
    const plain = fakeNode('n-plain', { behaviour: { kind: 'answer', result: echoResult } });
    const { app } = await streaming(null, plain, PER_REQUEST);
    const { response } = await app.chat.completions
      .create({ model: 'm1', messages: [{ role: 'user', content: 'hi' }], max_tokens: 64 })
      .withResponse();
    expect(response.headers.get(LOWERED)).toBeNull();
  });
});
