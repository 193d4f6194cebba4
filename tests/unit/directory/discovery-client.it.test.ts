/**
 * The node's one discovery client (`DiscoveryClient`): one `GET /v1/discover` per question and freshness window for
 * every reader (the gateway's offer, the person's machines, "Why am I not getting tasks?", the demand card, the region
 * list; a relay election asks at each election), callers asking together sharing one request, a failure that neither
 * poisons the cache nor is asked again by every caller, hostile answers refused as before, and the pages telling one
 * answer of one age.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DiscoveryClient, DISCOVERY_FRESH_MS } from '@engine/directory/discovery-client';
import { RegionCatalog } from '@engine/directory/region-catalog';
import { discoverSiblings } from '@engine/fleet/machine-reads';
import { NetworkOffer, offeredNodes } from '@engine/gateway/routing/network-offer';
import { listRelays } from '@engine/relay/relay-election';
import { readDemand } from '@engine/requests/network-demand';
import { diagnoseTasks, type DiagnoseInput } from '@engine/requests/why-no-tasks';
import { english } from '@shared/i18n/say';
import { healthyDiagnosis } from '../requests/healthy-diagnosis';
import { fakeClock } from '../../support/fake-clock';
import { serveOnLoopback } from '../../support/http-server';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const ME = '4d1f2a3b-0000-4000-8000-000000000001';
const FP = '0123456789ab';
/** Just over the directory cap of `engine/directory/http.ts`. */
const OVER_CAP = 1024 * 1024 + 1;

/** A node as `GET /v1/discover` lists it. */
const listed = (id: string, extra: Record<string, unknown> = {}) => ({
  node_id: id,
  endpoint: `https://${id}.example.net`,
  cx_public_key: { key: `key-of-${id}`, key_id: `kid-${id}` },
  models: ['qwen2.5:7b'],
  capabilities: [{ intent: CHAT, max_tokens: 4096 }],
  pricing: { credit_cost_multiplier: 1.5 },
  region: 'eu-west',
  load: 0.5,
  active_jobs: 1,
  ...extra,
});

const NODES = [
  listed('a0000000-0000-4000-8000-00000000000a', { operator_fingerprint: FP }),
  listed('b0000000-0000-4000-8000-00000000000b', { relay_capable: true, endpoint: 'https://relay-b.example.net' }),
  listed('c0000000-0000-4000-8000-00000000000c', { pricing: { credit_cost_multiplier: 0.5 } }),
  listed(ME),
];

type Reply = { status: number; body: string } | 'hang';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A directory on loopback that counts its discover requests and answers them with `reply` (a registry of none). */
async function countingDirectory(
  reply: (url: URL) => Reply = () => ({ status: 200, body: JSON.stringify({ nodes: NODES }) }),
) {
  const asked: URL[] = [];
  const memberships: (string | undefined)[] = [];
  const hanging: (() => void)[] = [];
  const server = await serveOnLoopback((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/v1/discover') {
      asked.push(url);
      memberships.push(req.headers['x-iicp-membership'] as string | undefined);
      const r = reply(url);
      if (r === 'hang')
        return void hanging.push(() =>
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ nodes: NODES })),
        );
      return void res.writeHead(r.status, { 'content-type': 'application/json' }).end(r.body);
    }
    if (url.pathname === '/api/v1/registry/nodes')
      return void res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ nodes: [], total: 0 }));
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found"}}');
  });
  closers.push(server.close);
  const url = `http://127.0.0.1:${server.port}/api`;
  const chatAsks = () =>
    asked.filter(
      (u) =>
        u.searchParams.get('intent') === CHAT && !u.searchParams.has('relay_capable') && !u.searchParams.has('model'),
    ).length;
  return { url, asked, memberships, hanging, chatAsks };
}

function diagnosis(url: string, discovery: DiscoveryClient): DiagnoseInput {
  return {
    ...healthyDiagnosis(url, ME),
    discover: (intent) => discovery.discover({ intent }),
  };
}

const demandInput = (url: string, discovery: DiscoveryClient, now: () => number) => ({
  directoryUrl: url,
  nodeId: ME,
  membership: null,
  offered: ['qwen2.5:7b'],
  price: 1,
  asked: [],
  pullTo: [],
  now,
  discovery,
});

describe('one discovery client for every reader', () => {
  it('within the window one request serves every reader of the chat listing; a relay election asks for the relays each time', async () => {
    const dir = await countingDirectory();
    const clock = fakeClock();
    const discovery = new DiscoveryClient({ directoryUrl: () => dir.url, now: clock.now });
    const offer = new NetworkOffer(discovery);
    const regions = new RegionCatalog({ discovery: () => discovery });
    const rules = { allowPrivate: false, ownPorts: [] };
    const [list, siblings, relays, diagnosed, demand, regionList] = await Promise.all([
      offer.nodes(CHAT, null),
      discoverSiblings(discovery, FP, [CHAT]),
      listRelays(discovery, CHAT, { rules }),
      diagnoseTasks(diagnosis(dir.url, discovery)),
      readDemand(demandInput(dir.url, discovery, clock.now)),
      regions.list(dir.url),
    ]);
    clock.advance(DISCOVERY_FRESH_MS - 1);
    await Promise.all([
      offer.nodes(CHAT, null),
      discoverSiblings(discovery, FP, [CHAT]),
      listRelays(discovery, CHAT, { rules }),
      diagnoseTasks(diagnosis(dir.url, discovery)),
      regions.list(dir.url),
    ]);
    // One question for the chat listing, however many pages asked; the relays among them are asked at each election,
    // which must see a relay listed a moment ago.
    expect(dir.chatAsks()).toBe(1);
    expect(dir.asked.filter((u) => u.searchParams.get('relay_capable') === 'true')).toHaveLength(2);
    // The demand card also asks once for each speech intent's listing, within the window too.
    const speech = dir.asked.map((u) => u.searchParams.get('intent') ?? '').filter((i) => !i.includes(':llm:'));
    expect(speech.sort()).toEqual([
      'urn:iicp:intent:audio:speech:v1',
      'urn:iicp:intent:audio:transcribe:v1',
      'urn:iicp:intent:safety:moderate:v1',
    ]);
    expect(dir.asked).toHaveLength(6);
    expect(list.nodes.map((n) => n.nodeId)).toHaveLength(4);
    expect(siblings?.ids).toEqual(['a0000000-0000-4000-8000-00000000000a']);
    expect(relays.map((r) => r.nodeId)).toEqual(['b0000000-0000-4000-8000-00000000000b']);
    expect(diagnosed.checks.find((c) => c.id === 'discoverable')?.outcome).toBe('ok');
    expect(demand.nodesSeen).toBe(3);
    expect(regionList.regions).toEqual([{ name: 'eu-west', nodes: 4 }]);
    // Past the window: asked again, once.
    clock.advance(1);
    await Promise.all([offer.nodes(CHAT, null), discoverSiblings(discovery, FP, [CHAT])]);
    expect(dir.chatAsks()).toBe(2);
  });

  it('callers asking together share one request', async () => {
    const dir = await countingDirectory(() => 'hang');
    const discovery = new DiscoveryClient({ directoryUrl: () => dir.url });
    const all = Array.from({ length: 20 }, () => discovery.discover({ intent: CHAT }));
    await expect.poll(() => dir.hanging.length).toBe(1);
    dir.hanging[0]!();
    const results = await Promise.all(all);
    expect(new Set(results).size).toBe(1);
    expect(dir.asked).toHaveLength(1);
  });

  it('a failure keeps the last good answer with its age, is asked once per window, and a later answer replaces it', async () => {
    let mode: 'ok' | 'refuse' = 'ok';
    const dir = await countingDirectory(() =>
      mode === 'ok'
        ? { status: 200, body: JSON.stringify({ nodes: NODES }) }
        : { status: 503, body: '{"error":{"code":"maintenance"}}' },
    );
    const clock = fakeClock();
    const discovery = new DiscoveryClient({ directoryUrl: () => dir.url, now: clock.now });
    const good = await discovery.discover({ intent: CHAT });
    expect(good).toMatchObject({ failure: null, answer: { at: clock.now() } });
    mode = 'refuse';
    clock.advance(DISCOVERY_FRESH_MS);
    const failed = await discovery.discover({ intent: CHAT });
    expect(failed.failure).toMatchObject({ kind: 'refused', failure: { status: 503 } });
    expect(failed.answer).toBe(good.answer);
    for (let i = 0; i < 10; i++) expect(await discovery.discover({ intent: CHAT })).toBe(failed);
    expect(dir.asked).toHaveLength(2);
    mode = 'ok';
    clock.advance(DISCOVERY_FRESH_MS);
    const back = await discovery.discover({ intent: CHAT });
    expect(back).toMatchObject({ failure: null, answer: { at: clock.now() } });
    expect(dir.asked).toHaveLength(3);
  });

  it('sends the membership to the node’s own directory only, never to another one asked', async () => {
    const own = await countingDirectory();
    const other = await countingDirectory();
    const discovery = new DiscoveryClient({ directoryUrl: () => own.url, membership: () => 'member-secret' });
    await discovery.discover({ intent: CHAT });
    await discovery.discover({ intent: CHAT }, { base: other.url });
    expect(own.memberships).toEqual(['member-secret']);
    expect(other.memberships).toEqual([undefined]);
  });
});

describe('hostile discover answers', () => {
  const answerOf = async (body: string, status = 200) => {
    const dir = await countingDirectory(() => ({ status, body }));
    return new DiscoveryClient({ directoryUrl: () => dir.url }).discover({ intent: CHAT });
  };

  it('an answer over 1 MiB is refused unread, as too big', async () => {
    const r = await answerOf(JSON.stringify({ nodes: NODES, padding: 'x'.repeat(OVER_CAP) }));
    expect(r).toMatchObject({ answer: null, failure: { kind: 'too_big' } });
  });

  it('an answer that is not JSON, not an object, or holds no list of nodes is no answer', async () => {
    expect((await answerOf('<html>')).failure).toMatchObject({ kind: 'refused', failure: { code: 'bad_response' } });
    expect((await answerOf('[1,2]')).failure).toMatchObject({ kind: 'refused', failure: { code: 'bad_response' } });
    expect((await answerOf('{"nodes":"all of them"}')).failure).toEqual({ kind: 'unreadable' });
    expect((await answerOf('{"nodes":{"0":{}}}')).failure).toEqual({ kind: 'unreadable' });
  });

  it('fields of the wrong type cost their field, and mark the node unsound: no task is sent there', async () => {
    const r = await answerOf(
      JSON.stringify({
        nodes: [
          listed('good'),
          listed('typed-wrong', {
            operator_fingerprint: 123456789012,
            region: 42,
            load: 'high',
            active_jobs: -1,
            probation: 'yes',
            relay_capable: 'true',
          }),
          listed('evil\u202eid'),
          listed('price', { pricing: { credit_cost_multiplier: -1 } }),
          'a node',
          null,
          [],
        ],
      }),
    );
    const nodes = r.answer!.nodes;
    expect(nodes.map((n) => [n.nodeId, n.sound])).toEqual([
      ['good', true],
      ['typed-wrong', false],
      [null, true],
      ['price', false],
    ]);
    expect(nodes[1]).toMatchObject({
      operator: null,
      region: null,
      load: null,
      activeJobs: null,
      probation: null,
      relayCapable: false,
    });
    expect(nodes[3]!.price).toBeNull();
    // The gateway sends only to sound nodes with an id.
    expect(offeredNodes(nodes, CHAT).map((n) => n.nodeId)).toEqual(['good']);
  });

  it('at most 100 nodes are read of one answer', async () => {
    const r = await answerOf(JSON.stringify({ nodes: Array.from({ length: 500 }, (_, i) => listed(`n${i}`)) }));
    expect(r.answer!.nodes).toHaveLength(100);
    expect(r.answer!.nodes.at(-1)!.nodeId).toBe('n99');
  });
});

describe('one answer, one age on every page', () => {
  it('the demand card, "Why am I not getting tasks?" and the gateway’s offer tell the same answer: same age, same counts', async () => {
    const dir = await countingDirectory();
    const clock = fakeClock();
    const discovery = new DiscoveryClient({ directoryUrl: () => dir.url, now: clock.now });
    const offer = new NetworkOffer(discovery);
    const gatewayList = await offer.nodes(CHAT, null);
    clock.advance(5_000);
    const demand = await readDemand(demandInput(dir.url, discovery, clock.now));
    clock.advance(4_000);
    const diagnosed = await diagnoseTasks({ ...diagnosis(dir.url, discovery), now: clock.now });
    const asOf = new Date(gatewayList.at).toISOString();
    expect(demand.discoveredAt).toBe(asOf);
    expect(diagnosed.discoveredAt).toBe(asOf);
    expect(offer.lastSeen(CHAT)!.at).toBe(gatewayList.at);
    // Three other nodes serve qwen2.5:7b in that answer: the gateway offers them, the card counts them, the check names
    // them.
    const others = gatewayList.nodes.filter((n) => n.nodeId !== ME);
    expect(others).toHaveLength(3);
    expect(demand.mine).toEqual([{ model: 'qwen2.5:7b', others: 3, own: 0 }]);
    expect(english.said(diagnosed.checks.find((c) => c.id === 'demand')!.words)).toContain(
      'The 3 other nodes that serve your models',
    );
    expect(english.said(diagnosed.checks.find((c) => c.id === 'discoverable')!.words)).toContain('place 4 of 4 listed');
    expect(dir.chatAsks()).toBe(1);
  });
});
