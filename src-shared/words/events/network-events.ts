/** A way in from the internet: the ladder, router mappings, pinholes, tunnels, relays, "Check my node". */
import type { MessageId } from '../../i18n/catalogue';
import { sayNow } from '../../i18n/current';
import type { EngineEventName, EventWords } from './event-names';
import { bad, duration, good, inParens, withStop, type Details, type Entry } from './sentence-parts';

/** A `seconds()` wait of the tunnel code ("20 s", "2 min") in words. */
function waitWords(text: string | undefined): string | null {
  const m = text?.match(/(\d+(?:\.\d+)?)\s*(s|min)\b/);
  if (!m) return null;
  return duration(Number(m[1]) * (m[2] === 'min' ? 60_000 : 1000));
}

const METHOD_WORDS: Readonly<Record<string, MessageId>> = {
  public_url: 'events.network.method.publicUrl',
  public_ipv4: 'events.network.method.publicIpv4',
  upnp: 'events.network.method.router',
  natpmp: 'events.network.method.router',
  ipv6: 'events.network.method.ipv6',
  tunnel: 'events.network.method.tunnel',
  quick_tunnel: 'events.network.method.quickTunnel',
  relay: 'events.network.method.relay',
};

const PROTOCOL_WORDS: Record<string, string> = { upnp: 'UPnP', natpmp: 'NAT-PMP' };

/** The way in the details name, in words, or null. */
function methodOf(d: Details): string | null {
  const method = d.get('method') ?? '';
  return Object.hasOwn(METHOD_WORDS, method) ? sayNow()(METHOD_WORDS[method]!) : null;
}

/** "for 5 minutes" when the details say how long something is off, else "for a while". */
function offFor(d: Details): string {
  const ms = d.num('off_ms');
  return ms ? sayNow()('events.network.forDuration', { duration: duration(ms) }) : sayNow()('events.network.forAWhile');
}

function nodeCheck(d: Details): EventWords {
  const t = sayNow();
  const via = methodOf(d);
  switch (d.get('outcome')) {
    case 'ok':
      return good(via ? t('events.network.checkOkVia', { via }) : t('events.network.checkOk'));
    case 'partial':
      return {
        sentence: via ? t('events.network.checkPartialVia', { via }) : t('events.network.checkPartial'),
        tone: 'neutral',
      };
    default:
      return bad(via ? t('events.network.checkFailedVia', { via }) : t('events.network.checkFailed'));
  }
}

export const NETWORK_EVENTS = {
  reachability: {
    label: 'events.label.reachability',
    say: (d) => {
      if (d.raw.trim() === 'none') return bad(sayNow()('events.network.noWayIn'));
      const via = methodOf(d);
      return good(via ? sayNow()('events.network.foundVia', { via }) : sayNow()('events.network.found'));
    },
  },
  reachability_failed: {
    label: 'events.label.reachabilityFailed',
    say: () => bad(sayNow()('events.network.lookFailed')),
  },
  node_check: { label: 'events.label.nodeCheck', say: nodeCheck },
  directory_probe: {
    label: 'events.label.directoryProbe',
    say: (d) => {
      const t = sayNow();
      switch (d.get('outcome')) {
        case 'reachable':
          return good(t('events.network.probeReachable'));
        case 'unreachable':
          return bad(t('events.network.probeUnreachable'));
        case 'not_possible':
          return { sentence: t('events.network.probeNotPossible'), tone: 'neutral' };
        case 'not_offered':
          return { sentence: t('events.network.probeNotOffered'), tone: 'neutral' };
        default:
          return { sentence: t('events.network.probeNotAsked'), tone: 'neutral' };
      }
    },
  },
  nat_mapped: {
    label: 'events.label.natMapped',
    say: (d) => {
      const protocol = PROTOCOL_WORDS[d.get('protocol') ?? ''];
      return good(
        protocol && Object.hasOwn(PROTOCOL_WORDS, d.get('protocol') ?? '')
          ? sayNow()('events.network.mappedVia', { protocol })
          : sayNow()('events.network.mapped'),
      );
    },
  },
  nat_address_changed: {
    label: 'events.label.natAddressChanged',
    say: () => sayNow()('events.network.addressChanged'),
  },
  nat_mapping_lost: { label: 'events.label.natMappingLost', say: () => bad(sayNow()('events.network.mappingLost')) },
  nat_renew_failed: {
    label: 'events.label.natRenewFailed',
    say: (d) => bad(sayNow()('events.network.renewFailed', { why: inParens(d.reason()) })),
  },
  nat_mapping_restored: {
    label: 'events.label.natMappingRestored',
    say: () => good(sayNow()('events.network.mappingRestored')),
  },
  nat_unmapped: { label: 'events.label.natUnmapped', say: () => sayNow()('events.network.unmapped') },
  pinhole_helper_off: {
    label: 'events.label.pinholeHelperOff',
    say: (d) => bad(sayNow()('events.network.pinholeOff', { time: offFor(d) })),
  },
  port_mapping_helper_off: {
    label: 'events.label.portMappingHelperOff',
    say: (d) => bad(sayNow()('events.network.mappingOff', { time: offFor(d) })),
  },
  quick_tunnel_starting: {
    label: 'events.label.quickTunnelStarting',
    say: (d) => {
      const attempt = Number(d.raw.match(/attempt (\d+)/)?.[1]);
      return attempt > 1
        ? sayNow()('events.network.tunnelStartingAttempt', { attempt })
        : sayNow()('events.network.tunnelStarting');
    },
  },
  quick_tunnel_up: { label: 'events.label.quickTunnelUp', say: () => good(sayNow()('events.network.tunnelUp')) },
  quick_tunnel_rate_limited: {
    label: 'events.label.quickTunnelRateLimited',
    say: () => bad(sayNow()('events.network.tunnelRateLimited')),
  },
  quick_tunnel_health_failed: {
    label: 'events.label.quickTunnelHealthFailed',
    say: (d) => {
      const why = d.why() ?? d.plain(d.raw.replace(/\s*\(\d+ in a row\)\s*$/, ''));
      return bad(
        why
          ? sayNow()('events.network.tunnelCheckFailedWhy', { why: withStop(why) })
          : sayNow()('events.network.tunnelCheckFailed'),
      );
    },
  },
  quick_tunnel_down: {
    label: 'events.label.quickTunnelDown',
    say: (d) => bad(sayNow()('events.network.tunnelDown', { why: inParens(d.reason()) })),
  },
  quick_tunnel_failed: {
    label: 'events.label.quickTunnelFailed',
    say: () => bad(sayNow()('events.network.tunnelFailed')),
  },
  quick_tunnel_dead: {
    label: 'events.label.quickTunnelDead',
    say: (d) => {
      const wait = waitWords(d.raw.match(/next try in (.+)$/)?.[1]);
      return bad(wait ? sayNow()('events.network.tunnelDeadIn', { wait }) : sayNow()('events.network.tunnelDead'));
    },
  },
  quick_tunnel_off: {
    label: 'events.label.quickTunnelOff',
    say: (d) => {
      const how = d.raw.match(/\((over [^()]{1,80})\)/)?.[1];
      // `how` is the tunnel code's own measure ("over 2 MB in 10 s"), kept as it is.
      return bad(
        how
          ? sayNow()('events.network.tunnelOffHow', { time: offFor(d), how })
          : sayNow()('events.network.tunnelOff', { time: offFor(d) }),
      );
    },
  },
  quick_tunnel_waiting: {
    label: 'events.label.quickTunnelWaiting',
    say: (d) => {
      const t = sayNow();
      const [reason, rest] = d.raw.split(/,\s*/, 2);
      const wait = waitWords(rest);
      const when = wait ?? t('events.network.aMoment');
      if (reason === 'cooldown') return t('events.network.waitCooldown', { when });
      if (reason === 'lease') return t('events.network.waitLease', { when });
      return t('events.network.waitLimits', { when });
    },
  },
  quick_tunnel_stopped: {
    label: 'events.label.quickTunnelStopped',
    say: () => sayNow()('events.network.tunnelStopped'),
  },
  tunnel_not_ours: {
    label: 'events.label.tunnelNotOurs',
    say: (d) => {
      const t = sayNow();
      const place = d.get('place');
      if (place === 'this_computer') return bad(t('events.network.notOursThisComputer'));
      if (place === 'private') return bad(t('events.network.notOursPrivate'));
      if (place === 'not_public') return bad(t('events.network.notOursNotPublic'));
      return bad(t('events.network.notOurs'));
    },
  },
  relay_bound: { label: 'events.label.relayBound', say: () => good(sayNow()('events.network.relayBound')) },
  relay_bind_failed: {
    label: 'events.label.relayBindFailed',
    say: (d) => bad(sayNow()('events.network.relayBindFailed', { why: inParens(d.reason()) })),
  },
  relay_lost: {
    label: 'events.label.relayLost',
    say: (d) => bad(sayNow()('events.network.relayLost', { why: inParens(d.reason()) })),
  },
  relay_plaintext_refused: {
    label: 'events.label.relayPlaintextRefused',
    say: () => sayNow()('events.network.plaintextRefused'),
  },
  relay_result_failed: {
    label: 'events.label.relayResultFailed',
    say: (d) => bad(sayNow()('events.network.resultFailed', { why: inParens(d.reason()) })),
  },
} satisfies { readonly [K in EngineEventName]?: Entry };
