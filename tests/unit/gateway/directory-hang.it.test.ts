/**
 * A directory that hangs (its port open, no answer) never sits in front of a request. A real gateway on loopback, the
 * `openai` package as the app, a directory stand-in on a real socket that answers, then accepts every ask and never
 * answers; the person's own machine and another operator's node answer sealed. A fake clock moves the gateway past
 * its discovery windows (no real 10 s waits). Nothing is timed: the stand-in holds every ask it gets until the test
 * lets them fail, and the ask's timeout is longer than the test, so a request that waited for the directory would never
 * be answered. Each request is answered while the asks it set off are still held.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import OpenAI, { APIError } from 'openai';
import { DEFAULT_GATEWAY_SETTINGS } from '@shared/contract';
import { DiscoveryClient, DISCOVERY_FRESH_MS } from '@engine/directory/discovery-client';
import type { KeyShelf } from '@engine/gateway/keys/app-keys';
import type { LocalServer } from '@engine/gateway/routing/local-server';
import { composeGateway } from '@engine/gateway/compose-gateway';
import type { SpendBook, SpendEntry } from '@engine/gateway/spending/spend-totals';
import { requestRowOf } from '@engine/store/spend-repo';
import { fakeClock } from '../../support/fake-clock';
import { serveOnLoopback } from '../../support/http-server';
import { fakeNode, nodesFetch, type FakeNode } from './fake-cx-node';

const SELF = '00000000-0000-4000-8000-000000000001';
const CHAT = 'urn:iicp:intent:llm:chat:v1';
/** Longer than any test here: a held ask ends only when the test lets it fail (5 s in the product). */
const ASK_TIMEOUT_MS = 120_000;

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/**
 * A directory stand-in on loopback: lists `nodes` (for the model asked) or, hanging, accepts and holds every ask
 * unanswered until `fail` cuts their connections, and every later one's, as a hanging ask's timeout would end it;
 * `hold` makes it hold them again.
 */
async function directoryStandIn(nodes: readonly FakeNode[]) {
  const held = new Set<ServerResponse>();
  const state = { hang: false, cut: false, asks: 0, held };
  const fail = (): void => {
    state.cut = true;
    for (const res of held) res.socket?.destroy();
    held.clear();
  };
  const hold = (): void => void (state.cut = false);
  const server = await serveOnLoopback((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (state.hang) {
      if (url.pathname === '/api/v1/discover') state.asks += 1;
      return void (state.cut ? res.socket?.destroy() : held.add(res));
    }
    if (url.pathname !== '/api/v1/discover') return void res.writeHead(404).end();
    state.asks += 1;
    const model = url.searchParams.get('model');
    const listed = nodes.filter((n) => model === null || n.node.models.includes(model));
    const body = {
      nodes: listed.map(({ node }) => ({
        node_id: node.nodeId,
        endpoint: node.endpoint,
        cx_public_key: { key: node.cx.key, key_id: node.cx.keyId, features: ['response_encryption_v1'] },
        models: node.models,
        capabilities: [{ intent: CHAT, max_tokens: 4096 }],
        pricing: { credit_cost_multiplier: node.multiplier },
      })),
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  closers.push(async () => {
    fail();
    await server.close();
  });
  return { url: `http://127.0.0.1:${server.port}/api`, state, fail, hold };
}

/** This computer's own LLM server, running `local-model`: it streams one piece and ends. */
const thisComputer: LocalServer = {
  models: (intent) => (intent === CHAT ? ['local-model'] : []),
  buildOptions: () => ({
    defaultModel: null,
    models: { 'local-model': { id: 'local-model', maxTokens: 4096, tools: false } },
    flavour: null,
  }),
  call: () => Promise.reject(new Error('only streamed here')),
  stream: (_built, o) => {
    o.onPiece({ text: 'hello' });
    const end = { finishReason: 'stop', usage: null, tokensUsed: 2, completionTokens: 1, model: 'local-model' };
    return Promise.resolve({ ok: true, end: { ...end, note: null } });
  },
};

async function rig() {
  const own = fakeNode('own-machine', { models: ['own-model'] });
  const paid = fakeNode('paid-node', { models: ['paid-model'] });
  const dir = await directoryStandIn([own, paid]);
  const clock = fakeClock();
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
  const discovery = new DiscoveryClient({ directoryUrl: () => dir.url, now: clock.now, timeoutMs: ASK_TIMEOUT_MS });
  const g = composeGateway({
    settings: () => ({
      ...DEFAULT_GATEWAY_SETTINGS,
      enabled: true,
      dailyCap: null,
      monthlyCap: null,
      perRequestMax: 5,
      keepBalance: null,
    }),
    directoryUrl: () => dir.url,
    discovery,
    shelf,
    book,
    selfNodeId: SELF,
    nodeToken: () => 'node-token',
    operatorFingerprint: () => null,
    myMachines: () => [own.node.nodeId],
    balance: () => 100,
    nodeFetch: nodesFetch([own, paid]).fetch,
    now: clock.now,
    timeZone: 'UTC',
    log: () => undefined,
    onChange: () => undefined,
    portOverride: 0,
    local: thisComputer,
  });
  closers.push(() => g.listener.stop());
  await g.listener.start();
  const app = new OpenAI({ baseURL: g.page.baseUrl!, apiKey: g.keys.createKey('app').secret, maxRetries: 0 });
  /** Milliseconds from sending a streamed request to its first chunk; the stream is read to its end. */
  const firstChunkMs = async (model: string): Promise<number> => {
    const started = performance.now();
    const stream = await app.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'hello' }],
      stream: true,
    });
    let first: number | null = null;
    for await (const chunk of stream)
      if (first === null && chunk.choices.length > 0) first = performance.now() - started;
    return first!;
  };
  /**
   * How the gateway's asks for `model` ended, once the one under way (set off behind a request, perhaps queued behind
   * a held one) has: no new ask is made while a failure is waited out.
   */
  const settled = async (model: string) => (await discovery.discover({ intent: CHAT, model })).failure?.kind ?? null;
  return { dir, clock, g, app, entries, firstChunkMs, settled };
}

describe('a hanging directory never sits in front of a request', () => {
  it('this computer, own machine, paid node: each answered while the directory holds the asks, over several windows', async () => {
    const r = await rig();
    const models = ['local-model', 'own-model', 'paid-model'];
    for (const model of models) await r.firstChunkMs(model);
    const up: number[] = [];
    for (let window = 0; window < 3; window++) {
      r.clock.advance(DISCOVERY_FRESH_MS);
      for (const model of models) up.push(await r.firstChunkMs(model));
    }

    r.dir.state.hang = true;
    let hung = 0;
    for (let window = 0; window < 3; window++) {
      // Past the window (and past the wait the failures so far earned): the directory is due to be asked again.
      r.clock.advance(DISCOVERY_FRESH_MS * 2 ** window);
      r.dir.hold();
      const asks = r.dir.state.asks;
      for (const model of models) await r.firstChunkMs(model);
      hung += models.length;
      // The requests set the directory's asks off behind them, and were answered though none of those ever ended.
      await expect.poll(() => r.dir.state.asks).toBeGreaterThan(asks);
      expect(r.dir.state.held.size).toBe(r.dir.state.asks - asks);
      // Once the held asks fail, the failure is remembered: requests still go at once, to the last answer's nodes.
      r.dir.fail();
      expect(await Promise.all([r.settled('own-model'), r.settled('paid-model')])).toEqual([
        'unreachable',
        'unreachable',
      ]);
      const known = r.dir.state.asks;
      for (const model of models) await r.firstChunkMs(model);
      hung += models.length;
      // Not asked again while the failure is waited out.
      expect(r.dir.state.asks).toBe(known);
    }
    // Every one was answered, by the machine that serves its model, free or paid as before.
    const answered = r.entries.filter((e) => e.outcome === 'answered');
    expect(answered).toHaveLength(models.length + up.length + hung);
    const servedBy = { 'local-model': SELF, 'own-model': 'own-machine', 'paid-model': 'paid-node' };
    expect(answered.filter((e) => e.nodeId !== servedBy[e.model as keyof typeof servedBy])).toEqual([]);
  }, 30_000);

  it('a paid model the last answer does not have is refused at once with the directory-down sentence', async () => {
    const r = await rig();
    await r.firstChunkMs('paid-model');
    for (let i = 0; i < 3; i++) {
      r.clock.advance(DISCOVERY_FRESH_MS);
      await r.firstChunkMs('paid-model');
    }
    r.dir.state.hang = true;
    r.clock.advance(DISCOVERY_FRESH_MS);
    await r.firstChunkMs('paid-model');
    r.dir.fail();
    expect(await r.settled('paid-model')).toBe('unreachable');
    const asks = r.dir.state.asks;
    const err = await r.app.chat.completions
      .create({ model: 'other-model', messages: [{ role: 'user', content: 'hello' }], stream: true })
      .then(() => null)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).status).toBe(503);
    expect((err as APIError).message).toContain('The directory cannot be reached to find nodes');
    // Refused without asking: nothing was waited for while the failure is waited out.
    expect(r.dir.state.asks).toBe(asks);
  }, 30_000);

  it('the page tells what lives on this computer at once: keys, each app’s spend, the requests, the status line', async () => {
    const r = await rig();
    await r.firstChunkMs('own-model');
    for (let i = 0; i < 3; i++) {
      r.clock.advance(31_000); // past the page's half minute: the offer and the quote are read again
      await r.g.page.info();
      // The reading asked behind the page is shown at its next look.
      await expect
        .poll(async () => (await r.g.page.info()).offer?.models.map((m) => m.model) ?? [])
        .toEqual(expect.arrayContaining(['local-model', 'own-model', 'paid-model']));
    }
    r.dir.state.hang = true;
    for (let i = 0; i < 3; i++) {
      r.clock.advance(31_000 * 2 ** i);
      r.dir.hold();
      const info = await r.g.page.info();
      // Told before the readings it set off reached the directory, which holds them (the first time; later ones wait
      // out the failure and are not asked).
      if (i === 0) await expect.poll(() => r.dir.state.held.size).toBeGreaterThan(0);
      expect(info.keys.map((k) => k.name)).toEqual(['app']);
      expect(info.apps).toHaveLength(1);
      expect(info.recent.map((row) => row.model)).toContain('own-model');
      expect(info.header.kind).toBe(i === 0 ? 'listening' : 'directory_down');
      // The offer is the last one read, with this computer's own machine in it.
      expect(info.offer?.models.map((m) => m.model)).toEqual(expect.arrayContaining(['own-model', 'paid-model']));
      r.dir.fail();
      await expect.poll(async () => (await r.g.page.info()).header.kind).toBe('directory_down');
    }
  }, 30_000);
});
