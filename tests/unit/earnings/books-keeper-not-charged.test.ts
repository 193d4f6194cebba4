/**
 * A paid gateway request the directory never debited is not money spent: until the settle time has passed it counts
 * at what was booked for it (the debit may simply not be in the books yet); once books read at least the settle time
 * later, whose lists showed every transaction since, still hold no debit for it, it is marked not charged and counts
 * 0; a debit read later after all clears the mark and counts what it debited.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BooksKeeper, SPEND_SETTLE_MS } from '@engine/earnings/books-keeper';
import { Store } from '@engine/store';
import type { NewSpendRow } from '@engine/store/spend-repo';
import { fakeClock } from '../../support/fake-clock';
import { tempDir } from '../../support/tmp';

const NODE = '2f1e3d4c-8a9b-4c5d-9e0f-112233445566';

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

function paid(taskId: string, atMs: number, creditsU: number): NewSpendRow {
  return {
    taskId,
    atMs,
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
    route: 'paid',
    expectedU: creditsU,
    worstU: 3 * creditsU,
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

function keeper(store: Store, fetchImpl: typeof fetch, now: () => number): BooksKeeper {
  const k = new BooksKeeper({
    store,
    nodeId: NODE,
    baseUrl: () => 'https://iicp.example/api',
    token: () => 'tok-books-0123456789',
    pricingModel: () => 'per_token',
    log: () => {},
    onChange: () => {},
    fetchImpl,
    now,
    syncIntervalMs: 3_600_000,
    listingIntervalMs: 3_600_000,
  });
  cleanups.unshift(() => k.halt());
  return k;
}

/** One of the node's own credits (an award for a task it served): the list's only row, so the list is whole. */
const award = (id: string, at: number) => ({
  id,
  amount: '0.0100',
  type: 'credit',
  task_id: `served-${id}`,
  reason: 'task_completion',
  created_at: new Date(at).toISOString(),
});
const debit = (id: string, taskId: string, amount: string, at: number) => ({
  id,
  amount,
  type: 'debit',
  task_id: taskId,
  reason: 'task_spend',
  created_at: new Date(at).toISOString(),
});
const row = (store: Store, taskId: string) => store.spend.recent(10).find((r) => r.taskId === taskId)!;

describe('a paid request with no debit after the settle time', () => {
  it('counts what was booked before the settle time, 0 once books read after it show no debit, and the debit once one comes', async () => {
    const clock = fakeClock();
    const store = openStore();
    const at = clock.now();
    store.spend.record(paid('gw-silent', at, 150_000));
    const list = { current: [award('1', at - 60_000)] };
    const k = keeper(store, directory(list), clock.now);
    const spent = () => store.spend.spentBetweenU(at - 3_600_000, at + 3_600_000);

    // Read a minute later: the debit may still come, so the request counts what was booked for it.
    clock.advance(60_000);
    await k.syncNow();
    expect(row(store, 'gw-silent')).toMatchObject({ notCharged: false, charged: null, credits: 0.15 });
    expect(spent()).toBe(150_000);
    expect(store.spend.unsettledU(at - 1)).toBe(150_000);

    // Read just before the settle time has passed: still counted.
    clock.advance(SPEND_SETTLE_MS - 2 * 60_000);
    list.current = [award('2', clock.now() - 1000), ...list.current];
    await k.syncNow();
    expect(row(store, 'gw-silent').notCharged).toBe(false);
    expect(spent()).toBe(150_000);

    // Read past the settle time, the lists having shown every transaction since before the request: not charged, 0.
    clock.advance(2 * 60_000);
    list.current = [award('3', clock.now() - 1000), ...list.current];
    await k.syncNow();
    expect(row(store, 'gw-silent')).toMatchObject({ notCharged: true, charged: null });
    expect(spent()).toBe(0);
    expect(store.spend.unsettledU(at - 1)).toBe(0);

    // The directory took longer after all: its debit, read later, clears the mark and is what counts.
    clock.advance(60_000);
    list.current = [debit('4', 'gw-silent', '0.1200', clock.now() - 1000), ...list.current];
    await k.syncNow();
    expect(row(store, 'gw-silent')).toMatchObject({ notCharged: false, charged: 0.12 });
    expect(spent()).toBe(120_000);
  });

  it('is not marked while the lists read have not shown every transaction since the request', async () => {
    const clock = fakeClock();
    const store = openStore();
    const at = clock.now();
    store.spend.record(paid('gw-unseen', at, 150_000));
    // Full lists (the directory's 20 newest) all newer than the request: what came between may hold its debit.
    const full = (t: number) => Array.from({ length: 20 }, (_, i) => award(`${t}-${i}`, t - i * 1000));
    const list = { current: [] as unknown[] };
    const k = keeper(store, directory(list), clock.now);
    clock.advance(SPEND_SETTLE_MS + 60_000);
    list.current = full(clock.now() - 1000);
    await k.syncNow();
    expect(row(store, 'gw-unseen').notCharged).toBe(false);
    expect(store.spend.spentBetweenU(at - 1, at + 1)).toBe(150_000);
  });
});
