/**
 * The net room's face: the only module other rooms and the hosts import; what is not exported here stays
 * inside the room (.dependency-cruiser.cjs, rule room-face).
 */
// The face: what other rooms may use.
export { PLACE_WORDS, addressRefusalOf, placeOf, type AddressRefused, type InterfaceSource } from './address-place';
export { ByteBudget } from './byte-budget';
export { Cancellation, TransportAbortedError, TransportTimeoutError, type CancelWatcher } from './call-cancellation';
export { DEFAULT_DRAIN, DrainAllowance, drainThenClose, type DrainLimits } from './drain-then-close';
export { networkErrorSaid, networkErrorWords, placeSaid } from './error-words';
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
export {
  DEFAULT_NATIVE_TIMEOUT_MS,
  NativeClient,
  NativeClientError,
  type CallAnswer,
  type NativeClientOptions,
} from './native-client';
export { CborHeaderScan } from './native-cbor-scan';
export {
  CBOR_REFUSAL_WORDS,
  DEFAULT_CBOR_LIMITS,
  decodeIntMap,
  encodeCbor,
  readIntMap,
  type CborLimits,
  type CborRefusal,
  type IntMapRead,
} from './native-cbor';
export {
  FRAME_HEADER_BYTES,
  FrameError,
  FrameReader,
  MAX_FRAME_PAYLOAD,
  MsgType,
  NATIVE_MAGIC,
  encodeFrame,
  type Frame,
  type PayloadInspector,
} from './native-frame';
export {
  FRAME_CBOR_LIMITS,
  LIFECYCLE_PROFILE,
  callFromMap,
  decodeCall,
  decodeLifecycleResponse,
  encodeAck,
  encodeBufferedResponse,
  encodeCall,
  encodeLifecycleResponse,
  encodePong,
  type BufferedResponse,
  type DecodedLifecycle,
  type LifecycleEventName,
  type LifecycleResponse,
  type LifecycleStatus,
  type NativeCall,
} from './native-messages';
export { NativeSequence, NativeSequenceError, type NativeSequenceCode } from './native-sequence';
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
