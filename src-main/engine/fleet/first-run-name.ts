/**
 * Two computers never both keep the first-run name. A computer still called that, which met an earlier machine (one
 * listed before it) of the same name, takes the next free number: the one that came later renames, so the person's
 * first machine keeps its name. Two that took the same number meanwhile (they met the first one at the same time)
 * settle by node id, the greater one moving on; a name the person chose is never changed. Names compare as a reader
 * sees them (name-rule.ts).
 */
import { FLEET_MAX_MACHINES } from '@shared/contract';
import { FIRST_RUN_NAMES } from '@shared/i18n/first-run-name';
import { nameKey } from '@shared/text/name-rule';
import type { MachineRef } from '../identity';

/**
 * The name this computer (`self`, now called `ownName`) moves to among the `known` machines, or null to keep its own.
 */
export function firstRunRename(self: string, ownName: string, known: readonly MachineRef[]): string | null {
  const own = nameKey(ownName);
  // The first-run name in the language it was made in: each computer is numbered after its own.
  const made = Object.values(FIRST_RUN_NAMES).find((name) => {
    const key = nameKey(name);
    return own === key || (own.startsWith(`${key} `) && /^\d+$/.test(own.slice(key.length + 1)));
  });
  if (made === undefined) return null;
  const base = nameKey(made);
  const same = (m: MachineRef, name: string) => m.nodeId !== self && nameKey(m.name) === nameKey(name);
  const index = known.findIndex((m) => m.nodeId === self);
  const clash =
    own === base
      ? known.slice(0, Math.max(0, index)).some((m) => same(m, own))
      : known.some((m) => same(m, own) && m.nodeId < self);
  if (!clash) return null;
  for (let k = 2; k <= FLEET_MAX_MACHINES + 1; k++) {
    const name = `${made} ${k}`;
    if (!known.some((m) => same(m, name))) return name;
  }
  return null;
}

/**
 * The name machine `m` goes by once it has seen `known` (this computer's list, `m` in it): a first-run name it will
 * give up is told by the number it takes, so a machine met here is named as the Machines page will name it.
 */
export function settledName(m: MachineRef, known: readonly MachineRef[]): string {
  return firstRunRename(m.nodeId, m.name, known) ?? m.name;
}
