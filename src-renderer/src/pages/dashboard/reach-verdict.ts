/**
 * One verdict on the way in from the internet, read from the snapshot's reachability, that the Dashboard's directory
 * card and reachability card both word themselves after: so one cannot say "reachable" while the other says "not
 * confirmed yet".
 */
import type { ReachabilityInfo } from '@shared/contract';
import type { StatusKind } from '@shared/words/status-sentence';
import { REACHABILITY_WORDS, type Tone } from '../../format';
import { verificationOf } from '../../words/network-words';
import { sayNow } from '@shared/i18n/current';

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
  const t = sayNow();
  const words = REACHABILITY_WORDS[r.status];
  return verdict === 'unconfirmed'
    ? { label: t('dashboard.facts.reach.notConfirmed', { label: words.label }), tone: 'neutral' }
    : words;
}

/**
 * What the registration means right now, beside "Registered": registered is not the same as findable and served.
 * Whether the directory's public list shows the node is its own fact ("Check my node" reads it), so it is not claimed.
 */
export function listedWords(kind: StatusKind, verdict: ReachVerdict): string {
  const t = sayNow();
  switch (kind) {
    case 'paused':
    case 'waiting':
      return t('dashboard.listed.noWork');
    case 'yielding':
      return t('dashboard.listed.yielding');
    case 'backend_down':
    case 'backend_loading':
    case 'no_backend':
      return t('dashboard.listed.backendDown');
    case 'not_connected':
    case 'restarting':
    case 'engine_failed':
      return t('dashboard.listed.lastHeard');
    default:
  }
  switch (verdict) {
    case 'confirmed':
      return kind === 'serving' ? t('dashboard.listed.serving') : t('dashboard.listed.listed');
    case 'unconfirmed':
      return t('dashboard.listed.unconfirmed');
    case 'blocked':
      return t('dashboard.listed.blocked');
    case 'looking':
      return t('dashboard.listed.looking');
  }
}
