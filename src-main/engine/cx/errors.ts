export type CxErrorCode =
  | 'malformed_envelope'
  | 'unsupported_version'
  | 'wrong_key_id'
  | 'bad_key'
  | 'decrypt_failed'
  | 'plaintext_not_json'
  | 'size_mismatch';

/**
 * Why an `iicp_conf` envelope was refused. The message is sent back to the consumer as-is, so callers only
 * ever pass fixed text naming a field: never key bytes, the shared secret, or any part of the plaintext.
 */
export class CxError extends Error {
  readonly code: CxErrorCode;
  constructor(code: CxErrorCode, message: string) {
    super(message);
    this.name = 'CxError';
    this.code = code;
  }
}
