import { z } from 'zod';
import { NodeIdSchema } from '@shared/contract';
import { callDirectory } from '../directory/http';
import { INTENT_CHAT, INTENT_COMPLETION, INTENT_EMBEDDING } from '../backends/intents';

/** A node the directory offers for an intent, as far as sending it a sealed task needs. */
export interface OfferedNode {
  nodeId: string;
  /** Its task endpoint (`{endpoint}/v1/task`): a direct address, a tunnel or a relay's path. */
  endpoint: string;
  cx: { key: string; keyId: string };
  models: string[];
  /** The directory's price multiplier for this node; what a task there may cost follows from it. */
  multiplier: number;
  /** The largest `max_tokens` the node advertises for the intent, or null. */
  maxTokens: number | null;
  /**
   * The fingerprint of the node's operator, which the directory shows only for a verified operator with a display
   * name; null otherwise.
   */
  operator: string | null;
}

export interface NodeList {
  nodes: OfferedNode[];
  at: number;
  /** Why the directory could not be asked, in plain words; null when it answered. */
  problem: string | null;
}

const DiscoverNode = z.object({
  // Shown on the page and kept in the books: only ids of the form a node has (plain ASCII, never text to display).
  node_id: NodeIdSchema,
  endpoint: z.string().max(2048).regex(/^https?:\/\//i),
  cx_public_key: z.object({ key: z.string().min(1).max(128), key_id: z.string().min(1).max(64) }).passthrough(),
  models: z.array(z.unknown()).max(4096).optional(),
  capabilities: z.array(z.unknown()).max(256).optional(),
  pricing: z.object({ credit_cost_multiplier: z.number().min(0).max(1e6) }).passthrough().optional(),
  operator_fingerprint: z.string().optional(),
});

const asModel = (m: unknown): string | null => (typeof m === 'string' && m.length > 0 && m.length <= 255 ? m : null);

function maxTokensOf(caps: unknown[] | undefined, intent: string): number | null {
  let best: number | null = null;
  for (const c of caps ?? []) {
    if (!c || typeof c !== 'object') continue;
    const cap = c as Record<string, unknown>;
    if (cap.intent !== undefined && cap.intent !== intent) continue;
    if (typeof cap.max_tokens === 'number' && Number.isInteger(cap.max_tokens) && cap.max_tokens > 0) best = Math.max(best ?? 0, cap.max_tokens);
  }
  return best;
}

/**
 * The nodes in a discovery answer that a sealed task can go to, in the directory's order: a node without an IICP-CX
 * key is left out (the gateway never sends a prompt in the clear), and so is anything that does not parse.
 */
export function offeredNodes(body: Record<string, unknown>, intent: string): OfferedNode[] {
  const list = Array.isArray(body.nodes) ? body.nodes.slice(0, 100) : [];
  const out: OfferedNode[] = [];
  const seen = new Set<string>();
  for (const raw of list) {
    const p = DiscoverNode.safeParse(raw);
    if (!p.success || seen.has(p.data.node_id)) continue;
    seen.add(p.data.node_id);
    out.push({
      nodeId: p.data.node_id,
      endpoint: p.data.endpoint.replace(/\/+$/, ''),
      cx: { key: p.data.cx_public_key.key, keyId: p.data.cx_public_key.key_id },
      models: (p.data.models ?? []).map(asModel).filter((m): m is string => m !== null),
      multiplier: p.data.pricing?.credit_cost_multiplier ?? 1,
      maxTokens: maxTokensOf(p.data.capabilities, intent),
      operator: p.data.operator_fingerprint && /^[0-9a-f]{12}$/.test(p.data.operator_fingerprint) ? p.data.operator_fingerprint : null,
    });
  }
  return out;
}

export interface NetworkOfferOptions {
  directoryUrl: () => string;
  fetchImpl?: typeof fetch;
  now: () => number;
  /** How long one discovery answer is used (the production directory caches its own for 5–10 s). */
  freshMs?: number;
}

export const GATEWAY_INTENTS = [INTENT_CHAT, INTENT_COMPLETION, INTENT_EMBEDDING] as const;

/**
 * What the network offers: `GET /v1/discover` per intent (and model), each answer used for a few seconds. The
 * directory's order is kept: it already ranks by load, capacity, reputation and price.
 */
export class NetworkOffer {
  /** Per intent and model: the list, the call on its way, and when the directory was last asked (answered or not). */
  private readonly cache = new Map<string, { list: NodeList; pending: Promise<NodeList> | null; askedAt: number }>();
  private readonly freshMs: number;

  constructor(private readonly o: NetworkOfferOptions) {
    this.freshMs = o.freshMs ?? 10_000;
  }

  /** The nodes for an intent (and a model, when given), from a recent answer or a new one. */
  async nodes(intent: string, model: string | null): Promise<NodeList> {
    const key = `${intent}\n${model ?? ''}`;
    const hit = this.cache.get(key);
    // A failed refresh counts like an answer: while the directory is down it is asked once per freshMs, not by every
    // request (each of which would wait for the call's timeout first).
    if (hit && this.o.now() - Math.max(hit.list.at, hit.askedAt) < this.freshMs) return hit.list;
    if (hit?.pending) return hit.pending;
    const pending = this.ask(intent, model).then((list) => {
      const kept = list.problem === null || !hit ? list : { ...hit.list, problem: list.problem };
      this.cache.set(key, { list: kept, pending: null, askedAt: list.at });
      if (this.cache.size > 256) this.cache.delete(this.cache.keys().next().value!);
      return this.cache.get(key)!.list;
    });
    this.cache.set(key, { list: hit?.list ?? { nodes: [], at: 0, problem: null }, pending, askedAt: hit?.askedAt ?? 0 });
    return pending;
  }

  /** The last answer for each intent (no model asked), without asking again; for the page. */
  lastSeen(intent: string): NodeList | null {
    const hit = this.cache.get(`${intent}\n`);
    return hit && hit.list.at > 0 ? hit.list : null;
  }

  forget(): void {
    this.cache.clear();
  }

  private async ask(intent: string, model: string | null): Promise<NodeList> {
    const query: Record<string, string> = { intent, limit: '50' };
    if (model) query.model = model;
    const at = this.o.now();
    try {
      const r = await callDirectory(this.o.directoryUrl(), { method: 'GET', route: '/v1/discover', query, timeoutMs: 5000 }, this.o.fetchImpl);
      if (!r.ok) return { nodes: [], at, problem: `The directory refused the search for nodes (HTTP ${r.failure.status}).` };
      return { nodes: offeredNodes(r.body, intent), at, problem: null };
    } catch {
      return { nodes: [], at, problem: 'The directory cannot be reached to find nodes.' };
    }
  }
}
