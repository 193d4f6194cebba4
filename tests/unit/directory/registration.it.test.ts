/**
 * REGISTER payload and credential lifecycle, ported from the Rust SDK tests.
 * The spec-faithful test directory is the counterpart where it can be; a scripted directory where a test
 * needs answers the production directory would not give.
 */
import { describe, expect, it } from 'vitest';
import { IMPLEMENTATION_NAME, SDK_COMPATIBILITY_VERSION } from '@engine/directory/register-payload';
import { MemorySecretStore } from '@engine/identity/secret-store';
import {
  asRecord,
  beatOk,
  CHAT,
  eventually,
  registered,
  SCRIPTED_BASE,
  ScriptedDirectory,
  startLink,
  testDirectory,
} from './harness';

const VERSION = /^[0-9A-Za-z][0-9A-Za-z._+-]{0,31}$/;

const versionAtLeast = (v: string, min: string): boolean => {
  const a = v.split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
};

describe('the REGISTER payload', () => {
  it('test_register_payload_spec_compliant: carries everything the production directory reads, in its shapes', async () => {
    const directory = await testDirectory();
    const h = startLink({
      baseUrl: directory.url,
      endpoint: 'http://127.0.0.1:9000/',
      models: ['qwen2.5:7b', 'llama3.1:8b'],
    });
    await eventually(() => expect(h.link.status.link).toBe('registered'));

    const entry = directory.state.registrations[0]!;
    expect(entry.status).toBe(201);
    const body = asRecord(entry.body);
    expect(body.endpoint).toBe('http://127.0.0.1:9000'); // no trailing slash: the directory appends /iicp/health
    expect(body).toMatchObject({
      node_id: h.nodeId,
      region: 'eu-test',
      capabilities: [{ intent: CHAT, models: ['qwen2.5:7b', 'llama3.1:8b'], max_tokens: 8192 }],
      limits: { max_concurrent: 2, tokens_per_min: 10_000 },
      transport_method: 'direct',
      nat_type: 'unknown',
      exposure_mode: 'ipv4_public_direct',
      backend: 'ollama',
      sdk_language: 'typescript',
      implementation_name: IMPLEMENTATION_NAME,
      implementation_version: '1.2.3',
    });
    const cx = asRecord(body.cx_public_key);
    expect(cx.algorithm).toBe('X25519');
    expect(cx.encoding).toBe('base64url');
    expect(cx.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cx.key_id).toMatch(/^cx-[0-9a-f]{16}$/);
    expect(body.sdk_version).toBe(body.sdk_compatibility_version);
    expect(body.sdk_compatibility_version).toBe(SDK_COMPATIBILITY_VERSION);
    expect(String(body.sdk_version)).toMatch(VERSION);
    expect(versionAtLeast(String(body.sdk_version), '0.7.68')).toBe(true); // "current" at the directory
    expect(body.implementation_name).toMatch(/^[A-Za-z0-9@][A-Za-z0-9._/@+-]{0,63}$/);
    expect(body).not.toHaveProperty('transport_endpoint'); // none given, so none made up
    expect(body).not.toHaveProperty('current_node_token'); // nothing held yet
    expect(body.node_hmac_key).toMatch(/^[0-9a-f]{64}$/);
    expect(h.link.status.acceptedEndpoint).toBe('http://127.0.0.1:9000');
    expect(h.link.status.acceptedModels).toEqual(['qwen2.5:7b', 'llama3.1:8b']);
  });

  it('persists the HMAC key the directory accepted and resends it on every later REGISTER', async () => {
    const directory = await testDirectory();
    const h = startLink({ baseUrl: directory.url });
    await eventually(() => expect(h.link.status.link).toBe('registered'));
    const first = asRecord(directory.state.registrations[0]!.body);
    const saved = h.secrets.get('node_hmac_key');
    expect(saved).toBe(first.node_hmac_key);
    expect(directory.state.nodes[h.nodeId]!.hmacKey).toBe(saved);

    h.link.requestReregister('models changed');
    await eventually(() => expect(directory.state.registrations).toHaveLength(2));
    expect(asRecord(directory.state.registrations[1]!.body).node_hmac_key).toBe(saved);
    expect(h.secrets.get('node_hmac_key')).toBe(saved);
  });

  it('adopts a different HMAC key when the directory mints one (always adopt the latest accepted key)', async () => {
    const dir = new ScriptedDirectory();
    dir.register = (req) => registered(req, 'token-1', { node_hmac_key: 'f'.repeat(32) });
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(h.secrets.get('node_token')).toBe('token-1'));
    expect(h.secrets.get('node_hmac_key')).toBe('f'.repeat(32));
  });

  it('seed_token_then_payload_carries_current_node_token: a token saved by an earlier run is the ownership proof', async () => {
    const dir = new ScriptedDirectory();
    const secrets = new MemorySecretStore();
    secrets.update({ node_token: 'seeded-token' });
    startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch, secrets });
    await eventually(() => expect(dir.registrations().length).toBeGreaterThan(0));
    expect(dir.registrations()[0]!.body?.current_node_token).toBe('seeded-token');
  });

  it('endpoint_override_changes_register_payload: after an endpoint change the next REGISTER uses it and proves ownership', async () => {
    const directory = await testDirectory();
    const h = startLink({ baseUrl: directory.url, endpoint: 'http://127.0.0.1:9001' });
    await eventually(() => expect(h.link.status.link).toBe('registered'));
    const firstToken = h.secrets.get('node_token');

    h.endpoint = 'http://127.0.0.1:9002';
    h.link.requestReregister('endpoint changed');
    await eventually(() => expect(h.link.status.acceptedEndpoint).toBe('http://127.0.0.1:9002'));
    const second = asRecord(directory.state.registrations[1]!.body);
    expect(second.endpoint).toBe('http://127.0.0.1:9002');
    expect(second.current_node_token).toBe(firstToken);
    expect(directory.state.nodes[h.nodeId]!.endpoint).toBe('http://127.0.0.1:9002');
    expect(h.events('reregister_ok')).toHaveLength(1);
  });
});

describe('the token a REGISTER returns', () => {
  it('test_node_register_returns_token: is read from node_token of the 201 answer and saved', async () => {
    const dir = new ScriptedDirectory();
    dir.register = (req) => registered(req, 'tok-from-node_token');
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(h.link.status.link).toBe('registered'));
    expect(h.secrets.get('node_token')).toBe('tok-from-node_token');
    expect(h.events('register_ok')).toHaveLength(1);
  });

  it('test_node_register_returns_token: falls back to the legacy key "token"', async () => {
    const dir = new ScriptedDirectory();
    dir.register = (req) => ({ status: 200, json: { node_id: req.body?.node_id, token: 'tok-from-token' } });
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(h.link.status.link).toBe('registered'));
    expect(h.secrets.get('node_token')).toBe('tok-from-token');
  });

  it('test_node_register_no_token_fails: a 2xx without a token is a failed registration and nothing is saved', async () => {
    const dir = new ScriptedDirectory();
    dir.register = (req) => ({
      status: 201,
      json: { node_id: req.body?.node_id, node_hmac_key: 'a'.repeat(64), node_token: '' },
    });
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(h.events('register_fail').length).toBeGreaterThanOrEqual(3));
    await h.stop();
    expect(h.secrets.get('node_token')).toBeNull();
    expect(h.secrets.get('node_hmac_key')).toBeNull();
    expect(h.link.status.link).toBe('rejected');
    expect(h.link.status.acceptedEndpoint).toBeNull();
    expect(h.link.status.registeredAt).toBeNull();
    expect(dir.heartbeats()).toHaveLength(0);
  });

  it('reregister_returns_fresh_token: a re-registration replaces the token and later heartbeats use the new one', async () => {
    const directory = await testDirectory();
    const h = startLink({ baseUrl: directory.url });
    await eventually(() => expect(h.link.status.link).toBe('registered'));
    const oldToken = h.secrets.get('node_token');

    h.link.requestReregister('models changed');
    await eventually(() => expect(directory.state.registrations).toHaveLength(2));
    const newToken = asRecord(directory.state.registrations[1]!.response).node_token;
    await eventually(() => expect(h.secrets.get('node_token')).toBe(newToken));
    expect(newToken).not.toBe(oldToken);

    const beatsBefore = directory.state.heartbeats.length;
    await eventually(() => expect(directory.state.heartbeats.length).toBeGreaterThan(beatsBefore));
    expect(directory.state.heartbeats.slice(beatsBefore).every((b) => b.status === 200)).toBe(true);
  });

  it('current_token_overwrites_a_captured_reregister_token: after a 401 the fresh payload carries the newest token', async () => {
    const dir = new ScriptedDirectory();
    let revoked: string | null = null;
    dir.heartbeat = (req) =>
      req.headers.authorization === `Bearer ${revoked}`
        ? { status: 401, json: { error: { code: 'unauthorized', message: 'Invalid credentials' } } }
        : beatOk(req);
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(dir.heartbeats()).toHaveLength(1));

    h.link.requestReregister('models changed'); // token-1 → token-2
    await eventually(() => expect(dir.heartbeats()).toHaveLength(2));
    expect(dir.heartbeats()[1]!.headers.authorization).toBe('Bearer token-2');

    revoked = 'token-2';
    h.link.heartbeatNow(); // → 401 → re-register
    await eventually(() => expect(dir.registrations()).toHaveLength(3));
    expect(dir.registrations().map((r) => r.body?.current_node_token)).toEqual([undefined, 'token-1', 'token-2']);
    await eventually(() => expect(dir.heartbeats().at(-1)!.headers.authorization).toBe('Bearer token-3'));
    expect(h.secrets.get('node_token')).toBe('token-3');
  });

  it('reregister_none_on_failure: a failed re-registration yields no new credentials', async () => {
    const dir = new ScriptedDirectory();
    dir.register = (req, n) =>
      n === 1 ? registered(req, 'token-1') : { status: 500, raw: '<html>Internal Server Error</html>' };
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(h.link.status.link).toBe('registered'));
    const key = h.secrets.get('node_hmac_key');

    h.link.requestReregister('models changed');
    await eventually(() => expect(h.events('reregister_fail').length).toBeGreaterThan(0));
    expect(h.secrets.get('node_token')).toBe('token-1');
    expect(h.secrets.get('node_hmac_key')).toBe(key);
  });
});
