/**
 * The fleet room's face: the only module other rooms and the hosts import; what is not exported here stays
 * inside the room (.dependency-cruiser.cjs, rule room-face).
 */
// The face: what other rooms may use.
export { fleetCommands, refuseTakenName } from './fleet-commands';
export { fleetHooks } from './fleet-hooks';
export { assembleFleet } from './fleet-parts';
export { type FleetService } from './fleet-service';
export { type FleetAccess, type FleetHooks } from './fleet-types';
export { type FleetWebhook } from './fleet-webhook';
export { MachineReach } from './machine-reach';
