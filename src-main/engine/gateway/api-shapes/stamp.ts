/**
 * The id and times an answer carries. The gateway passes its own (the IICP task id, its clock, the request's
 * duration) so an answer can be traced to its request; the default serves callers that have none, such as a test.
 */
import type { AnswerStamp } from './types';

export function stampOrNow(stamp: AnswerStamp | undefined): AnswerStamp {
  return stamp ?? { id: globalThis.crypto.randomUUID(), nowMs: Date.now() };
}

/** Unix seconds, as OpenAI's `created` counts them. */
export function unixSeconds(stamp: AnswerStamp): number {
  return Math.floor(stamp.nowMs / 1000);
}

/** An ISO 8601 time, as Ollama's `created_at` and `modified_at` write them. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Nanoseconds, as Ollama counts durations; 0 when the duration is not known. */
export function nanoseconds(ms: number | undefined): number {
  return ms === undefined || !Number.isFinite(ms) || ms < 0 ? 0 : Math.round(ms * 1e6);
}
