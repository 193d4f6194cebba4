/**
 * How long an answer is expected to be, for the plan a request is shown with before it is sent: the median answer
 * of this app's last answered requests for the model, else of all apps' for it, else a fixed length; never longer
 * than the answer's bound (what the limits hold). The bound is what a node may use at most; the plan is what the
 * request is expected to cost, so a person reads the plan as its cost.
 */

/** An answer's length when the book has none for the model: a few paragraphs. */
export const DEFAULT_ANSWER_TOKENS = 256;

/** Answers looked at, the newest: enough for a steady median, few enough for one small indexed read per request. */
export const ANSWERS_LOOKED_AT = 31;

/**
 * The answers' lengths (completion tokens) of the last answered requests for one model, newest first, at most
 * `limit`: of one app (its key's id) or, with null, of every app.
 */
export type AnswerLengths = (appKeyId: string | null, limit: number) => readonly number[];

/** The median of `xs` (the lower of the middle two when even: an expected cost is better low than high). */
function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/**
 * The typical answer's length for a request from `appKeyId` (null: no key) whose answer may be at most `bound`
 * tokens (null: no bound known): this app's median, else every app's, else `DEFAULT_ANSWER_TOKENS`.
 */
export function typicalAnswerTokens(lengths: AnswerLengths, appKeyId: string | null, bound: number | null): number {
  const mine = appKeyId === null ? [] : lengths(appKeyId, ANSWERS_LOOKED_AT);
  const seen = mine.length > 0 ? mine : lengths(null, ANSWERS_LOOKED_AT);
  const typical = seen.length > 0 ? median(seen) : DEFAULT_ANSWER_TOKENS;
  return bound === null ? typical : Math.max(0, Math.min(typical, bound));
}
