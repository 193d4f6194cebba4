/**
 * One name per machine, wherever a node is named (the gateway's rows and "try it", the Earnings page, the CSV, the
 * log): this computer by its own name, the person's machines by their names on the machine list (the names the
 * Machines page shows), another operator's node by the public display name its directory lists for that operator,
 * and any other node by its short id as the Machines page writes one it only met. Names that came from elsewhere are
 * cleaned here (machine-list.ts `machineName`); a reader that shows them shows them as quoted data.
 */
import { cleanForeignText } from '@shared/text/foreign-text';
import { hasVisibleLetterOrDigit, NAME_MAX } from '@shared/text/name-rule';
import { machineName, metMachine, type MachineRef } from './machine-list';

/**
 * What the directory allows an operator's display name to be (REGISTER's `operator_display_name`): every name's limit.
 */
const OPERATOR_NAME_MAX = NAME_MAX;

export interface MachineNameSources {
  selfNodeId: string;
  /** This computer's own name (its settings' display name). */
  selfName: () => string;
  /** The person's machine list (identity/my-machines.ts); empty without an operator identity. */
  machines: () => readonly MachineRef[];
  /** An operator's public display name as the directory lists it, by fingerprint, raw; null when not known. */
  operatorName: (fingerprint: string) => string | null;
  /** A node's operator fingerprint as the directory last listed it, for a node named without one (a stored row). */
  operatorOf?: (nodeId: string) => string | null;
}

/**
 * Names a node: `(nodeId, operator fingerprint)` to its one display name; null only for no node. `operatorName` tells
 * whether that name is another operator's: a page then names the node as one of theirs, never as one of the person's.
 */
export type MachineNamer = ((nodeId: string | null, operator?: string | null) => string | null) & {
  operatorName(nodeId: string, operator?: string | null): string | null;
};

/** The one resolver of a node's display name (see the module's comment for the order). */
export function machineNamer(s: MachineNameSources): MachineNamer {
  const mine = (nodeId: string) => nodeId === s.selfNodeId || s.machines().some((m) => m.nodeId === nodeId);
  /** Another operator's public name for a node not of the person's, cleaned; null when not known by a name. */
  const operatorName = (nodeId: string, operator: string | null = null): string | null => {
    if (mine(nodeId)) return null;
    const fingerprint = operator ?? s.operatorOf?.(nodeId) ?? null;
    const theirs = fingerprint === null ? '' : cleanForeignText(s.operatorName(fingerprint), OPERATOR_NAME_MAX);
    return hasVisibleLetterOrDigit(theirs) ? theirs : null;
  };
  const name = (nodeId: string | null, operator: string | null = null): string | null => {
    if (nodeId === null) return null;
    if (nodeId === s.selfNodeId) return machineName(s.selfName());
    const listed = s.machines().find((m) => m.nodeId === nodeId);
    if (listed) return machineName(listed.name);
    return operatorName(nodeId, operator) ?? metMachine(nodeId).name;
  };
  return Object.assign(name, { operatorName });
}

/**
 * A log line's words for a node: its id, and its one name quoted as data (`node=<id> name="Ana laptop"`), so a person
 * reading the log knows the machine and a program reading it still finds the id. The name is escaped as a JSON string:
 * a quote inside it cannot end it early.
 */
export function namedNode(nodeId: string, name: string | null): string {
  return name === null ? `node=${nodeId}` : `node=${nodeId} name=${JSON.stringify(name)}`;
}
