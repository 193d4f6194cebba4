import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../../support/cleanup';
import { ProbeClient } from '@engine/backends';
import { lookAtBackend, newLookMemory, type BackendLook, type LookMemory } from '@engine/backends/probe';
import { modelMatches, parseLmStudioModels, parseOllamaPs } from '@engine/backends/stability';
import { LOADING_RETRY_S } from '@engine/backends/stability';
import { startFakeBackend, type FakeBackend, type FakeBackendOptions } from '../../support/backends';

const NOW_MS = 1_000_000_500; // 1_000_000 unix seconds and a half
const NOW_S = 1_000_000;

const after = cleanupAfterEach();
const fake = async (opts: FakeBackendOptions): Promise<FakeBackend> => after.close(await startFakeBackend(opts));

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A backend looked at like the monitor does: one client and one memory for all looks at it. */
function observer(root: string, apiKey: string | null = null, timeoutMs = 2000) {
  const client = new ProbeClient(root, () => apiKey);
  after.defer(() => client.close());
  const memory: LookMemory = newLookMemory();
  return {
    memory,
    look: (selected: string | null): Promise<BackendLook> =>
      lookAtBackend(
        client,
        memory,
        selected,
        () => timeoutMs,
        () => NOW_MS,
      ),
  };
}

describe('reading the backend’s answers (reference: backend stability observer)', () => {
  it('ollama_loaded_is_ok_and_redacted: nothing but state and reason leaves the node', () => {
    const obs = parseOllamaPs({ models: [{ name: 'qwen', size_vram: 123 }] }, 'qwen');
    expect(obs).toEqual({ backend_state: 'ok', reason_class: 'ok' });
  });

  it('ollama_missing_expected_is_cold_not_draining', () => {
    expect(parseOllamaPs({ models: [] }, 'qwen')).toEqual({ backend_state: 'degraded', reason_class: 'backend_cold' });
  });

  it('no model selected: any Ollama answer of the right shape is ok', () => {
    expect(parseOllamaPs({ models: [] }, null)).toEqual({ backend_state: 'ok', reason_class: 'ok' });
  });

  it('an Ollama answer of the wrong shape is an observer error', () => {
    expect(parseOllamaPs({ running: [] }, 'qwen')).toEqual({
      backend_state: 'degraded',
      reason_class: 'observer_error',
    });
    expect(parseOllamaPs('nope', null).reason_class).toBe('observer_error');
  });

  it('lmstudio_loading_drains_temporarily: 2 s (the monitor looks again every second), without leaking instance details', () => {
    expect(LOADING_RETRY_S).toBe(2);
    const obs = parseLmStudioModels(
      { data: [{ id: 'qwen', loaded_instances: [{ state: 'loading', model_size_bytes: 99 }] }] },
      'qwen',
      NOW_MS,
    );
    expect(obs).toEqual({
      backend_state: 'draining',
      reason_class: 'backend_loading',
      retry_after_s: 2,
      drain_until: NOW_S + 2,
    });
  });

  it.each(['loading', 'Initializing', 'starting', 'warming', 'warming-up', 'WARMING_UP'])(
    'LM Studio state %j drains as loading',
    (state) => {
      expect(
        parseLmStudioModels({ data: [{ id: 'm', loaded_instances: [{ state }] }] }, 'm', NOW_MS).reason_class,
      ).toBe('backend_loading');
    },
  );

  it.each(['error', 'failed', 'crashed', 'unhealthy', 'oom', 'out-of-memory'])(
    'LM Studio state %j drains as unstable for 60 s',
    (state) => {
      expect(parseLmStudioModels({ data: [{ id: 'm', loaded_instances: [{ state }] }] }, 'm', NOW_MS)).toEqual({
        backend_state: 'draining',
        reason_class: 'backend_unstable',
        retry_after_s: 60,
        drain_until: NOW_S + 60,
      });
    },
  );

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
    const data = {
      data: [
        { id: 'm', loaded_instances: [] },
        { id: 'n', loaded_instances: [{ state: 'loaded' }] },
      ],
    };
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

describe('observing a live backend at every look', () => {
  it('Ollama with the selected model resident is ok; later looks ask only /api/tags and /api/ps', async () => {
    const f = await fake({ flavour: 'ollama', models: ['qwen3:8b'], loaded: ['qwen3:8b'] });
    const o = observer(f.url);
    expect((await o.look('qwen3:8b')).stability).toEqual({ backend_state: 'ok', reason_class: 'ok' });

    f.calls.length = 0;
    expect((await o.look('qwen3:8b')).stability).toEqual({ backend_state: 'ok', reason_class: 'ok' });
    expect(f.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /api/tags', 'GET /api/ps']);
  });

  it('Ollama with the selected model unloaded is cold, and warms up once the model is used', async () => {
    const f = await fake({ flavour: 'ollama', models: ['qwen3:8b'], loaded: [] });
    const o = observer(f.url);
    const cold = await o.look('qwen3:8b');
    expect(cold).toMatchObject({ status: 'ok', loaded: [], stability: { reason_class: 'backend_cold' } });

    f.setLoaded(['qwen3:8b']);
    expect(await o.look('qwen3:8b')).toMatchObject({
      status: 'ok',
      loaded: ['qwen3:8b'],
      stability: { reason_class: 'ok' },
    });
  });

  it('the selected model is matched up to its tag', async () => {
    const f = await fake({ flavour: 'ollama', models: ['qwen3:latest'], loaded: ['qwen3:latest'] });
    expect((await observer(f.url).look('qwen3')).stability).toMatchObject({ reason_class: 'ok' });
  });

  it('LM Studio loading the model drains the node for 2 s', async () => {
    const f = await fake({
      flavour: 'lmstudio',
      models: ['qwen2.5-7b-instruct'],
      lmstudioStates: { 'qwen2.5-7b-instruct': 'loading' },
    });
    const look = await observer(f.url).look('qwen2.5-7b-instruct');
    // The models are listed (LM Studio answers while it loads); the stability says to wait.
    expect(look.status).toBe('ok');
    expect(look.stability).toEqual({
      backend_state: 'draining',
      reason_class: 'backend_loading',
      retry_after_s: 2,
      drain_until: NOW_S + 2,
    });
  });

  it('LM Studio reporting an error drains the node as unstable for 60 s', async () => {
    const f = await fake({ flavour: 'lmstudio', models: ['m'], lmstudioStates: { m: 'error' } });
    expect((await observer(f.url).look('m')).stability).toMatchObject({
      backend_state: 'draining',
      reason_class: 'backend_unstable',
      retry_after_s: 60,
    });
  });

  it('LM Studio with the model loaded is ok; without it, cold', async () => {
    const f = await fake({ flavour: 'lmstudio', models: ['m', 'n'], loaded: ['m'] });
    const o = observer(f.url);
    expect(await o.look('m')).toMatchObject({ loaded: ['m'], stability: { reason_class: 'ok' } });
    expect((await o.look('n')).stability).toMatchObject({ reason_class: 'backend_cold' });
  });

  it('passes the API key to every probe; without it the look is unauthorized, with no stability', async () => {
    const f = await fake({ flavour: 'lmstudio', models: ['m'], apiKey: 'sk-lm' });
    expect((await observer(f.url, 'sk-lm').look('m')).stability).toMatchObject({ reason_class: 'ok' });
    expect(f.calls.length).toBeGreaterThan(1);
    expect(f.calls.every((c) => c.headers.authorization === 'Bearer sk-lm')).toBe(true);

    expect(await observer(f.url).look('m')).toMatchObject({ status: 'unauthorized', stability: null, facts: [] });
  });

  it.each(['vllm', 'llamacpp'] as const)(
    '%s keeps its model resident: ok, asking only its own routes',
    async (flavour) => {
      const f = await fake({ flavour });
      const o = observer(f.url);
      expect((await o.look('whatever')).stability).toEqual({ backend_state: 'ok', reason_class: 'ok' });
      const first = f.calls.map((c) => `${c.method} ${c.path}`);
      expect(first).toEqual(flavour === 'vllm' ? ['GET /v1/models', 'GET /version'] : ['GET /v1/models', 'GET /props']);

      f.calls.length = 0;
      await o.look('whatever');
      expect(f.calls.map((c) => `${c.method} ${c.path}`)).toEqual(
        flavour === 'vllm' ? ['GET /v1/models'] : ['GET /v1/models', 'GET /props'],
      );
    },
  );

  it('llama.cpp loading its model drains the node for 2 s, then is ok', async () => {
    const f = await fake({ flavour: 'llamacpp', loading: true });
    const o = observer(f.url);
    expect(await o.look(null)).toMatchObject({
      status: 'loading',
      flavour: 'llamacpp',
      facts: [],
      stability: {
        backend_state: 'draining',
        reason_class: 'backend_loading',
        retry_after_s: 2,
        drain_until: NOW_S + 2,
      },
    });

    f.set({ loading: false });
    expect(await o.look(null)).toMatchObject({ status: 'ok', stability: { backend_state: 'ok', reason_class: 'ok' } });
  });

  it('a probe that fails says so in the status, with no stability (no verdict on the model)', async () => {
    const port = await closedPort();
    for (const flavour of ['ollama', 'lmstudio'] as const) {
      const o = observer(`http://127.0.0.1:${port}`, null, 500);
      o.memory.flavour = flavour;
      expect(await o.look('m')).toMatchObject({ status: 'unreachable', stability: null, facts: [], loaded: null });
    }

    const hanging = await fake({ flavour: 'ollama', hang: true });
    expect(await observer(hanging.url, null, 200).look('m')).toMatchObject({ status: 'timeout', stability: null });
  });

  it('a key required after the first look makes the look unauthorized, not a cold model', async () => {
    const f = await fake({ flavour: 'ollama', models: ['m'] });
    const o = observer(f.url);
    await o.look('m');
    f.set({ apiKey: 'now-required' });
    expect(await o.look('m')).toMatchObject({ status: 'unauthorized', stability: null });
  });

  it('an Ollama whose /api/ps fails is listed, with an observer error for a stability', async () => {
    const server = createHttpServer((req, res) => {
      const json = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.url === '/api/version') return json(200, { version: '0.12.3' });
      if (req.url === '/api/tags') return json(200, { models: [{ name: 'm:latest' }] });
      if (req.url === '/api/show') return json(200, { capabilities: ['completion'] });
      return json(500, { error: 'boom' });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    after.defer(() => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const port = (server.address() as { port: number }).port;
    expect(await observer(`http://127.0.0.1:${port}`).look('m')).toMatchObject({
      status: 'ok',
      flavour: 'ollama',
      facts: [{ id: 'm:latest', kind: 'chat' }],
      loaded: null,
      stability: { backend_state: 'degraded', reason_class: 'observer_error' },
    });
  });
});
