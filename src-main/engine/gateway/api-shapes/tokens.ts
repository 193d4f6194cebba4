/**
 * The token counts of a node's result, as OpenAI's `usage` carries them. The result is foreign: counts that are not
 * whole, non-negative numbers mean "not said" rather than a wrong figure on the books.
 */

export interface TokenUsage {
  prompt: number;
  completion: number;
  total: number;
  /** Of `completion`, the tokens the model spent thinking; absent when it did not think aloud. */
  reasoning?: number;
}

/** A count no real request reaches; anything above is not believed. */
const MAX_COUNT = 1_000_000_000;

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_COUNT ? value : null;
}

/**
 * `usage` of an OpenAI-style result: `prompt_tokens`, `completion_tokens` (absent for embeddings: 0) and
 * `total_tokens` (absent: their sum). Null when there is no readable usage.
 */
export function usageOf(result: unknown): TokenUsage | null {
  if (typeof result !== 'object' || result === null) return null;
  const usage = (result as { usage?: unknown }).usage;
  if (typeof usage !== 'object' || usage === null) return null;
  const u = usage as Record<string, unknown>;
  const prompt = count(u.prompt_tokens);
  if (prompt === null) return null;
  const completion = u.completion_tokens === undefined ? 0 : count(u.completion_tokens);
  if (completion === null) return null;
  const total = u.total_tokens === undefined ? prompt + completion : count(u.total_tokens);
  if (total === null) return null;
  const details = u.completion_tokens_details;
  const reasoning =
    typeof details === 'object' && details !== null
      ? count((details as Record<string, unknown>).reasoning_tokens)
      : null;
  return reasoning === null ? { prompt, completion, total } : { prompt, completion, total, reasoning };
}

/** What an answer reports when the node said nothing readable: zeros, which apps take as "unknown". */
export const NO_USAGE: Readonly<TokenUsage> = Object.freeze({ prompt: 0, completion: 0, total: 0 });
