import { describe, expect, it } from 'vitest';
import { readDiscoverAnswer } from '@engine/directory/discover-answer';
import type { DiscoveryClient, DiscoverResult } from '@engine/directory';
import { MachineReach, readReach, REACH_KEY } from '@engine/fleet/machine-reach';
import { memoryShelf } from '../../support/memory-shelf';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const EMBED = 'urn:iicp:intent:llm:embedding:v1';

/** A node as `GET /v1/discover` lists it. */
const listed = (id: string, extra: Record<string, unknown> = {}) => ({
  node_id: id,
  endpoint: `https://${id}.example.net`,
  cx_public_key: { algorithm: 'X25519', encoding: 'base64url', key: `key-of-${id}`, key_id: `kid-${id}`, features: [] },
  models: ['m1'],
  capabilities: [{ intent: CHAT, max_tokens: 4096 }],
  pricing: { credit_cost_multiplier: 1 },
  ...extra,
});

/** A discovery client whose last answers are the given bodies, per intent, answered at `at`. */
function lastAnswers(byIntent: Record<string, { body: unknown; at: number }>): DiscoveryClient {
  return {
    last: ({ intent }: { intent: string }): DiscoverResult | null => {
      const a = byIntent[intent];
      return a
        ? { answer: { at: a.at, nodes: readDiscoverAnswer(a.body)!.nodes }, failure: null, askedAt: a.at }
        : null;
    },
  } as unknown as DiscoveryClient;
}

describe('MachineReach: how the other machines are reached without the directory', () => {
  it('keeps the person’s machines of the discovery answers, per intent, and reads them back after a restart', () => {
    const shelf = memoryShelf();
    const discovery = lastAnswers({
      [CHAT]: { body: { nodes: [listed('mine'), listed('theirs')] }, at: 1000 },
      [EMBED]: { body: { nodes: [listed('mine', { models: ['e1'], capabilities: [{ intent: EMBED }] })] }, at: 900 },
    });
    const reach = new MachineReach({ shelf, discovery, intents: () => [CHAT, EMBED], others: () => ['mine'] });
    reach.learn();
    const base = {
      nodeId: 'mine',
      endpoint: 'https://mine.example.net',
      cx: { key: 'key-of-mine', keyId: 'kid-mine' },
      multiplier: 1,
      operator: null,
      nativeTransport: null,
    };
    const expected = [
      { ...base, intent: CHAT, models: ['m1'], maxTokens: 4096, seenAt: 1000 },
      { ...base, intent: EMBED, models: ['e1'], maxTokens: null, seenAt: 900 },
    ];
    expect(reach.known()).toEqual(expected);
    // A new run, nothing in memory and no discovery answer: the database still knows.
    const again = new MachineReach({ shelf, intents: () => [CHAT, EMBED], others: () => ['mine'] });
    expect(again.known()).toEqual(expected);
  });

  it('forgets a machine taken off the list', () => {
    const shelf = memoryShelf();
    const others = ['mine'];
    const reach = new MachineReach({
      shelf,
      discovery: lastAnswers({ [CHAT]: { body: { nodes: [listed('mine')] }, at: 1 } }),
      intents: () => [CHAT],
      others: () => others,
    });
    reach.learn();
    others.pop();
    expect(reach.known()).toEqual([]);
    reach.learn();
    expect(new MachineReach({ shelf, intents: () => [CHAT], others: () => ['mine'] }).known()).toEqual([]);
  });

  it('reads the kept machines as foreign input: a bad entry is dropped, the others stay', () => {
    const good = {
      endpoint: 'https://a.example',
      cx: { key: 'k', keyId: 'i' },
      multiplier: 1,
      operator: null,
      seenAt: 5,
      intents: { [CHAT]: { models: ['m'], maxTokens: null, stream: null, at: 5 } },
    };
    const kept = readReach({
      a: good,
      b: { ...good, endpoint: 'javascript:alert(1)' },
      c: { ...good, cx: { key: '', keyId: 'i' } },
      d: { ...good, intents: { [CHAT]: { models: ['x'.repeat(256)], maxTokens: null, stream: null, at: 5 } } },
      e: { ...good, extra: true },
      'not an id!': good,
      f: 'text',
    });
    expect([...kept.keys()]).toEqual(['a']);
    expect(readReach([good]).size).toBe(0);
    expect(
      new MachineReach({
        shelf: memoryShelf({ [REACH_KEY]: 'not a record' }),
        intents: () => [CHAT],
        others: () => ['a'],
      }).known(),
    ).toEqual([]);
  });

  it('a failed write is told, and the machines stay known in memory', () => {
    const shelf = memoryShelf();
    shelf.failSet = true;
    const told: string[] = [];
    const reach = new MachineReach({
      shelf,
      discovery: lastAnswers({ [CHAT]: { body: { nodes: [listed('mine')] }, at: 1 } }),
      intents: () => [CHAT],
      others: () => ['mine'],
      log: (p) => told.push(p),
    });
    reach.learn();
    expect(told).toEqual(['SQLITE_FULL: database or disk is full']);
    expect(reach.known().map((k) => k.nodeId)).toEqual(['mine']);
  });
});
