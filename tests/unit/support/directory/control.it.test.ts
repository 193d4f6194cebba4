import { describe, expect, it } from 'vitest';
import { call, dig, directory, LOOPBACK, receipt, register, registerBody } from './helpers';

describe('fault injection: fail()', () => {
  it('answers the given status/body on the chosen routes for `times` requests, logging each attempt', async () => {
    const { dir, api } = await directory(LOOPBACK);
    const node = await register(api, registerBody('http://127.0.0.1:9'));
    const beat = () => api('POST', '/v1/heartbeat', { token: node.token, body: { node_id: node.nodeId } });

    dir.fail({
      status: 503,
      body: { error: { code: 'maintenance', message: 'down' } },
      routes: ['heartbeat'],
      times: 2,
    });
    expect((await api('GET', `/v1/node/${node.nodeId}`)).status).toBe(200);
    const first = await beat();
    expect([first.status, first.json]).toEqual([503, { error: { code: 'maintenance', message: 'down' } }]);
    expect((await beat()).status).toBe(503);
    expect((await beat()).status).toBe(200);
    expect(dir.state.heartbeats.map((h) => [h.status, h.injected ?? false])).toEqual([
      [503, true],
      [503, true],
      [200, false],
    ]);
  });

  it('can send garbage and can be cleared with fail(null)', async () => {
    const { dir, api } = await directory(LOOPBACK);
    dir.fail({ status: 200, raw: '<html>gateway</html>', routes: ['register'] });
    const r = await api('POST', '/v1/register', { body: registerBody('http://127.0.0.1:9') });
    expect(r.status).toBe(200);
    expect(r.json).toBeUndefined();
    expect(r.text).toBe('<html>gateway</html>');
    dir.fail(null);
    expect((await api('POST', '/v1/register', { body: registerBody('http://127.0.0.1:9') })).status).toBe(201);
    expect(dir.state.registrations.map((x) => x.status)).toEqual([200, 201]);
  });

  it('counts injected award failures so "posted exactly once" stays checkable', async () => {
    const { dir, api } = await directory(LOOPBACK);
    const node = await register(api, registerBody('http://127.0.0.1:9'));
    dir.fail({ status: 500, routes: ['credits'], times: 1 });
    const r = await api('POST', '/v1/credits/award', { token: node.token, body: receipt(node) });
    expect(r.status).toBe(500);
    expect(dir.state.awards).toMatchObject([{ status: 500, code: 'injected', injected: true }]);
  });
});

describe('restart()', () => {
  it('keeps listening on the same port; keepState:false forgets every node', async () => {
    const { dir, api } = await directory(LOOPBACK);
    const node = await register(api, registerBody('http://127.0.0.1:9'));
    const beat = () => api('POST', '/v1/heartbeat', { token: node.token, body: { node_id: node.nodeId } });
    const { port, url, state } = dir;

    await dir.restart();
    expect([dir.port, dir.url]).toEqual([port, url]);
    expect((await beat()).status).toBe(200);

    await dir.restart({ keepState: false });
    expect(dir.port).toBe(port);
    expect(dir.state).toBe(state);
    expect(dir.state.nodes).toEqual({});
    const after = await beat();
    expect(after.status).toBe(401);
    expect(after.json).toEqual({ error: { code: 'unauthorized', message: 'Invalid credentials' } });
  });

  it('refuses connections while closed', async () => {
    const { dir } = await directory(LOOPBACK);
    await dir.close();
    await expect(fetch(`${dir.url}/v1/stats`)).rejects.toThrow();
    await dir.restart();
    expect((await call(`${dir.url}/v1/stats`, 'GET')).status).toBe(200);
  });
});

describe('DEREGISTER', () => {
  it('hard-deletes the node; its token stops working; the balance survives', async () => {
    const { dir, api } = await directory(LOOPBACK);
    const node = await register(api, registerBody('http://127.0.0.1:9'));
    expect((await api('DELETE', '/v1/register', { token: 'bogus', body: { node_id: node.nodeId } })).status).toBe(401);
    const r = await api('DELETE', '/v1/register', { token: node.token, body: { node_id: node.nodeId } });
    expect([r.status, r.json]).toEqual([200, { deregistered: true }]);
    expect(dir.state.nodes[node.nodeId]).toBeUndefined();
    expect(dir.state.credits[node.nodeId]?.balanceUnits).toBe(50_000);
    expect((await api('POST', '/v1/heartbeat', { token: node.token, body: { node_id: node.nodeId } })).status).toBe(
      401,
    );
    expect((await api('DELETE', '/v1/register', { token: node.token, body: { node_id: node.nodeId } })).status).toBe(
      401,
    );
    const again = await register(api, registerBody('http://127.0.0.1:9', { node_id: node.nodeId }));
    expect(again.response.recovered).toBe(false);
  });

  it('refuses a stale token with 401 unauthorized (NodeTokenAuth) and removes the node only for the current one', async () => {
    const { dir, api } = await directory(LOOPBACK);
    const first = await register(api, registerBody('http://127.0.0.1:9'));
    const renewed = await register(
      api,
      registerBody('http://127.0.0.1:9', { node_id: first.nodeId, current_node_token: first.token }),
    );
    const stale = await api('DELETE', '/v1/register', { token: first.token, body: { node_id: first.nodeId } });
    expect([stale.status, stale.json]).toEqual([
      401,
      { error: { code: 'unauthorized', message: 'Invalid credentials' } },
    ]);
    expect(dir.state.nodes[first.nodeId]).toBeDefined();
    const gone = await api('DELETE', '/v1/register', { token: renewed.token, body: { node_id: first.nodeId } });
    expect([gone.status, gone.json]).toEqual([200, { deregistered: true }]);
    expect(dir.state.deregistrations.map((d) => [d.nodeId, d.status])).toEqual([
      [first.nodeId, 401],
      [first.nodeId, 200],
    ]);
  });
});

describe('routing and error shapes', () => {
  it('serves both /api/v1/* and /v1/*', async () => {
    const { dir } = await directory(LOOPBACK);
    const origin = dir.url.replace(/\/api$/, '');
    expect((await call(`${origin}/api/v1/stats`, 'GET')).status).toBe(200);
    expect((await call(`${origin}/v1/stats`, 'GET')).status).toBe(200);
  });

  it('answers unknown routes and wrong methods with JSON errors', async () => {
    const { api } = await directory(LOOPBACK);
    const missing = await api('GET', '/v1/nope');
    expect(missing.status).toBe(404);
    expect(dig(missing.json, 'error.code')).toBe('not_found');
    const wrongMethod = await api('GET', '/v1/register');
    expect(wrongMethod.status).toBe(405);
    expect(dig(wrongMethod.json, 'error.code')).toBe('method_not_allowed');
  });

  it('answers /v1/me with the observed source address', async () => {
    const { api } = await directory(LOOPBACK);
    const node = await register(api, registerBody('http://127.0.0.1:9'));
    const me = await api('GET', `/v1/me?node_id=${node.nodeId}`, { token: node.token });
    expect(me.json).toEqual({ node_id: node.nodeId, observed_source_ip: '127.0.0.1', endpoint: 'http://127.0.0.1:9' });
  });
});
