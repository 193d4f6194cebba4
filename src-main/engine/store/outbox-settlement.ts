import { toMicro } from '../pricing';
import type { Db } from './database';
import { BUCKET_MS, NO_MODEL, ROLLUP_UPSERT } from './rollup-sums';

export interface OutboxEntry {
  taskId: string;
  ledgerId: number;
  body: string;
  expiresAt: number;
  attempts: number;
}

export type SettledState = 'awarded' | 'rejected' | 'expired';

/** The directory's final word on one receipt, as the ledger records it. */
export interface Settlement {
  entry: OutboxEntry;
  state: SettledState;
  awarded: number | null;
  note: string | null;
}

/** A receipt to post again at `at` (whole milliseconds), and why the last post did not settle it. */
export interface Retry {
  taskId: string;
  at: number;
  error: string;
}

interface Delta {
  bucket: number;
  model: string;
  jobs: 0;
  errors: 0;
  tokens: 0;
  awarded: number;
  pending: number;
  rejected: number;
  expired: number;
  claimedU: 0;
  awardedU: number;
  rejectedU: number;
  expiredU: number;
  energyJ: 0;
  energyJobs: 0;
  energyTokens: 0;
  audioMs: 0;
  characters: 0;
  items: 0;
}

/**
 * The statements that record a batch of the directory's answers, a fixed number whatever the batch's size: the
 * outcomes go in as one JSON array read by `json_each`, so 50 awards cost the event loop one UPDATE of the ledger,
 * one DELETE of the outbox and one rollup upsert per quarter hour and model instead of four statements each.
 * They run inside the caller's transaction (LedgerRepository holds it, and the sync level it commits with).
 */
export class OutboxSettlement {
  private readonly settleRows;
  private readonly deleteEntries;
  private readonly upsertRollup;
  private readonly retryEntries;
  private readonly deferEntries;

  constructor(db: Db) {
    // Only rows still waiting for their word change (a row settled already keeps it), and the rollups move by what
    // changed: RETURNING hands back exactly those rows.
    this.settleRows = db.prepare(
      `UPDATE ledger SET receipt = j.value ->> 1, awarded = j.value ->> 2, note = j.value ->> 3, settled_at = CAST(unixepoch('subsec') * 1000 AS INTEGER)
       FROM json_each(?) AS j
       WHERE ledger.id = j.value ->> 0 AND ledger.receipt = 'claimed'
       RETURNING ledger.ts AS ts, ledger.model AS model, ledger.claimed AS claimed, ledger.receipt AS state, ledger.awarded AS awarded`,
    );
    this.deleteEntries = db.prepare('DELETE FROM receipt_outbox WHERE task_id IN (SELECT value FROM json_each(?))');
    this.upsertRollup = db.prepare(ROLLUP_UPSERT);
    this.retryEntries = db.prepare(
      `UPDATE receipt_outbox SET attempts = attempts + 1, next_attempt_at = j.value ->> 1, last_error = j.value ->> 2
       FROM json_each(?) AS j
       WHERE receipt_outbox.task_id = j.value ->> 0`,
    );
    // Not before `until`, unless a receipt's last chance comes first (see ReceiptPoster). A receipt at or past its
    // last chance keeps its time, and none is moved earlier than it was.
    this.deferEntries = db.prepare(
      `UPDATE receipt_outbox SET next_attempt_at = max(next_attempt_at,
         CASE WHEN @until < expires_at - @lastChance THEN @until
              WHEN expires_at - @lastChance > @now THEN expires_at - @lastChance
              ELSE next_attempt_at END)
       WHERE next_attempt_at < @until AND next_attempt_at < expires_at - @lastChance`,
    );
  }

  /** The final words: each receipt leaves the outbox in the statements that record its answer. */
  settle(items: readonly Settlement[]): void {
    if (items.length === 0) return;
    const rows = JSON.stringify(
      items.map((i) => [i.entry.ledgerId, i.state, i.awarded, i.note === null ? null : i.note.slice(0, 500)]),
    );
    const changed = this.settleRows.all(rows) as {
      ts: number;
      model: string | null;
      claimed: number | null;
      state: SettledState;
      awarded: number | null;
    }[];
    this.deleteEntries.run(JSON.stringify(items.map((i) => i.entry.taskId)));
    // Summed here, one upsert per quarter hour and model: a batch's receipts mostly share both.
    const deltas = new Map<string, Delta>();
    for (const r of changed) {
      const bucket = Math.floor(r.ts / BUCKET_MS);
      const model = r.model ?? NO_MODEL;
      const key = `${bucket}\u0000${model}`;
      let d = deltas.get(key);
      if (!d) {
        d = {
          bucket,
          model,
          jobs: 0,
          errors: 0,
          tokens: 0,
          awarded: 0,
          pending: 0,
          rejected: 0,
          expired: 0,
          claimedU: 0,
          awardedU: 0,
          rejectedU: 0,
          expiredU: 0,
          energyJ: 0,
          energyJobs: 0,
          energyTokens: 0,
          audioMs: 0,
          characters: 0,
          items: 0,
        };
        deltas.set(key, d);
      }
      const claimed = r.claimed ?? 0;
      d.awarded += r.awarded ?? 0;
      d.pending -= claimed;
      if (r.awarded !== null) d.awardedU += toMicro(r.awarded);
      if (r.state === 'rejected') {
        d.rejected += 1;
        d.rejectedU += toMicro(claimed);
      } else if (r.state === 'expired') {
        d.expired += 1;
        d.expiredU += toMicro(claimed);
      }
    }
    for (const d of deltas.values()) this.upsertRollup.run(d);
  }

  /** Receipts to post again later, each at its own time, in one statement. */
  retry(items: readonly Retry[]): void {
    if (items.length === 0) return;
    this.retryEntries.run(JSON.stringify(items.map((r) => [r.taskId, Math.round(r.at), r.error.slice(0, 500)])));
  }

  /** Every receipt due before `until` waits for it (the directory asked for a pause); returns how many moved. */
  defer(now: number, until: number, lastChanceMs: number): number {
    return this.deferEntries.run({
      now: Math.round(now),
      until: Math.round(until),
      lastChance: Math.round(lastChanceMs),
    }).changes;
  }
}
