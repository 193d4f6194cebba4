import { describe, expect, it, vi } from 'vitest';
import { dig, directory, fakeClock, healthServer, LOOPBACK, register, registerBody } from './helpers';

const HOST = { routabilityCheck: false, livenessProbe: true } as const;

/** A node kept alive with a heartbeat per simulated minute, so it never turns dormant while time passes. */
async function liveNode(
  opts: Record<string, unknown> = {},
  body: Record<string, unknown> = {},
  endpoint = 'http://127.0.0.1:9',
) {
  const clock = fakeClock();
  const d = await directory({ ...LOOPBACK, now: clock.now, ...opts });
  const node = await register(d.api, registerBody(endpoint, body));
  const beat = (extra: Record<string, unknown> = {}) =>
    d.api('POST', '/v1/heartbeat', { token: node.token, body: { node_id: node.nodeId, ...extra } });
  const pass = async (ms: number) => {
    for (let left = ms; left > 0; left -= 60_000) {
      clock.advance(Math.min(60_000, left));
      expect((await beat()).status).toBe(200);
    }
  };
  const registry = async () =>
    (await d.api('GET', `/v1/registry/nodes/${node.nodeId}`)).json as Record<string, unknown>;
  return { ...d, clock, node, beat, pass, registry };
}

describe('GET /v1/node/{id} (PHP NodeController::show)', () => {
  it('has no pricing block and no reachability_tier: the held multiplier is only in the registry', async () => {
    const { api, node } = await liveNode();
    const detail = (await api('GET', `/v1/node/${node.nodeId}`)).json as Record<string, unknown>;
    for (const absent of [
      'pricing',
      'reachability_tier',
      'credit_cost_multiplier',
      'status',
      'health_models',
      'backend_stability',
    ]) {
      expect(detail, absent).not.toHaveProperty(absent);
    }
  });

  it('serves the node, its reputation, health, routing and compliance signals and effective capabilities', async () => {
    const { api, node } = await liveNode({}, { sdk_version: '0.7.106', exposure_mode: 'tunnel_required' });
    const detail = await api('GET', `/v1/node/${node.nodeId}`);
    expect(detail.json).toMatchObject({
      node_id: node.nodeId,
      endpoint: 'http://127.0.0.1:9',
      region: 'eu-central',
      available: true,
      load: 0,
      active_jobs: 0,
      last_seen: '2026-08-22T12:30:00.000000Z',
      reputation_score: 0.5,
      reputation_model: 'outcome-v2',
      reputation_epoch: expect.stringMatching(/^[0-9a-f-]{36}$/),
      probation: true,
      completed_tasks_count: 0,
      observed_latency_ms: null,
      performance: { task_latency_ms: null, task_latency_ms_basis: 'none' },
      health: { label: 'degraded', evidence_level: 'self_attested', latency_ms_basis: 'none' },
      directory_observed_reachable: null,
      route_evidence: 'self_attested',
      routing_hint: 'http_direct',
      sdk_status: 'current',
      sdk_baseline_version: '0.7.68',
      key_ready: false,
      capability_summary: { model_count_registered: 1, model_count_live: 1, context_window_max: 8192 },
      exposure_mode: 'tunnel_required',
      operator_verified: false,
      public_key: null,
    });
    expect(dig(detail.json, 'capabilities')).toEqual([
      {
        intent: 'urn:iicp:intent:llm:chat:v1',
        models: ['llama3.1:8b'],
        max_tokens: 8192,
        input_modalities: ['text'],
        supported_profiles: [],
      },
    ]);
  });

  it('answers 404 not_found for an unknown id', async () => {
    const { api } = await directory(LOOPBACK);
    const missing = await api('GET', '/v1/node/unknown-node');
    expect([missing.status, missing.json]).toEqual([404, { error: { code: 'not_found', message: 'Node not found' } }]);
  });
});

describe('GET /v1/registry/nodes/{prefix}: what the directory holds', () => {
  it('carries the held pricing top-level, with its window, CIP opt-in, listing and transport', async () => {
    const { registry } = await liveNode(
      {},
      {
        pricing: {
          credit_cost_multiplier: 2,
          pricing_model: 'per_request',
          effective_from: '2026-09-01T00:00:00Z',
          effective_until: '2026-10-01T12:00:00Z',
        },
        policy: { allow_remote_inference: true },
        listing: { public_listing: true, operator_url: 'https://operator.example.com' },
      },
    );
    expect(await registry()).toMatchObject({
      credit_cost_multiplier: 2,
      pricing_model: 'per_request',
      attested: false,
      pricing_effective_from: '2026-09-01T00:00:00+00:00',
      pricing_effective_until: '2026-10-01T12:00:00+00:00',
      cip_enabled: true,
      public_listing: true,
      operator_url: 'https://operator.example.com',
      transport: ['http'],
    });
  });

  it('defaults: no window, CIP off, not listed (and then no operator_url)', async () => {
    const r = await (await liveNode()).registry();
    expect(r).toMatchObject({
      pricing_effective_from: null,
      pricing_effective_until: null,
      cip_enabled: false,
      public_listing: false,
    });
    expect(r).not.toHaveProperty('operator_url');
  });

  it('is 404 REGISTRY-NODE-NOT-FOUND (string form) while the node reports available:false', async () => {
    const { api, node, beat } = await liveNode();
    await beat({ available: false });
    const r = await api('GET', `/v1/registry/nodes/${node.nodeId}`);
    expect([r.status, r.json]).toEqual([
      404,
      { error: 'REGISTRY-NODE-NOT-FOUND', message: 'No active node found for this prefix.' },
    ]);
    await beat();
    expect((await api('GET', `/v1/registry/nodes/${node.nodeId}`)).status).toBe(200);
  });

  it('says "self_attested", not observed, while the directory has no probe evidence (probe off: IICP_SKIP_LIVENESS_CHECK)', async () => {
    const r = await (await liveNode()).registry();
    expect(r).toMatchObject({
      directory_observed_reachable: null,
      route_evidence: 'self_attested',
      routing_hint: 'http_direct',
      browser_usable: true,
      recovery_state: 'stable',
      route_recovery_hint: 'none',
    });
  });

  it('the REGISTER dial-back records no observation (as in production); the active probe does, kept 10 minutes of the directory clock', async () => {
    const health = await healthServer(200);
    const { dir, registry, pass } = await liveNode({ ...HOST, activeProbeIntervalMs: null }, {}, health.endpoint);
    expect(await registry()).toMatchObject({ directory_observed_reachable: null, route_evidence: 'self_attested' });
    await dir.probeNow();
    expect(await registry()).toMatchObject({
      directory_observed_reachable: true,
      route_evidence: 'directory_observed',
    });
    expect(dir.state.probes.filter((p) => p.purpose === 'active')).toEqual([
      expect.objectContaining({ ok: true, url: `${health.endpoint}/iicp/health` }),
    ]);
    await pass(10 * 60_000);
    expect(await registry()).toMatchObject({ directory_observed_reachable: true });
    await pass(1000);
    expect(await registry()).toMatchObject({ directory_observed_reachable: null, route_evidence: 'self_attested' });
  });

  it('the active probe records an unreachable node as such', async () => {
    const health = await healthServer(200);
    const { dir, registry } = await liveNode({ ...HOST, activeProbeIntervalMs: null }, {}, health.endpoint);
    await health.close();
    await dir.probeNow();
    expect(await registry()).toMatchObject({
      directory_observed_reachable: false,
      route_evidence: 'directory_observed',
    });
  });

  it('the active probe runs on its schedule by itself', async () => {
    const health = await healthServer(200);
    const { dir } = await liveNode({ ...HOST, activeProbeIntervalMs: 50 }, {}, health.endpoint);
    await vi.waitFor(() => expect(dir.state.probes.some((p) => p.purpose === 'active' && p.ok)).toBe(true), {
      timeout: 5000,
    });
  });

  it('observeReachability() stands in for the later active probes: true, false, or cleared with null', async () => {
    const { dir, node, registry } = await liveNode();
    dir.observeReachability(node.nodeId, false);
    expect(await registry()).toMatchObject({
      directory_observed_reachable: false,
      route_evidence: 'directory_observed',
      health: { label: 'critical', evidence_level: 'directory_observed' },
    });
    dir.observeReachability(node.nodeId, true);
    expect(await registry()).toMatchObject({
      directory_observed_reachable: true,
      route_evidence: 'directory_observed',
    });
    dir.observeReachability(node.nodeId, null);
    expect(await registry()).toMatchObject({ directory_observed_reachable: null, route_evidence: 'self_attested' });
    expect(() => dir.observeReachability('nobody', true)).toThrow(/unknown node/);
  });

  it('classifies the route: https is browser-usable, a public http address is not, relay-capable nodes are relay_service', async () => {
    const https = await (await liveNode({}, {}, 'https://node.example.com')).registry();
    expect(https).toMatchObject({ routing_hint: 'https_direct', browser_usable: true, transport: ['https'] });
    const plain = await (await liveNode({}, {}, 'http://203.0.113.7:9484')).registry();
    expect(plain).toMatchObject({ routing_hint: 'http_direct', browser_usable: false });
    const relay = await (
      await liveNode({}, { relay_capable: true, transport_endpoint: 'iicp://203.0.113.7:9484' })
    ).registry();
    expect(relay).toMatchObject({ routing_hint: 'relay_service', transport: ['http', 'iicp-native'] });
  });

  it('an unverified direct IPv6 http route is "recovering" until the directory observes it', async () => {
    const { dir, node, registry } = await liveNode({}, {}, 'http://[2a01:4f8::7]:9484');
    expect(await registry()).toMatchObject({
      routing_hint: 'http_ipv6',
      recovery_state: 'recovering',
      route_recovery_hint: 'direct_route_unverified',
    });
    dir.observeReachability(node.nodeId, true);
    expect(await registry()).toMatchObject({ recovery_state: 'stable', route_recovery_hint: 'none' });
  });

  it('after a dial-back demotion (public_reachable false) the route is "missing" without an exposure_mode, tunnelled with one', async () => {
    const bare = await liveNode();
    bare.dir.state.nodes[bare.node.nodeId]!.publicReachable = false;
    expect(await bare.registry()).toMatchObject({
      route_evidence: 'missing',
      recovery_state: 'unknown',
      route_recovery_hint: 'route_not_advertised',
    });
    const tunnel = await liveNode({}, { exposure_mode: 'tunnel_required' });
    tunnel.dir.state.nodes[tunnel.node.nodeId]!.publicReachable = false;
    expect(await tunnel.registry()).toMatchObject({
      route_evidence: 'self_attested',
      recovery_state: 'recovering',
      route_recovery_hint: 'tunnel_recovering',
    });
  });

  it('projects backend stability and the reputation fields', async () => {
    const { beat, registry } = await liveNode();
    expect(await registry()).toMatchObject({
      backend_stability: { backend_state: 'unknown', reason_class: 'not_reported', routing_guard: 'none' },
      reputation_model: 'outcome-v2',
      trust_progress: { completed_tasks: 0, tasks_until_gold: 100, probation: true },
    });
    await beat({
      backend_stability: { backend_state: 'draining', reason_class: 'backend_loading', retry_after_s: 20 },
    });
    expect(await registry()).toMatchObject({
      backend_stability: {
        backend_state: 'draining',
        routing_guard: 'avoid_for_admission',
        evidence: 'self_reported',
        retry_after_s: 20,
        drain_until: null,
      },
    });
  });
});
