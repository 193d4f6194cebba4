/**
 * The operator's Ed25519 key and the values the directory derives from it. The directory names an operator by the
 * standard (padded) base64 of the raw 32-byte public key (`operator_id` = `operator_pub`), shows a short fingerprint
 * of that text, and pins a hash of it with the identity's creation time; each is computed here exactly as it does.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  sign,
  type KeyObject,
} from 'node:crypto';

/** The fixed DER header that turns a raw 32-byte Ed25519 seed into a PKCS#8 private key node:crypto reads. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export const OPERATOR_SEED_BYTES = 32;

export interface OperatorKey {
  /** `operator_pub`: standard padded base64 of the raw public key (44 characters). */
  readonly publicKey: string;
  /** The directory's `Operator::publicFingerprint`: 12 hex characters. */
  readonly fingerprint: string;
  /** Signs with the private key (Ed25519, 64 bytes). */
  sign(message: Buffer): Buffer;
  /** The raw 32-byte seed, for the secret store and the sealed export file only. */
  seed(): Buffer;
}

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** First 12 hex characters of SHA-256 over the public key's base64 text (not its raw bytes), as the directory does. */
export function operatorFingerprint(operatorPub: string): string {
  return sha256Hex(operatorPub).slice(0, 12);
}

/** What `operatorIntegrityHash` gives: 64 lowercase hex characters (the form a pinned hash is checked against). */
export const OPERATOR_INTEGRITY_HASH = /^[0-9a-f]{64}$/;

/** `operator_integrity_hash`: lowercase hex SHA-256 of `operator_id + ":" + created_at`. */
export function operatorIntegrityHash(operatorPub: string, createdAt: string): string {
  return sha256Hex(`${operatorPub}:${createdAt}`);
}

function wrap(privateKey: KeyObject): OperatorKey {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const publicKey = Buffer.from(String(jwk.x), 'base64url').toString('base64');
  return {
    publicKey,
    fingerprint: operatorFingerprint(publicKey),
    sign: (message) => sign(null, message, privateKey),
    seed: () => Buffer.from(String(privateKey.export({ format: 'jwk' }).d), 'base64url'),
  };
}

export function generateOperatorKey(): OperatorKey {
  return wrap(generateKeyPairSync('ed25519').privateKey);
}

/** The key of a stored seed; throws when it is not 32 bytes. */
export function operatorKeyFromSeed(seed: Buffer): OperatorKey {
  if (seed.length !== OPERATOR_SEED_BYTES) throw new Error(`an operator key seed has ${OPERATOR_SEED_BYTES} bytes`);
  return wrap(createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' }));
}

/**
 * Decodes strict standard base64 (padded, no URL alphabet, no whitespace) of exactly `bytes` bytes, or null. The
 * directory refuses anything else for keys and signatures, and an export file holds nothing else.
 */
export function strictBase64(text: unknown, bytes: number): Buffer | null {
  if (typeof text !== 'string' || text.length !== Math.ceil(bytes / 3) * 4) return null;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  const raw = Buffer.from(text, 'base64');
  return raw.length === bytes && raw.toString('base64') === text ? raw : null;
}

/**
 * The key the operator's machines seal what they publish about themselves with (fleet/fleet-seal.ts): every computer
 * holding the identity derives the same one from its seed, and nobody else can.
 */
export function fleetKey(seed: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', seed, Buffer.alloc(0), 'iicp-provider fleet status v1', 32));
}
