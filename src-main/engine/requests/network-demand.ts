/**
 * What the network asks for, from the node's one discovery answer and its own requests feed: the models consumers
 * asked this node for that it does not offer, the models few other nodes serve, how many others serve this node's
 * models, and where its price stands among those that serve chat. The list of nodes is the one the gateway, "Why am I
 * not getting tasks?" and the Machines page tell, of the same age, so no two pages count another node differently.
 * Without a list nothing is said of the other nodes: only that the list is missing, and why.
 */
import type { DemandInfo } from '@shared/contract';
import { said, type Said } from '@shared/i18n/said';
import {
  listedMultiplier,
  type Discovery,
  type DiscoverFailure,
  type DiscoverResult,
  type DiscoveryClient,
} from '../directory';
import { INTENT_CHAT, INTENT_MODERATE, INTENT_SPEECH, INTENT_TRANSCRIBE } from '../backends';

/** "Few nodes": served by at most this many others. */
export const SCARCE_AT_MOST = 2;
/** Lists are cut to this many entries. */
const MAX_LISTED = 12;

type SpeechKind = DemandInfo['speech'][number]['kind'];
/** The speech intents the card asks the directory about, and the word each model line is told under. */
const SPEECH_KINDS: readonly { intent: string; kind: SpeechKind }[] = [
  { intent: INTENT_TRANSCRIBE, kind: 'transcribe' },
  { intent: INTENT_SPEECH, kind: 'speech' },
  { intent: INTENT_MODERATE, kind: 'moderate' },
];

export interface DemandInput {
  nodeId: string;
  /** The public names this node offers now. */
  offered: readonly string[];
  /** The price receipts claim with (a multiplier of the base rate). */
  price: number;
  /** From the requests feed: models asked for and refused as not offered, most asked first. */
  asked: readonly { model: string; times: number }[];
  pullTo: DemandInfo['pullTo'];
  /** The public names this node offers for an intent (the speech lines' "you offer it"); none when not given. */
  offeredFor?: (intent: string) => readonly string[];
  /**
   * Whether another node is one of the person's own machines (on the machine list, or listed under the person's
   * operator fingerprint), as the gateway tells them apart; none is when not given.
   */
  isOwn?: (node: { nodeId: string; operator: string | null }) => boolean;
}

/**
 * Another node as the card counts it: its id, its models, its price as every page reads it, and whether it is one of
 * the person's own other machines.
 */
type SeenNode = { id: string; models: string[]; price: number; own: boolean };

/** How many other nodes serve a model: other people's, and the person's own other machines, apart. */
type Serving = { others: number; own: number };

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
export function demandOf(
  i: DemandInput,
  discovery: DiscoverResult,
  speechLists: readonly SpeechList[] = [],
): DemandInfo {
  const asked = i.asked.filter((a) => !i.offered.includes(a.model)).slice(0, MAX_LISTED);
  const found = discovery.answer;
  const problem = problemOf(discovery);
  const speech = speechOf(i, speechLists);
  if (found === null)
    return {
      discoveredAt: null,
      asked,
      scarce: [],
      mine: [],
      price: null,
      nodesSeen: 0,
      problem,
      speech,
      pullTo: i.pullTo,
    };
  const nodes = otherNodes(i, found);
  const serving = servingCounts(nodes);
  const scarce = [...serving.entries()]
    .filter(([, count]) => count.others + count.own <= SCARCE_AT_MOST)
    .map(([model, count]) => ({ model, nodes: count.others, own: count.own, yours: i.offered.includes(model) }))
    .sort((a, b) => a.nodes + a.own - (b.nodes + b.own) || a.model.localeCompare(b.model))
    .slice(0, MAX_LISTED);
  // Every listed node has a price (its own, else the protocol's default): the list read is the prices read. The
  // person's own machines are not what consumers weigh this price against, so it stands among other people's only.
  const prices = [...nodes.values()].filter((n) => !n.own).map((n) => n.price);
  return {
    discoveredAt: new Date(found.at).toISOString(),
    asked,
    scarce,
    mine: i.offered.map((model) => ({
      model,
      others: serving.get(model)?.others ?? 0,
      own: serving.get(model)?.own ?? 0,
    })),
    price: {
      yours: i.price,
      others: prices.length,
      median: prices.length === 0 ? null : median(prices),
      cheaper: prices.filter((p) => p < i.price - 1e-9).length,
      dearer: prices.filter((p) => p > i.price + 1e-9).length,
    },
    nodesSeen: nodes.size,
    problem,
    speech,
    pullTo: i.pullTo,
  };
}

/** The other nodes a list names, once each; names as the discover reader judged them. */
function otherNodes(i: DemandInput, found: Discovery): Map<string, SeenNode> {
  const nodes = new Map<string, SeenNode>();
  for (const d of found.nodes) {
    if (d.nodeId === null || d.nodeId === i.nodeId || nodes.has(d.nodeId)) continue;
    // A name that fails the model name rule is not there at all, so the card never shows (or offers to pull) a cleaned
    // name nobody listed.
    nodes.set(d.nodeId, {
      id: d.nodeId,
      models: d.models.slice(0, 64),
      price: listedMultiplier(d),
      own: i.isOwn?.({ nodeId: d.nodeId, operator: d.operator }) ?? false,
    });
  }
  return nodes;
}

/** How many of the nodes serve each model, other people's and the person's own apart. */
function servingCounts(nodes: ReadonlyMap<string, SeenNode>): Map<string, Serving> {
  const serving = new Map<string, Serving>();
  for (const n of nodes.values())
    for (const m of new Set(n.models)) {
      const c = serving.get(m) ?? { others: 0, own: 0 };
      if (n.own) c.own += 1;
      else c.others += 1;
      serving.set(m, c);
    }
  return serving;
}

/**
 * The speech lines: per speech intent whose list was read, each model other nodes serve for it (or this node offers),
 * most asked first, then fewest nodes, with how often it was asked of this node. Other people's nodes and the person's
 * own other machines are counted apart, as for chat.
 */
function speechOf(i: DemandInput, lists: readonly SpeechList[]): DemandInfo['speech'] {
  const askedTimes = new Map(i.asked.map((a) => [a.model, a.times]));
  const lines: DemandInfo['speech'] = [];
  for (const { kind, found, offered } of lists) {
    if (found === null) continue;
    const serving = servingCounts(otherNodes(i, found));
    for (const model of offered) if (!serving.has(model)) serving.set(model, { others: 0, own: 0 });
    const mine = new Set(offered);
    lines.push(
      ...[...serving.entries()]
        .map(([model, c]) => ({
          kind,
          model,
          nodes: c.others,
          own: c.own,
          yours: mine.has(model),
          asked: askedTimes.get(model) ?? 0,
        }))
        .sort((a, b) => b.asked - a.asked || a.nodes + a.own - (b.nodes + b.own) || a.model.localeCompare(b.model))
        .slice(0, MAX_LISTED),
    );
  }
  return lines;
}

/** One speech intent's list of nodes as the card reads it: null when none could be read. */
export interface SpeechList {
  kind: SpeechKind;
  found: Discovery | null;
  /** The models this node offers for the intent. */
  offered: readonly string[];
}

/** What one read of the figures needs: the card's inputs and the node's one discovery client. */
export type DemandRead = DemandInput & { discovery: DiscoveryClient; fresh?: boolean };

/**
 * The figures with the node's discovery answers for chat and for each speech intent (asked anew when `fresh`), asked
 * together.
 */
export async function readDemand(i: DemandRead): Promise<DemandInfo> {
  const fresh = i.fresh ?? false;
  const [chat, ...speech] = await Promise.all([
    i.discovery.discover({ intent: INTENT_CHAT }, { fresh }),
    ...SPEECH_KINDS.map((k) => i.discovery.discover({ intent: k.intent }, { fresh })),
  ]);
  const lists = SPEECH_KINDS.map((k, n) => ({
    kind: k.kind,
    found: speech[n]!.answer,
    offered: i.offeredFor?.(k.intent) ?? [],
  }));
  return demandOf(i, chat!, lists);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
