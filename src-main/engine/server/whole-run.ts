import type { TaskOutcomes } from './task-outcomes';
import type { AdmittedTask, BackendRun, TaskPipelineDeps } from './task-pipeline-types';

/** What a run of the LLM server needs of the pipeline: the node's parts, how tasks end, and the clock. */
export interface RunParts {
  d: Pick<TaskPipelineDeps, 'nodeId' | 'codec' | 'books' | 'owner' | 'backend'>;
  outcomes: TaskOutcomes;
  now: () => number;
}

/** Whether a served task's result is hashed for a receipt (the node can claim receipts now). */
export function claimsReceipts(p: RunParts): boolean {
  return p.d.books.claimsReceipts?.() ?? true;
}

/**
 * The backend call of a task answered whole, with the consumer's deadline (bounded by ours) and the connection's life;
 * then the answer, encoded (and sealed when asked) by the codec.
 */
export async function runWhole(p: RunParts, task: AdmittedTask): Promise<void> {
  const { meta, request, running } = task;
  const { backend } = task.route;
  const cancel = running.cancel;
  task.reply.onGone(() => cancel.cancel());
  // Its share of the power while the backend generates; the tally ends whatever the outcome (end() is idempotent).
  const tally = p.d.owner?.energy?.begin();
  const sent = await backend.send(request, { cancel, timeoutMs: meta.timeoutMs }).finally(() => tally?.end());
  const ran: BackendRun = { latencyMs: p.now() - task.started, energyJ: tally?.end() ?? null };
  if (!sent.ok) return p.outcomes.backendFailed(task, ran, sent.error);
  if (sent.status < 200 || sent.status > 299)
    return p.outcomes.backendFailed(task, ran, backend.upstreamError(sent.status, sent.body));
  task.route.answered();
  const e = p.d.codec.encode(sent.body, {
    taskId: meta.taskId,
    nodeId: p.d.nodeId(),
    modelUsed: request.model,
    latencyMs: ran.latencyMs,
    shared: task.sealWith,
    bound: request.bound,
    hashResult: claimsReceipts(p),
    ...(request.speech ? { speech: { ...request.speech, contentType: sent.contentType } } : {}),
  });
  const encoded = e instanceof Promise ? await e : e;
  if (!encoded.ok) {
    const code = encoded.kind === 'encryption_failed' ? 'encryption_failed' : 'backend_error';
    const body = { task_id: meta.taskId, status: 'error', error: { code, message: encoded.message } };
    if (encoded.kind === 'encryption_failed')
      return p.outcomes.failed(task, ran, { status: 500, body, metric: 'error' });
    return p.outcomes.failed(task, ran, { status: 502, body, metric: 'error', variant: 'bad_response' });
  }
  const { tokensUsed, completionTokens, responseHash, note, units } = encoded;
  await p.outcomes.succeeded(task, ran, { tokensUsed, completionTokens, responseHash, note, units }, encoded.answer);
}
