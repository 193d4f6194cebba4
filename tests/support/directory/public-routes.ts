/** Unauthenticated read routes (brief §2.10, §7.5) plus `/v1/me`; shapes follow PHP, trimmed to what a provider reads. */
import { authenticateNode } from './auth';
import { eloquentTimestamp, iso8601, json, objectError, stringError, type ParsedRequest, type Reply } from './http';
import { reputationTier } from './reputation';
import { DORMANT_AFTER_MS, findNode } from './state';
import type { DirectoryContext, NodeRecord } from './types';

const SDK_BASELINE = [0, 7, 68];

/** `current` from 0.7.68 on (brief §2.2.1). */
export function sdkStatus(version: string | null): 'current' | 'downlevel' | 'unknown' {
  const m = version === null ? null : /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) return 'unknown';
  const parts = [Number(m[1]), Number(m[2]), Number(m[3])];
  for (let i = 0; i < 3; i++) {
    const a = parts[i] ?? 0;
    const b = SDK_BASELINE[i] ?? 0;
    if (a !== b) return a > b ? 'current' : 'downlevel';
  }
  return 'current';
}

const isUuid = (id: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
const round3 = (n: number): number => Math.round(n * 1000) / 1000;
const unique = <T>(xs: T[]): T[] => [...new Set(xs)];
const modelsOf = (node: NodeRecord): string[] =>
  unique(node.capabilities.flatMap((c) => (Array.isArray(c.models) ? c.models.map(String) : [])));
const intentsOf = (node: NodeRecord): string[] => unique(node.capabilities.map((c) => String(c.intent)));

export function handleNodeDetail(ctx: DirectoryContext, id: string): Reply {
  const node = findNode(ctx.state, id);
  if (!node) return objectError(404, 'not_found', 'Node not found');
  const rep = node.reputation;
  return json(200, {
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
    observed_latency_ms: rep.avgLatencyMs > 0 ? rep.avgLatencyMs : null,
    status: node.status,
    health_models: node.healthModels ?? null,
    backend_stability: node.backendStability,
    sdk_status: sdkStatus(node.sdkVersion),
    key_ready: node.cxPublicKey !== null,
    reachability_tier: node.publicReachable ? 'direct' : 'relay',
    pricing: {
      credit_cost_multiplier: node.pricing.credit_cost_multiplier,
      pricing_model: node.pricing.pricing_model,
      currency: 'credits',
      effective_from: node.pricing.effective_from,
      effective_until: node.pricing.effective_until,
      attested: node.pricing.attested,
    },
    exposure_mode: node.exposureMode,
    operator_verified: node.operatorVerified,
    public_key: node.gossipPublicKey,
    capabilities: node.capabilities.map((c) => ({
      intent: c.intent,
      models: c.models ?? null,
      max_tokens: c.max_tokens ?? null,
      input_modalities: c.input_modalities ?? ['text'],
    })),
  });
}

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
  return json(200, {
    node_id_prefix: isUuid(node.nodeId) ? node.nodeId.slice(0, 8) : node.nodeId,
    region: node.region,
    active: now - node.lastSeen <= DORMANT_AFTER_MS,
    last_seen: iso8601(node.lastSeen),
    reputation_score: round3(rep.score),
    reputation_model: rep.model,
    reputation_epoch: rep.epoch,
    reputation_tier: reputationTier(node, now),
    backend_stability: node.backendStability,
    exposure_mode: node.exposureMode,
    observed_latency_ms: rep.avgLatencyMs > 0 ? rep.avgLatencyMs : null,
    probation: rep.completedTasks < 100,
    completed_tasks: rep.completedTasks,
    intents: intentsOf(node),
    models: modelsOf(node),
    backend: node.backend,
    credit_cost_multiplier: node.pricing.credit_cost_multiplier,
    pricing_model: node.pricing.pricing_model,
    attested: node.pricing.attested,
    sdk_language: node.sdkLanguage,
    sdk_version: node.sdkVersion,
  });
}

export const CREDIT_SCHEDULE = {
  formula: 'ceil(output_tokens / tokens_per_credit) × tier_weight × node_multiplier',
  tokens_per_credit: 1000,
  tier_weights: { sub_1b: 0.05, '7b': 1.0, '13b': 2.0, '30b': 6.5, '70b': 32.0, '100b_plus': 75.0 },
  evaluation_grant: { credits: 5, interval_seconds: 21600 },
  burn_rate_pct: 2.0,
} as const;

export function handleStats(ctx: DirectoryContext): Reply {
  const nodes = Object.values(ctx.state.nodes);
  return json(200, {
    total_nodes: nodes.length,
    active_nodes: nodes.filter((n) => n.available && n.status === 'active').length,
    credit_schedule: CREDIT_SCHEDULE,
  });
}

export function handleMe(ctx: DirectoryContext, req: ParsedRequest): Reply {
  const auth = authenticateNode(ctx, req);
  if (!auth.ok) return auth.reply;
  return json(200, { node_id: auth.node.nodeId, observed_source_ip: req.ip, endpoint: auth.node.endpoint });
}
