import { buildReceipt, receiptAmount } from '../pricing';
import type { FinishedTask } from '../server';
import type { NewLedgerRow } from '../store';
import type { LedgerWriter } from './ledger-writer';
import type { ReplayRecords } from './replay-records';

export interface TaskRecorderOptions {
  nodeId: string;
  /** The key receipts are signed with; null before the node registered. */
  hmacKey: () => string | null;
  writer: LedgerWriter;
  replay: ReplayRecords;
  /** The multiplier a receipt may claim with. */
  multiplier: () => number;
  now: () => number;
  /** How long a receipt stays claimable (the directory refuses it after `expires_at`). */
  receiptTtlMs?: number;
}

/** A finished task made into its ledger row and, when it can be claimed, its signed receipt. */
export class TaskRecorder {
  private stopped = false;

  constructor(private readonly o: TaskRecorderOptions) {}

  /** The service stopped: tasks finishing now are not recorded. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * The task's row (and receipt) joins the group of the tasks finishing in this turn of the event loop; the returned
   * promise settles once the group is in the ledger's journal (see LedgerWriter).
   */
  record(t: FinishedTask): void | Promise<void> {
    if (t.outcome === 'rejected' || this.stopped) return; // never admitted: not work the node did
    const row: NewLedgerRow = {
      taskId: t.taskId,
      ts: this.o.now(),
      intent: t.intent,
      model: t.model,
      outcome: t.outcome,
      tokens: t.tokensUsed,
      latencyMs: Math.round(t.latencyMs),
      nonce: t.nonce ?? null,
      energyJ: t.energyJ ?? null,
      units: t.units ?? null,
    };
    this.o.replay.note(row);
    // No hash: the task started before the node could claim receipts (it registered meanwhile), so it claims none.
    const key = t.outcome === 'ok' && t.tokensUsed && t.tokensUsed > 0 && t.responseHash ? this.o.hmacKey() : null;
    if (!key) return this.o.writer.record(row, null, t.alone);
    const amount = receiptAmount(t.tokensUsed!, this.o.multiplier());
    const ttl = this.o.receiptTtlMs ?? 3600_000;
    const body = buildReceipt({
      nodeId: this.o.nodeId,
      taskId: t.taskId,
      tokensUsed: t.tokensUsed!,
      amount,
      responseHash: t.responseHash!,
      queryingNodeId: t.sourceNodeId,
      hmacKey: key,
      now: row.ts,
      ttlMs: ttl,
    });
    return this.o.writer.record(row, { body, amount, expiresAt: row.ts + ttl }, t.alone);
  }
}
