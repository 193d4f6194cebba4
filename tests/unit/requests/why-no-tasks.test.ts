/**
 * The checks of "Why am I not getting tasks?" that do not need a whole directory: registration words and where to fix
 * them, the price against the network's base rate and the tier cap, and a directory that does not answer in time.
 * The directory is a scripted `fetch` here (tests/integration/why-no-tasks.test.ts runs against the stand-in).
 */
import { describe, expect, it } from 'vitest';
import { said } from '@shared/i18n/said';
import { createSay, english } from '@shared/i18n/say';
import { DiscoveryClient } from '@engine/directory/discovery-client';
import { diagnoseTasks, type DiagnoseInput } from '@engine/requests/why-no-tasks';
import { englishDiagnosis } from './english-diagnosis';
import { healthyDiagnosis } from './healthy-diagnosis';

const NODE = '3f2a9c1e-0000-4000-8000-00000000abcd';

/** A directory that answers each route from `routes` (by path prefix), 404 otherwise. */
function scripted(routes: Record<string, unknown>): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = new URL(String(input));
    const hit = Object.entries(routes).find(([prefix]) => url.pathname.includes(prefix));
    if (!hit)
      return new Response(
        JSON.stringify({ error: 'REGISTRY-NODE-NOT-FOUND', message: 'No active node found for this prefix.' }),
        { status: 404 },
      );
    return new Response(JSON.stringify(hit[1]), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}

const healthy = {
  '/v1/registry/nodes/': {
    directory_observed_reachable: true,
    credit_cost_multiplier: 1,
    probation: false,
    completed_tasks: 300,
    reputation_score: 0.8,
  },
  '/v1/node/': {
    available: true,
    last_seen: new Date().toISOString(),
    probation: false,
    completed_tasks_count: 300,
    reputation_score: 0.8,
  },
  // Another node serves the same model and is busy: consumers are asking for it.
  '/v1/discover': {
    nodes: [
      { node_id: 'other', models: ['qwen2.5:7b'], load: 0.5, active_jobs: 1 },
      { node_id: NODE, models: ['qwen2.5:7b'], load: 0, active_jobs: 0 },
    ],
    count: 2,
  },
};

/** The inputs, with the search asked through a discovery client over the same directory as the other questions. */
function input(over: Partial<Omit<DiagnoseInput, 'discover'>> = {}): DiagnoseInput {
  const i: Omit<DiagnoseInput, 'discover'> = {
    ...healthyDiagnosis('http://directory.test/api', NODE),
    fetchImpl: scripted(healthy),
    ...over,
  };
  const discovery = new DiscoveryClient({
    directoryUrl: () => i.directoryUrl,
    membership: () => i.membership,
    fetchImpl: i.fetchImpl,
    timeoutMs: i.timeoutMs,
  });
  return { ...i, discover: (intent) => discovery.discover({ intent }) };
}

const check = async (over: Partial<DiagnoseInput>, id: string) =>
  englishDiagnosis(await diagnoseTasks(input(over))).checks.find((c) => c.id === id)!;

describe('registration', () => {
  it('not registered for want of a way in: the engine’s words, and the Network page', async () => {
    const d = englishDiagnosis(
      await diagnoseTasks(
        input({
          link: 'not_configured',
          linkMessage: said('network.link.notRegistered', { why: said('network.link.why.noPublicAddress') }),
          reachability: 'local_only',
          fetchImpl: scripted({}),
        }),
      ),
    );
    expect(d.holdingBack).toBe('registered');
    expect(d.checks[0]).toEqual({
      id: 'registered',
      outcome: 'problem',
      words: 'Not registered with the directory — this node has no public address yet (see the Network page).',
      action: { label: 'Open Network', route: 'network' },
    });
    // What depends on registration is not known rather than wrong.
    expect(d.checks[1]).toMatchObject({
      id: 'reachable',
      outcome: 'unknown',
      words: 'Not registered, so the directory has not tried to reach your node.',
    });
    expect(d.checks[2]).toMatchObject({
      id: 'discoverable',
      outcome: 'problem',
      words: 'Consumers looking for chat tasks do not find your node: it is not registered.',
    });
  });

  it('refused by the directory: Settings', async () => {
    expect(await check({ link: 'rejected', linkMessage: null }, 'registered')).toEqual({
      id: 'registered',
      outcome: 'problem',
      words: 'The directory refused to register the node.',
      action: { label: 'Open Settings', route: 'settings' },
    });
  });
});

describe('price', () => {
  it('at or below the base rate is fine', async () => {
    expect(await check({}, 'price')).toMatchObject({
      outcome: 'ok',
      words:
        'You charge 1\u00a0× the base rate; the other node offering chat tasks asks 1\u00a0×. Confirmed by the directory.',
    });
  });

  it('above it, a problem with the Pricing page; the held multiplier is what counts', async () => {
    const fetchImpl = scripted({
      ...healthy,
      '/v1/registry/nodes/': { ...healthy['/v1/registry/nodes/'], credit_cost_multiplier: 2.5 },
    });
    const c = await check(
      {
        fetchImpl,
        pricing: {
          declared: { multiplier: 2.5, model: 'per_token' },
          ceiling: 2.5,
          capped: false,
          tier: { name: '7b', weight: 1, model: null },
          directoryMultiplier: 2.5,
          declarationAccepted: true,
        },
      },
      'price',
    );
    expect(c).toEqual({
      id: 'price',
      outcome: 'problem',
      words:
        'You charge 2.5\u00a0× the base rate, while the other node offering chat tasks asks 1\u00a0×: consumers who set a price limit pass over dearer nodes. Confirmed by the directory.',
      action: { label: 'Open Pricing', route: 'pricing' },
    });
  });

  it('capped by the tier, not answered yet: the Pricing page’s status, in its words', async () => {
    const fetchImpl = scripted({ ...healthy, '/v1/registry/nodes/': { directory_observed_reachable: true } });
    const pricing = {
      declared: { multiplier: 1, model: 'per_token' as const },
      ceiling: 0.15,
      capped: true,
      tier: { name: 'sub_1b', weight: 0.05, model: 'qwen2.5:0.5b' },
      directoryMultiplier: null,
    };
    const waiting = await check({ fetchImpl, pricing: { ...pricing, declarationAccepted: false } }, 'price');
    expect(waiting.outcome).toBe('ok');
    expect(waiting.words).toBe(
      'You charge 0.15\u00a0× the base rate; the other node offering chat tasks asks 1\u00a0×. Waiting for the directory to confirm.',
    );
    const lowered = await check({ fetchImpl, pricing: { ...pricing, declarationAccepted: true } }, 'price');
    expect(lowered.words).toBe(
      'You charge 0.15\u00a0× the base rate; the other node offering chat tasks asks 1\u00a0×. The directory lowered it to 0.15\u00a0× because of your model size.',
    );
  });

  it('accepted by the directory while its public list does not show the node: confirmed, as the Pricing page says', async () => {
    // The registry answers 404 for a node it does not list now; the declaration was accepted all the same.
    const fetchImpl = scripted({ '/v1/node/': healthy['/v1/node/'], '/v1/discover': healthy['/v1/discover'] });
    const c = await check(
      {
        fetchImpl,
        pricing: {
          declared: { multiplier: 1, model: 'per_token' },
          ceiling: 1,
          capped: false,
          tier: { name: '7b', weight: 1, model: null },
          directoryMultiplier: null,
          declarationAccepted: true,
        },
      },
      'price',
    );
    expect(c.words).toBe(
      'You charge 1\u00a0× the base rate; the other node offering chat tasks asks 1\u00a0×. Confirmed by the directory.',
    );
    expect(c.words).not.toMatch(/not confirmed/);
  });
});

describe('a directory that does not answer', () => {
  it('gives up after the timeout and says so in words, without failing', async () => {
    const silent = (async (_: unknown, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('timed out', 'TimeoutError'))),
      )) as typeof fetch;
    // The fetch ends only when the timeout aborts it.
    const d = englishDiagnosis(await diagnoseTasks(input({ fetchImpl: silent, timeoutMs: 200 })));
    for (const id of ['reachable', 'discoverable']) {
      const c = d.checks.find((x) => x.id === id)!;
      expect(c.outcome).toBe('unknown');
      expect(c.words).toMatch(/^The directory could not be asked \(.+\)\.$/);
      expect(c.words).not.toMatch(/\/v1\/|ECONN|http/);
    }
    // The standing is the one the Earnings page shows, known without asking.
    expect(d.checks.find((x) => x.id === 'standing')).toMatchObject({
      outcome: 'ok',
      words: 'Reputation 0.80 after 300 completed tasks.',
    });
    expect(d.holdingBack).toBeNull();
  });

  it('says why it could not be asked in the page’s language, not as English inside a German sentence', async () => {
    const refused = (async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED 192.0.2.1:443'), { code: 'ECONNREFUSED' }),
      });
    }) as typeof fetch;
    const d = await diagnoseTasks(input({ fetchImpl: refused }));
    const discoverable = d.checks.find((x) => x.id === 'discoverable')!;
    expect(english.said(discoverable.words)).toBe(
      'The directory could not be asked (nothing answered at that address).',
    );
    expect(createSay('de', 'de-DE').said(discoverable.words)).toBe(
      'Das Verzeichnis ließ sich nicht fragen (unter dieser Adresse hat nichts geantwortet).',
    );
  });
});

describe('found by consumers', () => {
  it('a 404 on the search is not "not listed": it is not known', async () => {
    const fetchImpl = scripted({
      '/v1/registry/nodes/': healthy['/v1/registry/nodes/'],
      '/v1/node/': healthy['/v1/node/'],
    });
    const c = await check({ fetchImpl }, 'discoverable');
    expect(c.outcome).toBe('unknown');
    expect(c.words).toBe(
      'The directory did not answer the search consumers make for chat tasks (it said HTTP 404), so whether they find your node is not known.',
    );
    expect(c.words).not.toMatch(/do not find/);
  });
});

describe('standing: the one the Earnings page shows', () => {
  it('the directory’s node page missing while Earnings knows a score: that score, not "no standing"', async () => {
    const fetchImpl = scripted({ '/v1/discover': healthy['/v1/discover'] });
    const c = await check(
      { fetchImpl, standing: { reputationScore: 0.5, probation: null, completedTasks: null } },
      'standing',
    );
    expect(c).toEqual({ id: 'standing', outcome: 'ok', words: 'Reputation 0.50.', action: null });
  });

  it('probation as Earnings has it, whatever the node page says', async () => {
    const c = await check({ standing: { reputationScore: 0.5, probation: true, completedTasks: 7 } }, 'standing');
    expect(c).toMatchObject({ outcome: 'problem', words: expect.stringContaining('(it has 7)') });
  });

  it('nothing reported yet: not known, with why', async () => {
    const c = await check({ standing: { reputationScore: null, probation: null, completedTasks: null } }, 'standing');
    expect(c).toMatchObject({ outcome: 'unknown', words: 'The directory has not reported your node’s standing yet.' });
  });

  it('a score below the start: said with the same two decimals as Earnings', async () => {
    const c = await check({ standing: { reputationScore: 0.42, probation: false, completedTasks: 300 } }, 'standing');
    expect(c.words).toMatch(/^Your reputation is 0\.42, below the 0\.50 every node starts with/);
  });
});

describe('refusals', () => {
  it('names the first cause the person can do something about', async () => {
    const advice = [
      { id: 'too_large', words: said('dashboard.advice.tooLarge', { count: 2 }), action: null },
      {
        id: 'capacity',
        words: said('dashboard.advice.capacity', { count: 60, slots: 2 }),
        action: { label: 'Open Settings', route: 'settings' },
      },
    ];
    expect(await check({ requests: { refused: 62, failed: 0, advice } }, 'refusals')).toEqual({
      id: 'refusals',
      outcome: 'problem',
      words: '60 turned away because all 2 slots were busy — raise Tasks at once in Settings.',
      action: advice[1]!.action,
    });
    expect(await check({ requests: { refused: 2, failed: 0, advice: [advice[0]!] } }, 'refusals')).toMatchObject({
      outcome: 'ok',
      words: '2 turned away or failed today, none for a reason you can change.',
    });
  });
});

describe('price against the other nodes that discover lists', () => {
  const withOthers = (prices: number[]) =>
    scripted({
      ...healthy,
      '/v1/registry/nodes/': { ...healthy['/v1/registry/nodes/'], credit_cost_multiplier: 2 },
      '/v1/discover': {
        nodes: [
          ...prices.map((m, k) => ({ node_id: `other-${k}`, pricing: { credit_cost_multiplier: m } })),
          { node_id: NODE, pricing: { credit_cost_multiplier: 2 } },
        ],
        count: prices.length + 1,
      },
    });

  it('dearer than the median of the others: the price holds the node back, with the figures', async () => {
    const c = await check(
      {
        fetchImpl: withOthers([1, 1, 1.5]),
        pricing: {
          declared: { multiplier: 2, model: 'per_token' },
          ceiling: 2,
          capped: false,
          tier: { name: '7b', weight: 1, model: 'x' },
          directoryMultiplier: 2,
          declarationAccepted: true,
        },
      },
      'price',
    );
    expect(c).toMatchObject({ outcome: 'problem', action: { label: 'Open Pricing', route: 'pricing' } });
    expect(c.words).toContain('the other 3 nodes offering chat tasks ask a median of 1\u00a0×');
  });

  it('above the base rate but in line with the others: fine, and says so', async () => {
    const c = await check(
      {
        fetchImpl: withOthers([2, 2.5]),
        pricing: {
          declared: { multiplier: 2, model: 'per_token' },
          ceiling: 2,
          capped: false,
          tier: { name: '7b', weight: 1, model: 'x' },
          directoryMultiplier: 2,
          declarationAccepted: true,
        },
      },
      'price',
    );
    expect(c.outcome).toBe('ok');
    expect(c.words).toContain('a median of 2.25\u00a0×');
  });

  it('reads a node listed without a price at the base rate, as the gateway and the demand card do', async () => {
    const fetchImpl = scripted({
      ...healthy,
      '/v1/registry/nodes/': { ...healthy['/v1/registry/nodes/'], credit_cost_multiplier: 2 },
      '/v1/discover': {
        nodes: [
          { node_id: 'other-0' },
          { node_id: 'other-1' },
          { node_id: 'other-2', pricing: { credit_cost_multiplier: 3 } },
          { node_id: NODE, pricing: { credit_cost_multiplier: 2 } },
        ],
        count: 4,
      },
    });
    const c = await check(
      {
        fetchImpl,
        pricing: {
          declared: { multiplier: 2, model: 'per_token' },
          ceiling: 2,
          capped: false,
          tier: { name: '7b', weight: 1, model: 'x' },
          directoryMultiplier: 2,
          declarationAccepted: true,
        },
      },
      'price',
    );
    expect(c.outcome).toBe('problem');
    expect(c.words).toContain('the other 3 nodes offering chat tasks ask a median of 1\u00a0×');
  });

  it('names the kind of task in German as one word of its own, never "chat-Aufgaben"', async () => {
    const pricing = {
      declared: { multiplier: 2, model: 'per_token' as const },
      ceiling: 2,
      capped: false,
      tier: { name: '7b', weight: 1, model: 'x' },
      directoryMultiplier: 2,
      declarationAccepted: true,
    };
    const d = await diagnoseTasks(input({ fetchImpl: withOthers([1, 1.25]), pricing }));
    const words = createSay('de', 'de-DE').said(d.checks.find((x) => x.id === 'price')!.words);
    expect(words).toContain('die 2 anderen Knoten, die Chat-Aufgaben anbieten, verlangen im Median 1,125\u00a0×');
    expect(words).not.toMatch(/chat-Aufgaben/);
  });

  it('hands the page the status’s multipliers as numbers, which a German page writes "0,15", never "0.15"', async () => {
    const fetchImpl = scripted({ ...healthy, '/v1/registry/nodes/': { directory_observed_reachable: true } });
    const pricing = {
      declared: { multiplier: 1, model: 'per_token' as const },
      ceiling: 0.15,
      capped: true,
      tier: { name: 'sub_1b', weight: 0.05, model: 'qwen2.5:0.5b' },
      directoryMultiplier: 0.25,
      declarationAccepted: true,
    };
    const differs = (await diagnoseTasks(input({ fetchImpl, pricing }))).checks.find((x) => x.id === 'price')!;
    const words = createSay('de', 'de-DE').said(differs.words);
    expect(words).toContain('Das Verzeichnis führt noch 0,25\u00a0×, nicht Ihren Preis von 0,15\u00a0×.');
    expect(words).not.toMatch(/0\.\d/);
    const lowered = { ...pricing, directoryMultiplier: null };
    const low = (await diagnoseTasks(input({ fetchImpl, pricing: lowered }))).checks.find((x) => x.id === 'price')!;
    expect(createSay('de', 'de-DE').said(low.words)).toContain(
      'Das Verzeichnis hat ihn wegen der Größe Ihres Modells auf 0,15\u00a0× gesenkt.',
    );
  });
});

describe('whether consumers ask for the node’s models', () => {
  const discover = (nodes: unknown[]) => scripted({ ...healthy, '/v1/discover': { nodes, count: nodes.length } });

  it('others serve them and some are busy: consumers ask for them', async () => {
    const c = await check({}, 'demand');
    expect(c).toMatchObject({
      outcome: 'ok',
      words: 'The other node that serves your models: 1 is busy now, so consumers are asking for these models.',
    });
  });

  it('the others that serve them are idle too: not asked for now', async () => {
    const nodes = [
      { node_id: 'a', models: ['qwen2.5:7b'], load: 0, active_jobs: 0 },
      { node_id: 'b', models: ['qwen2.5:7b', 'x'], load: 0, active_jobs: 0 },
      { node_id: NODE, models: ['qwen2.5:7b'] },
    ];
    const c = await check({ fetchImpl: discover(nodes) }, 'demand');
    expect(c).toMatchObject({
      outcome: 'problem',
      words:
        'The 2 other nodes that serve your models are idle too: consumers are not asking for these models right now.',
    });
  });

  it('no other node serves them', async () => {
    const c = await check(
      {
        fetchImpl: discover([
          { node_id: 'a', models: ['llama3.1:8b'], load: 1 },
          { node_id: NODE, models: ['qwen2.5:7b'] },
        ]),
      },
      'demand',
    );
    expect(c.outcome).toBe('unknown');
    expect(c.words).toMatch(/No other node the directory lists serves your models/);
  });

  it('points to where the asked-for models are shown, a card that exists, not a page the menu lacks', async () => {
    const c = await check({ fetchImpl: discover([{ node_id: NODE, models: ['qwen2.5:7b'] }]) }, 'demand');
    expect(c.words).not.toMatch(/Requests page/);
    expect(c.words).toContain('“What the network asks for” on the Dashboard');
  });

  it('a search that could not be read says so', async () => {
    const failing = (async () => new Response('{}', { status: 500 })) as unknown as typeof fetch;
    expect((await check({ fetchImpl: failing }, 'demand')).outcome).toBe('unknown');
  });

  it('probation names the QoS class consumers ask for', async () => {
    const c = await check({ standing: { reputationScore: 0.5, probation: true, completedTasks: 12 } }, 'standing');
    expect(c.words).toMatch(/interactive answers/);
  });
});
