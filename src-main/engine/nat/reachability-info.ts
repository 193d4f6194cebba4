/**
 * What the Network page shows about the way in from the internet: the reachability ladder's result judged against
 * what the directory saw. A registration alone proves nothing; only what the directory says it observed counts.
 */
import type { DirectoryProbe, ReachabilityInfo } from '@shared/contract';
import { said, type Said } from '@shared/i18n/said';
import type { DirectoryStatus, RegistryListing } from '../directory';
import type { ReachabilityView } from './reachability-options';
import { rungWords } from './rung-words';

export interface ReachabilityInputs {
  view: ReachabilityView;
  directory: Readonly<DirectoryStatus>;
  /** The directory's public registry entry for the node as last read, or null. */
  listing: RegistryListing | null;
  /** The port the task server listens on, or null while it does not. */
  boundPort: number | null;
  /** The settings' task port, named in advice while the server does not listen. */
  settingsPort: number;
  check: ReachabilityInfo['check'];
}

/** What the Network page shows: the ladder's result judged against what the directory saw. */
export function describeReachability(i: ReachabilityInputs): ReachabilityInfo {
  const { view: v, directory: dir } = i;
  const ep = v.endpoint;
  const port = i.boundPort ?? i.settingsPort;
  const mapped = ep?.method === 'upnp' || ep?.method === 'natpmp';
  let status: ReachabilityInfo['status'];
  let verified = false;
  let verifiedAt: string | null = null;
  let message: Said;
  if (v.checking) {
    status = 'checking';
    message = said('network.message.checking');
  } else if (!ep) {
    status = 'local_only';
    message =
      v.natWarning ??
      (v.localAddress
        ? said('network.message.noWayInAt', { port: String(port), address: v.localAddress })
        : said('network.message.noWayIn', { port: String(port) }));
    if (v.ignoredPublicUrl)
      message = said('network.message.privatePublicUrl', { url: v.ignoredPublicUrl, then: message });
  } else if (!v.usable) {
    status = 'not_reachable';
    message = v.suspended
      ? ep.method === 'relay'
        ? said('network.message.offRelay')
        : said('network.message.offMapping')
      : ep.method === 'relay'
        ? said('network.message.relayLost')
        : ep.method === 'quick_tunnel' || ep.method === 'tunnel'
          ? said('network.message.tunnelLost')
          : ep.method === 'ipv6'
            ? said('network.message.pinholeLost')
            : said('network.message.mappingLost', { port: String(port) });
  } else if (dir.unreachableEndpoint === ep.url) {
    status = 'not_reachable';
    message = mapped
      ? said('network.message.mappedUnreached', { url: ep.url })
      : v.localAddress
        ? said('network.message.unreachedAt', { url: ep.url, port: String(port), address: v.localAddress })
        : said('network.message.unreached', { url: ep.url, port: String(port) });
  } else {
    status = mapped
      ? 'mapped'
      : ep.method === 'relay'
        ? 'relayed'
        : ep.method === 'tunnel' || ep.method === 'quick_tunnel'
          ? 'tunnel'
          : 'public';
    // A 201 is no proof (the production directory may skip its dial-back): only what the directory says it
    // observed counts, read after a registration of this address — the router may have rebooted since an older one.
    const listing = i.listing;
    const current =
      dir.link === 'registered' && dir.acceptedEndpoint === ep.url && (dir.registeredAt ?? 0) >= v.endpointSince;
    const fresh = current && listing !== null && listing.asOf >= (dir.registeredAt ?? 0);
    // The directory's instant check is a second report of the same fact: the fresher of the two is the verdict, so a
    // page never says "not confirmed yet" beside an instant check that reached this address moments ago.
    const dial = dialVerdict(i.check.probe, v.endpointSince);
    const dialWins = dial !== null && (!fresh || dial.at > listing.asOf);
    const reached = dialWins ? dial.reached : fresh ? listing.observedReachable : null;
    verified = reached === true;
    const reportedAt = dialWins ? dial.at : fresh ? listing.asOf : null;
    verifiedAt = verified && reportedAt !== null ? new Date(reportedAt).toISOString() : null;
    if (verified) message = said('network.message.verified');
    else if (reached === false && current) {
      message = said('network.message.reportedUnreached', { url: ep.url });
    } else if (current) message = said('network.message.registered');
    // Out of touch with the directory (an outage, a registration again under way): it still holds the address the
    // node registered, and nothing can be confirmed until it answers.
    else if (dir.link !== 'registered' && dir.registeredAt !== null && dir.acceptedEndpoint === ep.url) {
      message = said('network.message.outOfTouch');
    } else message = said('network.message.notRegistered');
  }
  const relay = v.fallback.relay;
  const tunnel = v.fallback.tunnel;
  const pinhole = v.fallback.pinhole;
  const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
  return {
    status,
    rungWords: v.checking ? null : rungWords(ep),
    verified,
    verifiedAt,
    method: ep?.method ?? null,
    endpoint: ep?.url ?? null,
    message,
    relay: relay
      ? {
          state: relay.state,
          relayNodeId: relay.binding?.relay.nodeId ?? null,
          relayHost: relay.binding ? new URL(relay.binding.relay.url).host : null,
          probation: relay.binding?.relay.probation ?? null,
          reputation: relay.binding?.relay.reputation ?? null,
          boundAt: iso(relay.binding?.boundAt),
          nextAttemptAt: iso(relay.nextAttemptAt),
          lastError: relay.lastError,
          calls: relay.calls,
          refusedPlaintext: relay.refusedPlaintext,
        }
      : null,
    tunnel: tunnel ? { ...tunnel, nextAttemptAt: iso(tunnel.nextAttemptAt) } : null,
    pinhole,
    check: i.check,
    taskPort: i.boundPort,
    localAddress: v.localAddress,
    routerExternalIp: v.routerExternalIp,
    natWarning: v.natWarning,
    mapping: v.mapping,
    transportMethod: ep?.transportMethod ?? null,
    exposureMode: ep?.exposureMode ?? null,
    steps: v.steps,
  };
}

/**
 * The instant check's answer as a verdict on the address in use: only a dial that got through or was refused says
 * anything, and only one made since this address came into use is about it.
 */
function dialVerdict(probe: DirectoryProbe | null, endpointSince: number): { reached: boolean; at: number } | null {
  if (!probe || (probe.outcome !== 'reachable' && probe.outcome !== 'unreachable')) return null;
  const at = Date.parse(probe.at);
  if (!(at >= endpointSince)) return null;
  return { reached: probe.outcome === 'reachable', at };
}
