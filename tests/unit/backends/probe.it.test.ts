import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../../support/cleanup';
import { backendRoot, ProbeClient } from '@engine/backends';
import { backendApiBase } from '@engine/backends/urls';
import { lookAtBackend, newLookMemory, type BackendLook, type LookMemory } from '@engine/backends/probe';
import { eventually } from '../../support/eventually';
import {
  FAKE_LLAMACPP_BUILD,
  FAKE_OLLAMA_VERSION,
  FAKE_VLLM_VERSION,
  OLLAMA_ADMIN_PATHS,
  startFakeBackend,
  type FakeBackend,
  type FakeBackendOptions,
} from '../../support/backends';

const after = cleanupAfterEach();
const fake = async (opts: FakeBackendOptions): Promise<FakeBackend> => after.close(await startFakeBackend(opts));

/** Other clients holding `n` idle connections to the server (closed after the test). */
function holdConnections(f: FakeBackend, n: number): void {
  for (let i = 0; i < n; i++) {
    const s = connect(f.port, '127.0.0.1');
    s.on('error', () => {});
    after.defer(() => s.destroy());
  }
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A plain HTTP server, for servers we have no fake of; counts the TCP connections it accepted. */
async function plainServer(
  handler: (
    path: string,
    req: IncomingMessage,
    res: ServerResponse,
  ) => { status: number; body?: string | Buffer; headers?: Record<string, string> } | void,
) {
  const paths: string[] = [];
  const stats = { connections: 0 };
  const server = createHttpServer((req, res) => {
    paths.push(req.url ?? '');
    const answer = handler(req.url ?? '', req, res);
    if (!answer) return;
    const { status, body = '', headers = {} } = answer;
    res.writeHead(status, headers).end(body);
  });
  server.on('connection', () => stats.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  after.defer(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${port}`, paths, stats };
}

/** Looks at `url` the way the monitor does: one client and one memory for every look. */
function observer(url: string, apiKey: string | null = null, timeoutMs = 2000) {
  const client = new ProbeClient(backendRoot(url), () => apiKey);
  after.defer(() => client.close());
  const memory: LookMemory = newLookMemory();
  return {
    client,
    memory,
    look: (selected: string | null = null): Promise<BackendLook> =>
      lookAtBackend(client, memory, selected, () => timeoutMs, Date.now),
  };
}

const routes = (f: FakeBackend): string[] => f.calls.map((c) => `${c.method} ${new URL(c.path, 'http://x').pathname}`);

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

  it('a configured URL ending in /v1 is probed at the server root', async () => {
    const f = await fake({ flavour: 'vllm' });
    expect(await observer(`${f.url}/v1/`).look()).toMatchObject({ status: 'ok', flavour: 'vllm' });
    expect(f.calls[0]?.path).toBe('/v1/models');
  });
});

describe('flavour recognition', () => {
  it.each(['ollama', 'lmstudio', 'vllm', 'llamacpp'] as const)('recognises %s', async (flavour) => {
    const f = await fake({ flavour });
    const o = observer(f.url);
    expect(await o.look()).toMatchObject({ status: 'ok', flavour });
    expect(o.memory.flavour).toBe(flavour);
  });

  it('recognises LM Studio by its Express header although it also answers Ollama’s /api/version and /api/tags', async () => {
    const f = await fake({ flavour: 'lmstudio' });
    const version = await fetch(`${f.url}/api/version`);
    const tags = await fetch(`${f.url}/api/tags`);
    expect([version.status, tags.status]).toEqual([200, 200]);
    f.calls.length = 0;

    expect(await observer(`${f.url}/v1/`).look()).toMatchObject({ status: 'ok', flavour: 'lmstudio' });
    expect(routes(f)).not.toContain('GET /api/version');
    expect(routes(f)).not.toContain('GET /api/tags');
  });

  it('reads the flavour once: from /v1/models and, when its headers say nothing, /api/version', async () => {
    const f = await fake({ flavour: 'ollama', models: ['qwen3:8b', 'nomic-embed-text:latest'] });
    const o = observer(f.url);
    await o.look();
    expect(routes(f)).toEqual([
      'GET /v1/models',
      'GET /api/version',
      'GET /api/tags',
      'POST /api/show',
      'POST /api/show',
      'GET /api/ps',
    ]);
    expect(f.calls.filter((c) => c.path === '/api/show').map((c) => c.body)).toEqual([
      { model: 'qwen3:8b' },
      { model: 'nomic-embed-text:latest' },
    ]);

    f.calls.length = 0;
    await o.look();
    expect(routes(f)).toEqual(['GET /api/tags', 'GET /api/ps']);
  });

  it('sends the API key, so a protected LM Studio is still recognised', async () => {
    const f = await fake({ flavour: 'lmstudio', apiKey: 'sk-lm' });
    expect(await observer(f.url, 'sk-lm').look()).toMatchObject({ status: 'ok', flavour: 'lmstudio' });
    expect(f.calls.length).toBeGreaterThan(0);
    expect(f.calls.every((c) => c.headers.authorization === 'Bearer sk-lm')).toBe(true);
  });

  it('calls an OpenAI-compatible server without any telling sign custom, lists its models, and does not say what is loaded', async () => {
    const server = await plainServer((path) =>
      path === '/v1/models'
        ? { status: 200, body: '{"object":"list","data":[{"id":"m1"},{"id":"m1"},{"id":""},{"nope":1}]}' }
        : { status: 404 },
    );
    const look = await observer(server.url).look();
    expect(look).toMatchObject({ status: 'ok', flavour: 'custom', version: null, loaded: null });
    expect(look.facts.map((f) => f.id)).toEqual(['m1']);
  });

  it('still finds Ollama behind a proxy whose /v1/models fails', async () => {
    const server = await plainServer((path) => {
      if (path === '/api/version') return { status: 200, body: '{"version":"0.12.3"}' };
      if (path === '/api/tags') return { status: 200, body: '{"models":[{"name":"qwen3:8b"}]}' };
      if (path === '/api/show') return { status: 200, body: '{"capabilities":["completion","tools"]}' };
      if (path === '/api/ps') return { status: 200, body: '{"models":[]}' };
      return { status: 502 };
    });
    const look = await observer(server.url).look();
    expect(look).toMatchObject({ status: 'ok', flavour: 'ollama', version: '0.12.3', loaded: [] });
    expect(look.facts).toMatchObject([{ id: 'qwen3:8b', kind: 'chat', tools: true }]);
  });

  it('says "unreachable" when nothing listens, and remembers no flavour', async () => {
    const o = observer(`http://127.0.0.1:${await closedPort()}`, null, 500);
    expect(await o.look()).toEqual({
      status: 'unreachable',
      flavour: null,
      version: null,
      facts: [],
      leftOut: [],
      loaded: null,
      stability: null,
    });
    expect(o.memory.flavour).toBeNull();
  });

  it('says "timeout" for a backend that never answers within the timeout', async () => {
    const f = await fake({ flavour: 'ollama', hang: true });
    expect(await observer(f.url, null, 200).look()).toMatchObject({ status: 'timeout', flavour: null, facts: [] });
  });
});

describe('listing models', () => {
  it('Ollama: its tags, in its order, with what /api/show says', async () => {
    const f = await fake({ flavour: 'ollama', models: ['qwen3:8b', 'nomic-embed-text:latest'], loaded: ['qwen3:8b'] });
    const look = await observer(f.url).look();
    expect(look).toMatchObject({ status: 'ok', version: FAKE_OLLAMA_VERSION, loaded: ['qwen3:8b'] });
    expect(look.facts.map((m) => [m.name, m.kind])).toEqual([
      ['qwen3:8b', 'chat'],
      ['nomic-embed-text:latest', 'embedding'],
    ]);
  });

  it('reports an Ollama without models as ok and empty', async () => {
    const f = await fake({ flavour: 'ollama', models: [] });
    expect(await observer(f.url).look()).toMatchObject({ status: 'ok', facts: [], loaded: [] });
  });

  it('lists a protected backend with the key, and says "unauthorized" without it or with a wrong one', async () => {
    const f = await fake({ flavour: 'lmstudio', apiKey: 'sk-lm', models: ['qwen2.5-7b-instruct'] });
    const ok = await observer(f.url, 'sk-lm').look();
    expect(ok).toMatchObject({ status: 'ok' });
    expect(ok.facts.map((m) => m.id)).toEqual(['qwen2.5-7b-instruct']);
    expect(await observer(f.url).look()).toMatchObject({ status: 'unauthorized', facts: [] });
    expect(await observer(f.url, 'wrong').look()).toMatchObject({ status: 'unauthorized', facts: [] });
  });

  it.each(['ollama', 'vllm'] as const)('%s protected by a key it was not given is "unauthorized"', async (flavour) => {
    const f = await fake({ flavour, apiKey: 'sk-x' });
    expect(await observer(f.url).look()).toMatchObject({ status: 'unauthorized', facts: [] });
  });

  it('a llama.cpp whose key was not given is "unauthorized", although its /v1/models is public', async () => {
    // llama-server lets /health, /models and /v1/models through without the key; every task would get 401.
    const f = await fake({ flavour: 'llamacpp', apiKey: 'sk-llama' });
    expect((await fetch(`${f.url}/v1/models`)).status).toBe(200);
    expect(await observer(f.url).look()).toMatchObject({ status: 'unauthorized', facts: [] });
    expect(await observer(f.url, 'sk-llama').look()).toMatchObject({ status: 'ok' });
  });

  it('a server behind a proxy that wants a key it was not given is "unauthorized"', async () => {
    const server = await plainServer(() => ({
      status: 401,
      body: '{"error":"auth"}',
      headers: { 'content-type': 'application/json' },
    }));
    const o = observer(server.url);
    // The look says what it saw (an OpenAI-style server that wants a key, for the wizard to ask for one); the
    // memory keeps no guess, so the look with a key finds out what the server really is.
    expect(await o.look()).toMatchObject({ status: 'unauthorized', flavour: 'custom' });
    expect(o.memory.flavour).toBeNull();
  });

  it('says "bad_response" when something answers but not with a model list', async () => {
    const server = await plainServer(() => ({
      status: 200,
      body: '<html>router login</html>',
      headers: { 'content-type': 'text/html' },
    }));
    expect(await observer(server.url).look()).toMatchObject({ status: 'bad_response', facts: [] });
  });

  it('says "bad_response" for a JSON answer that is not a list', async () => {
    const server = await plainServer((path) =>
      path === '/v1/models' ? { status: 200, body: '{"object":"list","data":"none"}' } : { status: 404 },
    );
    expect(await observer(server.url).look()).toMatchObject({ status: 'bad_response', flavour: 'custom', facts: [] });
  });

  it('does not follow redirects', async () => {
    const target = await plainServer(() => ({
      status: 200,
      body: '{"object":"list","data":[{"id":"stolen"}],"models":[{"name":"stolen"}]}',
    }));
    const redirector = await plainServer((path) => ({ status: 302, headers: { location: `${target.url}${path}` } }));

    expect(await observer(redirector.url, 'sk-key').look()).toMatchObject({ status: 'bad_response', facts: [] });
    expect(target.paths).toEqual([]);
    expect(redirector.paths.length).toBeGreaterThan(0);
  });

  it('never touches Ollama’s admin routes: only GETs, and POST /api/show', async () => {
    const f = await fake({ flavour: 'ollama', models: ['qwen3:8b', 'llama3.2:3b'], loaded: [] });
    const o = observer(f.url);
    for (let i = 0; i < 3; i++) await o.look('qwen3:8b');
    expect(f.calls.every((c) => c.method === 'GET' || (c.method === 'POST' && c.path === '/api/show'))).toBe(true);
    expect(f.calls.filter((c) => (OLLAMA_ADMIN_PATHS as readonly string[]).includes(c.path))).toEqual([]);
    // Looking does not load a model.
    expect((await o.look('qwen3:8b')).loaded).toEqual([]);
  });

  it('a model whose /api/show answer is over the read cap is left out and named; the others are described, and it is not asked again', async () => {
    const f = await fake({
      flavour: 'ollama',
      models: ['qwen3:8b', 'huge:7b', 'nomic-embed-text:latest'],
      showBytes: { 'huge:7b': 8 * 1024 * 1024 + 1 },
    });
    const o = observer(f.url);
    const look = await o.look();
    expect(look.status).toBe('ok');
    expect(look.facts.map((m) => [m.name, m.kind])).toEqual([
      ['qwen3:8b', 'chat'],
      ['nomic-embed-text:latest', 'embedding'],
    ]);
    expect(look.leftOut).toEqual([{ name: 'huge:7b', why: 'too_large' }]);
    f.calls.length = 0;
    const again = await o.look();
    expect(again).toMatchObject({ status: 'ok', leftOut: [{ name: 'huge:7b', why: 'too_large' }] });
    expect(again.facts.map((m) => m.name)).toEqual(['qwen3:8b', 'nomic-embed-text:latest']);
    expect(f.calls.filter((c) => c.path === '/api/show')).toEqual([]);
  });

  it('a model whose /api/show answers 2xx with something that is not JSON is left out as not understood', async () => {
    const tags = {
      models: [
        { name: 'good:1b', digest: 'a1' },
        { name: 'odd:1b', digest: 'b2' },
      ],
    };
    const s = await plainServer((path, req, res) => {
      if (path === '/api/version') return { status: 200, body: JSON.stringify({ version: '0.12.0' }) };
      if (path === '/api/tags') return { status: 200, body: JSON.stringify(tags) };
      if (path === '/api/ps') return { status: 200, body: JSON.stringify({ models: [] }) };
      if (path === '/api/show') {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () =>
          res
            .writeHead(200)
            .end(
              body.includes('odd:1b') ? '<html>proxy page</html>' : JSON.stringify({ capabilities: ['completion'] }),
            ),
        );
        return;
      }
      return { status: 404, body: '{}' };
    });
    const look = await observer(s.url).look();
    expect(look.status).toBe('ok');
    expect(look.facts.map((m) => m.name)).toEqual(['good:1b']);
    expect(look.leftOut).toEqual([{ name: 'odd:1b', why: 'not_understood' }]);
  });

  it('follows the backend as models come and go, asking /api/show only about new ones', async () => {
    const f = await fake({ flavour: 'ollama', models: ['a:1b'] });
    const o = observer(f.url);
    expect((await o.look()).facts.map((m) => m.name)).toEqual(['a:1b']);
    f.setModels(['b:1b', 'a:1b']);
    f.calls.length = 0;
    expect((await o.look()).facts.map((m) => m.name)).toEqual(['b:1b', 'a:1b']);
    expect(f.calls.filter((c) => c.path === '/api/show').map((c) => c.body)).toEqual([{ model: 'b:1b' }]);

    const v = await fake({ flavour: 'vllm', models: ['x'] });
    const ov = observer(v.url);
    expect((await ov.look()).facts.map((m) => m.name)).toEqual(['x']);
    v.setModels(['y', 'x']);
    expect((await ov.look()).facts.map((m) => m.name)).toEqual(['y', 'x']);
  });
});

describe('only the routes each flavour has', () => {
  const allowed: Record<string, string[]> = {
    ollama: ['GET /v1/models', 'GET /api/version', 'GET /api/tags', 'POST /api/show', 'GET /api/ps'],
    lmstudio: ['GET /v1/models', 'GET /api/v0/models', 'GET /api/v1/models'],
    vllm: ['GET /v1/models', 'GET /version'],
    llamacpp: ['GET /v1/models', 'GET /props'],
  };

  it.each(['ollama', 'lmstudio', 'vllm', 'llamacpp'] as const)(
    '%s is asked only its own routes, look after look',
    async (flavour) => {
      const f = await fake({ flavour });
      const o = observer(f.url);
      for (let i = 0; i < 3; i++) expect((await o.look()).status).toBe('ok');
      for (const r of routes(f)) expect(allowed[flavour]).toContain(r);
    },
  );

  it('llama.cpp never gets Ollama’s or LM Studio’s routes, nor /version', async () => {
    const f = await fake({ flavour: 'llamacpp' });
    const o = observer(f.url);
    await o.look();
    await o.look();
    expect(routes(f)).toEqual(['GET /v1/models', 'GET /props', 'GET /v1/models', 'GET /props']);
    expect(f.calls.some((c) => c.path.startsWith('/api/'))).toBe(false);
  });

  it('LM Studio: its v0 and v1 REST lists, after /v1/models once', async () => {
    const f = await fake({ flavour: 'lmstudio' });
    const o = observer(f.url);
    await o.look();
    expect(routes(f)).toEqual(['GET /v1/models', 'GET /api/v0/models', 'GET /api/v1/models']);
    f.calls.length = 0;
    await o.look();
    expect(routes(f)).toEqual(['GET /api/v0/models', 'GET /api/v1/models']);
  });
});

describe('what the servers say of their models', () => {
  it('llama.cpp with --embeddings: an embedding model because /props answers 500, whatever its name', async () => {
    const f = await fake({
      flavour: 'llamacpp',
      embeddings: true,
      models: ['/home/alice/models/bge-small-en-v1.5-q8_0.gguf'],
    });
    const look = await observer(f.url).look();
    expect(look.status).toBe('ok');
    expect(look.facts).toEqual([
      {
        id: '/home/alice/models/bge-small-en-v1.5-q8_0.gguf',
        name: 'bge-small-en-v1.5-q8_0',
        kind: 'embedding',
        modalities: ['text'],
        contextLength: expect.any(Number) as number,
        parameterCount: expect.any(Number) as number,
        tools: false,
        fim: false,
        quantization: null,
        guessed: false,
      },
    ]);
    expect(look.loaded).toEqual(['/home/alice/models/bge-small-en-v1.5-q8_0.gguf']);

    const plain = await fake({ flavour: 'llamacpp', embeddings: true, models: ['/srv/retriever-q8_0.gguf'] });
    expect((await observer(plain.url).look()).facts[0]).toMatchObject({ name: 'retriever-q8_0', kind: 'embedding' });
  });

  it('llama.cpp: the context of a slot from /props n_ctx, the build from build_info, chat because /props describes it', async () => {
    const path = '/home/alice/models/embedded-chat-q4.gguf';
    // The name says "embed"; the server describes a chat model.
    const f = await fake({
      flavour: 'llamacpp',
      contextLength: 256,
      models: [path],
      modelFacts: { [path]: { kind: 'chat' } },
    });
    const look = await observer(f.url).look();
    expect(look).toMatchObject({ status: 'ok', flavour: 'llamacpp', version: FAKE_LLAMACPP_BUILD });
    expect(look.facts).toMatchObject([{ name: 'embedded-chat-q4', kind: 'chat', contextLength: 256 }]);

    const other = await fake({ flavour: 'llamacpp', buildInfo: 'b5000-abcdef0' });
    expect((await observer(other.url).look()).version).toBe('b5000-abcdef0');
  });

  it('llama.cpp with --alias: the alias is the id', async () => {
    const f = await fake({ flavour: 'llamacpp', alias: 'qwen2.5-7b', models: ['/home/alice/models/q.gguf'] });
    const look = await observer(f.url).look();
    expect(look.facts.map((m) => [m.id, m.name])).toEqual([['qwen2.5-7b', 'qwen2.5-7b']]);
    expect(JSON.stringify(look.facts)).not.toContain('alice');
  });

  it('a llama.cpp path id is published without its folder', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['/home/alice/models/Qwen2.5-7B-Instruct-Q4_K_M.gguf'] });
    const look = await observer(f.url).look();
    expect(look.facts.map((m) => m.name)).toEqual(['Qwen2.5-7B-Instruct-Q4_K_M']);
    expect(look.facts[0]!.id).toBe('/home/alice/models/Qwen2.5-7B-Instruct-Q4_K_M.gguf');
  });

  it('Ollama: vision and tools from capabilities, context and size from model_info', async () => {
    const f = await fake({
      flavour: 'ollama',
      models: ['qwen2.5vl:7b', 'mystery:7b', 'llava-lookalike:7b', 'nomic-embed-text:latest'],
      modelFacts: {
        'qwen2.5vl:7b': { contextLength: 128000, parameterCount: 8_292_166_656 },
        'mystery:7b': { vision: true, tools: true },
        'llava-lookalike:7b': { vision: false },
      },
    });
    const look = await observer(f.url).look();
    const by = Object.fromEntries(look.facts.map((m) => [m.name, m]));
    expect(by['qwen2.5vl:7b']).toMatchObject({
      kind: 'chat',
      modalities: ['text', 'image'],
      contextLength: 128000,
      parameterCount: 8_292_166_656,
      tools: false,
    });
    expect(by['mystery:7b']).toMatchObject({ kind: 'chat', modalities: ['text', 'image'], tools: true });
    expect(by['llava-lookalike:7b']).toMatchObject({ kind: 'chat', modalities: ['text'] });
    expect(by['nomic-embed-text:latest']).toMatchObject({ kind: 'embedding', modalities: ['text'] });
  });

  it('LM Studio: the kind from `type` (embeddings), vision from vlm, the context from max_context_length', async () => {
    const f = await fake({
      flavour: 'lmstudio',
      models: ['my-vectors', 'qwen2-vl-7b-instruct', 'meta-llama-3.1-8b-instruct'],
      loaded: ['meta-llama-3.1-8b-instruct'],
      modelFacts: {
        'my-vectors': { kind: 'embedding', contextLength: 2048 },
        'meta-llama-3.1-8b-instruct': { contextLength: 131072 },
      },
    });
    const look = await observer(f.url).look();
    expect(look.status).toBe('ok');
    const by = Object.fromEntries(look.facts.map((m) => [m.name, m]));
    expect(by['my-vectors']).toMatchObject({ kind: 'embedding', contextLength: 2048 });
    expect(by['qwen2-vl-7b-instruct']).toMatchObject({ kind: 'chat', modalities: ['text', 'image'] });
    expect(by['meta-llama-3.1-8b-instruct']).toMatchObject({
      kind: 'chat',
      modalities: ['text'],
      contextLength: 131072,
    });
    expect(look.loaded).toEqual(['meta-llama-3.1-8b-instruct']);
  });

  it('vLLM: the context from max_model_len, the version from /version', async () => {
    const f = await fake({ flavour: 'vllm', models: ['Qwen/Qwen2.5-7B-Instruct'], contextLength: 16384 });
    const look = await observer(f.url).look();
    expect(look).toMatchObject({ status: 'ok', version: FAKE_VLLM_VERSION, loaded: ['Qwen/Qwen2.5-7B-Instruct'] });
    expect(look.facts).toMatchObject([
      { id: 'Qwen/Qwen2.5-7B-Instruct', name: 'Qwen/Qwen2.5-7B-Instruct', kind: 'chat', contextLength: 16384 },
    ]);
  });

  it('vLLM started on a local directory publishes the directory’s name only', async () => {
    const f = await fake({ flavour: 'vllm', models: ['/home/alice/ckpt/Qwen2.5-7B-Instruct'] });
    expect((await observer(f.url).look()).facts.map((m) => m.name)).toEqual(['Qwen2.5-7B-Instruct']);
  });
});

describe('llama.cpp loading its model', () => {
  it('is "loading" with a 2 s drain, then ok once loaded', async () => {
    const f = await fake({ flavour: 'llamacpp', loading: true });
    const o = observer(f.url);
    expect(await o.look()).toMatchObject({
      status: 'loading',
      flavour: 'llamacpp',
      facts: [],
      stability: { backend_state: 'draining', reason_class: 'backend_loading', retry_after_s: 2 },
    });
    f.set({ loading: false });
    expect(await o.look()).toMatchObject({ status: 'ok', flavour: 'llamacpp' });
  });
});

describe('the probe client’s one connection', () => {
  it('several probes in a row, small and large, 2xx and errors, all over one connection', async () => {
    const big = Buffer.alloc(1024 * 1024, 'x');
    const server = await plainServer((path) => {
      if (path === '/big')
        return { status: 200, body: `{"data":"${big.toString()}"}`, headers: { 'content-type': 'application/json' } };
      if (path === '/bigerror') return { status: 500, body: Buffer.alloc(256 * 1024, 'e') };
      if (path === '/chunked-error') return undefined;
      return {
        status: path === '/missing' ? 404 : 200,
        body: '{"ok":true}',
        headers: { 'content-type': 'application/json' },
      };
    });
    const client = new ProbeClient(server.url, () => null);
    after.defer(() => client.close());

    const answers = [
      await client.get('/v1/models', 2000),
      await client.get('/big', 2000),
      await client.get('/missing', 2000),
      await client.get('/bigerror', 2000),
      await client.post('/api/show', { model: 'm' }, 2000),
      await client.get('/v1/models', 2000),
    ];
    expect(answers.map((a) => (a.kind === 'answer' ? a.status : a.kind))).toEqual([200, 200, 404, 500, 200, 200]);
    expect(server.stats.connections).toBe(1);
  });

  it('a look at a llama.cpp fake opens one connection, look after look', async () => {
    const f = await fake({ flavour: 'llamacpp' });
    const o = observer(f.url);
    for (let i = 0; i < 3; i++) expect((await o.look()).status).toBe('ok');
    expect(f.maxOpenConnections).toBe(1);
    expect(f.openConnections).toBe(1);
    o.client.close();
    await eventually(() => expect(f.openConnections).toBe(0));
  });

  it('an Ollama look with several /api/show calls opens one connection', async () => {
    const f = await fake({ flavour: 'ollama', models: ['a:1b', 'b:1b', 'c:1b', 'd:1b'] });
    const o = observer(f.url);
    await o.look();
    await o.look();
    expect(f.calls.length).toBeGreaterThan(6);
    expect(f.maxOpenConnections).toBe(1);
  });

  it('still looks at a llama.cpp with 3 HTTP workers while 2 other clients hold connections', async () => {
    const f = await fake({ flavour: 'llamacpp', httpWorkers: 3 });
    holdConnections(f, 2);
    await eventually(() => expect([f.openConnections, f.waitingConnections]).toEqual([2, 0]));

    const o = observer(f.url);
    for (let i = 0; i < 3; i++) expect((await o.look()).status).toBe('ok');
    // The third worker served the looks: no connection ever waited for one.
    expect(f.maxOpenConnections).toBe(3);
    expect(f.waitingConnections).toBe(0);
  });

  it('with all 3 workers held, a look times out (what a second probe connection would have caused)', async () => {
    const f = await fake({ flavour: 'llamacpp', httpWorkers: 3 });
    holdConnections(f, 3);
    await eventually(() => expect(f.openConnections).toBe(3));
    expect((await observer(f.url, null, 300).look()).status).toBe('timeout');
  });

  it('a connection the server closed while idle is replaced without a failed look', async () => {
    const f = await fake({ flavour: 'llamacpp', keepAliveIdleMs: 150 });
    const o = observer(f.url);
    expect((await o.look()).status).toBe('ok');
    await eventually(() => expect(f.openConnections).toBe(0));
    expect((await o.look()).status).toBe('ok');
    expect(f.maxOpenConnections).toBe(1);
  });
});
