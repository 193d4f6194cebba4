import { isPlainObject } from './http';

export type BackendState = 'ok' | 'degraded' | 'draining';
export type StabilityReason = 'ok' | 'backend_cold' | 'observer_error' | 'backend_loading' | 'backend_unstable';

/**
 * What the node tells the network about its backend. Deliberately coarse: no model sizes, counts or
 * paths leave the machine, only a state, a reason class and, while draining, when to come back.
 */
export interface BackendStability {
  backend_state: BackendState;
  reason_class: StabilityReason;
  /** Seconds until consumers may retry; present only while draining. */
  retry_after_s?: number;
  /** Unix seconds when the drain ends; present only while draining. */
  drain_until?: number;
}

/** The monitor looks at a loading server every second, so tasks are told to come back in two. */
export const LOADING_RETRY_S = 2;
export const UNSTABLE_RETRY_S = 60;

const LOADING_STATES = new Set(['loading', 'initializing', 'starting', 'warming', 'warming_up']);
const UNSTABLE_STATES = new Set(['error', 'failed', 'crashed', 'unhealthy', 'oom', 'out_of_memory']);

export const STABILITY_OK: Readonly<BackendStability> = Object.freeze({ backend_state: 'ok', reason_class: 'ok' });

export function degraded(reason: 'backend_cold' | 'observer_error'): BackendStability {
  return { backend_state: 'degraded', reason_class: reason };
}

export function draining(
  reason: 'backend_loading' | 'backend_unstable',
  retryAfterS: number,
  nowMs: number,
): BackendStability {
  return {
    backend_state: 'draining',
    reason_class: reason,
    retry_after_s: retryAfterS,
    drain_until: Math.floor(nowMs / 1000) + retryAfterS,
  };
}

/**
 * Backends report the same model under slightly different names (`qwen3:8b` vs `qwen3`), so a match is
 * either exact or equal up to the first `:`. No selected model matches anything.
 */
export function modelMatches(candidate: string, selected: string | null): boolean {
  if (selected === null) return true;
  return candidate === selected || beforeColon(candidate) === beforeColon(selected);
}

function beforeColon(name: string): string {
  const i = name.indexOf(':');
  return i === -1 ? name : name.slice(0, i);
}

/** Reads Ollama's `GET /api/ps` answer: is the selected model resident? */
export function parseOllamaPs(data: unknown, selectedModel: string | null): BackendStability {
  if (!isPlainObject(data) || !Array.isArray(data.models)) return degraded('observer_error');
  const names = data.models.flatMap((m) => (isPlainObject(m) && typeof m.name === 'string' ? [m.name] : []));
  if (selectedModel !== null && !names.some((n) => modelMatches(n, selectedModel))) return degraded('backend_cold');
  return { ...STABILITY_OK };
}

/**
 * Reads LM Studio's `GET /api/v1/models` answer. A loading or failed instance of any model drains the
 * node, not just one of the selected model: they share the same memory and the same server.
 */
export function parseLmStudioModels(data: unknown, selectedModel: string | null, nowMs: number): BackendStability {
  const list = isPlainObject(data) ? (data.data ?? data.models) : undefined;
  if (!Array.isArray(list)) return degraded('observer_error');
  let selectedLoaded = false;
  let loading = false;
  let unstable = false;
  for (const item of list) {
    if (!isPlainObject(item)) continue;
    const id = firstString(item, ['id', 'model_key', 'key', 'path']) ?? '';
    const instances = item.loaded_instances ?? item.loadedInstances;
    if (!Array.isArray(instances)) continue;
    for (const instance of instances) {
      if (modelMatches(id, selectedModel)) selectedLoaded = true;
      const state = isPlainObject(instance)
        ? normaliseState(firstString(instance, ['state', 'status', 'load_status']))
        : '';
      if (LOADING_STATES.has(state)) loading = true;
      if (UNSTABLE_STATES.has(state)) unstable = true;
    }
  }
  if (unstable) return draining('backend_unstable', UNSTABLE_RETRY_S, nowMs);
  if (loading) return draining('backend_loading', LOADING_RETRY_S, nowMs);
  if (selectedModel !== null && !selectedLoaded) return degraded('backend_cold');
  return { ...STABILITY_OK };
}

function firstString(obj: Record<string, unknown>, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = obj[key];
    if (typeof value === 'string') return value;
  }
  return null;
}

function normaliseState(state: string | null): string {
  return (state ?? '').trim().toLowerCase().replace(/-/g, '_');
}

/** LM Studio's loaded models: `state: "loaded"` in `/api/v0/models`, or a ready instance in `/api/v1/models`. */
export function lmStudioLoaded(v0: unknown, v1: unknown): string[] | null {
  const out: string[] = [];
  const v0list = isPlainObject(v0) && Array.isArray(v0.data) ? v0.data : null;
  for (const m of v0list ?? [])
    if (isPlainObject(m) && typeof m.id === 'string' && m.state === 'loaded') out.push(m.id);
  const v1list = isPlainObject(v1)
    ? Array.isArray(v1.data)
      ? v1.data
      : Array.isArray(v1.models)
        ? v1.models
        : null
    : null;
  for (const m of v1list ?? []) {
    if (!isPlainObject(m)) continue;
    const id = typeof m.id === 'string' ? m.id : typeof m.key === 'string' ? m.key : null;
    const instances = Array.isArray(m.loaded_instances) ? m.loaded_instances : [];
    const ready = instances.some(
      (i) =>
        isPlainObject(i) &&
        ['loaded', 'ready', 'idle', 'running'].includes(String(i.state ?? i.status ?? '').toLowerCase()),
    );
    if (id && ready && !out.includes(id)) out.push(id);
  }
  return v0list === null && v1list === null ? null : out;
}
