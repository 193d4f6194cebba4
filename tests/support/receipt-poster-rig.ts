import { ReceiptPoster, type ReceiptPosterOptions } from '@engine/earnings/receipt-poster';
import { buildReceipt } from '@engine/pricing/receipt';
import { tempStore } from './tmp';

export const RIG_HMAC_KEY = 'k'.repeat(64);

/**
 * A receipt poster on a fresh store, posting to a directory scripted by `answer` (through `fetchImpl`): what it
 * posted, and a way to put a served task's signed receipt into the outbox. `o` overrides the poster's options.
 */
export function receiptPosterRig(
  answer: (body: Record<string, unknown>) => Response,
  o: Partial<ReceiptPosterOptions> = {},
) {
  const t = tempStore();
  const posted: Record<string, unknown>[] = [];
  const poster = new ReceiptPoster({
    ledger: t.store.ledger,
    nodeId: 'node-1',
    baseUrl: () => 'http://directory.test/api',
    token: () => 'token',
    hmacKey: () => RIG_HMAC_KEY,
    log: () => undefined,
    onChange: () => undefined,
    fetchImpl: (async (_url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body)) as Record<string, unknown>;
      posted.push(body);
      return answer(body);
    }) as unknown as typeof fetch,
    ...o,
  });
  /** A served task's row and its receipt, signed at `now` and expiring `ttlMs` later. */
  const receipt = (taskId: string, now: number, ttlMs: number, queryingNodeId?: string): string => {
    const row = {
      taskId,
      ts: now,
      intent: 'urn:iicp:intent:llm:chat:v1',
      model: 'm',
      outcome: 'ok' as const,
      tokens: 10,
      latencyMs: 5,
    };
    const body = buildReceipt({
      nodeId: 'node-1',
      taskId,
      tokensUsed: 10,
      amount: 0.01,
      result: { ok: true },
      queryingNodeId,
      hmacKey: RIG_HMAC_KEY,
      now,
      ttlMs,
    });
    t.store.ledger.insertWithReceipt(row, { body, amount: 0.01, expiresAt: now + ttlMs });
    return taskId;
  };
  return {
    store: t.store,
    poster,
    posted,
    /** The task ids posted, in order. */
    postedIds: () => posted.map((b) => String(b.task_id)),
    receipt,
    close: () => {
      void poster.stop();
      t.cleanup();
    },
  };
}

/** The posting round under way, to its end (null: none runs). */
export function roundUnderWay(poster: ReceiptPoster): Promise<void> | null {
  return (poster as unknown as { running: Promise<void> | null }).running;
}
