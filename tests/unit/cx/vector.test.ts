import { describe, expect, it } from 'vitest';
import { cxKeyPairFromPrivateRaw } from '@engine/cx';
import { decryptRequest } from '@engine/cx/request';
import { encryptResponse } from '@engine/cx/response';
import { ephemeralFromPrivateRaw, openResponse, sealRequest } from '../../support/cx-consumer';

const hex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

/**
 * Fixed inputs so any other IICP-CX implementation can check itself against this one. The key pairs are
 * the RFC 7748 §6.1 X25519 test vectors (node = Bob, consumer's ephemeral = Alice).
 */
const VECTOR = {
  nodePrivate: '5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb',
  nodePublic: 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f',
  nodeKeyId: 'cx-f35e5616160a30bf',
  ephemeralPrivate: '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a',
  ephemeralPublic: '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a',
  shared: '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742',
  nonce: '000102030405060708090a0b',
  taskId: 'task-vector-1',
  intent: 'urn:iicp:intent:llm:chat:v1',
  plaintext: '{"messages":[{"role":"user","content":"Hello, IICP"}]}',
  // Also produced independently with Python's `cryptography` package when this vector was made.
  envelope: {
    version: 1,
    recipient_key_id: 'cx-f35e5616160a30bf',
    kem_ciphertext: 'hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo',
    encrypted_body: 'fgoRFLbFuOLJZ77gc01Ov7ZUfRUQqTDxlpBGsgxGwgfAoQKJGy16-G6OGBtuo8pOdmeG76v4bjw0PwNzxTGC5qlUNZz43w',
    nonce: 'AAECAwQFBgcICQoL',
    aad: 'dGFzay12ZWN0b3ItMXx1cm46aWljcDppbnRlbnQ6bGxtOmNoYXQ6djE',
    plaintext_size: 54,
  },
} as const;

describe('IICP-CX fixed test vector', () => {
  const node = cxKeyPairFromPrivateRaw(Buffer.from(VECTOR.nodePrivate, 'hex'));

  it('derives the RFC 7748 public key and its key_id from the fixed private key', () => {
    expect(node.publicKeyRaw.toString('hex')).toBe(VECTOR.nodePublic);
    expect(node.keyId).toBe(VECTOR.nodeKeyId);
  });

  it('matches what the WebCrypto consumer seals from the same fixed inputs', async () => {
    const ephemeral = await ephemeralFromPrivateRaw(hex(VECTOR.ephemeralPrivate));
    expect(Buffer.from(ephemeral.publicRaw).toString('hex')).toBe(VECTOR.ephemeralPublic);
    const { envelope, shared } = await sealRequest({
      nodePublicRaw: node.publicKeyRaw,
      nodeKeyId: node.keyId,
      taskId: VECTOR.taskId,
      intent: VECTOR.intent,
      plaintext: new TextEncoder().encode(VECTOR.plaintext),
      ephemeral,
      nonce: hex(VECTOR.nonce),
    });
    expect(Buffer.from(shared).toString('hex')).toBe(VECTOR.shared);
    expect(envelope).toStrictEqual(VECTOR.envelope);
  });

  it('decrypts the vector envelope to the fixed payload, task id, intent and shared secret', () => {
    const out = decryptRequest(node, { ...VECTOR.envelope });
    expect(out.payload).toEqual(JSON.parse(VECTOR.plaintext));
    expect(out.taskId).toBe(VECTOR.taskId);
    expect(out.intent).toBe(VECTOR.intent);
    expect(out.shared.toString('hex')).toBe(VECTOR.shared);
  });

  it('answers the vector request with a response the consumer can open', async () => {
    const plain = { task_id: VECTOR.taskId, status: 'success', result: { content: 'Hi!' }, generated_by_ai: true };
    const first = encryptResponse(Buffer.from(VECTOR.shared, 'hex'), VECTOR.taskId, plain);
    const second = encryptResponse(Buffer.from(VECTOR.shared, 'hex'), VECTOR.taskId, plain);
    expect(first.nonce).not.toBe(second.nonce);
    expect(await openResponse(hex(VECTOR.shared), VECTOR.taskId, first)).toEqual(plain);
    expect(await openResponse(hex(VECTOR.shared), VECTOR.taskId, second)).toEqual(plain);
  });
});
