/**
 * A node the directory charged more than a request was expected to cost is not asked again: the gateway as the node
 * runs it (its three parts on a loopback socket, the spent book in a real store as gateway-parts.ts wires it), the
 * books read after the paid answer by the real books keeper from a scripted directory whose debit for the task is
 * above the row's expected cost. The row is flagged `overcharged` once the books are read, and the next request goes
 * to the other node, also after a restart of the gateway on the same store.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_GATEWAY_SETTINGS } from '@shared/contract';
import { BooksKeeper } from '@engine/earnings/books-keeper';
import { composeGateway } from '@engine/gateway/compose-gateway';
import type { SpendBook } from '@engine/gateway/spending/spend-totals';
import { Store } from '@engine/store';
import { formatCredits } from '@engine/pricing';
import { tempDir } from '../../support/tmp';
import { echoResult, fakeNode, nodesFetch, type FakeNode } from './fake-cx-node';

const SELF = '00000000-0000-4000-8000-000000000001';
const CHAT = 'urn:iicp:intent:llm:chat:v1';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** The spent book on the store, as the node wires it (gateway-parts.ts). */
function storeBook(store: Store, now: () => number): SpendBook {
  const spend = store.spend;
  return {
    record: (entries) => spend.recordAll(entries),
    recent: (limit) => spend.recent(limit),
    spentBetweenMicro: (from, to) => spend.spentBetweenU(from, to),
    byApp: (from, to) => spend.byApp(from, to),
    version: () => spend.version,
    unsettledMicro: () => spend.unsettledU(now() - 2 * 86_400_000),
    flagged: { version: () => spend.flagsVersion, nodes: () => spend.flaggedNodes() },
  };
}

/** A directory that lists `nodes` for chat, and whose transaction list is what `debits()` says when it is read. */
function directory(nodes: readonly FakeNode[], debits: () => unknown[]): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = new URL(String(input));
    const path = url.pathname.replace(/^\/api/, '');
    let body: unknown = {};
    if (path === '/v1/discover') {
      body = {
        nodes: (url.searchParams.get('intent') === CHAT ? nodes : []).map((n) => ({
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
    } else if (path === '/v1/credits/transactions') body = { transactions: debits() };
    else if (path.startsWith('/v1/credits/')) body = { balance: '100.0000', total_earned: '0.0000' };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  }) as typeof fetch;
}

function post(
  port: number,
  body: unknown,
  secret: string,
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/chat/completions',
        method: 'POST',
        agent: false,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${secret}` },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('a node the directory charged more than expected', () => {
  it('is flagged overcharged once the books are read, and the next request (also after a restart) goes to another node', async () => {
    const t = tempDir();
    const store = Store.open(`${t.dir}/provider.db`);
    cleanups.push(() => {
      store.close();
      t.cleanup();
    });
    const now = () => Date.now();
    const greedy = fakeNode('n-greedy', { behaviour: { kind: 'answer', result: echoResult } });
    const honest = fakeNode('n-honest', { behaviour: { kind: 'answer', result: echoResult } });
    // The directory debits each request answered by the greedy node a tenth of a credit above its expected cost.
    const debits = () =>
      store.spend
        .recent(50)
        .filter((r) => r.nodeId === 'n-greedy' && r.expected !== null)
        .map((r, i) => ({
          id: `d${i}`,
          amount: formatCredits(Math.round(r.expected! * 1e6) + 100_000),
          type: 'debit',
          task_id: r.taskId,
          reason: 'task_spend',
          created_at: new Date(now() - 1000).toISOString(),
        }));
    const dirFetch = directory([greedy, honest], debits);
    const keeper = new BooksKeeper({
      store,
      nodeId: SELF,
      baseUrl: () => 'https://dir.example/api',
      token: () => 'node-token',
      pricingModel: () => 'per_token',
      log: () => {},
      onChange: () => {},
      fetchImpl: dirFetch,
      now,
      syncIntervalMs: 3_600_000,
      listingIntervalMs: 3_600_000,
    });
    cleanups.unshift(() => keeper.halt());

    const start = async () => {
      const gateway = composeGateway({
        settings: () => ({ ...DEFAULT_GATEWAY_SETTINGS, enabled: true, dailyCap: 5, monthlyCap: 50 }),
        directoryUrl: () => 'https://dir.example/api',
        shelf: store.state,
        book: storeBook(store, now),
        selfNodeId: SELF,
        nodeToken: () => 'node-token',
        operatorFingerprint: () => null,
        myMachines: () => [],
        balance: () => 100,
        directoryFetch: dirFetch,
        nodeFetch: nodesFetch([greedy, honest]).fetch,
        now,
        timeZone: 'UTC',
        log: () => {},
        onChange: () => {},
        readBooks: () => keeper.syncNow(),
        readBooksAfterMs: 1,
        portOverride: 0,
      });
      cleanups.unshift(() => gateway.listener.stop());
      await gateway.listener.start();
      return gateway;
    };
    const gateway = await start();
    const { secret } = gateway.keys.createKey('editor');
    const ask = { model: 'm1', messages: [{ role: 'user', content: 'hello' }], max_tokens: 64 };

    const first = await post(gateway.listener.port!, ask, secret);
    expect(first.status).toBe(200);
    expect(first.headers['x-iicp-node-id']).toBe('n-greedy');
    const taskId = String(first.headers['x-iicp-task-id']);
    // Read after the paid answer: the debit is above the expected cost, so the row is flagged.
    await vi.waitFor(() =>
      expect(store.spend.recent(10).find((r) => r.taskId === taskId)).toMatchObject({
        flag: 'overcharged',
        notCharged: false,
        maxTokensLowered: null,
      }),
    );
    const row = store.spend.recent(10).find((r) => r.taskId === taskId)!;
    expect(row.charged!).toBeGreaterThan(row.expected!);

    const next = await post(gateway.listener.port!, ask, secret);
    expect(next.status).toBe(200);
    expect(next.headers['x-iicp-node-id']).toBe('n-honest');

    // A restart of the gateway on the same store still skips it.
    await gateway.listener.stop();
    const again = await start();
    const afterRestart = await post(again.listener.port!, ask, again.keys.createKey('editor 2').secret);
    expect(afterRestart.status).toBe(200);
    expect(afterRestart.headers['x-iicp-node-id']).toBe('n-honest');
  });
});
