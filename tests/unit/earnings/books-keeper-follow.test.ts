/**
 * The directory's books beside the node's own figures: when the node's awards move, the books are read again soon
 * (not ten minutes later), at most once a minute however busy the node is; and each read of the transaction list
 * records the stretch of time it showed whole, kept across restarts, so only a day seen whole gets a directory figure.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BooksKeeper } from '@engine/earnings/books-keeper';
import { LISTED_ROWS } from '@engine/earnings/list-coverage';
import { Store } from '@engine/store';
import { tempDir } from '../../support/tmp';

const NODE = '2f1e3d4c-8a9b-4c5d-9e0f-112233445566';
const H = 3_600_000;

const cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.splice(0).forEach((c) => c());
  vi.useRealTimers();
});

function openStore(): { store: Store; path: string } {
  const t = tempDir();
  const path = `${t.dir}/provider.db`;
  const store = Store.open(path);
  cleanups.push(() => {
    store.close();
    t.cleanup();
  });
  return { store, path };
}

/** A directory whose transaction list is `list.current` when asked; it counts the reads of the list. */
function directory(list: { current: unknown[]; reads: number }): typeof fetch {
  return (async (input: string | URL | Request) => {
    const path = new URL(String(input)).pathname.replace(/^\/api/, '');
    if (path === '/v1/credits/transactions') list.reads += 1;
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
    syncIntervalMs: 10 * 60_000,
    listingIntervalMs: 3_600_000,
  });
  cleanups.unshift(() => k.halt());
  return k;
}

const credit = (i: number, at: number) => ({
  id: String(i),
  amount: '0.0060',
  type: 'credit',
  task_id: null,
  reason: 'task_completion',
  created_at: new Date(at).toISOString(),
});

describe('the books after the node’s own awards move', () => {
  it('are read again 15 s later, once for a burst, and then at most once a minute', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-21T10:00:00Z') });
    const list = { current: [] as unknown[], reads: 0 };
    const k = keeper(openStore().store, directory(list), () => Date.now());
    await k.syncNow();
    expect(list.reads).toBe(1);
    expect(k.behind()).toBe(false);

    // A burst of awards right after that read: one read follows, a minute after the last one began.
    await vi.advanceTimersByTimeAsync(5_000);
    k.awardsMoved();
    expect(k.behind()).toBe(true);
    k.awardsMoved();
    await vi.advanceTimersByTimeAsync(50_000);
    expect(list.reads).toBe(1);
    await vi.advanceTimersByTimeAsync(6_000);
    expect(list.reads).toBe(2);
    expect(k.behind()).toBe(false);

    // A quiet while later, an award: read 15 s after it, not at the ten-minute turn.
    await vi.advanceTimersByTimeAsync(120_000);
    const reads = list.reads;
    k.awardsMoved();
    await vi.advanceTimersByTimeAsync(14_000);
    expect(list.reads).toBe(reads);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(list.reads).toBe(reads + 1);
  });
});

describe('the stretches the transaction lists showed whole', () => {
  it('a short list shows everything up to its read; a full one only from its oldest row; both are kept across restarts', async () => {
    const now = { t: Date.parse('2026-11-22T06:00:00Z') };
    const dayStart = Date.parse('2026-11-21T00:00:00Z');
    const dayEnd = dayStart + 24 * H;
    const list = { current: [credit(1, dayStart + 10 * H), credit(2, dayStart + 11 * H)] as unknown[], reads: 0 };
    const { store, path } = openStore();
    const k = keeper(store, directory(list), () => now.t);
    await k.syncNow();
    expect(k.listedWhole(dayStart, dayEnd)).toBe(true);

    // A second node's store: a full list read later shows only its last hour.
    const other = openStore();
    const busy = Array.from({ length: LISTED_ROWS }, (_, i) => credit(100 + i, dayEnd - i * 3 * 60_000));
    const k2 = keeper(other.store, directory({ current: busy, reads: 0 }), () => now.t);
    await k2.syncNow();
    expect(k2.listedWhole(dayStart, dayEnd)).toBe(false);
    expect(k2.listedWhole(dayEnd - 30 * 60_000, dayEnd)).toBe(true);

    // After a restart the stretches are read back from the engine state.
    k.halt();
    store.close();
    const reopened = Store.open(path);
    cleanups.push(() => reopened.close());
    const again = keeper(reopened, directory(list), () => now.t);
    expect(again.listedWhole(dayStart, dayEnd)).toBe(true);
  });
});
