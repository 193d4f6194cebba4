import { describe, expect, it } from 'vitest';
import { modelList } from '@engine/gateway/models/model-list';
import type { NodeList, OfferedNode } from '@engine/gateway/routing/network-offer';

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
const list = (...nodes: OfferedNode[]): NodeList => ({ nodes, at: 0, problem: null });
const MINE = new Set(['mine']);

describe('modelList', () => {
  it('names each model by the nearest machine that serves it: this computer, then the person’s, then others', () => {
    const lists = [list(node('other', ['a', 'b', 'c']), node('mine', ['b', 'c'])), list(node('self', ['z']))];
    const got = modelList({
      lists,
      localModels: ['c', 'd'],
      selfNodeId: 'self',
      isOwn: (n) => MINE.has(n.nodeId),
      ownOnly: false,
    });
    expect(got).toEqual([
      { id: 'c', ownedBy: 'this-computer' },
      { id: 'd', ownedBy: 'this-computer' },
      { id: 'a', ownedBy: 'iicp-network' },
      { id: 'b', ownedBy: 'my-machines' },
    ]);
  });

  it('leaves others’ models out when only the person’s machines may answer, and keeps this computer’s', () => {
    const lists = [list(node('other', ['a']), node('mine', ['b']))];
    const got = modelList({
      lists,
      localModels: ['c'],
      selfNodeId: 'self',
      isOwn: (n) => MINE.has(n.nodeId),
      ownOnly: true,
    });
    expect(got.map((m) => m.id)).toEqual(['c', 'b']);
  });

  it('lists at most a thousand models', () => {
    const many = Array.from({ length: 1500 }, (_, i) => `m${i}`);
    expect(
      modelList({
        lists: [list(node('other', many))],
        localModels: [],
        selfNodeId: 'self',
        isOwn: () => false,
        ownOnly: false,
      }),
    ).toHaveLength(1000);
  });
});
