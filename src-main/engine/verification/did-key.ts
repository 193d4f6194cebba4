/**
 * The directory's signing key from its DID document (`{origin}/.well-known/did.json`): the first Ed25519
 * verification method's `publicKeyJwk.x`, unpadded base64url of 32 bytes, as the production directory publishes it.
 * Those 32 bytes are a key only when they are a point of the curve: anything else is refused before it is trusted or
 * offered to the person, so nobody is asked to accept a "new key" that can verify nothing.
 */
import { createHash } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';

/** How the key is named to the person: the first 16 hex characters of SHA-256 over its 32 raw bytes. */
export const keyFingerprint = (raw: Buffer): string => createHash('sha256').update(raw).digest('hex').slice(0, 16);

const BASE64URL_32 = /^[A-Za-z0-9_-]{43}$/;

/** Keys judged already: a check costs a few milliseconds, and the screens read the stored keys often. */
const judged = new Map<string, boolean>();
const JUDGED_MAX = 16;

/**
 * Whether 32 bytes are an Ed25519 public key someone can hold the secret of: the canonical encoding of a point on the
 * curve, in the group every real key lies in, and not one of the few points of small order (the identity among them),
 * for which signatures can be made without any secret.
 */
export function isEd25519PublicKey(raw: Uint8Array): boolean {
  if (raw.length !== 32) return false;
  const id = Buffer.from(raw).toString('base64url');
  const known = judged.get(id);
  if (known !== undefined) return known;
  let ok: boolean;
  try {
    // Strict decoding (not ZIP-215): a y of p or more, or a sign bit on x = 0, is refused as the wrong encoding.
    const point = ed25519.Point.fromBytes(raw);
    ok = !point.isSmallOrder() && point.isTorsionFree();
  } catch {
    ok = false;
  }
  if (judged.size >= JUDGED_MAX) judged.delete(judged.keys().next().value!);
  judged.set(id, ok);
  return ok;
}

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
    if (typeof x !== 'string' || !BASE64URL_32.test(x))
      return { problem: 'the DID document’s Ed25519 key is not 32 bytes of base64url' };
    const raw = Buffer.from(x, 'base64url');
    if (!isEd25519PublicKey(raw))
      return {
        problem:
          'the DID document’s Ed25519 key is not a usable Ed25519 public key (not a point of the curve, or a weak one)',
      };
    return { raw };
  }
  return { problem: 'the DID document has no Ed25519 key' };
}
