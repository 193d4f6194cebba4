/**
 * The gateway room's face: the only module other rooms and the hosts import; what is not exported here stays
 * inside the room (.dependency-cruiser.cjs, rule room-face).
 */
// The face: what other rooms may use.
export { gatewayCommands } from './gateway-commands';
export { assembleGateway } from './gateway-parts';
export { type GatewayParts } from './compose-gateway';
export { offeredNodes, type BreakerTimes, type KnownMachine } from './routing';
