import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { encodeBase64url } from './base64url';

/** X25519 keys and shared secrets are all this long (RFC 7748). */
export const X25519_KEY_BYTES = 32;

// node:crypto has no raw X25519 import/export, so raw keys travel wrapped in fixed DER headers (RFC 8410).
const X25519_SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

export const CX_FEATURES: readonly string[] = ['response_encryption_v1'];

export interface CxKeyPair {
  privateKey: KeyObject;
  publicKeyRaw: Buffer;
  keyId: string;
}

export interface CxPublicKeyAdvert {
  algorithm: 'X25519';
  encoding: 'base64url';
  key: string;
  key_id: string;
  features: string[];
}

function unwrapDer(der: Buffer, prefix: Buffer, what: string): Buffer {
  if (der.length !== prefix.length + X25519_KEY_BYTES || !der.subarray(0, prefix.length).equals(prefix)) {
    throw new Error(`Unexpected ${what} encoding for an X25519 key.`);
  }
  return Buffer.from(der.subarray(prefix.length));
}

export function cxKeyId(publicKeyRaw: Buffer): string {
  if (publicKeyRaw.length !== X25519_KEY_BYTES) {
    throw new RangeError(`An X25519 public key is ${X25519_KEY_BYTES} bytes, got ${publicKeyRaw.length}.`);
  }
  return 'cx-' + createHash('sha256').update(publicKeyRaw).digest('hex').slice(0, 16);
}

function keyPairFromPrivateKey(privateKey: KeyObject): CxKeyPair {
  if (privateKey.asymmetricKeyType !== 'x25519') throw new TypeError('Expected an X25519 private key.');
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const publicKeyRaw = unwrapDer(spki, X25519_SPKI_PREFIX, 'SPKI');
  return { privateKey, publicKeyRaw, keyId: cxKeyId(publicKeyRaw) };
}

export function generateCxKeyPair(): CxKeyPair {
  return keyPairFromPrivateKey(generateKeyPairSync('x25519').privateKey);
}

/** Rebuilds a persisted key pair; every 32-byte string is a valid X25519 scalar, so only the length is checked. */
export function cxKeyPairFromPrivateRaw(raw: Buffer): CxKeyPair {
  if (raw.length !== X25519_KEY_BYTES) {
    throw new RangeError(`An X25519 private key is ${X25519_KEY_BYTES} bytes, got ${raw.length}.`);
  }
  const privateKey = createPrivateKey({ key: Buffer.concat([X25519_PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' });
  return keyPairFromPrivateKey(privateKey);
}

export function exportCxPrivateRaw(kp: CxKeyPair): Buffer {
  return unwrapDer(kp.privateKey.export({ format: 'der', type: 'pkcs8' }), X25519_PKCS8_PREFIX, 'PKCS#8');
}

/** Throws on anything node:crypto cannot read as an X25519 public key; callers map that to their own error. */
export function importX25519PublicRaw(raw: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([X25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

export function cxPublicKeyAdvert(kp: CxKeyPair): CxPublicKeyAdvert {
  return {
    algorithm: 'X25519',
    encoding: 'base64url',
    key: encodeBase64url(kp.publicKeyRaw),
    key_id: kp.keyId,
    features: [...CX_FEATURES],
  };
}
