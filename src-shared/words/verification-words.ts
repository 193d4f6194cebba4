/**
 * What the check of the node's awards against the directory's signed event log says, in plain words: one writer for
 * the Earnings page, the headless dashboard, `--verify-earnings`, the tray and the notification, so each says the same.
 */
import type { AwardCheck, VerificationInfo } from '../contract/earnings';
import { formatCount, formatCredits } from './credits-words';

const n = (count: number, one: string, many: string, locale?: string): string => `${formatCount(count, locale)} ${count === 1 ? one : many}`;
const credits = (exact: string, locale?: string): string => `${formatCredits(Number(exact), locale)} ${Number(exact) === 1 ? 'credit' : 'credits'}`;

/** Per check: a short label (a table cell) and why, in one sentence. */
export const CHECK_WORDS: Record<AwardCheck, { label: string; why: string }> = {
  verified: { label: 'Verified', why: 'The directory’s signed record shows this award with a valid signature.' },
  not_awarded_yet: { label: 'Not awarded yet', why: 'The directory has not answered this claim yet.' },
  awarded_less: { label: 'Awarded less', why: 'The signed record pays less than the node claimed.' },
  awarded_more: { label: 'Awarded more', why: 'The signed record pays more than the node claimed.' },
  not_in_log: { label: 'Not in the signed record', why: 'The directory said it awarded this task, but its signed record has no such award.' },
  signature_invalid: { label: 'Signature invalid', why: 'The award is in the record, but its signature does not match the directory’s key.' },
  chain_broken: { label: 'Chain broken', why: 'The award does not link to the event before it, so the record was changed around it.' },
  key_changed: { label: 'Key changed', why: 'The award is signed with a new directory key that you have not accepted yet.' },
  other_node: { label: 'Credited to another node', why: 'The signed award for this node’s task names another node.' },
  never_claimed: { label: 'Never claimed', why: 'The signed record shows an award to this node for a task it never served.' },
  paid_twice: { label: 'Paid twice by the directory', why: 'The signed record pays this task a second time; only its first award counts.' },
  repeated_seq: { label: 'Repeated sequence number', why: 'The signed record lists this award under a sequence number it had already used, so it is not counted.' },
};

/** Whether everything checked matches (claims still waiting for an answer are not differences). */
export const allMatch = (v: VerificationInfo): boolean =>
  v.differences.length === 0 && v.log.badSignatures === 0 && v.log.chainBreaks === 0 && !v.log.rewritten && v.key?.changedTo == null;

/** The differences that are one of the node's awards (the others pay tasks it never claimed, or pay one twice). */
const AWARD_KINDS: ReadonlySet<AwardCheck> = new Set(['awarded_less', 'awarded_more', 'not_in_log', 'signature_invalid', 'chain_broken', 'key_changed', 'other_node']);

/** The node's awards the last check looked at: those it verified and those that differ. */
export const checkedAwards = (v: VerificationInfo): number => v.verified.count + v.differences.reduce((s, d) => s + (AWARD_KINDS.has(d.check) ? d.count : 0), 0);

/** Awards the last check has not seen yet (answered after it read the record, or since), 0 when none or not counted. */
export const uncheckedAwards = (v: VerificationInfo): number => v.unchecked?.count ?? 0;

/**
 * The check in one sentence: "Verified against the directory's signed record: 12 awards, 0.184 credits — all match."
 * or what differs. While newer awards are not checked yet it says how many it covers: "41 of 52 awards checked
 * against the directory's signed record: 0.222 credits, all match." Null while there is nothing to say yet.
 */
export function verificationSentence(v: VerificationInfo, locale?: string): string {
  if (v.state === 'off') return 'Awards can be checked against the directory’s signed record once the node is registered.';
  if (v.state === 'never') return 'Awards have not been checked against the directory’s signed record yet.';
  if (v.state === 'reading' && v.asOf === null) return `Checking the directory’s signed record: ${n(v.progress ?? 0, 'event', 'events', locale)} so far.`;
  if (v.state === 'failed' && v.asOf === null) return `The directory’s signed record could not be checked: ${v.error ?? 'it did not answer'}.`;
  const differing = v.differences.reduce((s, d) => s + d.count, 0);
  const unchecked = uncheckedAwards(v);
  if (unchecked > 0) {
    const checked = checkedAwards(v);
    const head = `${formatCount(checked, locale)} of ${n(checked + unchecked, 'award', 'awards', locale)} checked against the directory’s signed record`;
    if (allMatch(v)) return `${head}: ${credits(v.verified.credits, locale)}, all match.`;
    const verified = `${n(v.verified.count, 'award', 'awards', locale)} verified (${credits(v.verified.credits, locale)})`;
    return differing > 0 ? `${head}: ${verified}; ${n(differing, 'task differs', 'tasks differ', locale)}.` : `${head}: ${verified}; the record itself has problems.`;
  }
  const head = `Verified against the directory’s signed record: ${n(v.verified.count, 'award', 'awards', locale)}, ${credits(v.verified.credits, locale)}`;
  if (allMatch(v)) return `${head} — all match.`;
  return differing > 0 ? `${head}; ${n(differing, 'task differs', 'tasks differ', locale)}.` : `${head}; the record itself has problems.`;
}

/** The awards the last check has not seen, when there are any: "11 newer awards are not checked yet (0.066 credits)." */
export function uncheckedSentence(v: VerificationInfo, locale?: string): string | null {
  const u = v.unchecked;
  if (!u || u.count === 0) return null;
  return `${n(u.count, 'newer award is', 'newer awards are', locale)} not checked yet (${credits(u.credits, locale)}); the next check includes them.`;
}

/** One sentence per kind of difference: "2 tasks: awarded less (0.004 credits)." */
export function differenceSentences(v: VerificationInfo, locale?: string): string[] {
  return v.differences.map((d) => `${n(d.count, 'task', 'tasks', locale)}: ${CHECK_WORDS[d.check].label.toLowerCase()} (${credits(d.credits, locale)}).`);
}

/** Claims waiting for the directory's answer, when there are any. */
export function waitingSentence(v: VerificationInfo, locale?: string): string | null {
  return v.waiting.count > 0 ? `${n(v.waiting.count, 'claim is', 'claims are', locale)} not awarded yet (${credits(v.waiting.credits, locale)}).` : null;
}

/** Why the last check stopped before the end of the directory's log, when it did. */
export function stoppedSentence(v: VerificationInfo, locale?: string): string | null {
  if (!v.stopped) return null;
  const pages = n(v.stopped.pages, 'page', 'pages', locale);
  return v.stopped.reason === 'no_progress'
    ? `The directory’s log did not end: this check stopped after ${pages}, as page after page held none of this node’s awards; the next check goes on from there.`
    : `This check read as much of the directory’s log as one check may (${pages}); the next check goes on from there.`;
}

/**
 * Warnings about the record itself, the person must see: a changed key, broken links, bad signatures, a rewritten
 * history. Each is one sentence with what to do.
 */
export function logWarnings(v: VerificationInfo, locale?: string): string[] {
  const out: string[] = [];
  if (v.key?.changedTo) {
    out.push(
      `The directory now signs with a different key (${v.key.changedTo}) than the one this node trusted (${v.key.fingerprint}); awards signed with it are not counted until you accept it.`,
    );
  }
  if (v.log.rewritten) out.push('The directory’s signed record changed after this node verified it: events it had already checked are now different.');
  if (v.log.chainBreaks > 0) out.push(`The signed record’s chain is broken in ${n(v.log.chainBreaks, 'place', 'places', locale)}: events were removed, reordered or changed.`);
  if (v.log.badSignatures > 0) out.push(`${n(v.log.badSignatures, 'event has', 'events have', locale)} an invalid signature in the directory’s record.`);
  return out;
}

export const VERIFICATION_NOTICE_TITLE = 'Your earnings do not match the directory’s signed record';

/** The one sentence a notification says about a new problem with the signed record. */
export function verificationProblem(v: VerificationInfo, locale?: string): string {
  return logWarnings(v, locale)[0] ?? verificationSentence(v, locale);
}
