/**
 * The relay room's face: the only module other rooms and the hosts import; what is not exported here stays
 * inside the room (.dependency-cruiser.cjs, rule room-face).
 */
// The face: what other rooms may use.
export { createRelay, type RelayFactoryInputs, type RelaySlot } from './relay-factory';
export { type RelayBinding, type RelayWorkerStatus } from './relay-status';
export { type RelayWorker } from './relay-worker';
export { type RelayWorkerOptions, type RelayWorkerTimings } from './relay-worker-options';
