/**
 * How an answer ended when the gateway lowered its token bound to fit the person's limits. A node's server that
 * stopped at the bound usually says `length`, but one that does not say, or a node that says `stop` anyway, would
 * leave the app taking a cut answer for a finished one: an answer that used every token of a lowered bound was cut,
 * whatever its node wrote. Every API's answer, whole and streamed, asks here; each writer then says `length` in its
 * own words (Anthropic's `max_tokens`, Ollama's `done_reason`, the Responses API's `incomplete`).
 */

/**
 * The finish reason the app reads: `length` when the bound was lowered (`lowered` is the bound sent) and the answer
 * reached it, by its completion tokens or by its node's own `length`; the node's reason otherwise.
 */
export function endAtBound<R extends string | null>(
  finish: R,
  completionTokens: number | null,
  lowered: number | null | undefined,
): R | 'length' {
  if (typeof lowered !== 'number') return finish;
  if (finish === 'length' || (completionTokens !== null && completionTokens >= lowered)) return 'length';
  return finish;
}
