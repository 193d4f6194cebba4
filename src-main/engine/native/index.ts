/**
 * The native room's face: the only module other rooms, the hosts, tests and benches import; what is not exported
 * here stays inside the room (.dependency-cruiser.cjs, rule room-face).
 */
// The face: what other rooms may use.
export { NativeClient, NativeClientError, type NativeClientOptions } from './client';
export { CborHeaderScan } from './cbor-scan';
export { CBOR_REFUSAL_WORDS, encodeCbor, readIntMap, type CborRefusal, type IntMapRead } from './cbor';
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
  encodeAck,
  encodeBufferedResponse,
  encodeLifecycleResponse,
  encodePong,
  type DecodedLifecycle,
  type LifecycleResponse,
  type NativeCall,
} from './messages';
export { NativeSequenceError } from './sequence';
