import { describe, expect, it } from 'vitest';
import { CHAT, dig, fakeClock, relay } from './helpers';

describe('POST /v1/relay/bind: a worker gets a session', () => {
  it('answers 200 with a bearer session token, the 25 s poll window and the path consumers will use', async () => {
    const { bind, relay: r } = await relay();
    const res = await bind('w-bind-1');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      session_token: expect.stringMatching(/^[0-9a-f]{32}$/),
      poll_timeout_s: 25,
      worker_endpoint_path: '/v1/relay-for/w-bind-1',
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.sessions()).toEqual([
      expect.objectContaining({ workerId: 'w-bind-1', intent: CHAT, models: ['tinyllama-1.1b'], alive: true }),
    ]);
  });

  it('reports a configured poll window in seconds', async () => {
    const { bind } = await relay({ pollTimeoutMs: 1500 });
    expect(dig((await bind('w')).json, 'poll_timeout_s')).toBe(1.5);
  });

  it('keeps only the string models and tolerates a missing intent', async () => {
    const { api, relay: r } = await relay();
    const res = await api('POST', '/v1/relay/bind', { body: { worker_id: 'w-odd', models: ['a', 7, null, 'b'] } });
    expect(res.status).toBe(200);
    expect(r.sessions()[0]).toMatchObject({ intent: '', models: ['a', 'b'] });
  });

  it('refuses a missing or non-string worker_id with 422 IICP-E001', async () => {
    const { api } = await relay();
    for (const body of [{ intent: CHAT }, { worker_id: '' }, { worker_id: 42 }, ['w'], 'w']) {
      const res = await api('POST', '/v1/relay/bind', { body });
      expect([res.status, res.json]).toEqual([422, { error: { code: 'IICP-E001', message: 'worker_id is required' } }]);
    }
  });

  it('rejects bodies the way axum Json does: 415 without a JSON content type, 400 for broken JSON, 413 over 2 MB', async () => {
    const { api } = await relay();
    const noType = await api('POST', '/v1/relay/bind', {
      raw: '{"worker_id":"w"}',
      headers: { 'content-type': 'text/plain' },
    });
    expect([noType.status, noType.text]).toEqual([415, 'Expected request with `Content-Type: application/json`']);
    expect(noType.headers.get('access-control-allow-origin')).toBe('*');
    const broken = await api('POST', '/v1/relay/bind', { raw: '{"worker_id":' });
    expect(broken.status).toBe(400);
    expect(broken.text).toMatch(/^Failed to parse the request body as JSON: /);
    const huge = await api('POST', '/v1/relay/bind', {
      raw: JSON.stringify({ worker_id: 'w', pad: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect([huge.status, huge.text]).toEqual([413, 'Failed to buffer the request body: length limit exceeded']);
    const vendorJson = await api('POST', '/v1/relay/bind', {
      body: { worker_id: 'w-vnd' },
      headers: { 'content-type': 'application/vnd.iicp+json; charset=utf-8' },
    });
    expect(vendorJson.status).toBe(200);
  });
});

describe('POST /v1/relay/bind: one live session per worker id (#510 interim-C)', () => {
  it('refuses to displace a session that pulled within 90 s: 409 IICP-E038', async () => {
    const { bind, relay: r } = await relay();
    const first = await bind('w-rebind');
    const second = await bind('w-rebind');
    expect(second.status).toBe(409);
    expect(second.json).toEqual({
      error: { code: 'IICP-E038', message: 'worker_id has an alive relay session — rebind rejected' },
    });
    expect(r.sessions().map((s) => s.sessionToken)).toEqual([dig(first.json, 'session_token')]);
  });

  it('lets a new bind displace a session that has not pulled for 90 s; the old token stops working', async () => {
    const clock = fakeClock();
    const { bind, pull } = await relay({ now: clock.now, pollTimeoutMs: 50 });
    const oldToken = dig<string>((await bind('w-stale')).json, 'session_token');
    clock.advance(89_999);
    expect((await bind('w-stale')).status).toBe(409);
    clock.advance(1);
    const fresh = await bind('w-stale');
    expect(fresh.status).toBe(200);
    expect(dig(fresh.json, 'session_token')).not.toBe(oldToken);
    expect((await pull(oldToken)).status).toBe(401);
    expect((await pull(dig<string>(fresh.json, 'session_token'))).status).toBe(204);
  });

  it('counts the bind itself as the first pull, and every pull (start and end) as proof of life', async () => {
    const clock = fakeClock();
    const { bind, pull, relay: r } = await relay({ now: clock.now, pollTimeoutMs: 30, sessionAliveMs: 1000 });
    const token = dig<string>((await bind('w-alive')).json, 'session_token');
    clock.advance(900);
    expect((await pull(token)).status).toBe(204);
    clock.advance(900);
    expect(r.sessions()[0]?.alive).toBe(true);
    expect((await bind('w-alive')).status).toBe(409);
    clock.advance(100);
    expect(r.sessions()[0]?.alive).toBe(false);
  });

  it('a dead session still answers to its token: a pull revives it (the reference never evicts on its own)', async () => {
    const clock = fakeClock();
    const { bind, pull, relay: r } = await relay({ now: clock.now, pollTimeoutMs: 30 });
    const token = dig<string>((await bind('w-lazarus')).json, 'session_token');
    clock.advance(120_000);
    expect(r.sessions()[0]?.alive).toBe(false);
    expect((await pull(token)).status).toBe(204);
    expect(r.sessions()[0]?.alive).toBe(true);
    expect((await bind('w-lazarus')).status).toBe(409);
  });

  it('logs every bind with its source, body and answer', async () => {
    const { bind, relay: r } = await relay();
    await bind('w-log');
    await bind('w-log');
    expect(r.log.filter((e) => e.kind === 'bind')).toEqual([
      expect.objectContaining({
        source: '127.0.0.1',
        workerId: 'w-log',
        status: 200,
        body: expect.objectContaining({ worker_id: 'w-log' }),
      }),
      expect.objectContaining({
        workerId: 'w-log',
        status: 409,
        response: { error: expect.objectContaining({ code: 'IICP-E038' }) },
      }),
    ]);
  });
});
