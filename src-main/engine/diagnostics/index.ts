/**
 * The diagnostics room's face: the only module other rooms and the hosts import; what is not exported here stays
 * inside the room (.dependency-cruiser.cjs, rule room-face).
 */
// The face: what other rooms may use.
export { diagnosticsHandlers } from './diagnostics';
export { type MachineIdentity } from './machine-identity';
