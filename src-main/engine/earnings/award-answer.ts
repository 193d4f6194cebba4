import { cleanForeignText } from '@shared/text/foreign-text';
import type { DirectoryFailure } from '../directory';

/** The note of a receipt whose stored body cannot be read: it is rejected, never posted. */
export const CORRUPT = 'corrupt: the stored receipt could not be read';

/** The stored receipt as an object, or null if it is not one. */
export function parsedBody(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The directory's words on an award it made (excluded, or attributed), kept as data: cleaned and short. */
export function awardNote(body: Record<string, unknown>): string | null {
  if (body.excluded === true) return `excluded: ${cleanForeignText(body.reason, 200) || 'self query'}`;
  return typeof body.attribution === 'string' ? `attribution: ${cleanForeignText(body.attribution, 200)}` : null;
}

/** 429, a Retry-After, or a gateway saying the directory is unavailable: the next posts would meet the same. */
export function asksForPause(f: DirectoryFailure): boolean {
  return f.status === 429 || f.retryAfterMs !== undefined || f.status === 502 || f.status === 503 || f.status === 504;
}

/** IICP-E027 about the querying node (production: "querying_node_id does not identify a registered node"). */
export function isUnknownQueryingNode(f: DirectoryFailure, body: Record<string, unknown>): boolean {
  const all = `${f.message} ${Object.keys(f.fields ?? {}).join(' ')}`;
  return typeof body.querying_node_id === 'string' && f.status === 422 && /querying_node_id/i.test(all);
}

/** The hourly award cap (production: "Credit award rate limit exceeded (max 1000 credits/hour per node)"). */
export function isHourlyCap(f: DirectoryFailure): boolean {
  return f.status === 422 && /rate limit/i.test(f.message) && /hour/i.test(f.message);
}
