import { beforeAll, describe, expect, it } from 'vitest';
import { CxError, generateCxKeyPair, type CxKeyPair } from '@engine/cx';
import { decryptRequest } from '@engine/cx/request';
import { type CxErrorCode } from '@engine/cx/errors';
import {
  b64url,
  generateEphemeral,
  randomBytes,
  sealRequest,
  unb64url,
  type ConsumerRequest,
} from '../../support/cx-consumer';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const enc = new TextEncoder();

let node: CxKeyPair;
let other: CxKeyPair;

beforeAll(() => {
  node = generateCxKeyPair();
  other = generateCxKeyPair();
});

/** Seals an envelope to `node` the way an independent consumer would. */
async function sealed(overrides: Partial<ConsumerRequest> = {}): Promise<Record<string, unknown>> {
  const { envelope } = await sealRequest({
    nodePublicRaw: node.publicKeyRaw,
    nodeKeyId: node.keyId,
    taskId: 'task-0001',
    intent: CHAT,
    payload: { messages: [{ role: 'user', content: 'hi' }] },
    ...overrides,
  });
  return envelope;
}

function refusal(envelope: unknown, kp: CxKeyPair = node): CxError {
  try {
    decryptRequest(kp, envelope);
  } catch (e) {
    expect(e).toBeInstanceOf(CxError);
    return e as CxError;
  }
  throw new Error('decryptRequest accepted an envelope it should have refused');
}

const codeFor = (envelope: unknown, kp: CxKeyPair = node): CxErrorCode => refusal(envelope, kp).code;

function flipBit(text: string, byteIndex: number): string {
  const bytes = unb64url(text);
  const i = byteIndex < 0 ? bytes.length + byteIndex : byteIndex;
  bytes[i] = (bytes[i] ?? 0) ^ 0x01;
  return b64url(bytes);
}

describe('decryptRequest: an envelope sealed by an independent WebCrypto consumer', () => {
  it('yields the payload, and the task id and intent carried in the AAD', async () => {
    const payload = { model: 'llama3', messages: [{ role: 'user', content: 'What is IICP?' }], stream: false };
    const out = decryptRequest(node, await sealed({ taskId: 'task-42', intent: CHAT, payload }));
    expect(out.payload).toEqual(payload);
    expect(out.taskId).toBe('task-42');
    expect(out.intent).toBe(CHAT);
  });

  it('hands back the same X25519 secret the consumer holds, for sealing the response', async () => {
    const { envelope, shared } = await sealRequest({
      nodePublicRaw: node.publicKeyRaw,
      nodeKeyId: node.keyId,
      taskId: 't',
      intent: CHAT,
      payload: 1,
    });
    expect(new Uint8Array(decryptRequest(node, envelope).shared)).toEqual(shared);
  });

  it('keeps unicode content intact', async () => {
    const payload = { messages: [{ role: 'user', content: 'Grüße, 世界! 🌍🚀 — naïve café, עברית, русский' }] };
    expect(decryptRequest(node, await sealed({ payload })).payload).toEqual(payload);
  });

  it('handles a payload of about 1 MB', async () => {
    const payload = { messages: [{ role: 'user', content: 'Lorem ipsum ✓ '.repeat(75_000) }] };
    const envelope = await sealed({ payload });
    expect(envelope.plaintext_size as number).toBeGreaterThan(1_000_000);
    expect(decryptRequest(node, envelope).payload).toEqual(payload);
  });

  it('splits the AAD at the first "|" only, so an intent may itself contain "|"', async () => {
    const out = decryptRequest(node, await sealed({ taskId: 'abc', intent: 'urn:x|y|z' }));
    expect(out.taskId).toBe('abc');
    expect(out.intent).toBe('urn:x|y|z');
  });

  it('takes the task id and intent from the AAD even if they differ from what the caller expected', async () => {
    // The caller compares these with the outer task; the module only reports what was authenticated.
    const out = decryptRequest(node, await sealed({ taskId: 'inner-task', intent: 'urn:iicp:intent:other:v1' }));
    expect(out.taskId).toBe('inner-task');
    expect(out.intent).toBe('urn:iicp:intent:other:v1');
  });

  it('accepts an envelope without plaintext_size', async () => {
    const envelope = await sealed();
    delete envelope.plaintext_size;
    expect(decryptRequest(node, envelope).payload).toEqual({ messages: [{ role: 'user', content: 'hi' }] });
  });

  it('accepts JSON payloads that are not objects', async () => {
    for (const payload of [null, 0, 'text', [1, 2], true]) {
      expect(decryptRequest(node, await sealed({ payload })).payload).toEqual(payload);
    }
  });

  it('ignores fields it does not know, for forward compatibility', async () => {
    const envelope = { ...(await sealed()), future_field: 'x' };
    expect(decryptRequest(node, envelope).taskId).toBe('task-0001');
  });
});

describe('decryptRequest: refusals', () => {
  describe('decrypt_failed: anything altered in transit', () => {
    it('refuses ciphertext with one bit flipped', async () => {
      const envelope = await sealed();
      expect(codeFor({ ...envelope, encrypted_body: flipBit(envelope.encrypted_body as string, 0) })).toBe(
        'decrypt_failed',
      );
    });

    it('refuses a tampered authentication tag', async () => {
      const envelope = await sealed();
      expect(codeFor({ ...envelope, encrypted_body: flipBit(envelope.encrypted_body as string, -1) })).toBe(
        'decrypt_failed',
      );
    });

    it('refuses a truncated body (tag cut off)', async () => {
      const envelope = await sealed();
      const body = unb64url(envelope.encrypted_body as string);
      const shorter = b64url(body.subarray(0, body.length - 1));
      expect(codeFor({ ...envelope, encrypted_body: shorter, plaintext_size: body.length - 17 })).toBe(
        'decrypt_failed',
      );
    });

    it('refuses the AAD of another task', async () => {
      const envelope = await sealed({ taskId: 'task-A' });
      expect(codeFor({ ...envelope, aad: b64url(enc.encode(`task-B|${CHAT}`)) })).toBe('decrypt_failed');
    });

    it('refuses the AAD of another intent', async () => {
      const envelope = await sealed();
      expect(codeFor({ ...envelope, aad: b64url(enc.encode('task-0001|urn:iicp:intent:llm:embed:v1')) })).toBe(
        'decrypt_failed',
      );
    });

    it('refuses a different nonce', async () => {
      const envelope = await sealed();
      expect(codeFor({ ...envelope, nonce: b64url(randomBytes(12)) })).toBe('decrypt_failed');
    });

    it('refuses a substituted ephemeral key', async () => {
      const envelope = await sealed();
      const substitute = await generateEphemeral();
      expect(codeFor({ ...envelope, kem_ciphertext: b64url(substitute.publicRaw) })).toBe('decrypt_failed');
    });

    it("refuses an envelope sealed to another key that claims this node's key_id", async () => {
      const envelope = await sealed({ nodePublicRaw: other.publicKeyRaw, nodeKeyId: node.keyId });
      expect(codeFor(envelope)).toBe('decrypt_failed');
    });
  });

  it('wrong_key_id: refuses an envelope addressed to another node', async () => {
    const envelope = await sealed({ nodePublicRaw: other.publicKeyRaw, nodeKeyId: other.keyId });
    expect(codeFor(envelope)).toBe('wrong_key_id');
    // The addressee can open it: the refusal is about addressing, not a broken envelope.
    expect(decryptRequest(other, envelope).taskId).toBe('task-0001');
  });

  it('unsupported_version: refuses version 2 (and other integer versions)', async () => {
    const envelope = await sealed();
    expect(codeFor({ ...envelope, version: 2 })).toBe('unsupported_version');
    expect(codeFor({ ...envelope, version: 0 })).toBe('unsupported_version');
    // A future version may change every other field, so the version is judged before them.
    expect(codeFor({ version: 2 })).toBe('unsupported_version');
  });

  describe('bad_key: low-order ephemeral keys that would make the shared secret public', () => {
    const lowOrder: Record<string, Uint8Array> = {
      'all zeros (u = 0)': new Uint8Array(32),
      'u = 1': Uint8Array.from([1, ...new Array<number>(31).fill(0)]),
      'u = p (= 0 mod p)': Uint8Array.from([0xed, ...new Array<number>(30).fill(0xff), 0x7f]),
    };
    for (const [name, point] of Object.entries(lowOrder)) {
      it(`refuses ${name}`, async () => {
        const envelope = await sealed();
        expect(codeFor({ ...envelope, kem_ciphertext: b64url(point) })).toBe('bad_key');
      });
    }
  });

  describe('plaintext_not_json', () => {
    it('refuses an authentic plaintext that is not JSON', async () => {
      expect(codeFor(await sealed({ plaintext: enc.encode('not json {') }))).toBe('plaintext_not_json');
    });

    it('refuses an authentic plaintext that is not UTF-8', async () => {
      expect(codeFor(await sealed({ plaintext: Uint8Array.from([0x22, 0xff, 0xfe, 0x22]) }))).toBe(
        'plaintext_not_json',
      );
    });

    it('refuses an empty plaintext', async () => {
      expect(codeFor(await sealed({ plaintext: new Uint8Array(0) }))).toBe('plaintext_not_json');
    });
  });

  it('size_mismatch: refuses a plaintext_size that is not the decrypted length', async () => {
    const envelope = await sealed();
    const size = envelope.plaintext_size as number;
    expect(codeFor({ ...envelope, plaintext_size: size + 1 })).toBe('size_mismatch');
    expect(codeFor({ ...envelope, plaintext_size: size - 1 })).toBe('size_mismatch');
    expect(codeFor({ ...envelope, plaintext_size: 0 })).toBe('size_mismatch');
  });

  describe('malformed_envelope', () => {
    it('refuses something that is not an object', () => {
      for (const envelope of [null, undefined, 'iicp_conf', 42, [], [{ version: 1 }]]) {
        expect(codeFor(envelope)).toBe('malformed_envelope');
      }
    });

    for (const name of ['version', 'recipient_key_id', 'kem_ciphertext', 'encrypted_body', 'nonce', 'aad']) {
      it(`refuses an envelope missing ${name}`, async () => {
        const envelope = await sealed();
        delete envelope[name];
        const error = refusal(envelope);
        expect(error.code).toBe('malformed_envelope');
        expect(error.message).toContain(name);
      });
    }

    it('does not take a missing field from the prototype chain', async () => {
      const { nonce, ...rest } = await sealed();
      const envelope = Object.assign(Object.create({ nonce }) as object, rest);
      expect(codeFor(envelope)).toBe('malformed_envelope');
    });

    it('refuses fields of the wrong type', async () => {
      const envelope = await sealed();
      const wrong: Array<[string, unknown]> = [
        ['version', '1'],
        ['version', 1.5],
        ['version', null],
        ['recipient_key_id', 7],
        ['recipient_key_id', ''],
        ['kem_ciphertext', 12345],
        ['encrypted_body', ['a']],
        ['nonce', { bytes: 12 }],
        ['aad', null],
        ['plaintext_size', '12'],
        ['plaintext_size', -1],
        ['plaintext_size', 1.5],
        ['plaintext_size', null],
      ];
      for (const [name, value] of wrong) {
        expect({ name, value, code: codeFor({ ...envelope, [name]: value }) }).toEqual({
          name,
          value,
          code: 'malformed_envelope',
        });
      }
    });

    it('refuses characters outside unpadded base64url', async () => {
      const envelope = await sealed();
      const nonce = envelope.nonce as string; // 12 bytes: 16 characters, no padding needed
      const kem = envelope.kem_ciphertext as string; // 32 bytes: 43 characters
      const bad: Array<[string, string]> = [
        ['nonce', '+' + nonce.slice(1)],
        ['nonce', '/' + nonce.slice(1)],
        ['nonce', nonce.slice(0, 15) + '.'],
        ['nonce', nonce.slice(0, 8) + ' ' + nonce.slice(8)],
        ['nonce', nonce + '\n'],
        ['kem_ciphertext', kem + '='],
        ['kem_ciphertext', Buffer.from(unb64url(kem)).toString('base64')],
        ['encrypted_body', (envelope.encrypted_body as string) + '=='],
        ['aad', (envelope.aad as string) + '\t'],
      ];
      for (const [name, value] of bad) {
        expect({ name, value, code: codeFor({ ...envelope, [name]: value }) }).toEqual({
          name,
          value,
          code: 'malformed_envelope',
        });
      }
    });

    it('refuses a non-canonical base64url spelling (stray low bits in the last character)', async () => {
      const envelope = await sealed();
      const kem = envelope.kem_ciphertext as string;
      // 43 characters carry 258 bits for 256; 'A' -> 'B' sets one of the two ignored bits.
      const last = kem.at(-1) ?? 'A';
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const tweaked = kem.slice(0, -1) + alphabet[alphabet.indexOf(last) ^ 1];
      expect(Buffer.from(tweaked, 'base64url').equals(Buffer.from(kem, 'base64url'))).toBe(true);
      expect(codeFor({ ...envelope, kem_ciphertext: tweaked })).toBe('malformed_envelope');
    });

    it('refuses an 11-byte nonce', async () => {
      const envelope = await sealed();
      const eleven = b64url(unb64url(envelope.nonce as string).subarray(0, 11));
      expect(codeFor({ ...envelope, nonce: eleven })).toBe('malformed_envelope');
    });

    it('refuses a 13-byte nonce', async () => {
      const envelope = await sealed();
      expect(codeFor({ ...envelope, nonce: b64url(randomBytes(13)) })).toBe('malformed_envelope');
    });

    it('refuses a 31-byte or 33-byte ephemeral key', async () => {
      const envelope = await sealed();
      const kem = unb64url(envelope.kem_ciphertext as string);
      expect(codeFor({ ...envelope, kem_ciphertext: b64url(kem.subarray(0, 31)) })).toBe('malformed_envelope');
      expect(codeFor({ ...envelope, kem_ciphertext: b64url(Uint8Array.from([...kem, 0])) })).toBe('malformed_envelope');
    });

    it('refuses a body shorter than the 16-byte tag', async () => {
      const envelope = await sealed();
      expect(codeFor({ ...envelope, encrypted_body: b64url(randomBytes(15)), plaintext_size: undefined })).toBe(
        'malformed_envelope',
      );
      expect(codeFor({ ...envelope, encrypted_body: '' })).toBe('malformed_envelope');
    });

    it('refuses a body over 8 MiB without decoding it', async () => {
      const envelope = await sealed();
      const huge = 'A'.repeat(Math.ceil(((8 * 1024 * 1024 + 1) * 4) / 3));
      expect(codeFor({ ...envelope, encrypted_body: huge })).toBe('malformed_envelope');
    });

    it('refuses an aad without "|"', async () => {
      // Even correctly sealed: the AAD must say which task and intent it binds.
      const { envelope } = await sealRequest({
        nodePublicRaw: node.publicKeyRaw,
        nodeKeyId: node.keyId,
        taskId: 'no-separator',
        intent: '',
        payload: {},
      });
      envelope.aad = b64url(enc.encode('no-separator'));
      expect(codeFor(envelope)).toBe('malformed_envelope');
    });

    it('refuses an aad with an empty task id or intent', async () => {
      const envelope = await sealed();
      expect(codeFor({ ...envelope, aad: b64url(enc.encode(`|${CHAT}`)) })).toBe('malformed_envelope');
      expect(codeFor({ ...envelope, aad: b64url(enc.encode('task-0001|')) })).toBe('malformed_envelope');
      expect(codeFor({ ...envelope, aad: '' })).toBe('malformed_envelope');
    });

    it('refuses an aad that is not UTF-8', async () => {
      const envelope = await sealed();
      expect(codeFor({ ...envelope, aad: b64url(Uint8Array.from([0x74, 0x7c, 0xff])) })).toBe('malformed_envelope');
    });
  });

  it('never puts key material or plaintext into the message shown to the consumer', async () => {
    const secret = 'TOP-SECRET-PROMPT-c0ffee';
    const { envelope, shared } = await sealRequest({
      nodePublicRaw: node.publicKeyRaw,
      nodeKeyId: node.keyId,
      taskId: 'task-leak',
      intent: CHAT,
      plaintext: enc.encode(`${secret} is not json`),
    });
    const cases: unknown[] = [
      envelope, // plaintext_not_json
      { ...envelope, encrypted_body: flipBit(envelope.encrypted_body as string, 3) },
      { ...envelope, kem_ciphertext: b64url(new Uint8Array(32)) },
      { ...envelope, plaintext_size: 1 },
      { ...envelope, nonce: (envelope.nonce as string) + '=' },
      { ...envelope, version: 9 },
    ];
    const forbidden = [
      secret,
      Buffer.from(shared).toString('hex'),
      Buffer.from(shared).toString('base64url'),
      node.publicKeyRaw.toString('base64url'),
      envelope.kem_ciphertext as string,
      envelope.nonce as string,
      envelope.encrypted_body as string,
    ];
    for (const c of cases) {
      const { message } = refusal(c);
      expect(message.length).toBeGreaterThan(0);
      for (const f of forbidden) expect(message).not.toContain(f);
    }
  });
});
