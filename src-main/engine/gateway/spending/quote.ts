import { callDirectory } from '../../directory';
import { parseCredits, MICRO } from '../../pricing';
import { INTENT_CHAT } from '../../backends';

/** What the directory's quote says about the payer (the node, or its operator's wallet). */
export interface Quote {
  /** What spending can draw on now (credits): the operator wallet when the node is bound to one. */
  balance: number;
  /** Whether that is the node's own balance or the operator wallet's. */
  scope: 'node' | 'operator_wallet';
  at: number;
}

/**
 * `GET /v1/credits/quote` with the node's token (PHP `CreditsController::quote`): the consumer's pre-flight. The
 * gateway reads what the quote says of the payer's balance — the directory debits an operator-bound node's wallet, not
 * the node — and judges each request's price itself from the multipliers discovery lists, as the directory's award
 * ceiling does. Null when the directory does not answer or answers something else.
 */
export async function readQuote(o: {
  baseUrl: string;
  nodeId: string;
  token: string;
  fetchImpl?: typeof fetch;
  now?: () => number;
}): Promise<Quote | null> {
  try {
    const r = await callDirectory(
      o.baseUrl,
      {
        method: 'GET',
        route: '/v1/credits/quote',
        token: o.token,
        nodeId: o.nodeId,
        query: { node_id: o.nodeId, intent: INTENT_CHAT, max_tokens: '1000' },
        timeoutMs: 5000,
      },
      o.fetchImpl,
    );
    if (!r.ok) return null;
    const micro = parseCredits(r.body.effective_balance);
    if (micro === null) return null;
    return {
      balance: micro / MICRO,
      scope: r.body.balance_scope === 'operator_wallet' ? 'operator_wallet' : 'node',
      at: (o.now ?? Date.now)(),
    };
  } catch {
    return null;
  }
}
