/**
 * What the fleet room needs of the node beyond its running parts: the operator identity (its machines and fleet key),
 * the person's switch, schedule and owner-first state for what this computer publishes, and where an alert goes (the
 * event log and a notice, which the desktop shows and the tray lists).
 */
import type { EventLevel } from '@shared/contract';
import type { OwnerInfo } from '@shared/contract/availability';
import type { EngineEventName } from '@shared/words/event-words';
import type { AvailabilityController, AvailabilitySwitch } from '../availability';
import type { FleetHooks } from './fleet-types';
import { namedNode, type OperatorIdentity } from '../identity';
import type { NoticeFeed } from '../notices';

export interface FleetHookSources {
  operator: OperatorIdentity;
  sw: AvailabilitySwitch;
  availability: () => AvailabilityController | null;
  /** The owner-first watcher's state now. */
  owner: () => OwnerInfo;
  notices: NoticeFeed;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
  timeZone: string;
  rename: (name: string) => void;
}

export function fleetHooks(x: FleetHookSources): FleetHooks {
  return {
    access: () => x.operator.fleetAccess(),
    saveMachines: (fingerprint, machines) => x.operator.saveMachines(fingerprint, machines),
    availability: () => {
      const owner = x.owner();
      return {
        switchedOn: x.sw.on,
        pausedUntil: x.sw.pausedUntil,
        schedule: x.availability()?.current ?? { timeZone: x.timeZone, windows: [], outsideShare: 0 },
        ownerFirst: owner.supported.gpu || owner.supported.programs || owner.supported.fullscreen ? owner.phase : null,
      };
    },
    alert: (kind, machine, outage) => {
      const folded = outage ? ` downs=${outage.downs} span_ms=${outage.spanMs} up_ms=${outage.upMs}` : '';
      x.log(
        kind === 'machine_down' ? 'warn' : 'info',
        kind === 'machine_down' ? 'fleet_machine_down' : 'fleet_machine_back',
        `${namedNode(machine.nodeId, machine.name)}${folded}`,
      );
      x.notices.tell(kind, { machine: machine.name, subject: machine.nodeId, outage });
    },
    renameSelf: (name) => x.rename(name),
  };
}
