/**
 * The owner room's face: the only module other rooms and the hosts import; what is not exported here stays
 * inside the room (.dependency-cruiser.cjs, rule room-face).
 */
// The face: what other rooms may use.
export { freeServersGpuMemory, type FreedMemory } from './free-gpu-memory';
export { ownerCommands } from './owner-commands';
export { yieldDetails } from './owner-triggers';
export { OwnerWatch } from './owner-watch';
export { type YieldChange } from './owner-yield';
export { type OwnerTuning } from './tool-paths';
