import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  modelMatches,
  observeStability,
  parseLmStudioModels,
  parseOllamaPs,
} from '../../../src-main/engine/backends';
import { startFakeBackend, type FakeBackend, type FakeBackendOptions } from '../../support/backends';

const NOW_MS = 1_000_000_500; // 1_000_000 unix seconds and a half
const NOW_S = 1_000_000;

let fakes: FakeBackend[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

async function fake(opts: FakeBackendOptions): Promise<FakeBackend> {
  const f = await startFakeBackend(opts);
  fakes.push(f);
  return f;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('reading the backend’s answers (reference: backend stability observer)', () => {
  it('ollama_loaded_is_ok_and_redacted: nothing but state and reason leaves the node', () => {
    const obs = parseOllamaPs({ models: [{ name: 'qwen', size_vram: 123 }] }, 'qwen');
    expect(obs).toEqual({ backend_state: 'ok', reason_class: 'ok' });
  });

  it('ollama_missing_expected_is_cold_not_draining', () => {
    expect(parseOllamaPs({ models: [] }, 'qwen')).toEqual({ backend_state: 'degraded', reason_class: 'backend_cold' });
  });

  it('an Ollama answer of the wrong shape is an observer error', () => {
    expect(parseOllamaPs({ running: [] }, 'qwen')).toEqual({ backend_state: 'degraded', reason_class: 'observer_error' });
    expect(parseOllamaPs('nope', null).reason_class).toBe('observer_error');
  });

  it('lmstudio_loading_drains_temporarily: 30 s, without leaking instance details', () => {
    const obs = parseLmStudioModels(
      { data: [{ id: 'qwen', loaded_instances: [{ state: 'loading', model_size_bytes: 99 }] }] },
      'qwen',
      NOW_MS,
    );
    expect(obs).toEqual({ backend_state: 'draining', reason_class: 'backend_loading', retry_after_s: 30, drain_until: NOW_S + 30 });
  });

  it.each(['loading', 'Initializing', 'starting', 'warming', 'warming-up', 'WARMING_UP'])('LM Studio state %j drains as loading', (state) => {
    expect(parseLmStudioModels({ data: [{ id: 'm', loaded_instances: [{ state }] }] }, 'm', NOW_MS).reason_class).toBe('backend_loading');
  });

  it.each(['error', 'failed', 'crashed', 'unhealthy', 'oom', 'out-of-memory'])('LM Studio state %j drains as unstable for 60 s', (state) => {
    expect(parseLmStudioModels({ data: [{ id: 'm', loaded_instances: [{ state }] }] }, 'm', NOW_MS)).toEqual({
      backend_state: 'draining',
      reason_class: 'backend_unstable',
      retry_after_s: 60,
      drain_until: NOW_S + 60,
    });
  });

  it('an unstable instance wins over a loading one, and any model’s trouble drains the node', () => {
    const data = {
      models: [
        { key: 'other', loaded_instances: [{ status: 'crashed' }] },
        { key: 'm', loaded_instances: [{ load_status: 'loading' }] },
      ],
    };
    expect(parseLmStudioModels(data, 'm', NOW_MS).reason_class).toBe('backend_unstable');
  });

  it('an LM Studio model without a loaded instance is cold; a loaded one is ok', () => {
    const data = { data: [{ id: 'm', loaded_instances: [] }, { id: 'n', loaded_instances: [{ state: 'loaded' }] }] };
    expect(parseLmStudioModels(data, 'm', NOW_MS)).toEqual({ backend_state: 'degraded', reason_class: 'backend_cold' });
    expect(parseLmStudioModels(data, 'n', NOW_MS)).toEqual({ backend_state: 'ok', reason_class: 'ok' });
    expect(parseLmStudioModels(data, 'absent', NOW_MS).reason_class).toBe('backend_cold');
    expect(parseLmStudioModels({ nothing: [] }, 'm', NOW_MS).reason_class).toBe('observer_error');
  });

  it('matches model names exactly or up to the tag after ":"', () => {
    expect(modelMatches('qwen3:8b', 'qwen3:8b')).toBe(true);
    expect(modelMatches('qwen3:latest', 'qwen3')).toBe(true);
    expect(modelMatches('qwen3', 'qwen3:8b')).toBe(true);
    expect(modelMatches('qwen3-coder:8b', 'qwen3:8b')).toBe(false);
    expect(modelMatches('anything', null)).toBe(true);
  });
});

describe('observing a live backend every heartbeat', () => {
  it('Ollama with the selected model resident is ok', async () => {
    const f = await fake({ flavour: 'ollama', models: ['qwen3:8b'], loaded: ['qwen3:8b'] });
    expect(await observeStability('ollama', f.url, null, 'qwen3:8b', 2000, NOW_MS)).toEqual({ backend_state: 'ok', reason_class: 'ok' });
    expect(f.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /api/ps']);
  });

  it('Ollama with the selected model unloaded is cold, and warms up once the model is used', async () => {
    const f = await fake({ flavour: 'ollama', models: ['qwen3:8b'], loaded: [] });
    expect(await observeStability('ollama', f.url, null, 'qwen3:8b', 2000, NOW_MS)).toMatchObject({ reason_class: 'backend_cold' });

    f.setLoaded(['qwen3:8b']);
    expect(await observeStability('ollama', f.url, null, 'qwen3:8b', 2000, NOW_MS)).toMatchObject({ reason_class: 'ok' });
  });

  it('a backend of unknown flavour is observed like Ollama', async () => {
    const f = await fake({ flavour: 'ollama', models: ['m'], loaded: [] });
    expect(await observeStability(null, f.url, null, 'm', 2000, NOW_MS)).toMatchObject({ reason_class: 'backend_cold' });
  });

  it('LM Studio loading the model drains the node for 30 s', async () => {
    const f = await fake({ flavour: 'lmstudio', models: ['qwen2.5-7b-instruct'], lmstudioStates: { 'qwen2.5-7b-instruct': 'loading' } });
    expect(await observeStability('lmstudio', `${f.url}/v1`, null, 'qwen2.5-7b-instruct', 2000, NOW_MS)).toEqual({
      backend_state: 'draining',
      reason_class: 'backend_loading',
      retry_after_s: 30,
      drain_until: NOW_S + 30,
    });
    expect(f.calls.map((c) => c.path)).toEqual(['/api/v1/models']);
  });

  it('LM Studio reporting an error drains the node as unstable for 60 s', async () => {
    const f = await fake({ flavour: 'lmstudio', models: ['m'], lmstudioStates: { m: 'error' } });
    expect(await observeStability('lmstudio', f.url, null, 'm', 2000, NOW_MS)).toMatchObject({
      backend_state: 'draining',
      reason_class: 'backend_unstable',
      retry_after_s: 60,
    });
  });

  it('LM Studio with the model loaded is ok; without it, cold', async () => {
    const f = await fake({ flavour: 'lmstudio', models: ['m', 'n'], loaded: ['m'] });
    expect(await observeStability('lmstudio', f.url, null, 'm', 2000, NOW_MS)).toMatchObject({ reason_class: 'ok' });
    expect(await observeStability('lmstudio', f.url, null, 'n', 2000, NOW_MS)).toMatchObject({ reason_class: 'backend_cold' });
  });

  it('passes the API key to the observer probes', async () => {
    const f = await fake({ flavour: 'lmstudio', models: ['m'], apiKey: 'sk-lm' });
    expect(await observeStability('lmstudio', f.url, 'sk-lm', 'm', 2000, NOW_MS)).toMatchObject({ reason_class: 'ok' });
    expect(await observeStability('lmstudio', f.url, null, 'm', 2000, NOW_MS)).toMatchObject({ reason_class: 'observer_error' });
  });

  it.each(['vllm', 'llamacpp'] as const)('%s keeps its model resident: ok without any probe', async (flavour) => {
    const f = await fake({ flavour });
    expect(await observeStability(flavour, f.url, null, 'whatever', 2000, NOW_MS)).toEqual({ backend_state: 'ok', reason_class: 'ok' });
    expect(f.calls).toEqual([]);
  });

  it('a probe that fails is an observer error, not a verdict on the model', async () => {
    const port = await closedPort();
    expect(await observeStability('ollama', `http://127.0.0.1:${port}`, null, 'm', 500, NOW_MS)).toEqual({
      backend_state: 'degraded',
      reason_class: 'observer_error',
    });
    expect(await observeStability('lmstudio', `http://127.0.0.1:${port}`, null, 'm', 500, NOW_MS)).toMatchObject({
      reason_class: 'observer_error',
    });

    const hanging = await fake({ flavour: 'ollama', hang: true });
    expect(await observeStability('ollama', hanging.url, null, 'm', 200, NOW_MS)).toMatchObject({ reason_class: 'observer_error' });
  });
});
