/**
 * What the network asks for, read from the node's one list of nodes (the directory's discover answer, the one "Why am
 * I not getting tasks?" and the gateway tell): the card counts the nodes that list names, of its age; without a list
 * it says only that the list is missing and why, never "no other node serves it", a verdict built on nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DiscoveryClient } from '@engine/directory/discovery-client';
import { listedMultiplier, readDiscoverAnswer } from '@engine/directory/discover-answer';
import { offeredNodes } from '@engine/gateway/routing/network-offer';
import { readDemand, type DemandRead } from '@engine/requests/network-demand';
import { said } from '@shared/i18n/said';
import { serveOnLoopback } from '../../support/http-server';

const ME = '4d1f2a3b-0000-4000-8000-000000000001';
const NOW = Date.parse('2026-09-01T10:00:00Z');
/** Just over the directory cap of `engine/directory/http.ts`. */
const OVER_CAP = 1024 * 1024 + 1;

/** Three other nodes serving qwen2.5:7b, as Use the network shows them. */
const THREE = {
  nodes: [
    {
      node_id: 'a0000000-0000-4000-8000-00000000000a',
      models: ['qwen2.5:7b', 'llama3.1:8b'],
      pricing: { credit_cost_multiplier: 1 },
    },
    {
      node_id: 'b0000000-0000-4000-8000-00000000000b',
      models: ['qwen2.5:7b'],
      pricing: { credit_cost_multiplier: 0.5 },
    },
    { node_id: 'c0000000-0000-4000-8000-00000000000c', models: ['qwen2.5:7b'], pricing: { credit_cost_multiplier: 2 } },
    { node_id: ME, models: ['qwen2.5:7b'], pricing: { credit_cost_multiplier: 1 } },
  ],
};

let close: (() => Promise<void>) | null = null;

afterEach(async () => {
  await close?.();
  close = null;
});

type Answer = { status: number; body: unknown };

/** A directory whose registry and discover answer as told (a string body is sent as it is); discover may change. */
async function directory(answers: { registry: Answer; discover: () => Answer }): Promise<string> {
  const server = await serveOnLoopback((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const a =
      path === '/api/v1/registry/nodes'
        ? answers.registry
        : path === '/api/v1/discover'
          ? answers.discover()
          : { status: 404, body: { error: { code: 'not_found' } } };
    res
      .writeHead(a.status, { 'content-type': 'application/json' })
      .end(typeof a.body === 'string' ? a.body : JSON.stringify(a.body));
  });
  close = server.close;
  return `http://127.0.0.1:${server.port}/api`;
}

const FAILED: Answer = { status: 503, body: { error: { code: 'unavailable' } } };

function input(directoryUrl: string, now = () => NOW): DemandRead {
  const discovery = new DiscoveryClient({ directoryUrl: () => directoryUrl, now });
  // The directory's address and the clock too, for a reader that also asks the registry.
  return {
    directoryUrl,
    membership: null,
    now,
    nodeId: ME,
    offered: ['qwen2.5:7b'],
    price: 1,
    asked: [{ model: 'mistral:7b', times: 2 }],
    pullTo: [],
    discovery,
  } as DemandRead;
}

describe('readDemand', () => {
  it('counts the nodes of the one list of nodes, whatever the registry did: three others serve qwen2.5:7b', async () => {
    const url = await directory({ registry: FAILED, discover: () => ({ status: 200, body: THREE }) });
    const d = await readDemand(input(url));
    expect(d.problem).toBeNull();
    expect(d.discoveredAt).toBe(new Date(NOW).toISOString());
    expect(d.mine).toEqual([{ model: 'qwen2.5:7b', others: 3, own: 0 }]);
    expect(d.nodesSeen).toBe(3);
    expect(d.scarce).toEqual([{ model: 'llama3.1:8b', nodes: 1, own: 0, yours: false }]);
    expect(d.price).toEqual({ yours: 1, others: 3, median: 1, cheaper: 1, dearer: 1 });
  });

  it('without a list says only that, and why: no count of other nodes, no price, but what consumers asked', async () => {
    const url = await directory({ registry: { status: 200, body: { nodes: [], total: 0 } }, discover: () => FAILED });
    const d = await readDemand(input(url));
    expect(d.problem).toEqual(said('dashboard.demand.problem.noList', { why: 'refused' }));
    expect(d.discoveredAt).toBeNull();
    expect(d.mine).toEqual([]);
    expect(d.scarce).toEqual([]);
    expect(d.price).toBeNull();
    expect(d.asked).toEqual([{ model: 'mistral:7b', times: 2 }]);
  });

  it('a list over 1 MiB is no list: said as too big to read', async () => {
    const url = await directory({
      registry: FAILED,
      discover: () => ({ status: 200, body: JSON.stringify({ ...THREE, padding: 'x'.repeat(OVER_CAP) }) }),
    });
    const d = await readDemand(input(url));
    expect(d.problem).toEqual(said('dashboard.demand.problem.noList', { why: 'too_big' }));
    expect(d.mine).toEqual([]);
  });

  it('when asking again fails, the last list is told with its age, and the problem says it is the last one', async () => {
    let answer: Answer = { status: 200, body: THREE };
    let now = NOW;
    const url = await directory({ registry: FAILED, discover: () => answer });
    const i = input(url, () => now);
    await readDemand(i);
    answer = FAILED;
    now += 60_000;
    const d = await readDemand({ ...i, fresh: true });
    expect(d.problem).toEqual(said('dashboard.demand.problem.lastList', { why: 'refused' }));
    expect(d.discoveredAt).toBe(new Date(NOW).toISOString());
    expect(d.mine).toEqual([{ model: 'qwen2.5:7b', others: 3, own: 0 }]);
  });

  it('reads each node’s price as the gateway does: a node listed without one asks the base rate', async () => {
    const unpriced = {
      nodes: THREE.nodes.map(({ pricing: _, ...n }, k) => ({
        ...n,
        endpoint: `https://node-${k}.example`,
        cx_public_key: { key: 'a2V5', key_id: `key-${k}` },
      })),
    };
    const url = await directory({ registry: FAILED, discover: () => ({ status: 200, body: unpriced }) });
    const d = await readDemand(input(url));
    // The gateway's "lowest price" of the same list: one reading of a listed node's price for both pages.
    const offered = offeredNodes(readDiscoverAnswer(unpriced)!.nodes, 'urn:iicp:intent:llm:chat:v1');
    expect(offered.map((n) => n.multiplier)).toEqual([1, 1, 1, 1]);
    expect(readDiscoverAnswer(unpriced)!.nodes.map(listedMultiplier)).toEqual([1, 1, 1, 1]);
    expect(d.price).toEqual({ yours: 1, others: 3, median: 1, cheaper: 0, dearer: 0 });
  });

  it('with a list that names no other node, says the price alone, never that no price was read', async () => {
    const alone = { nodes: [{ node_id: ME, models: ['qwen2.5:7b'] }] };
    const url = await directory({ registry: FAILED, discover: () => ({ status: 200, body: alone }) });
    const d = await readDemand(input(url));
    expect(d.price).toEqual({ yours: 1, others: 0, median: null, cheaper: 0, dearer: 0 });
  });

  it('counts the person’s own other machines apart from other people’s nodes, this computer in neither', async () => {
    const MINE = 'e0000000-0000-4000-8000-00000000000e';
    const FP = '0123456789ab';
    const list = {
      nodes: [
        ...THREE.nodes,
        { node_id: MINE, models: ['qwen2.5:7b', 'phi3:mini'] },
        { node_id: 'f0000000-0000-4000-8000-00000000000f', models: ['qwen2.5:7b'], operator_fingerprint: FP },
      ],
    };
    const url = await directory({ registry: FAILED, discover: () => ({ status: 200, body: list }) });
    const d = await readDemand({
      ...input(url),
      isOwn: (n) => n.nodeId === MINE || n.operator === FP,
    });
    // One on the machine list, one under the person's operator fingerprint; the three others are other people's.
    expect(d.mine).toEqual([{ model: 'qwen2.5:7b', others: 3, own: 2 }]);
    expect(d.scarce).toEqual([
      { model: 'llama3.1:8b', nodes: 1, own: 0, yours: false },
      { model: 'phi3:mini', nodes: 0, own: 1, yours: false },
    ]);
    expect(d.nodesSeen).toBe(5);
    // The price stands among other people's nodes only: the person's own machines are not whom consumers weigh it
    // against, and the card's line below counts them apart.
    expect(d.price).toEqual({ yours: 1, others: 3, median: 1, cheaper: 1, dearer: 1 });
  });
});

describe('readDemand: speech and moderation models on the network', () => {
  const TRANSCRIBE = 'urn:iicp:intent:audio:transcribe:v1';
  const SPEECH = 'urn:iicp:intent:audio:speech:v1';
  /** A directory that answers each intent with its own list, and refuses moderation's. */
  async function byIntent(): Promise<string> {
    const server = await serveOnLoopback((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const intent = url.searchParams.get('intent');
      const body =
        intent === TRANSCRIBE
          ? {
              nodes: [
                { node_id: 'a0000000-0000-4000-8000-00000000000a', models: ['whisper-large-v3', 'whisper-1'] },
                { node_id: 'b0000000-0000-4000-8000-00000000000b', models: ['whisper-large-v3'] },
                { node_id: ME, models: ['whisper-large-v3'] },
              ],
            }
          : intent === SPEECH
            ? { nodes: [{ node_id: 'a0000000-0000-4000-8000-00000000000a', models: ['tts-1'] }] }
            : intent === 'urn:iicp:intent:llm:chat:v1'
              ? THREE
              : null;
      if (url.pathname !== '/api/v1/discover' || body === null)
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"unavailable"}}');
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    close = server.close;
    return `http://127.0.0.1:${server.port}/api`;
  }

  it('lists each speech intent’s models with the nodes that serve them, what was asked, and what this node offers', async () => {
    const url = await byIntent();
    const i = input(url);
    const d = await readDemand({
      ...i,
      asked: [{ model: 'tts-1', times: 4 }],
      offeredFor: (intent) => (intent === TRANSCRIBE ? ['whisper-large-v3'] : []),
    });
    expect(d.speech).toEqual([
      { kind: 'transcribe', model: 'whisper-1', nodes: 1, own: 0, yours: false, asked: 0 },
      { kind: 'transcribe', model: 'whisper-large-v3', nodes: 2, own: 0, yours: true, asked: 0 },
      { kind: 'speech', model: 'tts-1', nodes: 1, own: 0, yours: false, asked: 4 },
    ]);
    // The chat figures are the chat list's, not the speech lists'.
    expect(d.mine).toEqual([{ model: 'qwen2.5:7b', others: 3, own: 0 }]);
  });

  it('counts the person’s own other machines apart from other people’s nodes, as for chat', async () => {
    const url = await byIntent();
    // Node a is on the machine list: its whisper-1 and tts-1 are the person's own, b's whisper-large-v3 another's.
    const d = await readDemand({ ...input(url), isOwn: (n) => n.nodeId === 'a0000000-0000-4000-8000-00000000000a' });
    expect(d.speech).toEqual([
      { kind: 'transcribe', model: 'whisper-1', nodes: 0, own: 1, yours: false, asked: 0 },
      { kind: 'transcribe', model: 'whisper-large-v3', nodes: 1, own: 1, yours: false, asked: 0 },
      { kind: 'speech', model: 'tts-1', nodes: 0, own: 1, yours: false, asked: 0 },
    ]);
  });

  it('an intent whose list could not be read says nothing of it, never "nobody serves it"', async () => {
    const url = await byIntent();
    const d = await readDemand({ ...input(url), offeredFor: () => ['toxic-bert'] });
    expect(d.speech.some((s) => s.kind === 'moderate')).toBe(false);
  });
});
