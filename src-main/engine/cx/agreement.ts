import { diffieHellman } from 'node:crypto';
import { CxError } from './errors';
import { X25519_KEY_BYTES, importX25519PublicRaw, type CxKeyPair } from './keys';

/**
 * X25519 with the consumer's ephemeral key. A low-order ephemeral key yields an all-zero secret that an
 * attacker knows without any private key, so it is refused rather than used to derive "secret" keys.
 */
export function agreeSharedSecret(kp: CxKeyPair, ephemeralPublicRaw: Buffer): Buffer {
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey: kp.privateKey, publicKey: importX25519PublicRaw(ephemeralPublicRaw) });
  } catch {
    // OpenSSL itself fails the derivation for low-order points; that is the same refusal as the check below.
    throw new CxError('bad_key', 'iicp_conf.kem_ciphertext is not a usable X25519 public key.');
  }
  // Checked here too because not every crypto backend Node or Electron may ship refuses all-zero output.
  if (shared.length !== X25519_KEY_BYTES || shared.every((b) => b === 0)) {
    throw new CxError('bad_key', 'iicp_conf.kem_ciphertext is not a usable X25519 public key.');
  }
  return shared;
}
