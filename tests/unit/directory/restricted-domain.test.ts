/**
 * Restricted trust domains: a directory that admits only members answers register, heartbeat and
 * deregister without a valid `X-IICP-Membership` with 401 `restricted_domain_denied`. That is its own state, in
 * plain words, never a refused token: no re-registration loop, a slow retry, and at once when a membership is set.
 */
import { inEnglish } from '../../support/said-english';
import { describe, expect, it } from 'vitest';
import { eventually, SCRIPTED_BASE, ScriptedDirectory, startLink, type SentRequest } from './harness';

const DENIED = {
  status: 401,
  json: { error: { code: 'restricted_domain_denied', message: 'Restricted trust-domain membership is required' } },
};
const MEMBERSHIP = `iicp_mem_${'A1b2'.repeat(16)}`;
const member = (req: SentRequest) => req.headers['x-iicp-membership'] === MEMBERSHIP;

describe('a restricted trust domain', () => {
  it('without a membership: the link says so in plain words (with the node id to ask for), and does not retry in a loop', async () => {
    const dir = new ScriptedDirectory();
    const ok = dir.register;
    dir.register = (req, n) => (member(req) ? ok(req, n) : DENIED);
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(h.link.status.link).toBe('restricted'));
    expect(inEnglish(h.link.status.message)).toContain('restricted trust domain');
    expect(inEnglish(h.link.status.message)).toContain(h.nodeId);
    expect(inEnglish(h.link.status.message)).toMatch(/Settings/);
    // The three start-up attempts, then a retry minutes away — not a register loop.
    await new Promise((r) => setTimeout(r, 600));
    expect(dir.sent.filter((r) => r.route === '/v1/register').length).toBeLessThanOrEqual(3);
    expect(h.events('token_refused')).toEqual([]);
  });

  it('a membership set in Settings is sent on register and heartbeat (with the subject id), and the node joins at once', async () => {
    const dir = new ScriptedDirectory();
    const ok = dir.register;
    dir.register = (req, n) => (member(req) ? ok(req, n) : DENIED);
    let credential: string | null = null;
    const h = startLink({
      baseUrl: SCRIPTED_BASE,
      fetchImpl: dir.fetch,
      membership: () => credential,
      startupRetryDelaysMs: [],
    });
    await eventually(() => expect(h.link.status.link).toBe('restricted'));
    credential = MEMBERSHIP;
    h.link.membershipChanged();
    await eventually(() => expect(h.link.status.link).toBe('registered'));
    await eventually(() => expect(dir.heartbeats().length).toBeGreaterThan(0));
    const last = dir.sent[dir.sent.length - 1]!;
    expect(last.headers['x-iicp-membership']).toBe(MEMBERSHIP);
    expect(last.headers['x-iicp-subject-id']).toBe(h.nodeId);
  });

  it('a heartbeat refused for the membership is not a refused token: no re-registration, the token is kept', async () => {
    const dir = new ScriptedDirectory();
    dir.heartbeat = () => DENIED;
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch, membership: () => MEMBERSHIP });
    await eventually(() => expect(h.link.status.link).toBe('restricted'));
    expect(inEnglish(h.link.status.message)).toMatch(/did not accept the node's membership/);
    await new Promise((r) => setTimeout(r, 300));
    expect(dir.sent.filter((r) => r.route === '/v1/register')).toHaveLength(1);
    expect(h.secrets.get('node_token')).toBe('token-1');
  });
});
