/**
 * The directory's books say what this computer's gateway requests cost: each `task_spend` debit in the transactions a
 * sync reads marks its request charged, summed over every debit kept for the task (an operator wallet splits one
 * task's debit; the list holds only the 20 newest), and a debit for a task this computer never sent changes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BooksKeeper, spentTaskIds } from '@engine/earnings/books-keeper';
import { Store } from '@engine/store';
import type { NewSpendRow } from '@engine/store/spend-repo';
import { tempDir } from '../../support/tmp';

const NODE = '2f1e3d4c-8a9b-4c5d-9e0f-112233445566';
const NOW = Date.parse('2026-11-21T10:00:00Z');

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function openStore(): Store {
  const t = tempDir();
  const store = Store.open(`${t.dir}/provider.db`);
  cleanups.push(() => {
    store.close();
    t.cleanup();
  });
  return store;
}

function request(taskId: string, creditsU: number): NewSpendRow {
  return {
    taskId,
    atMs: NOW - 60_000,
    api: 'openai',
    intent: 'urn:iicp:intent:llm:chat:v1',
    model: 'llama3',
    nodeId: 'far',
    own: false,
    outcome: 'answered',
    code: 'ok',
    tokens: 100,
    creditsU,
    latencyMs: 500,
    attempts: 1,
  };
}

/** A directory whose transaction list is what the test holds in `list` when the sync asks. */
function directory(list: { current: unknown[] }): typeof fetch {
  return (async (input: string | URL | Request) => {
    const path = new URL(String(input)).pathname.replace(/^\/api/, '');
    const json =
      path === '/v1/credits/transactions'
        ? { transactions: list.current }
        : path.startsWith('/v1/credits/')
          ? { balance: '3.0000', total_earned: '4.0000' }
          : {};
    return new Response(JSON.stringify(json), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}

function keeper(store: Store, fetchImpl: typeof fetch): BooksKeeper {
  const k = new BooksKeeper({
    store,
    nodeId: NODE,
    baseUrl: () => 'https://iicp.example/api',
    token: () => 'tok-books-0123456789',
    pricingModel: () => 'per_token',
    log: () => {},
    onChange: () => {},
    fetchImpl,
    now: () => NOW,
    syncIntervalMs: 3_600_000,
    listingIntervalMs: 3_600_000,
  });
  cleanups.unshift(() => k.halt());
  return k;
}

const tx = (id: string, taskId: string | null, amount: string, reason: string, type = 'debit') => ({
  id,
  amount,
  type,
  task_id: taskId,
  reason,
  created_at: '2026-11-21T09:59:30Z',
});
const charged = (store: Store) => Object.fromEntries(store.spend.recent(10).map((r) => [r.taskId, r.charged]));

describe("checking the gateway's spend against the directory's books", () => {
  it('marks each request the directory debited with what it debited, over syncs, and only its own', async () => {
    const store = openStore();
    store.spend.record(request('gw-1', 150_000));
    store.spend.record(request('gw-2', 200_000));
    store.spend.record(request('gw-3', 100_000));
    const list = {
      current: [
        tx('1', 'gw-1', '0.1600', 'task_spend'),
        tx('2', 'gw-2', '0.1200', 'task_spend:operator_wallet:consumer=n1'),
        tx('3', 'someone-else', '0.5000', 'task_spend'),
        tx('4', null, '0.0060', 'task_completion', 'credit'),
      ],
    };
    const k = keeper(store, directory(list));
    await k.syncNow();
    expect(charged(store)).toEqual({ 'gw-1': 0.16, 'gw-2': 0.12, 'gw-3': null });
    expect(store.spend.unchecked(10).map((r) => r.taskId)).toEqual(['gw-3']);

    // The next list: the second half of gw-2's split debit, gw-3's debit; gw-1's has left the 20 newest.
    list.current = [
      tx('5', 'gw-2', '0.0800', 'task_spend:operator_wallet:consumer=n1'),
      tx('6', 'gw-3', '0.1000', 'task_spend'),
      tx('2', 'gw-2', '0.1200', 'task_spend:operator_wallet:consumer=n1'),
    ];
    await k.syncNow();
    expect(charged(store)).toEqual({ 'gw-1': 0.16, 'gw-2': 0.2, 'gw-3': 0.1 });
    expect(store.spend.unchecked(10)).toEqual([]);
    expect(store.spend.spentBetween(0, NOW)).toBe(0.46);
  });

  it("takes the task ids of the list's task_spend debits, once each", () => {
    const at = '2026-11-21T09:00:00Z';
    const row = (taskId: string | null, reason: string) => ({
      id: 'x',
      amount: '0.1',
      type: 'debit',
      taskId,
      reason,
      at,
    });
    expect(
      spentTaskIds([
        row('a', 'task_spend'),
        row('b', 'task_spend:operator_wallet:consumer=n'),
        row('a', 'task_spend'),
        row('c', 'task_completion'),
        row(null, 'task_spend'),
        row('d', 'task_spending'),
      ]),
    ).toEqual(['a', 'b']);
  });
});
