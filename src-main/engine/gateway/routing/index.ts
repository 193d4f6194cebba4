/**
 * The routing sub-room's face: one request to this computer, the person's machines or the network, sealed or
 * streamed, a try at a time. Only this file is imported from outside routing/.
 */
export { FREE_PLAN, serveChoices, type ChoiceShare } from './choices';
export { KnownOffer, type KnownMachine } from './known-machines';
export { routeLocalFirst, thisComputerEnd } from './local-route';
export { localModelFacts, localServer, type LocalServer, type LocalServerSources } from './local-server';
export { NativeSessions } from './native-sessions';
export { NetworkOffer, offeredNodes, type NodeList, type OfferedNode } from './network-offer';
export { NodeBreaker, type BreakerTimes } from './node-breaker';
export { OwnMachines } from './own-machines';
export { type NodeTransport } from './sealed-call';
export { streamTries, type StreamTries } from './stream-route';
export { deliveryOf, WHOLE, type Delivery } from './delivery';
export { type NativeConnect } from './streamed-call';
export { NOT_SENT_CODES, routeTask, type RouteDeps, type RouteEnd } from './task-route';
export { type TryCall } from './try-call';
