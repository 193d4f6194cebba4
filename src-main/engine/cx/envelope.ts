import { decodeBase64url, maxBase64urlLength } from './base64url';
import { GCM_NONCE_BYTES, GCM_TAG_BYTES } from './aead';
import { CxError } from './errors';
import { X25519_KEY_BYTES } from './keys';

/** Bounds chosen so a hostile envelope cannot make the node decode or decrypt unbounded amounts of data. */
export const MAX_ENCRYPTED_BODY_BYTES = 8 * 1024 * 1024;
export const MAX_AAD_BYTES = 4096;
const MAX_KEY_ID_LENGTH = 128;

/** An `iicp_conf` envelope whose shape is valid; nothing in it has been authenticated yet. */
export interface ParsedEnvelope {
  recipientKeyId: string;
  kem: Buffer;
  encryptedBody: Buffer;
  nonce: Buffer;
  aad: Buffer;
  taskId: string;
  intent: string;
  plaintextSize: number | undefined;
}

// fatal: a lossy decode would let different AAD bytes yield the same task id; ignoreBOM: keep every byte visible.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function malformed(message: string): CxError {
  return new CxError('malformed_envelope', message);
}

function field(envelope: Record<string, unknown>, name: string): unknown {
  // Own properties only, so nothing inherited from Object.prototype can stand in for a missing field.
  return Object.hasOwn(envelope, name) ? envelope[name] : undefined;
}

function bytesField(envelope: Record<string, unknown>, name: string, min: number, max: number): Buffer {
  const value = field(envelope, name);
  if (value === undefined) throw malformed(`iicp_conf.${name} is missing.`);
  if (typeof value !== 'string') throw malformed(`iicp_conf.${name} must be a string.`);
  // Length is checked before decoding so an oversized field costs nothing to refuse.
  if (value.length > maxBase64urlLength(max)) throw malformed(`iicp_conf.${name} is too long.`);
  const bytes = decodeBase64url(value);
  if (bytes === null) throw malformed(`iicp_conf.${name} must be unpadded base64url.`);
  if (bytes.length < min || bytes.length > max) {
    throw malformed(
      min === max
        ? `iicp_conf.${name} must decode to ${min} bytes.`
        : `iicp_conf.${name} must decode to between ${min} and ${max} bytes.`,
    );
  }
  return bytes;
}

function checkVersion(envelope: Record<string, unknown>): void {
  const version = field(envelope, 'version');
  if (version === undefined) throw malformed('iicp_conf.version is missing.');
  if (typeof version !== 'number' || !Number.isInteger(version))
    throw malformed('iicp_conf.version must be an integer.');
  if (version !== 1) throw new CxError('unsupported_version', 'Only iicp_conf version 1 is supported.');
}

function splitAad(aad: Buffer): { taskId: string; intent: string } {
  let text: string;
  try {
    text = utf8.decode(aad);
  } catch {
    throw malformed('iicp_conf.aad must be UTF-8.');
  }
  // Split at the first '|' only: task ids carry none, intents may.
  const bar = text.indexOf('|');
  if (bar < 0) throw malformed('iicp_conf.aad must be "<task_id>|<intent>".');
  const taskId = text.slice(0, bar);
  const intent = text.slice(bar + 1);
  if (taskId === '' || intent === '') throw malformed('iicp_conf.aad must name both a task id and an intent.');
  return { taskId, intent };
}

/**
 * Validates every field's type, encoding and size; the version is checked first since other versions may differ in
 * shape.
 */
export function parseEnvelope(envelope: unknown): ParsedEnvelope {
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) {
    throw malformed('iicp_conf must be an object.');
  }
  const record = envelope as Record<string, unknown>;
  checkVersion(record);

  const recipientKeyId = field(record, 'recipient_key_id');
  if (recipientKeyId === undefined) throw malformed('iicp_conf.recipient_key_id is missing.');
  if (typeof recipientKeyId !== 'string' || recipientKeyId === '' || recipientKeyId.length > MAX_KEY_ID_LENGTH) {
    throw malformed('iicp_conf.recipient_key_id must be a non-empty string.');
  }

  const kem = bytesField(record, 'kem_ciphertext', X25519_KEY_BYTES, X25519_KEY_BYTES);
  const encryptedBody = bytesField(record, 'encrypted_body', GCM_TAG_BYTES, MAX_ENCRYPTED_BODY_BYTES);
  const nonce = bytesField(record, 'nonce', GCM_NONCE_BYTES, GCM_NONCE_BYTES);
  const aad = bytesField(record, 'aad', 1, MAX_AAD_BYTES);
  const { taskId, intent } = splitAad(aad);

  const plaintextSize = field(record, 'plaintext_size');
  if (
    plaintextSize !== undefined &&
    (typeof plaintextSize !== 'number' || !Number.isSafeInteger(plaintextSize) || plaintextSize < 0)
  ) {
    throw malformed('iicp_conf.plaintext_size must be a non-negative integer.');
  }

  return { recipientKeyId, kem, encryptedBody, nonce, aad, taskId, intent, plaintextSize };
}
