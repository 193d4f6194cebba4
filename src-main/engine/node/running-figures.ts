/**
 * The running node's figures that several readers share: the requests feed's standing, the way in, and what the
 * requests' commands and "Why am I not getting tasks?" read. NodeServices hands them out (node-services.ts).
 */
import type { NodeSnapshot } from '@shared/contract';
import { describeReachability } from '../nat';
import { idleSince, requestsInfo, type RunningRequests } from '../requests';
import type { NodeParts } from './assemble';
import type { NodeServicesOptions } from './options';

/** What the diagnosis reads of the running node besides its parts: the figures as the snapshot shows them. */
export interface FigureSources {
  readonly parts: NodeParts;
  reachabilityInfo(): NodeSnapshot['reachability'];
  standing(): NodeSnapshot['earnings'];
  requestsStanding(served: number): NodeSnapshot['requests'];
}

/** The requests feed's figures and advice, with `served` the day's count of served tasks. */
export function requestsStanding(n: NodeParts, o: NodeServicesOptions, served: number): NodeSnapshot['requests'] {
  const idle = idleSince({
    directory: n.link.status,
    offering: n.offer.serving && o.offered(),
    lastServedAt: n.outcomes.lastServedAt,
    now: Date.now(),
    idleAfterMs: o.idleAfterMs,
  });
  return { ...requestsInfo(n.requests, o.settings(), o.maxConcurrentFixed ?? false, served), idle };
}

/** What the requests' commands reach: the feed, the demand, and what "Why am I not getting tasks?" reads. */
export function runningRequests(s: FigureSources, o: NodeServicesOptions): RunningRequests {
  const n = s.parts;
  return {
    requests: n.requests,
    demand: n.demand,
    diagnosis: {
      settings: o.settings,
      nodeId: n.identity.nodeId,
      membership: () => o.secrets.get('membership_credential'),
      directory: () => n.link.status,
      reachability: () => s.reachabilityInfo().status,
      advertised: () => n.offer.advertised(),
      earnings: n.earnings,
      standing: () => s.standing(),
      requests: (served) => s.requestsStanding(served),
      fetchImpl: o.fetchImpl,
      discovery: n.discovery,
    },
  };
}

/** The Network page's verdict on the way in, as the snapshot and "Why am I not getting tasks?" show it. */
export function reachabilityInfo(
  n: NodeParts,
  o: NodeServicesOptions,
  boundPort: number | null,
): NodeSnapshot['reachability'] {
  return describeReachability({
    view: n.reach.view(),
    directory: n.link.status,
    listing: n.earnings.listing(),
    boundPort,
    settingsPort: o.settings().taskPort,
    check: n.check.status,
  });
}
