/**
 * Every claim of the node compared with the signed awards read so far: what the Earnings page, the CSV and
 * `--verify-earnings` say. Runs at the end of a pass on the verifier's thread, reading the ledger one row at a time.
 */
import { AWARD_DIFFERENCES, type AwardCheck, type AwardDifference } from '@shared/contract';
import { formatCredits, toMicro } from '../pricing';
import { AwardChecksRepository, BUCKET_MS, differencesPage, type ClaimAwardRow, type Db } from '../store';
import type { CheckSummary, Cursor } from './signed-log-state';

/**
 * Claims without an answer time (rows from before it was kept) may have been awarded up to their receipt's lifetime
 * after the task: only then is a missing award news.
 */
const UNTIMED_GRACE_MS = 3_600_000 + 60_000;
/** Ledger rows compared per statement. */
const PAGE_ROWS = 2000;

/** What a comparison pass knows: whose claims, the moment up to which the log was read, and where the read stands. */
export interface CheckPass {
  nodeId: string;
  /** A claim answered before this moment must have its award in what was read. */
  headAskedAt: number;
  cursor: Cursor;
  now: number;
  /** Why the pass ended before the log's end, or null when it reached it. */
  stopped?: CheckSummary['stopped'];
}

/** A claim's check, from its ledger row and the signed award that pays it (if any). */
export function checkOf(r: ClaimAwardRow, nodeId: string, headAskedAt: number): AwardCheck | 'waiting' {
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
 * numbers the log had already used.
 */
export function computeChecks(db: Db, pass: CheckPass): CheckSummary {
  const { nodeId, headAskedAt, cursor: c, now, stopped = null } = pass;
  const checks = new AwardChecksRepository(db);
  checks.clear();
  const sums = new Map<AwardCheck | 'waiting', { count: number; u: number }>();
  const buckets = new Map<number, { verifiedU: number; verified: number; differing: number }>();
  const add = (check: AwardCheck | 'waiting', u: number) => {
    const s = sums.get(check) ?? { count: 0, u: 0 };
    s.count += 1;
    s.u += u;
    sums.set(check, s);
  };
  const bucketOf = (ts: number) => {
    const bucket = Math.floor(ts / BUCKET_MS);
    const b = buckets.get(bucket) ?? { verifiedU: 0, verified: 0, differing: 0 };
    buckets.set(bucket, b);
    return b;
  };
  // Where the check reached: later awards are counted from the newest claim read, and an award answered after the
  // part of the log read is one it cannot check yet.
  const coverage = { lastLedgerId: 0, unchecked: { count: 0, u: 0 } };
  // A page of rows at a time by id: statements cannot run on the connection while an iterator holds it open, and
  // a page keeps memory bounded whatever the ledger's size. Each row meets only the first award that pays it.
  for (let after = 0; ;) {
    const rows = checks.claimsAfter(after, PAGE_ROWS);
    for (const r of rows) {
      const check = checkOf(r, nodeId, headAskedAt);
      const claimedU = check === 'never_claimed' ? null : toMicro(r.claimed ?? 0);
      add(check, claimedU ?? r.amount_u!);
      coverage.lastLedgerId = Math.max(coverage.lastLedgerId, r.id);
      if (check === 'waiting') {
        coverage.unchecked.count += 1;
        coverage.unchecked.u += toMicro(r.awarded ?? 0);
        continue;
      }
      const b = bucketOf(r.ts);
      if (check === 'verified') {
        b.verifiedU += r.amount_u!;
        b.verified += 1;
        continue;
      }
      checks.putDifference({ check, taskId: r.task_id, ts: r.ts, claimedU, signedU: r.amount_u, seq: r.seq });
      if (check !== 'not_awarded_yet') b.differing += 1;
    }
    if (rows.length < PAGE_ROWS) break;
    after = rows[rows.length - 1]!.id;
  }
  // Awards naming this node for tasks it has no claim for (few: each is a difference).
  for (const s of checks.strayAwards(nodeId)) {
    add('never_claimed', s.amount_u);
    checks.putDifference({
      check: 'never_claimed',
      taskId: s.task_id,
      ts: s.ts_ms,
      claimedU: null,
      signedU: s.amount_u,
      seq: s.seq,
    });
    bucketOf(s.ts_ms).differing += 1;
  }
  // Every award after the first for one task (few: each is a difference), and awards at a sequence number in use.
  for (const x of checks.extraAwards()) {
    add(x.kind, x.amount_u);
    checks.putDifference({
      check: x.kind,
      taskId: x.task_id,
      ts: x.ts,
      claimedU: null,
      signedU: x.amount_u,
      seq: x.seq,
    });
    bucketOf(x.ts).differing += 1;
  }
  for (const [bucket, b] of buckets) checks.putBucket({ bucket, ...b });
  const amount = (k: AwardCheck | 'waiting') => ({
    count: sums.get(k)?.count ?? 0,
    credits: formatCredits(sums.get(k)?.u ?? 0),
  });
  const waiting = {
    count: amount('waiting').count + amount('not_awarded_yet').count,
    credits: formatCredits((sums.get('waiting')?.u ?? 0) + (sums.get('not_awarded_yet')?.u ?? 0)),
  };
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
    coverage,
  };
}

/** The differing claims of the last check (one kind, or every difference), newest first, a page at a time. */
export function listDifferences(
  db: Db,
  check: AwardCheck | undefined,
  limit: number,
  offset: number,
): { rows: AwardDifference[]; total: number } {
  const kinds: readonly AwardCheck[] = check ? [check] : AWARD_DIFFERENCES;
  const { total, rows } = differencesPage(db, kinds, { limit, offset: offset ?? 0 });
  return {
    total,
    rows: rows.map((r) => ({
      check: r.check,
      taskId: r.taskId,
      at: new Date(r.ts).toISOString(),
      claimed: r.claimedU === null ? null : formatCredits(r.claimedU),
      signed: r.signedU === null ? null : formatCredits(r.signedU),
      seq: r.seq,
    })),
  };
}
