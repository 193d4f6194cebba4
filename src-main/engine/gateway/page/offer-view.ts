import type { GatewayInfo, GatewayModelOffer } from '@shared/contract';
import type { NodeList, OfferedNode } from '../routing';

/**
 * The page's view of what the network offers: per intent and model, how many nodes (and how many of the person's own)
 * offer it and the lowest price among the others; from the last answers, never a new ask. `local`: what this computer's
 * own servers run, counted as one own node (the first one asked), also before the directory answered.
 */
export function offerViewOf(
  lists: readonly { intent: string; list: NodeList | null }[],
  counted: (n: OfferedNode) => boolean,
  isOwn: (n: OfferedNode) => boolean,
  local: { nodeId: string; now: number; models: readonly { intent: string; model: string }[] } = {
    nodeId: '',
    now: 0,
    models: [],
  },
): GatewayInfo['offer'] {
  const seen = lists.filter((l): l is { intent: string; list: NodeList } => l.list !== null);
  if (seen.length === 0 && local.models.length === 0) return null;
  const models = new Map<string, GatewayModelOffer>();
  const nodes = new Set<string>();
  const ownNodes = new Set<string>();
  for (const { intent, list } of seen) {
    for (const n of list.nodes) {
      if (!counted(n)) continue;
      const own = isOwn(n);
      nodes.add(n.nodeId);
      if (own) ownNodes.add(n.nodeId);
      for (const m of n.models) {
        const k = `${intent}\n${m}`;
        const e = models.get(k) ?? { model: m, intent, nodes: 0, ownNodes: 0, lowestMultiplier: null };
        e.nodes += 1;
        if (own) e.ownNodes += 1;
        else
          e.lowestMultiplier = e.lowestMultiplier === null ? n.multiplier : Math.min(e.lowestMultiplier, n.multiplier);
        models.set(k, e);
      }
    }
  }
  for (const { intent, model } of local.models) {
    nodes.add(local.nodeId);
    ownNodes.add(local.nodeId);
    const k = `${intent}\n${model}`;
    const e = models.get(k) ?? { model, intent, nodes: 0, ownNodes: 0, lowestMultiplier: null };
    e.nodes += 1;
    e.ownNodes += 1;
    models.set(k, e);
  }
  const at = seen.length === 0 ? local.now : Math.min(...seen.map((l) => l.list.at));
  const problem = seen.map((l) => l.list.problem).find((p) => p !== null) ?? null;
  return {
    at: new Date(at).toISOString(),
    models: [...models.values()].slice(0, 500),
    nodes: nodes.size,
    ownNodes: ownNodes.size,
    problem,
  };
}
