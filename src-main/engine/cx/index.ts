/**
 * IICP-CX confidentiality (the IICP protocol's end-to-end encryption of tasks): the node's X25519 key advertisement,
 * decryption of `iicp_conf` request envelopes and `response_encryption_v1` response sealing. Pure node:crypto, no I/O.
 */
export {
  generateCxKeyPair,
  cxKeyPairFromPrivateRaw,
  exportCxPrivateRaw,
  cxPublicKeyAdvert,
  type CxKeyPair,
  type CxPublicKeyAdvert,
} from './keys';
export { CxError } from './errors';
export { decryptRequestBytes, parsePlaintext } from './request';
export { encryptResponseText } from './response';

// The face: what other rooms may use.
export { sealRequest, sealRequestText } from './seal-request';
export { SEALED_STREAM_FEATURE, StreamSealer, StreamOpener, StreamOpenError } from './sealed-stream';
