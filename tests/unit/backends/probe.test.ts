import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { backendApiBase, backendRoot, detectFlavour, listModels, liveModels } from '../../../src-main/engine/backends';
import { OLLAMA_ADMIN_PATHS, startFakeBackend, type FakeBackend, type FakeBackendOptions } from '../../support/backends';

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.map((c) => c()));
  cleanups = [];
});

async function fake(opts: FakeBackendOptions): Promise<FakeBackend> {
  const f = await startFakeBackend(opts);
  cleanups.push(() => f.close());
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

/** A plain HTTP server answering every request with `status` and `body`, for servers we have no fake of. */
async function plainServer(handler: (path: string) => { status: number; body?: string; headers?: Record<string, string> }) {
  const paths: string[] = [];
  const server = createHttpServer((req, res) => {
    paths.push(req.url ?? '');
    const { status, body = '', headers = {} } = handler(req.url ?? '');
    res.writeHead(status, headers).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${port}`, paths };
}

describe('backend URLs', () => {
  it.each([
    ['http://localhost:11434', 'http://localhost:11434', 'http://localhost:11434/v1'],
    ['http://localhost:11434/', 'http://localhost:11434', 'http://localhost:11434/v1'],
    ['http://localhost:1234/v1', 'http://localhost:1234', 'http://localhost:1234/v1'],
    ['http://localhost:1234/v1/', 'http://localhost:1234', 'http://localhost:1234/v1'],
    ['https://gpu.lan/llm///', 'https://gpu.lan/llm', 'https://gpu.lan/llm/v1'],
    ['https://gpu.lan/llm/v1', 'https://gpu.lan/llm', 'https://gpu.lan/llm/v1'],
  ])('%s: probes go to %s, tasks to %s', (url, root, api) => {
    expect(backendRoot(url)).toBe(root);
    expect(backendApiBase(url)).toBe(api);
  });
});

describe('flavour detection', () => {
  it.each(['ollama', 'lmstudio', 'vllm', 'llamacpp'] as const)('recognises %s', async (flavour) => {
    const f = await fake({ flavour });
    expect(await detectFlavour(f.url, null)).toBe(flavour);
  });

  it('recognises LM Studio by its Express header although it also answers Ollama’s /api/version and /api/tags', async () => {
    const f = await fake({ flavour: 'lmstudio' });
    const version = await fetch(`${f.url}/api/version`);
    const tags = await fetch(`${f.url}/api/tags`);
    expect([version.status, tags.status]).toEqual([200, 200]);

    expect(await detectFlavour(`${f.url}/v1/`, null)).toBe('lmstudio');
  });

  it('probes only /v1/models and, when the headers say nothing, /api/version', async () => {
    const f = await fake({ flavour: 'ollama' });
    await detectFlavour(f.url, null);
    expect(f.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /v1/models', 'GET /api/version']);
  });

  it('sends the API key, so a protected LM Studio is still recognised', async () => {
    const f = await fake({ flavour: 'lmstudio', apiKey: 'sk-lm' });
    expect(await detectFlavour(f.url, 'sk-lm')).toBe('lmstudio');
    expect(f.calls[0]?.headers.authorization).toBe('Bearer sk-lm');
  });

  it('calls an OpenAI-compatible server without any telling sign custom', async () => {
    const server = await plainServer((path) =>
      path === '/v1/models' ? { status: 200, body: '{"object":"list","data":[]}' } : { status: 404 },
    );
    expect(await detectFlavour(server.url, null)).toBe('custom');
  });

  it('still finds Ollama behind a proxy whose /v1/models fails', async () => {
    const server = await plainServer((path) => (path === '/api/version' ? { status: 200, body: '{"version":"0.12.3"}' } : { status: 502 }));
    expect(await detectFlavour(server.url, null)).toBe('ollama');
  });

  it('calls an unreachable backend custom', async () => {
    expect(await detectFlavour(`http://127.0.0.1:${await closedPort()}`, null, 500)).toBe('custom');
  });

  it('gives up on a backend that never answers within the timeout', async () => {
    const f = await fake({ flavour: 'ollama', hang: true });
    const started = Date.now();
    expect(await detectFlavour(f.url, null, 200)).toBe('custom');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('model listing', () => {
  it('reads Ollama’s /api/tags first', async () => {
    const f = await fake({ flavour: 'ollama', models: ['qwen3:8b', 'nomic-embed-text:latest'] });
    expect(await listModels(f.url, null)).toEqual({
      models: ['qwen3:8b', 'nomic-embed-text:latest'],
      status: 'ok',
      source: 'api_tags',
    });
    expect(f.calls.map((c) => c.path)).toEqual(['/api/tags']);
  });

  it.each(['vllm', 'llamacpp'] as const)('falls back to /v1/models on %s, which has no /api/tags', async (flavour) => {
    const f = await fake({ flavour, models: ['served-model'] });
    expect(await listModels(f.url, null)).toEqual({ models: ['served-model'], status: 'ok', source: 'v1_models' });
    expect(f.calls.map((c) => c.path)).toEqual(['/api/tags', '/v1/models']);
  });

  it('falls back to /v1/models when /api/tags lists nothing', async () => {
    const server = await plainServer((path) =>
      path === '/api/tags'
        ? { status: 200, body: '{"models":[]}' }
        : { status: 200, body: '{"object":"list","data":[{"id":"m1"},{"id":"m1"},{"id":""},{"nope":1}]}' },
    );
    expect(await listModels(server.url, null)).toEqual({ models: ['m1'], status: 'ok', source: 'v1_models' });
  });

  it('reports an Ollama without models as ok and empty', async () => {
    const f = await fake({ flavour: 'ollama', models: [] });
    expect(await listModels(f.url, null)).toMatchObject({ models: [], status: 'ok' });
  });

  it('lists a protected backend with the key, and says "unauthorized" without it', async () => {
    const f = await fake({ flavour: 'lmstudio', apiKey: 'sk-lm', models: ['qwen2.5-7b-instruct'] });
    expect(await listModels(f.url, 'sk-lm')).toMatchObject({ models: ['qwen2.5-7b-instruct'], status: 'ok' });
    expect(await listModels(f.url, null)).toEqual({ models: [], status: 'unauthorized', source: null });
    expect(await listModels(f.url, 'wrong')).toMatchObject({ status: 'unauthorized' });
  });

  it('says "unreachable" when nothing listens', async () => {
    expect(await listModels(`http://127.0.0.1:${await closedPort()}`, null, 500)).toEqual({
      models: [],
      status: 'unreachable',
      source: null,
    });
  });

  it('says "bad_response" when something answers but not with a model list', async () => {
    const server = await plainServer(() => ({ status: 200, body: '<html>router login</html>' }));
    expect(await listModels(server.url, null)).toMatchObject({ models: [], status: 'bad_response' });
  });

  it('does not follow redirects', async () => {
    const target = await plainServer(() => ({ status: 200, body: '{"models":[{"name":"stolen"}]}' }));
    const redirector = await plainServer(() => ({ status: 302, headers: { location: `${target.url}/api/tags` } }));

    expect(await listModels(redirector.url, 'sk-key')).toMatchObject({ models: [], status: 'bad_response' });
    expect(target.paths).toEqual([]);
  });

  it('never touches Ollama’s admin routes while discovering', async () => {
    const f = await fake({ flavour: 'ollama' });
    await detectFlavour(f.url, null);
    await listModels(f.url, null);
    await liveModels(f.url, null);
    expect(f.calls.every((c) => c.method === 'GET')).toBe(true);
    expect(f.calls.filter((c) => (OLLAMA_ADMIN_PATHS as readonly string[]).includes(c.path))).toEqual([]);
  });
});

describe('live models for the heartbeat', () => {
  it('are sorted, without duplicates, minus excluded models', async () => {
    const f = await fake({ flavour: 'ollama', models: ['zeta:1b', 'alpha:7b', 'private:1b', 'alpha:7b'] });
    expect(await liveModels(f.url, null, ['private:1b'])).toEqual(['alpha:7b', 'zeta:1b']);
  });

  it('follow the backend as models come and go', async () => {
    const f = await fake({ flavour: 'vllm', models: ['a'] });
    expect(await liveModels(f.url, null)).toEqual(['a']);
    f.setModels(['b', 'a']);
    expect(await liveModels(f.url, null)).toEqual(['a', 'b']);
  });

  it('are undefined, not empty, when the backend does not answer', async () => {
    const f = await fake({ flavour: 'ollama', hang: true });
    expect(await liveModels(f.url, null, [], 200)).toBeUndefined();
    expect(await liveModels(`http://127.0.0.1:${await closedPort()}`, null, [], 200)).toBeUndefined();
  });
});
