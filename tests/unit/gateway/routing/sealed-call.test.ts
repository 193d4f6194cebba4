import { describe, expect, it } from 'vitest';
import { MAX_ANSWER_BYTES, callNode, type SealedTask } from '@engine/gateway/routing/sealed-call';
import { fakeNode, nodesFetch, type FakeNode, type NodeBehaviour } from '../fake-cx-node';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const PAYLOAD = { model: 'm1', messages: [{ role: 'user', content: 'a secret prompt' }], max_tokens: 32 };

function task(n: FakeNode, o: Partial<SealedTask> = {}): SealedTask {
  return {
    node: n.node,
    taskId: 'task-1',
    intent: CHAT,
    payloadJson: JSON.stringify(PAYLOAD),
    model: 'm1',
    maxTokens: 32,
    timeoutMs: 30_000,
    sourceNodeId: 'payer-node',
    ...o,
  };
}

async function callWith(behaviour: NodeBehaviour, o: Partial<SealedTask> = {}) {
  const n = fakeNode('n1', { behaviour });
  const f = nodesFetch([n]);
  const outcome = await callNode(task(n, o), f.fetch);
  return { outcome, calls: f.calls, n };
}

describe('one sealed task to one node', () => {
  it('is sealed to the node key, asks for a sealed answer, and opens it', async () => {
    const { outcome, calls, n } = await callWith({ kind: 'answer', modelUsed: 'm1:q4' });
    expect(outcome).toEqual({ ok: true, plaintext: expect.any(Buffer) });
    // The opened answer is handed on as its bytes (read later, off the event loop when large).
    expect(JSON.parse((outcome as { plaintext: Buffer }).plaintext.toString('utf8'))).toMatchObject({
      task_id: 'task-1',
      status: 'success',
      result: { object: 'chat.completion', choices: [{ message: { role: 'assistant', content: 'a secret prompt' } }] },
      model_used: 'm1:q4',
    });
    expect(calls).toHaveLength(1);
    const [c] = calls;
    expect(c!.url).toBe(`${n.node.endpoint}/v1/task`);
    expect(c!.headers['x-iicp-require-e2e']).toBe('1');
    expect(c!.body).toEqual({
      task_id: 'task-1',
      intent: CHAT,
      iicp_conf: expect.objectContaining({ version: 1, recipient_key_id: n.node.cx.keyId }),
      cx_response_encryption: 'required',
      nonce: expect.any(String),
      constraints: { timeout_ms: 30_000, model: 'm1', qos: 'interactive', max_tokens: 32 },
      source_node_id: 'payer-node',
    });
    // Only the node's key opens what it was sent; nothing of the prompt travels in the clear.
    expect(c!.payload).toEqual(PAYLOAD);
    expect(JSON.stringify(c!.body)).not.toContain('secret');
  });

  it('names no payer when there is none, no max_tokens when not said, and clamps the time it asks for', async () => {
    const a = await callWith({ kind: 'answer' }, { sourceNodeId: null, maxTokens: null, timeoutMs: 900_000 });
    expect(a.calls[0]!.body).not.toHaveProperty('source_node_id');
    expect(a.calls[0]!.body.constraints).toEqual({ timeout_ms: 300_000, model: 'm1', qos: 'interactive' });
    const b = await callWith({ kind: 'answer' }, { timeoutMs: 20 });
    expect((b.calls[0]!.body.constraints as { timeout_ms: number }).timeout_ms).toBe(100);
  });

  it('a fresh nonce on every call, the same task id', async () => {
    const n = fakeNode('n1');
    const f = nodesFetch([n]);
    await callNode(task(n), f.fetch);
    await callNode(task(n), f.fetch);
    expect(f.calls.map((c) => c.body.task_id)).toEqual(['task-1', 'task-1']);
    expect(f.calls[0]!.body.nonce).not.toBe(f.calls[1]!.body.nonce);
  });
});

describe('answers that must not be believed', () => {
  it.each([
    ['in the clear', { kind: 'plaintext' }],
    ['with its ciphertext changed on the way', { kind: 'tampered' }],
    ['sealed for another task', { kind: 'other_task' }],
  ] as const)('an answer %s is refused as the node’s fault (answer_not_sealed)', async (_label, behaviour) => {
    const { outcome } = await callWith(behaviour);
    expect(outcome).toEqual({
      ok: false,
      blame: 'node',
      status: 502,
      code: 'answer_not_sealed',
      message: expect.stringMatching(/did not open/),
    });
  });

  it('a sealed answer that opens is handed on whatever it says: what it says is read with the app’s API', async () => {
    const backend = await callWith({
      kind: 'answer',
      result: () => ({ error_code: 'backend_error', message: 'model crashed' }),
    });
    expect(backend.outcome.ok).toBe(true);
    expect(JSON.parse((backend.outcome as { plaintext: Buffer }).plaintext.toString('utf8'))).toMatchObject({
      result: { error_code: 'backend_error' },
    });
  });

  it(`an answer larger than ${MAX_ANSWER_BYTES / 2 ** 20} MiB is not read`, async () => {
    const { outcome } = await callWith({ kind: 'endless', bytes: MAX_ANSWER_BYTES + 1024 * 1024 });
    expect(outcome).toMatchObject({ ok: false, blame: 'node', status: 502, code: 'answer_too_large' });
  });

  it('a node advertising a key that is no key is never called', async () => {
    const n = fakeNode('n1');
    const f = nodesFetch([n]);
    const outcome = await callNode(
      task({ ...n, node: { ...n.node, cx: { key: '!!not base64url!!', keyId: 'k' } } }),
      f.fetch,
    );
    expect(outcome).toMatchObject({ ok: false, blame: 'node', code: 'bad_node_key' });
    expect(f.calls).toEqual([]);
  });
});

describe('what a refusal says: the request or the node', () => {
  it.each([
    [400, 'IICP-E010', 'request', 400],
    [413, 'IICP-E013', 'request', 413],
    [422, 'validation_error', 'request', 400],
    [429, 'IICP-E021', 'node', 503],
    [503, 'IICP-E030', 'node', 503],
    [500, 'internal', 'node', 502],
    [401, 'IICP-E001', 'node', 502],
    [404, 'not_found', 'node', 502],
  ] as const)('HTTP %s (%s): blamed on the %s, told as %s', async (status, code, blame, told) => {
    const { outcome } = await callWith({
      kind: 'status',
      status,
      body: { status: 'error', error: { code, message: 'x' } },
    });
    expect(outcome).toEqual({ ok: false, blame, status: told, code, message: expect.any(String) });
  });

  it('a refusal without a JSON error is named by its status', async () => {
    const { outcome } = await callWith({ kind: 'status', status: 502, body: '<html>bad gateway</html>' });
    expect(outcome).toMatchObject({ ok: false, blame: 'node', status: 502, code: 'http_502' });
  });

  it('no connection: node_unreachable; no answer in time: node_timeout; the app gone: cancelled, on the request', async () => {
    expect((await callWith({ kind: 'unreachable' })).outcome).toMatchObject({
      ok: false,
      blame: 'node',
      status: 502,
      code: 'node_unreachable',
    });
    // A try of 5 ms: the node's time runs out at once.
    expect((await callWith({ kind: 'hang' }, { timeoutMs: 5 })).outcome).toMatchObject({
      ok: false,
      blame: 'node',
      status: 504,
      code: 'node_timeout',
    });
    const app = new AbortController();
    const cancelled = await callWith({ kind: 'hang', onCall: () => app.abort() }, { signal: app.signal });
    expect(cancelled.outcome).toMatchObject({ ok: false, blame: 'request', status: 499, code: 'cancelled' });
  });
});
