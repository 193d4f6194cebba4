/**
 * PHP `NodeHealthService::forNode` and `NodeScorer::directoryObservedReachable`, reduced to the
 * evidence the stub has: heartbeat freshness and the directory's own probe result. Proxy telemetry,
 * probe latency and signed uptime/stability evidence are not reproduced, so latency is always the
 * neutral 0.5 with basis `none` and `uptime`/`stability` are null (as in production before such evidence).
 */
import { iso8601 } from './http';
import { DORMANT_AFTER_MS } from './state';
import type { NodeRecord, ReachabilityObservation } from './types';

/** `probed_at >= now - 10 minutes`: the 5-minute probe cadence with a 2× margin. */
export const OBSERVATION_WINDOW_MS = 10 * 60_000;

export interface NodeHealth {
  score: number;
  label: 'healthy' | 'degraded' | 'impaired' | 'critical' | 'offline';
  observed: boolean;
  confidence: 'none' | 'low' | 'medium' | 'high';
  evidence_level: 'directory_observed' | 'self_attested' | 'missing';
  latency_ms_basis: 'none';
  components: {
    liveness: number;
    reachability: number | null;
    latency: number | null;
    uptime: null;
    stability: null;
    freshness: number;
  };
  evaluated_at: string;
}

export function recentObservation(node: NodeRecord, now: number): ReachabilityObservation | null {
  const o = node.reachabilityObservation;
  return o && now - o.at <= OBSERVATION_WINDOW_MS ? o : null;
}

/** Same self-attestation rule PHP uses for the reachability fallback and for `route_evidence`. */
export const selfAttestsRoute = (node: NodeRecord): boolean =>
  node.publicReachable || node.relayCapable || node.exposureMode !== null;

function label(score: number): NodeHealth['label'] {
  return score >= 85 ? 'healthy' : score >= 65 ? 'degraded' : score >= 40 ? 'impaired' : 'critical';
}

export function nodeHealth(node: NodeRecord, now: number): NodeHealth {
  const evaluated_at = iso8601(now);
  if (now - node.lastSeen > DORMANT_AFTER_MS) {
    return {
      score: 0,
      label: 'offline',
      observed: false,
      confidence: 'none',
      evidence_level: 'missing',
      latency_ms_basis: 'none',
      components: { liveness: 0, reachability: null, latency: null, uptime: null, stability: null, freshness: 0 },
      evaluated_at,
    };
  }
  const probe = recentObservation(node, now);
  const evidence: NodeHealth['evidence_level'] = probe
    ? 'directory_observed'
    : selfAttestsRoute(node)
      ? 'self_attested'
      : 'missing';
  const reach = probe ? (probe.ok ? 1 : 0) : evidence === 'self_attested' ? 1 : 0;
  // 0.70 × reachability + 0.30 × latency; without latency evidence the score stays below "healthy".
  let score = Math.round((0.7 * reach + 0.3 * 0.5) * 100);
  if (score >= 85) score = 84;
  return {
    score,
    label: label(score),
    observed: probe !== null,
    confidence: evidence === 'missing' ? 'none' : 'low',
    evidence_level: evidence,
    latency_ms_basis: 'none',
    components: { liveness: 1, reachability: reach, latency: 0.5, uptime: null, stability: null, freshness: 1 },
    evaluated_at,
  };
}

/** true/false only from a recent directory probe; null when there is none (or the node is offline). */
export function directoryObservedReachable(health: NodeHealth): boolean | null {
  if (health.evidence_level !== 'directory_observed') return null;
  return health.components.reachability !== null && health.components.reachability > 0;
}
