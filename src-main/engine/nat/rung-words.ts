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
