/**
 * The gateway room's face: the only module other rooms and the hosts import; what is not exported here stays
 * inside the room (.dependency-cruiser.cjs, rule room-face).
 */
// The face: what other rooms may use.
export { gatewayCommands } from './gateway-commands';
export { assembleGateway } from './gateway-parts';
export { type GatewayService } from './gateway-service';
export { appNameOf } from './request-names';
export { type BreakerTimes } from './node-breaker';
export { type KnownMachine } from './known-machines';
export { offeredNodes, type OfferedNode } from './network-offer';
