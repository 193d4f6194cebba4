/**
 * What the network asks for, from the directory's registry, the node's one discovery answer and its own requests feed: the models
 * consumers asked this node for that it does not offer, the models few other nodes serve, how many others serve this
 * node's models, and where its price stands among those that serve chat. Everything the directory and consumers wrote
 * is cleaned before it is kept; the directory is read within a fixed number of pages, each within the node's cap on a
 * directory answer (1 MiB). A list over the cap is not an empty list: the figures come from what could be read, and
 * the card says that a list was too big to read.
 */
import type { DemandInfo } from '@shared/contract';
import { cleanForeignText } from '@shared/text/foreign-text';
import { callDirectory, type DiscoverResult, type DiscoveryClient } from '../directory';
import { INTENT_CHAT } from '../backends';

/** Registry pages of 100 nodes read at most: a directory of thousands is sampled, not walked. */
const MAX_REGISTRY_PAGES = 5;
const PAGE_SIZE = 100;
/** "Few nodes": served by at most this many others. */
export const SCARCE_AT_MOST = 2;
/** Lists are cut to this many entries. */
const MAX_LISTED = 12;
const TIMEOUT_MS = 7_000;

/** The directory answered with a list larger than the node reads: what the card says. */
export const TOO_BIG_WORDS = "The directory's list was too big to read. The figures leave out the nodes in it.";

/** What the registry's pages gave: its nodes (this node's left out), or why it gave none. */
export interface RegistryRead {
  nodes: SeenNode[];
  /** A page was over the cap: the nodes are what the pages before it gave. */
  tooBig: boolean;
  /** Why the registry gave nothing (plain words), or null. */
  problem: string | null;
}

export interface RegistryInput {
  directoryUrl: string;
  nodeId: string;
  membership: string | null;
  fetchImpl?: typeof fetch;
}

export interface DemandInput {
  nodeId: string;
  /** The public names this node offers now. */
  offered: readonly string[];
  /** The price receipts claim with (a multiplier of the base rate). */
  price: number;
  /** From the requests feed: models asked for and refused as not offered, most asked first. */
  asked: readonly { model: string; times: number }[];
  pullTo: DemandInfo['pullTo'];
  now: () => number;
}

/** Another node as the card counts it: its id (or the registry's prefix of it), its models and its price. */
export type SeenNode = { id: string; models: string[]; price: number | null };

const isMine = (nodeId: string, id: string) => id === nodeId || (id.length === 8 && nodeId.startsWith(id));

/** The registry's nodes (`/v1/registry/nodes`, within a fixed number of pages), never throwing. */
export async function readRegistry(i: RegistryInput): Promise<RegistryRead> {
  const headers = i.membership ? { 'X-IICP-Membership': i.membership } : undefined;
  const nodes: SeenNode[] = [];
  try {
    for (let page = 1; page <= MAX_REGISTRY_PAGES; page++) {
      const query = { limit: String(PAGE_SIZE), page: String(page) };
      const r = await callDirectory(i.directoryUrl, { method: 'GET', route: '/v1/registry/nodes', query, timeoutMs: TIMEOUT_MS, ...(headers ? { headers } : {}) }, i.fetchImpl);
      // The directory answered with a list the node does not read whole: the figures leave its nodes out, and say so.
      if (!r.ok && r.failure.code === 'response_too_large') return { nodes, tooBig: true, problem: null };
      if (!r.ok) return { nodes, tooBig: false, problem: page === 1 ? 'The directory did not list its nodes just now.' : null };
      const list = Array.isArray(r.body.nodes) ? r.body.nodes : [];
      for (const n of list) {
        const node = readNode(n);
        if (node && !isMine(i.nodeId, node.id)) nodes.push(node);
      }
      const total = typeof r.body.total === 'number' ? r.body.total : 0;
      if (list.length < PAGE_SIZE || page * PAGE_SIZE >= total) break;
    }
  } catch {
    return { nodes: [], tooBig: false, problem: 'The directory could not be reached just now.' };
  }
  return { nodes, tooBig: false, problem: null };
}

/**
 * The card's figures from the registry's nodes and the node's one discovery answer for chat (the one the gateway and
 * "Why am I not getting tasks?" tell): discover adds what the registry may lack (the price in `pricing`) for the
 * nodes consumers would be shown.
 */
export function demandOf(i: DemandInput, registry: RegistryRead, discovery: DiscoverResult): DemandInfo {
  const asked = i.asked.filter((a) => !i.offered.includes(a.model)).slice(0, MAX_LISTED);
  // The last good answer, as every page tells it, even when the last ask failed (its age says how old it is).
  const found = discovery.answer;
  const discoveredAt = found ? new Date(found.at).toISOString() : null;
  if (registry.problem !== null) {
    return { at: null, discoveredAt, asked, scarce: [], mine: i.offered.map((model) => ({ model, others: 0 })), price: null, nodesSeen: 0, problem: registry.problem, incomplete: false, pullTo: i.pullTo };
  }
  const nodes = new Map<string, SeenNode>(registry.nodes.map((n) => [n.id, { ...n }]));
  for (const d of found?.nodes ?? []) {
    if (d.nodeId === null || isMine(i.nodeId, d.nodeId)) continue;
    const node: SeenNode = { id: d.nodeId, models: d.models.slice(0, 64).map((m) => cleanForeignText(m, 128)).filter((m) => m !== ''), price: d.price };
    const known = [...nodes.values()].find((x) => node.id.startsWith(x.id));
    if (known) known.price ??= node.price;
    else nodes.set(node.id, node);
  }
  const tooBig = registry.tooBig || discovery.failure?.kind === 'too_big';
  const serving = new Map<string, number>();
  for (const n of nodes.values()) for (const m of new Set(n.models)) serving.set(m, (serving.get(m) ?? 0) + 1);
  const scarce = [...serving.entries()]
    .filter(([, count]) => count <= SCARCE_AT_MOST)
    .map(([model, count]) => ({ model, nodes: count, yours: i.offered.includes(model) }))
    .sort((a, b) => a.nodes - b.nodes || a.model.localeCompare(b.model))
    .slice(0, MAX_LISTED);
  const prices = [...nodes.values()].map((n) => n.price).filter((p): p is number => p !== null);
  return {
    at: new Date(i.now()).toISOString(),
    discoveredAt,
    asked,
    scarce,
    mine: i.offered.map((model) => ({ model, others: serving.get(model) ?? 0 })),
    price: prices.length === 0 ? null : { yours: i.price, others: prices.length, median: median(prices), cheaper: prices.filter((p) => p < i.price - 1e-9).length, dearer: prices.filter((p) => p > i.price + 1e-9).length },
    nodesSeen: nodes.size,
    problem: tooBig ? TOO_BIG_WORDS : null,
    incomplete: tooBig,
    pullTo: i.pullTo,
  };
}

/** What one read of the figures needs: the card's inputs, the registry's, and the node's one discovery client. */
export type DemandRead = DemandInput & RegistryInput & { discovery: DiscoveryClient };

/** The registry read, then the figures with the node's discovery answer for chat. */
export async function readDemand(i: DemandRead): Promise<DemandInfo> {
  const [registry, discovery] = await Promise.all([readRegistry(i), i.discovery.discover({ intent: INTENT_CHAT })]);
  return demandOf(i, registry, discovery);
}

/** One node of a registry page: its id prefix, its models (cleaned, at most 64) and its price, or null if unreadable. */
function readNode(raw: unknown): SeenNode | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const o = raw as Record<string, unknown>;
  const id = o.node_id_prefix;
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
  const models = Array.isArray(o.models) ? o.models.slice(0, 64).filter((m): m is string => typeof m === 'string').map((m) => cleanForeignText(m, 128)).filter((m) => m !== '') : [];
  const fromPricing = (o.pricing as { credit_cost_multiplier?: unknown } | undefined)?.credit_cost_multiplier;
  const p = typeof fromPricing === 'number' ? fromPricing : o.credit_cost_multiplier;
  return { id, models, price: typeof p === 'number' && Number.isFinite(p) && p >= 0 ? p : null };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
