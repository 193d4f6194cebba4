import { randomBytes } from 'node:crypto';
import { GCM_NONCE_BYTES, RESPONSE_INFO_LABEL, deriveMessageKey, seal } from './aead';
import { encodeBase64url } from './base64url';
import { X25519_KEY_BYTES } from './keys';

export interface CxResponseEnvelope {
  version: 1;
  nonce: string;
  encrypted_body: string;
}

/** `response_encryption_v1`: seals the whole plain response under the request's shared secret. */
export function encryptResponse(shared: Buffer, taskId: string, plainResponse: unknown): CxResponseEnvelope {
  const json = JSON.stringify(plainResponse) as string | undefined;
  // JSON.stringify yields undefined for undefined, functions and symbols; sealing "undefined" would be a silent lie.
  if (json === undefined) throw new TypeError('The plain response cannot be serialised as JSON.');
  return encryptResponseText(shared, taskId, json);
}

/** The same for a response already serialised (the task codec splices the backend's JSON text in, unparsed). */
export function encryptResponseText(shared: Buffer, taskId: string, json: string): CxResponseEnvelope {
  if (shared.length !== X25519_KEY_BYTES) {
    throw new RangeError(`The shared secret is ${X25519_KEY_BYTES} bytes, got ${shared.length}.`);
  }
  if (typeof taskId !== 'string' || taskId === '') throw new TypeError('encryptResponse needs the task id.');
  // A fresh random nonce per response: it is also the HKDF salt, so each response gets its own key.
  const nonce = randomBytes(GCM_NONCE_BYTES);
  const key = deriveMessageKey(shared, nonce, RESPONSE_INFO_LABEL + taskId);
  const sealed = seal(key, nonce, Buffer.from(json, 'utf8'), Buffer.from(`${taskId}|resp`, 'utf8'));
  return { version: 1, nonce: encodeBase64url(nonce), encrypted_body: encodeBase64url(sealed) };
}
