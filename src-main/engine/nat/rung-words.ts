import type { Advertisement } from './advertisement';

/**
 * One sentence per rung of the ladder: what reaching the node this way means for the person. The relay and tunnel
 * sentences say who carries the traffic and what they can see, because that is what a person weighs.
 */
export function rungWords(ep: Advertisement | null): string {
  if (!ep) return 'Not reachable from the internet: the node serves only this computer until a way in is found.';
  switch (ep.method) {
    case 'public_url':
      return 'Reachable at the public URL you set; whatever is behind it (a forwarded port, a proxy, a tunnel) must lead to this computer.';
    case 'public_ipv4':
      return 'Reachable directly: this computer has its own public address, so consumers connect straight to it.';
    case 'upnp':
    case 'natpmp':
      return 'Reachable directly through a port your router opened for this node; it is closed again when the node stops or you switch Available off.';
    case 'ipv6':
      return ep.exposureMode === 'ipv6_direct_pinhole_available'
        ? 'Reachable over IPv6: your router opened its firewall for this node. Consumers without IPv6 cannot reach it this way.'
        : "Reachable over IPv6 only if your router's IPv6 firewall lets connections in, which nobody could confirm from here; consumers without IPv6 cannot reach it.";
    case 'tunnel':
      return 'Reachable through the tunnel you already run; it forwards connections from the internet to this computer.';
    case 'quick_tunnel':
      return 'Reachable through a Cloudflare quick tunnel. Its address changes whenever it restarts, and Cloudflare carries the traffic; encrypted tasks stay unreadable to it.';
    case 'relay':
      return 'Reachable through a relay. Tasks are end-to-end encrypted, so the relay cannot read them; answers take a little longer.';
  }
}
