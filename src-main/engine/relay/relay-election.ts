import { createHash } from 'node:crypto';
import { quoteForeignText } from '@shared/text/foreign-text';
import { directoryCode } from '../directory/errors';
import { callDirectory } from '../directory/http';
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
  /** Plain words: how many were listed, which were passed over and why. */
  steps: string[];
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
export function electRelay(selfId: string, listed: readonly RelayCandidate[], failed: ReadonlySet<string>): ElectionResult {
  const steps: string[] = [];
  const usable: RelayCandidate[] = [];
  for (const c of listed) {
    if (c.nodeId === selfId) continue;
    if (failed.has(c.nodeId)) {
      steps.push(`Relay ${short(c.nodeId)} failed recently; trying others first.`);
      continue;
    }
    if (c.reputation !== null && c.reputation < MIN_RELAY_REPUTATION) {
      steps.push(`Relay ${short(c.nodeId)} was skipped: its reputation (${c.reputation.toFixed(2)}) is too low to trust.`);
      continue;
    }
    usable.push(c);
  }
  const established = usable.filter((c) => c.probation !== true);
  const pool = established.length > 0 ? established : usable;
  if (established.length === 0 && usable.length > 0) steps.push('Every relay listed is new to the network (on probation); using one of them.');
  const ranked = pool
    .map((c) => ({ c, load: Math.floor(Math.max(0, c.load) * 1e6), tie: createHash('sha256').update(`${selfId}:${c.nodeId}`).digest('hex') }))
    .sort((a, b) => a.load - b.load || (a.tie < b.tie ? -1 : a.tie > b.tie ? 1 : 0));
  return { chosen: ranked[0]?.c ?? null, steps };
}

/**
 * `GET {base}/v1/discover?intent=…&relay_capable=true` (5 s), read into candidates; throws on network trouble. A
 * listed relay whose URL is not a public http(s) origin (relay-url.ts) is left out before anything is sent to it, and
 * `onSkipped` hears why.
 */
export async function listRelays(
  base: string,
  intent: string,
  o: { fetchImpl?: typeof fetch; headers?: Record<string, string>; timeoutMs?: number; rules: RelayUrlRules; onSkipped?: (nodeId: string, why: string) => void },
): Promise<RelayCandidate[]> {
  const r = await callDirectory(base, { method: 'GET', route: '/v1/discover', query: { intent, relay_capable: 'true', limit: '50' }, headers: o.headers, timeoutMs: o.timeoutMs ?? 5_000 }, o.fetchImpl);
  if (!r.ok) {
    // Our words; of the directory's, at most its plain code, quoted.
    const code = directoryCode(r.failure);
    throw new Error(`the directory answered HTTP ${r.failure.status}${code ? ` with the code ${quoteForeignText(code)}` : ''}`);
  }
  const nodes = Array.isArray(r.body.nodes) ? (r.body.nodes as unknown[]) : [];
  const out: RelayCandidate[] = [];
  for (const raw of nodes) {
    if (!raw || typeof raw !== 'object') continue;
    const n = raw as Record<string, unknown>;
    if (n.relay_capable !== true || typeof n.node_id !== 'string' || typeof n.endpoint !== 'string' || n.endpoint === '') continue;
    const verdict = checkRelayUrl(n.endpoint, o.rules);
    if (!verdict.ok) {
      o.onSkipped?.(n.node_id, verdict.why);
      continue;
    }
    out.push({
      nodeId: n.node_id,
      url: verdict.origin,
      load: typeof n.load === 'number' && Number.isFinite(n.load) ? n.load : 0,
      reputation: typeof n.reputation_score === 'number' && Number.isFinite(n.reputation_score) ? n.reputation_score : null,
      probation: typeof n.probation === 'boolean' ? n.probation : null,
    });
  }
  return out;
}

function short(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}
