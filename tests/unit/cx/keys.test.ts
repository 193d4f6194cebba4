import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cxKeyPairFromPrivateRaw, cxPublicKeyAdvert, exportCxPrivateRaw, generateCxKeyPair } from '@engine/cx';
import { cxKeyId } from '@engine/cx/keys';
import { decryptRequest } from '@engine/cx/request';
import { sealRequest, unb64url } from '../../support/cx-consumer';

const expectedKeyId = (publicKeyRaw: Uint8Array): string =>
  'cx-' + createHash('sha256').update(publicKeyRaw).digest('hex').slice(0, 16);

describe('IICP-CX node key', () => {
  it('is an X25519 key pair with a 32-byte raw public key', () => {
    const kp = generateCxKeyPair();
    expect(kp.privateKey.type).toBe('private');
    expect(kp.privateKey.asymmetricKeyType).toBe('x25519');
    expect(kp.publicKeyRaw).toHaveLength(32);
  });

  it('gets a fresh key every time one is generated', () => {
    expect(generateCxKeyPair().keyId).not.toBe(generateCxKeyPair().keyId);
  });

  it('has key_id "cx-" + the first 16 hex characters of SHA-256 over the raw public key', () => {
    const kp = generateCxKeyPair();
    expect(kp.keyId).toBe(expectedKeyId(kp.publicKeyRaw));
    expect(kp.keyId).toMatch(/^cx-[0-9a-f]{16}$/);
    expect(cxKeyId(kp.publicKeyRaw)).toBe(kp.keyId);
  });

  it('refuses to compute a key_id for anything but a 32-byte key', () => {
    expect(() => cxKeyId(Buffer.alloc(31))).toThrow(RangeError);
    expect(() => cxKeyId(Buffer.alloc(33))).toThrow(RangeError);
  });

  it('is advertised in REGISTER as exactly the protocol object', () => {
    const kp = generateCxKeyPair();
    const advert = cxPublicKeyAdvert(kp);
    expect(advert).toStrictEqual({
      algorithm: 'X25519',
      encoding: 'base64url',
      key: Buffer.from(kp.publicKeyRaw).toString('base64url'),
      key_id: expectedKeyId(kp.publicKeyRaw),
      features: ['response_encryption_v1'],
    });
    expect(advert.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(unb64url(advert.key)).toEqual(new Uint8Array(kp.publicKeyRaw));
  });

  it('does not let one advert be mutated into another', () => {
    const kp = generateCxKeyPair();
    cxPublicKeyAdvert(kp).features.push('tampered');
    expect(cxPublicKeyAdvert(kp).features).toEqual(['response_encryption_v1']);
  });

  describe('persistence as the raw 32-byte private scalar', () => {
    it('round-trips to the same public key and key_id', () => {
      const kp = generateCxKeyPair();
      const raw = exportCxPrivateRaw(kp);
      expect(raw).toHaveLength(32);
      const restored = cxKeyPairFromPrivateRaw(raw);
      expect(restored.publicKeyRaw.equals(kp.publicKeyRaw)).toBe(true);
      expect(restored.keyId).toBe(kp.keyId);
      expect(exportCxPrivateRaw(restored).equals(raw)).toBe(true);
    });

    it('still decrypts envelopes sealed to the original key', async () => {
      const kp = generateCxKeyPair();
      const restored = cxKeyPairFromPrivateRaw(exportCxPrivateRaw(kp));
      const { envelope } = await sealRequest({
        nodePublicRaw: kp.publicKeyRaw,
        nodeKeyId: kp.keyId,
        taskId: 'task-restored',
        intent: 'urn:iicp:intent:llm:chat:v1',
        payload: { hello: 'again' },
      });
      expect(decryptRequest(restored, envelope).payload).toEqual({ hello: 'again' });
    });

    it('refuses a private key of the wrong length', () => {
      expect(() => cxKeyPairFromPrivateRaw(Buffer.alloc(31, 1))).toThrow(RangeError);
      expect(() => cxKeyPairFromPrivateRaw(Buffer.alloc(33, 1))).toThrow(RangeError);
      expect(() => cxKeyPairFromPrivateRaw(Buffer.alloc(0))).toThrow(RangeError);
    });
  });
});
