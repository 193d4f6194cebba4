/**
 * An answer cut to fit a limit says so in every API, whatever its node wrote. The gateway on loopback lowers the
 * bound of a request that asks for 4000 tokens under a 1-credit limit per request; the node answers exactly the
 * bound it was sent but writes `finish_reason: "stop"` (a node that lies, or a server that does not say). The apps
 * are the real `openai` package (chat and Responses), the real Anthropic SDK and the real `ollama` package, whole
 * and streamed: each reads its API's own "cut at the length" reason, and the header that names the bound. A bound
 * the gateway did not lower is never read as a cut.
 */
import { connect as netConnect, type Socket } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_GATEWAY_SETTINGS } from '@shared/contract';
import type { KeyShelf } from '@engine/gateway/keys/app-keys';
import { composeGateway } from '@engine/gateway/compose-gateway';
import type { OfferedNode } from '@engine/gateway/routing/network-offer';
import type { SpendBook, SpendEntry } from '@engine/gateway/spending/spend-totals';
import { requestRowOf } from '@engine/store/spend-repo';
import { fakeClock } from '../../support/fake-clock';
import { fakeNode, nodesFetch, type FakeNode } from './fake-cx-node';
import { scriptNode, type ScriptNode } from './native-script-node';

const SELF = '00000000-0000-4000-8000-000000000001';
const CHAT = 'urn:iicp:intent:llm:chat:v1';
const LIFECYCLE = 'urn:iicp:profile:service-lifecycle:v1';
/** Expected to cost about 4 credits at the node's price: over the 1-credit limit per request, so it is lowered. */
const LONG = 4000;
/** Well within the limit: sent as it is. */
const SHORT = 64;
const LOWERED = 'x-iicp-max-tokens-lowered';
const PROMPT = 4;

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** The usage of an answer that used every token of the bound it was sent. */
const usedAll = (bound: number) => ({
  prompt_tokens: PROMPT,
  completion_tokens: bound,
  total_tokens: PROMPT + bound,
});

/** A node that streams sealed, answers the bound it was sent and says it stopped on its own. */
async function streamingLiar(): Promise<ScriptNode> {
  const n = await scriptNode('n-stream', (c) => {
    const bound = Number((c.body.constraints as { max_tokens: number }).max_tokens);
    c.partial('Hel', 3);
    c.end({ finish_reason: 'stop', usage: usedAll(bound), model: 'm1' }, PROMPT + bound);
  });
  closers.push(() => n.close());
  return n;
}

/** A node that answers whole, the bound it was sent, and says it stopped on its own. */
function wholeLiar(): FakeNode {
  return fakeNode('n-plain', {
    behaviour: {
      kind: 'answer',
      result: (payload) => ({
        choices: [{ index: 0, message: { role: 'assistant', content: 'Hel' }, finish_reason: 'stop' }],
        usage: usedAll(Number(payload.max_tokens)),
      }),
    },
  });
}

function directoryFetchOf(node: OfferedNode, streams: boolean): typeof fetch {
  const listed = {
    node_id: node.nodeId,
    endpoint: node.endpoint,
    ...(streams ? { transport_endpoint: `iicp://${node.nativeTransport!.host}:${node.nativeTransport!.port}` } : {}),
    cx_public_key: {
      key: node.cx.key,
      key_id: node.cx.keyId,
      features: ['response_encryption_v1', ...(streams ? ['sealed_stream_v2'] : [])],
    },
    models: node.models,
    capabilities: [{ intent: CHAT, max_tokens: 8192, supported_profiles: streams ? [LIFECYCLE] : [] }],
    pricing: { credit_cost_multiplier: node.multiplier },
  };
  return (async () =>
    new Response(JSON.stringify({ nodes: [listed] }), {
      headers: { 'Content-Type': 'application/json' },
    })) as unknown as typeof fetch;
}

interface Apps {
  entries: SpendEntry[];
  openai: OpenAI;
  anthropic: Anthropic;
  ollama: Ollama;
  /** The response headers the `ollama` package was given, last first. */
  ollamaHeaders: Headers[];
}

/** The gateway with one node, a limit of 1 credit per request, and an app of each API. */
async function apps(n: { streams: ScriptNode } | { whole: FakeNode }): Promise<Apps> {
  const entries: SpendEntry[] = [];
  const book: SpendBook = {
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
  const node = 'streams' in n ? n.streams.node : n.whole.node;
  const g = composeGateway({
    settings: () => ({
      ...DEFAULT_GATEWAY_SETTINGS,
      enabled: true,
      dailyCap: null,
      monthlyCap: null,
      perRequestMax: 1,
      keepBalance: null,
    }),
    directoryUrl: () => 'https://dir.example/api',
    shelf,
    book,
    selfNodeId: SELF,
    nodeToken: () => 'node-token',
    operatorFingerprint: () => null,
    myMachines: () => [],
    balance: () => 100,
    directoryFetch: directoryFetchOf(node, 'streams' in n),
    nodeFetch: nodesFetch('whole' in n ? [n.whole] : []).fetch,
    nodeConnect: (host: string, port: number) =>
      new Promise<Socket>((resolve, reject) => {
        const s = netConnect({ host, port });
        s.once('connect', () => resolve(s));
        s.once('error', reject);
      }),
    now: fakeClock().now,
    timeZone: 'UTC',
    log: () => undefined,
    onChange: () => undefined,
    portOverride: 0,
  });
  closers.push(() => g.listener.stop());
  await g.listener.start();
  const baseURL = g.page.baseUrl!;
  const apiKey = g.keys.createKey('app').secret;
  const root = baseURL.replace(/\/v1$/, '');
  const ollamaHeaders: Headers[] = [];
  const seen: typeof fetch = async (input, init) => {
    const r = await fetch(input, init);
    ollamaHeaders.unshift(r.headers);
    return r;
  };
  return {
    entries,
    openai: new OpenAI({ baseURL, apiKey, maxRetries: 0 }),
    anthropic: new Anthropic({ baseURL: root, apiKey, maxRetries: 0 }),
    ollama: new Ollama({ host: root, headers: { Authorization: `Bearer ${apiKey}` }, fetch: seen }),
    ollamaHeaders,
  };
}

const messages = [{ role: 'user' as const, content: 'hi' }];

/** The bound the header names, which must be below what the app asked for. */
function loweredFrom(headers: Headers): number {
  const sent = Number(headers.get(LOWERED));
  expect(sent).toBeGreaterThan(0);
  expect(sent).toBeLessThan(LONG);
  return sent;
}

describe('an answer that used all of a bound the gateway lowered reads as cut, whatever its node said', () => {
  it('OpenAI chat, whole: finish_reason length', async () => {
    const a = await apps({ whole: wholeLiar() });
    const { data, response } = await a.openai.chat.completions
      .create({ model: 'm1', messages, max_tokens: LONG })
      .withResponse();
    const sent = loweredFrom(response.headers);
    expect(data.usage?.completion_tokens).toBe(sent);
    expect(data.choices[0]?.finish_reason).toBe('length');
  });

  it.each([
    ['from a node that streams', async () => ({ streams: await streamingLiar() })],
    ['from a node that cannot stream (its whole answer cut into pieces)', async () => ({ whole: wholeLiar() })],
  ] as const)('OpenAI chat, streamed %s: the last chunk says length', async (_, node) => {
    const a = await apps(await node());
    const { data: stream, response } = await a.openai.chat.completions
      .create({ model: 'm1', messages, max_tokens: LONG, stream: true })
      .withResponse();
    loweredFrom(response.headers);
    const finish: string[] = [];
    for await (const chunk of stream) if (chunk.choices[0]?.finish_reason) finish.push(chunk.choices[0].finish_reason);
    expect(finish).toEqual(['length']);
  });

  it('Anthropic, whole: stop_reason max_tokens', async () => {
    const a = await apps({ whole: wholeLiar() });
    const { data, response } = await a.anthropic.messages
      .create({ model: 'm1', messages, max_tokens: LONG })
      .withResponse();
    loweredFrom(response.headers);
    expect(data.stop_reason).toBe('max_tokens');
  });

  it('Anthropic, streamed: message_delta says max_tokens', async () => {
    const a = await apps({ streams: await streamingLiar() });
    const { data: stream, response } = await a.anthropic.messages
      .create({ model: 'm1', messages, max_tokens: LONG, stream: true })
      .withResponse();
    loweredFrom(response.headers);
    const stops: (string | null)[] = [];
    for await (const e of stream) if (e.type === 'message_delta') stops.push(e.delta.stop_reason);
    expect(stops).toEqual(['max_tokens']);
  });

  it('Ollama, whole: done_reason length', async () => {
    const a = await apps({ whole: wholeLiar() });
    const r = await a.ollama.chat({ model: 'm1', messages, stream: false, options: { num_predict: LONG } });
    loweredFrom(a.ollamaHeaders[0]!);
    expect(r.done_reason).toBe('length');
  });

  it('Ollama, streamed: the final line says length', async () => {
    const a = await apps({ streams: await streamingLiar() });
    const stream = await a.ollama.chat({ model: 'm1', messages, stream: true, options: { num_predict: LONG } });
    loweredFrom(a.ollamaHeaders[0]!);
    const reasons: string[] = [];
    for await (const line of stream) if (line.done) reasons.push(line.done_reason);
    expect(reasons).toEqual(['length']);
  });

  it('Responses, whole: incomplete for max_output_tokens', async () => {
    const a = await apps({ whole: wholeLiar() });
    const { data, response } = await a.openai.responses
      .create({ model: 'm1', input: 'hi', max_output_tokens: LONG })
      .withResponse();
    loweredFrom(response.headers);
    expect(data.status).toBe('incomplete');
    expect(data.incomplete_details).toEqual({ reason: 'max_output_tokens' });
  });

  it('Responses, streamed: the response.incomplete event, as OpenAI sends it', async () => {
    const a = await apps({ streams: await streamingLiar() });
    const { data: stream, response } = await a.openai.responses
      .create({ model: 'm1', input: 'hi', max_output_tokens: LONG, stream: true })
      .withResponse();
    loweredFrom(response.headers);
    const ends: unknown[] = [];
    for await (const e of stream)
      if (e.type === 'response.completed' || e.type === 'response.incomplete')
        ends.push([e.type, e.response.status, e.response.incomplete_details]);
    expect(ends).toEqual([['response.incomplete', 'incomplete', { reason: 'max_output_tokens' }]]);
  });
});

describe('a bound the gateway did not lower', () => {
  /** A node that answers all of the app's own bound and says it stopped on its own. */
  it('reads as the node said: stop, whole and streamed', async () => {
    const whole = await apps({ whole: wholeLiar() });
    const { data, response } = await whole.openai.chat.completions
      .create({ model: 'm1', messages, max_tokens: SHORT })
      .withResponse();
    expect(response.headers.get(LOWERED)).toBeNull();
    expect(data.usage?.completion_tokens).toBe(SHORT);
    expect(data.choices[0]?.finish_reason).toBe('stop');

    const streamed = await apps({ streams: await streamingLiar() });
    const { data: stream, response: r2 } = await streamed.openai.chat.completions
      .create({ model: 'm1', messages, max_tokens: SHORT, stream: true })
      .withResponse();
    expect(r2.headers.get(LOWERED)).toBeNull();
    const finish: string[] = [];
    for await (const chunk of stream) if (chunk.choices[0]?.finish_reason) finish.push(chunk.choices[0].finish_reason);
    expect(finish).toEqual(['stop']);
  });
});

describe('the thinking counts as the answer’s tokens', () => {
  /** A node that thinks `thought` tokens (a piece each) and writes 10 of text, and counts both. */
  async function thinker(thought: (bound: number) => number): Promise<ScriptNode> {
    const n = await scriptNode('n-think', async (c) => {
      const bound = Number((c.body.constraints as { max_tokens: number }).max_tokens);
      const tokens = thought(bound);
      // Four bytes a token, as the gateway reckons a piece it has no count for.
      for (let i = 0; i < tokens; i += 50) c.partial({ content: '', reasoning_content: 'hmm '.repeat(50) });
      c.partial('ok '.repeat(10));
      c.end({ finish_reason: 'stop', usage: usedAll(tokens + 10), model: 'm1' }, PROMPT + tokens + 10);
      await c.released();
    });
    closers.push(() => n.close());
    return n;
  }

  it('300 tokens of thinking and 10 of text are booked at 310, and reported so', async () => {
    const a = await apps({ streams: await thinker(() => 300) });
    const stream = await a.openai.chat.completions.create({
      model: 'm1',
      messages,
      max_tokens: 1000,
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: OpenAI.CompletionUsage | null = null;
    for await (const chunk of stream) usage = chunk.usage ?? usage;
    expect(usage?.completion_tokens).toBe(310);
    expect(usage?.completion_tokens_details?.reasoning_tokens).toBe(300);
    await vi.waitFor(() => expect(a.entries).toHaveLength(1));
    expect(a.entries[0]!.tokens).toBe(PROMPT + 310);
  });

  it('a lowered bound that the thinking alone runs far past cuts the stream with the error event', async () => {
    // Twice the bound sent, in thinking: a node that ignores the bound, or thinks outside it.
    const a = await apps({ streams: await thinker((bound) => 2 * bound + 200) });
    const { data: stream, response } = await a.openai.chat.completions
      .create({ model: 'm1', messages, max_tokens: LONG, stream: true })
      .withResponse();
    loweredFrom(response.headers);
    const finish: string[] = [];
    const read = (async () => {
      for await (const chunk of stream)
        if (chunk.choices[0]?.finish_reason) finish.push(chunk.choices[0].finish_reason);
    })();
    await expect(read).rejects.toThrow(/most this request may spend/);
    expect(finish).toEqual([]);
    await vi.waitFor(() => expect(a.entries).toHaveLength(1));
    expect(a.entries[0]!.code).toBe('insufficient_quota');
  });
});
