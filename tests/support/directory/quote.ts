/**
 * `GET /v1/credits/quote` as PHP `CreditsController::quote` answers it: node auth, then a price estimate over the
 * available nodes serving the intent and the caller's spendable balance. Nothing is stored: the quote id is never
 * checked again.
 */
import { authenticateNode } from './auth';
import { toUnits, unitsToNumber } from './decimal';
import { eloquentTimestamp, json, objectError, type ParsedRequest, type Reply } from './http';
import { effectiveBalance } from './operator-wallet';
import { randomAlphanumeric } from './random';
import type { DirectoryContext } from './types';

const QUOTE_TTL_MS = 60_000;

/** PHP `(float)` of a query string: its leading number, else 0. */
function phpFloat(s: string): number {
  const m = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(s);
  return m ? Number(m[0].trim()) : 0;
}

/** PHP `round($x, 4)`: half away from zero. */
const round4 = (x: number): number => unitsToNumber(toUnits(x));

/** PHP's `!$x` for a query value: absent, `""` and `"0"` are false. */
const missing = (v: string | undefined): boolean => v === undefined || v === '' || v === '0';

export function handleQuote(ctx: DirectoryContext, req: ParsedRequest): Reply {
  const auth = authenticateNode(ctx, req);
  if (!auth.ok) return auth.reply;
  const { intent, max_tokens: rawMax, nodes: nodesParam, min_reputation: rawRep } = req.query;
  if (missing(intent) || missing(rawMax))
    return objectError(422, 'validation_error', 'intent and max_tokens are required');
  const maxTokens = Math.trunc(phpFloat(rawMax as string));
  if (maxTokens <= 0) return objectError(422, 'validation_error', 'max_tokens must be a positive integer');
  const minReputation = rawRep === undefined ? 0 : Math.max(0, Math.min(1, phpFloat(rawRep)));

  // Only `available` and the intent count: no last-seen, status or reachability filter (unlike discover).
  const ids = (nodesParam ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== '0');
  const candidates = Object.values(ctx.state.nodes).filter(
    (n) =>
      n.available &&
      n.capabilities.some((c) => c.intent === intent) &&
      (ids.length === 0 || ids.includes(n.nodeId)) &&
      (minReputation <= 0 || n.reputation.score >= minReputation),
  );
  const blocks = Math.ceil(maxTokens / 1000);
  const multipliers = candidates.map((n) => Math.max(0, n.pricing.credit_cost_multiplier));
  const avg = multipliers.length > 0 ? multipliers.reduce((a, b) => a + b, 0) / multipliers.length : 1.0;
  const minCredits = round4(blocks * (multipliers.length > 0 ? Math.min(...multipliers) : 1.0));
  const maxCredits = round4(blocks * (multipliers.length > 0 ? Math.max(...multipliers) : 1.0));
  const estimated = round4(blocks * avg);

  const balance = effectiveBalance(ctx, auth.node.nodeId);
  return json(200, {
    quote_id: `q_${randomAlphanumeric(12)}`,
    estimated_credits: estimated,
    min_credits: minCredits,
    max_credits: maxCredits,
    price_per_1000_tokens: multipliers.length > 0 ? round4(avg) : 1.0,
    nodes_quoted: candidates.length,
    quote_expires_at: eloquentTimestamp(ctx.now() + QUOTE_TTL_MS),
    currency: 'iicp_credits',
    ...balance,
    balance_sufficient: balance.effective_balance >= estimated,
  });
}
