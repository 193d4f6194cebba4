/**
 * The net room's face: the only module other rooms and the hosts import; what is not exported here stays
 * inside the room (.dependency-cruiser.cjs, rule room-face).
 */
// The face: what other rooms may use.
export { addressRefusalOf, placeOf, type AddressRefused, type InterfaceSource } from './address-place';
export { ByteBudget } from './byte-budget';
export { Cancellation, TransportAbortedError, TransportTimeoutError, type CancelWatcher } from './call-cancellation';
export { DEFAULT_DRAIN, DrainAllowance, drainThenClose, type DrainLimits } from './drain-then-close';
export { networkErrorSaid, networkErrorWords } from './error-words';
export { SHAPE_MESSAGES, bodyStillComing, readBody, type BodyProblem, type BodyTerms } from './http-body';
export { httpCall, rawHeader, type CallOptions, type ConnectionPolicy } from './http-client';
export { parseHttpUrl } from './http-url';
export { InFlight } from './in-flight';
export { bareIp, classifyIp, type IpRange } from './ip-kind';
export {
  JsonShapeScanner,
  nestedDeeperThan,
  shapeFields,
  shapeProblem,
  type ShapeLimits,
  type ShapeProblem,
} from './json-shape';
export { createPinnedFetch, type HostResolver, type PinnedFetch, type PinnedPost } from './pinned-fetch';
export { REACH_PROOF_HEADER, ReachProof, probeReach, reachNonceOf } from './reach-proof';
export { BodyTooLargeError, readBodyCapped } from './read-body';
export { isCgnatIpv4, isNonPublicIpv4, isNonPublicIpv6, looksRoutable } from './routable';
export { NOT_LOCAL_WORDS, judgeServerUrl, linkLocalWords, serverPlaceOf, type ServerVerdict } from './server-address';
export { realTimers, type TimerFns } from './timers';
export {
  applyUrlCredentials,
  credentialWords,
  decodeUrlCredentials,
  encodeUrlCredentials,
  splitUrlCredentials,
  useUrlCredentials,
  type UrlCredentials,
} from './url-credentials';
export { undici } from './undici-on-use';
