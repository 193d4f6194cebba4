/** The node's own answer to a task that came through a relay: its status, JSON body and Retry-After. */
export interface ForwardedAnswer {
  status: number;
  body: unknown;
  retryAfter: string | null;
}

/**
 * What the worker posts as `result` for a relayed call. The relay merges these keys into its reply to the consumer
 * (`{"task_id", "status": "completed", …}`, unlike a direct answer's `success`), so the keys are the node's own
 * answer — `result`, `model_used`, `metrics`, or `iicp_conf_resp` for an IICP-CX task, which the relay cannot open —
 * and a refusal keeps its `error` object and the wait it asked for, so a consumer behind a relay can back off as it
 * would directly.
 */
export function relayResult(task: Record<string, unknown>, answer: ForwardedAnswer): Record<string, unknown> {
  const body =
    answer.body && typeof answer.body === 'object' && !Array.isArray(answer.body)
      ? (answer.body as Record<string, unknown>)
      : null;
  if (answer.status >= 200 && answer.status < 300 && body) return body;
  const error =
    body?.error && typeof body.error === 'object'
      ? body.error
      : { code: 'backend_error', message: 'The node could not process the task.' };
  const out: Record<string, unknown> = {
    task_id: typeof task.task_id === 'string' ? task.task_id : undefined,
    status: 'error',
    error,
    http_status: answer.status,
  };
  const secs =
    answer.retryAfter !== null && /^\d{1,6}$/.test(answer.retryAfter.trim()) ? Number(answer.retryAfter.trim()) : null;
  if (secs !== null) out.retry_after_ms = secs * 1000;
  else if (body && typeof body.retry_after_ms === 'number') out.retry_after_ms = body.retry_after_ms;
  return out;
}
