/**
 * The directory's signing key from its DID document (`{origin}/.well-known/did.json`): the first Ed25519
 * verification method's `publicKeyJwk.x`, unpadded base64url of 32 bytes, as the production directory publishes it.
 */
import { createHash } from 'node:crypto';

/** How the key is named to the person: the first 16 hex characters of SHA-256 over its 32 raw bytes. */
export const keyFingerprint = (raw: Buffer): string => createHash('sha256').update(raw).digest('hex').slice(0, 16);

const BASE64URL_32 = /^[A-Za-z0-9_-]{43}$/;

/** The raw key of a DID document already parsed from JSON, or why none can be taken from it. */
export function didDocumentKey(doc: unknown): { raw: Buffer } | { problem: string } {
  if (typeof doc !== 'object' || doc === null) return { problem: 'the DID document is not a JSON object' };
  const methods = (doc as Record<string, unknown>).verificationMethod;
  if (!Array.isArray(methods)) return { problem: 'the DID document lists no verification methods' };
  for (const m of methods.slice(0, 16)) {
    const jwk = typeof m === 'object' && m !== null ? (m as Record<string, unknown>).publicKeyJwk : null;
    if (typeof jwk !== 'object' || jwk === null) continue;
    const { kty, crv, x } = jwk as Record<string, unknown>;
    if (kty !== 'OKP' || crv !== 'Ed25519') continue;
    if (typeof x !== 'string' || !BASE64URL_32.test(x)) return { problem: 'the DID document’s Ed25519 key is not 32 bytes of base64url' };
    return { raw: Buffer.from(x, 'base64url') };
  }
  return { problem: 'the DID document has no Ed25519 key' };
}
