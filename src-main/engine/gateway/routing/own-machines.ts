import { isOwnNode } from '../../identity';
import type { OfferedNode } from './network-offer';

export interface OwnMachinesOptions {
  /** This computer's node id. */
  selfNodeId: string;
  /** This computer's node token, once it is registered at the directory (it then pays for its tasks itself). */
  nodeToken: () => string | null;
  /** The fingerprint of the person's operator identity, or null when there is none. */
  operatorFingerprint: () => string | null;
  /** The node ids of the person's machine list (identity/my-machines.ts): own machines, asked first and free. */
  myMachines: () => readonly string[];
}

/** Which nodes are the person's own (free, asked first), and which node the network's tasks are paid from. */
export class OwnMachines {
  constructor(private readonly o: OwnMachinesOptions) {}

  /** This computer and the machines on the person's list. */
  ids(): Set<string> {
    return new Set([...this.o.myMachines(), this.o.selfNodeId]);
  }

  /** Own: a node on the person's machine list, or one the directory shows under the person's operator identity. */
  isOwn(node: OfferedNode, mine = this.ids()): boolean {
    return isOwnNode(node, mine, this.o.operatorFingerprint());
  }

  /**
   * The node the network's tasks are paid from (`source_node_id`): this computer's once it is registered. A computer
   * that serves nothing cannot register (the directory wants at least one capability and a reachable address), so it
   * names the first other machine on the person's machine list: a task between machines of one operator is free, and
   * any other is paid from that operator's wallet.
   */
  payingNodeId(): string | null {
    if (this.o.nodeToken() !== null) return this.o.selfNodeId;
    return this.o.myMachines().find((id) => id !== this.o.selfNodeId) ?? null;
  }
}
