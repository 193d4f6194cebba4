/**
 * The machine list: the operator's machines by node id and name, as they travel with the identity (in its secret and
 * its export file): a new computer meets its siblings at once, and a name given once stays with its machine
 * everywhere. It is the one list of the person's machines (my-machines.ts reads and adds to it).
 */
import { z } from 'zod';
import { FLEET_MAX_MACHINES, MACHINE_NAME_MAX, NodeIdSchema } from '@shared/contract';
import { cleanForeignText } from '@shared/text/foreign-text';
import { hasVisibleLetterOrDigit } from '@shared/text/name-rule';

export interface MachineRef {
  nodeId: string;
  name: string;
}

/**
 * A machine's name as shown, whoever wrote it (another machine, an export file): cleaned of control and bidi
 * characters, at most `MACHINE_NAME_MAX` characters (the limit of every name), and a name that shows no letter or digit
 * is no name.
 */
export function machineName(name: unknown): string {
  const clean = cleanForeignText(name, MACHINE_NAME_MAX);
  return hasVisibleLetterOrDigit(clean) ? clean : 'Unnamed machine';
}

export const MachineList = z
  .array(z.object({ nodeId: NodeIdSchema, name: z.string().max(MACHINE_NAME_MAX * 4) }).strict())
  .max(FLEET_MAX_MACHINES)
  .transform((list) => list.map((m) => ({ nodeId: m.nodeId, name: machineName(m.name) })));

/** A machine known by its id alone (met in discovery, added by hand), until it answers with its own name. */
export function metMachine(nodeId: string): MachineRef {
  return { nodeId, name: `Machine ${nodeId.slice(0, 8)}` };
}

/** `a` with `b`'s machines added, and `b`'s names winning; at most FLEET_MAX_MACHINES, `a`'s first. */
export function mergeMachines(a: readonly MachineRef[], b: readonly MachineRef[]): MachineRef[] {
  const byId = new Map<string, MachineRef>();
  for (const m of [...a, ...b]) byId.set(m.nodeId, { nodeId: m.nodeId, name: m.name });
  return [...byId.values()].slice(0, FLEET_MAX_MACHINES);
}

/** Whether two lists hold the same machines under the same names, in the same order. */
export function sameMachines(a: readonly MachineRef[], b: readonly MachineRef[]): boolean {
  return a.length === b.length && a.every((m, i) => m.nodeId === b[i]!.nodeId && m.name === b[i]!.name);
}

/**
 * What a look that began with the list `started` learned (`known`), laid over the list as it is now (`current`):
 * a machine taken off the list while the look ran stays off, one put on stays on. A slow look must not bring back a
 * machine the person forgot a moment ago.
 */
export function rebaseMachines(
  known: readonly MachineRef[],
  started: readonly MachineRef[],
  current: readonly MachineRef[],
): MachineRef[] {
  const now = new Set(current.map((m) => m.nodeId));
  const gone = new Set(started.filter((m) => !now.has(m.nodeId)).map((m) => m.nodeId));
  return mergeMachines(
    known.filter((m) => !gone.has(m.nodeId)),
    current.filter((m) => !known.some((k) => k.nodeId === m.nodeId)),
  );
}
