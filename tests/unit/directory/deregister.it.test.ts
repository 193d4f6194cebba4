/**
 * DEREGISTER is a hard delete of the node and its reputation, so the desktop node sends it
 * only on an explicit "remove this node" command — never on quit, sleep or update.
 */
import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '@engine/identity/secret-store';
import { eventually, SCRIPTED_BASE, ScriptedDirectory, startLink, testDirectory } from './harness';

function withToken(token: string): MemorySecretStore {
  const s = new MemorySecretStore();
  s.update({ node_token: token, node_hmac_key: 'k'.repeat(64) });
  return s;
}

describe('leaving the directory', () => {
  it('stop() only stops heartbeating: no DELETE, the node stays registered and the token stays saved', async () => {
    const directory = await testDirectory({ heartbeatIntervalMs: 1000 });
    const h = startLink({ baseUrl: directory.url });
    await eventually(() => expect(directory.state.heartbeats.length).toBeGreaterThan(0));
    await h.stop();
    await h.stop(); // idempotent

    expect(directory.state.deregistrations).toEqual([]);
    expect(directory.state.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(directory.state.nodes[h.nodeId]).toBeDefined();
    expect(h.secrets.get('node_token')).toBe(directory.state.nodes[h.nodeId]!.token);
  });

  it('deregister() sends DELETE /v1/register with the bearer token and {node_id}, then forgets the token', async () => {
    const dir = new ScriptedDirectory();
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(dir.heartbeats()).toHaveLength(1));
    const key = h.secrets.get('node_hmac_key');

    const result = await h.link.deregister();
    expect(result.ok).toBe(true);
    const del = dir.deregistrations();
    expect(del).toHaveLength(1);
    expect(del[0]).toMatchObject({ url: `${SCRIPTED_BASE}/v1/register`, body: { node_id: h.nodeId } });
    expect(del[0]!.headers.authorization).toBe('Bearer token-1');
    expect(h.secrets.get('node_token')).toBeNull();
    expect(h.secrets.get('node_hmac_key')).toBe(key);
    expect(h.link.status.link).toBe('not_configured');
    expect(h.events('deregister_ok')).toHaveLength(1);
  });

  it('deregister() removes the node at the spec-faithful directory and stops the heartbeats', async () => {
    const directory = await testDirectory({ heartbeatIntervalMs: 1000 });
    const h = startLink({ baseUrl: directory.url });
    await eventually(() => expect(directory.state.heartbeats.length).toBeGreaterThan(0));

    expect(await h.link.deregister()).toEqual({ ok: true, message: 'Removed from the directory.' });
    expect(directory.state.deregistrations).toEqual([expect.objectContaining({ nodeId: h.nodeId, status: 200 })]);
    expect(directory.state.nodes[h.nodeId]).toBeUndefined();
    const beats = directory.state.heartbeats.length;
    const registrations = directory.state.registrations.length;
    // The loop has ended: nudging it sends nothing (a re-registration would resurrect the node).
    h.link.heartbeatNow();
    h.link.requestReregister('models changed');
    await new Promise((r) => setTimeout(r, 200));
    expect(directory.state.heartbeats).toHaveLength(beats);
    expect(directory.state.registrations).toHaveLength(registrations);
  });

  it('a 401 to the held token: a fresh registration first, then DELETE with the new token, which removes the node', async () => {
    const dir = new ScriptedDirectory();
    dir.deregister = (req) =>
      req.headers.authorization === 'Bearer token-1'
        ? { status: 401, json: { error: { code: 'unauthorized', message: 'Invalid credentials' } } }
        : { status: 200, json: { deregistered: true } };
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(h.link.status.link).toBe('registered'));
    const registrations = dir.sent.filter((r) => r.route === '/v1/register' && r.method === 'POST').length;
    expect((await h.link.deregister()).ok).toBe(true);
    expect(dir.sent.filter((r) => r.route === '/v1/register' && r.method === 'POST')).toHaveLength(registrations + 1);
    expect(dir.deregistrations().map((d) => d.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(h.secrets.get('node_token')).toBeNull();
  });

  it('a 401 "unauthorized" to the current token even after a fresh registration attempt: the directory no longer knows the node', async () => {
    const dir = new ScriptedDirectory();
    dir.register = () => ({ status: 422, json: { error: { code: 'validation_error', message: 'refused' } } });
    dir.deregister = () => ({ status: 401, json: { error: { code: 'unauthorized', message: 'Invalid credentials' } } });
    const h = startLink({
      baseUrl: SCRIPTED_BASE,
      fetchImpl: dir.fetch,
      secrets: withToken('token-old'),
      start: false,
    });
    expect((await h.link.deregister()).ok).toBe(true);
    expect(dir.deregistrations()).toHaveLength(2);
    expect(h.secrets.get('node_token')).toBeNull();
  });

  it('a 404 is treated like the 401: re-register, then DELETE again', async () => {
    const dir = new ScriptedDirectory();
    dir.deregister = (req) =>
      req.headers.authorization === 'Bearer token-1'
        ? { status: 404, json: { error: { code: 'not_found', message: 'Node not found' } } }
        : { status: 200, json: { deregistered: true } };
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(h.link.status.link).toBe('registered'));
    expect((await h.link.deregister()).ok).toBe(true);
    expect(dir.deregistrations()).toHaveLength(2);
  });

  it('a restricted-domain refusal is not a removal: the token stays and the node keeps heartbeating', async () => {
    const dir = new ScriptedDirectory();
    dir.deregister = () => ({
      status: 401,
      json: { error: { code: 'restricted_domain_denied', message: 'Restricted trust-domain membership is required' } },
    });
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(h.link.status.link).toBe('registered'));
    const r = await h.link.deregister();
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/restricted trust domain/);
    expect(dir.deregistrations()).toHaveLength(1);
    expect(h.secrets.get('node_token')).toBe('token-1');
    const beats = dir.heartbeats().length;
    await eventually(() => expect(dir.heartbeats().length).toBeGreaterThan(beats));
  });

  it('a 200 that does not say {"deregistered":true} is not taken as a removal', async () => {
    const dir = new ScriptedDirectory();
    dir.deregister = () => ({ status: 200, json: { ok: true } });
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(h.link.status.link).toBe('registered'));
    expect((await h.link.deregister()).ok).toBe(false);
    expect(h.secrets.get('node_token')).toBe('token-1');
  });

  it('any other refusal keeps the token and the node keeps heartbeating, so the person can try again', async () => {
    const dir = new ScriptedDirectory();
    dir.deregister = () => ({ status: 500, json: { error: { code: 'server_error', message: 'boom' } } });
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(h.link.status.link).toBe('registered'));
    const result = await h.link.deregister();
    expect(result.ok).toBe(false);
    expect(h.secrets.get('node_token')).toBe('token-1');
    expect(h.events('deregister_fail')[0]?.details).toBe('status=500 code=server_error');
    const beats = dir.sent.filter((r) => r.route === '/v1/heartbeat').length;
    await eventually(() => expect(dir.sent.filter((r) => r.route === '/v1/heartbeat').length).toBeGreaterThan(beats));
  });

  it('an unreachable directory is reported in plain words and keeps the token', async () => {
    const dir = new ScriptedDirectory();
    dir.deregister = () => ({ networkError: 'connect ECONNREFUSED' });
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(h.link.status.link).toBe('registered'));
    expect(await h.link.deregister()).toEqual({
      ok: false,
      message: 'The directory could not be reached; the node is still registered.',
    });
    expect(h.secrets.get('node_token')).toBe('token-1');
  });

  it('a node that holds no token has nothing to deregister and sends nothing', async () => {
    const dir = new ScriptedDirectory();
    const h = startLink({
      baseUrl: SCRIPTED_BASE,
      fetchImpl: dir.fetch,
      secrets: new MemorySecretStore(),
      start: false,
    });
    expect(await h.link.deregister()).toEqual({ ok: false, message: 'This node is not registered.' });
    expect(dir.sent).toEqual([]);
  });
});
