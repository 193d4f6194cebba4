/**
 * The gateway as the node runs it (composeGateway), on a real loopback socket with a scripted directory and provider
 * nodes that do their side of IICP-CX for real: it follows the person's settings (off until turned on; on, off and a
 * new port take effect at once; a port another program holds is a problem said in plain words, not a crash), its app
 * keys open the door and a revoked one shuts it at once, an app's request goes sealed to a node and is booked with
 * what it cost (nothing on the person's own machines), the books are read again after a paid answer, a settings
 * change asks the directory again, and once stopped it stays stopped.
 */
import { createServer as createHttpServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_GATEWAY_SETTINGS, type GatewaySettings } from '@shared/contract';
import { composeGateway, type GatewayParts } from '@engine/gateway/compose-gateway';
import type { GatewayOptions } from '@engine/gateway/gateway-options';
import { GatewayOffError } from '@engine/gateway/page/page-view';
import { fakeClock } from '../../support/fake-clock';
import { freePort } from '../../support/free-port';
import { echoResult, fakeNode, nodesFetch, type FakeNode } from './fake-cx-node';
import { english } from '@shared/i18n/say';
import { memoryShelf } from '../../support/memory-shelf';
import { memoryBook } from './memory-book';

const SELF = '00000000-0000-4000-8000-000000000001';
const CHAT = 'urn:iicp:intent:llm:chat:v1';

/** A directory that lists `nodes` for chat (and nothing else), counting its discover calls. */
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

interface Rig {
  gateway: GatewayParts;
  settings: GatewaySettings;
  book: ReturnType<typeof memoryBook>;
  logs: string[];
  changes: number;
  booksRead: number;
  mine: string[];
  nodes: FakeNode[];
  dir: ReturnType<typeof directory>;
}

const rigs: Rig[] = [];
/** Servers a test started, closed after it. */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.gateway.listener.stop();
  for (const c of cleanups.splice(0).reverse()) await c();
});

function makeRig(settings: Partial<GatewaySettings> = {}, o: Partial<GatewayOptions> = {}): Rig {
  const clock = fakeClock();
  const rig = {
    settings: { ...DEFAULT_GATEWAY_SETTINGS, ...settings },
    book: memoryBook(),
    logs: [],
    changes: 0,
    booksRead: 0,
    mine: [],
    nodes: [],
  } as unknown as Rig;
  rig.dir = directory(() => rig.nodes);
  rig.gateway = composeGateway({
    settings: () => rig.settings,
    directoryUrl: () => 'https://dir.example/api',
    shelf: memoryShelf(),
    book: rig.book,
    selfNodeId: SELF,
    nodeToken: () => 'node-token',
    operatorFingerprint: () => null,
    myMachines: () => rig.mine,
    balance: () => 100,
    directoryFetch: rig.dir.fetch,
    nodeFetch: { post: async () => Promise.reject(new Error('set per test')) },
    now: clock.now,
    timeZone: 'UTC',
    log: (level, event, details) => rig.logs.push(`${level} ${event}${details ? ` ${details}` : ''}`),
    onChange: () => (rig.changes += 1),
    readBooks: async () => {
      rig.booksRead += 1;
    },
    readBooksAfterMs: 1,
    ...o,
  });
  rigs.push(rig);
  return rig;
}

/** A rig whose nodes are reached through the fake nodes' own fetch. */
function rigWithNodes(nodes: FakeNode[], settings: Partial<GatewaySettings> = {}): Rig {
  const reach = nodesFetch(nodes);
  const rig = makeRig({ enabled: true, ...settings }, { nodeFetch: reach.fetch, portOverride: 0 });
  rig.nodes = nodes;
  return rig;
}

function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  return post(port, path, null, headers, 'GET');
}

function post(
  port: number,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  method = 'POST',
): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const text = body === null ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        agent: false,
        headers: { 'Content-Type': 'application/json', ...headers },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode!, text: Buffer.concat(parts).toString('utf8'), headers: res.headers }),
        );
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });
const chat = (content: string) => ({ model: 'm1', messages: [{ role: 'user', content }] });
const refusedToConnect = (port: number) =>
  get(port, '/api/version').then(
    () => 'answered',
    (err: NodeJS.ErrnoException) => err.code,
  );

describe('the gateway follows the settings', () => {
  it('is off until turned on: no listener, no address, nothing to say', async () => {
    const rig = makeRig();
    await rig.gateway.listener.start();
    expect(rig.gateway.listener.port).toBeNull();
    expect(rig.gateway.page.baseUrl).toBeNull();
    expect(rig.gateway.page.summary()).toEqual({ enabled: false, baseUrl: null, problem: null, spentToday: 0 });
    expect(rig.logs).toEqual([]);
    await expect(rig.gateway.page.tryIt('m1', 'hi')).rejects.toBeInstanceOf(GatewayOffError);
  });

  it('turned on, listens on the chosen port at once; a new port moves it; turned off, it stops', async () => {
    const [first, second] = [await freePort(), await freePort()];
    const rig = makeRig({ port: first });
    await rig.gateway.listener.start();
    rig.settings = { ...rig.settings, enabled: true };
    await rig.gateway.listener.settingsChanged();
    expect(rig.gateway.listener.port).toBe(first);
    expect(rig.gateway.page.baseUrl).toBe(`http://127.0.0.1:${first}/v1`);
    expect(rig.gateway.page.summary()).toMatchObject({
      enabled: true,
      baseUrl: `http://127.0.0.1:${first}/v1`,
      problem: null,
    });
    const { secret } = rig.gateway.keys.createKey('editor');
    expect((await get(first, '/api/version', bearer(secret))).status).toBe(200);

    rig.settings = { ...rig.settings, port: second };
    await rig.gateway.listener.settingsChanged();
    expect(rig.gateway.listener.port).toBe(second);
    expect((await get(second, '/api/version', bearer(secret))).status).toBe(200);
    expect(await refusedToConnect(first)).toBe('ECONNREFUSED');

    rig.settings = { ...rig.settings, enabled: false };
    await rig.gateway.listener.settingsChanged();
    expect(rig.gateway.listener.port).toBeNull();
    expect(await refusedToConnect(second)).toBe('ECONNREFUSED');
    expect(rig.logs.filter((l) => !l.includes('key_made'))).toEqual([
      `info gateway_listening port=${first}`,
      'info gateway_stopped',
      `info gateway_listening port=${second}`,
      'info gateway_stopped',
    ]);
    expect(rig.changes).toBeGreaterThanOrEqual(4);
  });

  it('a port another program holds is a problem in plain words, logged, and gone once another port is chosen', async () => {
    // Another program: it answers HTTP, but neither as our gateway nor as our node's health.
    const other = createHttpServer((_req, res) => res.end('{"status":"ok"}'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => other.close(() => resolve())));
    const taken = (other.address() as AddressInfo).port;
    const rig = makeRig({ enabled: true, port: taken });
    await rig.gateway.listener.start();
    expect(rig.gateway.listener.port).toBeNull();
    expect(english.said(rig.gateway.page.summary().problem!)).toBe(
      `Port ${taken} is used by another program; choose another port for the gateway.`,
    );
    expect(rig.logs).toEqual([`warn gateway_listen_failed port=${taken} code=EADDRINUSE`]);
    expect((await rig.gateway.page.info()).problem).toEqual(rig.gateway.page.summary().problem);

    rig.settings = { ...rig.settings, enabled: false };
    await rig.gateway.listener.settingsChanged();
    expect(rig.gateway.page.summary().problem).toBeNull();

    rig.settings = { ...rig.settings, enabled: true, port: await freePort() };
    await rig.gateway.listener.settingsChanged();
    expect(rig.gateway.listener.port).toBe(rig.settings.port);
    expect(rig.gateway.page.summary().problem).toBeNull();
  });

  it('a port another IICP Provider’s gateway holds is said to be that, with the next free port offered', async () => {
    const holder = makeRig({ enabled: true }, { portOverride: 0 });
    await holder.gateway.listener.start();
    const taken = holder.gateway.listener.port!;
    const rig = makeRig({ enabled: true, port: taken });
    await rig.gateway.listener.start();
    expect(rig.gateway.listener.port).toBeNull();
    expect(english.said(rig.gateway.page.summary().problem!)).toBe(
      `Port ${taken} is used by the gateway of another IICP Provider on this computer, one with another data folder; choose another port for this gateway.`,
    );
    const info = await rig.gateway.page.info();
    expect(info.nextPort).toBeGreaterThan(taken);
    // The port offered is one this computer lets the gateway listen on: choosing it ends the problem.
    rig.settings = { ...rig.settings, port: info.nextPort! };
    await rig.gateway.listener.settingsChanged();
    expect(rig.gateway.listener.port).toBe(info.nextPort);
    expect((await rig.gateway.page.info()).nextPort).toBeNull();
  });

  it('a port another IICP Provider’s node takes tasks on is said to be that', async () => {
    // Its node's `/iicp/health`, as the task port answers it.
    const node = createHttpServer((_req, res) =>
      res.end(JSON.stringify({ status: 'ok', node_id: 'node-2', backend_stability: { backend_state: 'ok' } })),
    );
    await new Promise<void>((resolve) => node.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => node.close(() => resolve())));
    const taken = (node.address() as AddressInfo).port;
    const rig = makeRig({ enabled: true, port: taken });
    await rig.gateway.listener.start();
    expect(english.said(rig.gateway.page.summary().problem!)).toBe(
      `Port ${taken} is used by another IICP Provider on this computer for its tasks; choose another port for the gateway.`,
    );
  });

  it('a browser origin allowed in the settings is let in at once, without a restart', async () => {
    const rig = makeRig({ enabled: true }, { portOverride: 0 });
    await rig.gateway.listener.start();
    const { secret } = rig.gateway.keys.createKey('web app');
    const asked = () =>
      get(rig.gateway.listener.port!, '/api/version', { ...bearer(secret), Origin: 'http://localhost:3000' });
    expect((await asked()).status).toBe(403);
    rig.settings = { ...rig.settings, allowedOrigins: ['http://localhost:3000'] };
    expect((await asked()).status).toBe(200);
  });

  it('once stopped, stays stopped whatever the settings say', async () => {
    const rig = makeRig({ enabled: true }, { portOverride: 0 });
    await rig.gateway.listener.start();
    const port = rig.gateway.listener.port!;
    await rig.gateway.listener.stop();
    expect(rig.gateway.listener.port).toBeNull();
    await rig.gateway.listener.settingsChanged();
    expect(rig.gateway.listener.port).toBeNull();
    expect(await refusedToConnect(port)).toBe('ECONNREFUSED');
  });
});

describe("the gateway's keys", () => {
  it('a key made opens the door, a revoked one shuts it at once; each change is logged and shown', async () => {
    const rig = makeRig({ enabled: true }, { portOverride: 0 });
    await rig.gateway.listener.start();
    const port = rig.gateway.listener.port!;
    const changes = rig.changes;
    const { key, secret } = rig.gateway.keys.createKey('editor');
    expect(rig.logs).toContain(`info gateway_key_made id=${key.id}`);
    expect(rig.changes).toBe(changes + 1);
    expect((await get(port, '/api/version', bearer(secret))).status).toBe(200);
    expect((await get(port, '/api/version', bearer('iicp-not-a-key'))).status).toBe(401);

    expect(rig.gateway.keys.revokeKey(key.id)).toBe(true);
    expect(rig.logs).toContain(`info gateway_key_revoked id=${key.id}`);
    expect((await get(port, '/api/version', bearer(secret))).status).toBe(401);
    const logged = rig.logs.length;
    expect(rig.gateway.keys.revokeKey('no-such-key')).toBe(false);
    expect(rig.logs).toHaveLength(logged);
  });
});

describe("the gateway's requests", () => {
  it('an app’s request goes sealed to another person’s node, is answered, booked with its cost, and the books are read after', async () => {
    const other = fakeNode('n-other', { behaviour: { kind: 'answer', result: echoResult } });
    const rig = rigWithNodes([other]);
    await rig.gateway.listener.start();
    const { secret } = rig.gateway.keys.createKey('editor');
    const r = await post(rig.gateway.listener.port!, '/v1/chat/completions', chat('hello there'), bearer(secret));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toMatchObject({ choices: [{ message: { content: 'hello there' } }] });
    expect(r.headers).toMatchObject({ 'x-iicp-node-id': 'n-other', 'x-iicp-own-machine': 'no' });

    await vi.waitFor(() => expect(rig.book.entries).toHaveLength(1));
    expect(rig.book.entries[0]).toMatchObject({
      taskId: r.headers['x-iicp-task-id'],
      api: 'openai',
      intent: CHAT,
      model: 'm1',
      nodeId: 'n-other',
      own: false,
      outcome: 'answered',
      code: 'ok',
      attempts: 1,
    });
    expect(rig.book.entries[0]!.creditsU).toBeGreaterThan(0);
    await vi.waitFor(() => expect(rig.booksRead).toBe(1));
    const info = await rig.gateway.page.info();
    expect(info.recent.map((x) => x.taskId)).toEqual([r.headers['x-iicp-task-id']]);
    expect(info.budget.spentToday).toBe(rig.book.entries[0]!.creditsU! / 1e6);
  });

  it('"try it" says how long the request took with the figure its row in the last requests records', async () => {
    const other = fakeNode('n-other', { behaviour: { kind: 'answer', result: echoResult } });
    // A clock that moves 7 ms at every look, so the page's own round trip and the route's timing differ.
    let t = Date.parse('2026-08-22T12:30:00Z');
    const rig = makeRig(
      { enabled: true },
      { nodeFetch: nodesFetch([other]).fetch, portOverride: 0, now: () => (t += 7) },
    );
    rig.nodes = [other];
    await rig.gateway.listener.start();
    const answer = await rig.gateway.page.tryIt('m1', 'hello there');
    const row = (await rig.gateway.page.info()).recent.find((x) => x.nodeId === 'n-other');
    expect(row).toBeDefined();
    expect(answer.latencyMs).toBe(row!.latencyMs);
  });

  it('T107: a node claiming 10^9 tokens is booked at most the hold, flagged and skipped; the app sees the bound; the limits keep working', async () => {
    const billion = (payload: Record<string, unknown>) => ({
      ...(echoResult(payload) as object),
      usage: { prompt_tokens: 5, completion_tokens: 999_999_995, total_tokens: 1_000_000_000 },
    });
    const hostile = fakeNode('n-hostile', { behaviour: { kind: 'answer', result: billion } });
    const honest = fakeNode('n-honest', { behaviour: { kind: 'answer', result: echoResult } });
    const rig = rigWithNodes([hostile, honest], { dailyCap: 1, monthlyCap: 10, perRequestMax: 0.5 });
    await rig.gateway.listener.start();
    const { secret } = rig.gateway.keys.createKey('editor');
    const ask = { ...chat('hello'), max_tokens: 64 };
    const r = await post(rig.gateway.listener.port!, '/v1/chat/completions', ask, bearer(secret));
    expect(r.status).toBe(200);
    expect(r.headers['x-iicp-node-id']).toBe('n-hostile');
    const usage = (JSON.parse(r.text) as { usage: { total_tokens: number; completion_tokens: number } }).usage;
    // The app is shown no more than the request could have used: its bytes, a template's room and the answer's bound.
    expect(usage.total_tokens).toBeLessThanOrEqual(Buffer.byteLength(JSON.stringify(ask)) + 1024 + 64);
    await vi.waitFor(() => expect(rig.book.entries).toHaveLength(1));
    const row = rig.book.entries[0]!;
    expect(row).toMatchObject({ nodeId: 'n-hostile', tokens: 1_000_000_000, flag: 'overclaimed' });
    expect(row.creditsU).toBeLessThanOrEqual(row.expectedU!);
    expect(row.expectedU!).toBeLessThanOrEqual(row.worstU!);
    // Far from the 11 000 credits such a claim would have booked before: the expected cost of 64 tokens and the prompt.
    expect(row.creditsU).toBeLessThan(0.1 * 1e6);
    // Skipped from then on: the next request goes to the honest node, and the limits still leave room.
    const next = await post(rig.gateway.listener.port!, '/v1/chat/completions', ask, bearer(secret));
    expect(next.status).toBe(200);
    expect(next.headers['x-iicp-node-id']).toBe('n-honest');
    const info = await rig.gateway.page.info();
    expect(info.budget.limitReached).toBeNull();
    expect(info.budget.spentToday).toBeLessThan(0.2);
  });

  it('a request to one of the person’s own machines costs nothing and reads no books', async () => {
    const mine = fakeNode('n-mine', { behaviour: { kind: 'answer', result: echoResult } });
    const rig = rigWithNodes([mine]);
    rig.mine = ['n-mine'];
    await rig.gateway.listener.start();
    const { secret } = rig.gateway.keys.createKey('editor');
    const r = await post(rig.gateway.listener.port!, '/v1/chat/completions', chat('mine'), bearer(secret));
    expect(r.status).toBe(200);
    expect(r.headers['x-iicp-own-machine']).toBe('yes');
    await vi.waitFor(() => expect(rig.book.entries).toHaveLength(1));
    expect(rig.book.entries[0]).toMatchObject({ nodeId: 'n-mine', own: true, outcome: 'answered', creditsU: 0 });
    const models = JSON.parse((await get(rig.gateway.listener.port!, '/v1/models', bearer(secret))).text) as {
      data: { id: string; owned_by: string }[];
    };
    expect(models.data).toEqual([expect.objectContaining({ id: 'm1', owned_by: 'my-machines' })]);
    expect(rig.booksRead).toBe(0);
  });

  it('a model no node offers is 404 model_not_found; with only others’ nodes and “only my machines”, 503 no_nodes; both booked as refused', async () => {
    const rig = rigWithNodes([]);
    await rig.gateway.listener.start();
    const { secret } = rig.gateway.keys.createKey('editor');
    const none = await post(rig.gateway.listener.port!, '/v1/chat/completions', chat('anyone?'), bearer(secret));
    expect(none.status).toBe(404);
    expect(JSON.parse(none.text)).toMatchObject({ error: { code: 'model_not_found' } });

    rig.nodes.push(fakeNode('n-other', { behaviour: { kind: 'answer', result: echoResult } }));
    rig.settings = { ...rig.settings, onlyMine: true };
    await rig.gateway.listener.settingsChanged();
    const notMine = await post(rig.gateway.listener.port!, '/v1/chat/completions', chat('mine only'), bearer(secret));
    expect(notMine.status).toBe(503);
    expect(JSON.parse(notMine.text)).toMatchObject({ error: { code: 'no_nodes' } });
    await vi.waitFor(() => expect(rig.book.entries).toHaveLength(2));
    expect(rig.book.entries).toEqual([
      expect.objectContaining({ outcome: 'refused', code: 'model_not_found', nodeId: null, creditsU: null }),
      expect.objectContaining({ outcome: 'refused', code: 'no_nodes', nodeId: null, creditsU: null }),
    ]);
  });

  it('a settings change asks the directory again instead of using the list it kept', async () => {
    const rig = rigWithNodes([fakeNode('n-other', { behaviour: { kind: 'answer', result: echoResult } })]);
    await rig.gateway.listener.start();
    const { secret } = rig.gateway.keys.createKey('editor');
    const port = rig.gateway.listener.port!;
    await get(port, '/v1/models', bearer(secret));
    const asked = rig.dir.discovers();
    expect(asked).toBeGreaterThan(0);
    await get(port, '/v1/models', bearer(secret));
    expect(rig.dir.discovers()).toBe(asked);
    await rig.gateway.listener.settingsChanged();
    await get(port, '/v1/models', bearer(secret));
    expect(rig.dir.discovers()).toBe(2 * asked);
  });
});

describe('the gateway per app', () => {
  it('each request is booked with its app key; an app past its own requests per minute gets 429 with Retry-After in its API', async () => {
    const rig = rigWithNodes([fakeNode('n-other', { behaviour: { kind: 'answer', result: echoResult } })]);
    await rig.gateway.listener.start();
    const loop = rig.gateway.keys.createKey('agent loop');
    const editor = rig.gateway.keys.createKey('editor');
    expect(rig.gateway.keys.setKeyCaps(loop.key.id, { dailyCap: null, rpm: 2 })).toBe(true);
    const port = rig.gateway.listener.port!;
    const race = await Promise.all(
      Array.from({ length: 8 }, () => post(port, '/v1/chat/completions', chat('again'), bearer(loop.secret))),
    );
    expect(race.filter((r) => r.status === 200)).toHaveLength(2);
    const refused = race.find((r) => r.status === 429)!;
    expect(refused.headers['retry-after']).toBe('60');
    expect(JSON.parse(refused.text)).toEqual({
      error: expect.objectContaining({
        code: 'rate_limited',
        message: expect.stringContaining('“agent loop” may send 2 requests a minute'),
      }),
    });
    expect((await post(port, '/v1/chat/completions', chat('me too'), bearer(editor.secret))).status).toBe(200);
    const anthropic = await post(
      port,
      '/v1/messages',
      { model: 'm1', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] },
      { 'x-api-key': loop.secret },
    );
    expect(JSON.parse(anthropic.text)).toMatchObject({
      type: 'error',
      error: { message: expect.stringContaining('“agent loop”') },
    });

    await vi.waitFor(() => expect(rig.book.entries).toHaveLength(3));
    expect(rig.book.entries.map((e) => e.appKeyId).sort()).toEqual([loop.key.id, loop.key.id, editor.key.id].sort());
    const info = await rig.gateway.page.info();
    expect(info.keys.find((k) => k.id === loop.key.id)).toMatchObject({ rpm: 2, dailyCap: null });
    expect(info.apps).toEqual([
      expect.objectContaining({ id: loop.key.id, name: 'agent loop', requestsToday: 2, rpm: 2 }),
      expect.objectContaining({ id: editor.key.id, name: 'editor', requestsToday: 1, rpm: null }),
    ]);
    expect(info.recent.every((r) => r.app === (r.appKeyId === loop.key.id ? 'agent loop' : 'editor'))).toBe(true);
  });
});
