/**
 * What an Ollama app without a key can learn of the models only other people's (paid) machines offer, on every path
 * the gateway answers, enumerated from its own route table (`GATEWAY_ROUTES`): a path added later that takes or lists
 * a model fails here until it is in `ASK_BODIES` and judged the same way.
 *
 * The gateway as the node runs it (its three parts on a loopback socket, a scripted directory on a fake clock, provider
 * nodes that do IICP-CX for real): one own machine (MINE, `mine:1b`) and another operator's node (THEIRS, `paid:7b`),
 * key-less Ollama apps allowed. Each key-less request about `paid:7b` is sent twice: while THEIRS offers it, and after
 * THEIRS left the directory, when nobody does. The two answers must be the same bytes (status, body, headers but the
 * task id), so a key-less app cannot tell a paid model exists. The lists (`/api/tags`, `/api/ps`, `/`, `/api/version`)
 * never name it, though an app with a key used it a moment ago and sees it.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GATEWAY_SETTINGS, type GatewaySettings } from '@shared/contract';
import type { GatewayRoute } from '@engine/gateway/api-shapes/types';
import type { SpeechRoute } from '@engine/gateway/api-shapes/speech-asks';
import { GATEWAY_ROUTES } from '@engine/gateway/listener/gateway-routes';
import { composeGateway, type GatewayParts } from '@engine/gateway/compose-gateway';
import { fakeClock } from '../../support/fake-clock';
import { echoResult, fakeNode, nodesFetch, type FakeNode } from './fake-cx-node';
import { memoryShelf } from '../../support/memory-shelf';
import { memoryBook } from './memory-book';

const SELF = '00000000-0000-4000-8000-000000000001';
const MINE = '00000000-0000-4000-8000-00000000000a';
const THEIRS = '00000000-0000-4000-8000-00000000000b';
const FREE = 'mine:1b';
const PAID = 'paid:7b';

/** A body for each path that takes a model, per what it asks (plain, and with what a model must be able to do). */
const ASK_BODIES: Readonly<Record<GatewayRoute, (model: string) => unknown[]>> = {
  'openai.chat': (model) => [{ model, messages: [{ role: 'user', content: 'hi' }] }],
  'openai.completion': (model) => [{ model, prompt: 'hi' }],
  'openai.embedding': (model) => [{ model, input: 'hi' }],
  'openai.responses': (model) => [{ model, input: 'hi' }],
  'anthropic.messages': (model) => [{ model, max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }],
  'ollama.chat': (model) => [
    { model, messages: [{ role: 'user', content: 'hi' }] },
    { model, messages: [{ role: 'user', content: 'hi' }], stream: false },
    {
      model,
      messages: [{ role: 'user', content: 'hi' }],
      stream: false,
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
    },
    { model, messages: [{ role: 'user', content: 'hi' }], stream: false, options: { num_ctx: 4096 } },
  ],
  'ollama.generate': (model) => [
    { model, prompt: 'hi' },
    { model, prompt: 'hi', stream: false },
    { model, prompt: 'def f(', suffix: '  return 1', stream: false },
  ],
  'ollama.embed': (model) => [{ model, input: 'hi' }],
  'ollama.embeddings': (model) => [{ model, prompt: 'hi' }],
};
/** The speech endpoints (OpenAI's: a key on every request, so key-less apps are refused before the model counts). */
const SPEECH_BODIES: Readonly<Record<SpeechRoute, (model: string) => unknown[]>> = {
  'openai.transcription': (model) => [{ model }],
  'openai.speech': (model) => [{ model, input: 'hi', voice: 'alloy' }],
  'openai.moderation': (model) => [{ model, input: 'hi' }],
};
/** `POST /api/show` names the model as `model`, or as the older `name`. */
const SHOW_BODIES = (model: string): unknown[] => [{ model }, { name: model }, { model, verbose: true }];

/**
 * A directory listing the nodes of `listed()` for every LLM intent, each with tools, fill in the middle and 32k
 * context.
 */
function directory(listed: () => readonly FakeNode[]): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = new URL(String(input));
    if (!url.pathname.endsWith('/v1/discover')) return new Response('{}', { status: 404 });
    const intent = url.searchParams.get('intent');
    const body = {
      nodes: listed().map((n) => ({
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
            intent,
            max_tokens: 4096,
            models: n.node.models,
            features: n.node.nodeId === THEIRS ? ['tool_calling', 'fill_in_middle'] : [],
            context_length: 32768,
          },
        ],
        pricing: { credit_cost_multiplier: n.node.multiplier },
      })),
    };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  }) as typeof fetch;
}

const gateways: GatewayParts[] = [];
afterEach(async () => {
  for (const g of gateways.splice(0)) await g.listener.stop();
});

async function startRig(settings: Partial<GatewaySettings> = {}) {
  const clock = fakeClock();
  const mine = fakeNode(MINE, { models: [FREE], behaviour: { kind: 'answer', result: echoResult } });
  const theirs = fakeNode(THEIRS, { models: [PAID], multiplier: 1, behaviour: { kind: 'answer', result: echoResult } });
  const listed: FakeNode[] = [mine, theirs];
  const reach = nodesFetch([mine, theirs]);
  const gateway = composeGateway({
    settings: () => ({
      ...DEFAULT_GATEWAY_SETTINGS,
      enabled: true,
      keylessOllama: true,
      dailyCap: null,
      monthlyCap: null,
      perRequestMax: null,
      ...settings,
    }),
    directoryUrl: () => 'https://dir.example/api',
    shelf: memoryShelf(),
    book: memoryBook(),
    selfNodeId: SELF,
    nodeToken: () => 'node-token',
    operatorFingerprint: () => null,
    myMachines: () => [MINE],
    balance: () => 100,
    directoryFetch: directory(() => listed),
    nodeFetch: reach.fetch,
    now: clock.now,
    timeZone: 'UTC',
    log: () => undefined,
    onChange: () => undefined,
    portOverride: 0,
  });
  gateways.push(gateway);
  await gateway.listener.start();
  const secret = gateway.keys.createKey('keyed app').secret;
  return {
    gateway,
    clock,
    calls: reach.calls,
    secret,
    /** THEIRS leaves the directory; the clock moves past every answer the gateway kept. */
    delist: () => {
      listed.splice(listed.indexOf(theirs), 1);
      clock.advance(120_000);
    },
  };
}

interface Answer {
  status: number;
  body: string;
  /** Every header but the date and the task id (a new one per request), as sent. */
  headers: Record<string, string>;
}

function send(port: number, method: string, path: string, body: unknown, key: string | null): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      ...(key === null ? {} : { Authorization: `Bearer ${key}` }),
    };
    const req = request({ host: '127.0.0.1', port, path, method, agent: false, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => {
        const kept = Object.entries(res.headers).filter(([k]) => k !== 'date' && k !== 'x-iicp-task-id');
        resolve({
          status: res.statusCode!,
          body: Buffer.concat(parts).toString('utf8'),
          headers: Object.fromEntries(kept.map(([k, v]) => [k, String(v)])),
        });
      });
    });
    req.on('error', reject);
    req.end(method === 'GET' ? undefined : JSON.stringify(body));
  });
}

type Case = { path: string; method: string; body: unknown };

/** Every request about `model` the route table says a key-less app can send. */
function casesAbout(model: string): Case[] {
  const out: Case[] = [];
  for (const [path, { route }] of Object.entries(GATEWAY_ROUTES)) {
    if (route.kind === 'ask')
      for (const body of ASK_BODIES[route.route](model)) out.push({ path, method: 'POST', body });
    if (route.kind === 'show') for (const body of SHOW_BODIES(model)) out.push({ path, method: 'POST', body });
    if (route.kind === 'speech')
      for (const body of SPEECH_BODIES[route.route](model)) out.push({ path, method: 'POST', body });
  }
  return out;
}

describe('key-less Ollama apps: a paid-only model is a model nobody offers, on every path', () => {
  it('the route table is what this test judges: every path takes a model, lists models, or says a fixed text', () => {
    const kinds = Object.values(GATEWAY_ROUTES).map((r) => r.route.kind);
    expect(new Set(kinds)).toEqual(new Set(['ask', 'show', 'list', 'running', 'fixed', 'speech', 'audio']));
    const speech = Object.values(GATEWAY_ROUTES).flatMap((r) => (r.route.kind === 'speech' ? [r.route.route] : []));
    expect(speech.sort()).toEqual(Object.keys(SPEECH_BODIES).sort());
    const asks = Object.values(GATEWAY_ROUTES).flatMap((r) => (r.route.kind === 'ask' ? [r.route.route] : []));
    expect(asks.sort()).toEqual(Object.keys(ASK_BODIES).sort());
  });

  it('each request about a paid-only model is answered byte for byte as after its node left; with a key it is there', async () => {
    const rig = await startRig();
    const port = rig.gateway.listener.port!;
    // With a key the paid model is real: described, answered, and so "running" for /api/ps.
    expect((await send(port, 'POST', '/api/show', { model: PAID }, rig.secret)).status).toBe(200);
    expect(
      (
        await send(
          port,
          'POST',
          '/api/chat',
          { model: PAID, messages: [{ role: 'user', content: 'hi' }], stream: false },
          rig.secret,
        )
      ).status,
    ).toBe(200);
    expect(rig.calls.map((c) => c.nodeId)).toEqual([THEIRS]);
    // Key-less, the own machine's model is described and answered: the control that key-less requests are served.
    expect((await send(port, 'POST', '/api/show', { model: FREE }, null)).status).toBe(200);
    expect(
      (
        await send(
          port,
          'POST',
          '/api/chat',
          { model: FREE, messages: [{ role: 'user', content: 'hi' }], stream: false },
          null,
        )
      ).status,
    ).toBe(200);

    const cases = casesAbout(PAID);
    const whileOffered: Answer[] = [];
    for (const c of cases) whileOffered.push(await send(port, c.method, c.path, c.body, null));
    rig.delist();
    const afterLeft: Answer[] = [];
    for (const c of cases) afterLeft.push(await send(port, c.method, c.path, c.body, null));

    const seen = cases.map((c, i) => ({ path: c.path, body: c.body, answer: whileOffered[i] }));
    const unknown = cases.map((c, i) => ({ path: c.path, body: c.body, answer: afterLeft[i] }));
    expect(seen).toEqual(unknown);
    for (const [i, c] of cases.entries()) {
      const ollama = GATEWAY_ROUTES[c.path]!.api === 'ollama';
      // Ollama's paths are key-less and say "not found"; the others want a key whatever the model.
      expect({ path: c.path, status: whileOffered[i]!.status }).toEqual({ path: c.path, status: ollama ? 404 : 401 });
      // Nor do the words hint at a key or at paid machines (the model's own name aside).
      if (ollama) expect(whileOffered[i]!.body.replaceAll(PAID, '<model>')).not.toMatch(/key|paid/i);
    }
    // Nothing key-less reached the paid node.
    expect(rig.calls.map((c) => c.nodeId)).toEqual([THEIRS, MINE]);
  });

  it('every list a key-less app reads leaves the paid model out, though an app with a key used it a moment ago', async () => {
    const rig = await startRig();
    const port = rig.gateway.listener.port!;
    expect(
      (
        await send(
          port,
          'POST',
          '/api/chat',
          { model: PAID, messages: [{ role: 'user', content: 'hi' }], stream: false },
          rig.secret,
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await send(
          port,
          'POST',
          '/api/chat',
          { model: FREE, messages: [{ role: 'user', content: 'hi' }], stream: false },
          null,
        )
      ).status,
    ).toBe(200);
    const lists = Object.entries(GATEWAY_ROUTES).filter(([, r]) => r.route.method === 'GET');
    expect(lists.length).toBeGreaterThan(0);
    for (const [path, r] of lists) {
      const keyless = await send(port, 'GET', path, null, null);
      const keyed = await send(port, 'GET', path, null, rig.secret);
      // OpenAI's paths want a key, but for the two speech lists Open WebUI's settings read without one (ADR 0036).
      if (r.api !== 'ollama' && r.route.kind !== 'audio') {
        expect({ path, status: keyless.status }).toEqual({ path, status: 401 });
        continue;
      }
      expect({ path, status: keyless.status, paid: keyless.body.includes(PAID) }).toEqual({
        path,
        status: 200,
        paid: false,
      });
      // What an app with a key sees of the same path: the paid model is in every list that lists models.
      if (r.route.kind === 'list' || r.route.kind === 'running') {
        expect({ path, paid: keyed.body.includes(PAID), free: keyless.body.includes(FREE) }).toEqual({
          path,
          paid: true,
          free: true,
        });
      }
    }
  });
});
