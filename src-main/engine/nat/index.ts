/**
 * The nat room's face: the only module other rooms and the hosts import; what is not exported here stays
 * inside the room (.dependency-cruiser.cjs, rule room-face).
 */
// The face: what other rooms may use.
export { nativeEndpoint } from './advertisement';
export { natCommands } from './nat-commands';
export { assembleWayIn, type NatTuning, type WayIn } from './nat-parts';
export { type NodeCheckRunner } from './node-check-runner';
export { type PinholeRung } from './pinhole-rung';
export { MAX_HEALTH_BODY_BYTES } from './public-health';
export { describeReachability } from './reachability-info';
export { type Reachability } from './reachability';
