import { describe, expect, it } from 'vitest';
import type { GatewayRequestRow } from '@shared/contract';
import { appNameOf, namedRows } from '@engine/gateway/keys/request-names';

const row = (over: Partial<GatewayRequestRow>): GatewayRequestRow => ({
  taskId: 't',
  at: '2026-11-21T08:00:00.000Z',
  api: 'openai',
  model: 'llama3',
  nodeId: 'n1',
  own: false,
  outcome: 'answered',
  code: 'ok',
  tokens: 10,
  credits: 0.01,
  charged: null,
  latencyMs: 5,
  attempts: 1,
  streamNote: null,
  route: 'paid',
  appKeyId: 'k1',
  app: null,
  machine: null,
  planned: null,
  expected: null,
  worstCase: null,
  flag: null,
  notCharged: false,
  maxTokensLowered: null,
  ...over,
});

describe('namedRows: a row names its app and its machine when it is read', () => {
  const keys = () => [{ id: 'k1', name: 'Editor' }];
  const machineName = (id: string) => (id === 'n1' ? 'Ana laptop' : `Machine ${id}`);

  it('fills the app by its key’s name and the machine by the resolver; the page’s own key says "This page"', () => {
    const [a, b] = namedRows([row({}), row({ taskId: 'u', appKeyId: 'page', nodeId: 'n2' })], { keys, machineName });
    expect([a!.app, a!.machine]).toEqual(['Editor', 'Ana laptop']);
    expect([b!.app, b!.machine]).toEqual(['This page', 'Machine n2']);
  });

  it('names no machine on a row that tried none, and no app for a revoked key or a row from before keys were noted', () => {
    const rows = namedRows(
      [
        row({ nodeId: null, outcome: 'refused', code: 'insufficient_quota' }),
        row({ appKeyId: 'gone' }),
        row({ appKeyId: null }),
      ],
      { keys, machineName },
    );
    expect(rows.map((r) => [r.app, r.machine])).toEqual([
      ['Editor', null],
      [null, 'Ana laptop'],
      [null, 'Ana laptop'],
    ]);
    expect(appNameOf([], 'page')).toBe('This page');
  });
});
