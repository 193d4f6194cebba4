import { hash as oneShotHash } from 'node:crypto';
import type { StreamPiece } from '../backends';
import { responseHash } from '../pricing';
import type { Refusal } from './request-body';
import type { AdmittedTask } from './task-pipeline-types';
import type { StreamingReply } from './task-reply';
import { claimsReceipts, type RunParts } from './whole-run';

/** The owner took the GPU back while a stream ran: its terminal names that, and the feed says it in plain words. */
export function preemptedRefusal(retryAfterS: number): Refusal {
  return {
    status: 503,
    code: 'provider_preempted',
    message: "The computer's owner needed the GPU; the task was stopped.",
    extra: { reason: 'owner_priority', retry_after_ms: retryAfterS * 1000 },
  };
}

/** A streamed success as the replay guard keeps it for a retry with the same task id and key. */
export interface KeptStream {
  content: string;
  /** A reasoning model's thinking, in the field llama.cpp writes it in; absent when none. */
  reasoning_content?: string;
  tool_calls?: unknown[];
  finish_reason: string | null;
  usage: unknown;
  model: string;
  tokens_used: number;
}

/**
 * A streamed task: the backend asked with `stream: true`, each piece passed on as it comes, then the terminal. Nothing
 * is booked for a partial: the ledger row (and what earns) follows the success only, through the same outcome as a
 * whole answer; a failure books as a whole answer's does, a cancelled stream nothing.
 */
export async function runStreamed(p: RunParts, task: AdmittedTask, reply: StreamingReply): Promise<void> {
  const { meta, request, running } = task;
  running.streamed = true;
  const cancel = running.cancel;
  reply.onGone(() => cancel.cancel());
  const got = { content: '', reasoning: '', toolCalls: [] as unknown[] };
  const onPiece = (piece: StreamPiece): void => {
    // After a cut nothing more goes out: the terminal that says why comes next.
    if (cancel.aborted) return;
    got.content += piece.text;
    got.reasoning += piece.reasoning ?? '';
    if (piece.toolCalls) got.toolCalls.push(...piece.toolCalls);
    reply.partial(partialOf(piece), piece.tokens);
  };
  const maxTokens = p.d.backend.build()?.models[request.model]?.maxTokens ?? Number.MAX_SAFE_INTEGER;
  const tally = p.d.owner?.energy?.begin();
  const outcome = await task.route.backend
    .stream(request, { cancel, timeoutMs: meta.timeoutMs, maxTokens, onPiece })
    .finally(() => tally?.end());
  const ran = { latencyMs: p.now() - task.started, energyJ: tally?.end() ?? null };
  if (!outcome.ok) return p.outcomes.backendFailed(task, ran, outcome.error, preemptedRefusal);
  task.route.answered();
  const { end } = outcome;
  const result = { finish_reason: end.finishReason, usage: end.usage, model: request.model };
  reply.terminal = { result, tokensUsed: end.tokensUsed };
  const kept: KeptStream = {
    content: got.content,
    ...(got.reasoning !== '' ? { reasoning_content: got.reasoning } : {}),
    ...(got.toolCalls.length > 0 ? { tool_calls: got.toolCalls } : {}),
    ...result,
    tokens_used: end.tokensUsed,
  };
  const hash = claimsReceipts(p) ? streamHash(kept) : null;
  const served = {
    tokensUsed: end.tokensUsed,
    completionTokens: end.completionTokens,
    responseHash: hash,
    note: end.note,
  };
  await p.outcomes.succeeded(task, ran, served, JSON.stringify(kept));
}

/**
 * A piece as the chunk of a partial: plain text, or an OpenAI-style delta when it carries thinking (as llama.cpp names
 * it) or tool calls.
 */
function partialOf(piece: StreamPiece): string | Record<string, unknown> {
  if (piece.reasoning === undefined && piece.toolCalls === undefined) return piece.text;
  return {
    content: piece.text,
    ...(piece.reasoning !== undefined ? { reasoning_content: piece.reasoning } : {}),
    ...(piece.toolCalls !== undefined ? { tool_calls: piece.toolCalls } : {}),
  };
}

function streamHash(kept: KeptStream): string {
  try {
    return responseHash({
      content: kept.content,
      tool_calls: kept.tool_calls ?? null,
      finish_reason: kept.finish_reason,
      usage: kept.usage,
      model: kept.model,
    });
  } catch {
    return oneShotHash('sha256', JSON.stringify(kept), 'hex');
  }
}
