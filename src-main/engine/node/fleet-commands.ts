/**
 * The Machines page's commands: the list, naming this computer, forgetting a machine, and the alerts' webhook and
 * owner-first sharing. Each goes to the fleet room of the running node (fleet/fleet-service.ts).
 */
import type { FleetInfo, Settings } from '@shared/contract';
import type { CommandHandlers } from '@shared/contract/dispatch';
import { ContractError } from '@shared/contract/errors';
import type { NodeServices } from './node-services';
import { shareOwnerFirst } from './fleet-parts';

export interface FleetCommandTarget {
  requireServices(): NodeServices;
  updateSettings(patch: Partial<Settings>): Settings;
  flushStore(): Promise<void>;
}

type FleetHandlers = Pick<CommandHandlers, 'getFleet' | 'renameMachine' | 'forgetMachine' | 'updateFleet'>;

export function fleetCommandHandlers(t: FleetCommandTarget): FleetHandlers {
  const fleet = () => t.requireServices().parts.fleet;
  const done = async (): Promise<FleetInfo> => {
    await t.flushStore();
    fleet().lookNow();
    return fleet().info();
  };
  return {
    getFleet: () => fleet().info(),
    renameMachine: (r) => {
      refuseTakenName(t, r.name, 'name');
      t.updateSettings({ displayName: r.name });
      return done();
    },
    forgetMachine: (r) => {
      const s = t.requireServices();
      if (r.nodeId === s.identity.nodeId) throw new ContractError('invalid_state', 'This computer cannot be taken off its own list.');
      s.parts.fleet.forget(r.nodeId);
      s.parts.log('info', 'fleet_machine_forgotten', `node=${r.nodeId}`);
      return done();
    },
    updateFleet: (r) => {
      const s = t.requireServices();
      if (r.webhookUrl !== undefined) {
        try {
          s.secrets.update({ fleet_webhook_url: r.webhookUrl });
        } catch (err) {
          throw new ContractError('store_error', `The webhook address could not be saved: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      if (r.shareOwnerFirst !== undefined) s.parts.fleet.shelfSet(shareOwnerFirst.key, r.shareOwnerFirst);
      return done();
    },
  };
}

/**
 * Refuses, as `invalid_request` with an issue at `path` (code `name_taken`), a name another of the person's machines
 * already has as a reader sees it; while the node is not running there is no list to compare with.
 */
export function refuseTakenName(t: Pick<FleetCommandTarget, 'requireServices'>, name: string, path: string): void {
  let taken: boolean;
  try {
    taken = t.requireServices().parts.fleet.nameTaken(name);
  } catch (err) {
    if (err instanceof ContractError && err.code === 'engine_unavailable') return;
    throw err;
  }
  if (taken) {
    throw new ContractError('invalid_request', 'Another of your machines already has this name.', [
      { path, message: 'Another of your machines has this name; choose one that tells them apart.', code: 'name_taken' },
    ]);
  }
}
