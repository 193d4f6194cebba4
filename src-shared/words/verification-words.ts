/**
 * What the check of the node's awards against the directory's signed event log says, in plain words: one writer for
 * the Earnings page, the headless dashboard, `--verify-earnings`, the tray and the notification, so each says the same.
 */
import type { AwardCheck, VerificationFailure, VerificationInfo } from '../contract/earnings';
import { sayNow } from '../i18n/current';
import { formatCount, formatCredits } from './credits-words';

/** "0.184 credits": the amount in the locale's figures, singular only for exactly 1. */
const credits = (exact: string, locale?: string): string =>
  sayNow()('earnings.verifyWords.credits', { value: Number(exact), amount: formatCredits(Number(exact), locale) });

/** The words of each kind of failed check (kept as literals so the catalogue's types check them). */
const FAILURE_IDS = {
  key_unreadable: 'earnings.verifyWords.failure.keyUnreadable',
  key_invalid: 'earnings.verifyWords.failure.keyInvalid',
  log_unreadable: 'earnings.verifyWords.failure.logUnreadable',
  log_invalid: 'earnings.verifyWords.failure.logInvalid',
  on_this_computer: 'earnings.verifyWords.failure.onThisComputer',
  node_stopped: 'earnings.verifyWords.failure.nodeStopped',
} as const satisfies Record<VerificationFailure, string>;

/**
 * Why the last check failed, in the page's language: "the directory's key could not be read". The engine's English
 * detail (`error`) is our log's, never a page's; only an older host, which sends no kind, has nothing else to show.
 */
export function failureWords(v: Pick<VerificationInfo, 'error' | 'failure'>): string | null {
  if (v.failure) return sayNow()(FAILURE_IDS[v.failure]);
  return v.error;
}

/** The message ids of each check's label and why (kept as literals so the catalogue's types check them). */
const CHECK_IDS = {
  verified: ['earnings.verifyWords.label.verified', 'earnings.verifyWords.why.verified'],
  not_awarded_yet: ['earnings.verifyWords.label.notAwardedYet', 'earnings.verifyWords.why.notAwardedYet'],
  awarded_less: ['earnings.verifyWords.label.awardedLess', 'earnings.verifyWords.why.awardedLess'],
  awarded_more: ['earnings.verifyWords.label.awardedMore', 'earnings.verifyWords.why.awardedMore'],
  not_in_log: ['earnings.verifyWords.label.notInLog', 'earnings.verifyWords.why.notInLog'],
  signature_invalid: ['earnings.verifyWords.label.signatureInvalid', 'earnings.verifyWords.why.signatureInvalid'],
  chain_broken: ['earnings.verifyWords.label.chainBroken', 'earnings.verifyWords.why.chainBroken'],
  key_changed: ['earnings.verifyWords.label.keyChanged', 'earnings.verifyWords.why.keyChanged'],
  other_node: ['earnings.verifyWords.label.otherNode', 'earnings.verifyWords.why.otherNode'],
  never_claimed: ['earnings.verifyWords.label.neverClaimed', 'earnings.verifyWords.why.neverClaimed'],
  paid_twice: ['earnings.verifyWords.label.paidTwice', 'earnings.verifyWords.why.paidTwice'],
  repeated_seq: ['earnings.verifyWords.label.repeatedSeq', 'earnings.verifyWords.why.repeatedSeq'],
} as const satisfies Record<AwardCheck, readonly [string, string]>;

/**
 * Per check: a short label (a table cell) and why, in one sentence. Each is read when used, so it comes in the
 * language the process speaks at that moment.
 */
export const CHECK_WORDS = Object.fromEntries(
  (Object.keys(CHECK_IDS) as AwardCheck[]).map((check) => {
    const [label, why] = CHECK_IDS[check];
    return [
      check,
      Object.defineProperties({} as { label: string; why: string }, {
        label: { enumerable: true, get: () => sayNow()(label) },
        why: { enumerable: true, get: () => sayNow()(why) },
      }),
    ];
  }),
) as Readonly<Record<AwardCheck, { readonly label: string; readonly why: string }>>;

/** Whether everything checked matches (claims still waiting for an answer are not differences). */
export const allMatch = (v: VerificationInfo): boolean =>
  v.differences.length === 0 &&
  v.log.badSignatures === 0 &&
  v.log.chainBreaks === 0 &&
  !v.log.rewritten &&
  v.key?.changedTo == null;

/** The differences that are one of the node's awards (the others pay tasks it never claimed, or pay one twice). */
const AWARD_KINDS: ReadonlySet<AwardCheck> = new Set([
  'awarded_less',
  'awarded_more',
  'not_in_log',
  'signature_invalid',
  'chain_broken',
  'key_changed',
  'other_node',
]);

/** The node's awards the last check looked at: those it verified and those that differ. */
export const checkedAwards = (v: VerificationInfo): number =>
  v.verified.count + v.differences.reduce((s, d) => s + (AWARD_KINDS.has(d.check) ? d.count : 0), 0);

/** Awards the last check has not seen yet (answered after it read the record, or since), 0 when none or not counted. */
export const uncheckedAwards = (v: VerificationInfo): number => v.unchecked?.count ?? 0;

/**
 * The check in one sentence: "Verified against the directory's signed record: 12 awards, 0.184 credits — all match."
 * or what differs. While newer awards are not checked yet it says how many it covers: "41 of 52 awards checked
 * against the directory's signed record: 0.222 credits, all match." Null while there is nothing to say yet.
 */
export function verificationSentence(v: VerificationInfo, locale?: string): string {
  const say = sayNow();
  const shown = (count: number): string => formatCount(count, locale);
  if (v.state === 'off') return say('earnings.verifyWords.off');
  if (v.state === 'never') return say('earnings.verifyWords.never');
  if (v.state === 'reading' && v.asOf === null)
    return say('earnings.verifyWords.reading', { count: v.progress ?? 0, shown: shown(v.progress ?? 0) });
  if (v.state === 'failed' && v.asOf === null) {
    const why = failureWords(v);
    return why ? say('earnings.verifyWords.failed', { error: why }) : say('earnings.verifyWords.failedNoAnswer');
  }
  const differing = v.differences.reduce((s, d) => s + d.count, 0);
  const unchecked = uncheckedAwards(v);
  const values = {
    verified: v.verified.count,
    verifiedShown: shown(v.verified.count),
    credits: credits(v.verified.credits, locale),
    differing,
    differingShown: shown(differing),
  };
  if (unchecked > 0) {
    const checked = checkedAwards(v);
    const partial = {
      ...values,
      checked: shown(checked),
      total: checked + unchecked,
      totalShown: shown(checked + unchecked),
    };
    if (allMatch(v)) return say('earnings.verifyWords.partialAllMatch', partial);
    return differing > 0
      ? say('earnings.verifyWords.partialDiffer', partial)
      : say('earnings.verifyWords.partialProblems', partial);
  }
  if (allMatch(v)) return say('earnings.verifyWords.allMatch', values);
  return differing > 0 ? say('earnings.verifyWords.differ', values) : say('earnings.verifyWords.problems', values);
}

/**
 * The awards the last check has not seen, when there are any: "11 newer awards are not checked yet (0.066 credits)."
 */
export function uncheckedSentence(v: VerificationInfo, locale?: string): string | null {
  const u = v.unchecked;
  if (!u || u.count === 0) return null;
  return sayNow()('earnings.verifyWords.unchecked', {
    count: u.count,
    shown: formatCount(u.count, locale),
    credits: credits(u.credits, locale),
  });
}

/** One sentence per kind of difference: "2 tasks: awarded less (0.004 credits)." */
export function differenceSentences(v: VerificationInfo, locale?: string): string[] {
  const say = sayNow();
  return v.differences.map((d) => {
    const label = CHECK_WORDS[d.check].label;
    // English runs the label on in lower case; German keeps its nouns capitalised.
    const kind = say.language === 'en' ? label.toLowerCase() : label;
    return say('earnings.verifyWords.difference', {
      count: d.count,
      shown: formatCount(d.count, locale),
      kind,
      credits: credits(d.credits, locale),
    });
  });
}

/** Claims waiting for the directory's answer, when there are any. */
export function waitingSentence(v: VerificationInfo, locale?: string): string | null {
  const w = v.waiting;
  return w.count > 0
    ? sayNow()('earnings.verifyWords.waiting', {
        count: w.count,
        shown: formatCount(w.count, locale),
        credits: credits(w.credits, locale),
      })
    : null;
}

/** Why the last check stopped before the end of the directory's log, when it did. */
export function stoppedSentence(v: VerificationInfo, locale?: string): string | null {
  if (!v.stopped) return null;
  const values = { pages: v.stopped.pages, shown: formatCount(v.stopped.pages, locale) };
  return v.stopped.reason === 'no_progress'
    ? sayNow()('earnings.verifyWords.stoppedNoProgress', values)
    : sayNow()('earnings.verifyWords.stoppedLimit', values);
}

/**
 * Warnings about the record itself, the person must see: a changed key, broken links, bad signatures, a rewritten
 * history. Each is one sentence with what to do.
 */
export function logWarnings(v: VerificationInfo, locale?: string): string[] {
  const say = sayNow();
  const out: string[] = [];
  if (v.key?.changedTo)
    out.push(say('earnings.verifyWords.keyChanged', { newKey: v.key.changedTo, oldKey: v.key.fingerprint }));
  if (v.log.rewritten) out.push(say('earnings.verifyWords.rewritten'));
  if (v.log.chainBreaks > 0)
    out.push(
      say('earnings.verifyWords.chainBroken', {
        count: v.log.chainBreaks,
        shown: formatCount(v.log.chainBreaks, locale),
      }),
    );
  if (v.log.badSignatures > 0)
    out.push(
      say('earnings.verifyWords.badSignatures', {
        count: v.log.badSignatures,
        shown: formatCount(v.log.badSignatures, locale),
      }),
    );
  return out;
}

/** The title of the notification about a new problem with the signed record. */
export const verificationNoticeTitle = (): string => sayNow()('earnings.verifyWords.noticeTitle');

/** The one sentence a notification says about a new problem with the signed record. */
export function verificationProblem(v: VerificationInfo, locale?: string): string {
  return logWarnings(v, locale)[0] ?? verificationSentence(v, locale);
}
