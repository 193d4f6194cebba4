/**
 * Which nodes are the person's own: one on the machine list, or one the directory lists under the fingerprint of the
 * person's operator identity. One test for every room that tells them apart (the gateway asks them first and for free,
 * the demand card counts them apart from other people's nodes), so no two pages sort one node two ways.
 */
import type { OperatorLinkHooks } from './operator-delegation';
import { operatorFingerprint } from './operator-key';

/** A node as a list names it: its id, and the fingerprint of the operator it is listed under, when any. */
export interface ListedNode {
  nodeId: string;
  operator: string | null;
}

/** Whether `node` is the person's own, given the machine list's ids (`mine`) and the operator fingerprint, if any. */
export function isOwnNode(node: ListedNode, mine: ReadonlySet<string>, fingerprint: string | null): boolean {
  return mine.has(node.nodeId) || (fingerprint !== null && node.operator === fingerprint);
}

/** The fingerprint of the operator identity this computer registers with now; null when it has none. */
export function operatorFingerprintOf(operator: Pick<OperatorLinkHooks, 'registration'> | undefined): string | null {
  const pub = operator?.registration()?.publicKey;
  return pub ? operatorFingerprint(pub) : null;
}
