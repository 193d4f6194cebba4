/**
 * Live backend health: the node watches its LLM server on every heartbeat. A server that dies
 * makes the node degraded within one heartbeat and tasks get 503 with Retry-After; when it comes back the
 * node recovers by itself. A model added on the server reaches the directory through a re-registration.
 */
import { english } from '@shared/i18n/say';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { freePort } from '../support/free-port';
import { chatTask, eventually, http, startPublicNode, type NodeHarness } from '../support/node-harness';

let directory: TestDirectory;
let backend: FakeBackend;
let backendPort: number;
let h: NodeHarness;
let nodeId: string;

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: true, heartbeatIntervalMs: 1000 });
  backendPort = await freePort();
  backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'], port: backendPort });
  h = await startPublicNode({ directory: directory.url, backend: backend.url });
  nodeId = h.node.getSnapshot().node.nodeId!;
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
});

afterAll(async () => {
  await h?.stop();
  await backend?.close();
  await directory?.close();
});

const beatsOf = () =>
  directory.state.heartbeats
    .filter((b) => b.nodeId === nodeId && b.status === 200)
    .map((b) => b.body as Record<string, unknown>);

describe('a node whose LLM server goes away and comes back', () => {
  it('is degraded within one heartbeat, answers tasks with 503 and Retry-After, and says so', async () => {
    await backend.close();
    const beatsBefore = beatsOf().length;
    await eventually(() => expect(h.node.getSnapshot().state).toBe('degraded'), 5000);
    expect(beatsOf().length - beatsBefore).toBeLessThanOrEqual(2); // noticed on the first heartbeat after the loss
    const s = h.node.getSnapshot();
    expect(english.said(s.stateReason!)).toMatch(/not responding/i);
    expect(s.backend.status).toBe('unreachable');
    const r = await http(`${h.base}/v1/task`, { body: chatTask(randomUUID()) });
    expect(r.status).toBe(503);
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    expect(r.json.error.code).toBe('backend_unavailable');
    await eventually(() => expect(beatsOf().at(-1)).toMatchObject({ available: false }), 5000);
  });

  it('recovers without anyone doing anything when the server is back', async () => {
    backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'], port: backendPort });
    await eventually(() => expect(h.node.getSnapshot().state).toBe('online'), 10_000);
    expect((await http(`${h.base}/v1/task`, { body: chatTask(randomUUID()) })).status).toBe(200);
    await eventually(() => expect(beatsOf().at(-1)).toMatchObject({ available: true }), 5000);
  });

  it('re-registers with the new capability when a model is added on the server', async () => {
    const registrations = directory.state.registrations.filter((r) => r.status === 201).length;
    backend.setModels(['qwen2.5:7b', 'nomic-embed-text']);
    await eventually(
      () => expect(directory.state.registrations.filter((r) => r.status === 201).length).toBe(registrations + 1),
      10_000,
    );
    const body = directory.state.registrations.filter((r) => r.status === 201).at(-1)!.body as Record<string, unknown>;
    // What the fake Ollama's /api/show says of each model goes with it: its context, quantization and engine.
    const reported = {
      limits: { context_tokens: { value: 32768, unit: 'tokens' } },
      quantization: 'Q4_K_M',
      inference_engine: 'ollama',
      claim_provenance: { source: 'runtime_introspection' },
    };
    // Chat and completion stream over the native transport (the public URL is a forwarded port); an embedding does not.
    const streams = { supported_profiles: ['urn:iicp:profile:service-lifecycle:v1'] };
    expect(body.capabilities).toEqual([
      {
        intent: 'urn:iicp:intent:llm:chat:v1',
        models: ['qwen2.5:7b'],
        max_tokens: 8192,
        input_modalities: ['text'],
        ...reported,
        // Ollama lists no `thinking` for it: a request may ask it not to think.
        features: ['thinking:off'],
        ...streams,
      },
      {
        intent: 'urn:iicp:intent:llm:embedding:v1',
        models: ['nomic-embed-text'],
        max_tokens: 8192,
        input_modalities: ['text'],
        ...reported,
      },
      {
        intent: 'urn:iicp:intent:llm:completion:v1',
        models: ['qwen2.5:7b'],
        max_tokens: 8192,
        input_modalities: ['text'],
        ...reported,
        ...streams,
      },
    ]);
    expect(body.current_node_token).toBeTruthy();
    const health = (await http(`${h.base}/iicp/health`)).json;
    expect(health.models).toEqual(['qwen2.5:7b', 'nomic-embed-text']);
    // The new model is served, now that the directory knows it.
    const embed = await http(`${h.base}/v1/task`, {
      body: {
        task_id: randomUUID(),
        intent: 'urn:iicp:intent:llm:embedding:v1',
        payload: { input: 'x', model: 'nomic-embed-text' },
      },
    });
    expect(embed.status).toBe(200);
  });
});
