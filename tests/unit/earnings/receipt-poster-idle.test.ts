/**
 * The poster says when it is idle (`onIdle`): nothing in flight, no new receipts lingering, no pause the directory
 * asked for, and the outbox's next due time (null: empty). The ledger thread closes on that word, so it must not come
 * while anything is still to be posted soon.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LINGER_MS } from '@engine/earnings/receipt-poster';
import { receiptPosterRig, roundUnderWay as running } from '../../support/receipt-poster-rig';

const cleanups: (() => void)[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const c of cleanups.splice(0)) c();
});

const T0 = Date.now();

function setup(answer: () => Response) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const idle: (number | null)[] = [];
  const rig = receiptPosterRig(answer, { onIdle: (nextDue) => idle.push(nextDue) });
  cleanups.push(rig.close);
  let seq = 0;
  const receipt = () => rig.receipt(`t-${++seq}`, T0, 3_600_000);
  return { poster: rig.poster, posted: rig.postedIds, idle, receipt, store: rig.store };
}

describe('receipt poster: when it is idle', () => {
  it('says so with an empty outbox once the round is over, and not before', async () => {
    const w = setup(() => Response.json({ awarded: 0.01 }));
    w.receipt();
    w.poster.kick();
    expect(w.idle).toEqual([]);
    await running(w.poster);
    expect(w.posted()).toEqual(['t-1']);
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
    expect(w.posted()).toEqual(['t-1', 't-2']);
    expect(w.idle).toEqual([null]);
  });

  it('receipts folded in while a round posted are posted before it says so', async () => {
    let during: (() => void) | null = null;
    const w = setup(() => {
      during?.();
      during = null;
      return Response.json({ awarded: 0.01 });
    });
    during = () => w.receipt();
    w.receipt();
    w.poster.kick();
    await running(w.poster);
    expect(w.posted()).toEqual(['t-1']);
    expect(w.idle).toEqual([]);
    await vi.advanceTimersByTimeAsync(LINGER_MS);
    await running(w.poster);
    expect(w.posted()).toEqual(['t-1', 't-2']);
    expect(w.idle).toEqual([null]);
  });

  it('a receipt to retry later: idle until its retry, whose time it gives', async () => {
    const w = setup(() => Response.json({ error: { code: 'IICP-E500', message: 'boom' } }, { status: 500 }));
    w.receipt();
    w.poster.kick();
    await running(w.poster);
    expect(w.posted()).toEqual(['t-1']);
    expect(w.idle).toHaveLength(1);
    expect(w.idle[0]).toBe(w.store.ledger.nextDue());
    expect(w.idle[0]).toBeGreaterThan(Date.now());
  });

  it('not while a pause the directory asked for runs', async () => {
    const w = setup(() =>
      Response.json(
        { error: { code: 'IICP-E429', message: 'slow down' } },
        { status: 429, headers: { 'retry-after': '30' } },
      ),
    );
    w.receipt();
    w.poster.kick();
    await running(w.poster);
    expect(w.posted()).toEqual(['t-1']);
    expect(w.store.ledger.nextDue()).toBeGreaterThan(Date.now());
    expect(w.idle).toEqual([]);
  });
});
