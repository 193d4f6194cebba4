/**
 * Serving comes first: while the event loop that answers tasks is busy (the poster runs on the ledger thread and is
 * told so), a batch of awards waits for a quieter moment — a linger at a time, at most MAX_DEFER_MS — and is then
 * posted anyway, so claims are delayed under load, never stopped.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LINGER_MS, MAX_DEFER_MS } from '@engine/earnings/receipt-poster';
import { receiptPosterRig, roundUnderWay as running } from '../../support/receipt-poster-rig';

const cleanups: (() => void)[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const c of cleanups.splice(0)) c();
});

const T0 = Date.now();

function setup() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  let busy = false;
  const rig = receiptPosterRig(() => Response.json({ awarded: 0.01 }), { busy: () => busy });
  cleanups.push(rig.close);
  let seq = 0;
  const receipt = () => rig.receipt(`t-${++seq}`, T0, 3_600_000);
  return { poster: rig.poster, posted: rig.postedIds, receipt, store: rig.store, setBusy: (b: boolean) => (busy = b) };
}

describe('receipt poster: serving first', () => {
  it('while the event loop is busy, a batch waits; at most MAX_DEFER_MS, then it is posted anyway', async () => {
    const w = setup();
    w.receipt();
    w.setBusy(true);
    w.poster.kick();
    await vi.advanceTimersByTimeAsync(MAX_DEFER_MS - LINGER_MS);
    expect(w.posted()).toEqual([]);
    await vi.advanceTimersByTimeAsync(LINGER_MS);
    await running(w.poster);
    expect(w.posted()).toEqual(['t-1']);
    expect(w.store.ledger.outboxSize()).toBe(0);
  });

  it('goes at once when the loop is quiet again', async () => {
    const w = setup();
    w.receipt();
    w.setBusy(true);
    w.poster.kick();
    await vi.advanceTimersByTimeAsync(LINGER_MS);
    expect(w.posted()).toEqual([]);
    w.setBusy(false);
    await vi.advanceTimersByTimeAsync(LINGER_MS);
    await running(w.poster);
    expect(w.posted()).toEqual(['t-1']);
  });

  it('a quiet loop costs no wait at all', async () => {
    const w = setup();
    w.receipt();
    w.poster.kick();
    await running(w.poster);
    expect(w.posted()).toEqual(['t-1']);
  });
});
