/**
 * One answer of the task port as the Requests page shows it: the consumer's strings made safe to keep and show, how
 * fast the model wrote, and the words of its outcome.
 */
import type { RequestRow } from '@shared/contract';
import { cleanForeignTextOrNull } from '@shared/text/foreign-text';
import type { StoredRequest } from './request-store';
import { requestWords, servedNote } from './request-words';

/** Strings a consumer chose (intent, model asked for) are cleaned and cut to this before they are kept. */
const MAX_TEXT = 255;

/** A consumer's string, made safe to keep and show: no controls, escapes or bidi overrides, and short. */
export function cut(s: string | null): string | null {
  return s === null ? null : cleanForeignTextOrNull(s, MAX_TEXT);
}

/**
 * How fast the model wrote: the tokens it wrote over the time the LLM server took. The prompt is not written, so a
 * task whose server did not say how many tokens it wrote gets none rather than a figure inflated by the prompt.
 */
export function tokensPerSecond(r: Pick<StoredRequest, 'outcome' | 'completionTokens' | 'durationMs'>): number | null {
  if (r.outcome !== 'served' || r.completionTokens === null || r.completionTokens <= 0 || r.durationMs <= 0)
    return null;
  return Math.round((r.completionTokens * 10_000) / r.durationMs) / 10;
}

export function toRequestRow(r: StoredRequest): RequestRow {
  const perSecond = tokensPerSecond(r);
  const note = servedNote(r.outcome, r.variant);
  return {
    id: r.id,
    at: new Date(r.ts).toISOString(),
    outcome: r.outcome,
    code: r.code,
    words: requestWords(r.outcome, r.code, r.variant),
    status: r.status,
    // Rows written by an older version were kept as sent: cleaned on the way out as well.
    intent: cut(r.intent),
    model: cut(r.model),
    tokens: r.tokens,
    tokensPerSecond: perSecond,
    durationMs: r.durationMs,
    qos: r.qos,
    taskId: r.taskId,
    // Rows of an older version read back NULL: whole, as the task asked.
    delivery: r.delivery ?? null,
    ...(note ? { note } : {}),
  };
}
