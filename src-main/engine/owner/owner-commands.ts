/** The owner-first commands: "share anyway" for a while, and the programs running now for the picker in Settings. */
import type { CommandBindings, CommandGate } from '@shared/contract/dispatch';
import { ContractError } from '@shared/contract/errors';
import { said } from '@shared/i18n/said';
import type { OwnerWatch } from './owner-watch';

/** `watch` is the running node's watcher, or null while the node is not running. */
export function ownerCommands(
  gate: CommandGate,
  watch: () => OwnerWatch | null,
): CommandBindings<'shareAnyway' | 'listRunningPrograms'> {
  return {
    // Serve although the owner uses the GPU, for a while; null ends it early. Kept across a restart: the answer waits
    // until the choice is on disk, like a pause.
    shareAnyway: (r) => {
      gate.requireRunning();
      const owner = watch();
      if (!owner) throw new ContractError('invalid_state', said('refusal.node.notRunning'));
      owner.shareAnyway(r.minutes);
      return gate.saved(gate.publishNow());
    },
    listRunningPrograms: () => {
      const owner = watch();
      if (!owner) throw new ContractError('engine_unavailable', said('refusal.node.notRunning'));
      return owner.listPrograms();
    },
  };
}
