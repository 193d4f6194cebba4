/**
 * The receipt outbox's retry schedule (src-main/engine/earnings/receipt-poster.ts): a receipt the directory could not
 * take is tried again with back-off, and never loses its last chance to a retry that would only land at its expiry.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ReceiptPoster } from '../../../src-main/engine/earnings/receipt-poster';
import { tempStore } from '../../support/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup(answer: () => Response) {
  const t = tempStore();
  cleanups.push(t.cleanup);
  let now = 1_800_000_000_000;
  const poster = new ReceiptPoster({
    ledger: t.store.ledger,
    nodeId: 'node-1',
    baseUrl: () => 'http://directory.test/api',
    token: () => 'token',
    log: () => undefined,
    onChange: () => undefined,
    fetchImpl: (async () => answer()) as unknown as typeof fetch,
    now: () => now,
    retryBaseMs: 5 * 60_000,
    retryMaxMs: 5 * 60_000,
  });
  cleanups.push(() => void poster.stop());
  const receipt = (expiresInMs: number) => {
    const row = { taskId: `t-${now}`, ts: now, intent: 'urn:iicp:intent:llm:chat:v1', model: 'm', outcome: 'ok' as const, tokens: 10, latencyMs: 5 };
    t.store.ledger.insertWithReceipt(row, { body: { task_id: row.taskId }, amount: 0.01, expiresAt: now + expiresInMs });
    return row.taskId;
  };
  return { store: t.store, poster, receipt, advance: (ms: number) => (now += ms), now: () => now };
}

/** Runs one posting round to its end. */
async function round(poster: ReceiptPoster): Promise<void> {
  poster.kick();
  await (poster as unknown as { running: Promise<void> | null }).running;
}

describe('receipt retries', () => {
  it('a retry that would fall after the expiry becomes one last attempt 30 s before it, which can still be awarded', async () => {
    let down = true;
    const w = setup(() => (down ? new Response('busy', { status: 503 }) : Response.json({ awarded: true, amount: 0.01 })));
    w.receipt(2 * 60_000); // expires in 2 min; the back-off is 5 min
    await round(w.poster);
    expect(w.store.ledger.nextDue()).toBe(w.now() + 2 * 60_000 - 30_000);
    w.advance(90_000);
    down = false;
    await round(w.poster);
    expect(w.store.ledger.outboxSize()).toBe(0);
    expect(w.store.ledger.list({}, 10)[0]).toMatchObject({ receipt: 'awarded' });
  });

  it('after its last chance failed, a receipt is recorded as expired at its expiry', async () => {
    const w = setup(() => new Response('busy', { status: 503 }));
    const expiresIn = 20_000; // already inside the last 30 s
    w.receipt(expiresIn);
    await round(w.poster);
    expect(w.store.ledger.nextDue()).toBe(w.now() + expiresIn);
    w.advance(expiresIn);
    await round(w.poster);
    expect(w.store.ledger.list({}, 10)[0]).toMatchObject({ receipt: 'expired' });
  });

  it('keeps the ordinary back-off while the expiry is far away', async () => {
    const w = setup(() => new Response('busy', { status: 503 }));
    w.receipt(3_600_000);
    await round(w.poster);
    const delay = w.store.ledger.nextDue()! - w.now();
    expect(delay).toBeGreaterThanOrEqual(0.8 * 5 * 60_000);
    expect(delay).toBeLessThanOrEqual(1.2 * 5 * 60_000);
  });
});
