/**
 * How directory answers that are not a success reach the node: both error shapes parsed,
 * retry hints understood, and garbage of every kind turned into a typed failure — never an exception the
 * caller did not ask for.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  describeFailure,
  directoryCode,
  failureDetails,
  isLivenessFailure,
  operatorRefusal,
  parseDirectoryFailure,
} from '@engine/directory/errors';
import { callDirectory, directoryUrl, DirectoryNetworkError } from '@engine/directory/http';
import { onCleanup, SCRIPTED_BASE, ScriptedDirectory, type ScriptedAnswer } from './harness';

describe('parsing a directory error', () => {
  it('reads the object form with code, message and validation fields', () => {
    const f = parseDirectoryFailure(422, {
      error: {
        code: 'validation_error',
        message: 'Input validation failed',
        fields: { endpoint: ['IICP-E036: endpoint unreachable from directory (HTTP 502).'], region: ['bad', 7] },
      },
    });
    expect(f).toEqual({
      status: 422,
      code: 'validation_error',
      message: 'Input validation failed',
      fields: { endpoint: ['IICP-E036: endpoint unreachable from directory (HTTP 502).'], region: ['bad'] },
      named: ['IICP-E036'],
    });
    expect(describeFailure(f)).toMatch(/could not reach this node from the internet/);
  });

  it('reads the string form and its retry_after in seconds (IICP-E034)', () => {
    const f = parseDirectoryFailure(429, {
      error: 'IICP-E034',
      message: 'TooManyRegistrationAttempts',
      retry_after: 60,
    });
    expect(f).toEqual({ status: 429, code: 'IICP-E034', message: 'TooManyRegistrationAttempts', retryAfterMs: 60_000 });
    expect(describeFailure(f)).toMatch(/rate-limiting/);
  });

  it('reads retry_after_seconds of the object form (Laravel limiter)', () => {
    const f = parseDirectoryFailure(429, {
      error: {
        code: 'rate_limited',
        message: 'Registration rate limit exceeded (60/min/IP)...',
        retry_after_seconds: 60,
      },
    });
    expect(f).toMatchObject({ code: 'rate_limited', retryAfterMs: 60_000 });
  });

  it('falls back to the Retry-After header when the body has no hint, and prefers the body when it has one', () => {
    expect(parseDirectoryFailure(429, { message: 'Too Many Attempts.' }, '7').retryAfterMs).toBe(7000);
    expect(parseDirectoryFailure(503, null, ' 12 ').retryAfterMs).toBe(12_000);
    expect(parseDirectoryFailure(429, { error: 'IICP-E034', retry_after: 60 }, '5').retryAfterMs).toBe(60_000);
    // An HTTP date or nonsense is not a number of seconds: no hint rather than a wrong one.
    expect(parseDirectoryFailure(503, null, 'Wed, 21 Oct 2026 07:28:00 GMT').retryAfterMs).toBeUndefined();
    expect(parseDirectoryFailure(429, { error: 'IICP-E034', retry_after: -5 }).retryAfterMs).toBeUndefined();
  });

  it('turns anything else into http_<status> with a plain message, and bounds what it keeps', () => {
    expect(parseDirectoryFailure(500, null)).toEqual({
      status: 500,
      code: 'http_500',
      message: 'The directory answered HTTP 500.',
    });
    expect(parseDirectoryFailure(502, ['not', 'an', 'object']).code).toBe('http_502');
    expect(parseDirectoryFailure(500, { error: 42 }).code).toBe('http_500');
    expect(parseDirectoryFailure(500, { error: { code: 7, message: null } }).message).toBe(
      'The directory answered HTTP 500.',
    );
    expect(parseDirectoryFailure(400, { error: { code: 'x', message: 'm'.repeat(5000) } }).message).toHaveLength(500);
  });

  it('says in plain words what the ownership refusals mean (IICP-E049/E050)', () => {
    for (const code of ['IICP-E049', 'IICP-E050']) {
      expect(describeFailure(parseDirectoryFailure(403, { error: { code, message: 'x' } }))).toMatch(
        /proof that this computer owns the node/,
      );
    }
    expect(describeFailure(parseDirectoryFailure(403, { error: 'IICP-E050', message: 'x' }))).toMatch(/owns the node/);
  });
});

describe('what the person is told, and what the log keeps', () => {
  /** Developer vocabulary the Dashboard must not show: routes, codes, snake_case names, raw defaults. */
  const JARGON = /\/v1\/|IICP-E\d+|\b[a-z]+_[a-z_]+\b|HTTP \d{3}|\w+=/;

  it.each<[string, ReturnType<typeof parseDirectoryFailure>, RegExp]>([
    [
      'a 404 whose message is a route',
      parseDirectoryFailure(404, {
        error: { code: 'not_found', message: '/v1/node/2f1e3d4c-8a9b-4c5d-9e0f-112233445566' },
      }),
      /does not know this node/,
    ],
    ['a 404 with no body', parseDirectoryFailure(404, null), /does not know this node/],
    [
      'a 403 with a code for a message',
      parseDirectoryFailure(403, { error: { code: 'forbidden', message: 'node_token_mismatch' } }),
      /^The directory refused the request\.$/,
    ],
    ['a 418 with nothing to say', parseDirectoryFailure(418, null), /^The directory refused the request\.$/],
    [
      'a 422 naming its fields',
      parseDirectoryFailure(422, {
        error: {
          code: 'validation_error',
          message: 'Input validation failed',
          fields: { credit_cost_multiplier: ['too high'], region: ['bad'] },
        },
      }),
      /^The directory refused the registration\. It found a problem with the price, the region\.$/,
    ],
    [
      'a 422 whose message is a code',
      parseDirectoryFailure(422, { error: { code: 'validation_error', message: 'endpoint_unroutable' } }),
      /^The directory refused the registration\.$/,
    ],
    [
      'an unreadable answer',
      {
        status: 200,
        code: 'bad_response',
        message: 'The directory answered with something that is not a JSON object.',
      },
      /could not be read/,
    ],
  ])('%s reads as plain words', (_what, f, words) => {
    const said = describeFailure(f);
    expect(said).toMatch(words);
    expect(JARGON.exec(said)?.[0]).toBeUndefined();
  });

  it("keeps the status, code, message and fields for the event details, without the node's credentials", () => {
    const f = parseDirectoryFailure(422, {
      error: {
        code: 'validation_error',
        message: 'bad bearer tok-SECRET-1 for /v1/register',
        fields: { endpoint: ['IICP-E036: unreachable'] },
      },
    });
    expect(failureDetails(f, ['tok-SECRET-1'])).toBe(
      'status=422 code=validation_error message: bad bearer [redacted] for /v1/register fields: endpoint: IICP-E036: unreachable',
    );
    expect(failureDetails(parseDirectoryFailure(503, null))).toBe('status=503 code=http_503');
  });
});

describe('codes as the directories send them, and only as they arrive', () => {
  /** PHP (`RegisterController`, `NodeRegistry`, `NodeEndpointVerifier`) and the Rust directory, as each writes them. */
  it.each<[string, number, unknown, RegExp]>([
    [
      'PHP E049 (object form)',
      403,
      { error: { code: 'IICP-E049', message: 'cx_public_key update requires valid current_node_token' } },
      /owns the node/,
    ],
    [
      'Rust E050 (string form)',
      403,
      { error: 'IICP-E050', message: 'endpoint change requires current_node_token' },
      /owns the node/,
    ],
    [
      'PHP E036 (a field message that starts with it)',
      422,
      {
        error: {
          code: 'validation_error',
          message: 'Input validation failed',
          fields: {
            endpoint: [
              'IICP-E036: endpoint unreachable from directory (HTTP 502). Verify port-forwarding / public_endpoint.',
            ],
          },
        },
      },
      /could not reach this node/,
    ],
    [
      'Rust E036 (its code)',
      422,
      { error: { code: 'IICP-E036', message: 'endpoint unreachable or TLS identity verification failed' } },
      /could not reach this node/,
    ],
    [
      'PHP E035 (a field message)',
      422,
      {
        error: {
          code: 'validation_error',
          message: 'Input validation failed',
          fields: { endpoint: ["IICP-E035: endpoint host '10.0.0.7' is in an RFC1918 private range."] },
        },
      },
      /private or local address/,
    ],
    [
      'Rust E035 (its code)',
      422,
      { error: { code: 'IICP-E035', message: 'non-routable endpoint: Private' } },
      /private or local address/,
    ],
    [
      'PHP E051 (a field message that ends with it)',
      422,
      {
        error: {
          code: 'validation_error',
          message: 'Input validation failed',
          fields: {
            operator_display_name: [
              'operator_display_name is already claimed by another verified operator (IICP-E051)',
            ],
          },
        },
      },
      /display name/,
    ],
    [
      'Rust E051 (its message ends with it)',
      422,
      {
        error: {
          code: 'validation_error',
          message: 'operator_display_name is already claimed by another verified operator (IICP-E051)',
        },
      },
      /display name/,
    ],
    [
      'PHP E063 (a field message)',
      422,
      {
        error: {
          code: 'validation_error',
          message: 'Input validation failed',
          fields: {
            operator_delegation: [
              'operator identity is rotated or revoked and cannot make new delegation claims (IICP-E063)',
            ],
          },
        },
      },
      /rotated|revoked|no longer/i,
    ],
  ])('%s is known', (_what, status, body, words) => {
    expect(describeFailure(parseDirectoryFailure(status, body))).toMatch(words);
  });

  it.each<[string, number, unknown]>([
    ['IICP-E0\u200b49 (a zero-width space inside)', 403, { error: { code: 'IICP-E0\u200b49', message: 'x' } }],
    ['IICP-E049\u202e (a bidi override after it)', 403, { error: { code: 'IICP-E049\u202e', message: 'x' } }],
    ['IICP-E050 in the string form with a terminal escape', 403, { error: 'IICP-E050\u001b[5m', message: 'x' }],
    [' IICP-E049 (a space in front)', 403, { error: { code: ' IICP-E049', message: 'x' } }],
  ])('a code with hidden characters is not the known code, and is not kept: %s', (_what, status, body) => {
    const f = parseDirectoryFailure(status, body);
    expect(describeFailure(f)).not.toMatch(/owns the node/);
    expect(describeFailure(f)).toBe('The directory refused the request.');
    expect(f.code).toBe('http_403');
    expect(f.unplainCode).toBe(true);
    expect(directoryCode(f)).toBeNull();
    expect(failureDetails(f)).not.toContain('IICP-E0');
    expect(failureDetails(f)).toContain('not plain');
  });

  it('a code named in a message with hidden characters is not matched either', () => {
    const e036 = parseDirectoryFailure(422, {
      error: {
        code: 'validation_error',
        message: 'Input validation failed',
        fields: { endpoint: ['IICP-E0\u200b36: endpoint unreachable from directory.'] },
      },
    });
    expect(isLivenessFailure(e036)).toBe(false);
    expect(describeFailure(e036)).not.toMatch(/could not reach/);
    const e051 = parseDirectoryFailure(422, {
      error: {
        code: 'validation_error',
        message: 'x',
        fields: { operator_display_name: ['already claimed (IICP-E05\u20601)'] },
      },
    });
    expect(operatorRefusal(e051)).toBeNull();
    const e063 = parseDirectoryFailure(409, {
      error: { code: 'IICP-E063\u2066', message: 'operator identity is no longer active' },
    });
    expect(operatorRefusal(e063)).toBeNull();
    // A known code somewhere in the middle of a sentence is not how any directory writes it.
    expect(
      operatorRefusal(
        parseDirectoryFailure(422, { error: { code: 'validation_error', message: 'see IICP-E051 and call us' } }),
      ),
    ).toBeNull();
  });

  it("keeps a plain code of the directory, and says which codes are the node's own", () => {
    expect(directoryCode(parseDirectoryFailure(403, { error: { code: 'forbidden', message: 'x' } }))).toBe('forbidden');
    expect(directoryCode(parseDirectoryFailure(500, null))).toBeNull();
    expect(directoryCode({ status: 200, code: 'bad_response', message: 'm' })).toBeNull();
    expect(parseDirectoryFailure(403, { error: { code: 'x'.repeat(65) } }).code).toBe('http_403');
  });
});

describe("the directory's words never become ours", () => {
  const PHONE = 'call +1 555 0100 to fix your node';

  it.each<[string, number, unknown]>([
    ['a 403 with a readable message', 403, { error: { code: 'forbidden', message: PHONE } }],
    ['a 422 with a readable message', 422, { error: { code: 'validation_error', message: PHONE } }],
    ['a 400 in the string form', 400, { error: 'bad_request', message: PHONE }],
    ['a Laravel validation answer', 422, { message: PHONE, errors: { call_555_0100: [PHONE] } }],
  ])('%s: our sentence only, its message in the details', (_what, status, body) => {
    const f = parseDirectoryFailure(status, body);
    expect(describeFailure(f)).not.toMatch(/555|call/);
    expect(failureDetails(f)).toContain(PHONE);
  });

  it('names only the fields the node knows by the name that arrived', () => {
    const f = (fields: Record<string, string[]>) =>
      describeFailure(
        parseDirectoryFailure(422, { error: { code: 'validation_error', message: 'Input validation failed', fields } }),
      );
    expect(f({ region: ['bad'] })).toBe('The directory refused the registration. It found a problem with the region.');
    expect(f({ 'reg\u200bion': ['bad'] })).toBe(
      'The directory refused the registration. It found a problem with parts of it.',
    );
    expect(f({ region: ['bad'], call_555_0100: ['x'] })).toBe(
      'The directory refused the registration. It found a problem with the region and other parts of it.',
    );
  });
});

describe('one call to the directory', () => {
  const call = async (answer: ScriptedAnswer) => {
    const dir = new ScriptedDirectory();
    dir.heartbeat = () => answer;
    const res = await callDirectory(
      SCRIPTED_BASE,
      { method: 'POST', route: '/v1/heartbeat', body: { node_id: 'n' }, token: 'secret-token', nodeId: 'n' },
      dir.fetch,
    );
    return { res, sent: dir.sent[0]! };
  };

  it('goes to {base}/v1/<route> with the trailing slash of the base trimmed', () => {
    expect(directoryUrl('https://iicp.network/api/', '/v1/register')).toBe('https://iicp.network/api/v1/register');
    expect(directoryUrl('https://iicp.network/api//', '/v1/heartbeat')).toBe('https://iicp.network/api/v1/heartbeat');
  });

  it('sends JSON with the bearer token and the node id in headers, and never follows redirects', async () => {
    const { res, sent } = await call({ status: 200, json: { ok: true } });
    expect(res).toEqual({ ok: true, status: 200, body: { ok: true } });
    expect(sent.headers).toMatchObject({
      authorization: 'Bearer secret-token',
      'x-node-id': 'n',
      'content-type': 'application/json',
      accept: 'application/json',
    });
    expect(sent.redirect).toBe('manual');
  });

  it.each<[string, ScriptedAnswer]>([
    ['an empty 2xx body', { status: 200, raw: '' }],
    ['a 2xx body that is not JSON', { status: 200, raw: 'OK' }],
    ['a 2xx JSON array', { status: 201, raw: '[1,2,3]' }],
    ['a 2xx JSON null', { status: 200, raw: 'null' }],
    ['truncated 2xx JSON', { status: 200, raw: '{"ok": tr' }],
  ])('turns %s into a typed bad_response failure', async (_label, answer) => {
    const { res } = await call(answer);
    expect(res.ok).toBe(false);
    if (!res.ok)
      expect(res.failure).toMatchObject({ code: 'bad_response', status: 'status' in answer ? answer.status : 0 });
  });

  it.each<[string, ScriptedAnswer, string]>([
    [
      'an HTML 500 from a proxy',
      { status: 500, raw: '<html><body><h1>500 Internal Server Error</h1></body></html>' },
      'http_500',
    ],
    ['a 502 with truncated JSON', { status: 502, raw: '{"error": {"code": "IICP' }, 'http_502'],
    ['a 404 with an empty body', { status: 404, raw: '' }, 'http_404'],
    ['a 302 redirect', { status: 302, raw: '', headers: { location: 'https://elsewhere.example/' } }, 'http_302'],
    [
      'a 401 in the object form',
      { status: 401, json: { error: { code: 'unauthorized', message: 'Invalid credentials' } } },
      'unauthorized',
    ],
  ])('turns %s into a typed failure', async (_label, answer, code) => {
    const { res } = await call(answer);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.failure.code).toBe(code);
  });

  it('reads the Retry-After header of a real response', async () => {
    const { res } = await call({
      status: 429,
      json: { error: { code: 'rate_limited', message: 'Too Many Attempts.' } },
      headers: { 'retry-after': '3' },
    });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.failure).toMatchObject({ status: 429, code: 'rate_limited', retryAfterMs: 3000 });
  });

  it('reports network trouble as a DirectoryNetworkError that names neither the token nor the body', async () => {
    const err = await call({ networkError: 'connect ECONNREFUSED 127.0.0.1:9' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DirectoryNetworkError);
    expect((err as Error).message).toBe('directory request POST /v1/heartbeat connect ECONNREFUSED 127.0.0.1:9');
    expect((err as Error).message).not.toContain('secret-token');
  });

  it('reports a closed directory port as a DirectoryNetworkError', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    await expect(
      callDirectory(`http://127.0.0.1:${port}/api`, { method: 'POST', route: '/v1/heartbeat', body: {} }),
    ).rejects.toBeInstanceOf(DirectoryNetworkError);
  });

  it('refuses to read an answer larger than 1 MiB, as an unreadable answer (the directory was reached)', async () => {
    const r = await call({ status: 200, raw: `{"pad":"${'x'.repeat(1024 * 1024 + 10)}"}` });
    expect(r.res).toMatchObject({ ok: false, failure: { status: 200, code: 'response_too_large' } });
  });

  it('does not carry the token to where a redirect points', async () => {
    const seenElsewhere: string[] = [];
    const elsewhere = await listen(
      createServer((req, res) => {
        seenElsewhere.push(String(req.headers.authorization));
        res.end('{}');
      }),
    );
    const redirector = await listen(
      createServer((_req, res) => {
        res.writeHead(307, { location: `http://127.0.0.1:${port(elsewhere)}/api/v1/heartbeat` });
        res.end();
      }),
    );
    const res = await callDirectory(`http://127.0.0.1:${port(redirector)}/api`, {
      method: 'POST',
      route: '/v1/heartbeat',
      body: {},
      token: 'secret-token',
    });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.failure.status).toBe(307);
    expect(seenElsewhere).toEqual([]);
  });
});

describe('one call to the directory over node:http (what the node uses; no fetch given)', () => {
  it('reads the answer, the status and the Retry-After hint of a refusal', async () => {
    const seen: { method?: string; url?: string; auth?: string; nodeId?: string; body: string }[] = [];
    const server = await listen(
      createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          seen.push({
            method: req.method,
            url: req.url,
            auth: req.headers.authorization,
            nodeId: req.headers['x-node-id'] as string,
            body,
          });
          if (req.method === 'GET') return res.end('{"balance":12.5}');
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '17' });
          res.end('{"error":{"code":"IICP-E021","message":"slow down"}}');
        });
      }),
    );
    const base = `http://127.0.0.1:${port(server)}/api`;
    const ok = await callDirectory(base, {
      method: 'GET',
      route: '/v1/credits/balance',
      token: 't0k',
      nodeId: 'n-1',
      query: { node_id: 'n-1' },
    });
    expect(ok).toEqual({ ok: true, status: 200, body: { balance: 12.5 } });
    const refused = await callDirectory(base, { method: 'POST', route: '/v1/credits/award', body: { a: 1 } });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.failure).toMatchObject({ status: 429, code: 'IICP-E021', retryAfterMs: 17_000 });
    expect(seen).toEqual([
      { method: 'GET', url: '/api/v1/credits/balance?node_id=n-1', auth: 'Bearer t0k', nodeId: 'n-1', body: '' },
      { method: 'POST', url: '/api/v1/credits/award', auth: undefined, nodeId: undefined, body: '{"a":1}' },
    ]);
  });

  it('refuses a 2xx answer larger than 1 MiB as unreadable, not as a network problem', async () => {
    const server = await listen(createServer((_req, res) => res.end(`{"pad":"${'x'.repeat(1024 * 1024 + 10)}"}`)));
    const r = await callDirectory(`http://127.0.0.1:${port(server)}/api`, { method: 'GET', route: '/v1/stats' });
    expect(r).toMatchObject({ ok: false, failure: { code: 'response_too_large' } });
  });

  it('gives up at its deadline and says so, without the token', async () => {
    const server = await listen(createServer(() => undefined)); // never answers
    const err = await callDirectory(`http://127.0.0.1:${port(server)}/api`, {
      method: 'POST',
      route: '/v1/heartbeat',
      body: {},
      token: 'secret-token',
      timeoutMs: 150,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DirectoryNetworkError);
    expect((err as Error).message).toBe('directory request POST /v1/heartbeat timed out');
  });

  it('is cancelled by its signal', async () => {
    const server = await listen(createServer(() => undefined));
    const ctrl = new AbortController();
    const pending = callDirectory(`http://127.0.0.1:${port(server)}/api`, {
      method: 'POST',
      route: '/v1/heartbeat',
      body: {},
      signal: ctrl.signal,
    }).catch((e: unknown) => e);
    setTimeout(() => ctrl.abort(), 50);
    expect(((await pending) as Error).message).toBe('directory request POST /v1/heartbeat aborted');
  });

  it('is not sent at all when its signal was aborted before the call', async () => {
    let requests = 0;
    const server = await listen(
      createServer((_req, res) => {
        requests++;
        res.end('{}');
      }),
    );
    const ctrl = new AbortController();
    ctrl.abort();
    const err = await callDirectory(`http://127.0.0.1:${port(server)}/api`, {
      method: 'POST',
      route: '/v1/heartbeat',
      body: {},
      signal: ctrl.signal,
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('directory request POST /v1/heartbeat aborted');
    await new Promise((r) => setTimeout(r, 50));
    expect(requests).toBe(0);
  });

  it('reports the status of a 2xx answer too large to read', async () => {
    const server = await listen(
      createServer((_req, res) => {
        res.writeHead(201);
        res.end(`{"pad":"${'x'.repeat(1024 * 1024 + 10)}"}`);
      }),
    );
    const r = await callDirectory(`http://127.0.0.1:${port(server)}/api`, {
      method: 'POST',
      route: '/v1/credits/award',
      body: {},
    });
    expect(r).toMatchObject({ ok: false, failure: { status: 201, code: 'response_too_large' } });
  });

  it('sends a request once more when the kept-alive socket it was given had been closed by the directory', async () => {
    let requests = 0;
    let dropped = 0;
    const used = new WeakSet<object>();
    const server = await listen(
      createServer((req, res) => {
        requests++;
        // The race of a directory closing an idle kept-alive connection just as the node reuses it: the first request
        // that comes on a reused connection is dropped unanswered.
        if (used.has(req.socket) && dropped === 0) {
          dropped++;
          return req.socket.destroy();
        }
        used.add(req.socket);
        res.end('{"ok":true}');
      }),
    );
    const base = `http://127.0.0.1:${port(server)}/api`;
    for (let i = 0; i < 6; i++)
      expect((await callDirectory(base, { method: 'POST', route: '/v1/heartbeat', body: {} })).ok).toBe(true);
    // Every call answered; the dropped one was sent once more.
    expect(dropped).toBe(1);
    expect(requests).toBe(7);
  });
});

async function listen(server: Server): Promise<Server> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  onCleanup(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return server;
}

const port = (server: Server): number => (server.address() as AddressInfo).port;
