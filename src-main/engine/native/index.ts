/**
 * The native room's face: the only module other rooms, the hosts, tests and benches import; what is not exported
 * here stays inside the room (.dependency-cruiser.cjs, rule room-face).
 */
// The face: what other rooms may use.
export {
  DEFAULT_NATIVE_TIMEOUT_MS,
  NativeClient,
  NativeClientError,
  type CallAnswer,
  type NativeClientOptions,
} from './client';
export { CborHeaderScan } from './cbor-scan';
export {
  CBOR_REFUSAL_WORDS,
  DEFAULT_CBOR_LIMITS,
  decodeIntMap,
  encodeCbor,
  readIntMap,
  type CborLimits,
  type CborRefusal,
  type IntMapRead,
} from './cbor';
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
} from './frame';
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
} from './messages';
export { NativeSequence, NativeSequenceError, type NativeSequenceCode } from './sequence';
