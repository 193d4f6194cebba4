import { describe, expect, it } from 'vitest';
import { dig, directory, fakeClock, hmacHex, LOOPBACK, register, registerBody } from './helpers';

async function registered(opts = {}) {
  const d = await directory({ ...LOOPBACK, ...opts });
  const node = await register(d.api, registerBody('http://127.0.0.1:9'));
  const beat = (body: Record<string, unknown> = {}, token = node.token) =>
    d.api('POST', '/v1/heartbeat', { token, body: { node_id: node.nodeId, ...body } });
  return { ...d, node, beat };
}

describe('HEARTBEAT authentication (PHP NodeTokenAuth)', () => {
  it('distinguishes missing header, missing node id and wrong token', async () => {
    const { api, node } = await registered();
    const noHeader = await api('POST', '/v1/heartbeat', { body: { node_id: node.nodeId } });
    expect(noHeader.status).toBe(401);
    expect(noHeader.json).toEqual({ error: { code: 'unauthorized', message: 'Missing Authorization header' } });
    const noId = await api('POST', '/v1/heartbeat', { token: node.token, body: {} });
    expect(noId.json).toEqual({ error: { code: 'unauthorized', message: 'node_id required for token auth' } });
    const wrong = await api('POST', '/v1/heartbeat', { token: 'x'.repeat(40), body: { node_id: node.nodeId } });
    expect(wrong.json).toEqual({ error: { code: 'unauthorized', message: 'Invalid credentials' } });
    const unknown = await api('POST', '/v1/heartbeat', { token: node.token, body: { node_id: 'nobody' } });
    expect(unknown.status).toBe(401);
  });

  it('ignores a JSON body sent without a JSON Content-Type, as Laravel does', async () => {
    const { api, node } = await registered();
    const r = await api('POST', '/v1/heartbeat', {
      token: node.token,
      raw: JSON.stringify({ node_id: node.nodeId }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(r.json).toEqual({ error: { code: 'unauthorized', message: 'node_id required for token auth' } });
  });

  it('accepts the registration JWT as Bearer until it expires', async () => {
    const clock = fakeClock();
    const { api, node } = await registered({ now: clock.now });
    const jwt = String(node.response.jwt_token);
    expect((await api('POST', '/v1/heartbeat', { token: jwt, body: { node_id: node.nodeId } })).status).toBe(200);
    clock.advance(3_600_000);
    const expired = await api('POST', '/v1/heartbeat', { token: jwt, body: { node_id: node.nodeId } });
    expect(expired.status).toBe(401);
    expect(dig(expired.json, 'error.code')).toBe('token_expired');
  });

  it('revokeToken() makes the next heartbeat with that token fail', async () => {
    const { dir, node, beat } = await registered();
    expect((await beat()).status).toBe(200);
    dir.revokeToken(node.nodeId);
    expect((await beat()).status).toBe(401);
  });
});

describe('HEARTBEAT body and answer', () => {
  it('answers the PHP 200 shape with the configured interval', async () => {
    const { beat } = await registered({ heartbeatIntervalMs: 1234 });
    const r = await beat({ load: 0.25, active_jobs: 1, available: true });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      ok: true,
      next_heartbeat_ms: 1234,
      reputation_score: 0.5,
      reputation_model: 'outcome-v2',
      reputation_epoch: expect.stringMatching(/^[0-9a-f-]{36}$/),
      metrics_batch_accepted: null,
      challenge: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });

  it('rejects out-of-range fields with 422 and leaves the node untouched', async () => {
    const { dir, node, beat } = await registered();
    const r = await beat({
      load: 1.5,
      active_jobs: -1,
      available: 'yes',
      metrics: { tasks_success: 1001, tasks_failed: 1.5, avg_latency_ms: -1 },
      metrics_batch_id: 'has space',
      challenge_response: 'x'.repeat(65),
      health_models: ['ok', 7],
      backend_stability: { backend_state: 'warming', reason_class: 'ok' },
    });
    expect(r.status).toBe(422);
    expect(Object.keys(dig<object>(r.json, 'error.fields')).sort()).toEqual(
      [
        'active_jobs',
        'available',
        'backend_stability.backend_state',
        'challenge_response',
        'health_models.1',
        'load',
        'metrics.avg_latency_ms',
        'metrics.tasks_failed',
        'metrics.tasks_success',
        'metrics_batch_id',
      ].sort(),
    );
    expect(dir.state.nodes[node.nodeId]?.challengesIssued).toBe(0);
  });

  it('stores load, availability (default true), health_models and backend_stability', async () => {
    const { dir, node, beat } = await registered();
    await beat({
      load: 0.5,
      active_jobs: 2,
      available: false,
      health_models: ['m1'],
      backend_stability: { backend_state: 'draining', reason_class: 'ok', retry_after_s: 30 },
    });
    const rec = dir.state.nodes[node.nodeId];
    expect(rec).toMatchObject({ load: 0.5, activeJobs: 2, available: false, healthModels: ['m1'] });
    expect(rec?.backendStability).toEqual({ backend_state: 'draining', reason_class: 'ok', retry_after_s: 30 });
    await beat({});
    expect(rec).toMatchObject({ available: true, healthModels: ['m1'] });
    await beat({ health_models: null });
    expect(rec?.healthModels).toBeNull();
  });

  it('throttles at 60 beats per minute per node', async () => {
    const clock = fakeClock();
    const { beat } = await registered({ now: clock.now });
    for (let i = 0; i < 60; i++) expect((await beat()).status).toBe(200);
    const limited = await beat();
    expect(limited.status).toBe(429);
    expect(dig(limited.json, 'error.code')).toBe('rate_limited');
    expect(limited.headers.get('retry-after')).toBe('60');
    clock.advance(60_000);
    expect((await beat()).status).toBe(200);
  });
});

describe('liveness challenge', () => {
  it('counts a correct HMAC answer as verified and a wrong one as failed; silence is neither', async () => {
    const { dir, node, beat } = await registered();
    const first = await beat();
    const c1 = dig<string>(first.json, 'challenge');
    expect(dir.state.nodes[node.nodeId]?.challenge).toBe(c1);

    const second = await beat({ challenge_response: hmacHex(node.hmacKey, c1) });
    const c2 = dig<string>(second.json, 'challenge');
    expect(c2).not.toBe(c1);
    expect(dir.state.nodes[node.nodeId]).toMatchObject({ challengeVerifiedCount: 1, challengeFailedCount: 0 });

    await beat({ challenge_response: hmacHex('some-other-key', c2) });
    expect(dir.state.nodes[node.nodeId]).toMatchObject({ challengeVerifiedCount: 1, challengeFailedCount: 1 });

    // Answering a challenge that is no longer current is a failure too.
    await beat({ challenge_response: hmacHex(node.hmacKey, c1) });
    expect(dir.state.nodes[node.nodeId]?.challengeFailedCount).toBe(2);

    await beat({});
    expect(dir.state.nodes[node.nodeId]).toMatchObject({
      challengeVerifiedCount: 1,
      challengeFailedCount: 2,
      challengesIssued: 5,
    });
  });
});

describe('metric batches', () => {
  it('acknowledges a batch id every time but applies it once', async () => {
    const { dir, node, beat } = await registered();
    const batch = { metrics: { tasks_success: 3, tasks_failed: 0, avg_latency_ms: 812.5 }, metrics_batch_id: 'b-1' };
    const first = await beat(batch);
    expect(first.json).toMatchObject({ metrics_batch_accepted: 'b-1', reputation_score: 0.53 });
    const retry = await beat(batch);
    expect(retry.json).toMatchObject({ metrics_batch_accepted: 'b-1', reputation_score: 0.53 });
    expect(dir.state.nodes[node.nodeId]?.metricsApplied).toHaveLength(1);
    expect(dir.state.nodes[node.nodeId]?.batchIdsSeen).toEqual(['b-1']);

    const next = await beat({ metrics: { tasks_success: 0, tasks_failed: 1 }, metrics_batch_id: 'b-2' });
    expect(next.json).toMatchObject({ metrics_batch_accepted: 'b-2', reputation_score: 0.48 });
    expect(dir.state.nodes[node.nodeId]?.lifetimeJobs).toBe(4);
  });

  it('caps the positive gain at 0.10 per beat and 0.20 per hour', async () => {
    const { beat } = await registered();
    const big = (id: string) => beat({ metrics: { tasks_success: 50, tasks_failed: 0 }, metrics_batch_id: id });
    expect(dig(await big('a').then((r) => r.json), 'reputation_score')).toBe(0.6);
    expect(dig(await big('b').then((r) => r.json), 'reputation_score')).toBe(0.7);
    expect(dig(await big('c').then((r) => r.json), 'reputation_score')).toBe(0.7);
  });

  it('applies legacy batches without an id every time', async () => {
    const { dir, node, beat } = await registered();
    await beat({ metrics: { tasks_success: 1 } });
    await beat({ metrics: { tasks_success: 1 } });
    expect(dir.state.nodes[node.nodeId]?.metricsApplied).toHaveLength(2);
  });
});

describe('heartbeat pricing', () => {
  it('re-verifies the signature with the stored key; a bad one rejects the whole beat', async () => {
    const d = await directory(LOOPBACK);
    const key = 'stable-node-key';
    const node = await register(d.api, registerBody('http://127.0.0.1:9', { node_hmac_key: key }));
    const beat = (body: Record<string, unknown>) =>
      d.api('POST', '/v1/heartbeat', { token: node.token, body: { node_id: node.nodeId, ...body } });

    const bad = await beat({
      pricing: {
        credit_cost_multiplier: 0.75,
        pricing_model: 'per_token',
        declaration_signature: hmacHex('wrong', 'x'),
      },
      metrics: { tasks_success: 5 },
      metrics_batch_id: 'never-applied',
    });
    expect(bad.status).toBe(422);
    expect(dig(bad.json, 'error.fields')).toEqual({
      'pricing.declaration_signature': ['Invalid declaration signature (IICP-E010)'],
    });
    expect(d.dir.state.nodes[node.nodeId]?.metricsApplied).toHaveLength(0);

    const sig = hmacHex(key, '{"credit_cost_multiplier":0.75,"pricing_model":"per_token"}');
    const good = await beat({
      pricing: { credit_cost_multiplier: 0.75, pricing_model: 'per_token', declaration_signature: sig },
    });
    expect(good.status).toBe(200);
    expect(d.dir.state.nodes[node.nodeId]?.pricing).toMatchObject({ credit_cost_multiplier: 0.75, attested: true });
  });
});

describe('dormancy and the presence check', () => {
  it('hides a node from /registry/nodes after 90 s without a beat and restores it on the next beat', async () => {
    const clock = fakeClock();
    const { api, node, beat, dir } = await registered({ now: clock.now });
    const prefix = node.nodeId.slice(0, 8);
    const present = await api('GET', `/v1/registry/nodes/${prefix}`);
    expect(present.status).toBe(200);
    expect(present.json).toMatchObject({
      node_id_prefix: prefix,
      active: true,
      reputation_tier: 'silver',
      probation: true,
    });

    clock.advance(91_000);
    const absent = await api('GET', `/v1/registry/nodes/${prefix}`);
    expect(absent.status).toBe(404);
    expect(absent.json).toEqual({ error: 'REGISTRY-NODE-NOT-FOUND', message: 'No active node found for this prefix.' });
    expect(dir.state.nodes[node.nodeId]?.status).toBe('dormant');

    expect((await beat()).status).toBe(200);
    expect((await api('GET', `/v1/registry/nodes/${prefix}`)).status).toBe(200);
    const bad = await api('GET', '/v1/registry/nodes/-bad');
    expect(bad.json).toMatchObject({ error: 'REGISTRY-INVALID-PREFIX' });
  });
});

describe('heartbeat pricing has no tier cap', () => {
  it('lifts a 0.5B node capped to 0.15 at REGISTER to a declared 1.0, and the registry shows 1.0', async () => {
    const d = await directory(LOOPBACK);
    const node = await register(
      d.api,
      registerBody('http://127.0.0.1:9', {
        capabilities: [{ intent: 'urn:iicp:intent:llm:chat:v1', models: ['qwen2.5:0.5b'], max_tokens: 8192 }],
        pricing: { credit_cost_multiplier: 1.0, pricing_model: 'per_token' },
      }),
    );
    const held = async () => (await d.api('GET', `/v1/registry/nodes/${node.nodeId}`)).json;
    expect(dig<number>(await held(), 'credit_cost_multiplier')).toBeCloseTo(0.15, 12);
    const beat = await d.api('POST', '/v1/heartbeat', {
      token: node.token,
      body: { node_id: node.nodeId, pricing: { credit_cost_multiplier: 1.0, pricing_model: 'per_token' } },
    });
    expect(beat.status).toBe(200);
    expect(await held()).toMatchObject({ credit_cost_multiplier: 1, pricing_model: 'per_token', attested: false });
  });
});

describe('heartbeat limits (model name length, successes counted)', () => {
  it('refuses the whole beat for one health_models name over 128 characters', async () => {
    const { dir, node, beat } = await registered();
    const long = await beat({ load: 0.7, health_models: ['ok', 'm'.repeat(129)] });
    expect(long.status).toBe(422);
    expect(dig(long.json, 'error.fields')).toEqual({
      'health_models.1': ['The health models.1 field must not be greater than 128 characters.'],
    });
    expect(dir.state.nodes[node.nodeId]).toMatchObject({ load: 0, healthModels: undefined, challengesIssued: 0 });
    expect((await beat({ health_models: ['m'.repeat(128)] })).status).toBe(200);
  });

  it('accepts up to 1000 successes per beat but counts only 300 of them', async () => {
    const { dir, node, beat, api } = await registered();
    const r = await beat({
      metrics: { tasks_success: 1000, tasks_failed: 2, avg_latency_ms: 300 },
      metrics_batch_id: 'big',
    });
    expect(r.status).toBe(200);
    // The score uses the full count: 1000 × 0.01 − 2 × 0.05, capped at +0.10 per beat.
    expect(dig(r.json, 'reputation_score')).toBe(0.6);
    expect(dir.state.nodes[node.nodeId]?.reputation).toMatchObject({
      completedTasks: 300,
      tasksTotal: 302,
      tasksFailed: 2,
    });
    expect(dir.state.nodes[node.nodeId]?.lifetimeJobs).toBe(302);
    const held = await api('GET', `/v1/registry/nodes/${node.nodeId}`);
    expect(held.json).toMatchObject({ completed_tasks: 300, probation: false });
    expect((await beat({ metrics: { tasks_success: 1001 } })).status).toBe(422);
  });
});
