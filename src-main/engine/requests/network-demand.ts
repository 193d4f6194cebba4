/**
 * What the network asks for, from the node's one discovery answer and its own requests feed: the models consumers
 * asked this node for that it does not offer, the models few other nodes serve, how many others serve this node's
 * models, and where its price stands among those that serve chat. The list of nodes is the one the gateway, "Why am I
 * not getting tasks?" and the Machines page tell, of the same age, so no two pages count another node differently.
 * Without a list nothing is said of the other nodes: only that the list is missing, and why.
 */
import type { DemandInfo } from '@shared/contract';
import { said, type Said } from '@shared/i18n/said';
import type { DiscoverFailure, DiscoverResult, DiscoveryClient } from '../directory';
import { INTENT_CHAT } from '../backends';

/** "Few nodes": served by at most this many others. */
export const SCARCE_AT_MOST = 2;
/** Lists are cut to this many entries. */
const MAX_LISTED = 12;

export interface DemandInput {
  nodeId: string;
  /** The public names this node offers now. */
  offered: readonly string[];
  /** The price receipts claim with (a multiplier of the base rate). */
  price: number;
  /** From the requests feed: models asked for and refused as not offered, most asked first. */
  asked: readonly { model: string; times: number }[];
  pullTo: DemandInfo['pullTo'];
}

/** Another node as the card counts it: its id, its models and its price. */
type SeenNode = { id: string; models: string[]; price: number | null };

/** The kind of a failed ask, as the card's sentence selects its words by it. */
function whyOf(f: DiscoverFailure): string {
  return f.kind === 'refused' ? 'refused' : f.kind;
}

/** Why the card has no list, or an older one than it asked for; null when the last ask answered. */
function problemOf(discovery: DiscoverResult): Said | null {
  const { answer, failure } = discovery;
  if (failure === null) return answer === null ? said('dashboard.demand.problem.noList', { why: 'other' }) : null;
  return said(answer === null ? 'dashboard.demand.problem.noList' : 'dashboard.demand.problem.lastList', {
    why: whyOf(failure),
  });
}

/**
 * The card's figures from the node's one discovery answer for chat. The last good answer is used even when the last
 * ask failed (its age and the problem say so); with none, only the node's own feed is told.
 */
export function demandOf(i: DemandInput, discovery: DiscoverResult): DemandInfo {
  const asked = i.asked.filter((a) => !i.offered.includes(a.model)).slice(0, MAX_LISTED);
  const found = discovery.answer;
  const problem = problemOf(discovery);
  if (found === null)
    return { discoveredAt: null, asked, scarce: [], mine: [], price: null, nodesSeen: 0, problem, pullTo: i.pullTo };
  const nodes = new Map<string, SeenNode>();
  for (const d of found.nodes) {
    if (d.nodeId === null || d.nodeId === i.nodeId || nodes.has(d.nodeId)) continue;
    // Names as the discover reader judged them: a name that fails the model name rule is not there at all, so the card
    // never shows (or offers to pull) a cleaned name nobody listed.
    nodes.set(d.nodeId, { id: d.nodeId, models: d.models.slice(0, 64), price: d.price });
  }
  const serving = new Map<string, number>();
  for (const n of nodes.values()) for (const m of new Set(n.models)) serving.set(m, (serving.get(m) ?? 0) + 1);
  const scarce = [...serving.entries()]
    .filter(([, count]) => count <= SCARCE_AT_MOST)
    .map(([model, count]) => ({ model, nodes: count, yours: i.offered.includes(model) }))
    .sort((a, b) => a.nodes - b.nodes || a.model.localeCompare(b.model))
    .slice(0, MAX_LISTED);
  const prices = [...nodes.values()].map((n) => n.price).filter((p): p is number => p !== null);
  return {
    discoveredAt: new Date(found.at).toISOString(),
    asked,
    scarce,
    mine: i.offered.map((model) => ({ model, others: serving.get(model) ?? 0 })),
    price:
      prices.length === 0
        ? null
        : {
            yours: i.price,
            others: prices.length,
            median: median(prices),
            cheaper: prices.filter((p) => p < i.price - 1e-9).length,
            dearer: prices.filter((p) => p > i.price + 1e-9).length,
          },
    nodesSeen: nodes.size,
    problem,
    pullTo: i.pullTo,
  };
}

/** What one read of the figures needs: the card's inputs and the node's one discovery client. */
export type DemandRead = DemandInput & { discovery: DiscoveryClient; fresh?: boolean };

/** The figures with the node's discovery answer for chat (asked anew when `fresh`). */
export async function readDemand(i: DemandRead): Promise<DemandInfo> {
  return demandOf(i, await i.discovery.discover({ intent: INTENT_CHAT }, { fresh: i.fresh ?? false }));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
