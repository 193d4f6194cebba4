import { describe, expect, it } from 'vitest';
import { said, type Said } from '@shared/i18n/said';
import { DEFAULT_GATEWAY_SETTINGS, type GatewaySettings } from '@shared/contract';
import { Budget, claimCeiling, honestClaim } from '@engine/gateway/spending/budget';
import type { NetworkOffer, NodeList, OfferedNode } from '@engine/gateway/routing/network-offer';
import { NodeBreaker } from '@engine/gateway/routing/node-breaker';
import { routeTask } from '@engine/gateway/routing/task-route';
import { MIN_ANSWER_TOKENS, tryTerms } from '@engine/gateway/routing/try-terms';
import type { NetworkAsk } from '@engine/gateway/routing/network-ask';
import { promptTokens } from '@engine/gateway/spending/token-estimates';
import { fakeClock } from '../../../support/fake-clock';
import { fakeNode, nodesFetch, type FakeNode, type NodeBehaviour } from '../fake-cx-node';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const EMBED = 'urn:iicp:intent:llm:embedding:v1';
const SELF = 'self-node';

const ask = (o: Partial<NetworkAsk> = {}): NetworkAsk => ({
  intent: CHAT,
  model: 'm1',
  payloadJson: JSON.stringify({ model: 'm1', messages: [{ role: 'user', content: 'hello' }] }),
  maxTokens: null,
  timeoutMs: 8_000,
  ...o,
});

interface RigOptions {
  /** The directory's list, in its order. */
  nodes: FakeNode[];
  own?: string[];
  settings?: Partial<GatewaySettings>;
  payer?: string | null;
  problem?: Said | null;
  /** Fake time each call to a node takes. */
  callMs?: number;
  /** The balance (default 100) and what was spent today (default 0), in credits. */
  balance?: number | null;
  spent?: number;
}

/** routeTask's world: the directory's list (a stand-in NetworkOffer), nodes behind their own fetch, a fake clock. */
function rig(o: RigOptions) {
  const clock = fakeClock();
  const settings = {
    ...DEFAULT_GATEWAY_SETTINGS,
    dailyCap: null,
    monthlyCap: null,
    perRequestMax: null,
    keepBalance: null,
    ...o.settings,
  } as GatewaySettings;
  const offered: { intent: string; model: string | null }[] = [];
  const list = (): NodeList => ({ nodes: o.nodes.map((n) => n.node), at: clock.now(), problem: o.problem ?? null });
  const offer = {
    nodes: async (intent: string, model: string | null) => {
      offered.push({ intent, model });
      return list();
    },
  } as unknown as NetworkOffer;
  const net = nodesFetch(o.nodes);
  const nodeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    clock.advance(o.callMs ?? 0);
    return net.fetch(input, init);
  }) as typeof fetch;
  const breaker = new NodeBreaker(clock.now);
  const budget = new Budget({
    settings: () => settings,
    spentSince: () => Math.round((o.spent ?? 0) * 1e6),
    balance: () => (o.balance === undefined ? 100 : o.balance),
    now: clock.now,
    timeZone: 'UTC',
  });
  const own = new Set(o.own ?? []);
  const deps = {
    offer,
    breaker,
    budget,
    settings: () => settings,
    selfNodeId: () => SELF,
    isOwn: (n: OfferedNode) => own.has(n.nodeId),
    payingNodeId: () => (o.payer === undefined ? SELF : o.payer),
    nodeFetch,
    now: clock.now,
  };
  return {
    deps,
    clock,
    budget,
    breaker,
    calls: net.calls,
    offered,
    reach: net.fetch,
    route: (a: NetworkAsk = ask()) => routeTask(a, deps),
  };
}

const fails: NodeBehaviour = { kind: 'status', status: 500 };
const tried = (calls: { nodeId: string }[]) => calls.map((c) => c.nodeId);

describe('which nodes, in which order', () => {
  it('the person’s own machines first, in the directory’s order, then the others in the directory’s order', async () => {
    const r = rig({
      nodes: [
        fakeNode('o1', { behaviour: fails }),
        fakeNode('m1', { behaviour: fails }),
        fakeNode('o2', { behaviour: fails }),
        fakeNode('m2', { behaviour: fails }),
      ],
      own: ['m1', 'm2'],
    });
    const end = await r.route();
    expect(tried(r.calls)).toEqual(['m1', 'm2', 'o1', 'o2']);
    expect(end).toMatchObject({
      attempts: 4,
      outcome: { ok: false, blame: 'gateway', status: 502, code: 'all_nodes_failed' },
      node: { nodeId: 'o2' },
      own: false,
    });
    expect(r.offered).toEqual([{ intent: CHAT, model: 'm1' }]);
  });

  it('the first that answers ends it: the later ones are never asked', async () => {
    const r = rig({ nodes: [fakeNode('o1'), fakeNode('m1', { behaviour: fails }), fakeNode('o2')], own: ['m1'] });
    const end = await r.route();
    expect(tried(r.calls)).toEqual(['m1', 'o1']);
    expect(end).toMatchObject({
      attempts: 2,
      own: false,
      node: { nodeId: 'o1' },
      multiplier: 1,
      outcome: { ok: true },
    });
  });

  it('this computer’s own node and nodes without the model are never asked', async () => {
    const r = rig({ nodes: [fakeNode(SELF), fakeNode('other-model', { models: ['m2'] }), fakeNode('o1')] });
    await r.route();
    expect(tried(r.calls)).toEqual(['o1']);
  });

  it('only mine: the others are never asked, and without an own machine for the model the answer says so', async () => {
    const r = rig({
      nodes: [fakeNode('o1'), fakeNode('m1', { behaviour: fails })],
      own: ['m1'],
      settings: { onlyMine: true },
    });
    expect(await r.route()).toMatchObject({ attempts: 1, outcome: { code: 'all_nodes_failed' } });
    expect(tried(r.calls)).toEqual(['m1']);
    const none = rig({ nodes: [fakeNode('o1')], settings: { onlyMine: true } });
    expect(await none.route()).toMatchObject({
      attempts: 0,
      outcome: { ok: false, status: 503, code: 'no_nodes', message: expect.stringMatching(/only your own machines/) },
    });
    expect(none.calls).toEqual([]);
  });

  it('free only (an Ollama app without a key): own machines are asked, never a paid node; a paid-only model is not found', async () => {
    const r = rig({ nodes: [fakeNode('o1'), fakeNode('m1', { behaviour: fails })], own: ['m1'] });
    expect(await routeTask(ask(), { ...r.deps, freeOnly: true })).toMatchObject({
      attempts: 1,
      outcome: { code: 'all_nodes_failed' },
    });
    expect(tried(r.calls)).toEqual(['m1']);
    const paidOnly = rig({ nodes: [fakeNode('o1')] });
    const refused = await routeTask(ask(), { ...paidOnly.deps, freeOnly: true });
    const nobody = await routeTask(ask(), { ...rig({ nodes: [] }).deps, freeOnly: true });
    // The very refusal of a model nobody offers: an app without a key cannot tell that others offer it.
    expect(refused).toMatchObject({
      attempts: 0,
      node: null,
      outcome: { ok: false, status: 404, code: 'model_not_found' },
    });
    expect(refused.outcome).toEqual(nobody.outcome);
    expect(paidOnly.calls).toEqual([]);
    // What only a paid node's adverts say (tools) judges nothing: still not found, not "no machine takes tools".
    const tools = await routeTask(ask({ needs: { tools: true, fim: false, contextTokens: null } }), {
      ...paidOnly.deps,
      freeOnly: true,
    });
    expect(tools.outcome).toEqual(nobody.outcome);
    // A model nobody offers is still not found, and a directory that cannot be asked is still said as such.
    expect(await routeTask(ask({ model: 'nobody' }), { ...paidOnly.deps, freeOnly: true })).toMatchObject({
      outcome: { code: 'model_not_found' },
    });
    const down = rig({ nodes: [], problem: said('gateway.offer.problem', { kind: 'unreachable', noneKnown: 'no' }) });
    expect(await routeTask(ask(), { ...down.deps, freeOnly: true })).toMatchObject({
      outcome: { code: 'directory_unreachable' },
    });
  });

  it('without a node to pay from, only own machines are asked (a task naming no payer would be served for nothing)', async () => {
    const r = rig({ nodes: [fakeNode('o1'), fakeNode('m1')], own: ['m1'], payer: null });
    expect(await r.route()).toMatchObject({ own: true, node: { nodeId: 'm1' } });
    expect(r.calls[0]!.body).not.toHaveProperty('source_node_id');
    const theirsOnly = rig({ nodes: [fakeNode('o1')], payer: null });
    expect(await theirsOnly.route()).toMatchObject({
      outcome: { status: 503, code: 'no_nodes', message: expect.stringMatching(/until this computer is registered/) },
    });
    expect(theirsOnly.calls).toEqual([]);
  });

  it('names the paying node on every try', async () => {
    const r = rig({ nodes: [fakeNode('o1', { behaviour: fails }), fakeNode('o2')], payer: 'payer-1' });
    await r.route();
    expect(r.calls.map((c) => c.body.source_node_id)).toEqual(['payer-1', 'payer-1']);
  });
});

describe('one task id, and what makes it try the next node', () => {
  it('every try carries the same task id, sealed inside too (the node opens it under that id)', async () => {
    const r = rig({
      nodes: [
        fakeNode('o1', { behaviour: fails }),
        fakeNode('o2', { behaviour: { kind: 'tampered' } }),
        fakeNode('o3'),
      ],
    });
    const end = await r.route();
    expect(r.calls.map((c) => c.body.task_id)).toEqual([end.taskId, end.taskId, end.taskId]);
    expect(r.calls.every((c) => c.payload !== null)).toBe(true);
    expect(end.outcome.ok).toBe(true);
    // A new request is a new task.
    expect((await r.route()).taskId).not.toBe(end.taskId);
  });

  it.each([
    ['HTTP 500', fails],
    ['HTTP 503', { kind: 'status', status: 503 }],
    ['no connection', { kind: 'unreachable' }],
    ['an answer in the clear', { kind: 'plaintext' }],
    ['an answer that does not open', { kind: 'tampered' }],
  ] as const)(
    '%s: the next node is tried, and the failed one is skipped by the next request',
    async (_label, behaviour) => {
      const r = rig({ nodes: [fakeNode('bad', { behaviour }), fakeNode('good')] });
      expect(await r.route()).toMatchObject({ attempts: 2, node: { nodeId: 'good' }, outcome: { ok: true } });
      expect(r.breaker.open('bad', ask())).toBe(true);
      await r.route();
      expect(tried(r.calls)).toEqual(['bad', 'good', 'good']);
    },
  );

  it('a node that failed at one model is skipped for that model only: the next request for another model goes to it first', async () => {
    const both = fakeNode('both', { models: ['m1', 'm2'], behaviour: fails });
    const r = rig({ nodes: [both, fakeNode('good', { models: ['m1', 'm2'] })] });
    expect(await r.route(ask({ model: 'm1' }))).toMatchObject({ node: { nodeId: 'good' }, outcome: { ok: true } });
    both.behaviour = { kind: 'answer' };
    expect(await r.route(ask({ model: 'm2' }))).toMatchObject({
      attempts: 1,
      node: { nodeId: 'both' },
      outcome: { ok: true },
    });
    expect(await r.route(ask({ model: 'm1' }))).toMatchObject({ attempts: 1, node: { nodeId: 'good' } });
    expect(tried(r.calls)).toEqual(['both', 'good', 'both', 'good']);
  });

  it('a node that hangs is cut at its share of the time and the next one answers', async () => {
    // The hanging node's share (4 s of 8) passes on the fake clock, and the call is cut as the app would cut it.
    const cut = new AbortController();
    const r = rig({ nodes: [fakeNode('hangs'), fakeNode('good')] });
    let share = 0;
    r.deps.nodeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).includes('hangs')) {
        share = (JSON.parse(String(init!.body)) as { constraints: { timeout_ms: number } }).constraints.timeout_ms;
        r.clock.advance(share);
        cut.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
        throw cut.signal.reason;
      }
      return r.reach(input, init);
    }) as typeof fetch;
    const end = await r.route();
    expect(share).toBe(4_000);
    expect(end).toMatchObject({ attempts: 2, node: { nodeId: 'good' }, outcome: { ok: true }, latencyMs: 4_000 });
    expect((r.calls[0]!.body.constraints as { timeout_ms: number }).timeout_ms).toBe(4_000);
    expect(r.breaker.open('hangs', ask())).toBe(true);
  });

  it.each([400, 413, 422])(
    'HTTP %s: the request itself was refused; no other node is asked and none is skipped',
    async (status) => {
      const r = rig({
        nodes: [
          fakeNode('o1', {
            behaviour: {
              kind: 'status',
              status,
              body: { status: 'error', error: { code: 'validation_error', message: 'bad' } },
            },
          }),
          fakeNode('o2'),
        ],
      });
      const end = await r.route();
      expect(end).toMatchObject({
        attempts: 1,
        node: { nodeId: 'o1' },
        outcome: { ok: false, blame: 'request', status: status === 422 ? 400 : status, code: 'validation_error' },
      });
      expect(tried(r.calls)).toEqual(['o1']);
      expect(r.breaker.open('o1', ask())).toBe(false);
    },
  );

  it('every node offering the model skipped after failing: no_nodes, nothing sent', async () => {
    const r = rig({ nodes: [fakeNode('o1', { behaviour: fails }), fakeNode('o2', { behaviour: fails })] });
    await r.route();
    const before = r.calls.length;
    expect(await r.route()).toMatchObject({
      attempts: 0,
      outcome: {
        ok: false,
        status: 503,
        code: 'no_nodes',
        message: expect.stringMatching(/failed a moment ago .*\(2\)/),
      },
    });
    expect(r.calls.length).toBe(before);
    // Once their time is over they are tried again.
    r.clock.advance(30_000);
    await r.route();
    expect(r.calls.length).toBe(before + 2);
  });
});

describe('the model, and the directory', () => {
  it('no node offers the model: model_not_found (404); the directory not answering: directory_unreachable (503) with its problem', async () => {
    const r = rig({ nodes: [fakeNode('o1', { models: ['other'] })] });
    expect(await r.route()).toMatchObject({
      attempts: 0,
      outcome: { ok: false, status: 404, code: 'model_not_found' },
    });
    const down = rig({ nodes: [], problem: said('gateway.offer.problem', { kind: 'unreachable', noneKnown: 'no' }) });
    expect(await down.route()).toMatchObject({
      attempts: 0,
      outcome: {
        ok: false,
        status: 503,
        code: 'directory_unreachable',
        message: 'The directory cannot be reached to find nodes.',
      },
    });
    // The last good list still serves while the directory is down.
    const stale = rig({
      nodes: [fakeNode('o1')],
      problem: said('gateway.offer.problem', { kind: 'unreachable', noneKnown: 'no' }),
    });
    expect(await stale.route()).toMatchObject({ outcome: { ok: true } });
  });
});

describe('time', () => {
  it('a try takes half of what is left (at least a second) while another node could still answer; the last takes the rest', async () => {
    const r = rig({
      nodes: [
        fakeNode('a', { behaviour: fails }),
        fakeNode('b', { behaviour: fails }),
        fakeNode('c', { behaviour: fails }),
        fakeNode('d', { behaviour: fails }),
      ],
      callMs: 3_000,
    });
    const end = await r.route(ask({ timeoutMs: 8_000 }));
    const slices = r.calls.map((c) => (c.body.constraints as { timeout_ms: number }).timeout_ms);
    // 8 s left: 4 s; then 5 s left: 2.5 s; then 2 s left: 1 s (the floor); then none (under 100 ms): no more tries.
    expect(slices).toEqual([4_000, 2_500, 1_000]);
    expect(end.attempts).toBe(3);
    // Out of time, not out of nodes.
    expect(end.outcome).toMatchObject({ ok: false, blame: 'gateway', status: 504, code: 'timeout' });
    expect(end.latencyMs).toBe(9_000);
  });

  it('the last node left gets all the time that is left', async () => {
    const r = rig({ nodes: [fakeNode('a', { behaviour: fails }), fakeNode('b')], callMs: 1_500 });
    await r.route(ask({ timeoutMs: 10_000 }));
    expect(r.calls.map((c) => (c.body.constraints as { timeout_ms: number }).timeout_ms)).toEqual([5_000, 8_500]);
  });
});

describe('the budget, judged before anything is sent', () => {
  it('a limit without room for even the cheapest try: 429 insufficient_quota naming it, nothing sent, nothing held', async () => {
    const r = rig({ nodes: [fakeNode('o1'), fakeNode('o2', { multiplier: 2 })], settings: { dailyCap: 0.0005 } });
    const end = await r.route();
    expect(end).toMatchObject({
      attempts: 0,
      node: null,
      outcome: {
        ok: false,
        blame: 'gateway',
        status: 429,
        code: 'insufficient_quota',
        message: expect.stringMatching(/today's spending limit/),
      },
    });
    expect(r.calls).toEqual([]);
    expect(r.budget.held).toBe(0);
  });

  it('the answer is cut so what it is expected to cost fits the limit; the worst case is held against the balance', async () => {
    const a = ask({ maxTokens: 100_000 });
    const prompt = promptTokens(a.payloadJson);
    // At 0.001 per started 1 000 tokens an honest node claims 0.005 for five blocks.
    const r = rig({ nodes: [fakeNode('o1', { multiplier: 0.001 })], settings: { perRequestMax: 0.005 } });
    const end = await r.route(a);
    const cut = 5_000 - prompt;
    expect(r.calls[0]!.body.constraints).toMatchObject({ max_tokens: cut });
    expect(r.calls[0]!.payload).toMatchObject({ max_tokens: cut });
    expect(honestClaim(prompt + cut, 0.001)).toBe(0.005);
    expect(end).toMatchObject({ expected: 0.005, held: claimCeiling(prompt + cut, 0.001) });
    // Held until the answer's cost is booked, then given back once.
    expect(r.budget.held).toBe(0.005);
    end.release();
    end.release();
    expect(r.budget.held).toBe(0);
  });

  it('a 1-credit limit with 0.049 spent sends a request expected at 0.025, though its worst case is 1.1 credits', async () => {
    // 25 tokens in all, prompt and answer: an honest node claims 0.025 for them, the directory allows 1.1001.
    const a = ask({ maxTokens: 25 - promptTokens(ask({}).payloadJson) });
    const r = rig({ nodes: [fakeNode('o1', { multiplier: 1 })], settings: { dailyCap: 1 }, spent: 0.049 });
    const end = await r.route(a);
    expect(end.outcome.ok).toBe(true);
    expect(end).toMatchObject({ expected: 0.025, held: 1.1001 });
    expect(r.calls[0]!.body.constraints).toMatchObject({ max_tokens: a.maxTokens });
  });

  it('the balance cuts the answer so its worst case fits, and a balance too small for a short answer refuses it', async () => {
    const a = ask({ maxTokens: 100_000 });
    const prompt = promptTokens(a.payloadJson);
    const r = rig({ nodes: [fakeNode('o1', { multiplier: 0.001 })], balance: 0.0056 });
    await r.route(a);
    expect(r.calls[0]!.body.constraints).toMatchObject({ max_tokens: 5_000 - prompt });
    const poor = rig({ nodes: [fakeNode('o1', { multiplier: 1 })], balance: 0 });
    const end = await poor.route(a);
    expect(poor.calls).toHaveLength(0);
    expect(end.outcome).toMatchObject({
      ok: false,
      status: 429,
      code: 'insufficient_quota',
      message: expect.stringMatching(/^Your balance is 0 credits; even the shortest answer/),
    });
  });

  it('an answer asked shorter than the allowance is sent as asked; not said, the node’s own ceiling is asked', async () => {
    const r = rig({ nodes: [fakeNode('o1', { multiplier: 0.001, maxTokens: 2_048 })], settings: { perRequestMax: 1 } });
    await r.route(ask({ maxTokens: 64 }));
    expect(r.calls[0]!.body.constraints).toMatchObject({ max_tokens: 64 });
    await r.route(ask({ maxTokens: null }));
    expect(r.calls[1]!.body.constraints).toMatchObject({ max_tokens: 2_048 });
    expect(r.calls[1]!.payload).toMatchObject({ max_tokens: 2_048 });
  });

  it(`fewer than ${MIN_ANSWER_TOKENS} tokens of answer left: refused, not sent; a cheaper node later in the list is tried`, async () => {
    const a = ask({ maxTokens: 1_000 });
    const prompt = promptTokens(a.payloadJson);
    // One block at 0.001: 1 000 − prompt tokens fit on the cheap node; not one block on the dear one.
    const r = rig({
      nodes: [fakeNode('dear', { multiplier: 1 }), fakeNode('cheap', { multiplier: 0.001 })],
      settings: { perRequestMax: 0.0012 },
    });
    await r.route(a);
    expect(tried(r.calls)).toEqual(['cheap']);
    expect(r.calls[0]!.body.constraints).toMatchObject({ max_tokens: 1_000 - prompt });
    // A prompt that leaves fewer than MIN_ANSWER_TOKENS in the one block: refused before anything is sent.
    const long = ask({
      maxTokens: 1_000,
      payloadJson: JSON.stringify({
        model: 'm1',
        messages: [{ role: 'user', content: 'x'.repeat(3 * (1_000 - MIN_ANSWER_TOKENS) - 40) }],
      }),
    });
    expect(1_000 - promptTokens(long.payloadJson)).toBeLessThan(MIN_ANSWER_TOKENS);
    const tight = rig({ nodes: [fakeNode('cheap', { multiplier: 0.001 })], settings: { perRequestMax: 0.0012 } });
    expect(await tight.route(long)).toMatchObject({
      attempts: 0,
      outcome: { status: 429, code: 'insufficient_quota', message: expect.stringMatching(/per request/) },
    });
    expect(tight.calls).toEqual([]);
  });

  it('an app asking for fewer tokens than the minimum is not refused for it', async () => {
    const r = rig({ nodes: [fakeNode('o1', { multiplier: 0.001 })], settings: { perRequestMax: 0.0012 } });
    expect(await r.route(ask({ maxTokens: 4 }))).toMatchObject({ outcome: { ok: true } });
    expect(r.calls[0]!.body.constraints).toMatchObject({ max_tokens: 4 });
  });

  it('own machines are free: nothing is cut or held, whatever the limits', async () => {
    const r = rig({
      nodes: [fakeNode('m1')],
      own: ['m1'],
      settings: { dailyCap: 0, perRequestMax: 0, keepBalance: 1_000 },
    });
    const end = await r.route(ask({ maxTokens: 100_000 }));
    expect(end).toMatchObject({ own: true, outcome: { ok: true } });
    expect(r.calls[0]!.body.constraints).toMatchObject({ max_tokens: 100_000 });
    expect(r.budget.held).toBe(0);
  });

  it('embeddings are paid for their input: they fit or they are refused, never cut', async () => {
    const a = ask({
      intent: EMBED,
      maxTokens: null,
      payloadJson: JSON.stringify({ model: 'm1', input: ['some text'] }),
    });
    const fits = rig({ nodes: [fakeNode('o1', { multiplier: 0.001 })], settings: { perRequestMax: 0.01 } });
    await fits.route(a);
    expect(fits.calls[0]!.body.constraints).not.toHaveProperty('max_tokens');
    const refused = rig({ nodes: [fakeNode('o1', { multiplier: 1 })], settings: { perRequestMax: 0.01 } });
    expect(await refused.route(a)).toMatchObject({ outcome: { status: 429, code: 'insufficient_quota' } });
    expect(refused.calls).toEqual([]);
  });

  it('a failed try gives its hold back before the next one holds', async () => {
    const r = rig({
      nodes: [fakeNode('o1', { behaviour: fails, multiplier: 0.001 }), fakeNode('o2', { multiplier: 0.001 })],
      settings: { dailyCap: 0.0034 },
    });
    // Each try needs about 0.0034 (three blocks): two at once would not fit the cap.
    const end = await r.route(ask({ maxTokens: 2_800 }));
    expect(tried(r.calls)).toEqual(['o1', 'o2']);
    expect(end.outcome.ok).toBe(true);
  });
});

describe('several answers to one request (n): held together, the others held to the first one’s plan', () => {
  it('eight copies with a huge max_tokens: each answer cut so that all eight fit the per-request limit, held at once', async () => {
    const a = ask({ maxTokens: 2 ** 31 - 1 });
    const prompt = promptTokens(a.payloadJson);
    const r = rig({ nodes: [fakeNode('o1', { multiplier: 1 })], settings: { perRequestMax: 1, dailyCap: 2 } });
    const end = await routeTask(a, { ...r.deps, copies: 8 });
    expect(end.outcome.ok).toBe(true);
    // 1/8 credit each: 125 tokens in all per task at 1 credit per 1 000.
    const cut = 125 - prompt;
    expect(r.calls[0]!.payload).toMatchObject({ max_tokens: cut });
    expect(r.calls[0]!.payload).not.toHaveProperty('n');
    expect(end).toMatchObject({ expected: 0.125, plan: { maxTokens: cut, expected: 0.125 } });
    expect(end.spare).toHaveLength(7);
    expect(r.budget.held).toBe(1);
    end.release();
    for (const h of end.spare!) h.release();
    expect(r.budget.held).toBe(0);
  });

  it('eight copies against the balance to keep: their worst cases together stay above it, or all eight are refused', async () => {
    const a = ask({ maxTokens: 2 ** 31 - 1 });
    const prompt = promptTokens(a.payloadJson);
    // Room of 9 credits above what is kept: eight tasks of one started block each may be charged 8 × 1.1001 at worst.
    const r = rig({ nodes: [fakeNode('o1', { multiplier: 1 })], balance: 10, settings: { keepBalance: 1 } });
    const end = await routeTask(a, { ...r.deps, copies: 8 });
    expect(end.outcome.ok).toBe(true);
    expect(r.calls[0]!.payload).toMatchObject({ max_tokens: 1_000 - prompt });
    expect(end.held! * 8).toBeLessThanOrEqual(9);
    // Room of 8: not even eight one-block tasks fit; the refusal names the balance and what all eight could cost.
    const tight = rig({ nodes: [fakeNode('o1', { multiplier: 1 })], balance: 10, settings: { keepBalance: 2 } });
    expect(await routeTask(a, { ...tight.deps, copies: 8 })).toMatchObject({
      attempts: 0,
      outcome: {
        status: 429,
        code: 'insufficient_quota',
        message: expect.stringMatching(
          /^Your balance is 10 credits; this request could cost up to 8\.8008 credits, which could take it below the 2 credits you keep/,
        ),
      },
    });
    expect(tight.calls).toEqual([]);
    expect(tight.budget.held).toBe(0);
  });

  it('not even eight short answers fit: refused insufficient_quota for all eight, nothing sent or held', async () => {
    const r = rig({ nodes: [fakeNode('o1', { multiplier: 1 })], settings: { perRequestMax: 0.05 } });
    const end = await routeTask(ask({ maxTokens: 2 ** 31 - 1 }), { ...r.deps, copies: 8 });
    expect(end).toMatchObject({
      attempts: 0,
      outcome: { ok: false, status: 429, code: 'insufficient_quota', message: expect.stringMatching(/per request/) },
    });
    expect(r.calls).toEqual([]);
    expect(r.budget.held).toBe(0);
  });

  it('a node answers no more than it advertises: no more is asked of it or held for it', () => {
    const node = fakeNode('o1', { multiplier: 1, maxTokens: 2_048 }).node;
    const a = ask({ maxTokens: 2 ** 31 - 1 });
    const terms = tryTerms(
      node,
      false,
      a,
      { credits: Infinity, limit: null, worstCase: Infinity, worstLimit: 'balance' },
      8,
    );
    expect(terms).toEqual({
      ok: true,
      maxTokens: 2_048,
      expected: honestClaim(promptTokens(a.payloadJson) + 2_048, 1),
      worstCase: claimCeiling(promptTokens(a.payloadJson) + 2_048, 1),
      // The node's own advert is no limit of the person's: the app is not told of a lowered bound.
      lowered: null,
    });
  });

  it('another task of the request at a pricier node: no longer an answer and no more expected than the plan, so a shorter one', async () => {
    const a = ask({ maxTokens: 500 });
    const prompt = promptTokens(a.payloadJson);
    const r = rig({ nodes: [fakeNode('dear', { multiplier: 3 })], settings: { perRequestMax: 1 } });
    // The plan of a first task at a node 30 times cheaper: 0.1 credit for a 500-token answer.
    const end = await routeTask(a, { ...r.deps, plan: { maxTokens: 500, expected: 0.1 } });
    expect(end.outcome.ok).toBe(true);
    expect(r.calls[0]!.payload).toMatchObject({ max_tokens: 100 - prompt });
    expect(end.expected).toBeLessThanOrEqual(0.1);
    // Without a plan the same node would be asked for all 500 tokens, at five times the plan's cost.
    const free = rig({ nodes: [fakeNode('dear', { multiplier: 3 })], settings: { perRequestMax: 1 } });
    expect(await routeTask(a, free.deps)).toMatchObject({ expected: honestClaim(prompt + 500, 3) });
  });

  it('the share the first task held for another is that task’s room: a limit that fits all of them exactly still sends it whole', async () => {
    const a = ask({ maxTokens: 500 });
    const prompt = promptTokens(a.payloadJson);
    const expected = honestClaim(prompt + 500, 1);
    const world: RigOptions = { nodes: [fakeNode('o1', { multiplier: 1 })], settings: { dailyCap: 2 * expected } };
    const r = rig(world);
    const first = await routeTask(a, { ...r.deps, copies: 2 });
    expect(first).toMatchObject({ expected, outcome: { ok: true } });
    // The first's row is booked at what it cost; its share for the other is still held.
    world.spent = expected;
    first.release();
    const second = await routeTask(a, {
      ...r.deps,
      handOver: first.spare![0]!,
      ...(first.plan ? { plan: first.plan } : {}),
    });
    expect(second.outcome).toMatchObject({ ok: true });
    expect(r.calls[1]!.payload).toMatchObject({ max_tokens: 500 });
    expect(first.plan).toEqual({ maxTokens: 500, expected });
    second.release();
    expect(r.budget.held).toBe(0);
  });

  it('a free plan (the first answer came from the person’s own machines): the others are asked of them only', async () => {
    const r = rig({ nodes: [fakeNode('m1', { behaviour: fails }), fakeNode('o1')], own: ['m1'] });
    const end = await routeTask(ask({ maxTokens: 500 }), { ...r.deps, plan: { maxTokens: null, expected: 0 } });
    expect(tried(r.calls)).toEqual(['m1']);
    expect(end.outcome).toMatchObject({ ok: false, code: 'all_nodes_failed' });
    const none = rig({ nodes: [fakeNode('o1')], own: [] });
    expect(await routeTask(ask(), { ...none.deps, plan: { maxTokens: null, expected: 0 } })).toMatchObject({
      attempts: 0,
      outcome: {
        status: 503,
        code: 'no_nodes',
        message: expect.stringMatching(/^The first answer to this request came free from your own machines/),
      },
    });
    expect(none.calls).toEqual([]);
  });
});
