import type { GatewayHeader, GatewayInfo } from '@shared/contract';
import type { LimitName } from './budget';

export interface HeaderFacts {
  enabled: boolean;
  listening: boolean;
  problem: string | null;
  offer: GatewayInfo['offer'];
  /** What one more request may cost now and the limit that sets it (Budget.allowance()). */
  allowance: { credits: number; limit: LimitName | null };
  /** The balance paid requests draw on, less what requests on their way hold; null when not read yet. */
  balanceLeft: number | null;
  /** Whether other people's nodes may be asked at all ("only my machines" off and a node to pay from). */
  paidPossible: boolean;
}

/** The least a paid request can cost at the directory's ceiling: one started 1 000 tokens at the lowest price listed. */
function cheapestPaid(offer: GatewayInfo['offer']): number {
  const prices = (offer?.models ?? []).map((m) => m.lowestMultiplier).filter((p): p is number => p !== null);
  return 1.1 * Math.max(0.001, prices.length > 0 ? Math.min(...prices) : 1);
}

/**
 * Where the gateway stands, for the page's header: the first that is true of off, not listening, starting, the
 * directory down, no machine offering anything, a limit reached, the balance empty; else listening.
 */
export function headerOf(f: HeaderFacts): GatewayHeader {
  const kind = (k: GatewayHeader['kind'], limit: GatewayHeader['limit'] = null): GatewayHeader => ({ kind: k, limit });
  if (!f.enabled) return kind('off');
  if (f.problem !== null) return kind('problem');
  if (!f.listening) return kind('starting');
  if (f.offer?.problem) return kind('directory_down');
  if (f.offer !== null && f.offer.nodes === 0) return kind('no_machine');
  if (!f.paidPossible) return kind('listening');
  const need = cheapestPaid(f.offer);
  const { credits, limit } = f.allowance;
  if (credits < need && limit !== null && limit !== 'balance') return kind('limit_reached', limit);
  if ((credits < need && limit === 'balance') || (f.balanceLeft !== null && f.balanceLeft < need)) return kind('balance_empty');
  return kind('listening');
}
