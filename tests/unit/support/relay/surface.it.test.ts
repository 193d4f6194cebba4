import { describe, expect, it } from 'vitest';
import { CHAT, relay } from './helpers';

const RELAY_ROUTES: [string, string][] = [
  ['POST', '/v1/relay/bind'],
  ['GET', '/v1/relay/pull'],
  ['POST', '/v1/relay/result'],
  ['POST', '/v1/relay/unbind'],
  ['POST', '/v1/relay-for/w/v1/task'],
  ['GET', '/v1/relay-for/w/iicp/health'],
];

describe('GET /v1/relay-for/{wid}/iicp/health: the worker as consumers see it', () => {
  it('is {status:"ok", node_id, via_relay:true, models} while the session is alive', async () => {
    const { api, session } = await relay();
    await session('w-health', { models: ['m1', 'm2'] });
    const res = await api('GET', '/v1/relay-for/w-health/iicp/health');
    expect([res.status, res.json]).toEqual([
      200,
      { status: 'ok', node_id: 'w-health', via_relay: true, models: ['m1', 'm2'] },
    ]);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('is 404 IICP-E030 for an unknown or dead worker', async () => {
    let t = 0;
    const { api, session } = await relay({ now: () => t });
    const notFound = { error: { code: 'IICP-E030', message: 'no alive relay session for this worker' } };
    expect((await api('GET', '/v1/relay-for/nobody/iicp/health')).json).toEqual(notFound);
    await session('w-dies');
    t += 90_000;
    const dead = await api('GET', '/v1/relay-for/w-dies/iicp/health');
    expect([dead.status, dead.json]).toEqual([404, notFound]);
  });
});

describe('GET /iicp/health: the relay is a node of its own', () => {
  it('answers 200 with the reference health members and CORS (also to HEAD)', async () => {
    const { api, relay: r } = await relay({ nodeId: 'relay-health' });
    const res = await api('GET', '/iicp/health');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      status: 'ok',
      node_id: 'relay-health',
      region: 'eu-central',
      load: 0,
      active_jobs: 0,
      max_concurrent: 4,
      effective_max_concurrent: 4,
      available: true,
      model: 'relay-stand-in',
      models: ['relay-stand-in'],
      intent: CHAT,
      pinhole_state: { active: false },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect((await api('HEAD', '/iicp/health')).status).toBe(200);
    expect(r.nodeId).toBe('relay-health');
  });
});

describe('HTTP envelope shared by every route (axum + relay_cors)', () => {
  it('answers OPTIONS preflights on every relay route and /iicp/health with 204, CORS and a one-day max-age', async () => {
    const { api } = await relay();
    for (const [, path] of [...RELAY_ROUTES, ['GET', '/iicp/health'] as [string, string]]) {
      const res = await api('OPTIONS', path);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
      expect(res.headers.get('access-control-allow-headers')).toBe('Content-Type, Authorization');
      expect(res.headers.get('access-control-max-age')).toBe('86400');
    }
  });

  it('answers a wrong method with an empty 405 naming the allowed ones', async () => {
    const { api } = await relay();
    const getBind = await api('GET', '/v1/relay/bind');
    expect([getBind.status, getBind.text, getBind.headers.get('allow')]).toEqual([405, '', 'POST,OPTIONS']);
    const postPull = await api('POST', '/v1/relay/pull', { body: {} });
    expect([postPull.status, postPull.headers.get('allow')]).toEqual([405, 'GET,HEAD,OPTIONS']);
    expect(postPull.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers unknown paths with an empty 404 — including /v1/task, which this stand-in does not serve', async () => {
    const { api } = await relay();
    for (const path of [
      '/v1/task',
      '/v1/relay-for//v1/task',
      '/v1/relay-for/a/b/v1/task',
      '/v1/relay/bind/',
      '/nope',
    ]) {
      const res = await api('POST', path, { body: {} });
      expect([res.status, res.text]).toEqual([404, '']);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
  });
});
