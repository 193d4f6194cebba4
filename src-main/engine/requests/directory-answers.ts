/**
 * The directory's answers as the "why no tasks" check reads them: a call to one of its routes, the discover search's
 * result, each as what it says, that the node is missing, or why it could not be read (in the check's own words).
 */
import type { Said } from '@shared/i18n/said';
import {
  callDirectory,
  type DirectoryFailure,
  type DirectoryResponse,
  type DiscoveredNode,
  type DiscoverFailure,
  type DiscoverResult,
} from '../directory';
import { networkErrorSaid, TransportTimeoutError } from '../net';
import { w } from './why-words';

/** Each call to the directory gets this long: the check is something a person waits for. */
export const DIAGNOSE_TIMEOUT_MS = 5_000;
/** Where and how the check asks the directory. */
export interface DirectoryAsk {
  directoryUrl: string;
  /** A restricted trust domain's membership (discover and the node page need it there), or null. */
  membership: string | null;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}

export type Answer =
  { kind: 'ok'; body: Record<string, unknown> } | { kind: 'missing' } | { kind: 'failed'; words: Said };
/** The discover search's answer: its nodes and when it was fetched, or why there is none. */
export type Listing =
  { kind: 'ok'; nodes: readonly DiscoveredNode[]; at: number } | { kind: 'missing' } | { kind: 'failed'; words: Said };

/** The discovery result as the checks read it: a failed last ask is a failure now, whatever an older answer said. */
export function listingOf(r: DiscoverResult, timeoutMs: number): Listing {
  if (r.failure === null && r.answer) return { kind: 'ok', nodes: r.answer.nodes, at: r.answer.at };
  const f: DiscoverFailure = r.failure ?? { kind: 'unreadable' };
  if (f.kind === 'unreachable') return { kind: 'failed', words: unreachableWords(f.error, timeoutMs) };
  if (f.kind === 'too_big') return { kind: 'failed', words: w('searchTooBig') };
  if (f.kind === 'unreadable') return { kind: 'failed', words: w('searchUnreadable') };
  return refusalOf(f.failure);
}

function unreachableWords(err: unknown, timeoutMs: number): Said {
  const cause = err instanceof Error ? err.cause : undefined;
  if (cause instanceof TransportTimeoutError) return w('unreachableTimeout', { seconds: Math.round(timeoutMs / 1000) });
  const why = networkErrorSaid(cause) ?? networkErrorSaid(err);
  return why === null ? w('unreachable') : w('unreachableBecause', { why });
}

function refusalOf(failure: DirectoryFailure): { kind: 'missing' } | { kind: 'failed'; words: Said } {
  if (failure.status === 404) return { kind: 'missing' };
  if (failure.status === 401 && failure.code === 'restricted_domain_denied') {
    return { kind: 'failed', words: w('membershipRefused') };
  }
  return { kind: 'failed', words: w('httpStatus', { status: String(failure.status) }) };
}

export async function askDirectory(i: DirectoryAsk, route: string, query?: Record<string, string>): Promise<Answer> {
  const timeoutMs = i.timeoutMs ?? DIAGNOSE_TIMEOUT_MS;
  let res: DirectoryResponse;
  try {
    res = await callDirectory(
      i.directoryUrl,
      {
        method: 'GET',
        route,
        ...(query ? { query } : {}),
        ...(i.membership ? { headers: { 'X-IICP-Membership': i.membership } } : {}),
        timeoutMs,
      },
      i.fetchImpl,
    );
  } catch (err) {
    return { kind: 'failed', words: unreachableWords(err, timeoutMs) };
  }
  return res.ok ? { kind: 'ok', body: res.body } : refusalOf(res.failure);
}
