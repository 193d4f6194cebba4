/**
 * A node's word on how many tokens a task used is checked against what the request could produce: its prompt (every
 * tokenizer makes at most one token of each byte, and a chat template adds a few hundred) plus the answer's bound
 * (`claimBound` in token-estimates.ts).
 * A claim above that is not believed: the books keep what an honest node would claim for the bound, the app is shown
 * usage no larger than it, and the node is flagged (node-flags.ts).
 */
import type { TokenUsage } from '../api-shapes';

/** Counts cut so their total is at most `bound`: the answer's first, then the prompt's. */
export function clampTokenUsage(u: TokenUsage, bound: number): TokenUsage {
  if (u.total <= bound) return u;
  const completion = Math.min(u.completion, bound);
  const prompt = Math.min(u.prompt, bound - completion);
  return { prompt, completion, total: prompt + completion };
}

/** An OpenAI-style result whose `usage` says more than `bound`, with its counts cut to the bound (a copy). */
export function clampResultUsage(result: unknown, u: TokenUsage, bound: number): unknown {
  if (u.total <= bound || typeof result !== 'object' || result === null) return result;
  const c = clampTokenUsage(u, bound);
  const usage = (result as { usage: Record<string, unknown> }).usage;
  return {
    ...result,
    usage: { ...usage, prompt_tokens: c.prompt, completion_tokens: c.completion, total_tokens: c.total },
  };
}
