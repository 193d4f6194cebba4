/**
 * The receipt outbox's retry schedule (src-main/engine/earnings/receipt-poster.ts): a receipt the directory could not
 * take is tried again with back-off, and never loses its last chance to a retry that would only land at its expiry.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ReceiptPoster } from '@engine/earnings/receipt-poster';
import { receiptPosterRig, roundUnderWay } from '../../support/receipt-poster-rig';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup(answer: (body: Record<string, unknown>) => Response, start = 1_800_000_000_000) {
  let now = start;
  const rig = receiptPosterRig(answer, { now: () => now, retryBaseMs: 5 * 60_000, retryMaxMs: 5 * 60_000 });
  cleanups.push(rig.close);
  const receipt = (expiresInMs: number, queryingNodeId?: string) =>
    rig.receipt(`t-${now}`, now, expiresInMs, queryingNodeId);
  return {
    store: rig.store,
    poster: rig.poster,
    receipt,
    posted: rig.posted,
    advance: (ms: number) => (now += ms),
    now: () => now,
  };
}

const e027 = (message: string) => Response.json({ error: { code: 'IICP-E027', message } }, { status: 422 });

/** Runs one posting round to its end. */
async function round(poster: ReceiptPoster): Promise<void> {
  poster.kick();
  await roundUnderWay(poster);
}

describe('receipt retries', () => {
  it('a retry that would fall after the expiry becomes one last attempt 30 s before it, which can still be awarded', async () => {
    let down = true;
    const w = setup(() =>
      down ? new Response('busy', { status: 503 }) : Response.json({ awarded: true, amount: 0.01 }),
    );
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

describe('receipts production answers with a fixable refusal (unknown consumer node, hourly cap)', () => {
  it('a consumer node the directory does not know: re-signed without it, stored, posted once more and awarded', async () => {
    const w = setup((b) =>
      b.querying_node_id
        ? e027('querying_node_id does not identify a registered node')
        : Response.json({ awarded: b.amount, balance: 1 }),
    );
    const task = w.receipt(3_600_000, 'consumer-7');
    await round(w.poster);
    expect(w.posted).toHaveLength(2);
    expect(w.posted[0]).toMatchObject({ querying_node_id: 'consumer-7' });
    expect(w.posted[1]).not.toHaveProperty('querying_node_id');
    // Same claim: nonce, hash, amount and expiry; a signature over the message without ":querying".
    for (const k of ['nonce', 'response_hash', 'amount', 'expires_at', 'task_id'])
      expect(w.posted[1]![k]).toEqual(w.posted[0]![k]);
    expect(w.posted[1]!.signature).not.toBe(w.posted[0]!.signature);
    expect(w.store.ledger.list({}, 10)[0]).toMatchObject({ taskId: task, receipt: 'awarded', awarded: 0.01 });
  });

  it('is posted without the querying node only once: a second refusal is final', async () => {
    const w = setup(() => e027('querying_node_id does not identify a registered node'));
    w.receipt(3_600_000, 'consumer-7');
    await round(w.poster);
    expect(w.posted).toHaveLength(2);
    expect(w.store.ledger.list({}, 10)[0]).toMatchObject({ receipt: 'rejected' });
  });

  it('a crash after the re-signing posts the re-signed receipt (the outbox holds what is posted)', async () => {
    let calls = 0;
    const w = setup((b) => {
      calls += 1;
      if (b.querying_node_id) return e027('querying_node_id does not identify a registered node');
      return new Response('down', { status: 503 });
    });
    w.receipt(3_600_000, 'consumer-7');
    await round(w.poster);
    expect(calls).toBe(2);
    const stored = JSON.parse(w.store.ledger.dueReceipts(Number.MAX_SAFE_INTEGER, 10)[0]!.body) as Record<
      string,
      unknown
    >;
    expect(stored).not.toHaveProperty('querying_node_id');
    expect(stored.signature).toBe(w.posted[1]!.signature);
  });

  it('over the hourly cap: kept and posted again in the next clock hour, then awarded', async () => {
    const start = Date.UTC(2026, 10, 22, 17, 40);
    let capped = true;
    const w = setup(
      () =>
        capped
          ? e027('Credit award rate limit exceeded (max 1000 credits/hour per node)')
          : Response.json({ awarded: 0.01 }),
      start,
    );
    w.receipt(3_600_000);
    await round(w.poster);
    const next = w.store.ledger.nextDue()!;
    expect(next).toBeGreaterThan(Date.UTC(2026, 10, 22, 18, 0));
    expect(next).toBeLessThan(Date.UTC(2026, 10, 22, 18, 1));
    expect(w.store.ledger.list({}, 10)[0]).toMatchObject({ receipt: 'claimed' });
    w.advance(next - w.now());
    capped = false;
    await round(w.poster);
    expect(w.store.ledger.list({}, 10)[0]).toMatchObject({ receipt: 'awarded', awarded: 0.01 });
  });

  it('over the hourly cap with no valid hour left: recorded as expired, saying why', async () => {
    const start = Date.UTC(2026, 10, 22, 17, 40);
    const w = setup(() => e027('Credit award rate limit exceeded (max 1000 credits/hour per node)'), start);
    w.receipt(10 * 60_000); // expires 17:50
    await round(w.poster);
    expect(w.store.ledger.list({}, 10)[0]).toMatchObject({
      receipt: 'expired',
      note: expect.stringContaining('hourly limit'),
    });
  });

  it('reads the awarded amount exactly when the directory sends a decimal string', async () => {
    const w = setup(() => Response.json({ awarded: '0.0100', balance: '5.0100' }));
    w.receipt(3_600_000);
    await round(w.poster);
    expect(w.store.ledger.list({}, 10)[0]).toMatchObject({ receipt: 'awarded', awarded: 0.01 });
  });
});
