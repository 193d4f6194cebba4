/**
 * The gateway's listener on a real socket, through HTTP as an app meets it: it listens on 127.0.0.1 only; it answers
 * only at a loopback name (a web page's DNS rebinding is refused) and only browser origins the person allowed; it
 * wants an app key before it reads a body; it refuses oversized, too deep and unknown requests and wrong methods with
 * stable codes in the app's own error shape; it turns an app away when too many requests are under way; it tells the
 * app where its request went; and an app that hangs up cancels the request on the network.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_TIMEOUT_MS,
  GatewayServer,
  MAX_BODY_BYTES,
  MAX_IN_FLIGHT,
} from '@engine/gateway/listener/gateway-server';
import type { GatewayHandlers } from '@engine/gateway/listener/gateway-routes';
import { retryable, type Served } from '@engine/gateway/listener/served';
import { shapeRequest, type WireAsk } from '@engine/gateway/listener/request-shape';

const KEY = 'iicp-app-key-of-a-test';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

interface Call {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Written as a chunked body, piece by piece (no Content-Length). */
  chunks?: Buffer[];
}

/** One request on its own connection; `host` is sent as the Host header unless the call sets one. */
function call(port: number, c: Call, onRequest?: (abort: () => void) => void): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: `127.0.0.1:${port}`, ...c.headers };
    if (c.body !== undefined) headers['Content-Length'] ??= String(Buffer.byteLength(c.body));
    const req = request(
      { host: '127.0.0.1', port, method: c.method ?? 'POST', path: c.path, headers, agent: false },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(parts).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    onRequest?.(() => req.destroy());
    if (c.chunks) {
      for (const chunk of c.chunks) req.write(chunk);
      req.end();
    } else {
      req.end(c.body);
    }
  });
}

const json = (r: Reply) => JSON.parse(r.text) as Record<string, unknown>;
const openAICode = (r: Reply) => (json(r).error as { code: string }).code;
const withKey = (h: Record<string, string> = {}) => ({
  Authorization: `Bearer ${KEY}`,
  'Content-Type': 'application/json',
  ...h,
});
const chat = JSON.stringify({ model: 'm1', messages: [{ role: 'user', content: 'hello' }] });

/** The answer a node gave, rendered for the app. */
const answered = (text: string): Served => ({
  ok: true,
  status: 200,
  code: 'ok',
  message: '',
  answer: { contentType: null, chunks: [text] },
  taskId: 't-1',
  nodeId: 'n-1',
  own: false,
});

interface Rig {
  server: GatewayServer;
  port: number;
  served: { ask: WireAsk; timeoutMs: number; signal: AbortSignal }[];
  shaped: number;
  keysChecked: string[];
  origins: string[];
  serve: (ask: WireAsk, o: { timeoutMs: number; signal: AbortSignal }) => Promise<Served>;
}

const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.server.close();
});

async function startRig(overrides: Partial<GatewayHandlers> = {}): Promise<Rig> {
  const rig = {
    served: [],
    shaped: 0,
    keysChecked: [],
    origins: [],
    serve: async () => answered('{"choices":[]}'),
  } as unknown as Rig;
  const handlers: GatewayHandlers = {
    checkKey: (k) => {
      rig.keysChecked.push(k);
      return k === KEY ? { id: 'k1', name: 'test app' } : null;
    },
    allowedOrigins: () => rig.origins,
    models: async () => [{ id: 'm1', ownedBy: 'iicp-network' }],
    shape: (route, body) => {
      rig.shaped += 1;
      return shapeRequest(route, body);
    },
    serve: (ask, o) => {
      rig.served.push({ ask, ...o });
      return rig.serve(ask, o);
    },
    ...overrides,
  };
  rig.server = new GatewayServer(handlers);
  rig.port = await rig.server.listen(0);
  rigs.push(rig);
  return rig;
}

describe('GatewayServer: where it listens', () => {
  it('listens on 127.0.0.1 at the port it was given, or a free one, and says which', async () => {
    const rig = await startRig();
    expect(rig.port).toBeGreaterThan(0);
    expect(rig.server.port).toBe(rig.port);
    const r = await call(rig.port, { method: 'GET', path: '/api/version', headers: withKey() });
    expect(r.status).toBe(200);
  });

  const outward = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  it.runIf(outward)('cannot be reached at this computer’s network address', async () => {
    const rig = await startRig();
    const reached = await new Promise<string>((resolve) => {
      const req = request({ host: outward, port: rig.port, path: '/api/version', agent: false }, () =>
        resolve('answered'),
      );
      req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
      req.end();
    });
    expect(reached).toBe('ECONNREFUSED');
  });

  it('a port already taken rejects with the socket’s error; after close the port is free and reported as none', async () => {
    const first = await startRig();
    const second = new GatewayServer({} as GatewayHandlers);
    await expect(second.listen(first.port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(second.port).toBeNull();
    await first.server.close();
    expect(first.server.port).toBeNull();
    await expect(call(first.port, { method: 'GET', path: '/api/version' })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });
});

describe('GatewayServer: who may ask', () => {
  it('answers at 127.0.0.1, localhost and [::1] by name, and refuses any other Host (DNS rebinding) before the key', async () => {
    const rig = await startRig();
    for (const host of [
      `127.0.0.1:${rig.port}`,
      `localhost:${rig.port}`,
      `LOCALHOST:${rig.port}`,
      `[::1]:${rig.port}`,
    ]) {
      expect(
        (await call(rig.port, { method: 'GET', path: '/api/version', headers: withKey({ Host: host }) })).status,
        host,
      ).toBe(200);
    }
    for (const host of [
      `evil.example:${rig.port}`,
      `127.0.0.1:${rig.port + 1}`,
      '127.0.0.1',
      `localhost.evil.example:${rig.port}`,
    ]) {
      const r = await call(rig.port, { method: 'GET', path: '/v1/models', headers: withKey({ Host: host }) });
      expect(r.status, host).toBe(403);
      expect(openAICode(r)).toBe('host_not_allowed');
    }
    expect(rig.keysChecked).toHaveLength(4);
  });

  it('refuses a browser origin the person did not allow, and answers an allowed one with CORS and its preflight', async () => {
    const rig = await startRig();
    const refused = await call(rig.port, {
      method: 'GET',
      path: '/v1/models',
      headers: withKey({ Origin: 'https://page.example' }),
    });
    expect(refused.status).toBe(403);
    expect(openAICode(refused)).toBe('origin_not_allowed');

    rig.origins = ['http://localhost:3000'];
    const allowed = await call(rig.port, {
      method: 'GET',
      path: '/v1/models',
      headers: withKey({ Origin: 'http://localhost:3000' }),
    });
    expect(allowed.status).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    const preflight = await call(rig.port, {
      method: 'OPTIONS',
      path: '/v1/chat/completions',
      headers: { Origin: 'http://localhost:3000' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toBe('GET, POST, OPTIONS');
    expect(preflight.headers['access-control-allow-headers']).toContain('Authorization');
  });

  it('wants a valid app key, as a Bearer token or Anthropic’s x-api-key, before it reads any body', async () => {
    const rig = await startRig();
    const none = await call(rig.port, {
      path: '/v1/chat/completions',
      headers: { 'Content-Type': 'application/json' },
      body: chat,
    });
    expect(none.status).toBe(401);
    expect(openAICode(none)).toBe('invalid_api_key');
    expect(none.headers['www-authenticate']).toBe('Bearer');
    const wrong = await call(rig.port, {
      path: '/v1/chat/completions',
      headers: withKey({ Authorization: 'Bearer not-a-key' }),
      body: chat,
    });
    expect(wrong.status).toBe(401);
    const anthropic = await call(rig.port, { path: '/v1/messages', headers: { 'x-api-key': 'not-a-key' }, body: '{}' });
    expect(anthropic.status).toBe(401);
    expect(json(anthropic)).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: expect.stringContaining('app key') },
    });
    expect(rig.shaped).toBe(0);
    expect(rig.served).toHaveLength(0);

    const viaHeader = await call(rig.port, {
      path: '/v1/messages',
      headers: { 'x-api-key': KEY, 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'm1', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(viaHeader.status).toBe(200);
    expect(rig.served).toHaveLength(1);
  });
});

describe('GatewayServer: what it refuses', () => {
  it('an unknown path is 404 and a wrong method 405 with Allow, each in the API’s own error shape', async () => {
    const rig = await startRig();
    const missing = await call(rig.port, { method: 'GET', path: '/v1/nothing', headers: withKey() });
    expect(missing.status).toBe(404);
    expect(openAICode(missing)).toBe('not_found');
    const wrong = await call(rig.port, { method: 'GET', path: '/v1/chat/completions', headers: withKey() });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    expect(openAICode(wrong)).toBe('method_not_allowed');
    const ollama = await call(rig.port, { method: 'POST', path: '/api/tags', headers: withKey(), body: '{}' });
    expect(ollama.status).toBe(405);
    expect(json(ollama)).toEqual({ error: 'Use GET for this path.' });
  });

  it('checks the key before the path: without a key an unknown path or a wrong method is 401, with one 404 or 405', async () => {
    const rig = await startRig();
    for (const [method, path] of [
      ['GET', '/nope'],
      ['POST', '/v1/nothing'],
      ['GET', '/v1/chat/completions'],
      ['POST', '/api/tags'],
    ] as const) {
      const none = await call(rig.port, { method, path, headers: {}, body: method === 'POST' ? '{}' : undefined });
      expect(none.status, `${method} ${path}`).toBe(401);
      expect(none.headers['www-authenticate']).toBe('Bearer');
      expect(none.headers.allow).toBeUndefined();
    }
    expect((await call(rig.port, { method: 'GET', path: '/nope', headers: withKey() })).status).toBe(404);
    expect(rig.keysChecked).toEqual([KEY]);
  });

  it('says x-should-retry: false on every refusal the same request cannot change, and nothing on one that may pass', async () => {
    const rig = await startRig();
    const noKey = await call(rig.port, { path: '/v1/chat/completions', headers: {}, body: chat });
    const missing = await call(rig.port, { method: 'GET', path: '/nope', headers: withKey() });
    const wrongMethod = await call(rig.port, { method: 'GET', path: '/v1/chat/completions', headers: withKey() });
    const badBody = await call(rig.port, { path: '/v1/chat/completions', headers: withKey(), body: '{"model":' });
    const tooLarge = await call(rig.port, {
      path: '/v1/chat/completions',
      headers: withKey({ 'Content-Length': String(MAX_BODY_BYTES + 1) }),
      body: Buffer.alloc(0),
    });
    expect([noKey, missing, wrongMethod, badBody, tooLarge].map((r) => r.status)).toEqual([401, 404, 405, 400, 413]);
    for (const r of [noKey, missing, wrongMethod, badBody, tooLarge])
      expect(r.headers['x-should-retry'], String(r.status)).toBe('false');
    const refusedBy = async (status: number, code: string) => {
      rig.serve = async () => ({ ok: false, status, code, message: 'No.', taskId: 't', nodeId: null, own: null });
      return (await call(rig.port, { path: '/v1/chat/completions', headers: withKey(), body: chat })).headers[
        'x-should-retry'
      ];
    };
    expect(await refusedBy(429, 'insufficient_quota')).toBe('false');
    expect(await refusedBy(503, 'no_nodes')).toBe('false');
    expect(await refusedBy(422, 'http_422')).toBe('false');
    expect(await refusedBy(502, 'all_nodes_failed')).toBeUndefined();
    expect(await refusedBy(503, 'directory_unreachable')).toBeUndefined();
    expect(await refusedBy(504, 'timeout')).toBeUndefined();
    expect([
      retryable(429, 'busy'),
      retryable(429, 'rate_limited'),
      retryable(408, 'x'),
      retryable(400, 'x'),
      retryable(404, 'model_not_found'),
    ]).toEqual([true, true, true, false, false]);
  });

  it('lets an Ollama app in without a key when the person allows it, for free answers only; a wrong key is still 401', async () => {
    let allowed = true;
    const rig = await startRig({ keylessOllama: () => allowed });
    const ollamaChat = JSON.stringify({ model: 'm1', messages: [{ role: 'user', content: 'hi' }], stream: false });
    const free = await call(rig.port, { path: '/api/chat', headers: {}, body: ollamaChat });
    expect(free.status).toBe(200);
    expect(rig.served).toHaveLength(1);
    expect(rig.served[0]).toMatchObject({ appKeyId: 'keyless', freeOnly: true });
    expect((await call(rig.port, { method: 'GET', path: '/api/tags', headers: {} })).status).toBe(200);
    // A wrong or malformed key is not "no key"; the other APIs and unknown paths still want one.
    expect(
      (await call(rig.port, { path: '/api/chat', headers: { Authorization: 'Bearer not-a-key' }, body: ollamaChat }))
        .status,
    ).toBe(401);
    expect(
      (await call(rig.port, { path: '/api/chat', headers: { Authorization: 'Basic eDp5' }, body: ollamaChat })).status,
    ).toBe(401);
    expect((await call(rig.port, { path: '/v1/chat/completions', headers: {}, body: chat })).status).toBe(401);
    expect((await call(rig.port, { method: 'GET', path: '/api/nothing', headers: {} })).status).toBe(401);
    // With a key, an Ollama request is the app's as before, not held to free answers.
    await call(rig.port, { path: '/api/chat', headers: withKey(), body: ollamaChat });
    expect(rig.served[1]).toMatchObject({ appKeyId: 'k1', freeOnly: false });
    allowed = false;
    expect((await call(rig.port, { path: '/api/chat', headers: {}, body: ollamaChat })).status).toBe(401);
    expect(rig.served).toHaveLength(2);
  });

  it('a body declared larger than the cap is refused unread with 413 payload_too_large', async () => {
    const rig = await startRig();
    const r = await call(rig.port, {
      path: '/v1/chat/completions',
      headers: withKey({ 'Content-Length': String(MAX_BODY_BYTES + 1) }),
      body: Buffer.alloc(0),
    });
    expect(r.status).toBe(413);
    expect(openAICode(r)).toBe('payload_too_large');
    expect(rig.shaped).toBe(0);
  });

  it('a chunked body that grows past the cap is refused with 413 as it arrives, and the app reads the answer', async () => {
    const rig = await startRig();
    const piece = Buffer.alloc(256 * 1024, 0x20);
    const chunks = [
      Buffer.from('{"model":"m1","messages":[],"pad":"'),
      ...Array.from({ length: MAX_BODY_BYTES / piece.length + 1 }, () => piece),
    ];
    const r = await call(rig.port, { path: '/v1/chat/completions', headers: withKey(), chunks });
    expect(r.status).toBe(413);
    expect(openAICode(r)).toBe('payload_too_large');
    expect(rig.shaped).toBe(0);
  });

  it('a body nested too deep is refused with 400 invalid_request before it is parsed', async () => {
    const rig = await startRig();
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const r = await call(rig.port, { path: '/v1/chat/completions', headers: withKey(), body: deep });
    expect(r.status).toBe(400);
    expect(openAICode(r)).toBe('invalid_request');
    expect(json(r).error).toMatchObject({ message: expect.stringMatching(/nested deeper than \d+ levels/) });
    expect(rig.shaped).toBe(0);
  });

  it('a body that is not JSON, or not the API’s shape, is refused with the reader’s stable code', async () => {
    const rig = await startRig();
    const notJson = await call(rig.port, { path: '/v1/chat/completions', headers: withKey(), body: '{"model":' });
    expect(notJson.status).toBe(400);
    expect(openAICode(notJson)).toBe('invalid_json');
    const noModel = await call(rig.port, {
      path: '/v1/chat/completions',
      headers: withKey(),
      body: JSON.stringify({ messages: [] }),
    });
    expect(noModel.status).toBe(400);
    expect(rig.served).toHaveLength(0);
  });

  it(`turns an app away with 429 busy and Retry-After while ${MAX_IN_FLIGHT} requests are under way`, async () => {
    const rig = await startRig();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    rig.serve = async () => {
      await gate;
      return answered('{}');
    };
    const waiting = Array.from({ length: MAX_IN_FLIGHT }, () =>
      call(rig.port, { path: '/v1/chat/completions', headers: withKey(), body: chat }),
    );
    await vi.waitFor(() => expect(rig.served).toHaveLength(MAX_IN_FLIGHT), { timeout: 10_000 });
    const busy = await call(rig.port, { path: '/v1/chat/completions', headers: withKey(), body: chat });
    expect(busy.status).toBe(429);
    expect(openAICode(busy)).toBe('busy');
    expect(busy.headers['retry-after']).toBe('1');
    // Busy is worth another try: the app's library may retry it after the pause.
    expect(busy.headers['x-should-retry']).toBeUndefined();
    release();
    expect((await Promise.all(waiting)).map((r) => r.status)).toEqual(Array(MAX_IN_FLIGHT).fill(200));
    expect((await call(rig.port, { path: '/v1/chat/completions', headers: withKey(), body: chat })).status).toBe(200);
  });

  it('a handler that throws gives the app 500 internal_error, and the next request is answered', async () => {
    const rig = await startRig({ models: () => Promise.reject(new Error('boom')) });
    const r = await call(rig.port, { method: 'GET', path: '/v1/models', headers: withKey() });
    expect(r.status).toBe(500);
    expect(openAICode(r)).toBe('internal_error');
    expect((await call(rig.port, { method: 'GET', path: '/api/version', headers: withKey() })).status).toBe(200);
  });
});

describe('GatewayServer: answers', () => {
  it('lists the network’s models for OpenAI and Ollama apps, and says what an Ollama client asks first', async () => {
    const rig = await startRig();
    const openai = json(await call(rig.port, { method: 'GET', path: '/v1/models', headers: withKey() }));
    expect(openai).toMatchObject({ object: 'list', data: [expect.objectContaining({ id: 'm1' })] });
    const tags = json(await call(rig.port, { method: 'GET', path: '/api/tags', headers: withKey() }));
    expect(tags).toMatchObject({ models: [expect.objectContaining({ name: 'm1' })] });
    expect(json(await call(rig.port, { method: 'GET', path: '/api/version', headers: withKey() }))).toEqual({
      version: '0.5.0',
    });
    expect((await call(rig.port, { method: 'GET', path: '/', headers: withKey() })).text).toBe('Ollama is running');
  });

  it('sends the node’s answer with where it went in X-IICP headers, and a failure with its status and code', async () => {
    const rig = await startRig();
    rig.serve = async () => answered('{"choices":[{"message":{"content":"hi"}}]}');
    const ok = await call(rig.port, { path: '/v1/chat/completions', headers: withKey(), body: chat });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('application/json');
    expect(ok.text).toBe('{"choices":[{"message":{"content":"hi"}}]}');
    expect(ok.headers).toMatchObject({
      'x-iicp-task-id': 't-1',
      'x-iicp-node-id': 'n-1',
      'x-iicp-own-machine': 'no',
      'cache-control': 'no-store',
    });
    expect(rig.served[0]!.ask).toMatchObject({ api: 'openai', model: 'm1', intent: 'urn:iicp:intent:llm:chat:v1' });

    rig.serve = async () => ({
      ok: false,
      status: 402,
      code: 'insufficient_quota',
      message: 'The daily limit is reached.',
      taskId: 't-2',
      nodeId: null,
      own: null,
    });
    const refused = await call(rig.port, { path: '/v1/chat/completions', headers: withKey(), body: chat });
    expect(refused.status).toBe(402);
    expect(json(refused)).toEqual({
      error: {
        message: 'The daily limit is reached.',
        type: 'insufficient_quota',
        param: null,
        code: 'insufficient_quota',
      },
    });
    expect(refused.headers['x-iicp-task-id']).toBe('t-2');
    expect(refused.headers['x-iicp-node-id']).toBeUndefined();
  });

  it('writes a streamed answer’s frames under its content type', async () => {
    const rig = await startRig();
    rig.serve = async () => ({
      ok: true,
      status: 200,
      code: 'ok',
      message: '',
      answer: { contentType: 'text/event-stream', chunks: ['data: 1\n\n', 'data: [DONE]\n\n'] },
      taskId: 't',
      nodeId: 'n',
      own: true,
    });
    const r = await call(rig.port, { path: '/v1/chat/completions', headers: withKey(), body: chat });
    expect(r.headers['content-type']).toBe('text/event-stream');
    expect(r.headers['x-iicp-own-machine']).toBe('yes');
    expect(r.text).toBe('data: 1\n\ndata: [DONE]\n\n');
  });

  it('gives a request the time the app asked for in X-IICP-Timeout-Ms, within 1 s and 300 s, else the default', async () => {
    const rig = await startRig();
    for (const [header, want] of [
      [undefined, DEFAULT_TIMEOUT_MS],
      ['5000', 5000],
      ['10', 1000],
      ['9999999', 300_000],
      ['soon', DEFAULT_TIMEOUT_MS],
    ] as const) {
      rig.served.length = 0;
      await call(rig.port, {
        path: '/v1/chat/completions',
        headers: withKey(header === undefined ? {} : { 'X-IICP-Timeout-Ms': header }),
        body: chat,
      });
      expect(rig.served[0]!.timeoutMs, String(header)).toBe(want);
    }
  });

  it('an app that hangs up cancels its request on the network', async () => {
    const rig = await startRig();
    rig.serve = (_ask, o) =>
      new Promise((resolve) => o.signal.addEventListener('abort', () => resolve(answered('{}'))));
    let hangUp!: () => void;
    const gone = call(
      rig.port,
      { path: '/v1/chat/completions', headers: withKey(), body: chat },
      (abort) => (hangUp = abort),
    ).catch((err: unknown) => err);
    await vi.waitFor(() => expect(rig.served).toHaveLength(1));
    expect(rig.served[0]!.signal.aborted).toBe(false);
    hangUp();
    await gone;
    await vi.waitFor(() => expect(rig.served[0]!.signal.aborted).toBe(true));
  });
});
