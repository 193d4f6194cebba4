/**
 * The poster says when it is idle (`onIdle`): nothing in flight, no new receipts lingering, no pause the directory
 * asked for, and the outbox's next due time (null: empty). The ledger thread closes on that word, so it must not come
 * while anything is still to be posted soon.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LINGER_MS, ReceiptPoster } from '@engine/earnings/receipt-poster';
import { buildReceipt } from '@engine/pricing/receipt';
import { tempStore } from '../../support/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const c of cleanups.splice(0)) c();
});

const KEY = 'k'.repeat(64);
const T0 = Date.now();

function setup(answer: () => Response) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const t = tempStore();
  cleanups.push(t.cleanup);
  const posted: string[] = [];
  const idle: (number | null)[] = [];
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
      return answer();
    }) as unknown as typeof fetch,
    onIdle: (nextDue) => idle.push(nextDue),
  });
  cleanups.unshift(() => void poster.stop());
  let seq = 0;
  const receipt = () => {
    const taskId = `t-${++seq}`;
    const row = { taskId, ts: T0, intent: 'urn:iicp:intent:llm:chat:v1', model: 'm', outcome: 'ok' as const, tokens: 10, latencyMs: 5 };
    const body = buildReceipt({ nodeId: 'node-1', taskId, tokensUsed: 10, amount: 0.01, result: { ok: true }, hmacKey: KEY, now: T0, ttlMs: 3_600_000 });
    t.store.ledger.insertWithReceipt(row, { body, amount: 0.01, expiresAt: T0 + 3_600_000 });
  };
  return { poster, posted, idle, receipt, store: t.store };
}

/** The round under way, to its end. */
const running = (poster: ReceiptPoster) => (poster as unknown as { running: Promise<void> | null }).running;

describe('receipt poster: when it is idle', () => {
  it('says so with an empty outbox once the round is over, and not before', async () => {
    const w = setup(() => Response.json({ awarded: 0.01 }));
    w.receipt();
    w.poster.kick();
    expect(w.idle).toEqual([]);
    await running(w.poster);
    expect(w.posted).toEqual(['t-1']);
    expect(w.idle).toEqual([null]);
  });

  it('new receipts lingering for company keep it busy until their round is over', async () => {
    const w = setup(() => Response.json({ awarded: 0.01 }));
    w.receipt();
    w.poster.kick();
    w.receipt();
    w.poster.soon();
    await running(w.poster);
    expect(w.idle).toEqual([]);
    await vi.advanceTimersByTimeAsync(LINGER_MS);
    await running(w.poster);
    expect(w.posted).toEqual(['t-1', 't-2']);
    expect(w.idle).toEqual([null]);
  });

  it('a receipt to retry later: idle until its retry, whose time it gives', async () => {
    const w = setup(() => Response.json({ error: { code: 'IICP-E500', message: 'boom' } }, { status: 500 }));
    w.receipt();
    w.poster.kick();
    await running(w.poster);
    expect(w.posted).toEqual(['t-1']);
    expect(w.idle).toHaveLength(1);
    expect(w.idle[0]).toBe(w.store.ledger.nextDue());
    expect(w.idle[0]).toBeGreaterThan(Date.now());
  });

  it('not while a pause the directory asked for runs', async () => {
    const w = setup(() => Response.json({ error: { code: 'IICP-E429', message: 'slow down' } }, { status: 429, headers: { 'retry-after': '30' } }));
    w.receipt();
    w.poster.kick();
    await running(w.poster);
    expect(w.posted).toEqual(['t-1']);
    expect(w.store.ledger.nextDue()).toBeGreaterThan(Date.now());
    expect(w.idle).toEqual([]);
  });
});
