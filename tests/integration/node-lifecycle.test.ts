/**
 * The whole life of a node on real sockets: test directory (spec-faithful, liveness probe on) + fake Ollama
 * + ProviderNode. Register → heartbeats answer challenges → tasks plain and encrypted → metric batch
 * acknowledged → directory restarted with empty state → the node re-registers by itself and keeps serving.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { openResponse, sealRequest } from '../support/cx-consumer';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { chatTask, eventually, http, startPublicNode, type NodeHarness } from '../support/node-harness';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const EMBED = 'urn:iicp:intent:llm:embedding:v1';

let directory: TestDirectory;
let backend: FakeBackend;
let h: NodeHarness;
let nodeId: string;

beforeAll(async () => {
  // Loopback endpoints are not routable; the test turns that production rule off explicitly. The liveness
  // probe stays on: the directory must reach /iicp/health before it issues credentials.
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: true, heartbeatIntervalMs: 1000 });
  backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b', 'nomic-embed-text'] });
  h = await startPublicNode({ directory: directory.url, backend: backend.url }, { region: 'eu-test' });
  nodeId = h.node.getSnapshot().node.nodeId!;
});

afterAll(async () => {
  await h?.stop();
  await backend?.close();
  await directory?.close();
});

describe('a node with the IICP directory', () => {
  it('registers after the directory probed its /iicp/health, with the recommended payload', async () => {
    const rec = await eventually(() => {
      const r = directory.state.nodes[nodeId];
      if (!r) throw new Error('not registered yet');
      return r;
    });
    const probe = directory.state.probes.find((p) => p.purpose === 'registration');
    expect(probe).toMatchObject({ ok: true, url: `${rec.endpoint}/iicp/health` });
    const body = directory.state.registrations.find((r) => r.status === 201)!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      node_id: nodeId,
      region: 'eu-test',
      limits: { max_concurrent: 2, tokens_per_min: 10000 },
      exposure_mode: 'ipv4_public_direct',
      transport_method: 'direct',
      nat_type: 'unknown',
      backend: 'ollama',
      sdk_language: 'typescript',
      implementation_name: 'iicp-provider-desktop',
      implementation_version: '0.1.0-test',
      // A public URL with a port of its own is a forwarded port: the native transport reaches the task port too.
      transport_endpoint: rec.endpoint.replace(/^http:/, 'iicp:'),
      cx_public_key: {
        algorithm: 'X25519',
        encoding: 'base64url',
        key_id: h.node.runtime!.identity.cx.keyId,
        features: ['response_encryption_v1', 'sealed_stream_v2'],
      },
    });
    expect(body.endpoint).not.toMatch(/\/$/);
    expect(body.sdk_version).toBe(body.sdk_compatibility_version);
    expect(body.node_hmac_key).toMatch(/^[0-9a-f]{64}$/);
    expect(body.current_node_token).toBeUndefined(); // first registration: no token held yet
    // With each model, what the fake Ollama's /api/show reported of it: context, quantization, the engine.
    const reported = {
      limits: { context_tokens: { value: 32768, unit: 'tokens' } },
      quantization: 'Q4_K_M',
      inference_engine: 'ollama',
      claim_provenance: { source: 'runtime_introspection' },
    };
    // Chat and completion stream over the native transport; an embedding is one answer.
    const streams = { supported_profiles: ['urn:iicp:profile:service-lifecycle:v1'] };
    expect(body.capabilities).toEqual([
      // Ollama lists no `thinking` for it: a request may ask it not to think.
      {
        intent: CHAT,
        models: ['qwen2.5:7b'],
        max_tokens: 8192,
        input_modalities: ['text'],
        ...reported,
        features: ['thinking:off'],
        ...streams,
      },
      { intent: EMBED, models: ['nomic-embed-text'], max_tokens: 8192, input_modalities: ['text'], ...reported },
      {
        intent: 'urn:iicp:intent:llm:completion:v1',
        models: ['qwen2.5:7b'],
        max_tokens: 8192,
        input_modalities: ['text'],
        ...reported,
        ...streams,
      },
    ]);
    // The directory keeps the record before its answer reaches the node; the node adopts it on receipt.
    await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
    expect(h.secrets.get('node_token')).toBe(rec.token);
    expect(h.secrets.get('node_hmac_key')).toBe(rec.hmacKey);
    expect(h.node.getSnapshot().reachability.status).toBe('public');
  });

  it('answers the liveness challenge on every heartbeat after the first', async () => {
    await eventually(() => expect(directory.state.nodes[nodeId]!.challengeVerifiedCount).toBeGreaterThanOrEqual(2));
    expect(directory.state.nodes[nodeId]!.challengeFailedCount).toBe(0);
    const beat = directory.state.heartbeats.filter((b) => b.nodeId === nodeId && b.status === 200).at(-1)!
      .body as Record<string, unknown>;
    expect(beat).toMatchObject({
      node_id: nodeId,
      available: true,
      active_jobs: 0,
      load: 0,
      health_models: ['nomic-embed-text', 'qwen2.5:7b'],
      backend_stability: { backend_state: 'ok' },
    });
    expect(beat.challenge_response).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(beat)).not.toContain(h.secrets.get('node_token')!); // the token rides only in the header
  });

  it('serves chat and embedding tasks, plain and CX-encrypted, and the directory acknowledges the metric batch', async () => {
    const base = h.base;
    expect((await http(`${base}/v1/task`, { body: chatTask(randomUUID()) })).status).toBe(200);
    expect(
      (
        await http(`${base}/v1/task`, {
          body: { task_id: randomUUID(), intent: EMBED, payload: { input: 'vector me', model: 'nomic-embed-text' } },
        })
      ).status,
    ).toBe(200);
    const cx = h.node.runtime!.identity.cx;
    for (const [intent, payload] of [
      [CHAT, { messages: [{ role: 'user', content: 'private' }] }],
      [EMBED, { input: ['private'], model: 'nomic-embed-text' }],
    ] as const) {
      const id = randomUUID();
      const sealed = await sealRequest({
        nodePublicRaw: new Uint8Array(cx.publicKeyRaw),
        nodeKeyId: cx.keyId,
        taskId: id,
        intent,
        payload,
      });
      const r = await http(`${base}/v1/task`, {
        body: { task_id: id, intent, iicp_conf: sealed.envelope, cx_response_encryption: 'required' },
      });
      expect(r.status).toBe(200);
      const inner = (await openResponse(sealed.shared, id, r.json.iicp_conf_resp)) as Record<string, unknown>;
      expect(inner).toMatchObject({ task_id: id, status: 'success' });
    }
    await eventually(() => {
      const applied = directory.state.nodes[nodeId]!.metricsApplied.reduce((n, b) => n + b.tasksSuccess, 0);
      expect(applied).toBe(4);
    });
    const ackedBeat = directory.state.heartbeats.find(
      (b) => (b.body as Record<string, unknown>)?.metrics_batch_id && b.status === 200,
    )!;
    expect((ackedBeat.response as Record<string, unknown>).metrics_batch_accepted).toBe(
      (ackedBeat.body as Record<string, unknown>).metrics_batch_id,
    );
    expect((ackedBeat.body as Record<string, unknown>).metrics).toMatchObject({ tasks_success: 4, tasks_failed: 0 });
  });

  it('re-registers by itself with a new token when the directory forgets it, and keeps serving', async () => {
    const oldToken = h.secrets.get('node_token');
    await directory.restart({ keepState: false });
    await eventually(() => {
      const rec = directory.state.nodes[nodeId];
      if (!rec) throw new Error('not re-registered yet');
      expect(rec.token).not.toBe(oldToken);
      expect(h.secrets.get('node_token')).toBe(rec.token);
    }, 20_000);
    const re = directory.state.registrations.find((r) => r.status === 201)!.body as Record<string, unknown>;
    expect(re.current_node_token).toBe(oldToken); // ownership proof carried with the fresh payload
    await eventually(
      () => expect(directory.state.nodes[nodeId]!.challengeVerifiedCount).toBeGreaterThanOrEqual(1),
      20_000,
    );
    expect((await http(`${h.base}/v1/task`, { body: chatTask(randomUUID()) })).status).toBe(200);
    expect(h.node.getSnapshot().directory.link).toBe('registered');
    const events = h.node.commands.listEvents(200).map((e) => e.event);
    expect(events).toContain('reregister_ok');
  });

  it('leaves the directory only when the person removes the node, and rejoins when switched on again', async () => {
    expect(directory.state.deregistrations).toHaveLength(0); // restarts and re-registrations never deregister
    const r = await h.node.commands.removeNode();
    expect(r).toEqual({ removed: true, message: 'Removed from the directory.' });
    expect(directory.state.nodes[nodeId]).toBeUndefined();
    expect(directory.state.deregistrations.at(-1)).toMatchObject({ nodeId, status: 200 });
    expect(h.secrets.get('node_token')).toBeNull();
    const s = h.node.getSnapshot();
    expect(s).toMatchObject({ state: 'paused', available: false });
    expect(s.directory.link).toBe('not_configured');
    const beats = directory.state.heartbeats.length;
    await new Promise((res) => setTimeout(res, 1500));
    expect(directory.state.heartbeats.length).toBe(beats); // parked: no heartbeats for a removed node

    h.node.commands.resume();
    const rec = await eventually(() => {
      const n = directory.state.nodes[nodeId];
      if (!n) throw new Error('not rejoined yet');
      return n;
    });
    expect(rec.token).toBe(h.secrets.get('node_token'));
    await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
  });
});
