/**
 * What a try at one node may ask for: the answer's length cut to what the budget's room and the node's advert allow,
 * what it is expected to cost and its worst case; and the plan the first task of a request with several answers
 * holds the others to.
 */
import {
  claimCeiling,
  honestClaim,
  promptTokens,
  typicalAnswerTokens,
  type Allowance,
  type LimitName,
} from '../spending';
import { INTENT_EMBEDDING } from '../../backends';
import type { NetworkAsk } from './network-ask';
import type { OfferedNode } from './network-offer';

/**
 * What the first task of a request with several answers held for each of the others (its answered try's terms): the
 * answer's length and what it was expected to cost. Free (own machines, this computer): nothing was held.
 */
export interface TryPlan {
  maxTokens: number | null;
  expected: number;
}

/** Whether a plan held nothing: its tasks were answered free, and the others may not be paid for. */
export const freePlan = (plan: TryPlan): boolean => !(plan.expected > 0);

/** When neither the app nor the node says how long an answer may be, the directory's usual advertised ceiling. */
const ASSUMED_MAX_TOKENS = 8192;
/** An answer shorter than this is no answer: a request the budget leaves less room for is refused instead. */
export const MIN_ANSWER_TOKENS = 16;

/**
 * What a try at one node may ask for and is planned at: the answer's length, what it is expected to cost (what an
 * honest node claims for it) and its worst case (what the directory would let a node claim), in credits.
 */
export type TryTerms =
  | {
      ok: true;
      maxTokens: number | null;
      expected: number;
      worstCase: number;
      /** The answer's length when it was cut to fit a limit or the balance (the app is told); null when not cut. */
      lowered: number | null;
    }
  | { ok: false; limit: LimitName | null; need?: number };

/**
 * Whether `copies` tasks of `tokens` tokens each fit the allowance: their expected cost the limits' room, their worst
 * case the balance's (as the budget holds them, `Budget.holdMany`).
 */
function fitsIn(tokens: number, multiplier: number, a: Allowance, copies: number): boolean {
  return (
    toMicroOf(honestClaim(tokens, multiplier)) * copies <= toMicroOf(a.credits) &&
    toMicroOf(claimCeiling(tokens, multiplier)) * copies <= toMicroOf(a.worstCase)
  );
}
const toMicroOf = (credits: number): number => (Number.isFinite(credits) ? Math.round(credits * 1e6) : credits);

/**
 * The answer length and the plan for a try at `node`, for `copies` tasks alike (several answers to one request, held
 * together). On the person's own machines nothing is spent. On another operator's node the answer is as long as the
 * app asked, never longer than the node advertises (it answers no more, so no more is held or asked for), cut so that
 * what all copies are expected to cost fits the room the limits leave and their worst case (`claimCeiling` of each
 * whole task) the room the balance leaves; without room for a short answer the try is not made.
 */
export function tryTerms(
  node: OfferedNode,
  own: boolean,
  ask: NetworkAsk & { promptTokens?: number },
  allowance: Allowance,
  copies = 1,
): TryTerms {
  if (own) return { ok: true, maxTokens: ask.maxTokens, expected: 0, worstCase: 0, lowered: null };
  const n = Math.max(1, copies);
  // Reckoned once per request by routeTask; a caller that did not gets it reckoned here.
  const prompt = ask.promptTokens ?? promptTokens(ask.payloadJson);
  const m = node.multiplier;
  const refuse = (tokens: number): TryTerms => {
    const expected = honestClaim(tokens, m) * n;
    const overLimits = toMicroOf(expected) > toMicroOf(allowance.credits);
    // Several copies are refused with what they would cost together, as the budget's own refusal of them says it.
    return {
      ok: false,
      limit: overLimits ? allowance.limit : allowance.worstLimit,
      ...(n > 1 ? { need: overLimits ? expected : claimCeiling(tokens, m) * n } : {}),
    };
  };
  if (ask.intent === INTENT_EMBEDDING) {
    // Embeddings are paid for their input only: nothing to cut, so they fit or they do not.
    return fitsIn(prompt, m, allowance, n)
      ? {
          ok: true,
          maxTokens: ask.maxTokens,
          expected: honestClaim(prompt, m),
          worstCase: claimCeiling(prompt, m),
          lowered: null,
        }
      : refuse(prompt);
  }
  const asked = ask.maxTokens ?? node.maxTokens ?? ASSUMED_MAX_TOKENS;
  const wanted = node.maxTokens !== null && node.maxTokens > 0 ? Math.min(asked, node.maxTokens) : asked;
  let answer = wanted;
  if (!fitsIn(prompt + wanted, m, allowance, n)) {
    // Both costs only grow with the answer's length: the longest answer that fits is found by halving.
    let lo = -1;
    let hi = wanted;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (fitsIn(prompt + mid, m, allowance, n)) lo = mid;
      else hi = mid;
    }
    answer = lo;
    const least = Math.min(MIN_ANSWER_TOKENS, wanted);
    if (answer < least) return refuse(prompt + least);
  }
  return {
    ok: true,
    maxTokens: answer,
    expected: honestClaim(prompt + answer, m),
    worstCase: claimCeiling(prompt + answer, m),
    lowered: answer < wanted ? answer : null,
  };
}

/** A typical answer's length for a try whose answer may be `bound` tokens long (spending/typical-answer.ts). */
export type TypicalAnswer = (bound: number | null) => number;

/** Without the spent book's answers: the fixed length, never above the bound. */
export const defaultTypicalAnswer: TypicalAnswer = (bound) => typicalAnswerTokens(() => [], null, bound);

/**
 * What a try is planned at, the cost a person reads as the request's: what an honest node claims for the prompt and a
 * typical answer, never more than what the limits hold for it (`expected`, its cost at the answer's bound, which
 * keeps every answer within the limits). An embedding has no answer: its cost is its input's.
 */
export function plannedCost(
  node: Pick<OfferedNode, 'multiplier'>,
  intent: string,
  prompt: number,
  terms: { maxTokens: number | null; expected: number },
  typicalAnswer: TypicalAnswer,
): number {
  if (!(terms.expected > 0) || intent === INTENT_EMBEDDING) return terms.expected;
  return Math.min(terms.expected, honestClaim(prompt + typicalAnswer(terms.maxTokens), node.multiplier));
}

/**
 * The allowance of a task its request planned (`plan`): never more expected than the first task held for it, so a
 * pricier node answers it shorter and the whole request keeps the per-request limit the first task's hold was judged
 * by.
 */
export function heldToPlan(a: Allowance, plan: TryPlan): Allowance {
  return plan.expected < a.credits ? { ...a, credits: plan.expected, limit: 'request' } : a;
}
