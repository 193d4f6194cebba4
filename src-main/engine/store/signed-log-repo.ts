import type { Db } from './database';

/** A kept award of the directory's signed log that pays one of this node's tasks or names this node. */
export interface SignedAwardRow {
  seq: number;
  eventId: string;
  taskId: string;
  nodeId: string | null;
  responseHash: string | null;
  amountU: number;
  tsMs: number;
  sig: string | null;
  signature: 'valid' | 'invalid' | 'new_key';
  linked: boolean;
  /** The ledger row it pays, or null when it only names this node. */
  ledgerId: number | null;
}

/** A validly signed award at a sequence number the log had already used: a second version of the record. */
export interface AwardRepeatRow {
  seq: number;
  eventId: string;
  taskId: string;
  tsMs: number;
  amountU: number;
}

/** The fingerprint of one whole block of sequence numbers as verified. */
export interface LogBlockRow {
  block: number;
  digest: string;
  count: number;
}

/**
 * What the check of the directory's signed log keeps (`signed_awards`, `signed_log_blocks`, `signed_award_repeats`),
 * and the ledger rows its awards pay. The verifier's thread uses it on its own connection; the caller holds the
 * transaction (each one IMMEDIATE there). The statements of a page are made once per connection.
 */
export class SignedLogRepository {
  private readonly findTasks;
  private readonly storedAward;
  private readonly putAward;
  private readonly block;
  private readonly putBlock;
  private readonly firstPaidSeq;
  private readonly putRepeat;

  constructor(private readonly db: Db) {
    this.findTasks = db.prepare<[string], { id: number; task_id: string; response_hash: string | null }>(
      'SELECT id, task_id, response_hash FROM ledger WHERE task_id IN (SELECT value FROM json_each(?))',
    );
    this.storedAward = db.prepare<[number], { event_id: string; sig: string | null; amount_u: number }>(
      'SELECT event_id, sig, amount_u FROM signed_awards WHERE seq = ?',
    );
    this.putAward = db.prepare(
      `INSERT OR REPLACE INTO signed_awards (seq, event_id, task_id, node_id, response_hash, amount_u, ts_ms, sig, signature, linked, ledger_id, seen)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
    );
    this.block = db.prepare<[number], { digest: string; count: number }>(
      'SELECT digest, count FROM signed_log_blocks WHERE block = ?',
    );
    this.putBlock = db.prepare('INSERT OR REPLACE INTO signed_log_blocks (block, digest, count) VALUES (?, ?, ?)');
    this.firstPaidSeq = db.prepare<[number], { seq: number | null }>(
      'SELECT min(seq) AS seq FROM signed_awards WHERE ledger_id = ?',
    );
    this.putRepeat = db.prepare(
      'INSERT OR IGNORE INTO signed_award_repeats (seq, event_id, task_id, ts_ms, amount_u) VALUES (?, ?, ?, ?, ?)',
    );
  }

  /** The ledger rows whose task id is one of `taskIds` (one statement, the ids as a JSON array). */
  tasksByTaskId(taskIds: readonly string[]): { id: number; task_id: string; response_hash: string | null }[] {
    return this.findTasks.all(JSON.stringify(taskIds));
  }

  /** The award kept at a sequence number, as a full re-read compares it. */
  storedAwardAt(seq: number): { event_id: string; sig: string | null; amount_u: number } | undefined {
    return this.storedAward.get(seq);
  }

  /** Keeps an award (replacing what was kept at its sequence number) and marks it seen by this read. */
  keepAward(a: SignedAwardRow): void {
    this.putAward.run(
      a.seq,
      a.eventId,
      a.taskId,
      a.nodeId,
      a.responseHash,
      a.amountU,
      a.tsMs,
      a.sig,
      a.signature,
      a.linked ? 1 : 0,
      a.ledgerId,
    );
  }

  /** The first sequence number of an award that pays a ledger row, or null when none does yet. */
  firstPaidSeqOf(ledgerId: number): number | null {
    return this.firstPaidSeq.get(ledgerId)?.seq ?? null;
  }

  /** A second version of a sequence number; the first one kept stays. */
  keepRepeat(r: AwardRepeatRow): void {
    this.putRepeat.run(r.seq, r.eventId, r.taskId, r.tsMs, r.amountU);
  }

  /** A block's fingerprint as verified before, if any. */
  blockAt(block: number): { digest: string; count: number } | undefined {
    return this.block.get(block);
  }

  keepBlock(b: LogBlockRow): void {
    this.putBlock.run(b.block, b.digest, b.count);
  }

  /** Before a full re-read: every kept award is marked unseen, and the repeats are forgotten (to be found again). */
  markAllUnseen(): void {
    this.db.prepare('UPDATE signed_awards SET seen = 0').run();
    this.db.prepare('DELETE FROM signed_award_repeats').run();
  }

  /**
   * After a full re-read that reached the log's end: the awards it did not find again are dropped; returns how many.
   */
  dropUnseen(): number {
    return this.db.prepare('DELETE FROM signed_awards WHERE seen = 0').run().changes;
  }
}
