import { beforeAll, describe, expect, it } from 'vitest';
import { generateCxKeyPair, type CxKeyPair } from '@engine/cx';
import { decryptRequest } from '@engine/cx/request';
import { encryptResponse } from '@engine/cx/response';
import { openResponse, sealRequest, unb64url } from '../../support/cx-consumer';

const CHAT = 'urn:iicp:intent:llm:chat:v1';

let node: CxKeyPair;

beforeAll(() => {
  node = generateCxKeyPair();
});

/** One request round: the consumer seals, the node opens; both now hold the same secret. */
async function handshake(taskId: string): Promise<{ consumerShared: Uint8Array; nodeShared: Buffer }> {
  const { envelope, shared } = await sealRequest({
    nodePublicRaw: node.publicKeyRaw,
    nodeKeyId: node.keyId,
    taskId,
    intent: CHAT,
    payload: { messages: [{ role: 'user', content: 'hi' }] },
  });
  return { consumerShared: shared, nodeShared: decryptRequest(node, envelope).shared };
}

describe('encryptResponse (response_encryption_v1)', () => {
  it('produces iicp_conf_resp that the consumer opens back into the plain response', async () => {
    const { consumerShared, nodeShared } = await handshake('task-77');
    const plain = {
      task_id: 'task-77',
      status: 'success',
      result: { content: 'IICP is a network — ünïcödé 🌐', usage: { prompt_tokens: 3, completion_tokens: 9 } },
      generated_by_ai: true,
    };
    const resp = encryptResponse(nodeShared, 'task-77', plain);
    expect(Object.keys(resp).sort()).toEqual(['encrypted_body', 'nonce', 'version']);
    expect(resp.version).toBe(1);
    expect(unb64url(resp.nonce)).toHaveLength(12);
    expect(resp.nonce).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(resp.encrypted_body).toMatch(/^[A-Za-z0-9_-]+$/);
    // Ciphertext is the UTF-8 JSON length plus the 16-byte tag.
    expect(unb64url(resp.encrypted_body)).toHaveLength(Buffer.byteLength(JSON.stringify(plain)) + 16);
    expect(await openResponse(consumerShared, 'task-77', resp)).toEqual(plain);
  });

  it('seals a large response', async () => {
    const { consumerShared, nodeShared } = await handshake('task-big');
    const plain = { task_id: 'task-big', status: 'success', result: 'z'.repeat(1_000_000), generated_by_ai: true };
    expect(await openResponse(consumerShared, 'task-big', encryptResponse(nodeShared, 'task-big', plain))).toEqual(
      plain,
    );
  });

  it('uses a fresh random nonce for every response', async () => {
    const { nodeShared } = await handshake('task-n');
    const nonces = new Set(Array.from({ length: 50 }, () => encryptResponse(nodeShared, 'task-n', { ok: true }).nonce));
    expect(nonces.size).toBe(50);
    const a = encryptResponse(nodeShared, 'task-n', { ok: true });
    const b = encryptResponse(nodeShared, 'task-n', { ok: true });
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.encrypted_body).not.toBe(b.encrypted_body);
  });

  it('binds the response to its task: opening it as another task fails', async () => {
    const { consumerShared, nodeShared } = await handshake('task-X');
    const resp = encryptResponse(nodeShared, 'task-X', { task_id: 'task-X', status: 'success' });
    await expect(openResponse(consumerShared, 'task-Y', resp)).rejects.toThrow();
  });

  it("binds the response to the request's secret: another request's secret cannot open it", async () => {
    const first = await handshake('task-S');
    const second = await handshake('task-S');
    const resp = encryptResponse(first.nodeShared, 'task-S', { status: 'success' });
    await expect(openResponse(second.consumerShared, 'task-S', resp)).rejects.toThrow();
  });

  it('refuses misuse instead of sealing something meaningless', () => {
    const shared = Buffer.alloc(32, 7);
    expect(() => encryptResponse(Buffer.alloc(31), 't', {})).toThrow(RangeError);
    expect(() => encryptResponse(shared, '', {})).toThrow(TypeError);
    expect(() => encryptResponse(shared, 't', undefined)).toThrow(TypeError);
    expect(() => encryptResponse(shared, 't', () => 1)).toThrow(TypeError);
  });
});
