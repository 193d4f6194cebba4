import { GCM_TAG_BYTES, REQUEST_INFO_LABEL, deriveMessageKey, open } from './aead';
import { agreeSharedSecret } from './agreement';
import { parseEnvelope } from './envelope';
import { CxError } from './errors';
import type { CxKeyPair } from './keys';

export interface DecryptedRequest {
  payload: unknown;
  /** From the authenticated AAD; the caller should check it against the outer task before trusting either. */
  taskId: string;
  intent: string;
  /** X25519 secret for this request, needed to encrypt the response; treat it like a private key. */
  shared: Buffer;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The decrypted bytes of an envelope, before they are parsed (callers that bound the parse look at them first). */
export interface DecryptedBytes extends Omit<DecryptedRequest, 'payload'> {
  plaintext: Buffer;
}

export function decryptRequest(kp: CxKeyPair, envelope: unknown): DecryptedRequest {
  const { plaintext, ...rest } = decryptRequestBytes(kp, envelope);
  return { payload: parsePlaintext(plaintext), ...rest };
}

/** The UTF-8 JSON a decrypted envelope holds; throws CxError `plaintext_not_json` otherwise. */
export function parsePlaintext(plaintext: Buffer): unknown {
  try {
    return JSON.parse(utf8.decode(plaintext));
  } catch {
    throw new CxError('plaintext_not_json', 'The decrypted iicp_conf body is not UTF-8 JSON.');
  }
}

export function decryptRequestBytes(kp: CxKeyPair, envelope: unknown): DecryptedBytes {
  const parsed = parseEnvelope(envelope);
  if (parsed.recipientKeyId !== kp.keyId) {
    throw new CxError('wrong_key_id', "iicp_conf.recipient_key_id does not name this node's key.");
  }
  // GCM preserves length, so a wrong declared size is known without spending a key agreement or decryption.
  if (parsed.plaintextSize !== undefined && parsed.plaintextSize !== parsed.encryptedBody.length - GCM_TAG_BYTES) {
    throw new CxError('size_mismatch', 'iicp_conf.plaintext_size does not match the decrypted length.');
  }

  const shared = agreeSharedSecret(kp, parsed.kem);
  const key = deriveMessageKey(shared, parsed.nonce, REQUEST_INFO_LABEL + parsed.taskId + parsed.intent);
  const plaintext = open(key, parsed.nonce, parsed.encryptedBody, parsed.aad);
  if (plaintext === null) {
    throw new CxError('decrypt_failed', 'iicp_conf could not be decrypted: wrong key, or the envelope was altered.');
  }

  return { plaintext, taskId: parsed.taskId, intent: parsed.intent, shared };
}
