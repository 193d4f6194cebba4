/**
 * An IICP-CX consumer written from the protocol text with WebCrypto only. It deliberately shares no code
 * with src-main/engine/cx, so a mistake mirrored on both sides of the module cannot make the tests pass.
 */
import type { webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;

const subtle = globalThis.crypto.subtle;
const enc = new TextEncoder();
const dec = new TextDecoder();

// WebCrypto has no raw import for X25519 private keys; PKCS#8 around the raw scalar (RFC 8410) is the way in.
const PKCS8_X25519_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
]);

export const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
export const unb64url = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64url'));

export function randomBytes(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export async function importPrivateRaw(raw: Uint8Array): Promise<CryptoKey> {
  return subtle.importKey('pkcs8', concat(PKCS8_X25519_PREFIX, raw), { name: 'X25519' }, true, ['deriveBits']);
}

export interface EphemeralKey {
  privateKey: CryptoKey;
  publicRaw: Uint8Array;
}

export async function generateEphemeral(): Promise<EphemeralKey> {
  const pair = (await subtle.generateKey({ name: 'X25519' }, true, ['deriveBits'])) as webcrypto.CryptoKeyPair;
  return { privateKey: pair.privateKey, publicRaw: new Uint8Array(await subtle.exportKey('raw', pair.publicKey)) };
}

export async function ephemeralFromPrivateRaw(raw: Uint8Array): Promise<EphemeralKey> {
  const privateKey = await importPrivateRaw(raw);
  const jwk = await subtle.exportKey('jwk', privateKey);
  return { privateKey, publicRaw: unb64url(jwk.x ?? '') };
}

export async function x25519(privateKey: CryptoKey, peerPublicRaw: Uint8Array): Promise<Uint8Array> {
  const peer = await subtle.importKey('raw', peerPublicRaw, { name: 'X25519' }, false, []);
  return new Uint8Array(await subtle.deriveBits({ name: 'X25519', public: peer }, privateKey, 256));
}

async function hkdfAesKey(ikm: Uint8Array, salt: Uint8Array, info: string): Promise<CryptoKey> {
  const base = await subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
  const bits = await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info: enc.encode(info) }, base, 256);
  return subtle.importKey('raw', bits, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

export interface ConsumerRequest {
  nodePublicRaw: Uint8Array;
  nodeKeyId: string;
  taskId: string;
  intent: string;
  /** Raw plaintext bytes; defaults to the UTF-8 JSON of `payload`. */
  plaintext?: Uint8Array;
  payload?: unknown;
  ephemeral?: EphemeralKey;
  nonce?: Uint8Array;
}

export interface ConsumerSealed {
  envelope: Record<string, unknown>;
  /** What the consumer keeps to open the response. */
  shared: Uint8Array;
  ephemeral: EphemeralKey;
}

/** Builds an `iicp_conf` envelope exactly as the IICP-CX protocol describes the consumer side. */
export async function sealRequest(req: ConsumerRequest): Promise<ConsumerSealed> {
  const ephemeral = req.ephemeral ?? (await generateEphemeral());
  const nonce = req.nonce ?? randomBytes(12);
  const plaintext = req.plaintext ?? enc.encode(JSON.stringify(req.payload));
  const aad = enc.encode(`${req.taskId}|${req.intent}`);
  const shared = await x25519(ephemeral.privateKey, req.nodePublicRaw);
  const key = await hkdfAesKey(shared, nonce, 'IICP-CX-v1' + req.taskId + req.intent);
  const sealed = new Uint8Array(
    await subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad }, key, plaintext),
  );
  return {
    envelope: {
      version: 1,
      recipient_key_id: req.nodeKeyId,
      kem_ciphertext: b64url(ephemeral.publicRaw),
      encrypted_body: b64url(sealed),
      nonce: b64url(nonce),
      aad: b64url(aad),
      plaintext_size: plaintext.length,
    },
    shared,
    ephemeral,
  };
}

/** Opens an `iicp_conf_resp` as a consumer would; rejects if authentication fails. */
export async function openResponse(
  shared: Uint8Array,
  taskId: string,
  resp: { nonce: string; encrypted_body: string },
): Promise<unknown> {
  const nonce = unb64url(resp.nonce);
  const key = await hkdfAesKey(shared, nonce, 'IICP-CX-RESP-v1' + taskId);
  const plain = await subtle.decrypt(
    { name: 'AES-GCM', iv: nonce, additionalData: enc.encode(`${taskId}|resp`) },
    key,
    unb64url(resp.encrypted_body),
  );
  return JSON.parse(dec.decode(plain));
}
