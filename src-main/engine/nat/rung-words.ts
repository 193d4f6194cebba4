import type { ReachabilityMethod } from '@shared/contract';
import { said, type Said } from '@shared/i18n/said';
import type { Advertisement } from './advertisement';

/**
 * One sentence per rung of the ladder: what reaching the node this way means for the person. The relay and tunnel
 * sentences say who carries the traffic and what they can see, because that is what a person weighs.
 */
export function rungWords(ep: Advertisement | null): Said {
  if (!ep) return said('network.rung.none');
  switch (ep.method) {
    case 'public_url':
      return said('network.rung.publicUrl');
    case 'public_ipv4':
      return said('network.rung.publicIpv4');
    case 'upnp':
    case 'natpmp':
      return said('network.rung.mapped');
    case 'ipv6':
      return ep.exposureMode === 'ipv6_direct_pinhole_available'
        ? said('network.rung.ipv6Opened')
        : said('network.rung.ipv6Unconfirmed');
    case 'tunnel':
      return said('network.rung.tunnel');
    case 'quick_tunnel':
      return said('network.rung.quickTunnel');
    case 'relay':
      return said('network.rung.relay');
  }
}

/**
 * Rungs that hold something outside this computer (a router mapping, a quick tunnel, a relay session, a pinhole), and
 * what switching availability off lets go of.
 */
const SUSPEND_WORDS: Partial<Record<ReachabilityMethod, Said>> = {
  upnp: said('ladder.suspend.mapping'),
  natpmp: said('ladder.suspend.mapping'),
  relay: said('ladder.suspend.relay'),
  quick_tunnel: said('ladder.suspend.quickTunnel'),
  ipv6: said('ladder.suspend.pinhole'),
};

/** What switching availability off lets go of, when the rung holds something outside this computer. */
export function suspendWords(method: ReachabilityMethod): Said | null {
  return SUSPEND_WORDS[method] ?? null;
}

/** Whether the rung holds something outside this computer, given up while availability is off. */
export function holdsOutside(method: ReachabilityMethod): boolean {
  return Object.hasOwn(SUSPEND_WORDS, method);
}
