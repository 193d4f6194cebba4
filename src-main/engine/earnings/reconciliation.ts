import type { ReconciliationDay } from '@shared/contract';
import { said, type Said } from '@shared/i18n/said';
import { BUCKET_MS, type LedgerRepository, type RollupRow } from '../store';
import { formatCredits, toMicro } from '../pricing';

interface DaySums {
  claimedU: number;
  awardedU: number;
  pendingU: number;
  rejectedU: number;
  expiredU: number;
  reasons: Map<string, { code: string; message: string; count: number; amountU: number }>;
  directoryU: number | null;
  verifiedU: number;
  differing: number;
}

/**
 * What to do about a rejection, for the reasons the node (or the person) can act on; null when there is nothing to
 * do. Matched on the words the production directory uses when it refuses a credit award.
 */
export function adviceFor(code: string, message: string): Said | null {
  const m = message.toLowerCase();
  if (m.includes('ceiling')) return said('earnings.advice.ceiling');
  if (m.includes('hmac') || m.includes('not provisioned')) return said('earnings.advice.signingKey');
  if (m.includes('expired')) return said('earnings.advice.tooLate');
  if (m.includes('nonce')) return null; // the directory had counted this receipt already
  if (m.includes('querying')) return said('earnings.advice.unknownConsumer');
  if (m.includes('rate limit')) return said('earnings.advice.rateLimit', { credits: 1000 });
  if (code === 'validation_error') return said('earnings.advice.format');
  return null;
}

/**
 * Per local day: what the node claimed, what the directory awarded (its answers to the receipts), what it rejected
 * and why, what is still waiting, and the difference — in exact decimals — beside what the directory's own
 * transaction list showed credited for tasks that day. It lists only its newest rows, so a busy day may be seen in
 * part: the sum is given only for a day the lists as read showed whole (`listedWhole`, by the day's index).
 */
export function reconcile(
  ledger: LedgerRepository,
  rows: readonly RollupRow[],
  dayOf: (ms: number) => number,
  period: { days: readonly string[]; from: number; listedWhole: (day: number) => boolean },
): ReconciliationDay[] {
  const { days, from, listedWhole } = period;
  const sums: DaySums[] = days.map(() => ({
    claimedU: 0,
    awardedU: 0,
    pendingU: 0,
    rejectedU: 0,
    expiredU: 0,
    reasons: new Map(),
    directoryU: null,
    verifiedU: 0,
    differing: 0,
  }));
  const pendingFloat = days.map(() => 0);
  for (const r of rows) {
    const i = dayOf(r.bucket * BUCKET_MS);
    if (i < 0) continue;
    const d = sums[i]!;
    d.claimedU += r.claimedU;
    d.awardedU += r.awardedU;
    d.rejectedU += r.rejectedU;
    d.expiredU += r.expiredU;
    pendingFloat[i]! += r.pending;
  }
  pendingFloat.forEach((p, i) => (sums[i]!.pendingU = Math.max(0, toMicro(p))));
  for (const rej of ledger.rejections(from)) {
    const i = dayOf(rej.bucket * BUCKET_MS);
    if (i < 0) continue;
    const m = /^(\S+): ?(.*)$/s.exec(rej.note);
    const code = m ? m[1]! : 'unknown';
    const message = m ? m[2]! : rej.note;
    const key = `${code}\u0000${message}`;
    const reasons = sums[i]!.reasons;
    const r = reasons.get(key) ?? { code, message, count: 0, amountU: 0 };
    r.count += rej.count;
    r.amountU += rej.claimedU;
    reasons.set(key, r);
  }
  // A day the lists showed whole has a sum, 0 when they listed no task credit for it; any other day has none.
  days.forEach((_, i) => (sums[i]!.directoryU = listedWhole(i) ? 0 : null));
  for (const t of ledger.directoryTransactions(from)) {
    // Production names an award `task_completion`, the Rust directory `cip_award`.
    if (t.type !== 'credit' || (t.reason !== 'task_completion' && t.reason !== 'cip_award')) continue;
    const d = sums[dayOf(t.ts)];
    if (d?.directoryU == null) continue;
    d.directoryU += t.amountU;
  }
  for (const v of ledger.verifiedBuckets(from)) {
    const i = dayOf(v.bucket * BUCKET_MS);
    if (i < 0) continue;
    sums[i]!.verifiedU += v.verifiedU;
    sums[i]!.differing += v.differing;
  }
  return days.map((day, i) => {
    const d = sums[i]!;
    return {
      day,
      claimed: formatCredits(d.claimedU),
      awarded: formatCredits(d.awardedU),
      rejected: formatCredits(d.rejectedU),
      expired: formatCredits(d.expiredU),
      pending: formatCredits(d.pendingU),
      difference: formatCredits(d.claimedU - d.awardedU - d.pendingU),
      directoryCredited: d.directoryU === null ? null : formatCredits(d.directoryU),
      verified: formatCredits(d.verifiedU),
      differing: d.differing,
      reasons: [...d.reasons.values()]
        .sort((a, b) => b.count - a.count)
        .map((r) => ({
          code: r.code,
          message: r.message,
          count: r.count,
          amount: formatCredits(r.amountU),
          advice: adviceFor(r.code, r.message),
        })),
    };
  });
}
