/** POST /v1/heartbeat: PHP `NodeTokenAuth` → `throttle:heartbeat` → `HeartbeatController`. */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { json, objectError, validationError, type ParsedRequest, type Reply } from './http';
import { logReactivate, logReputationUpdate } from './logged-events';
import { bool, date, int, list, num, obj, str, validate } from './laravel';
import { hashEquals, hmacHex, resolvePricingBlock } from './pricing';
import { NODE_ID_PATTERN, PRICING_MODELS } from './register-schema';
import { applyMetricBatch } from './reputation';
import { authenticatedAndAdmitted } from './restricted-domain';
import type { BackendStability, DirectoryContext, NodeRecord } from './types';

const HEARTBEATS_PER_MINUTE = 60;

const HeartbeatSchema = z.object({
  node_id: str({ required: true, max: 36, regex: NODE_ID_PATTERN }),
  load: num({ min: 0, max: 1 }),
  active_jobs: int({ min: 0 }),
  available: bool({}),
  metrics: obj(
    {
      tasks_success: int({ min: 0, max: 1000 }),
      tasks_failed: int({ min: 0, max: 1000 }),
      avg_latency_ms: num({ min: 0 }),
    },
    {},
  ),
  metrics_batch_id: str({ min: 1, max: 64, regex: /^[!-~]+$/ }),
  pricing: obj(
    {
      credit_cost_multiplier: num({ min: 0, max: 1000 }),
      pricing_model: str({ in: PRICING_MODELS }),
      declaration_signature: str({ nullable: true, max: 128 }),
    },
    {},
  ),
  challenge_response: str({ nullable: true, max: 64 }),
  health_models: list(str({ max: 128 }), { nullable: true }),
  backend_stability: obj(
    {
      backend_state: str({ required: true, in: ['ok', 'degraded', 'draining'] }),
      reason_class: str({
        required: true,
        in: ['ok', 'backend_cold', 'backend_loading', 'backend_unstable', 'observer_error'],
      }),
      retry_after_s: int({ nullable: true, min: 0, max: 86400 }),
      drain_until: int({ nullable: true, min: 0 }),
    },
    { nullable: true },
  ),
  auto_update_enabled: bool({ nullable: true }),
  auto_update_interval_s: int({ nullable: true, min: 300, max: 86400 }),
  sdk_latest_seen: str({ nullable: true, max: 32 }),
  sdk_update_last_checked_at: date({ nullable: true }),
  sdk_update_error_class: str({ nullable: true, max: 64 }),
});

type HeartbeatInput = z.infer<typeof HeartbeatSchema>;

/** NodeTokenAuth → `restricted-domain:heartbeat` → throttle → controller. */
export function handleHeartbeat(ctx: DirectoryContext, req: ParsedRequest): Reply {
  const { reply, nodeId } = authenticatedAndAdmitted(ctx, req, 'heartbeat', (node) => heartbeat(ctx, req, node));
  ctx.state.heartbeats.push({
    at: ctx.now(),
    nodeId,
    body: req.body,
    status: reply.status,
    response: reply.body,
  });
  return reply;
}

/**
 * Laravel `throttle` keyed by the body's node_id (else the IP); requests over the limit are not
 * counted. Laravel itself answers `{"message":"Too Many Attempts."}`; the stub keeps to the protocol's
 * object shape so every directory error a client sees has one of the two documented forms.
 */
function throttled(ctx: DirectoryContext, req: ParsedRequest): Reply | null {
  const key = typeof req.input.node_id === 'string' ? req.input.node_id : req.ip;
  const now = ctx.now();
  let window = ctx.state.heartbeatRate[key];
  if (!window || now >= window.resetAt) window = ctx.state.heartbeatRate[key] = { count: 0, resetAt: now + 60_000 };
  if (window.count >= HEARTBEATS_PER_MINUTE) {
    const retryAfter = String(Math.max(1, Math.ceil((window.resetAt - now) / 1000)));
    return { ...objectError(429, 'rate_limited', 'Too Many Attempts.'), headers: { 'retry-after': retryAfter } };
  }
  window.count += 1;
  return null;
}

function heartbeat(ctx: DirectoryContext, req: ParsedRequest, node: NodeRecord): Reply {
  const limited = throttled(ctx, req);
  if (limited) return limited;
  const v = validate(HeartbeatSchema, req.input);
  if (!v.ok) return validationError(v.fields);
  const data = v.data;

  // Re-verified before anything is written: an invalid signature rejects the whole beat.
  let pricing = null;
  if (data.pricing !== undefined && data.pricing !== null) {
    const resolved = resolvePricingBlock(data.pricing, node.hmacKey);
    if (!resolved.ok) return validationError(resolved.fields);
    pricing = resolved.pricing;
  }

  const now = ctx.now();
  verifyChallenge(node, data, now);
  const challenge = randomBytes(16).toString('hex');
  node.challenge = challenge;
  node.challengesIssued += 1;

  if (pricing) {
    // The heartbeat form has no effective window, and PHP leaves the stored one alone.
    const { credit_cost_multiplier, pricing_model, declaration_signature, attested } = pricing;
    Object.assign(node.pricing, { credit_cost_multiplier, pricing_model, declaration_signature, attested });
  }
  // Captured before the update clears it: a beat from a dormant node opens a new session (REACTIVATE).
  const wasDormant = node.status === 'dormant';
  const dormantSince = node.dormantSince;
  node.lastSeen = now;
  if (data.load !== undefined) node.load = data.load;
  if (data.active_jobs !== undefined) node.activeJobs = data.active_jobs;
  node.available = data.available ?? true;
  node.status = 'active';
  node.dormantSince = null;
  node.observedSourceIp = req.ip;
  node.lastHeartbeat = req.body;
  if (Object.hasOwn(req.input, 'health_models')) node.healthModels = data.health_models ?? null;
  if (Object.hasOwn(req.input, 'backend_stability')) node.backendStability = normalizeStability(data.backend_stability);
  for (const key of [
    'auto_update_enabled',
    'auto_update_interval_s',
    'sdk_latest_seen',
    'sdk_update_last_checked_at',
    'sdk_update_error_class',
  ] as const) {
    if (Object.hasOwn(req.input, key)) node.autoUpdate[key] = data[key] ?? null;
  }

  if (wasDormant) logReactivate(ctx, node.nodeId, dormantSince);

  const success = data.metrics?.tasks_success ?? 0;
  const failed = data.metrics?.tasks_failed ?? 0;
  if (success !== 0 || failed !== 0) {
    const applied = applyMetricBatch(
      node,
      { batchId: data.metrics_batch_id ?? null, success, failed, avgLatencyMs: data.metrics?.avg_latency_ms ?? 0 },
      now,
    );
    if (applied) logReputationUpdate(ctx, node, req.input);
  }

  return json(200, {
    ok: true,
    next_heartbeat_ms: ctx.heartbeatIntervalMs,
    reputation_score: node.reputation.score,
    reputation_model: node.reputation.model,
    reputation_epoch: node.reputation.epoch,
    metrics_batch_accepted: data.metrics_batch_id ?? null,
    challenge,
  });
}

/**
 * The liveness challenge: a heartbeat answers the last one's challenge with its HMAC under the node's key. PHP only
 * records success (`liveness_verified_at`); the failure counter exists so tests can see a wrong answer. Without a
 * response, or before any challenge was issued, nothing is counted either way.
 */
function verifyChallenge(node: NodeRecord, data: HeartbeatInput, now: number): void {
  const response = data.challenge_response;
  if (!response || !node.challenge || node.hmacKey === '') return;
  if (hashEquals(hmacHex(node.hmacKey, node.challenge), response)) {
    node.challengeVerifiedCount += 1;
    node.livenessVerifiedAt = now;
  } else {
    node.challengeFailedCount += 1;
  }
}

/** Only the coarse public shape is kept (PHP `normalizeBackendStability`). */
function normalizeStability(raw: HeartbeatInput['backend_stability']): BackendStability | null {
  if (raw === null || raw === undefined) return null;
  const out: BackendStability = { backend_state: raw.backend_state, reason_class: raw.reason_class };
  if (raw.retry_after_s !== undefined && raw.retry_after_s !== null) out.retry_after_s = raw.retry_after_s;
  if (raw.drain_until !== undefined && raw.drain_until !== null) out.drain_until = raw.drain_until;
  return out;
}
