import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';

export const GCM_NONCE_BYTES = 12;
export const GCM_TAG_BYTES = 16;
const AES_256_KEY_BYTES = 32;

export const REQUEST_INFO_LABEL = 'IICP-CX-v1';
export const RESPONSE_INFO_LABEL = 'IICP-CX-RESP-v1';

/** One fresh AES key per message: the nonce doubles as HKDF salt, so a repeated shared secret never repeats a key. */
export function deriveMessageKey(shared: Buffer, nonce: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, nonce, Buffer.from(info, 'utf8'), AES_256_KEY_BYTES));
}

/** AES-256-GCM; returns ciphertext with the tag appended, the layout the envelope carries. */
export function seal(key: Buffer, nonce: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(aad);
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** Null when authentication fails; the caller decides what to tell the consumer. */
export function open(key: Buffer, nonce: Buffer, sealed: Buffer, aad: Buffer): Buffer | null {
  if (sealed.length < GCM_TAG_BYTES) return null;
  const tagAt = sealed.length - GCM_TAG_BYTES;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: GCM_TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(tagAt));
    return Buffer.concat([decipher.update(sealed.subarray(0, tagAt)), decipher.final()]);
  } catch {
    return null;
  }
}
