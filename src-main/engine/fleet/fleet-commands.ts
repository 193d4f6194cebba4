/**
 * The Machines page's commands: the list, naming this computer, adding or forgetting a machine (the gateway's page
 * adds and forgets through them too), and the alerts' webhook and owner-first sharing. Each goes to the fleet room of
 * the running node (fleet-service.ts).
 */
import type { FleetInfo, Settings } from '@shared/contract';
import type { CommandBindings, CommandGate } from '@shared/contract/dispatch';
import { ContractError } from '@shared/contract/errors';
import { said } from '@shared/i18n/said';
import { namedNode, type SecretStore } from '../identity';
import type { NodeLogger } from '../logging';
import type { FleetService } from './fleet-service';
import { shareOwnerFirst } from './fleet-parts';

/** The fleet of the running node and what its commands touch beside it. */
export interface RunningFleet {
  fleet: FleetService;
  selfNodeId: string;
  secrets: SecretStore;
  log: NodeLogger;
}

export interface FleetCommandSources {
  gate: CommandGate;
  /** Throws `engine_unavailable` while the node is not running. */
  running(): RunningFleet;
  /** Stores a settings change and applies it (this computer's name is the setting `displayName`). */
  updateSettings(patch: Partial<Settings>): Settings;
}

export function fleetCommands(
  t: FleetCommandSources,
): CommandBindings<'getFleet' | 'renameMachine' | 'addMachine' | 'forgetMachine' | 'updateFleet'> {
  const fleet = () => t.running().fleet;
  const done = async (): Promise<FleetInfo> => {
    await t.gate.saved(null);
    fleet().lookNow();
    return fleet().info();
  };
  return {
    getFleet: () => fleet().info(),
    renameMachine: (r) => {
      refuseTakenName(fleet, r.name, 'name');
      t.updateSettings({ displayName: r.name });
      return done();
    },
    addMachine: (r) => {
      t.running().fleet.add(r.nodeId);
      return done();
    },
    forgetMachine: (r) => {
      const s = t.running();
      if (r.nodeId === s.selfNodeId) throw new ContractError('invalid_state', said('refusal.machines.forgetSelf'));
      // Named before it leaves the list: after, only its id is known.
      const name = s.fleet.nameOf({ nodeId: r.nodeId });
      s.fleet.forget(r.nodeId);
      s.log('info', 'fleet_machine_forgotten', namedNode(r.nodeId, name));
      return done();
    },
    updateFleet: (r) => {
      const s = t.running();
      if (r.webhookUrl !== undefined) {
        try {
          s.secrets.update({ fleet_webhook_url: r.webhookUrl });
        } catch (err) {
          throw new ContractError(
            'store_error',
            said('refusal.machines.webhookNotSaved', { detail: err instanceof Error ? err.message : String(err) }),
          );
        }
      }
      if (r.shareOwnerFirst !== undefined) s.fleet.shelfSet(shareOwnerFirst.key, r.shareOwnerFirst);
      return done();
    },
  };
}

/**
 * Refuses, as `invalid_request` with an issue at `path` (code `name_taken`), a name another of the person's machines
 * already has as a reader sees it; while the node is not running there is no list to compare with.
 */
export function refuseTakenName(fleet: () => FleetService, name: string, path: string): void {
  let taken: boolean;
  try {
    taken = fleet().nameTaken(name);
  } catch (err) {
    if (err instanceof ContractError && err.code === 'engine_unavailable') return;
    throw err;
  }
  if (taken) {
    throw new ContractError('invalid_request', said('refusal.machines.nameTaken'), [
      { path, message: said('refusal.machines.nameTakenField'), code: 'name_taken' },
    ]);
  }
}
