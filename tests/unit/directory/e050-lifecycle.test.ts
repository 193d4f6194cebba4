/**
 * The shared client-side contract for node credentials (the IICP fixture
 * `e050-client-credential-lifecycle-v1.json`, loaded as is): send the current token when holding one,
 * persist only a successor the directory accepted, keep the saved token and the last accepted route when a
 * registration fails, and never let the loss of the directory stop the node.
 */
import { inEnglish } from '../../support/said-english';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '@engine/identity/secret-store';
import { beatOk, eventually, registered, SCRIPTED_BASE, ScriptedDirectory, startLink } from './harness';

interface Scenario {
  id: string;
  starting_token: string | null;
  requested_endpoint: string;
  directory_status: number;
  directory_token: string | null;
  expected_request_token: string | null;
  expected_saved_token: string;
  expected_endpoint_committed: boolean;
}

interface Fixture {
  schema: string;
  scenarios: Scenario[];
  invariants: Record<string, boolean>;
}

const fixture = JSON.parse(
  readFileSync(
    path.resolve(process.cwd(), '../shared/protocol/fixtures/e050-client-credential-lifecycle-v1.json'),
    'utf8',
  ),
) as Fixture;

const E050 = {
  error: {
    code: 'IICP-E050',
    message: 'routing-field change requires current_node_token ownership or the previous endpoint to be unreachable',
  },
};

/** The directory answers every REGISTER the way the scenario says. */
function scenarioDirectory(s: Scenario): ScriptedDirectory {
  const dir = new ScriptedDirectory();
  dir.register = (req) =>
    s.directory_status === 201 && s.directory_token !== null
      ? registered(req, s.directory_token)
      : { status: s.directory_status, json: E050 };
  return dir;
}

describe('the e050 client credential lifecycle fixture', () => {
  it('is the version this suite was written against', () => {
    expect(fixture.schema).toBe('iicp.e050_client_credential_lifecycle.v1');
    expect(fixture.scenarios.map((s) => s.id)).toEqual([
      'fresh-registration',
      'tunnel-rotation',
      'supervised-restart',
      'stale-token-replay',
      'failed-current-token-rotation',
    ]);
  });

  it.each(fixture.scenarios)(
    '$id: sends the expected token, saves only an accepted successor and commits the endpoint only on acceptance',
    async (s) => {
      const dir = scenarioDirectory(s);
      const secrets = new MemorySecretStore();
      if (s.starting_token !== null) secrets.update({ node_token: s.starting_token });
      const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch, secrets, endpoint: s.requested_endpoint });

      await eventually(() => expect(h.events(/^register_(ok|fail)$/).length).toBeGreaterThan(0));
      await h.stop();

      const attempts = dir.registrations();
      expect(attempts.length).toBeGreaterThan(0);
      for (const attempt of attempts) {
        expect(attempt.body?.endpoint).toBe(s.requested_endpoint);
        if (s.expected_request_token === null) expect(attempt.body).not.toHaveProperty('current_node_token');
        else expect(attempt.body?.current_node_token).toBe(s.expected_request_token);
        // REGISTER is unauthenticated: the token travels only as the ownership proof in the body.
        expect(attempt.headers.authorization).toBeUndefined();
      }
      expect(secrets.get('node_token')).toBe(s.expected_saved_token);
      expect(h.link.status.acceptedEndpoint === s.requested_endpoint).toBe(s.expected_endpoint_committed);
      if (s.expected_endpoint_committed) {
        expect(h.link.status.link).toBe('registered');
      } else {
        // Nothing was accepted in this run, so there is no route to report, and the refusal is visible.
        expect(h.link.status.acceptedEndpoint).toBeNull();
        expect(h.link.status.link).toBe('rejected');
        expect(inEnglish(h.link.status.message)).toMatch(/proof that this computer owns the node/);
      }
    },
  );

  it('pins exactly the five invariants this suite checks, all required', () => {
    expect(fixture.invariants).toEqual({
      send_current_token_when_present: true,
      persist_only_accepted_successor: true,
      failed_registration_preserves_saved_token: true,
      failed_registration_preserves_last_accepted_route: true,
      external_directory_loss_is_not_runtime_death: true,
    });
  });
});

describe('the e050 invariants over a node’s life', () => {
  it('send_current_token_when_present: every registration after the first carries the token the previous one returned', async () => {
    const dir = new ScriptedDirectory();
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch, endpoint: 'https://old-tunnel.example' });
    await eventually(() => expect(h.link.status.link).toBe('registered'));
    h.endpoint = 'https://new-tunnel.example';
    h.link.requestReregister('endpoint changed');
    await eventually(() => expect(dir.registrations()).toHaveLength(2));
    h.link.requestReregister('models changed');
    await eventually(() => expect(dir.registrations()).toHaveLength(3));
    await eventually(() => expect(h.secrets.get('node_token')).toBe('token-3'));

    const sent = dir.registrations().map((r) => r.body?.current_node_token);
    expect(sent).toEqual([undefined, 'token-1', 'token-2']);
  });

  it('persist_only_accepted_successor / failed_registration_preserves_saved_token: refusals and token-less answers never touch the saved token', async () => {
    const dir = new ScriptedDirectory();
    const answers = [
      { status: 403, json: E050 },
      { status: 201, json: { node_id: 'x' } }, // 2xx without a token is not an acceptance
      { status: 503, json: { error: { code: 'server_error', message: 'down' } } },
      {
        status: 422,
        json: {
          error: { code: 'validation_error', message: 'Input validation failed', fields: { endpoint: ['bad'] } },
        },
      },
    ];
    dir.register = (req, n) => answers[n - 1] ?? registered(req, 'token-accepted');
    const secrets = new MemorySecretStore();
    secrets.update({ node_token: 'token-saved', node_hmac_key: 'k'.repeat(64) });
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch, secrets });

    await eventually(() => expect(h.events('register_fail').length + h.events('reregister_fail').length).toBe(4));
    expect(secrets.get('node_token')).toBe('token-saved');
    expect(secrets.get('node_hmac_key')).toBe('k'.repeat(64));
    await eventually(() => expect(secrets.get('node_token')).toBe('token-accepted'));
    expect(
      dir
        .registrations()
        .slice(0, 5)
        .map((r) => r.body?.current_node_token),
    ).toEqual(Array(5).fill('token-saved'));
  });

  it('failed_registration_preserves_last_accepted_route: a refused route change keeps the old route, the old token and the heartbeats', async () => {
    const dir = new ScriptedDirectory();
    dir.register = (req, n) => (n === 1 ? registered(req, 'token-1') : { status: 403, json: E050 });
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch, endpoint: 'https://old-tunnel.example' });
    await eventually(() => expect(dir.heartbeats()).toHaveLength(1));

    h.endpoint = 'https://rejected-tunnel.example';
    h.link.requestReregister('endpoint changed');
    await eventually(() => expect(h.events('reregister_fail').length).toBeGreaterThan(0));
    expect(dir.registrations()[1]?.body).toMatchObject({
      endpoint: 'https://rejected-tunnel.example',
      current_node_token: 'token-1',
    });
    expect(h.link.status.acceptedEndpoint).toBe('https://old-tunnel.example');
    expect(h.secrets.get('node_token')).toBe('token-1');

    // The node stays listed under the route the directory accepted: it keeps heartbeating with its token.
    const before = dir.heartbeats().length;
    h.link.heartbeatNow();
    await eventually(() => expect(dir.heartbeats().length).toBeGreaterThan(before));
    expect(dir.heartbeats().at(-1)?.headers.authorization).toBe('Bearer token-1');
  });

  it('external_directory_loss_is_not_runtime_death: the link outlives an unreachable directory and comes back by itself', async () => {
    const dir = new ScriptedDirectory();
    let down = false;
    dir.heartbeat = (req) =>
      down ? { networkError: 'connect ECONNREFUSED' } : beatOk(req, { next_heartbeat_ms: 1000 });
    dir.register = (req, n) => (down ? { networkError: 'connect ECONNREFUSED' } : registered(req, `token-${n}`));
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(dir.heartbeats().length).toBeGreaterThan(0));

    down = true;
    await eventually(() => expect(h.link.status.link).toBe('unreachable'));
    await eventually(() => expect(h.events('heartbeat_fail').length).toBeGreaterThanOrEqual(3));
    expect(h.secrets.get('node_token')).toBe('token-1');

    down = false;
    await eventually(() => expect(h.link.status.link).toBe('registered'));
    expect(h.events('directory_loop_crashed')).toHaveLength(0);
    expect(dir.registrations()).toHaveLength(1); // the saved credentials simply work again
  });
});
