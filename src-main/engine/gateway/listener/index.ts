/**
 * The listener sub-room's face: the loopback server, an app's request read into its wire form and the node's answer
 * rendered back, on the codec thread when large. Only this file is imported from outside listener/.
 */
export { joinChoices } from './choices-join';
export { GatewayCodec, INLINE_BYTES } from './gateway-codec';
export { GatewayServer } from './gateway-server';
export { nextFreePort, whoHoldsPort } from './port-holder';
export { type GatewayHandlers } from './gateway-routes';
export { servedOf, type Served } from './served';
export { type LocalRequest } from './local-request';
export { payloadWith, type WireAsk } from './request-shape';
export { type StreamSink } from './stream-sink';
