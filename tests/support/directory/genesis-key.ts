/**
 * The directory's Ed25519 signing key, held like PHP's `IICP_GENESIS_ED25519_SECRET_KEY`: 128 hex characters,
 * the 64-byte libsodium secret key `seed(32) || public key(32)`. PHP reads the public key as the second half
 * (`substr($sk, 32, 32)`, RelayBindTicketService/ConsumerTokenService) and signs with the whole secret key.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

/** DER prefix that turns a raw 32-byte Ed25519 seed into PKCS#8 for node:crypto. */
const PKCS8_SEED_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface GenesisKey {
  /** 64 hex: what `GET /v1/directory-key` publishes. */
  publicKeyHex: string;
  sign(message: string): string;
  /** Ed25519 over raw bytes (the event log signs a 32-byte SHA-256 digest), as 128 lowercase hex. */
  signBytes(bytes: Uint8Array): string;
}

/**
 * PHP `secretKey()`: anything that is not a 128-character string counts as "not configured" (→ 503). A
 * 128-character value that is not hex would make PHP throw on every request; the stub refuses it up front.
 */
export function loadGenesisKey(secretKeyHex: string | undefined): GenesisKey | null {
  if (typeof secretKeyHex !== 'string' || secretKeyHex.length !== 128) return null;
  if (!/^[0-9a-fA-F]{128}$/.test(secretKeyHex)) throw new Error('genesisEd25519SecretKey must be 128 hex characters');
  const raw = Buffer.from(secretKeyHex, 'hex');
  const privateKey: KeyObject = createPrivateKey({
    key: Buffer.concat([PKCS8_SEED_PREFIX, raw.subarray(0, 32)]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKeyHex = raw.subarray(32).toString('hex');
  // libsodium signs with the embedded public half; node:crypto derives it from the seed. They agree only
  // when the key is well-formed, which every real genesis key is: say so instead of signing garbage.
  const derived = (createPublicKey(privateKey).export({ format: 'der', type: 'spki' }) as Buffer).subarray(-32);
  if (derived.toString('hex') !== publicKeyHex.toLowerCase()) {
    throw new Error('genesisEd25519SecretKey: the second half is not the public key of the first');
  }
  return {
    publicKeyHex: publicKeyHex.toLowerCase(),
    sign: (message) => sign(null, Buffer.from(message, 'utf8'), privateKey).toString('hex'),
    signBytes: (bytes) => sign(null, bytes, privateKey).toString('hex'),
  };
}

/** A fresh key in the PHP format, for tests: `{ secretKeyHex, publicKeyHex }`. */
export function generateGenesisKey(): { secretKeyHex: string; publicKeyHex: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = (privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer).subarray(-32);
  const pub = (publicKey.export({ format: 'der', type: 'spki' }) as Buffer).subarray(-32);
  return { secretKeyHex: Buffer.concat([seed, pub]).toString('hex'), publicKeyHex: pub.toString('hex') };
}
