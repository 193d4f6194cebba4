/**
 * The requests room's face: the only module other rooms and the hosts import; what is not exported here stays
 * inside the room (.dependency-cruiser.cjs, rule room-face).
 */
// The face: what other rooms may use.
export { type RequestFeed } from './request-feed';
export { requestsCommands, type RunningRequests } from './requests-commands';
export { assembleRequests, type RequestsParts } from './requests-parts';
export { earningsInfo, idleSince, requestsInfo } from './standing';
