/**
 * HEARTBEAT behaviour, ported from the Rust SDK tests: the body, the liveness
 * challenge, the triggers that re-register, model drift, and the directory's requested interval.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  asRecord,
  beatOk,
  eventually,
  registered,
  SCRIPTED_BASE,
  ScriptedDirectory,
  startLink,
  testDirectory,
} from './harness';

describe('the heartbeat body', () => {
  it('test_heartbeat_payload_includes_available_true: reports node_id, boolean available, load and active_jobs', async () => {
    const dir = new ScriptedDirectory();
    const h = startLink({
      baseUrl: SCRIPTED_BASE,
      fetchImpl: dir.fetch,
      heartbeat: { load: 0.25, activeJobs: 1, available: true },
    });
    await eventually(() => expect(dir.heartbeats()).toHaveLength(1));
    const beat = dir.heartbeats()[0]!;
    expect(beat.method).toBe('POST');
    expect(beat.url).toBe(`${SCRIPTED_BASE}/v1/heartbeat`);
    expect(beat.headers.authorization).toBe('Bearer token-1');
    expect(beat.headers['content-type']).toBe('application/json');
    expect(beat.body).toMatchObject({ node_id: h.nodeId, available: true, load: 0.25, active_jobs: 1, metrics: {} });
    expect(typeof beat.body?.available).toBe('boolean');
    expect(beat.body).not.toHaveProperty('challenge_response'); // nothing to answer yet
    expect(beat.body).not.toHaveProperty('metrics_batch_id'); // nothing to report yet
  });

  it('test_heartbeat_payload_reports_unavailable: an unavailable node says available:false, and load is kept within 0..1', async () => {
    const dir = new ScriptedDirectory();
    startLink({
      baseUrl: SCRIPTED_BASE,
      fetchImpl: dir.fetch,
      heartbeat: { load: 1.7, activeJobs: 4, available: false },
    });
    await eventually(() => expect(dir.heartbeats()).toHaveLength(1));
    expect(dir.heartbeats()[0]!.body).toMatchObject({ available: false, load: 1, active_jobs: 4 });
  });

  it('reports the node unavailable when its state cannot be read, instead of skipping the beat', async () => {
    const dir = new ScriptedDirectory();
    startLink({
      baseUrl: SCRIPTED_BASE,
      fetchImpl: dir.fetch,
      heartbeatState: () => {
        throw new Error('backend probe exploded');
      },
    });
    await eventually(() => expect(dir.heartbeats()).toHaveLength(1));
    expect(dir.heartbeats()[0]!.body).toMatchObject({ available: false, load: 0, active_jobs: 0 });
  });

  it('test_heartbeat_includes_health_models_when_probe_succeeds / _omits_…_when_unknown: health_models is present iff the state gives it', async () => {
    const dir = new ScriptedDirectory();
    const h = startLink({
      baseUrl: SCRIPTED_BASE,
      fetchImpl: dir.fetch,
      heartbeat: { load: 0, activeJobs: 0, available: true },
    });
    await eventually(() => expect(dir.heartbeats()).toHaveLength(1));
    expect(dir.heartbeats()[0]!.body).not.toHaveProperty('health_models');

    h.heartbeat = { load: 0, activeJobs: 0, available: true, healthModels: ['nomic-embed-text', 'qwen2.5:7b'] };
    h.link.heartbeatNow();
    await eventually(() => expect(dir.heartbeats()).toHaveLength(2));
    expect(dir.heartbeats()[1]!.body?.health_models).toEqual(['nomic-embed-text', 'qwen2.5:7b']);

    h.heartbeat = { load: 0, activeJobs: 0, available: true, healthModels: [] }; // "no models loaded" is news too
    h.link.heartbeatNow();
    await eventually(() => expect(dir.heartbeats()).toHaveLength(3));
    expect(dir.heartbeats()[2]!.body?.health_models).toEqual([]);
  });

  it('is accepted by the spec-faithful directory, which stores load, jobs, availability and live models', async () => {
    const directory = await testDirectory();
    const h = startLink({
      baseUrl: directory.url,
      heartbeat: {
        load: 0.5,
        activeJobs: 1,
        available: true,
        healthModels: ['qwen2.5:7b'],
        backendStability: { backend_state: 'ok', reason_class: 'ok' },
      },
    });
    await eventually(() => expect(directory.state.heartbeats.length).toBeGreaterThan(0));
    expect(directory.state.heartbeats[0]!.status).toBe(200);
    const node = directory.state.nodes[h.nodeId]!;
    expect(node).toMatchObject({ load: 0.5, activeJobs: 1, available: true, healthModels: ['qwen2.5:7b'] });
    expect(node.backendStability).toEqual({ backend_state: 'ok', reason_class: 'ok' });
  });
});

describe('the liveness challenge', () => {
  it('test_heartbeat_answers_liveness_challenge: beat N+1 answers beat N’s challenge with lowercase-hex HMAC-SHA256 under node_hmac_key', async () => {
    const directory = await testDirectory({ heartbeatIntervalMs: 1000 });
    const h = startLink({ baseUrl: directory.url });
    await eventually(() => expect(directory.state.heartbeats.length).toBeGreaterThanOrEqual(3));
    await h.stop();

    const key = h.secrets.get('node_hmac_key')!;
    expect(key).toBe(directory.state.nodes[h.nodeId]!.hmacKey);
    const beats = directory.state.heartbeats;
    expect(asRecord(beats[0]!.body)).not.toHaveProperty('challenge_response');
    for (let i = 1; i < beats.length; i++) {
      const challenge = String(asRecord(beats[i - 1]!.response).challenge);
      const expected = createHmac('sha256', Buffer.from(key, 'utf8'))
        .update(Buffer.from(challenge, 'utf8'))
        .digest('hex');
      const answer = asRecord(beats[i]!.body).challenge_response;
      expect(answer).toMatch(/^[0-9a-f]{64}$/);
      expect(answer).toBe(expected);
    }
    const node = directory.state.nodes[h.nodeId]!;
    expect(node.challengeVerifiedCount).toBe(beats.length - 1);
    expect(node.challengeFailedCount).toBe(0);
    expect(node.livenessVerifiedAt).not.toBeNull();
  });

  it('answers exactly the challenge it was given, and nothing after a malformed one', async () => {
    const dir = new ScriptedDirectory();
    const challenges = ['00112233445566778899aabbccddeeff', 'NOT-HEX <script>', 'abcdef0123456789abcdef0123456789'];
    dir.heartbeat = (req, n) => beatOk(req, { challenge: challenges[n - 1] ?? null });
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    for (let n = 2; n <= 4; n++) {
      await eventually(() => expect(dir.heartbeats()).toHaveLength(n - 1));
      h.link.heartbeatNow();
    }
    await eventually(() => expect(dir.heartbeats()).toHaveLength(4));
    const key = h.secrets.get('node_hmac_key')!;
    const mac = (c: string) => createHmac('sha256', key).update(c).digest('hex');
    const answers = dir.heartbeats().map((b) => b.body?.challenge_response);
    expect(answers).toEqual([undefined, mac(challenges[0]!), undefined, mac(challenges[2]!)]);
  });
});

describe('what makes a heartbeat re-register', () => {
  it('a 401 (token revoked at the directory) leads to a re-registration with the newest token, and heartbeats resume', async () => {
    const directory = await testDirectory({ heartbeatIntervalMs: 1000 });
    const h = startLink({ baseUrl: directory.url });
    await eventually(() => expect(directory.state.heartbeats.length).toBeGreaterThan(0));
    const revokedToken = h.secrets.get('node_token');

    directory.revokeToken(h.nodeId);
    await eventually(() => expect(directory.state.heartbeats.some((b) => b.status === 401)).toBe(true));
    await eventually(() => expect(directory.state.registrations).toHaveLength(2));
    expect(asRecord(directory.state.registrations[1]!.body).current_node_token).toBe(revokedToken);
    expect(directory.state.registrations[1]!.status).toBe(201);

    const at401 = directory.state.heartbeats.findIndex((b) => b.status === 401);
    await eventually(() =>
      expect(directory.state.heartbeats.slice(at401 + 1).filter((b) => b.status === 200).length).toBeGreaterThan(0),
    );
    expect(h.secrets.get('node_token')).toBe(directory.state.nodes[h.nodeId]!.token);
    expect(h.events('reregister_ok')).toHaveLength(1);
    expect(h.link.status.link).toBe('registered');
  });

  it.each([404, 410])('a %i to a heartbeat leads to a re-registration too', async (status) => {
    const dir = new ScriptedDirectory();
    dir.heartbeat = (req, n) =>
      n === 1 ? { status, json: { error: { code: 'not_found', message: 'gone' } } } : beatOk(req);
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(dir.heartbeats()).toHaveLength(2));
    expect(dir.registrations()).toHaveLength(2);
    expect(dir.registrations()[1]!.body?.current_node_token).toBe('token-1');
    expect(dir.heartbeats()[1]!.headers.authorization).toBe('Bearer token-2');
    expect(h.events('heartbeat_fail')[0]?.details).toContain(`status=${status}`);
  });

  it('other heartbeat failures (500, 422, 429) do not re-register', async () => {
    const dir = new ScriptedDirectory();
    const failures = [
      { status: 500, json: { error: { code: 'server_error', message: 'boom' } } },
      {
        status: 422,
        json: { error: { code: 'validation_error', message: 'Input validation failed', fields: { load: ['bad'] } } },
      },
      {
        status: 429,
        json: { error: { code: 'rate_limited', message: 'Too Many Attempts.' } },
        headers: { 'retry-after': '1' },
      },
    ];
    dir.heartbeat = (req, n) => failures[n - 1] ?? beatOk(req);
    startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(dir.heartbeats()).toHaveLength(4), 15_000);
    expect(dir.registrations()).toHaveLength(1);
  });
});

describe('model drift', () => {
  it('test_model_drift_triggers_reregister: exactly one REGISTER with the current token; accepted models change after acceptance', async () => {
    const directory = await testDirectory({ heartbeatIntervalMs: 1000 });
    const h = startLink({ baseUrl: directory.url, models: ['qwen2.5:7b'] });
    await eventually(() => expect(directory.state.heartbeats.length).toBeGreaterThan(0));
    const token = h.secrets.get('node_token');
    expect(h.link.status.acceptedModels).toEqual(['qwen2.5:7b']);

    h.models = ['qwen2.5:7b', 'llama3.1:8b'];
    h.link.requestReregister('models changed');
    await eventually(() => expect(h.link.status.acceptedModels).toEqual(['qwen2.5:7b', 'llama3.1:8b']));
    const beatsAfter = directory.state.heartbeats.length;
    await eventually(() => expect(directory.state.heartbeats.length).toBeGreaterThan(beatsAfter + 1));

    expect(directory.state.registrations).toHaveLength(2);
    const body = asRecord(directory.state.registrations[1]!.body);
    expect(body.current_node_token).toBe(token);
    expect(body.capabilities).toEqual([expect.objectContaining({ models: ['qwen2.5:7b', 'llama3.1:8b'] })]);
  });

  it('test_failed_model_drift_reregister_preserves_public_models: a 503 keeps the accepted models, the token and the heartbeats', async () => {
    const directory = await testDirectory({ heartbeatIntervalMs: 1000 });
    const h = startLink({ baseUrl: directory.url, models: ['qwen2.5:7b'] });
    await eventually(() => expect(directory.state.heartbeats.length).toBeGreaterThan(0));
    const token = h.secrets.get('node_token');

    directory.fail({
      status: 503,
      body: { error: { code: 'server_error', message: 'maintenance' } },
      routes: ['register'],
    });
    h.models = ['llama3.1:8b'];
    h.link.requestReregister('models changed');
    await eventually(() => expect(h.events('reregister_fail').length).toBeGreaterThan(0));
    expect(h.link.status.acceptedModels).toEqual(['qwen2.5:7b']);
    expect(h.secrets.get('node_token')).toBe(token);

    // Meanwhile the node stays alive at the directory under what it accepted last.
    const okBeats = () => directory.state.heartbeats.filter((b) => b.status === 200).length;
    const before = okBeats();
    await eventually(() => expect(okBeats()).toBeGreaterThan(before));
    expect(h.link.status.acceptedModels).toEqual(['qwen2.5:7b']);

    directory.fail(null);
    await eventually(() => expect(h.link.status.acceptedModels).toEqual(['llama3.1:8b']));
    expect(h.secrets.get('node_token')).toBe(directory.state.nodes[h.nodeId]!.token);
  });
});

describe('the heartbeat interval', () => {
  it('honours next_heartbeat_ms, clamped to [1 s, 5 min], and falls back to 30 s when it is missing or not a number', async () => {
    const dir = new ScriptedDirectory();
    const asked: unknown[] = [5, 10_000_000, 2500, 'soon', undefined];
    dir.heartbeat = (req, n) => beatOk(req, { next_heartbeat_ms: asked[n - 1] });
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    const seen: number[] = [];
    for (let n = 1; n <= asked.length; n++) {
      await eventually(() => expect(h.events('heartbeat_ok')).toHaveLength(n));
      seen.push(h.link.status.heartbeatIntervalMs);
      if (n === 1) {
        // 1 s is honoured for real: the next beat comes by itself.
        await eventually(() => expect(dir.heartbeats()).toHaveLength(2));
      } else if (n < asked.length) {
        h.link.heartbeatNow();
      }
    }
    expect(seen).toEqual([1000, 300_000, 2500, 30_000, 30_000]);
  });

  it('dates the reputation by when its heartbeat was sent, not by when the answer arrived', async () => {
    const dir = new ScriptedDirectory();
    dir.register = (req) => registered(req, 't');
    let arrivedAt = 0;
    let answer!: () => void;
    dir.heartbeat = async (req) => {
      arrivedAt = Date.now();
      await new Promise<void>((resolve) => (answer = resolve));
      return beatOk(req, { reputation_score: 0.5 });
    };
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(arrivedAt).toBeGreaterThan(0));
    // Meanwhile another read (say the books) was sent and answered: the late heartbeat answer is the older figure.
    await eventually(() => expect(Date.now()).toBeGreaterThan(arrivedAt));
    const readSentAt = Date.now();
    answer();
    await eventually(() => expect(h.link.status.reputationScore).toBe(0.5));
    expect(h.link.status.reputationAsOf).toBeLessThanOrEqual(arrivedAt);
    expect(h.link.status.reputationAsOf).toBeLessThan(readSentAt);
    expect(h.link.status.lastHeartbeatAt).toBeGreaterThanOrEqual(readSentAt);
  });

  it('keeps reputation_score and lastHeartbeatAt from the latest answer', async () => {
    const dir = new ScriptedDirectory();
    dir.heartbeat = (req) => beatOk(req, { reputation_score: 0.73 });
    dir.register = (req) => registered(req, 't');
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(h.link.status.reputationScore).toBe(0.73));
    expect(h.link.status.lastHeartbeatAt).not.toBeNull();
  });
});
