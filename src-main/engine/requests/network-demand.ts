/**
 * What the network asks for, from the directory's public answers and the node's own requests feed: the models
 * consumers asked this node for that it does not offer, the models few other nodes serve, how many others serve this
 * node's models, and where its price stands among those that serve chat. Everything the directory and consumers wrote
 * is cleaned before it is kept; the directory is read within a fixed number of pages, each within the node's cap on a
 * directory answer (1 MiB). A list over the cap is not an empty list: the figures come from what could be read, and
 * the card says that a list was too big to read.
 */
import type { DemandInfo } from '@shared/contract';
import { cleanForeignText } from '@shared/text/foreign-text';
import { callDirectory } from '../directory/http';
import { INTENT_CHAT } from '../backends/intents';

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

export interface DemandInput {
  directoryUrl: string;
  nodeId: string;
  membership: string | null;
  /** The public names this node offers now. */
  offered: readonly string[];
  /** The price receipts claim with (a multiplier of the base rate). */
  price: number;
  /** From the requests feed: models asked for and refused as not offered, most asked first. */
  asked: readonly { model: string; times: number }[];
  pullTo: DemandInfo['pullTo'];
  now: () => number;
  fetchImpl?: typeof fetch;
}

type Node = { id: string; models: string[]; price: number | null };

export async function readDemand(i: DemandInput): Promise<DemandInfo> {
  const headers = i.membership ? { 'X-IICP-Membership': i.membership } : undefined;
  const get = (route: string, query: Record<string, string>) => callDirectory(i.directoryUrl, { method: 'GET', route, query, timeoutMs: TIMEOUT_MS, ...(headers ? { headers } : {}) }, i.fetchImpl);
  const asked = i.asked.filter((a) => !i.offered.includes(a.model)).slice(0, MAX_LISTED);
  const empty = (problem: string): DemandInfo => ({ at: null, asked, scarce: [], mine: i.offered.map((model) => ({ model, others: 0 })), price: null, nodesSeen: 0, problem, incomplete: false, pullTo: i.pullTo });
  const nodes = new Map<string, Node>();
  const mine = (id: string) => id === i.nodeId || (id.length === 8 && i.nodeId.startsWith(id));
  // The directory answered with a list the node does not read whole: the figures leave its nodes out, and say so.
  let tooBig = false;
  const overCap = (r: Awaited<ReturnType<typeof get>>): boolean => !r.ok && r.failure.code === 'response_too_large';
  try {
    for (let page = 1; page <= MAX_REGISTRY_PAGES; page++) {
      const r = await get('/v1/registry/nodes', { limit: String(PAGE_SIZE), page: String(page) });
      if (overCap(r)) {
        tooBig = true;
        break;
      }
      if (!r.ok) {
        if (page === 1) return empty('The directory did not list its nodes just now.');
        break;
      }
      const list = Array.isArray(r.body.nodes) ? r.body.nodes : [];
      for (const n of list) {
        const node = readNode(n, 'node_id_prefix');
        if (node && !mine(node.id)) nodes.set(node.id, node);
      }
      const total = typeof r.body.total === 'number' ? r.body.total : 0;
      if (list.length < PAGE_SIZE || page * PAGE_SIZE >= total) break;
    }
    // Discover adds what the registry may lack (the price in `pricing`) for the nodes consumers would be shown.
    const d = await get('/v1/discover', { intent: INTENT_CHAT, limit: '50' });
    if (overCap(d)) tooBig = true;
    if (d.ok && Array.isArray(d.body.nodes)) {
      for (const n of d.body.nodes) {
        const node = readNode(n, 'node_id');
        if (!node || mine(node.id)) continue;
        const known = [...nodes.values()].find((x) => node.id.startsWith(x.id));
        if (known) known.price ??= node.price;
        else nodes.set(node.id, node);
      }
    }
  } catch {
    return empty('The directory could not be reached just now.');
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
    at: new Date(i.now()).toISOString(),
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

/** One node of a directory answer: its id, its models (cleaned, at most 64) and its price, or null if unreadable. */
function readNode(raw: unknown, idField: 'node_id' | 'node_id_prefix'): Node | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const o = raw as Record<string, unknown>;
  const id = o[idField];
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
