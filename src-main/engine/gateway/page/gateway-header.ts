import type { GatewayHeader, GatewayInfo } from '@shared/contract';
import type { Said } from '@shared/i18n/said';
import type { LimitName } from '../spending';

export interface HeaderFacts {
  enabled: boolean;
  listening: boolean;
  problem: Said | null;
  offer: GatewayInfo['offer'];
  /** The limit that leaves no room for even the cheapest paid request (Budget.limitReached()), or null. */
  limitReached: LimitName | null;
  /** Whether other people's nodes may be asked at all ("only my machines" off and a node to pay from). */
  paidPossible: boolean;
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
  // The budget's own word: the same one that refuses a request, so the header never says more room than there is.
  if (f.limitReached === 'balance') return kind('balance_empty');
  if (f.limitReached !== null) return kind('limit_reached', f.limitReached);
  return kind('listening');
}
