/** Per-node projections PHP `NodeScorer` / `Capability` share between node detail, registry and discover. */
import { parseDate } from './laravel';
import { iso8601 } from './http';
import { sdkStatus } from './public-routes';
import type { NodeRecord } from './types';

const SDK_BASELINE_VERSION = '0.7.68';
const unique = <T>(xs: T[]): T[] => [...new Set(xs)];
const round2 = (n: number): number => Math.round(n * 100) / 100;

/** `health_models` null and never-reported are the same thing to PHP. */
export const reportedHealthModels = (node: NodeRecord): string[] | null => node.healthModels ?? null;

export const registeredModels = (caps: Record<string, unknown>[]): string[] =>
  unique(caps.flatMap((c) => (Array.isArray(c.models) ? c.models.map(String) : [])));

/** Models the runtime reported live (intersection), or the registered ones when nothing was reported. */
export function liveModels(node: NodeRecord, caps: Record<string, unknown>[]): string[] {
  const registered = registeredModels(caps);
  const live = reportedHealthModels(node);
  return live === null ? registered : registered.filter((m) => live.includes(m));
}

const modalitiesOf = (caps: Record<string, unknown>[]): string[] =>
  unique(
    caps.flatMap((c) =>
      Array.isArray(c.input_modalities) && c.input_modalities.length > 0 ? c.input_modalities.map(String) : ['text'],
    ),
  );

const FAMILIES = ['llama', 'qwen', 'mistral', 'deepseek', 'phi', 'gemma', 'nomic', 'mixtral', 'codellama'];

export function capabilitySummary(node: NodeRecord, caps: Record<string, unknown>[]): Record<string, unknown> {
  const live = liveModels(node, caps);
  const families = unique(live.map((m) => FAMILIES.find((f) => m.toLowerCase().includes(f)) ?? 'unknown')).filter(
    (f) => f !== 'unknown',
  );
  const windows = caps.map((c) => Number(c.max_tokens)).filter((n) => Number.isFinite(n) && n > 0);
  return {
    model_count_registered: registeredModels(caps).length,
    model_count_live: live.length,
    model_family_count: families.length,
    modalities: modalitiesOf(caps),
    context_window_max: windows.length > 0 ? Math.max(...windows) : null,
    quality_evidence: live.length > 0 ? 'self_declared' : 'none',
  };
}

const nonEmpty = (v: unknown): boolean => Array.isArray(v) && v.length > 0;

/** `Capability::toEffectiveCapabilityArray`: null members dropped, list defaults filled in. */
export function effectiveCapability(c: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    intent: c.intent,
    version: c.version,
    phase: c.phase,
    variant_id: c.variant_id,
    models: nonEmpty(c.models) ? c.models : [],
    max_tokens: c.max_tokens || null,
    quantization: c.quantization,
    inference_engine: c.inference_engine,
    input_modalities: nonEmpty(c.input_modalities) ? c.input_modalities : ['text'],
    output_modalities: c.output_modalities,
    features: c.features,
    execution_capabilities: c.execution_capabilities,
    limits: c.limits,
    supported_profiles: nonEmpty(c.supported_profiles) ? c.supported_profiles : [],
    claim_provenance: c.claim_provenance,
    extensions: c.extensions,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== null && v !== undefined));
}

export function trustProgress(node: NodeRecord): Record<string, unknown> {
  const completed = node.reputation.completedTasks;
  const score = node.reputation.score;
  const remaining = [...(completed < 100 ? ['completed_tasks'] : []), ...(score < 0.65 ? ['reputation_score'] : [])];
  return {
    completed_tasks: completed,
    gold_min_tasks: 100,
    platinum_min_tasks: 1000,
    tasks_until_gold: Math.max(0, 100 - completed),
    tasks_until_platinum: Math.max(0, 1000 - completed),
    gold_task_threshold_met: completed >= 100,
    gold_reputation_threshold_met: score >= 0.65,
    remaining_gold_requirements: remaining,
    probation: completed < 100,
  };
}

/** `complianceSignals`; the directory's "latest known SDK" is not configured, so the relation is `unknown`. */
export function complianceSignals(node: NodeRecord): Record<string, unknown> {
  const status = sdkStatus(node.sdkVersion);
  const keyReady = node.cxPublicKey !== null;
  const au = node.autoUpdate;
  const enabled = au.auto_update_enabled ?? null;
  const checked = parseDate(au.sdk_update_last_checked_at);
  return {
    sdk_status: status,
    sdk_baseline_version: SDK_BASELINE_VERSION,
    upgrade_required: status !== 'current',
    sdk_release: {
      compatibility: status,
      relation: 'unknown',
      latest_known_version: null,
      latest_known_source: 'none',
    },
    key_ready: keyReady,
    privacy_routing_status: keyReady ? 'key_ready' : 'transitional',
    auto_update: {
      enabled,
      interval_s: au.auto_update_interval_s ?? null,
      latest_seen: au.sdk_latest_seen ?? null,
      last_checked_at: checked === null ? null : iso8601(checked),
      error_class: au.sdk_update_error_class ?? null,
      evidence: enabled === null ? 'unknown' : 'self_reported',
    },
  };
}

/**
 * `performanceSignals`: task latency is only self-reported here (heartbeat `avg_latency_ms` EMA); proxy
 * telemetry is not reproduced, so `proxy_observed_latency_ms` — and the top-level `observed_latency_ms` —
 * stay null.
 */
export function performanceSignals(node: NodeRecord): Record<string, unknown> {
  const self = node.reputation.avgLatencyMs > 0 ? node.reputation.avgLatencyMs : null;
  return {
    performance: {
      task_latency_ms: self === null ? null : Math.round(self),
      task_latency_ms_basis: self === null ? 'none' : 'self_reported_recent_task',
      proxy_observed_latency_ms: null,
      self_reported_recent_latency_ms: self === null ? null : round2(self),
      self_reported_lifetime_latency_ms: self === null ? null : round2(self),
      health_impact: 'separate_from_operational_health',
      summary: 'Task/inference latency is a performance signal, not a reachability-health input.',
    },
  };
}

const REASON_SUMMARIES: Record<string, string> = {
  backend_cold: 'Backend is reachable but cold; first request may warm it up.',
  backend_loading: 'Backend is loading or unloading a model.',
  backend_unstable: 'Backend reports instability separate from network reachability.',
};

/** `BackendStabilityPolicy::summarize`: the public block, `unknown` until the node reports one. */
export function backendStabilityView(node: NodeRecord): Record<string, unknown> {
  const raw = node.backendStability;
  if (raw === null) {
    return {
      backend_state: 'unknown',
      reason_class: 'not_reported',
      routing_guard: 'none',
      evidence: 'not_reported',
      retry_after_s: null,
      drain_until: null,
      summary: 'Backend stability has not been reported yet.',
    };
  }
  const state = raw.backend_state;
  const guard = state === 'draining' ? 'avoid_for_admission' : state === 'degraded' ? 'observe_only' : 'none';
  const summary =
    state === 'ok'
      ? 'Backend reports ready for new work.'
      : state === 'draining'
        ? 'Backend is draining; discovery should avoid assigning new work for now.'
        : (REASON_SUMMARIES[raw.reason_class] ?? 'Backend reports degraded readiness.');
  return {
    backend_state: state,
    reason_class: raw.reason_class,
    routing_guard: guard,
    evidence: 'self_reported',
    retry_after_s: raw.retry_after_s ?? null,
    drain_until: raw.drain_until ?? null,
    summary,
  };
}
