import { createHash } from 'node:crypto';
import { english } from '@shared/i18n/say';
import { said, type Said } from '@shared/i18n/said';
import { cleanForeignText } from '@shared/text/foreign-text';
import { directoryCode, type DiscoverFailure, type DiscoveryClient } from '../directory';
import { checkRelayUrl, type RelayUrlRules } from './relay-url';

/** A relay node the directory lists, as far as a worker needs it. */
export interface RelayCandidate {
  nodeId: string;
  /** The relay's HTTP base URL (its registered endpoint); bind, pull and relay-for live under it. */
  url: string;
  load: number;
  reputation: number | null;
  probation: boolean | null;
}

export interface ElectionResult {
  chosen: RelayCandidate | null;
  /** Sentences: which were passed over and why. */
  steps: Said[];
}

/** The IICP protocol says not to bind to a relay below this reputation: it has been demoted. */
export const MIN_RELAY_REPUTATION = 0.1;

/**
 * The reference node's election: among relay-capable nodes the directory lists for our intent, the lowest
 * `floor(load × 1e6)`, ties broken by `sha256_hex(self + ":" + candidate)` so workers spread over equally loaded
 * relays instead of all picking the first. Relays demoted below 0.1 are skipped, and so are relays that failed us
 * recently. A relay on probation (every new one is) is taken only when no established one is listed: skipping them
 * for good would leave a network of new relays unusable, and the Network page names the relay and its standing.
 */
export function electRelay(
  selfId: string,
  listed: readonly RelayCandidate[],
  failed: ReadonlySet<string>,
): ElectionResult {
  const steps: Said[] = [];
  const usable: RelayCandidate[] = [];
  for (const c of listed) {
    if (c.nodeId === selfId) continue;
    if (failed.has(c.nodeId)) {
      steps.push(said('relay.election.failedRecently', { relay: short(c.nodeId) }));
      continue;
    }
    if (c.reputation !== null && c.reputation < MIN_RELAY_REPUTATION) {
      steps.push(said('relay.election.lowReputation', { relay: short(c.nodeId), reputation: c.reputation }));
      continue;
    }
    usable.push(c);
  }
  const established = usable.filter((c) => c.probation !== true);
  const pool = established.length > 0 ? established : usable;
  if (established.length === 0 && usable.length > 0) steps.push(said('relay.election.allOnProbation'));
  const ranked = pool
    .map((c) => ({
      c,
      load: Math.floor(Math.max(0, c.load) * 1e6),
      tie: createHash('sha256').update(`${selfId}:${c.nodeId}`).digest('hex'),
    }))
    .sort((a, b) => a.load - b.load || (a.tie < b.tie ? -1 : a.tie > b.tie ? 1 : 0));
  return { chosen: ranked[0]?.c ?? null, steps };
}

/**
 * The relays the directory lists for `intent` (`GET /v1/discover?…&relay_capable=true`, through the node's one
 * discovery client), read into candidates; throws when the directory gave no list. A listed relay whose URL is not a
 * public http(s) origin (relay-url.ts) is left out before anything is sent to it, and `onSkipped` hears why.
 */
export async function listRelays(
  discovery: DiscoveryClient,
  intent: string,
  o: { rules: RelayUrlRules; onSkipped?: (nodeId: string, why: Said) => void },
): Promise<RelayCandidate[]> {
  // An election is rare and must see the relays listed now: one that came a moment ago is the one to take, so the
  // list is asked again rather than read from the window the pages share (the answer still refreshes their cache).
  const r = await discovery.discover({ intent, relayCapable: true }, { fresh: true });
  // Network trouble goes on as it came: the worker says it in the words it has for each kind.
  if (r.failure?.kind === 'unreachable') throw r.failure.error;
  if (r.failure || !r.answer) throw new RelayListFailure(failureWords(r.failure));
  const out: RelayCandidate[] = [];
  for (const n of r.answer.nodes) {
    if (!n.relayCapable || n.nodeId === null || n.endpoint === null) continue;
    const verdict = checkRelayUrl(n.endpoint, o.rules);
    if (!verdict.ok) {
      o.onSkipped?.(n.nodeId, verdict.why);
      continue;
    }
    out.push({
      nodeId: n.nodeId,
      url: verdict.origin,
      load: n.load ?? 0,
      reputation: n.reputation,
      probation: n.probation,
    });
  }
  return out;
}

/** The directory gave no list of relays, for a reason said in our words (`words`); its message is the English. */
export class RelayListFailure extends Error {
  constructor(readonly words: Said) {
    super(english.said(words));
    this.name = 'RelayListFailure';
  }
}

/** Our words; of the directory's, at most its plain code, quoted. */
function failureWords(f: DiscoverFailure | null): Said {
  if (f?.kind === 'refused') {
    const code = cleanForeignText(directoryCode(f.failure) ?? '', 64);
    return code
      ? said('relay.list.refusedCode', { status: f.failure.status, code })
      : said('relay.list.refused', { status: f.failure.status });
  }
  if (f?.kind === 'too_big') return said('relay.list.tooBig');
  return said('relay.list.notList');
}

function short(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}
