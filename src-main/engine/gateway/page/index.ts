/**
 * The page sub-room's face: what the "Use the network" page shows of the gateway. Only this file is imported from
 * outside page/.
 */
export { headerOf } from './gateway-header';
export { offerViewOf } from './offer-view';
export { TryRefused, tryThroughGateway } from './try-it';
export { GatewayOffError, GatewayPage } from './page-view';
