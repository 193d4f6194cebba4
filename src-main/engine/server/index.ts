/**
 * The server room's face: the only module other rooms and the hosts import; what is not exported here stays
 * inside the room (.dependency-cruiser.cjs, rule room-face).
 */
// The face: what other rooms may use.
export { type Admission } from './admission';
export { type CodecPool } from './codec-pool';
export { type FleetReply } from './fleet-route';
export { type NodeMetrics } from './node-metrics';
export { decodeRelayCall, type RelayCall } from './relay-call';
export { RELAYED_SOURCE, type RelayedTaskMark } from './relayed-task';
export { REPLAY_WINDOW_MS } from './replay-guard';
export { assembleTaskPort, listenNear, type TaskPort, type TaskPortLimits } from './server-parts';
export { ServingOffer, primaryIntent, withStreamProfile } from './serving-offer';
export { BODY_SHAPE } from './task-body-limits';
export { type Advertised, type AnsweredRequest, type FinishedTask } from './task-pipeline-types';
export { usageNoteDetails } from './usage-note';
