import { afterEach, describe, expect, it } from 'vitest';
import { said } from '@shared/i18n/said';
import { english } from '@shared/i18n/say';
import { KnownOffer, withKnownMachines, type KnownMachine } from '@engine/gateway/routing/known-machines';
import { NetworkOffer, type NodeList, type OfferedNode } from '@engine/gateway/routing/network-offer';
import { DiscoveryClient } from '@engine/directory/discovery-client';
import { fakeClock } from '../../../support/fake-clock';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const EMBED = 'urn:iicp:intent:llm:embedding:v1';
const DOWN = 'The directory cannot be reached to find nodes.';

const node = (nodeId: string, models: string[]): OfferedNode => ({
  nodeId,
  endpoint: `https://${nodeId}.example`,
  cx: { key: `k-${nodeId}`, keyId: `kid-${nodeId}` },
  models,
  multiplier: 1,
  maxTokens: null,
  operator: null,
  nativeTransport: null,
});
const known = (nodeId: string, intent: string, models: string[]): KnownMachine => ({
  ...node(nodeId, models),
  intent,
  seenAt: 1,
});
const list = (nodes: OfferedNode[], problem: string | null): NodeList => ({
  nodes,
  at: 0,
  problem: problem === null ? null : said('gateway.offer.problem', { kind: 'unreachable', noneKnown: 'no' }),
});

describe('withKnownMachines: the person’s machines stand in for the directory while it is down', () => {
  it('changes nothing while the directory answers', () => {
    const l = list([node('x', ['m'])], null);
    expect(withKnownMachines(l, CHAT, 'm', [known('mine', CHAT, ['m'])])).toBe(l);
  });

  it('adds the known machines of the intent that serve the model, without their bookkeeping', () => {
    const out = withKnownMachines(list([], DOWN), CHAT, 'm', [
      known('a', CHAT, ['m']),
      known('b', CHAT, ['other']),
      known('c', EMBED, ['m']),
    ]);
    expect(out.nodes).toEqual([node('a', ['m'])]);
    expect(english.said(out.problem!)).toBe(DOWN);
  });

  it('keeps the directory’s last word on a machine it still lists, and adds every known one when no model is asked', () => {
    const stale = node('a', ['m', 'n']);
    const out = withKnownMachines(list([stale], DOWN), CHAT, null, [known('a', CHAT, ['m']), known('b', CHAT, ['p'])]);
    expect(out.nodes).toEqual([stale, node('b', ['p'])]);
  });

  it('says that no own machine offers the model either when none does', () => {
    const out = withKnownMachines(list([], DOWN), CHAT, 'm', [known('b', CHAT, ['other'])]);
    expect(out.nodes).toEqual([]);
    expect(english.said(out.problem!)).toBe(
      'The directory cannot be reached to find nodes, and none of your own machines known to this computer offers this model.',
    );
  });

  it('KnownOffer reads the known machines only when the directory could not be asked', async () => {
    let reads = 0;
    const lists: NodeList[] = [list([], null), list([], DOWN)];
    const offer = new KnownOffer({ nodes: () => Promise.resolve(lists.shift()!) }, () => {
      reads += 1;
      return [known('a', CHAT, ['m'])];
    });
    expect((await offer.nodes(CHAT, 'm')).nodes).toEqual([]);
    expect(reads).toBe(0);
    expect((await offer.nodes(CHAT, 'm')).nodes.map((n) => n.nodeId)).toEqual(['a']);
    expect(reads).toBe(1);
  });
});

describe('KnownOffer before the directory’s first answer', () => {
  /** Gives the hanging directory's ask its answer at the end, so nothing is left pending. */
  const releases: (() => void)[] = [];
  afterEach(() => {
    for (const release of releases.splice(0)) release();
  });

  it('a model a known machine serves goes there at once; the directory is still asked behind it', async () => {
    let asks = 0;
    const hanging = (() => {
      asks += 1;
      return new Promise<Response>((resolve) =>
        releases.push(() => resolve(new Response('{"nodes":[]}', { headers: { 'content-type': 'application/json' } }))),
      );
    }) as unknown as typeof fetch;
    const clock = fakeClock();
    const discovery = new DiscoveryClient({
      directoryUrl: () => 'https://dir.example',
      fetchImpl: hanging,
      now: clock.now,
    });
    const offer = new KnownOffer(new NetworkOffer(discovery, { now: clock.now }), () => [known('mine', CHAT, ['m'])]);
    const got = await offer.nodes(CHAT, 'm');
    expect(got.nodes.map((n) => n.nodeId)).toEqual(['mine']);
    expect(english.said(got.problem!)).toBe('The directory has not answered yet.');
    expect(asks).toBe(1);
  });
});
