/**
 * What the Network page shows about the way in from the internet: the reachability ladder's result judged against
 * what the directory saw. A registration alone proves nothing; only what the directory says it observed counts.
 */
import type { ReachabilityInfo } from '@shared/contract';
import type { DirectoryStatus, RegistryListing } from '../directory';
import type { ReachabilityView } from './reachability';
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
  let message: string;
  if (v.checking) {
    status = 'checking';
    message = 'Looking for a way in from the internet…';
  } else if (!ep) {
    status = 'local_only';
    const where = v.localAddress ? `this computer (${v.localAddress})` : 'this computer';
    message =
      v.natWarning ??
      `No way in from the internet was found. Forward TCP port ${port} on your router to ${where}, or set a public URL (for example a tunnel). The node serves locally meanwhile.`;
    if (v.ignoredPublicUrl) message = `The public URL ${v.ignoredPublicUrl} is a private or local address, so the internet cannot reach it. ${message}`;
  } else if (!v.usable) {
    status = 'not_reachable';
    message = v.suspended
      ? ep.method === 'relay'
        ? 'Availability is off, so the node left its relay; it looks for one again when you switch Available on.'
        : 'Availability is off, so the port mapping was removed from the router; it is added again when you switch Available on.'
      : ep.method === 'relay'
        ? 'The relay carrying tasks to this node was lost. The node is looking for another one and tells the directory it is unavailable meanwhile.'
        : ep.method === 'quick_tunnel' || ep.method === 'tunnel'
          ? 'The tunnel stopped answering. The node is rebuilding it and tells the directory it is unavailable meanwhile.'
          : ep.method === 'ipv6'
            ? 'The router no longer holds the IPv6 firewall opening for this node; the node keeps asking for it again.'
            : `The router stopped confirming the port mapping (it may have restarted). The node keeps asking for port ${port} again.`;
  } else if (dir.unreachableEndpoint === ep.url) {
    status = 'not_reachable';
    message = mapped
      ? `The router mapped the port, but the directory could not reach this node at ${ep.url}. A firewall, or a second router or your provider's NAT in front of this one, may be blocking incoming connections.`
      : `The directory could not reach this node at ${ep.url}. Forward TCP port ${port} on your router to this computer${v.localAddress ? ` (${v.localAddress})` : ''}, or check the public URL.`;
  } else {
    status = mapped ? 'mapped' : ep.method === 'relay' ? 'relayed' : ep.method === 'tunnel' || ep.method === 'quick_tunnel' ? 'tunnel' : 'public';
    // A 201 is no proof (the production directory may skip its dial-back): only what the directory says it
    // observed counts, read after a registration of this address — the router may have rebooted since an older one.
    const listing = i.listing;
    const current = dir.link === 'registered' && dir.acceptedEndpoint === ep.url && (dir.registeredAt ?? 0) >= v.endpointSince;
    const fresh = current && listing !== null && listing.asOf >= (dir.registeredAt ?? 0);
    verified = fresh && listing.observedReachable === true;
    verifiedAt = verified && listing ? new Date(listing.asOf).toISOString() : null;
    if (verified) message = 'The directory reached this node at its public address.';
    else if (fresh && listing?.observedReachable === false) {
      message = `Registered, but the directory reports that it could not reach this node at ${ep.url}. Check the port forwarding, the firewall or the public URL.`;
    } else if (current) message = 'Registered, not yet confirmed reachable: the directory has not reported reaching this address yet.';
    // Out of touch with the directory (an outage, a registration again under way): it still holds the address the
    // node registered, and nothing can be confirmed until it answers.
    else if (dir.link !== 'registered' && dir.registeredAt !== null && dir.acceptedEndpoint === ep.url) {
      message = 'The directory already has this address from the registration; it can confirm reaching it once it answers again.';
    } else message = 'Not confirmed yet: the directory is told about this address when the node registers.';
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
