/**
 * How the task port turns a task away or reports a failed one: a full node's 429, and the LLM server's failures in
 * words.
 */
import { LOADING_RETRY_S, type BackendError } from '../backends';
import type { Refusal } from './request-body';
import type { TaskMeta } from './task-codec';
import type { TaskBackendSide, TaskOwnerSide } from './task-pipeline-types';

/** The node has not looked at its backend once yet: a short wait. */
export function nodeStarting(): Refusal {
  return {
    status: 503,
    code: 'node_starting',
    message: 'The node is starting; try again in a moment.',
    headers: { 'Retry-After': '1' },
  };
}

/** How long a consumer refused for lack of a slot is asked to wait. */
const CAPACITY_RETRY_S = 2;

export function fairShareRefusal(qos: string): Refusal {
  const r = capacityRefusal(qos);
  return {
    ...r,
    message: 'capacity_exceeded: this task ran past its grace period while other consumers were waiting for a slot',
    extra: { ...r.extra, reason: 'fair_share' },
  };
}

/** The 429 of a full node (the reference node's code and words), one per QoS class: made once, answered many times. */
const CAPACITY_REFUSALS = new Map<string, Refusal>();
export function capacityRefusal(qos: string): Refusal {
  let r = CAPACITY_REFUSALS.get(qos);
  if (!r) {
    r = Object.freeze({
      status: 429,
      code: 'IICP-E021',
      message: 'capacity_exceeded',
      extra: Object.freeze({ qos_class: qos, retry_after_ms: CAPACITY_RETRY_S * 1000 }),
      headers: Object.freeze({ 'Retry-After': String(CAPACITY_RETRY_S) }),
    });
    CAPACITY_REFUSALS.set(qos, r);
  }
  return r;
}

/**
 * The computer's owner needs the GPU: the backend is, for the network, draining (the reference node's 503 for a
 * backend that cannot take work for a while), with a reason that names no program and a Retry-After that is the
 * earliest the node could serve again.
 */
export function ownerRefusal(retryAfterS: number): Refusal {
  return drainingRefusal('owner_priority', retryAfterS);
}

/** The reference node's 503 for a backend that cannot take work for a while: why, and when to come back. */
function drainingRefusal(reason: string, retryAfterS: number): Refusal {
  return {
    status: 503,
    code: 'IICP-E024',
    message: 'backend temporarily draining',
    extra: { reason, retry_after_ms: retryAfterS * 1000 },
    headers: { 'Retry-After': String(retryAfterS) },
  };
}

/** The monitor looks at an absent backend every second and sees it back within two: come back then. */
const BACKEND_DOWN_RETRY_S = 2;

/** No LLM server that could run the task answers (`message` says which, in plain words). */
export function backendDown(message: string): Refusal {
  return {
    status: 503,
    code: 'backend_unavailable',
    message,
    extra: { retry_after_ms: BACKEND_DOWN_RETRY_S * 1000 },
    headers: { 'Retry-After': String(BACKEND_DOWN_RETRY_S) },
  };
}

/**
 * The server took the task and answered that it is loading a model (the node had not seen it start loading): the same
 * 503 as a load the node knows of, so the consumer comes back when the next look may find it ready.
 */
export function loadingRefusal(): Refusal {
  return drainingRefusal('backend_loading', LOADING_RETRY_S);
}

/** What kind of backend failure it was, for the feed's words. */
export function failureVariant(e: BackendError): string {
  if (e.kind === 'transport') return 'unreachable';
  if (e.kind === 'bad_response') return 'bad_response';
  return '';
}

export function backendFailure(meta: TaskMeta, e: BackendError): Record<string, unknown> {
  return { task_id: meta.taskId, status: 'error', error: { code: 'backend_error', message: backendMessage(e) } };
}

function backendMessage(e: BackendError): string {
  if (e.kind === 'transport') return 'The local model server could not be reached.';
  if (e.kind === 'upstream_status') return `The local model server answered HTTP ${e.status ?? 'error'}.`;
  if (e.kind === 'bad_response') return 'The local model server sent an unusable answer.';
  return 'The local model server failed.';
}

/**
 * Why no task can be taken now whatever it says: no backend answers (treated like one that drains), the owner needs
 * the GPU, or the backend drains; else null.
 */
export function drainRefusal(
  backend: Pick<TaskBackendSide, 'down' | 'stability'>,
  owner: TaskOwnerSide | undefined,
  nowMs: number,
): Refusal | null {
  const down = backend.down();
  if (down !== null) return backendDown(down);
  const ownerWait = owner?.busy?.() ?? null;
  if (ownerWait !== null) return ownerRefusal(ownerWait);
  const stability = backend.stability();
  if (stability.backend_state !== 'draining') return null;
  const remaining = Math.max(
    1,
    Math.ceil(((stability.drain_until ?? 0) * 1000 - nowMs) / 1000) || (stability.retry_after_s ?? 30),
  );
  return drainingRefusal(stability.reason_class, remaining);
}
