/**
 * Serving comes first: while the event loop that answers tasks is busy (the poster runs on the ledger thread and is
 * told so), a batch of awards waits for a quieter moment — a linger at a time, at most MAX_DEFER_MS — and is then
 * posted anyway, so claims are delayed under load, never stopped.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LINGER_MS, MAX_DEFER_MS, ReceiptPoster } from '@engine/earnings/receipt-poster';
import { buildReceipt } from '@engine/pricing/receipt';
import { tempStore } from '../../support/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const c of cleanups.splice(0)) c();
});

const KEY = 'k'.repeat(64);
const T0 = Date.now();

function setup() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const t = tempStore();
  cleanups.push(t.cleanup);
  const posted: string[] = [];
  let busy = false;
  const poster = new ReceiptPoster({
    ledger: t.store.ledger,
    nodeId: 'node-1',
    baseUrl: () => 'http://directory.test/api',
    token: () => 'token',
    hmacKey: () => KEY,
    log: () => undefined,
    onChange: () => undefined,
    fetchImpl: (async (_url: string, init: RequestInit) => {
      posted.push(String((JSON.parse(String(init.body)) as { task_id: string }).task_id));
      return Response.json({ awarded: 0.01 });
    }) as unknown as typeof fetch,
    busy: () => busy,
  });
  cleanups.unshift(() => void poster.stop());
  let seq = 0;
  const receipt = () => {
    const taskId = `t-${++seq}`;
    const row = { taskId, ts: T0, intent: 'urn:iicp:intent:llm:chat:v1', model: 'm', outcome: 'ok' as const, tokens: 10, latencyMs: 5 };
    const body = buildReceipt({ nodeId: 'node-1', taskId, tokensUsed: 10, amount: 0.01, result: { ok: true }, hmacKey: KEY, now: T0, ttlMs: 3_600_000 });
    t.store.ledger.insertWithReceipt(row, { body, amount: 0.01, expiresAt: T0 + 3_600_000 });
  };
  return { poster, posted, receipt, store: t.store, setBusy: (b: boolean) => (busy = b) };
}

/** The round under way, to its end. */
const running = (poster: ReceiptPoster) => (poster as unknown as { running: Promise<void> | null }).running;

describe('receipt poster: serving first', () => {
  it('while the event loop is busy, a batch waits; at most MAX_DEFER_MS, then it is posted anyway', async () => {
    const w = setup();
    w.receipt();
    w.setBusy(true);
    w.poster.kick();
    await vi.advanceTimersByTimeAsync(MAX_DEFER_MS - LINGER_MS);
    expect(w.posted).toEqual([]);
    await vi.advanceTimersByTimeAsync(LINGER_MS);
    await running(w.poster);
    expect(w.posted).toEqual(['t-1']);
    expect(w.store.ledger.outboxSize()).toBe(0);
  });

  it('goes at once when the loop is quiet again', async () => {
    const w = setup();
    w.receipt();
    w.setBusy(true);
    w.poster.kick();
    await vi.advanceTimersByTimeAsync(LINGER_MS);
    expect(w.posted).toEqual([]);
    w.setBusy(false);
    await vi.advanceTimersByTimeAsync(LINGER_MS);
    await running(w.poster);
    expect(w.posted).toEqual(['t-1']);
  });

  it('a quiet loop costs no wait at all', async () => {
    const w = setup();
    w.receipt();
    w.poster.kick();
    await running(w.poster);
    expect(w.posted).toEqual(['t-1']);
  });
});
