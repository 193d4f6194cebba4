import { randomBytes, type KeyObject } from 'node:crypto';
import { GCM_NONCE_BYTES, REQUEST_INFO_LABEL, RESPONSE_INFO_LABEL, deriveMessageKey, open, seal } from './aead';
import { decodeBase64url, encodeBase64url } from './base64url';
import { EphemeralStock } from './ephemeral-stock';
import { importX25519PublicRaw } from './keys';
import { StreamOpener } from './sealed-stream';

export interface SealedRequest {
  /** The `iicp_conf` envelope a consumer sends in place of `payload`. */
  envelope: Record<string, unknown>;
  /** Opens the node's encrypted answer, `iicp_conf_resp`; null when it does not authenticate. */
  openResponse: (resp: unknown) => unknown;
  /**
   * The answer's plaintext bytes, unparsed (a large answer is parsed off the event loop); null when it does not
   * authenticate.
   */
  openBytes: (resp: unknown) => Buffer | null;
  /**
   * Opens the node's sealed stream for this task, chunk by chunk (`sealed-stream.ts`). The shared secret stays in
   * here; a task id, if given, must be the one sealed, since the node derives the stream key from that one.
   */
  streamOpener: (taskId?: string) => StreamOpener;
}

/** Recipients' keys as key objects, kept for the nodes called most (a gateway calls the same few many times). */
const recipientKeys = new Map<string, KeyObject>();
const KEPT_KEYS = 256;

function recipientKey(encoded: string): KeyObject {
  let key = recipientKeys.get(encoded);
  if (!key) {
    const raw = decodeBase64url(encoded);
    if (!raw) throw new TypeError('The recipient key is not base64url.');
    key = importX25519PublicRaw(raw);
    recipientKeys.set(encoded, key);
    if (recipientKeys.size > KEPT_KEYS) recipientKeys.delete(recipientKeys.keys().next().value!);
  }
  return key;
}

/** Agreements with the nodes' keys made ahead, off the request path (ephemeral-stock.ts). */
const agreements = new EphemeralStock();

/**
 * The consumer's half of IICP-CX, for the node's own "Check my node" task and the gateway's tasks: sealed to the
 * node's advertised key with a fresh ephemeral key (made ahead, used once), so a relay on the way sees only
 * ciphertext. Never used on the serving path.
 */
export function sealRequest(
  recipient: { key: string; keyId: string },
  taskId: string,
  intent: string,
  payload: unknown,
): SealedRequest {
  return sealRequestText(recipient, taskId, intent, JSON.stringify(payload));
}

/** `sealRequest` of a payload already serialised (`plaintext` is its JSON text). */
export function sealRequestText(
  recipient: { key: string; keyId: string },
  taskId: string,
  intent: string,
  plaintextJson: string,
): SealedRequest {
  const { ephemeralRaw: ephRaw, shared } = agreements.take(recipient.key, recipientKey(recipient.key));
  const nonce = randomBytes(GCM_NONCE_BYTES);
  const aad = Buffer.from(`${taskId}|${intent}`, 'utf8');
  const plaintext = Buffer.from(plaintextJson, 'utf8');
  const key = deriveMessageKey(shared, nonce, REQUEST_INFO_LABEL + taskId + intent);
  const envelope = {
    version: 1,
    recipient_key_id: recipient.keyId,
    kem_ciphertext: encodeBase64url(ephRaw),
    encrypted_body: encodeBase64url(seal(key, nonce, plaintext, aad)),
    nonce: encodeBase64url(nonce),
    aad: encodeBase64url(aad),
    plaintext_size: plaintext.length,
  };
  const openBytes = (resp: unknown): Buffer | null => {
    if (!resp || typeof resp !== 'object') return null;
    const r = resp as Record<string, unknown>;
    const n = typeof r.nonce === 'string' ? decodeBase64url(r.nonce) : null;
    const body = typeof r.encrypted_body === 'string' ? decodeBase64url(r.encrypted_body) : null;
    if (!n || !body || n.length !== GCM_NONCE_BYTES) return null;
    const k = deriveMessageKey(shared, n, RESPONSE_INFO_LABEL + taskId);
    return open(k, n, body, Buffer.from(`${taskId}|resp`, 'utf8'));
  };
  const openResponse = (resp: unknown): unknown => {
    const plain = openBytes(resp);
    if (!plain) return null;
    try {
      return JSON.parse(plain.toString('utf8')) as unknown;
    } catch {
      return null;
    }
  };
  const streamOpener = (forTask: string = taskId): StreamOpener => {
    if (forTask !== taskId) throw new TypeError('A stream opener is for the task that was sealed.');
    return new StreamOpener(shared, taskId);
  };
  return { envelope, openResponse, openBytes, streamOpener };
}
