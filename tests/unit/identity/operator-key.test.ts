/**
 * The operator key and what the directory derives from it: `operator_pub` is the padded standard base64 of the raw
 * 32-byte public key, the fingerprint is `Operator::publicFingerprint` (SHA-256 of that text, 12 hex), and the
 * integrity hash is SHA-256 of `operator_id:created_at` — each checked against a computation written out here.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generateOperatorKey,
  operatorFingerprint,
  operatorIntegrityHash,
  operatorKeyFromSeed,
  strictBase64,
} from '@engine/identity/operator-key';

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const publicKeyObject = (pub: string) =>
  createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(pub, 'base64')]),
    format: 'der',
    type: 'spki',
  });

describe('the operator key', () => {
  it('is an Ed25519 key whose operator_pub is the padded standard base64 of 32 raw bytes', () => {
    const key = generateOperatorKey();
    expect(key.publicKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(key.publicKey, 'base64')).toHaveLength(32);
    const sig = key.sign(Buffer.from('hello'));
    expect(sig).toHaveLength(64);
    expect(verify(null, Buffer.from('hello'), publicKeyObject(key.publicKey), sig)).toBe(true);
  });

  it('comes back the same from its 32-byte seed (the secret store and the export file keep only the seed)', () => {
    const key = generateOperatorKey();
    const again = operatorKeyFromSeed(key.seed());
    expect(key.seed()).toHaveLength(32);
    expect(again.publicKey).toBe(key.publicKey);
    expect(again.fingerprint).toBe(key.fingerprint);
    expect(() => operatorKeyFromSeed(Buffer.alloc(31))).toThrow(/32 bytes/);
  });

  it('derives the public key of a known seed (RFC 8032 test 1)', () => {
    const seed = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
    const pub = Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex').toString(
      'base64',
    );
    expect(operatorKeyFromSeed(seed).publicKey).toBe(pub);
  });

  it('fingerprints the base64 text as the directory does: first 12 hex of its SHA-256', () => {
    const key = generateOperatorKey();
    const expected = createHash('sha256').update(key.publicKey).digest('hex').slice(0, 12);
    expect(key.fingerprint).toBe(expected);
    expect(operatorFingerprint(key.publicKey)).toBe(expected);
    expect(key.fingerprint).toMatch(/^[0-9a-f]{12}$/);
  });

  it('hashes operator_id:created_at for operator_integrity_hash (lowercase hex)', () => {
    const pub = 'B4djBDWrzvEXmtfxYOSp0Ahghb5kkY7XAXifnm6yPko=';
    const at = '2026-05-01T10:00:00.000Z';
    expect(operatorIntegrityHash(pub, at)).toBe(createHash('sha256').update(`${pub}:${at}`).digest('hex'));
    expect(operatorIntegrityHash(pub, at)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads only strict standard base64 of the exact length', () => {
    const raw = Buffer.alloc(32, 0xfb);
    const text = raw.toString('base64');
    expect(strictBase64(text, 32)).toEqual(raw);
    expect(strictBase64(raw.toString('base64url'), 32)).toBeNull(); // URL alphabet, no padding
    expect(strictBase64(text.replace(/=$/, ''), 32)).toBeNull(); // unpadded
    expect(strictBase64(` ${text}`, 32)).toBeNull();
    expect(strictBase64(Buffer.alloc(31).toString('base64'), 32)).toBeNull();
    expect(strictBase64(42, 32)).toBeNull();
  });
});
