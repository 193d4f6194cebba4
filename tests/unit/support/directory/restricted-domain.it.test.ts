import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dig, directory, fakeClock, LOOPBACK, registerBody } from './helpers';

const DENIED = {
  error: { code: 'restricted_domain_denied', message: 'Restricted trust-domain membership is required' },
};
const CHAT = 'urn:iicp:intent:llm:chat:v1';

const member = (token: string, subject?: string): Record<string, string> => ({
  'x-iicp-membership': token,
  ...(subject === undefined ? {} : { 'x-iicp-subject-id': subject }),
});

async function restricted(opts: Record<string, unknown> = {}) {
  const clock = fakeClock();
  const d = await directory({ ...LOOPBACK, restrictedDomain: true, now: clock.now, ...opts });
  /** Registers `nodeId` with a fresh `*` membership; returns its credentials. */
  const enrol = async (nodeId: string, scopes?: string[]) => {
    const membership = d.dir.issueMembership(nodeId, scopes);
    const r = await d.api('POST', '/v1/register', {
      body: registerBody('http://127.0.0.1:9', { node_id: nodeId }),
      headers: member(membership),
    });
    expect(r.status).toBe(201);
    return { nodeId, membership, token: dig<string>(r.json, 'node_token') };
  };
  return { ...d, clock, enrol };
}

describe('restricted trust-domain mode: off by default (production default)', () => {
  it('needs no membership and adds nothing to the answers', async () => {
    const { dir, api } = await directory(LOOPBACK);
    const r = await api('POST', '/v1/register', { body: registerBody('http://127.0.0.1:9') });
    expect(r.status).toBe(201);
    expect(r.json).not.toHaveProperty('restricted_domain_decision');
    expect(() => dir.issueMembership('node-a')).toThrow(/restrictedDomain: true/);
  });
});

describe('issueMembership() / revokeMembership()', () => {
  it('hands out iicp_mem_ + 64 alphanumerics and keeps only its SHA-256', async () => {
    const { dir } = await restricted();
    const token = dir.issueMembership('node-a', ['registration', 'heartbeat', 'bogus'], 3600);
    expect(token).toMatch(/^iicp_mem_[A-Za-z0-9]{64}$/);
    expect(dir.state.memberships).toEqual([
      expect.objectContaining({
        subjectKind: 'node',
        subjectId: 'node-a',
        tokenHash: createHash('sha256').update(token).digest('hex'),
        scopes: ['registration', 'heartbeat'],
        generation: 1,
        revokedAt: null,
      }),
    ]);
    expect(JSON.stringify(dir.state)).not.toContain(token);
    expect(() => dir.issueMembership('node-a', ['nonsense'])).toThrow(/scope/);
  });

  it('rotates on re-issue (old credential dead, generation + 1) and revokes once', async () => {
    const { dir, api } = await restricted();
    const first = dir.issueMembership('node-a');
    const second = dir.issueMembership('node-a');
    const attempt = (token: string) =>
      api('POST', '/v1/register', {
        body: registerBody('http://127.0.0.1:9', { node_id: 'node-a' }),
        headers: member(token),
      });
    expect((await attempt(first)).json).toEqual(DENIED);
    const ok = await attempt(second);
    expect(dig(ok.json, 'restricted_domain_decision.membership_generation')).toBe(2);
    expect(dir.revokeMembership('node-a')).toBe(true);
    expect(dir.revokeMembership('node-a')).toBe(false);
    expect((await attempt(second)).json).toEqual(DENIED);
  });

  it('expires after its TTL on the directory clock, clamped to 60 s … 24 h', async () => {
    const { dir, api, clock } = await restricted();
    const attempt = (token: string) =>
      api('POST', '/v1/register', {
        body: registerBody('http://127.0.0.1:9', { node_id: 'node-a' }),
        headers: member(token),
      });
    const short = dir.issueMembership('node-a', ['*'], 5);
    const r = await attempt(short);
    expect(dig(r.json, 'restricted_domain_decision.membership_expires_at')).toBe(Math.floor(clock.now() / 1000) + 60);
    clock.advance(60_000);
    expect((await attempt(short)).json).toEqual(DENIED);
    const long = dir.issueMembership('node-a', ['*'], 10 ** 9);
    expect(dig((await attempt(long)).json, 'restricted_domain_decision.membership_expires_at')).toBe(
      Math.floor(clock.now() / 1000) + 86_400,
    );
  });
});

describe('REGISTER in restricted mode', () => {
  it('refuses a missing membership first: 401, logged, not counted toward E034, body not validated', async () => {
    const { dir, api } = await restricted({ rateLimitPerMinute: 1 });
    const r = await api('POST', '/v1/register', { body: {} });
    expect([r.status, r.json]).toEqual([401, DENIED]);
    expect(dir.state.registrations).toMatchObject([{ status: 401, response: DENIED }]);
    const token = dir.issueMembership('node-a');
    const ok = await api('POST', '/v1/register', {
      body: registerBody('http://127.0.0.1:9', { node_id: 'node-a' }),
      headers: member(token),
    });
    expect(ok.status).toBe(201);
  });

  it('answers with restricted_domain_decision and private, membership-varying caching', async () => {
    const { dir, api, clock } = await restricted();
    const token = dir.issueMembership('node-a', ['registration']);
    const r = await api('POST', '/v1/register', {
      body: registerBody('http://127.0.0.1:9', { node_id: 'node-a' }),
      headers: member(token),
    });
    expect(dig(r.json, 'restricted_domain_decision')).toEqual({
      schema: 'iicp.restricted-trust-domain.directory-decision.v0',
      profile: 'urn:iicp:profile:restricted-trust-domain:v1',
      decision: 'eligible',
      operation: 'registration',
      domain_id: 'test.internal',
      authority_id: 'did:key:test-directory',
      subject_kind: 'node',
      membership_generation: 1,
      membership_expires_at: Math.floor(clock.now() / 1000) + 3600,
    });
    expect(r.headers.get('cache-control')).toBe('private, no-store');
    expect(r.headers.get('vary')).toBe('X-IICP-Membership, X-IICP-Subject-Id');
  });

  it('binds the membership to the subject: X-IICP-Subject-Id if sent, else the body node_id; node kind only', async () => {
    const { dir, api } = await restricted();
    const forB = dir.issueMembership('node-b');
    const client = dir.issueMembership('node-c', ['*'], 3600, 'client');
    const attempt = (body: Record<string, unknown>, headers: Record<string, string>) =>
      api('POST', '/v1/register', { body: registerBody('http://127.0.0.1:9', body), headers });
    expect((await attempt({ node_id: 'node-a' }, member(forB))).status).toBe(401);
    expect((await attempt({ node_id: 'node-a' }, member(forB, 'node-a'))).status).toBe(401);
    expect((await attempt({}, member(forB))).status).toBe(401);
    expect((await attempt({ node_id: 'node-c' }, member(client))).status).toBe(401);
    // PHP trusts the claimed subject over the body here.
    expect((await attempt({}, member(forB, 'node-b'))).status).toBe(201);
    expect((await attempt({ node_id: 'node-b' }, member(forB))).status).toBe(201);
  });

  it('needs the registration (or *) scope', async () => {
    const { dir, api } = await restricted();
    const token = dir.issueMembership('node-a', ['heartbeat']);
    const r = await api('POST', '/v1/register', {
      body: registerBody('http://127.0.0.1:9', { node_id: 'node-a' }),
      headers: member(token),
    });
    expect(r.json).toEqual(DENIED);
  });
});

describe('HEARTBEAT in restricted mode', () => {
  it('authenticates the node token first, then the membership', async () => {
    const { dir, api, enrol } = await restricted();
    const node = await enrol('node-a');
    const beat = (token: string, headers: Record<string, string>) =>
      api('POST', '/v1/heartbeat', { token, body: { node_id: node.nodeId }, headers });
    expect((await beat('wrong-token', {})).json).toEqual({
      error: { code: 'unauthorized', message: 'Invalid credentials' },
    });
    expect((await beat(node.token, {})).json).toEqual(DENIED);
    expect((await beat(node.token, member(node.membership, 'node-b'))).json).toEqual(DENIED);
    expect(dir.state.heartbeats.map((h) => [h.nodeId, h.status])).toEqual([
      ['node-a', 401],
      ['node-a', 401],
      ['node-a', 401],
    ]);
  });

  it('accepts a heartbeat-scoped membership; the answer carries no decision (PHP projects none for heartbeat)', async () => {
    const { dir, api, enrol } = await restricted();
    const node = await enrol('node-a');
    const beat = (headers: Record<string, string>) =>
      api('POST', '/v1/heartbeat', { token: node.token, body: { node_id: node.nodeId }, headers });
    const ok = await beat(member(node.membership));
    expect(ok.status).toBe(200);
    expect(ok.json).not.toHaveProperty('restricted_domain_decision');
    expect(ok.headers.get('cache-control')).toBeNull();
    expect((await beat(member(node.membership, 'node-a'))).status).toBe(200);
    const onlyRegistration = dir.issueMembership('node-a', ['registration']);
    expect((await beat(member(onlyRegistration))).json).toEqual(DENIED);
  });
});

describe('DEREGISTER in restricted mode (routes/api_protocol.php: restricted-domain:registration)', () => {
  it('authenticates the token first, then needs the registration scope', async () => {
    const { dir, api, enrol } = await restricted();
    const node = await enrol('node-a');
    const drop = (token: string, headers: Record<string, string>) =>
      api('DELETE', '/v1/register', { token, body: { node_id: node.nodeId }, headers });
    expect((await drop('wrong-token', member(node.membership))).json).toMatchObject({
      error: { code: 'unauthorized' },
    });
    expect((await drop(node.token, {})).json).toEqual(DENIED);
    const heartbeatOnly = dir.issueMembership('node-a', ['heartbeat']);
    expect((await drop(node.token, member(heartbeatOnly))).json).toEqual(DENIED);
    expect(dir.state.nodes['node-a']).toBeDefined();
    const registration = dir.issueMembership('node-a', ['registration']);
    const gone = await drop(node.token, member(registration));
    expect(gone.status).toBe(200);
    expect(gone.json).toMatchObject({ deregistered: true, restricted_domain_decision: { operation: 'registration' } });
    expect(dir.state.deregistrations.map((d) => d.status)).toEqual([401, 401, 401, 200]);
  });
});

describe('discovery in restricted mode', () => {
  it('gates /v1/discover and /v1/node with the discovery scope; the registry, /me and credits stay open', async () => {
    const { dir, api, enrol } = await restricted();
    const node = await enrol('node-a');
    expect((await api('GET', `/v1/discover?intent=${CHAT}`)).json).toEqual(DENIED);
    expect((await api('GET', '/v1/node/node-a')).json).toEqual(DENIED);
    const client = dir.issueMembership('client-a', ['discovery'], 3600, 'client');
    const found = await api('GET', `/v1/discover?intent=${CHAT}`, { headers: member(client, 'client-a') });
    expect(found.json).toMatchObject({
      count: 1,
      restricted_domain_decision: { operation: 'discovery', subject_kind: 'client' },
    });
    expect(found.headers.get('cache-control')).toBe('private, no-store');
    expect((await api('GET', '/v1/node/node-a', { headers: member(client, 'client-a') })).status).toBe(200);
    expect((await api('GET', '/v1/registry/nodes/node-a')).status).toBe(200);
    expect((await api('GET', `/v1/me?node_id=${node.nodeId}`, { token: node.token })).status).toBe(200);
    expect((await api('GET', `/v1/credits/balance?node_id=${node.nodeId}`, { token: node.token })).status).toBe(200);
  });

  it('stops offering a provider once its node membership is revoked', async () => {
    const { dir, api, enrol } = await restricted();
    await enrol('node-a');
    await enrol('node-b');
    const client = dir.issueMembership('client-a', ['discovery'], 3600, 'client');
    const ids = async () =>
      dig<{ node_id: string }[]>(
        (await api('GET', `/v1/discover?intent=${CHAT}`, { headers: member(client, 'client-a') })).json,
        'nodes',
      ).map((n) => n.node_id);
    expect((await ids()).sort()).toEqual(['node-a', 'node-b']);
    dir.revokeMembership('node-a');
    expect(await ids()).toEqual(['node-b']);
  });
});
