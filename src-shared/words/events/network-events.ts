/** A way in from the internet: the ladder, router mappings, pinholes, tunnels, relays, "Check my node". */
import type { EngineEventName, EventWords } from './event-names';
import { bad, duration, good, inParens, withStop, type Details, type Entry } from './sentence-parts';

/** A `seconds()` wait of the tunnel code ("20 s", "2 min") in words. */
function waitWords(text: string | undefined): string | null {
  const m = text?.match(/(\d+(?:\.\d+)?)\s*(s|min)\b/);
  if (!m) return null;
  return duration(Number(m[1]) * (m[2] === 'min' ? 60_000 : 1000));
}

const METHOD_WORDS: Record<string, string> = {
  public_url: 'the public address you set',
  public_ipv4: "this computer's own public address",
  upnp: 'a port your router opened',
  natpmp: 'a port your router opened',
  ipv6: 'IPv6',
  tunnel: 'your tunnel',
  quick_tunnel: 'a Cloudflare quick tunnel',
  relay: 'a relay',
};

const PROTOCOL_WORDS: Record<string, string> = { upnp: 'UPnP', natpmp: 'NAT-PMP' };

function nodeCheck(d: Details): EventWords {
  const via = METHOD_WORDS[d.get('method') ?? ''];
  const through = via ? ` through ${via}` : '';
  switch (d.get('outcome')) {
    case 'ok':
      return good(`Check my node: the node is reachable from the internet${through}.`);
    case 'partial':
      return { sentence: `Check my node: the node is partly reachable${through}; the Network page shows what did not work.`, tone: 'neutral' };
    default:
      return bad(`Check my node: the node could not be reached from the internet${through}.`);
  }
}

export const NETWORK_EVENTS = {
  reachability: {
    label: 'Way in found',
    say: (d) => {
      if (d.raw.trim() === 'none') return bad('No way in from the internet was found; for now the node serves only this computer.');
      const via = METHOD_WORDS[d.get('method') ?? ''];
      return good(via ? `Found a way in from the internet: ${via}.` : 'Found a way in from the internet.');
    },
  },
  reachability_failed: {
    label: 'Looking for a way in failed',
    say: () => bad('Looking for a way in from the internet failed because of an error in this app; the node tries again later.'),
  },
  node_check: { label: 'Check my node', say: nodeCheck },
  directory_probe: {
    label: 'The directory dialled in',
    say: (d) => {
      switch (d.get('outcome')) {
        case 'reachable':
          return good('The directory reached your node from the internet just now.');
        case 'unreachable':
          return bad('The directory could not reach your node from the internet just now.');
        case 'not_possible':
          return { sentence: 'The directory cannot dial this kind of address; the task check shows the way in.', tone: 'neutral' };
        case 'not_offered':
          return { sentence: 'This directory does not offer an instant check; the task check shows the way in.', tone: 'neutral' };
        default:
          return { sentence: 'The directory could not be asked to dial your node just now.', tone: 'neutral' };
      }
    },
  },
  nat_mapped: {
    label: 'Router port opened',
    say: (d) => {
      const protocol = PROTOCOL_WORDS[d.get('protocol') ?? ''];
      return good(`Your router opened a port for this node${protocol ? ` (${protocol})` : ''}.`);
    },
  },
  nat_address_changed: {
    label: "Router's address changed",
    say: () => "Your router's public address changed; the node tells the directory its new address.",
  },
  nat_mapping_lost: {
    label: 'Router port lost',
    say: () => bad('Your router stopped keeping the port open for this node; the node asks it again.'),
  },
  nat_renew_failed: {
    label: 'Router port not renewed',
    say: (d) => bad(`Your router did not renew the port it opened for this node${inParens(d.reason())}; the node tries again shortly.`),
  },
  nat_mapping_restored: { label: 'Router port reopened', say: () => good('Your router opened the port for this node again.') },
  nat_unmapped: { label: 'Router port closed', say: () => 'The port your router opened for this node was closed.' },
  pinhole_helper_off: {
    label: 'IPv6 firewall helper paused',
    say: (d) => {
      const ms = d.num('off_ms');
      return bad(`The router's answers to the IPv6 firewall helper kept failing, so the helper is switched off${ms ? ` for ${duration(ms)}` : ' for a while'}; the node keeps serving without it.`);
    },
  },
  port_mapping_helper_off: {
    label: 'Router port mapping paused',
    say: (d) => {
      const ms = d.num('off_ms');
      return bad(`The router's answers to the port-mapping search kept failing, so port mapping is switched off${ms ? ` for ${duration(ms)}` : ' for a while'}; the node keeps serving without it.`);
    },
  },
  quick_tunnel_starting: {
    label: 'Quick tunnel starting',
    say: (d) => {
      const attempt = Number(d.raw.match(/attempt (\d+)/)?.[1]);
      return `Starting a Cloudflare quick tunnel${attempt > 1 ? ` (attempt ${attempt})` : ''}.`;
    },
  },
  quick_tunnel_up: { label: 'Quick tunnel up', say: () => good('A Cloudflare quick tunnel now leads to this node.') },
  quick_tunnel_rate_limited: {
    label: 'Quick tunnels slowed down',
    say: () => bad('Cloudflare asked this network to slow down creating quick tunnels; the node waits before the next one.'),
  },
  quick_tunnel_health_failed: {
    label: 'Quick tunnel not answering',
    say: (d) => {
      const why = d.why() ?? d.plain(d.raw.replace(/\s*\(\d+ in a row\)\s*$/, ''));
      return bad(`The quick tunnel did not answer its check${why ? `: ${withStop(why)}` : '.'}`);
    },
  },
  quick_tunnel_down: {
    label: 'Quick tunnel down',
    say: (d) => bad(`The quick tunnel stopped working${inParens(d.reason())}; the node builds a new one.`),
  },
  quick_tunnel_failed: {
    label: 'Quick tunnel failed',
    say: () => bad('A Cloudflare quick tunnel could not be created; the node tries again.'),
  },
  quick_tunnel_dead: {
    label: 'Quick tunnel gave up for now',
    say: (d) => {
      const wait = waitWords(d.raw.match(/next try in (.+)$/)?.[1]);
      return bad(`Several quick tunnel attempts in a row failed; the next try is ${wait ? `in ${wait}` : 'later'}.`);
    },
  },
  quick_tunnel_off: {
    label: 'Quick tunnel switched off',
    say: (d) => {
      const ms = d.num('off_ms');
      const how = d.raw.match(/\((over [^()]{1,80})\)/)?.[1];
      return bad(
        `The quick tunnel is switched off${ms ? ` for ${duration(ms)}` : ' for a while'}: cloudflared printed far more than a tunnel needs${how ? ` (${how})` : ''}. The node keeps serving without it.`,
      );
    },
  },
  quick_tunnel_waiting: {
    label: 'Quick tunnel waiting',
    say: (d) => {
      const [reason, rest] = d.raw.split(/,\s*/, 2);
      const wait = waitWords(rest);
      const when = wait ? ` ${wait}` : ' a moment';
      if (reason === 'cooldown') return `Waiting${when} before the next quick tunnel: Cloudflare asked this network to slow down.`;
      if (reason === 'lease') return `Waiting${when}: another program on this computer is creating a quick tunnel.`;
      return `Waiting${when} before the next quick tunnel, to stay within Cloudflare's limits.`;
    },
  },
  quick_tunnel_stopped: { label: 'Quick tunnel stopped', say: () => 'The quick tunnel was stopped.' },
  tunnel_not_ours: {
    label: 'Tunnel address not used',
    say: (d) => {
      const place = d.get('place');
      if (place === 'this_computer') return bad('A tunnel address named by another program on this computer was not used: it points back at this computer.');
      if (place === 'private') return bad('A tunnel address named by another program on this computer was not used: it points into a private network.');
      if (place === 'not_public') return bad('A tunnel address named by another program on this computer was not used: it points to an address that is not on the internet.');
      return bad('A tunnel address named by another program on this computer was not used: a request sent through it did not reach this node.');
    },
  },
  relay_bound: { label: 'Relay connected', say: () => good('Connected to a relay: consumers reach this node through it.') },
  relay_bind_failed: {
    label: 'Relay refused',
    say: (d) => bad(`A relay could not take this node${inParens(d.reason())}; the node tries another one.`),
  },
  relay_lost: {
    label: 'Relay lost',
    say: (d) => bad(`The connection to the relay was lost${inParens(d.reason())}; the node looks for another relay.`),
  },
  relay_plaintext_refused: {
    label: 'Unencrypted task refused',
    say: () => 'An unencrypted task came through the relay and was refused, as your settings ask.',
  },
  relay_result_failed: {
    label: 'Answer not sent back',
    say: (d) => bad(`An answer could not be sent back through the relay${inParens(d.reason())}.`),
  },
} satisfies { readonly [K in EngineEventName]?: Entry };
