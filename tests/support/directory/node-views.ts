/**
 * `GET /v1/node/{id}` (PHP `NodeController::show`) and `GET /v1/registry/nodes/{prefix}`
 * (`RegistryController::show`). Not reproduced: `uptime` (signed event log), `health_summary`,
 * `status_summary`, `node_policy_manifest`, `uptime_history`, `latency_percentiles` and the operator
 * display name; `observed_latency_ms` is proxy telemetry and therefore always null.
 */
import { eloquentTimestamp, iso8601, json, objectError, stringError, type ParsedRequest, type Reply } from './http';
import { nodeHealth } from './health';
import { isPlainObject, parseDate } from './laravel';
import { reputationTier } from './reputation';
import { restrictedGate } from './restricted-domain';
import { recoverySignals, routingSignals, transportMethods } from './signals';
import { DORMANT_AFTER_MS, findNode } from './state';
import type { DirectoryContext, NodeRecord } from './types';
import {
  backendStabilityView,
  capabilitySummary,
  complianceSignals,
  effectiveCapability,
  performanceSignals,
  registeredModels,
  trustProgress,
} from './views';

const isUuid = (id: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
const round3 = (n: number): number => Math.round(n * 1000) / 1000;
const unique = <T>(xs: T[]): T[] => [...new Set(xs)];
const pluck = (caps: Record<string, unknown>[], key: string): unknown[] =>
  unique(caps.map((c) => c[key]).filter(Boolean));
const isoOrNull = (v: string | null): string | null => {
  const ms = parseDate(v);
  return ms === null ? null : iso8601(ms);
};

/** Behind `restricted-domain:discovery` in PHP, like `/v1/discover`. */
export function handleNodeDetail(ctx: DirectoryContext, req: ParsedRequest, id: string): Reply {
  const gate = restrictedGate(ctx, req, 'discovery', null);
  if (!gate.ok) return gate.reply;
  const node = findNode(ctx.state, id);
  if (!node) return objectError(404, 'not_found', 'Node not found');
  const now = ctx.now();
  const rep = node.reputation;
  const health = nodeHealth(node, now);
  return gate.decorate(
    json(200, {
      node_id: node.nodeId,
      endpoint: node.endpoint,
      region: node.region,
      available: node.available,
      load: node.load,
      active_jobs: node.activeJobs,
      last_seen: eloquentTimestamp(node.lastSeen),
      reputation_score: rep.score,
      reputation_model: rep.model,
      reputation_epoch: rep.epoch,
      probation: rep.completedTasks < 100,
      completed_tasks_count: rep.completedTasks,
      observed_latency_ms: null,
      ...performanceSignals(node),
      health,
      ...routingSignals(node, health),
      ...complianceSignals(node),
      capability_summary: capabilitySummary(node, node.capabilities),
      exposure_mode: node.exposureMode,
      operator_verified: node.operatorVerified,
      public_key: node.gossipPublicKey,
      capabilities: node.capabilities.map(effectiveCapability),
    }),
  );
}

/** `listing.*` of the last accepted REGISTER (PHP writes it on fresh and recovered registrations). */
function listing(node: NodeRecord): { public_listing: boolean; operator_url?: unknown } {
  const l = isPlainObject(node.registration.listing) ? node.registration.listing : {};
  const on = [true, 1, '1'].includes(l.public_listing as never);
  return on ? { public_listing: true, operator_url: l.operator_url ?? null } : { public_listing: false };
}

const cipEnabled = (node: NodeRecord): boolean => node.policy?.allow_remote_inference === true;

/** 8-char prefix for UUID ids, the full id otherwise; only `available` nodes are found (so not dormant ones). */
export function handleRegistryNode(ctx: DirectoryContext, prefix: string): Reply {
  if (!/^[a-zA-Z0-9][a-zA-Z0-9._:-]{0,35}$/.test(prefix)) {
    return stringError(422, 'REGISTRY-INVALID-PREFIX', 'Prefix must be alphanumeric (max 36 chars).');
  }
  const node = Object.values(ctx.state.nodes)
    .filter((n) => n.available && (n.nodeId === prefix || n.nodeId.startsWith(prefix)))
    .sort((a, b) => b.lastSeen - a.lastSeen)[0];
  if (!node) return stringError(404, 'REGISTRY-NODE-NOT-FOUND', 'No active node found for this prefix.');
  const rep = node.reputation;
  const now = ctx.now();
  const health = nodeHealth(node, now);
  const caps = node.capabilities;
  return json(200, {
    node_id_prefix: isUuid(node.nodeId) ? node.nodeId.slice(0, 8) : node.nodeId,
    region: node.region,
    active: now - node.lastSeen <= DORMANT_AFTER_MS,
    last_seen: iso8601(node.lastSeen),
    reputation_score: round3(rep.score),
    reputation_model: rep.model,
    reputation_epoch: rep.epoch,
    reputation_tier: reputationTier(node, now),
    trust_progress: trustProgress(node),
    health,
    ...routingSignals(node, health),
    ...recoverySignals(node, health, now),
    ...complianceSignals(node),
    backend_stability: backendStabilityView(node),
    capability_summary: capabilitySummary(node, caps),
    transport: transportMethods(node.endpoint, node.transportEndpoint),
    exposure_mode: node.exposureMode,
    observed_latency_ms: null,
    ...performanceSignals(node),
    probation: rep.completedTasks < 100,
    completed_tasks: rep.completedTasks,
    intents: unique(caps.map((c) => String(c.intent))),
    models: registeredModels(caps),
    supported_profiles: unique(caps.flatMap((c) => (Array.isArray(c.supported_profiles) ? c.supported_profiles : []))),
    quantization: pluck(caps, 'quantization'),
    inference_engine: pluck(caps, 'inference_engine'),
    backend: node.backend,
    credit_cost_multiplier: node.pricing.credit_cost_multiplier,
    pricing_model: node.pricing.pricing_model,
    attested: node.pricing.attested,
    cip_enabled: cipEnabled(node),
    pricing_effective_from: isoOrNull(node.pricing.effective_from),
    pricing_effective_until: isoOrNull(node.pricing.effective_until),
    sdk_language: node.sdkLanguage,
    implementation_name: node.implementationName,
    implementation_version: node.implementationVersion,
    sdk_compatibility_version: node.sdkVersion,
    sdk_version: node.sdkVersion,
    ...listing(node),
  });
}

/**
 * PHP `RegistryController@index`, `GET /v1/registry/nodes?intent&region&page&limit` (limit 1–100, default 20): nodes
 * that are heartbeating, available and active — reachable or not — newest `last_seen` first, each as a short entry.
 */
export function handleRegistryList(ctx: DirectoryContext, req: ParsedRequest): Reply {
  const limit = req.query.limit === undefined ? 20 : Number(req.query.limit);
  const page = req.query.page === undefined ? 1 : Number(req.query.page);
  const fields: Record<string, string[]> = {};
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    fields.limit = ['The limit field must be between 1 and 100.'];
  if (!Number.isInteger(page) || page < 1) fields.page = ['The page field must be at least 1.'];
  if (Object.keys(fields).length > 0)
    return json(422, { error: { code: 'validation_error', message: 'Input validation failed', fields } });
  const now = ctx.now();
  const listed = Object.values(ctx.state.nodes)
    .filter((n) => n.available && n.status === 'active' && now - n.lastSeen <= DORMANT_AFTER_MS)
    .filter((n) => !req.query.intent || n.capabilities.some((c) => c.intent === req.query.intent))
    .filter((n) => !req.query.region || n.region === req.query.region)
    .sort((a, b) => b.lastSeen - a.lastSeen);
  const nodes = listed.slice((page - 1) * limit, page * limit).map((node) => {
    const caps = node.capabilities;
    return {
      node_id_prefix: isUuid(node.nodeId) ? node.nodeId.slice(0, 8) : node.nodeId,
      region: node.region,
      active: true,
      reputation_score: round3(node.reputation.score),
      reputation_tier: reputationTier(node, now),
      probation: node.reputation.completedTasks < 100,
      intents: unique(caps.map((c) => String(c.intent))),
      models: registeredModels(caps),
      quantization: pluck(caps, 'quantization'),
      inference_engine: pluck(caps, 'inference_engine'),
      backend: node.backend,
      last_seen: iso8601(node.lastSeen),
      credit_cost_multiplier: node.pricing.credit_cost_multiplier,
      pricing_model: node.pricing.pricing_model,
    };
  });
  return json(200, { total: listed.length, page, limit, nodes });
}
