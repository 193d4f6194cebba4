/**
 * The spending sub-room's face: the person's limits and each app's allowance, what a task may honestly claim, the
 * spent book and its flags, the directory's quote and the balance read again before a refusal for it. Only this file
 * is imported from outside spending/.
 */
export { AppAllowance, holdBoth } from './app-allowance';
export { BalanceReread } from './balance-reread';
export {
  Budget,
  claimCeiling,
  honestClaim,
  type Allowance,
  type BudgetRefusal,
  type Hold,
  type HoldTerms,
  type LimitName,
} from './budget';
export { clampResultUsage, clampTokenUsage } from './claim-check';
export { claimBound, pieceTokens, promptTokens, tryTokens, type TryTokens } from './token-estimates';
export { GatewayBooks } from './gateway-books';
export { NodeFlags } from './node-flags';
export { readQuote, type Quote } from './quote';
export { SpendTotals, type SpendBook, type SpendEntry } from './spend-totals';
export { DEFAULT_ANSWER_TOKENS, typicalAnswerTokens, type AnswerLengths } from './typical-answer';
