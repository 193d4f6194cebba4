/**
 * `GET /v1/discover` as PHP `DiscoverController` + `NodeScorer::discover` + `NodeEligibilityPolicy` do it.
 * Filters are PHP's. Ranking uses PHP's weights but is simplified: availability windows are not stored
 * (availability is always 1.0), there is no 5 s result cache, no `score_version=v2_shadow`, no profile
 * negotiation, no intent risk policy and no `view=public`; equal scores keep registration order.
 * A busy node (load 1.0, all slots taken) is still listed: PHP does not filter on load.
 */
import { z } from 'zod';
import { json, validationError, type ParsedRequest, type Reply } from './http';
import { nodeHealth } from './health';
import { int, num, str, validate } from './laravel';
import { operatorFingerprint } from './operator-identity';
import { sdkStatus } from './public-routes';
import { reputationTier } from './reputation';
import { hasCurrentNodeMembership, restrictedGate } from './restricted-domain';
import { hostFamily, isHeartbeating, publicRoutable, routingSignals, transportMethods } from './signals';
import type { DirectoryContext, NodeRecord } from './types';
import {
  backendStabilityView,
  capabilitySummary,
  complianceSignals,
  effectiveCapability,
  liveModels,
  performanceSignals,
  reportedHealthModels,
  trustProgress,
} from './views';

const MIN_SCORE = 0.1;

const DiscoverSchema = z.object({
  intent: str({ required: true, max: 255 }),
  qos: str({ in: ['realtime', 'interactive', 'batch', 'best-effort'] }),
  region: str({ max: 64 }),
  model: str({ nullable: true, max: 128 }),
  min_reputation: num({ min: 0, max: 1 }),
  limit: int({ min: 1, max: 50 }),
  max_multiplier: num({ min: 0 }),
  min_quality_score: num({ min: 0, max: 1 }),
  modality: str({ in: ['text', 'image', 'audio', 'video'] }),
});

type Query = z.infer<typeof DiscoverSchema>;

/** PHP `filter_var(FILTER_VALIDATE_BOOLEAN)`: anything but 1/true/on/yes is false. */
const phpBool = (v: unknown): boolean => ['1', 'true', 'on', 'yes'].includes(String(v).trim().toLowerCase());

const capsFor = (node: NodeRecord, intent: string): Record<string, unknown>[] =>
  node.capabilities.filter((c) => c.intent === intent);

const modalitiesOf = (c: Record<string, unknown>): string[] =>
  Array.isArray(c.input_modalities) && c.input_modalities.length > 0 ? c.input_modalities.map(String) : ['text'];

const advertises = (caps: Record<string, unknown>[], model: string): boolean =>
  caps.some((c) => Array.isArray(c.models) && c.models.includes(model));

interface Flags {
  relayCapable: boolean;
  cipCapable: boolean;
  includeInternal: boolean;
}

function eligible(ctx: DirectoryContext, node: NodeRecord, q: Query, flags: Flags, now: number): boolean {
  const caps = capsFor(node, q.intent);
  if (!isHeartbeating(node, now) || caps.length === 0) return false;
  if (!flags.includeInternal && !publicRoutable(node)) return false;
  if (flags.cipCapable && node.policy?.allow_remote_inference !== true) return false;
  if (flags.relayCapable && !node.relayCapable) return false;
  if (q.modality && !caps.some((c) => modalitiesOf(c).includes(q.modality as string))) return false;
  const live = reportedHealthModels(node);
  if (live !== null && live.length === 0) return false;
  if (node.backendStability?.backend_state === 'draining') return false;
  if (q.model && !(live !== null ? live.includes(q.model) : advertises(caps, q.model))) return false;
  const completed = node.reputation.completedTasks;
  if (q.qos === 'realtime' && !(completed >= 1000 && node.reputation.score >= 0.8)) return false;
  if (q.qos === 'interactive' && completed < 100) return false;
  if ((q.min_reputation ?? 0) > 0 && node.reputation.score < (q.min_reputation ?? 0)) return false;
  return !ctx.restrictedDomain || hasCurrentNodeMembership(ctx, node.nodeId);
}

/** NodeRankingPolicy weights (phase 3, or phase 5 with `?model=`) × the SDK/CX readiness multiplier. */
function score(node: NodeRecord, q: Query): number {
  const availability = 1.0;
  const load = 1 - Math.min(node.load, 1);
  const max = node.limits.max_concurrent;
  const capacity = Math.max(0, max > 0 ? 1 - node.activeJobs / max : 0);
  const region = q.region === undefined ? 0.5 : node.region === q.region ? 1 : 0;
  const rep = node.reputation.score;
  let s: number;
  if (q.model) {
    const perThousand =
      typeof node.policy?.pricing_credits_per_1000 === 'number' ? node.policy.pricing_credits_per_1000 : null;
    const price = perThousand === null ? 0.5 : Math.max(0, 1 - perThousand / 10);
    const match = advertises(capsFor(node, q.intent), q.model) ? 1 : 0;
    s = 0.25 * availability + 0.2 * load + 0.15 * capacity + 0.1 * region + 0.1 * rep + 0.1 * price + 0.1 * match;
  } else {
    s = 0.35 * availability + 0.28 * load + 0.18 * capacity + 0.09 * region + 0.1 * rep;
  }
  const readiness = 1 - (sdkStatus(node.sdkVersion) === 'current' ? 0 : 0.08) - (node.cxPublicKey === null ? 0.07 : 0);
  return s * Math.max(0.75, readiness);
}

function addressFamily(node: NodeRecord): string {
  const a = hostFamily(node.endpoint);
  const b = hostFamily(node.transportEndpoint);
  if (a === 'unknown' && b === 'unknown') return 'unknown';
  if (a === 'hostname' || b === 'hostname') return 'hostname';
  if (a === b) return a;
  return a !== 'unknown' && b !== 'unknown' ? 'dual' : a !== 'unknown' ? a : b;
}

const unique = <T>(xs: T[]): T[] => [...new Set(xs)];

/**
 * DiscoverController adds the operator's display name and fingerprint only for a node whose operator is verified,
 * active and named; never the key itself.
 */
function operatorView(ctx: DirectoryContext, node: NodeRecord): Record<string, unknown> {
  if (!node.operatorVerified || node.operatorPubkey === null) return {};
  const op = ctx.state.operators[node.operatorPubkey];
  if (!op || op.identityStatus !== 'active' || !op.displayName) return {};
  return { operator_display_name: op.displayName, operator_fingerprint: operatorFingerprint(node.operatorPubkey) };
}

function project(
  ctx: DirectoryContext,
  node: NodeRecord,
  intent: string,
  nodeScore: number,
  now: number,
): Record<string, unknown> {
  const caps = capsFor(node, intent);
  const health = nodeHealth(node, now);
  const policy = node.policy ?? {};
  const receiptProfiles = node.registration.supported_receipt_profiles;
  return {
    node_id: node.nodeId,
    endpoint: node.endpoint,
    transport_endpoint: node.transportEndpoint,
    transport_method: node.transportMethod,
    nat_type: node.natType,
    transport_metadata: node.transportMetadata,
    sdk_language: node.sdkLanguage,
    implementation_name: node.implementationName,
    implementation_version: node.implementationVersion,
    sdk_compatibility_version: node.sdkVersion,
    sdk_version: node.sdkVersion,
    consumer_cosignature_ready: Array.isArray(receiptProfiles) && receiptProfiles.includes('consumer_cosignature_v1'),
    cx_public_key: node.cxPublicKey,
    address_family: addressFamily(node),
    transport: transportMethods(node.endpoint, node.transportEndpoint),
    score: Math.round(nodeScore * 10_000) / 10_000,
    latency_estimate_ms: null,
    latency_evidence: { estimate_ms: null, basis: 'none' },
    ...performanceSignals(node),
    available: node.available,
    relay_capable: node.relayCapable,
    probation: node.reputation.completedTasks < 100,
    trust_progress: trustProgress(node),
    exposure_mode: node.exposureMode,
    reachability_tier: node.publicReachable ? 'direct' : 'relay',
    ...routingSignals(node, health),
    ...complianceSignals(node),
    health_label: health.label,
    health_confidence: health.confidence,
    region: node.region,
    reputation_score: node.reputation.score,
    reputation_model: node.reputation.model,
    reputation_epoch: node.reputation.epoch,
    reputation_tier: reputationTier(node, now),
    max_concurrent: node.limits.max_concurrent,
    active_jobs: node.activeJobs,
    load: node.load,
    models: liveModels(node, caps),
    capability_summary: capabilitySummary(node, caps),
    capabilities: caps.map(effectiveCapability),
    input_modalities: unique(caps.flatMap(modalitiesOf)),
    supported_profiles: unique(caps.flatMap((c) => (Array.isArray(c.supported_profiles) ? c.supported_profiles : []))),
    quantization: unique(caps.map((c) => c.quantization).filter(Boolean)),
    inference_engine: unique(caps.map((c) => c.inference_engine).filter(Boolean)),
    backend: node.backend,
    backend_stability: backendStabilityView(node),
    cip_policy: {
      allow_remote_inference: policy.allow_remote_inference === true,
      allow_tool_execution: policy.allow_tool_execution === true,
      allow_file_access: policy.allow_file_access === true,
      pricing_credits_per_1000: policy.pricing_credits_per_1000 ?? null,
    },
    cip_conformance_level: policy.allow_remote_inference === true ? 'CIP-Provider' : 'CIP-None',
    pricing: {
      credit_cost_multiplier: node.pricing.credit_cost_multiplier,
      pricing_model: node.pricing.pricing_model,
      attested: node.pricing.attested,
    },
    ...operatorView(ctx, node),
  };
}

export function handleDiscover(ctx: DirectoryContext, req: ParsedRequest): Reply {
  const gate = restrictedGate(ctx, req, 'discovery', null);
  if (!gate.ok) return gate.reply;
  const v = validate(DiscoverSchema, req.input);
  if (!v.ok) return validationError(v.fields);
  const q = v.data;
  const flags: Flags = {
    relayCapable: req.input.relay_capable !== undefined && phpBool(req.input.relay_capable),
    cipCapable: req.input.cip_capable !== undefined && phpBool(req.input.cip_capable),
    includeInternal: req.input.include_internal !== undefined && phpBool(req.input.include_internal),
  };
  const now = ctx.now();
  const ranked = Object.values(ctx.state.nodes)
    .filter((n) => eligible(ctx, n, q, flags, now))
    .map((node) => ({ node, s: score(node, q) }))
    .filter((x) => x.s >= MIN_SCORE)
    .filter((x) => q.max_multiplier === undefined || x.node.pricing.credit_cost_multiplier <= q.max_multiplier)
    .filter((x) => q.min_quality_score === undefined || x.s >= q.min_quality_score)
    .sort((a, b) => b.s - a.s)
    .slice(0, q.limit ?? 10);
  const nodes = ranked.map((x) => project(ctx, x.node, q.intent, x.s, now));
  return gate.decorate(
    json(
      200,
      { nodes, count: nodes.length, relay_available: nodes.some((n) => n.relay_capable === true), query_ms: 0 },
      { 'cache-control': 'public, max-age=5, s-maxage=10, stale-while-revalidate=5', vary: 'Accept-Encoding' },
    ),
  );
}
