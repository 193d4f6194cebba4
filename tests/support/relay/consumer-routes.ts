/**
 * What consumers and the directory reach: the path-scoped worker endpoints `/v1/relay-for/{wid}/…`
 * (`relay_for_task_endpoint`, `relay_for_health_endpoint`) and the relay's own `/iicp/health`
 * (`health_endpoint`), iicp-client-rust src/node.rs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RelayContext } from './context';
import { isObject, readJson, relayError, sendJson, sendText } from './http';

const NO_SESSION = 'no alive relay session for this worker';

/**
 * The task JSON goes to the worker's next pull verbatim. The answer is always 200 once the worker posted a
 * result: `{task_id, status: "completed"}` with every key of the worker's `result` object laid over it (a
 * worker's own `status` or `task_id` wins); 502 IICP-E031 when no result came in time.
 */
export async function handleRelayForTask(
  ctx: RelayContext,
  workerId: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<number> {
  const body = await readJson(req);
  if (!body.ok) return sendText(res, body.status, body.text);
  const task = body.value;
  const log = (status: number, callId: string | null, response: unknown): number => {
    ctx.log.push({ kind: 'forward', at: ctx.settings.now(), workerId, callId, task, status, response });
    return status;
  };

  const session = ctx.registry.get(workerId);
  if (!session?.isAlive(ctx.settings.now())) {
    const status = relayError(res, 404, 'IICP-E030', NO_SESSION);
    return log(status, null, { error: { code: 'IICP-E030', message: NO_SESSION } });
  }
  const { callId, outcome } = session.forward(task, ctx.settings.forwardTimeoutMs);
  const result = await outcome;
  if (!result.ok) {
    const message = `relay session forward failed: ${result.message}`;
    const status = relayError(res, 502, 'IICP-E031', message);
    return log(status, callId, { error: { code: 'IICP-E031', message } });
  }
  const taskId = isObject(task) && typeof task.task_id === 'string' ? task.task_id : '';
  const merged = { task_id: taskId, status: 'completed', ...result.result };
  return log(sendJson(res, 200, merged), callId, merged);
}

export function handleRelayForHealth(
  ctx: RelayContext,
  workerId: string,
  req: IncomingMessage,
  res: ServerResponse,
): number {
  req.resume();
  const session = ctx.registry.get(workerId);
  if (!session?.isAlive(ctx.settings.now())) return relayError(res, 404, 'IICP-E030', NO_SESSION);
  return sendJson(res, 200, { status: 'ok', node_id: workerId, via_relay: true, models: session.models });
}

export interface OwnHealth {
  nodeId: string;
  region: string;
  intent: string;
  model: string;
}

/**
 * The relay is a node too: the directory's liveness probe and active probe dial this. Same members as the
 * reference's `/iicp/health`, minus `backend_stability` — a relay stand-in has no backend to describe.
 */
export function handleOwnHealth(own: OwnHealth, req: IncomingMessage, res: ServerResponse): number {
  req.resume();
  return sendJson(res, 200, {
    status: 'ok',
    node_id: own.nodeId,
    region: own.region,
    load: 0,
    active_jobs: 0,
    max_concurrent: 4,
    effective_max_concurrent: 4,
    available: true,
    model: own.model,
    models: [own.model],
    intent: own.intent,
    pinhole_state: { active: false },
  });
}
