/**
 * PHP `NodeScorer::routingSignals` / `recoverySignals` and the small endpoint classifiers they use.
 * `endpoint_verified_dead_at` (the daily re-verification demotion) is not reproduced, so the
 * `cooldown` recovery state never occurs; `publicReachable` is true after every accepted REGISTER,
 * as in PHP (`computePublicReachable`), unless a test sets it on the node record.
 */
import { isIP } from 'node:net';
import { directoryObservedReachable, selfAttestsRoute, type NodeHealth } from './health';
import { EXPOSURE_MODES } from './register-schema';
import { splitUrl } from './routability';
import { DORMANT_AFTER_MS } from './state';
import type { NodeRecord } from './types';

/** `NodeScorer::isHeartbeating`: available, active and seen within 90 s. */
export const isHeartbeating = (node: NodeRecord, now: number): boolean =>
  node.available && node.status === 'active' && now - node.lastSeen <= DORMANT_AFTER_MS;

/** Dial-back verified, or a routable serving surface in one of the eight exposure modes. */
export const publicRoutable = (node: NodeRecord): boolean =>
  node.publicReachable || (node.exposureMode !== null && EXPOSURE_MODES.includes(node.exposureMode));

export function hostFamily(url: string | null): 'ipv4' | 'ipv6' | 'hostname' | 'unknown' {
  const host = url === null ? '' : (splitUrl(url)?.host ?? '').replace(/^\[(.*)\]$/, '$1');
  if (host === '') return 'unknown';
  const family = isIP(host);
  return family === 4 ? 'ipv4' : family === 6 ? 'ipv6' : 'hostname';
}

const scheme = (url: string | null): string => (url === null ? '' : (splitUrl(url)?.scheme ?? ''));

function routingHint(node: NodeRecord): 'relay_service' | 'https_direct' | 'http_ipv6' | 'http_direct' | 'unknown' {
  if (node.relayCapable) return 'relay_service';
  const s = scheme(node.endpoint);
  if (s === 'https') return 'https_direct';
  if (s === 'http') return hostFamily(node.endpoint) === 'ipv6' ? 'http_ipv6' : 'http_direct';
  return 'unknown';
}

/** A normal HTTPS page may call it: https, or plain http to the browser's own loopback. */
function browserUsable(endpoint: string): boolean {
  const s = scheme(endpoint);
  if (s === 'https') return true;
  if (s !== 'http') return false;
  const host = (splitUrl(endpoint)?.host ?? '').toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return ['localhost', '127.0.0.1', '::1'].includes(host);
}

/** Protocol tokens only: `https`/`http` from the endpoint, `iicp-native` from an iicp(sec) transport endpoint. */
export function transportMethods(endpoint: string | null, transportEndpoint: string | null): string[] {
  const out: string[] = [];
  const http = scheme(endpoint);
  if (http === 'http' || http === 'https') out.push(http);
  const native = scheme(transportEndpoint);
  if (native === 'iicp' || native === 'iicpsec') out.push('iicp-native');
  return out;
}

export interface RoutingSignals {
  directory_observed_reachable: boolean | null;
  route_evidence: 'directory_observed' | 'self_attested' | 'missing';
  routing_hint: ReturnType<typeof routingHint>;
  browser_usable: boolean;
}

export function routingSignals(node: NodeRecord, health: NodeHealth): RoutingSignals {
  const observed = directoryObservedReachable(health);
  return {
    directory_observed_reachable: observed,
    route_evidence: observed !== null ? 'directory_observed' : selfAttestsRoute(node) ? 'self_attested' : 'missing',
    routing_hint: routingHint(node),
    browser_usable: browserUsable(node.endpoint),
  };
}

export function recoverySignals(
  node: NodeRecord,
  health: NodeHealth,
  now: number,
): { recovery_state: string; route_recovery_hint: string } {
  const state = (recovery_state: string, route_recovery_hint: string) => ({ recovery_state, route_recovery_hint });
  if (!isHeartbeating(node, now)) return state('unavailable', 'no_recent_heartbeat');
  if (!publicRoutable(node)) {
    return selfAttestsRoute(node) ? state('recovering', 'route_recovering') : state('unknown', 'route_not_advertised');
  }
  const routing = routingSignals(node, health);
  const observed = routing.route_evidence === 'directory_observed';
  if (routing.routing_hint === 'http_ipv6' && !observed) return state('recovering', 'direct_route_unverified');
  if (node.relayCapable && !node.publicReachable) return state('recovering', 'relay_route_waiting');
  const tunnelled = ['relay_required', 'tunnel_required', 'outbound_only'].includes(node.exposureMode ?? '');
  if (tunnelled && !node.publicReachable && !observed) return state('recovering', 'tunnel_recovering');
  return state('stable', 'none');
}
