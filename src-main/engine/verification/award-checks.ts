/**
 * Every claim of the node compared with the signed awards read so far: what the Earnings page, the CSV and
 * `--verify-earnings` say. Runs at the end of a pass on the verifier's thread, reading the ledger one row at a time.
 */
import { AWARD_DIFFERENCES, type AwardCheck, type AwardDifference } from '@shared/contract';
import { formatCredits, toMicro } from '../pricing/credits';
import { BUCKET_MS } from '../store/rollup-sums';
import type { Db } from '../store/database';
import type { CheckSummary, Cursor } from './signed-log-state';

/**
 * Claims without an answer time (rows from before it was kept) may have been awarded up to their receipt's lifetime
 * after the task: only then is a missing award news.
 */
const UNTIMED_GRACE_MS = 3_600_000 + 60_000;
/** Ledger rows compared per statement. */
const PAGE_ROWS = 2000;

interface Row {
  id: number;
  task_id: string;
  ts: number;
  receipt: string;
  claimed: number | null;
  settled_at: number | null;
  seq: number | null;
  amount_u: number | null;
  signature: string | null;
  linked: number | null;
  node_id: string | null;
}

/** A claim's check, from its ledger row and the signed award that pays it (if any). */
export function checkOf(r: Row, nodeId: string, headAskedAt: number): AwardCheck | 'waiting' {
  if (r.seq === null) {
    if (r.receipt === 'claimed') return 'not_awarded_yet';
    const answeredBy = r.settled_at ?? r.ts + UNTIMED_GRACE_MS;
    // The award's event is written before the directory answers: a log read to its end after the answer has it.
    return answeredBy < headAskedAt ? 'not_in_log' : 'waiting';
  }
  // The node never claimed this task (it served it unregistered, or not at all): whatever pays it is not its claim.
  if (r.receipt === 'none') return 'never_claimed';
  if (r.signature === 'invalid') return 'signature_invalid';
  if (r.signature === 'new_key') return 'key_changed';
  if (r.linked === 0) return 'chain_broken';
  if (r.node_id !== null && r.node_id !== nodeId) return 'other_node';
  const claimedU = toMicro(r.claimed ?? 0);
  if (r.amount_u! < claimedU) return 'awarded_less';
  if (r.amount_u! > claimedU) return 'awarded_more';
  return 'verified';
}

/**
 * Every claim against the first signed award that pays it (a task is paid once: any later award for it is a
 * difference, "paid twice"), the awards naming this node for tasks it never claimed, and the awards at sequence
 * numbers the log had already used. `headAskedAt` is the moment up to which the log was read: a claim answered before
 * it must have its award in what was read.
 */
export function computeChecks(db: Db, nodeId: string, headAskedAt: number, c: Cursor, now: number, stopped: CheckSummary['stopped'] = null): CheckSummary {
  db.prepare('DELETE FROM award_differences').run();
  db.prepare('DELETE FROM verified_rollup').run();
  const insert = db.prepare('INSERT INTO award_differences (check_kind, task_id, ts, claimed_u, signed_u, seq) VALUES (?, ?, ?, ?, ?, ?)');
  const sums = new Map<AwardCheck | 'waiting', { count: number; u: number }>();
  const buckets = new Map<number, { verifiedU: number; verified: number; differing: number }>();
  const add = (check: AwardCheck | 'waiting', u: number) => {
    const s = sums.get(check) ?? { count: 0, u: 0 };
    s.count += 1;
    s.u += u;
    sums.set(check, s);
  };
  // A page of rows at a time by id: statements cannot run on the connection while an iterator holds it open, and
  // a page keeps memory bounded whatever the ledger's size. Each row meets only the first award that pays it.
  const page = db.prepare(
    `SELECT l.id, l.task_id, l.ts, l.receipt, l.claimed, l.settled_at, a.seq, a.amount_u, a.signature, a.linked, a.node_id
     FROM ledger l LEFT JOIN signed_awards a ON a.seq = (SELECT min(b.seq) FROM signed_awards b WHERE b.ledger_id = l.id)
     WHERE l.id > ? AND (l.receipt IN ('claimed', 'awarded') OR a.seq IS NOT NULL)
     ORDER BY l.id LIMIT ?`,
  );
  const bucketOf = (ts: number) => {
    const bucket = Math.floor(ts / BUCKET_MS);
    const b = buckets.get(bucket) ?? { verifiedU: 0, verified: 0, differing: 0 };
    buckets.set(bucket, b);
    return b;
  };
  for (let after = 0; ; ) {
    const rows = page.all(after, PAGE_ROWS) as Row[];
    for (const r of rows) {
      const check = checkOf(r, nodeId, headAskedAt);
      const claimedU = check === 'never_claimed' ? null : toMicro(r.claimed ?? 0);
      add(check, claimedU ?? r.amount_u!);
      if (check === 'waiting') continue;
      const b = bucketOf(r.ts);
      if (check === 'verified') {
        b.verifiedU += r.amount_u!;
        b.verified += 1;
        continue;
      }
      insert.run(check, r.task_id, r.ts, claimedU, r.amount_u, r.seq);
      if (check !== 'not_awarded_yet') b.differing += 1;
    }
    if (rows.length < PAGE_ROWS) break;
    after = rows[rows.length - 1]!.id;
  }
  // Awards naming this node for tasks it has no claim for (few: each is a difference).
  const strays = db.prepare('SELECT seq, task_id, ts_ms, amount_u FROM signed_awards WHERE ledger_id IS NULL AND node_id = ?').all(nodeId) as {
    seq: number;
    task_id: string;
    ts_ms: number;
    amount_u: number;
  }[];
  for (const s of strays) {
    add('never_claimed', s.amount_u);
    insert.run('never_claimed', s.task_id, s.ts_ms, null, s.amount_u, s.seq);
    bucketOf(s.ts_ms).differing += 1;
  }
  // Every award after the first for one task (few: each is a difference), and awards at a sequence number in use.
  const extra = db
    .prepare(
      `SELECT 'paid_twice' AS kind, a.seq, a.task_id, l.ts, a.amount_u FROM signed_awards a JOIN ledger l ON l.id = a.ledger_id
       WHERE a.seq > (SELECT min(b.seq) FROM signed_awards b WHERE b.ledger_id = a.ledger_id)
       UNION ALL SELECT 'repeated_seq', seq, task_id, ts_ms, amount_u FROM signed_award_repeats`,
    )
    .all() as { kind: 'paid_twice' | 'repeated_seq'; seq: number; task_id: string; ts: number; amount_u: number }[];
  for (const x of extra) {
    add(x.kind, x.amount_u);
    insert.run(x.kind, x.task_id, x.ts, null, x.amount_u, x.seq);
    bucketOf(x.ts).differing += 1;
  }
  const putBucket = db.prepare('INSERT INTO verified_rollup (bucket, verified_u, verified, differing) VALUES (?, ?, ?, ?)');
  for (const [bucket, b] of buckets) putBucket.run(bucket, b.verifiedU, b.verified, b.differing);
  const amount = (k: AwardCheck | 'waiting') => ({ count: sums.get(k)?.count ?? 0, credits: formatCredits(sums.get(k)?.u ?? 0) });
  const waiting = { count: amount('waiting').count + amount('not_awarded_yet').count, credits: formatCredits((sums.get('waiting')?.u ?? 0) + (sums.get('not_awarded_yet')?.u ?? 0)) };
  const differences = AWARD_DIFFERENCES.filter((k) => sums.has(k)).map((check) => ({ check, ...amount(check) }));
  return {
    at: now,
    lastSeq: c.seq,
    eventsChecked: c.checked,
    verified: amount('verified'),
    waiting,
    differences,
    log: { badSignatures: c.badSignatures, chainBreaks: c.chainBreaks, rewritten: c.rewritten },
    stopped,
  };
}

/** The differing claims of the last check (one kind, or every difference), newest first, a page at a time. */
export function listDifferences(db: Db, check: AwardCheck | undefined, limit: number, offset: number): { rows: AwardDifference[]; total: number } {
  const kinds: readonly AwardCheck[] = check ? [check] : AWARD_DIFFERENCES;
  const json = JSON.stringify(kinds);
  const total = (db.prepare('SELECT count(*) AS n FROM award_differences WHERE check_kind IN (SELECT value FROM json_each(?))').get(json) as { n: number }).n;
  const rows = db
    .prepare('SELECT check_kind, task_id, ts, claimed_u, signed_u, seq FROM award_differences WHERE check_kind IN (SELECT value FROM json_each(?)) ORDER BY ts DESC, id DESC LIMIT ? OFFSET ?')
    .all(json, limit, offset ?? 0) as { check_kind: AwardCheck; task_id: string; ts: number; claimed_u: number | null; signed_u: number | null; seq: number | null }[];
  return {
    total,
    rows: rows.map((r) => ({
      check: r.check_kind,
      taskId: r.task_id,
      at: new Date(r.ts).toISOString(),
      claimed: r.claimed_u === null ? null : formatCredits(r.claimed_u),
      signed: r.signed_u === null ? null : formatCredits(r.signed_u),
      seq: r.seq,
    })),
  };
}
