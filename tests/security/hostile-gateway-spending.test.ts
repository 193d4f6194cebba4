/**
 * A hostile app on this computer against the gateway's spending limits, through the whole node: G (its own operator,
 * the gateway on) at the PHP-faithful test directory (tests/support/streaming-gateway.ts), paid provider nodes of no
 * operator of G's in front of fake LLM servers that write as many tokens as they are allowed (`naturalTokens`), so
 * what a node claims, and what the directory debits G, is what a request may really cost.
 *
 * - `n: 8` with `max_tokens` 2^31 - 1 against small limits: the eight tasks are held together before the first is sent
 *   (each answer cut so that all eight fit, or the request refused `insufficient_quota` in OpenAI's shape with nothing
 *   sent); no task carries `n` (the node refuses it, ADR 0021: a task is one answer).
 * - `n: 8` whose first answer comes from a cheap node that then fails: the seven others, answered by a node thirty
 *   times pricier, stay within what the first held for them, so the whole request stays within the per-request limit
 *   (rows and the directory's debits).
 * - An app's own limits (requests per minute, its daily cap) under 64 requests at once, its key spelled eight ways the
 *   gateway takes as one: exactly as many pass as the limit allows, in all; spellings the gateway does not take
 *   (another key beside it, two Authorization headers, another scheme, characters around the key) are each refused
 *   401 the same way, whatever the order of the headers, and count against nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayRequestRow } from '@shared/contract';
import { MIN_ANSWER_TOKENS } from '@engine/gateway/routing/try-terms';
import { startFakeBackend, type FakeBackend, type FakeCall } from '../support/backends';
import { nodeIdOf, setGateway } from '../support/gateway-setup';
import { eventually, type NodeHarness } from '../support/node-harness';
import { startGatewayWorld, type GatewayWorld } from '../support/streaming-gateway';
import { rawExchange, type RawResponse } from './lib/raw-http';

/** A model of the 7b tier: the directory lets a node declare a multiplier of up to 3 for it. */
const MODEL = 'choice:7b';
const HUGE = 2 ** 31 - 1;

let world: GatewayWorld;
const backends: FakeBackend[] = [];

async function paidBackend(model: string): Promise<FakeBackend> {
  const b = await startFakeBackend({ flavour: 'ollama', models: [model], naturalTokens: 1_000_000 });
  backends.push(b);
  return b;
}

/**
 * G's balance at the directory: enough that only the limits under test decide (the worst cases are held against it).
 */
const BALANCE = 500;

beforeAll(async () => {
  world = await startGatewayWorld();
  world.directory.state.credits[nodeIdOf(world.g)]!.balanceUnits = BALANCE * 10_000;
  // The gateway keeps the directory's quote (the balance) for half a minute; its clock moves past that.
  world.forget();
  // A look while an earlier reading is under way is followed by another (page-view.ts); on a busy machine the first
  // may take a while.
  await eventually(async () => expect((await gatewayInfo()).budget.balance).toBeGreaterThanOrEqual(BALANCE), 30_000);
}, 120_000);

afterAll(async () => {
  await world?.close();
  for (const b of backends) await b.close();
});

const g = (): NodeHarness => world.g;
const inference = (b: FakeBackend): FakeCall[] =>
  b.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/chat/completions'));

async function gatewayInfo() {
  return g().node.commandHandlers().getGateway({});
}

/** A JSON request to the gateway with `headers` written as given, each line once (raw socket: nothing normalised). */
async function raw(path: string, headers: readonly string[], body: unknown): Promise<RawResponse & { json: unknown }> {
  const text = Buffer.from(JSON.stringify(body));
  const head = [
    `POST ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${world.gatewayPort}`,
    'Content-Type: application/json',
    `Content-Length: ${text.length}`,
    'Connection: close',
    ...headers,
  ];
  const x = await rawExchange(
    world.gatewayPort,
    Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), text]),
    { timeoutMs: 60_000, idleMs: 50 },
  );
  const r = x.responses.find((a) => a.status >= 200);
  if (!r) throw new Error(`no answer (${x.error ?? 'closed'})`);
  const answer = r.body.toString('utf8');
  try {
    return { ...r, json: JSON.parse(answer) as unknown };
  } catch {
    return { ...r, json: answer };
  }
}

const chat = (model: string, extra: Record<string, unknown> = {}) => ({
  model,
  messages: [{ role: 'user', content: 'Write as much as you may.' }],
  ...extra,
});

/** The rows of the tasks booked since `before` rows were there (newest first, as the page lists them). */
async function rowsSince(taskIds: ReadonlySet<string> | null, count: number): Promise<GatewayRequestRow[]> {
  let rows: GatewayRequestRow[] = [];
  await eventually(async () => {
    rows = (await gatewayInfo()).recent.filter((r) => r.model === MODEL && (taskIds === null || taskIds.has(r.taskId)));
    expect(rows.length).toBeGreaterThanOrEqual(count);
  }, 15_000);
  return rows;
}

const sum = (xs: readonly number[]): number => Math.round(xs.reduce((a, b) => a + b, 0) * 1e6) / 1e6;

describe('n: 8 answers with a huge max_tokens against small limits', () => {
  let cheap: FakeBackend;
  let pricey: FakeBackend;
  let cheapNode: NodeHarness;
  let priceyNode: NodeHarness;

  beforeAll(async () => {
    // Registered first and listed first; the directory holds each node's declared multiplier (the 7b tier allows 3).
    cheap = await paidBackend(MODEL);
    cheapNode = await world.addProvider(cheap.url, { settings: { creditCostMultiplier: 0.1 } });
    pricey = await paidBackend(MODEL);
    priceyNode = await world.addProvider(pricey.url, { settings: { creditCostMultiplier: 3 } });
    await world.waitModel(MODEL);
  }, 90_000);

  it('held for all eight before the first is sent, each answer cut so that all fit; no task carries n; limits kept', async () => {
    await setGateway(g(), { perRequestMax: 1, dailyCap: 2, monthlyCap: 1000, keepBalance: null });
    const spentBefore = (await gatewayInfo()).budget.spentToday;
    // The first task is held at its LLM server until its hold is read.
    for (const b of [cheap, pricey]) b.set({ holdInference: true });
    let answered = false;
    const asked = raw(
      '/v1/chat/completions',
      [`Authorization: Bearer ${world.key}`],
      chat(MODEL, { n: 8, max_tokens: HUGE }),
    ).finally(() => (answered = true));
    await eventually(() => expect(answered || cheap.inFlight + pricey.inFlight === 1).toBe(true), 20_000);
    const heldWhileFirst = answered ? 0 : (await gatewayInfo()).budget.held;
    for (const b of [cheap, pricey]) b.set({ holdInference: false });
    const r = await asked;
    const calls = [...inference(cheap), ...inference(pricey)];
    console.log(
      `[security] n:8 × max_tokens ${HUGE}: status ${r.status}; held for the request while its first task ran ${heldWhileFirst} credits (per-request limit 1); ${calls.length} tasks sent, max_tokens ${calls.map((c) => (c.body as { max_tokens?: number }).max_tokens).join(',')}`,
    );
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(heldWhileFirst).toBeGreaterThan(0);
    expect(heldWhileFirst).toBeLessThanOrEqual(1);
    const choices = (r.json as { choices: { index: number }[] }).choices;
    expect(choices.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(calls).toHaveLength(8);
    for (const c of calls) {
      const body = c.body as Record<string, unknown>;
      expect(body).not.toHaveProperty('n');
      expect(body.max_tokens as number).toBeLessThan(1000);
    }
    const rows = await rowsSince(null, 8);
    const mine = rows.slice(0, 8);
    expect(mine.every((x) => x.outcome === 'answered')).toBe(true);
    console.log(
      `[security] n:8 rows: expected ${sum(mine.map((x) => x.expected ?? 0))}, booked ${sum(mine.map((x) => x.credits ?? 0))} credits`,
    );
    expect(sum(mine.map((x) => x.expected ?? 0))).toBeLessThanOrEqual(1);
    expect(sum(mine.map((x) => x.credits ?? 0))).toBeLessThanOrEqual(1);
    expect((await gatewayInfo()).budget.spentToday - spentBefore).toBeLessThanOrEqual(1);
    expect((await gatewayInfo()).budget.held).toBe(0);
  }, 60_000);

  it('refused insufficient_quota in OpenAI’s shape, nothing sent, when not even eight short answers fit', async () => {
    await setGateway(g(), { perRequestMax: 0.05, dailyCap: 2, monthlyCap: 1000, keepBalance: null });
    const before = inference(cheap).length + inference(pricey).length;
    const r = await raw(
      '/v1/chat/completions',
      [`Authorization: Bearer ${world.key}`],
      chat(MODEL, { n: 8, max_tokens: HUGE }),
    );
    expect(r.status).toBe(429);
    expect(r.json).toEqual({
      error: {
        message: expect.stringMatching(/per request/),
        type: 'insufficient_quota',
        param: null,
        code: 'insufficient_quota',
      },
    });
    expect(r.headers['x-should-retry']).toEqual(['false']);
    expect(inference(cheap).length + inference(pricey).length).toBe(before);
    expect((await gatewayInfo()).budget.held).toBe(0);
  }, 30_000);

  it('the seven answers after a cheap first one stay within what it held for them when a node 30 times pricier gives them', async () => {
    await setGateway(g(), { perRequestMax: 1, dailyCap: 100, monthlyCap: 1000, keepBalance: null });
    world.forget();
    // The first task is answered by the cheap node, whatever order the directory lists the two in: the pricier node
    // fails while the cheap one has not been asked (the breaker then skips it), the cheap one holds its first call
    // until the gateway's clock has moved past the breaker, and fails every call after it. So the seven others go to
    // the pricier node, 30 times the price.
    let cheapAsked = false;
    let released = false;
    const cheapCalls = new Set<FakeCall>();
    cheap.set({
      holdInference: (call) => {
        cheapAsked = true;
        cheapCalls.add(call);
        if (cheapCalls.size === 1) return !released;
        cheap.set({ failStatus: 500 });
        return false;
      },
    });
    pricey.set({
      holdInference: () => {
        pricey.set({ failStatus: cheapAsked ? null : 500 });
        return false;
      },
    });
    const pricedBefore = inference(pricey).length;
    const asked = raw(
      '/v1/chat/completions',
      [`Authorization: Bearer ${world.key}`],
      chat(MODEL, { n: 8, max_tokens: 500 }),
    );
    await eventually(() => expect(cheap.inFlight).toBe(1), 20_000);
    world.forget();
    released = true;
    const r = await asked;
    cheap.set({ holdInference: false, failStatus: null });
    pricey.set({ holdInference: false, failStatus: null });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.headers['x-iicp-node-id']).toEqual([nodeIdOf(cheapNode)]);
    expect((r.json as { choices: unknown[] }).choices).toHaveLength(8);
    const rows = (await rowsSince(null, 8)).slice(0, 8);
    const byNode = (id: string) => rows.filter((x) => x.nodeId === id && x.outcome === 'answered');
    expect(byNode(nodeIdOf(cheapNode))).toHaveLength(1);
    expect(byNode(nodeIdOf(priceyNode))).toHaveLength(7);
    const toPricey = inference(pricey)
      .slice(pricedBefore)
      .filter((c) => c.generatedTokens !== undefined);
    const expected = sum(rows.map((x) => x.expected ?? 0));
    const booked = sum(rows.map((x) => x.credits ?? 0));
    // What the directory debited G for the eight tasks, once their nodes' awards are in.
    const ids = rows.map((x) => x.taskId);
    await eventually(() => expect(ids.every((id) => world.debits(id).length > 0)).toBe(true), 30_000);
    const debited = sum(
      ids.flatMap((id) => (world.debits(id) as { amountUnits: number }[]).map((d) => Math.abs(d.amountUnits) / 10_000)),
    );
    console.log(
      `[security] n:8, first from the cheap node (×0.1), seven from the pricier (×3): max_tokens sent to the pricier ${toPricey.map((c) => (c.body as { max_tokens?: number }).max_tokens).join(',')}; expected ${expected}, booked ${booked}, debited by the directory ${debited} credits (per-request limit 1)`,
    );
    expect(expected).toBeLessThanOrEqual(1);
    expect(booked).toBeLessThanOrEqual(1);
    expect(debited).toBeLessThanOrEqual(1);
  }, 90_000);
});

describe('an app’s own limits under 64 requests at once, its key spelled eight ways', () => {
  /** G's own LLM server runs it: answered free by this computer, so only the requests-per-minute decide. */
  const FREE_MODEL = 'g-own:1b';
  const RACE_MODEL = 'race:7b';
  let race: FakeBackend;

  /** The eight ways the gateway takes one key as the same key (presented-key.ts); each a list of header lines. */
  const spellings = (k: string): string[][] => [
    [`Authorization: Bearer ${k}`],
    [`authorization: bearer ${k}`],
    [`AUTHORIZATION: BEARER ${k}`],
    [`Authorization:    Bearer ${k}   `],
    [`Authorization: Bearer \t  ${k}`],
    [`x-api-key: ${k}`],
    [`X-API-KEY:   ${k}  `],
    [`Authorization: Bearer ${k}`, `X-Api-Key: ${k}`],
  ];

  /**
   * Ways of presenting `k` the gateway does not take, each in both orders where it has two headers; `other` is another
   * app's key.
   */
  const wrongSpellings = (k: string, other: string): string[][] => {
    const swapped =
      k.slice(0, 5) + [...k.slice(5)].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
    const pairs: [string, string][] = [
      [`Authorization: Bearer ${k}`, `x-api-key: ${other}`],
      [`Authorization: Bearer ${k}`, 'x-api-key: not-a-key'],
      [`Authorization: Bearer ${k}`, `Authorization: Bearer ${other}`],
      [`Authorization: Bearer ${k}`, 'Authorization: Bearer not-a-key'],
      [`Authorization: Bearer ${k}`, `Authorization: Bearer ${k}`],
      [`x-api-key: ${k}`, `x-api-key: ${k}`],
      [`Authorization: Basic ${Buffer.from(`app:${k}`).toString('base64')}`, `x-api-key: ${k}`],
    ];
    return [
      ...pairs.flatMap(([a, b]) => [
        [a, b],
        [b, a],
      ]),
      [`Authorization: Bearer ${swapped}`],
      [`Authorization: Bearer ${k.toUpperCase()}`],
      [`x-api-key: ${k.toUpperCase()}`],
      [`Authorization: ${k}`],
      [`Authorization: Token ${k}`],
      [`Authorization: Bearer ${k} ${k}`],
      [`Authorization: Bearer "${k}"`],
      // A no-break space (0xA0) is not the spaces HTTP strips around a value.
      [`Authorization: Bearer ${k}\u00a0`],
      [`x-api-key: ${k}\u00a0`],
      [`x-api-key: Bearer ${k}`],
    ];
  };

  async function appKey(name: string, caps: { dailyCap: number | null; rpm: number | null }): Promise<string> {
    const made = await g().node.commandHandlers().createGatewayKey({ name });
    await g()
      .node.commandHandlers()
      .setGatewayKeyLimits({ id: made.key.id, ...caps });
    return made.secret;
  }

  const appRow = async (name: string) => (await gatewayInfo()).apps.find((a) => a.name === name)!;

  beforeAll(async () => {
    await setGateway(g(), {
      perRequestMax: 10,
      dailyCap: 100,
      monthlyCap: 1000,
      keepBalance: null,
      keylessOllama: true,
    });
    race = await paidBackend(RACE_MODEL);
    // Room at the node for every request the cap could let through at once.
    await world.addProvider(race.url, { settings: { creditCostMultiplier: 1, maxConcurrent: 16 } });
    await world.waitModel(RACE_MODEL);
    await world.waitModel(FREE_MODEL);
  }, 90_000);

  it('a key spelled a way the gateway does not take is refused 401 the same way every time, on every API, and counts for nothing', async () => {
    const k = await appKey('spelled wrong', { dailyCap: null, rpm: 100 });
    const before = (await appRow('spelled wrong')).requestsToday;
    const refused: { path: string; headers: string[]; status: number; body: string }[] = [];
    for (const [path, body] of [
      ['/v1/chat/completions', chat(FREE_MODEL, { max_tokens: 8 })],
      ['/api/chat', { ...chat(FREE_MODEL), stream: false }],
      ['/v1/messages', { ...chat(FREE_MODEL), max_tokens: 8 }],
    ] as const) {
      for (const headers of wrongSpellings(k, world.key)) {
        const r = await raw(path, headers, body);
        refused.push({ path, headers, status: r.status, body: r.body.toString('utf8') });
      }
    }
    const accepted = refused.filter((r) => r.status !== 401);
    console.log(
      `[security] key spelled wrong: ${refused.length} requests, ${accepted.length} not refused 401${accepted.length ? `: ${accepted.map((a) => `${a.path} ${JSON.stringify(a.headers.map((x) => x.replace(k, 'KEY').replace(world.key, 'OTHER')))} → ${a.status}`).join('; ')}` : ''}`,
    );
    expect(
      accepted.map((a) => ({
        path: a.path,
        headers: a.headers.map((x) => x.replace(k, 'KEY').replace(world.key, 'OTHER')),
        status: a.status,
      })),
    ).toEqual([]);
    // One refusal per API, word for word, whatever was sent.
    for (const path of ['/v1/chat/completions', '/api/chat', '/v1/messages'])
      expect(new Set(refused.filter((r) => r.path === path).map((r) => r.body)).size).toBe(1);
    expect(JSON.parse(refused[0]!.body)).toMatchObject({ error: { code: 'invalid_api_key' } });
    // None of it was the app's request, nor another app's.
    expect((await appRow('spelled wrong')).requestsToday).toBe(before);
  }, 60_000);

  it('requests per minute: 64 at once, eight spellings of one key, exactly the app’s 10 let in', async () => {
    const k = await appKey('racing rpm', { dailyCap: null, rpm: 10 });
    const requests = Array.from({ length: 64 }, (_, i) =>
      raw('/v1/chat/completions', spellings(k)[i % 8]!, chat(FREE_MODEL, { max_tokens: 8 })),
    );
    const answers = await Promise.all(requests);
    const passed = answers.filter((a) => a.status === 200).length;
    const limited = answers.filter(
      (a) => a.status === 429 && (a.json as { error?: { code?: string } }).error?.code === 'rate_limited',
    );
    console.log(
      `[security] rpm 10, 64 requests at once over 8 spellings: ${passed} answered, ${limited.length} rate_limited, ${64 - passed - limited.length} other`,
    );
    expect(passed).toBe(10);
    expect(limited).toHaveLength(54);
    for (const a of limited) expect(Number(a.headers['retry-after']?.[0])).toBeGreaterThan(0);
  }, 60_000);

  it('its daily cap: 64 paid requests at once, eight spellings of one key, whole ones while they fit, one cut to fit the rest', async () => {
    // What one request is expected to cost, read from a row: the race sends the same body.
    const body = chat(RACE_MODEL, { max_tokens: 300 });
    const probe = await raw('/v1/chat/completions', [`Authorization: Bearer ${world.key}`], body);
    expect(probe.status).toBe(200);
    const taskId = probe.headers['x-iicp-task-id']![0]!;
    let row: GatewayRequestRow | undefined;
    await eventually(async () => {
      row = (await gatewayInfo()).recent.find((r) => r.taskId === taskId);
      expect(row?.expected).toBeGreaterThan(0);
    }, 10_000);
    const each = row!.expected!;
    const cap = Math.round(each * 3.5 * 1e4) / 1e4;
    // The cap holds what each request is expected to cost (ADR 0020): as many whole requests as fit, then one whose
    // answer is cut to fit what is left (half a request's room buys far more than the shortest answer), then none.
    const whole = Math.floor(Math.round(cap * 1e6) / Math.round(each * 1e6));
    const fits = whole + 1;
    const k = await appKey('racing cap', { dailyCap: cap, rpm: null });
    // Every request that gets past its hold waits at the LLM server until all 64 are decided.
    race.set({ holdInference: true });
    const before = inference(race).length;
    const settled: RawResponse[] = [];
    const requests = Array.from({ length: 64 }, (_, i) =>
      raw('/v1/chat/completions', spellings(k)[i % 8]!, body).then((a) => (settled.push(a), a)),
    );
    await eventually(() => expect(settled.length + race.inFlight).toBe(64), 30_000);
    const heldAtServer = race.inFlight;
    race.set({ holdInference: false });
    const answers = await Promise.all(requests);
    const passed = answers.filter((a) => a.status === 200).length;
    const refused = answers.filter(
      (a) => a.status === 429 && (a.json as { error?: { code?: string } }).error?.code === 'insufficient_quota',
    );
    const spent = (await appRow('racing cap')).spentToday;
    // Whatever became of them at the node, the requests the cap did not refuse are the ones it let through.
    const letThrough = 64 - refused.length;

    console.log(
      `[security] daily cap ${cap} credits (${whole} whole requests of ${each}, then one cut), 64 at once over 8 spellings: ${letThrough} let through (${heldAtServer} at the LLM server at once), ${passed} answered, ${refused.length} insufficient_quota; the app spent ${spent} credits`,
    );
    expect(letThrough).toBe(fits);
    expect(heldAtServer).toBe(fits);
    expect(passed).toBe(fits);
    expect(refused).toHaveLength(64 - fits);
    const sent = inference(race)
      .slice(before)
      .map((c) => (c.body as { max_tokens?: number }).max_tokens ?? 0);
    expect(sent).toHaveLength(fits);
    // Exactly one answer was cut, and only as far as the rest of the cap needs: never below the shortest answer.
    expect(sent.filter((t) => t === 300)).toHaveLength(whole);
    const cut = sent.filter((t) => t !== 300);
    expect(cut).toHaveLength(1);
    expect(cut[0]).toBeGreaterThanOrEqual(MIN_ANSWER_TOKENS);
    expect(cut[0]).toBeLessThan(300);
    // The app is told which answer was cut, and to what.
    const told = answers.flatMap((a) => a.headers['x-iicp-max-tokens-lowered'] ?? []).map(Number);
    expect(told).toEqual([cut[0]]);
    expect(refused[0]!.json).toEqual({
      error: {
        message: expect.stringMatching(/daily limit of .* for the app “racing cap”/),
        type: 'insufficient_quota',
        param: null,
        code: 'insufficient_quota',
      },
    });
    expect(spent).toBeLessThanOrEqual(cap);
  }, 90_000);
});
