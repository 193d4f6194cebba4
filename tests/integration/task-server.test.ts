/**
 * The node's HTTP surface on real sockets, against fake backends: the behaviours pinned by the reference
 * Rust SDK's node tests and our stricter rules (advertised intents/models only, 413, 504, 502).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { openResponse, sealRequest } from '../support/cx-consumer';
import { chatTask, eventually, http, startNode, type NodeHarness } from '../support/node-harness';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const EMBED = 'urn:iicp:intent:llm:embedding:v1';

async function setup(
  backendOpts: Partial<Parameters<typeof startFakeBackend>[0]> = {},
  settings: Record<string, unknown> = {},
) {
  const backend = await startFakeBackend({
    flavour: 'ollama',
    models: ['qwen2.5:7b', 'nomic-embed-text'],
    ...backendOpts,
  });
  cleanups.push(() => backend.close());
  const h = await startNode({ backendUrl: backend.url, maxConcurrent: 2, ...settings });
  cleanups.push(() => h.stop());
  return { backend, h };
}

const task = (h: NodeHarness, body: unknown, headers: Record<string, string> = {}) =>
  http(`${h.base}/v1/task`, { body, headers });
// What the node asks to learn about the server (a look) is not inference.
const inferencePaths = (b: FakeBackend) =>
  b.calls
    .map((c) => c.path)
    .filter((p) => !['/api/tags', '/v1/models', '/api/version', '/api/ps', '/api/show'].includes(p));

describe('GET /iicp/health', () => {
  it('answers 200 with status, node id, capacity and every advertised model (test_health_endpoint_returns_200, …_models_array)', async () => {
    const { h } = await setup();
    const r = await http(`${h.base}/iicp/health`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.json).toMatchObject({
      status: 'ok',
      node_id: h.node.getSnapshot().node.nodeId,
      max_concurrent: 2,
      effective_max_concurrent: 2,
      available: true,
      active_jobs: 0,
      models: ['qwen2.5:7b', 'nomic-embed-text'],
      backend_stability: { backend_state: 'ok', reason_class: 'ok' },
      pinhole_state: { active: false },
    });
  });

  it('answers HEAD too (the directory re-verifies with HEAD) and CORS preflights', async () => {
    const { h } = await setup();
    const head = await http(`${h.base}/iicp/health`, { method: 'HEAD' });
    expect([head.status, head.text]).toEqual([200, '']);
    const pre = await http(`${h.base}/v1/task`, { method: 'OPTIONS' });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    expect(pre.headers['access-control-allow-headers']).toContain('X-IICP-Consumer-Token');
    expect(pre.headers['access-control-allow-headers']).toContain('traceparent');
    expect(pre.headers['access-control-max-age']).toBe('86400');
  });
});

describe('POST /v1/task', () => {
  it('serves a chat task: 200, status "success", the backend result under result, metrics and model_used', async () => {
    const { h } = await setup();
    const id = randomUUID();
    const r = await task(h, chatTask(id));
    expect(r.status).toBe(200);
    const body = r.json;
    expect(body).toMatchObject({ task_id: id, status: 'success', generated_by_ai: true, model_used: 'qwen2.5:7b' });
    expect(typeof body.result.choices[0].message.content).toBe('string');
    expect(body.metrics).toMatchObject({
      node_id: h.node.getSnapshot().node.nodeId,
      tokens_used: body.result.usage.total_tokens,
    });
    expect(body.metrics.latency_ms).toBeGreaterThanOrEqual(0);
    expect(body.result.result).toBeUndefined(); // never double-wrapped
  });

  it('serves an embedding task with the embedding model', async () => {
    const { h, backend } = await setup();
    const r = await task(h, {
      task_id: randomUUID(),
      intent: EMBED,
      payload: { input: ['a', 'b'], model: 'nomic-embed-text' },
    });
    expect(r.status).toBe(200);
    expect(r.json.result.data).toHaveLength(2);
    expect(inferencePaths(backend)).toEqual(['/v1/embeddings']);
  });

  it('decrypts an IICP-CX request and encrypts the answer when asked (test_task_endpoint_decrypts_iicp_conf)', async () => {
    const { h, backend } = await setup();
    const identity = h.node.runtime!.identity;
    const id = randomUUID();
    const sealed = await sealRequest({
      nodePublicRaw: new Uint8Array(identity.cx.publicKeyRaw),
      nodeKeyId: identity.cx.keyId,
      taskId: id,
      intent: CHAT,
      payload: { messages: [{ role: 'user', content: 'secret question' }] },
    });
    const r = await task(h, {
      task_id: id,
      intent: CHAT,
      iicp_conf: sealed.envelope,
      cx_response_encryption: 'required',
    });
    expect(r.status).toBe(200);
    const outer = r.json;
    expect(outer).toMatchObject({ task_id: id, status: 'encrypted', generated_by_ai: true });
    expect(outer.result).toBeUndefined();
    const inner = (await openResponse(sealed.shared, id, outer.iicp_conf_resp)) as Record<string, unknown>;
    expect(inner).toMatchObject({ task_id: id, status: 'success' });
    expect(JSON.stringify(inner.result)).toContain('secret question');
    // The backend saw the decrypted payload.
    expect(backend.calls.find((c) => c.path === '/v1/chat/completions')?.body).toMatchObject({
      messages: [{ content: 'secret question' }],
    });
  });

  it('refuses a CX envelope that does not decrypt (IICP-CX-02) or belongs to another task, and encrypted replies without CX (IICP-CX-03)', async () => {
    const { h, backend } = await setup();
    const identity = h.node.runtime!.identity;
    const sealed = await sealRequest({
      nodePublicRaw: new Uint8Array(identity.cx.publicKeyRaw),
      nodeKeyId: identity.cx.keyId,
      taskId: 'a',
      intent: CHAT,
      payload: { messages: [{ role: 'user', content: 'x' }] },
    });
    const otherTask = await task(h, { task_id: 'b', intent: CHAT, iicp_conf: sealed.envelope });
    expect([otherTask.status, otherTask.json.error.code]).toEqual([400, 'IICP-CX-02']);
    const tampered = {
      ...sealed.envelope,
      encrypted_body: String(sealed.envelope.encrypted_body).replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
    };
    const bad = await task(h, { task_id: 'a', intent: CHAT, iicp_conf: tampered });
    expect([bad.status, bad.json.error.code]).toEqual([400, 'IICP-CX-02']);
    const plainButEncrypted = await task(h, chatTask(randomUUID(), { cx_response_encryption: 'required' }));
    expect([plainButEncrypted.status, plainButEncrypted.json.error.code]).toEqual([400, 'IICP-CX-03']);
    expect(inferencePaths(backend)).toEqual([]);
  });

  it('answers 429 IICP-E021 with Retry-After: 2 when there is no capacity (test_concurrency_gate_429)', async () => {
    const { h } = await setup();
    h.node.commands.pause();
    const r = await task(h, chatTask(randomUUID()));
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBe('2');
    expect(r.json).toEqual({
      error: { code: 'IICP-E021', message: 'capacity_exceeded', qos_class: 'best_effort', retry_after_ms: 2000 },
    });
  });

  it('lets interactive tasks wait up to 2 s for a slot, but refuses batch tasks at once', async () => {
    const { h } = await setup({ latencyMs: 400 }, { maxConcurrent: 1 });
    const first = task(h, chatTask(randomUUID()));
    await eventually(() => expect(h.node.getSnapshot().capacity.activeJobs).toBe(1));
    const batch = await task(h, chatTask(randomUUID(), { constraints: { qos: 'batch' } }));
    expect(batch.status).toBe(429);
    const interactive = await task(h, chatTask(randomUUID(), { constraints: { qos: 'interactive' } }));
    expect(interactive.status).toBe(200);
    expect((await first).status).toBe(200);
  });

  it('detects a replayed nonce (test_nonce_replay_409)', async () => {
    const { h } = await setup();
    expect((await task(h, chatTask(randomUUID(), { nonce: 'n-1' }))).status).toBe(200);
    const again = await task(h, chatTask(randomUUID(), { nonce: 'n-1' }));
    expect([again.status, again.json]).toEqual([409, { error: { code: 'IICP-E011', message: 'replay_detected' } }]);
  });

  it('answers an exact duplicate task_id with the first answer, and a different body under the same id with 409', async () => {
    const { h, backend } = await setup();
    const t = chatTask(randomUUID());
    const a = await task(h, t);
    const b = await task(h, t);
    expect(b.status).toBe(200);
    expect(b.text).toBe(a.text);
    expect(b.headers['x-iicp-replayed']).toBe('1');
    expect(inferencePaths(backend)).toEqual(['/v1/chat/completions']);
    const c = await task(h, { ...t, payload: { messages: [{ role: 'user', content: 'something else' }] } });
    expect([c.status, c.json.error.code]).toEqual([409, 'IICP-E010']);
  });

  it('drains while the backend is loading: 503 IICP-E024 with Retry-After, and health says so (test_backend_stability_health_and_task_drain)', async () => {
    const backend = await startFakeBackend({
      flavour: 'lmstudio',
      models: ['qwen2.5-7b-instruct'],
      lmstudioStates: { 'qwen2.5-7b-instruct': 'loading' },
    });
    cleanups.push(() => backend.close());
    const h = await startNode({ backendUrl: backend.url });
    cleanups.push(() => h.stop());
    const health = (await http(`${h.base}/iicp/health`)).json;
    expect(health.backend_stability).toMatchObject({ backend_state: 'draining', reason_class: 'backend_loading' });
    expect(Object.keys(health.backend_stability).sort()).toEqual([
      'backend_state',
      'drain_until',
      'reason_class',
      'retry_after_s',
    ]);
    const r = await task(h, chatTask(randomUUID()));
    expect(r.status).toBe(503);
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    expect(r.json).toMatchObject({
      error: { code: 'IICP-E024', message: 'backend temporarily draining', reason: 'backend_loading' },
    });
  });

  it('refuses tool intents (403) and intents it does not advertise (422) without calling the backend', async () => {
    const { h, backend } = await setup({ models: ['qwen2.5:7b'] });
    const tool = await task(h, { task_id: 't1', intent: 'urn:iicp:intent:tool:run:v1', payload: {} });
    expect([tool.status, tool.json.error.code]).toEqual([403, 'tool_execution_denied']);
    const embed = await task(h, { task_id: 't2', intent: EMBED, payload: { input: 'x' } });
    expect([embed.status, embed.json.error.code]).toEqual([422, 'intent_not_advertised']);
    const speech = await task(h, { task_id: 't3', intent: 'urn:iicp:intent:audio:speech:v1', payload: { input: 'x' } });
    expect(speech.status).toBe(422);
    expect(inferencePaths(backend)).toEqual([]);
  });

  it('refuses models it does not advertise with 404 IICP-E029, and admin routes are unreachable', async () => {
    const { h, backend } = await setup({ models: ['qwen2.5:7b'] });
    backend.setModels(['qwen2.5:7b', 'secret-model']); // on the server, but not (yet) advertised
    for (const model of [
      'secret-model',
      '../api/pull',
      '../../api/delete',
      'x/../../api/create',
      '/api/pull?name=evil',
    ]) {
      const r = await task(h, {
        task_id: randomUUID(),
        intent: CHAT,
        payload: { model, messages: [{ role: 'user', content: 'hi' }] },
      });
      expect([r.status, r.json.error.code]).toEqual([404, 'IICP-E029']);
    }
    for (const intent of ['urn:iicp:intent:llm:chat:v1/../../api/pull', '/api/delete', 'urn:iicp:intent:llm:pull:v1']) {
      const r = await task(h, {
        task_id: randomUUID(),
        intent,
        payload: { messages: [{ role: 'user', content: 'hi' }] },
      });
      expect(r.status).toBe(422);
    }
    expect(inferencePaths(backend)).toEqual([]);
    expect(
      backend.calls.some(
        (c) => c.path.startsWith('/api/pull') || c.path.startsWith('/api/delete') || c.path.startsWith('/api/create'),
      ),
    ).toBe(false);
  });

  it('validates the payload against the intent schema (422 validation_error) before the backend', async () => {
    const { h, backend } = await setup();
    for (const payload of [
      {},
      { messages: [] },
      { messages: [{ role: 'wizard', content: 'x' }] },
      { messages: 'hi' },
      'a string',
    ]) {
      const r = await task(h, { task_id: randomUUID(), intent: CHAT, payload });
      expect([r.status, r.json.error.code]).toEqual([422, 'validation_error']);
    }
    expect(inferencePaths(backend)).toEqual([]);
  });

  it('clamps max_tokens to the advertised value and forces stream:false', async () => {
    const { h, backend } = await setup({}, { maxTokens: 64 });
    const r = await task(
      h,
      chatTask(randomUUID(), {
        payload: { messages: [{ role: 'user', content: 'x' }], max_tokens: 100000, stream: true },
      }),
    );
    expect(r.status).toBe(200);
    expect(backend.calls.find((c) => c.path === '/v1/chat/completions')?.body).toMatchObject({
      max_tokens: 64,
      stream: false,
    });
  });

  it('maps a backend failure to 502 backend_error (no details) and counts it as a failure', async () => {
    const { h } = await setup({ failStatus: 500 });
    const id = randomUUID();
    const r = await task(h, chatTask(id));
    expect(r.status).toBe(502);
    expect(r.json).toMatchObject({ task_id: id, status: 'error', error: { code: 'backend_error' } });
    expect(h.node.getSnapshot().recentTasks[0]).toMatchObject({ taskId: id, outcome: 'error' });
  });

  it('honours constraints.timeout_ms: 504 task_timeout when the backend is slower', async () => {
    // A backend that takes a minute: a 504 can only come from the task's own 300 ms.
    const { h } = await setup({ latencyMs: 60_000 });
    const id = randomUUID();
    const r = await task(h, chatTask(id, { constraints: { timeout_ms: 300 } }));
    expect(r.status).toBe(504);
    expect(r.json).toMatchObject({ task_id: id, status: 'timeout', error: { code: 'task_timeout' } });
    await eventually(() => expect(h.node.getSnapshot().capacity.activeJobs).toBe(0));
  });

  it('refuses bodies over the limit with 413 and unreadable JSON with 400, always as JSON', async () => {
    const { h } = await setup();
    const big = await http(`${h.base}/v1/task`, {
      raw: Buffer.alloc(9 * 1024 * 1024, 0x61),
      headers: { 'Content-Type': 'application/json' },
    });
    expect([big.status, big.json.error.code]).toEqual([413, 'payload_too_large']);
    const broken = await http(`${h.base}/v1/task`, {
      raw: '{"task_id": ',
      headers: { 'Content-Type': 'application/json' },
    });
    expect([broken.status, broken.json.error.code]).toEqual([400, 'invalid_json']);
    const shape = await task(h, { intent: CHAT });
    expect([shape.status, shape.json.error.code]).toEqual([422, 'validation_error']);
    const nowhere = await http(`${h.base}/api/pull`, { body: {} });
    expect([nowhere.status, nowhere.json.error.code]).toEqual([404, 'not_found']);
    const wrongMethod = await http(`${h.base}/v1/task`);
    expect(wrongMethod.status).toBe(405);
  });

  it('rate-limits browser origins per window (IICP-E023) but not other origins', async () => {
    const { h } = await setup();
    // The default is 120 / 60 s; spend it for one origin with requests refused early (no backend work).
    let last = 0;
    for (let i = 0; i < 121; i++)
      last = (
        await task(
          h,
          { task_id: `x${i}`, intent: 'urn:iicp:intent:tool:run:v1', payload: {} },
          { Origin: 'https://a.example' },
        )
      ).status;
    expect(last).toBe(429);
    const other = await task(h, chatTask(randomUUID()), { Origin: 'https://b.example' });
    expect(other.status).toBe(200);
  });

  it('publishes the five spec metrics on /metrics', async () => {
    const { h } = await setup();
    await task(h, chatTask(randomUUID()));
    const r = await http(`${h.base}/metrics`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('text/plain');
    for (const name of [
      'iicp_tasks_total',
      'iicp_task_latency_ms',
      'iicp_tokens_used_total',
      'iicp_peers_active',
      'iicp_heartbeat_failures_total',
    ]) {
      expect(r.text).toContain(`# TYPE ${name}`);
    }
    expect(r.text).toMatch(
      /iicp_tasks_total\{status="success",intent="urn:iicp:intent:llm:chat:v1",qos="best_effort"\} 1/,
    );
  });

  it('shows served tasks on the dashboard snapshot', async () => {
    const { h } = await setup();
    const id = randomUUID();
    await task(h, chatTask(id));
    const s = h.node.getSnapshot();
    expect(s.recentTasks[0]).toMatchObject({ taskId: id, intent: CHAT, model: 'qwen2.5:7b', outcome: 'ok' });
    expect(s.today.jobs).toBe(1);
  });
});
