/**
 * One verdict on the way in from the internet, read from the snapshot's reachability, that the Dashboard's directory
 * card and reachability card both word themselves after: so one cannot say "reachable" while the other says "not
 * confirmed yet".
 */
import type { ReachabilityInfo } from '@shared/contract';
import type { StatusKind } from '@shared/words/status-sentence';
import { REACHABILITY_WORDS, type Tone } from '../../format';
import { verificationOf } from '../../words/network-words';

/**
 * - confirmed: the directory reports reaching the node.
 * - unconfirmed: the node has a way in, the directory has not reported reaching it (yet).
 * - blocked: no way in works.
 * - looking: still checking, or not checked yet.
 */
export type ReachVerdict = 'confirmed' | 'unconfirmed' | 'blocked' | 'looking';

export function reachVerdict(r: Pick<ReachabilityInfo, 'status' | 'verified'>): ReachVerdict {
  const verification = verificationOf(r);
  if (verification === 'confirmed') return 'confirmed';
  if (verification === 'pending') return 'unconfirmed';
  return r.status === 'not_reachable' || r.status === 'local_only' ? 'blocked' : 'looking';
}

/** The reachability card's badge: a way in the directory has not confirmed is a claim, not shown in the "ok" colour. */
export function reachBadge(r: Pick<ReachabilityInfo, 'status'>, verdict: ReachVerdict): { label: string; tone: Tone } {
  const words = REACHABILITY_WORDS[r.status];
  return verdict === 'unconfirmed' ? { label: `${words.label} (not confirmed yet)`, tone: 'neutral' } : words;
}

/**
 * What the registration means right now, beside "Registered": registered is not the same as findable and served.
 * Whether the directory's public list shows the node is its own fact ("Check my node" reads it), so it is not claimed.
 */
export function listedWords(kind: StatusKind, verdict: ReachVerdict): string {
  switch (kind) {
    case 'paused':
    case 'waiting':
      return 'Listed in the directory, marked as taking no work for now.';
    case 'yielding':
      return 'Listed in the directory as unavailable, not failing: your standing is kept while you use the GPU.';
    case 'backend_down':
    case 'backend_loading':
    case 'no_backend':
      return 'Listed in the directory, but tasks are turned away until your LLM server answers.';
    case 'not_connected':
    case 'restarting':
    case 'engine_failed':
      return 'Listed in the directory when last heard from.';
    default:
  }
  switch (verdict) {
    case 'confirmed':
      return kind === 'serving' ? 'Registered and reachable: the directory can send consumers to your node.' : 'Listed in the directory.';
    case 'unconfirmed':
      return 'Registered, but the directory has not confirmed reaching your node yet.';
    case 'blocked':
      return 'Listed in the directory, but consumers cannot get through to your node — see Network.';
    case 'looking':
      return 'Listed in the directory; the way in from the internet is still being checked.';
  }
}
