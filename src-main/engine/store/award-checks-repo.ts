import type { AwardCheck } from '@shared/contract';
import type { Db } from './database';

/** A claim of the ledger (or a row a signed award pays), with the first signed award that pays it, if any. */
export interface ClaimAwardRow {
  id: number;
  task_id: string;
  ts: number;
  receipt: string;
  claimed: number | null;
  /** What the directory answered it awarded, as the ledger keeps it (the figure the Earnings page sums). */
  awarded: number | null;
  settled_at: number | null;
  seq: number | null;
  amount_u: number | null;
  signature: string | null;
  linked: number | null;
  node_id: string | null;
}

/** An award that is a difference by itself: it names this node for a task it has no claim for. */
export interface StrayAwardRow {
  seq: number;
  task_id: string;
  ts_ms: number;
  amount_u: number;
}

/** An award after the first for one task, or one at a sequence number the log had already used. */
export interface ExtraAwardRow {
  kind: 'paid_twice' | 'repeated_seq';
  seq: number;
  task_id: string;
  ts: number;
  amount_u: number;
}

/** One differing claim as the Earnings page lists it (amounts in micro-credits). */
export interface DifferenceRow {
  check: AwardCheck;
  taskId: string;
  ts: number;
  claimedU: number | null;
  signedU: number | null;
  seq: number | null;
}

/** One quarter hour's verified credits and differing claims. */
export interface VerifiedBucketRow {
  bucket: number;
  verifiedU: number;
  verified: number;
  differing: number;
}

/**
 * The rows of one comparison of the node's claims with the signed awards: read from the ledger and `signed_awards`,
 * written to `award_differences` and `verified_rollup`. Made once per pass, so each statement is made once per pass;
 * the caller holds the transaction.
 */
export class AwardChecksRepository {
  private readonly insertDifference;
  private readonly claimsPage;
  private readonly insertBucket;

  constructor(private readonly db: Db) {
    this.insertDifference = db.prepare(
      'INSERT INTO award_differences (check_kind, task_id, ts, claimed_u, signed_u, seq) VALUES (?, ?, ?, ?, ?, ?)',
    );
    // Each row meets only the first award that pays it.
    this.claimsPage = db.prepare<[number, number], ClaimAwardRow>(
      `SELECT l.id, l.task_id, l.ts, l.receipt, l.claimed, l.awarded, l.settled_at, a.seq, a.amount_u, a.signature, a.linked, a.node_id
       FROM ledger l LEFT JOIN signed_awards a ON a.seq = (SELECT min(b.seq) FROM signed_awards b WHERE b.ledger_id = l.id)
       WHERE l.id > ? AND (l.receipt IN ('claimed', 'awarded') OR a.seq IS NOT NULL)
       ORDER BY l.id LIMIT ?`,
    );
    this.insertBucket = db.prepare(
      'INSERT INTO verified_rollup (bucket, verified_u, verified, differing) VALUES (?, ?, ?, ?)',
    );
  }

  /** The last comparison's differences and rollups go: the new one is written whole. */
  clear(): void {
    this.db.prepare('DELETE FROM award_differences').run();
    this.db.prepare('DELETE FROM verified_rollup').run();
  }

  /** Up to `limit` claims after ledger id `afterId`, by id (claimed or awarded, or paid by a signed award). */
  claimsAfter(afterId: number, limit: number): ClaimAwardRow[] {
    return this.claimsPage.all(afterId, limit);
  }

  /** Awards naming `nodeId` that pay none of its ledger rows. */
  strayAwards(nodeId: string): StrayAwardRow[] {
    return this.db
      .prepare<[string], StrayAwardRow>(
        'SELECT seq, task_id, ts_ms, amount_u FROM signed_awards WHERE ledger_id IS NULL AND node_id = ?',
      )
      .all(nodeId);
  }

  /** Every award after the first for one task, and every award at a sequence number already used. */
  extraAwards(): ExtraAwardRow[] {
    return this.db
      .prepare<[], ExtraAwardRow>(
        `SELECT 'paid_twice' AS kind, a.seq, a.task_id, l.ts, a.amount_u FROM signed_awards a JOIN ledger l ON l.id = a.ledger_id
         WHERE a.seq > (SELECT min(b.seq) FROM signed_awards b WHERE b.ledger_id = a.ledger_id)
         UNION ALL SELECT 'repeated_seq', seq, task_id, ts_ms, amount_u FROM signed_award_repeats`,
      )
      .all();
  }

  putDifference(d: DifferenceRow): void {
    this.insertDifference.run(d.check, d.taskId, d.ts, d.claimedU, d.signedU, d.seq);
  }

  putBucket(b: VerifiedBucketRow): void {
    this.insertBucket.run(b.bucket, b.verifiedU, b.verified, b.differing);
  }
}

/** The last comparison's differences of the given kinds, newest first, a page at a time, and how many there are. */
export function differencesPage(
  db: Db,
  kinds: readonly AwardCheck[],
  page: { limit: number; offset: number },
): { rows: DifferenceRow[]; total: number } {
  const json = JSON.stringify(kinds);
  const total = (
    db
      .prepare('SELECT count(*) AS n FROM award_differences WHERE check_kind IN (SELECT value FROM json_each(?))')
      .get(json) as { n: number }
  ).n;
  const rows = db
    .prepare<
      [string, number, number],
      {
        check_kind: AwardCheck;
        task_id: string;
        ts: number;
        claimed_u: number | null;
        signed_u: number | null;
        seq: number | null;
      }
    >(
      'SELECT check_kind, task_id, ts, claimed_u, signed_u, seq FROM award_differences WHERE check_kind IN (SELECT value FROM json_each(?)) ORDER BY ts DESC, id DESC LIMIT ? OFFSET ?',
    )
    .all(json, page.limit, page.offset);
  return {
    total,
    rows: rows.map((r) => ({
      check: r.check_kind,
      taskId: r.task_id,
      ts: r.ts,
      claimedU: r.claimed_u,
      signedU: r.signed_u,
      seq: r.seq,
    })),
  };
}

/** The ledger's awarded credits of a row set, in micro-credits, summed as the rollups sum them. */
const AWARDED_U = 'coalesce(sum(CAST(round(coalesce(l.awarded, 0) * 1000000) AS INTEGER)), 0)';

/**
 * Awards the last comparison did not see as awards: rows after the newest claim it read (`lastLedgerId`) that the
 * directory has awarded since, and claims it found not awarded yet that are awarded now. Both are few beside the
 * ledger (what came after one check); the first reads by id, the second through the differences' kind index.
 */
export function awardsAfterCheck(db: Db, lastLedgerId: number): { count: number; u: number } {
  const newer = db
    .prepare(`SELECT count(*) AS n, ${AWARDED_U} AS u FROM ledger l WHERE l.id > ? AND l.receipt = 'awarded'`)
    .get(lastLedgerId) as { n: number; u: number };
  const answered = db
    .prepare(
      `SELECT count(*) AS n, ${AWARDED_U} AS u FROM award_differences d JOIN ledger l ON l.task_id = d.task_id
       WHERE d.check_kind = 'not_awarded_yet' AND l.receipt = 'awarded' AND l.id <= ?`,
    )
    .get(lastLedgerId) as { n: number; u: number };
  return { count: newer.n + answered.n, u: newer.u + answered.u };
}
