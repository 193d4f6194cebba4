/**
 * The notices room's face: the only module other rooms and the hosts import; what is not exported here stays
 * inside the room (.dependency-cruiser.cjs, rule room-face).
 */
// The face: what other rooms may use.
export { noticeCommands } from './notice-commands';
export { NoticeFeed } from './notice-feed';
export { NOTICE_SWITCH } from './notice-words';
