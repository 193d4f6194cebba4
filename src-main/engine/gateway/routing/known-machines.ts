import { said } from '@shared/i18n/said';
import type { NetworkOffer, NodeList, OfferedNode } from './network-offer';

/**
 * One of the person's machines as the fleet last saw it for one intent (fleet/machine-reach.ts): where its tasks go,
 * its IICP-CX key and what it serves, so it can still be asked while the directory cannot be reached.
 */
export interface KnownMachine extends OfferedNode {
  intent: string;
  /** When the directory last listed it so (ms). */
  seenAt: number;
}

/**
 * The directory's list for `intent` (and `model`), with the person's known machines added when the directory could
 * not be asked: they are free and were heard from lately, so a request for their models need not wait for the
 * directory. A machine the list already has keeps the directory's word on it. Nothing changes while it answers.
 */
export function withKnownMachines(
  list: NodeList,
  intent: string,
  model: string | null,
  known: readonly KnownMachine[],
): NodeList {
  if (list.problem === null) return list;
  const listed = new Set(list.nodes.map((n) => n.nodeId));
  const added: OfferedNode[] = [];
  for (const k of known) {
    if (k.intent !== intent || listed.has(k.nodeId) || (model !== null && !k.models.includes(model))) continue;
    listed.add(k.nodeId);
    const { intent: _, seenAt: __, ...node } = k;
    added.push(node);
  }
  const nodes = [...list.nodes, ...added];
  // The question was the directory's fault; when the person's own machines cannot answer either, the reply says both.
  const problem =
    model !== null && !nodes.some((n) => n.models.includes(model))
      ? said(list.problem.id, { ...list.problem.values, noneKnown: 'yes' })
      : list.problem;
  return { ...list, nodes, problem };
}

/** The network's offer with the person's known machines standing in for the directory while it cannot be reached. */
export class KnownOffer {
  constructor(
    private readonly offer: Pick<NetworkOffer, 'nodes'> & Partial<Pick<NetworkOffer, 'listed'>>,
    private readonly known: () => readonly KnownMachine[],
  ) {}

  /**
   * The nodes for a request: the directory's last answer, never a wait for it (network-offer.ts). Before its first
   * answer, a request for a model one of the person's known machines serves goes there at once.
   */
  async nodes(intent: string, model: string | null): Promise<NodeList> {
    const serves = (k: KnownMachine) => k.intent === intent && (model === null || k.models.includes(model));
    const list = await this.offer.nodes(intent, model, { waits: () => !this.known().some(serves) });
    return list.problem === null ? list : withKnownMachines(list, intent, model, this.known());
  }

  /** The nodes for a model list (NetworkOffer.listed: waits a little for the directory's first answer). */
  async listed(intent: string, since: number): Promise<NodeList> {
    const list = this.offer.listed ? await this.offer.listed(intent, since) : await this.offer.nodes(intent, null);
    return list.problem === null ? list : withKnownMachines(list, intent, null, this.known());
  }
}
