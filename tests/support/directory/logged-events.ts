/**
 * The events production writes to the signed log, with its payload shapes (checked against RegisterController,
 * CreditsController, HeartbeatController, DeregisterController and LivenessMonitor). Values the controllers take from
 * `$validated` are the request's raw JSON values (Laravel's validated data is not type-converted), so they are read
 * from `req.input` here, not from the stand-in's normalised schema output.
 * Not logged: HEALTH, OPERATOR_OBSERVED (private source IP with a non-local region), REPUTATION_DECAY and the other
 * scheduled jobs' events.
 */
import { logEvent } from './event-log';
import { isPlainObject } from './laravel';
import type { DirectoryContext, DirectoryEvent, NodeRecord } from './types';

const FREE_CREDITS_PERIOD_HOURS = 6;

/** Laravel's ConvertEmptyStringsToNull, then `?? null`. */
const orNull = (v: unknown): unknown => (v === undefined || v === '' ? null : v);

/** `$c['x'] ?? default`: absent and null both take the default. */
const or = (v: unknown, fallback: unknown): unknown => (v === undefined || v === null ? fallback : v);

/** The discover-relevant capability fields RegisterController copies into the REGISTER payload. */
function capabilityForEvent(raw: unknown): Record<string, unknown> {
  const c = isPlainObject(raw) ? raw : {};
  return {
    intent: c.intent,
    version: or(c.version, null),
    phase: or(c.phase, null),
    variant_id: or(c.variant_id, null),
    models: or(c.models, []),
    max_tokens: or(c.max_tokens, null),
    input_modalities: or(c.input_modalities, ['text']),
    output_modalities: or(c.output_modalities, null),
    features: or(c.features, null),
    execution_capabilities: or(c.execution_capabilities, null),
    limits: or(c.limits, null),
    supported_profiles: or(c.supported_profiles, []),
    claim_provenance: or(c.claim_provenance, null),
    extensions: or(c.extensions, null),
  };
}

/** `RegisterController::logRegistration`, after the node row was written (fresh or re-registered). */
export function logRegister(ctx: DirectoryContext, node: NodeRecord, input: Record<string, unknown>): void {
  const policy = node.policy ?? {};
  const cipPolicy = {
    allow_remote_inference: policy.allow_remote_inference === true,
    allow_tool_execution: policy.allow_tool_execution === true,
    allow_file_access: policy.allow_file_access === true,
  };
  const perThousand = policy.pricing_credits_per_1000;
  const registration = node.registration;
  logEvent(ctx, 'REGISTER', node.nodeId, {
    endpoint: input.endpoint,
    region: input.region,
    cip_policy: cipPolicy,
    cip_conformance_level: cipPolicy.allow_remote_inference ? 'CIP-Provider' : 'CIP-None',
    public_reachable: node.publicReachable,
    exposure_mode: node.exposureMode,
    pricing: {
      credit_cost_multiplier: node.pricing.credit_cost_multiplier,
      pricing_model: node.pricing.pricing_model,
      pricing_credits_per_1000: perThousand === undefined || perThousand === null ? null : Number(perThousand),
    },
    policy_manifest: or(registration.policy_manifest, null),
    supported_receipt_profiles: or(registration.supported_receipt_profiles, []),
    capabilities: Array.isArray(input.capabilities) ? input.capabilities.map(capabilityForEvent) : [],
  });
}

/** The evaluation grant, at REGISTER (`free_allocation_on_register`) or at a balance read (`free_allocation`). */
export function logCreditAllocation(ctx: DirectoryContext, nodeId: string, amount: number, reason: string): void {
  logEvent(ctx, 'CREDIT_ALLOCATION', nodeId, { amount, reason, period_h: FREE_CREDITS_PERIOD_HOURS });
}

/** Written before the row is deleted. */
export function logDeregister(ctx: DirectoryContext, node: NodeRecord): void {
  logEvent(ctx, 'DEREGISTER', node.nodeId, { endpoint: node.endpoint, region: node.region });
}

/** PHP keeps datetimes to the second: `->timestamp * 1000`. */
const wholeSecondsMs = (ms: number): number => Math.floor(ms / 1000) * 1000;

/** LivenessMonitor, when a node goes from active to dormant. */
export function logEvict(ctx: DirectoryContext, node: NodeRecord): void {
  logEvent(ctx, 'EVICT', node.nodeId, {
    reason: 'heartbeat_expiry',
    last_seen_ms: wholeSecondsMs(node.lastSeen),
    dormant_since_ms: wholeSecondsMs(node.dormantSince ?? ctx.now()),
  });
}

/** A heartbeat from a dormant node (logged before its metrics). */
export function logReactivate(ctx: DirectoryContext, nodeId: string, dormantSince: number | null): void {
  const since = dormantSince === null ? null : wholeSecondsMs(dormantSince);
  logEvent(ctx, 'REACTIVATE', nodeId, {
    dormant_since_ms: since,
    dormancy_duration_seconds: since === null ? null : Math.trunc((Math.floor(ctx.now()) - since) / 1000),
  });
}

/** `HeartbeatController::applyMetrics`, only when the batch was applied (not a replayed batch id). */
export function logReputationUpdate(ctx: DirectoryContext, node: NodeRecord, input: Record<string, unknown>): void {
  const metrics = isPlainObject(input.metrics) ? input.metrics : {};
  logEvent(ctx, 'REPUTATION_UPDATE', node.nodeId, {
    source: 'heartbeat_metrics',
    tasks_success: or(metrics.tasks_success, 0),
    tasks_failed: or(metrics.tasks_failed, 0),
    avg_latency_ms: Number(or(metrics.avg_latency_ms, 0)),
    reputation_score: node.reputation.score,
    reputation_model: node.reputation.model,
    metrics_batch_id: orNull(input.metrics_batch_id),
  });
}

export interface AwardFacts {
  input: Record<string, unknown>;
  /** What the log says was awarded: the receipt's amount as sent, unless an `awarded_less` tamper changed it. */
  amount: unknown;
  newBalance: number;
  attribution: string;
  trustWeight: number;
  spent: number;
}

/** The consumer's debit (or its failure), logged under the querying node before the award. */
export function logSpend(
  ctx: DirectoryContext,
  input: Record<string, unknown>,
  queryingNodeId: string,
  debit: { ok: boolean; scope: string; debitCount: number },
): void {
  const base = { task_id: input.task_id, amount: input.amount, serving_node: input.node_id, scope: debit.scope };
  if (debit.ok) logEvent(ctx, 'CREDIT_SPEND', queryingNodeId, { ...base, debit_count: debit.debitCount });
  else logEvent(ctx, 'CREDIT_SPEND_INSUFFICIENT', queryingNodeId, base);
}

/** The CREDIT_AWARD payload; the event's `node_id` column (not signed) is the serving node. */
export function logAward(ctx: DirectoryContext, f: AwardFacts): DirectoryEvent {
  const input = f.input;
  return logEvent(ctx, 'CREDIT_AWARD', typeof input.node_id === 'string' ? input.node_id : null, {
    task_id: input.task_id,
    tokens_used: input.tokens_used,
    amount: f.amount,
    new_balance: f.newBalance,
    response_hash: input.response_hash,
    cip_parent_task_id: orNull(input.cip_parent_task_id),
    cip_session_key: orNull(input.cip_session_key),
    querying_node_id: orNull(input.querying_node_id),
    attribution: f.attribution,
    trust_weight: f.trustWeight,
    spent: f.spent,
  });
}
