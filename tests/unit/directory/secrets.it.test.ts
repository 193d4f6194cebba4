/**
 * The node token is a bearer credential: it travels only in the Authorization header of authenticated
 * calls, plus — by protocol — as `current_node_token`, the ownership proof inside REGISTER.
 * It never appears in a log line, a heartbeat body or a DEREGISTER body; neither does the HMAC key.
 */
import { inEnglish } from '../../support/said-english';
import { describe, expect, it } from 'vitest';
import {
  asRecord,
  eventually,
  recordingFetch,
  registered,
  SCRIPTED_BASE,
  ScriptedDirectory,
  startLink,
  testDirectory,
  type Recorded,
} from './harness';

describe('secrets on the wire and in the log', () => {
  it('across register, heartbeats, a 401 re-registration, a directory outage and deregister, no token leaks', async () => {
    const directory = await testDirectory({ heartbeatIntervalMs: 1000 });
    const sent: Recorded[] = [];
    const h = startLink({ baseUrl: directory.url, fetchImpl: recordingFetch(sent) });
    await eventually(() =>
      expect(directory.state.heartbeats.filter((b) => b.status === 200).length).toBeGreaterThanOrEqual(2),
    );

    directory.revokeToken(h.nodeId); // → 401 → re-registration with a new token
    await eventually(() => expect(directory.state.registrations).toHaveLength(2));
    directory.fail({ status: 500, raw: '<html>', routes: ['heartbeat'] }); // → logged failures
    await eventually(() => expect(h.events('heartbeat_fail').length).toBeGreaterThanOrEqual(3));
    directory.fail(null);
    await eventually(() => expect(h.link.status.link).toBe('registered'));
    await h.link.deregister();

    const tokens = directory.state.registrations.map((r) => String(asRecord(r.response).node_token ?? ''));
    expect(tokens).toHaveLength(2);
    const hmacKey = h.secrets.get('node_hmac_key')!;
    const secrets = [...tokens, hmacKey];

    // The log: every detail string of every event.
    expect(h.logs.length).toBeGreaterThan(5);
    for (const entry of h.logs) for (const s of secrets) expect(entry.details).not.toContain(s);

    // The wire: the token only in Authorization (heartbeat, deregister) and as REGISTER's ownership proof.
    const registers = sent.filter((r) => r.method === 'POST' && r.url.endsWith('/v1/register'));
    const others = sent.filter((r) => !(r.method === 'POST' && r.url.endsWith('/v1/register')));
    expect(others.some((r) => r.method === 'DELETE')).toBe(true);
    for (const r of others) {
      for (const t of tokens) expect(r.body ?? '').not.toContain(t);
      expect(r.body ?? '').not.toContain(hmacKey);
      expect(r.url).not.toContain(tokens[0]!);
      expect(r.headers.authorization).toMatch(/^Bearer /);
    }
    for (const r of registers) {
      expect(r.headers.authorization).toBeUndefined();
      const body = asRecord(JSON.parse(r.body!));
      const { current_node_token: proof, ...rest } = body;
      for (const t of tokens) expect(JSON.stringify(rest)).not.toContain(t);
      if (proof !== undefined) expect(tokens).toContain(proof);
    }
  });

  it('a failure answer that echoes the token is not copied into the log', async () => {
    const dir = new ScriptedDirectory();
    dir.register = (req, n) => (n === 1 ? registered(req, 'tok-SECRET-123') : registered(req, 'tok-SECRET-456'));
    dir.heartbeat = () => ({
      status: 400,
      json: { error: { code: 'bad_request', message: 'bad bearer tok-SECRET-123' } },
    });
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(h.events('heartbeat_fail').length).toBeGreaterThanOrEqual(2));
    for (const entry of h.logs) expect(entry.details).not.toContain('tok-SECRET');
  });

  it("a failure answer that echoes the token and the HMAC key does not reach the dashboard's status line", async () => {
    const dir = new ScriptedDirectory();
    dir.register = (req) => registered(req, 'tok-SECRET-789');
    let key = '';
    dir.heartbeat = () => ({
      status: 400,
      json: { error: { code: 'bad_request', message: `token tok-SECRET-789 with key ${key} refused` } },
    });
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(h.secrets.get('node_hmac_key')).toBeTruthy());
    key = h.secrets.get('node_hmac_key')!;
    await eventually(() => expect(inEnglish(h.link.status.message) ?? '').toMatch(/refused/));
    expect(inEnglish(h.link.status.message)).not.toContain('tok-SECRET-789');
    expect(inEnglish(h.link.status.message)).not.toContain(key);
    // Not even masked: the directory's message is never the status line's words.
    expect(inEnglish(h.link.status.message)).toBe('The directory refused the request.');
  });
});
