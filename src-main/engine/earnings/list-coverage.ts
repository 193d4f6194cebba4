/**
 * Which stretches of time the directory's transaction lists, as the node read them, show in full. The directory
 * lists only its newest transactions for a node (`GET /v1/credits/transactions`: 20 in production), so a busy hour
 * between two reads leaves rows the node never saw. A day's credits from those lists are a fact only for a day they
 * show whole; any other day would read as credits gone missing.
 */

/** How many transactions production lists (CreditService::recentTransactions); a shorter list holds all there are. */
export const LISTED_ROWS = 20;
/** Stretches kept: the newest ones (a day needs one stretch; older ones stop mattering after the report's 90 days). */
const KEPT = 256;

/**
 * A stretch `(from, to]` in ms: every transaction created after `from` and up to `to` was in a list the node read.
 * `from` 0: from the beginning.
 */
export interface ListedStretch {
  from: number;
  to: number;
}

/**
 * The stretches with one more read added: a list of `listed` rows (as the directory sent it) read at `readAt` (the
 * moment the read began), with the times of the rows that could be read. A list shorter than the directory's page
 * holds every transaction up to then; a full one only those after its oldest row (rows of that same second may have
 * been cut off). Overlapping stretches join.
 */
export function addListRead(
  stretches: readonly ListedStretch[],
  listed: number,
  rowTimes: readonly number[],
  readAt: number,
): ListedStretch[] {
  const times = rowTimes.filter((t) => Number.isFinite(t));
  // A row whose time could not be read leaves the list's reach unknown: it adds nothing.
  if (times.length < Math.min(listed, LISTED_ROWS)) return [...stretches];
  const from = listed < LISTED_ROWS ? 0 : Math.min(...times);
  if (from >= readAt) return [...stretches];
  const all = [...stretches, { from, to: readAt }].sort((a, b) => a.from - b.from);
  const joined: ListedStretch[] = [];
  for (const s of all) {
    const last = joined[joined.length - 1];
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else joined.push({ ...s });
  }
  return joined.slice(-KEPT);
}

/** Whether one read stretch shows every transaction created in `[from, to)`. */
export function listedWhole(stretches: readonly ListedStretch[], from: number, to: number): boolean {
  return stretches.some((s) => s.from < from && to <= s.to);
}

/** Stored stretches as they were written, or none when they are not that shape (a fresh start is only cautious). */
export function readStretches(v: unknown): ListedStretch[] {
  if (!Array.isArray(v)) return [];
  return v.filter(
    (s): s is ListedStretch =>
      !!s &&
      typeof s === 'object' &&
      Number.isFinite((s as ListedStretch).from) &&
      Number.isFinite((s as ListedStretch).to),
  );
}
