import { describe, expect, it } from 'vitest';
import { dig, directory, fakeClock, LOOPBACK, register, registerBody } from './helpers';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const EMBED = 'urn:iicp:intent:llm:embedding:v1';
/** sdk current + a CX key: readiness multiplier 1.0, so scores are the plain PHP weights. */
const READY = {
  sdk_version: '0.7.106',
  cx_public_key: { algorithm: 'X25519', encoding: 'base64url', key: 'A'.repeat(43), key_id: 'cx-aaaaaaaaaaaaaaaa' },
};

async function mesh() {
  const clock = fakeClock();
  const d = await directory({ ...LOOPBACK, now: clock.now });
  const add = async (extra: Record<string, unknown> = {}, endpoint = 'http://127.0.0.1:9') => {
    const node = await register(d.api, registerBody(endpoint, { ...READY, ...extra }));
    const beat = (body: Record<string, unknown> = {}) =>
      d.api('POST', '/v1/heartbeat', { token: node.token, body: { node_id: node.nodeId, ...body } });
    return { ...node, beat };
  };
  const discover = async (query: string) => d.api('GET', `/v1/discover?${query}`);
  const ids = async (query: string) =>
    dig<{ node_id: string }[]>((await discover(query)).json, 'nodes').map((n) => n.node_id);
  return { ...d, clock, add, discover, ids };
}

describe('GET /v1/discover: envelope and node shape (DiscoverController + NodeScorer)', () => {
  it('lists an eligible node with PHP envelope, ranking score and routing/pricing/reputation fields', async () => {
    const { add, discover } = await mesh();
    const node = await add({ exposure_mode: 'ipv4_public_direct' });
    const r = await discover(`intent=${CHAT}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('public, max-age=5, s-maxage=10, stale-while-revalidate=5');
    expect(r.json).toMatchObject({ count: 1, relay_available: false, query_ms: expect.any(Number) });
    expect(dig(r.json, 'nodes.0')).toMatchObject({
      node_id: node.nodeId,
      endpoint: 'http://127.0.0.1:9',
      // 0.35 availability + 0.28 (1 − load) + 0.18 capacity + 0.09 × 0.5 region + 0.10 × 0.5 reputation
      score: 0.905,
      available: true,
      load: 0,
      active_jobs: 0,
      max_concurrent: 4,
      models: ['llama3.1:8b'],
      region: 'eu-central',
      cx_public_key: READY.cx_public_key,
      exposure_mode: 'ipv4_public_direct',
      reachability_tier: 'direct',
      directory_observed_reachable: null,
      route_evidence: 'self_attested',
      pricing: { credit_cost_multiplier: 1, pricing_model: 'per_token', attested: false },
      probation: true,
      reputation_score: 0.5,
      reputation_tier: 'silver',
      backend_stability: { backend_state: 'unknown' },
      relay_capable: false,
      capabilities: [
        { intent: CHAT, models: ['llama3.1:8b'], max_tokens: 8192, input_modalities: ['text'], supported_profiles: [] },
      ],
      cip_conformance_level: 'CIP-None',
    });
  });

  it('validates the query like Laravel: intent required, limit 1…50', async () => {
    const { discover } = await mesh();
    const none = await discover('');
    expect([none.status, dig(none.json, 'error.fields')]).toEqual([422, { intent: ['The intent field is required.'] }]);
    expect((await discover(`intent=${CHAT}&limit=51`)).status).toBe(422);
    expect((await discover(`intent=${CHAT}&limit=0`)).status).toBe(422);
  });
});

describe('GET /v1/discover: who is listed (NodeScorer::discover filter)', () => {
  it('only nodes with a capability for the intent', async () => {
    const { add, ids } = await mesh();
    const embed = await add({ capabilities: [{ intent: EMBED, models: ['nomic-embed-text'] }] });
    const chat = await add();
    expect(await ids(`intent=${CHAT}`)).toEqual([chat.nodeId]);
    expect(await ids(`intent=${EMBED}`)).toEqual([embed.nodeId]);
  });

  it('not while available:false, nor after 90 s without a heartbeat; back with the next beat', async () => {
    const { add, ids, clock } = await mesh();
    const node = await add();
    await node.beat({ available: false });
    expect(await ids(`intent=${CHAT}`)).toEqual([]);
    await node.beat();
    expect(await ids(`intent=${CHAT}`)).toEqual([node.nodeId]);
    clock.advance(90_000);
    expect(await ids(`intent=${CHAT}`)).toEqual([node.nodeId]);
    clock.advance(1);
    expect(await ids(`intent=${CHAT}`)).toEqual([]);
    await node.beat();
    expect(await ids(`intent=${CHAT}`)).toEqual([node.nodeId]);
  });

  it('a dial-back-demoted node only with a routable exposure_mode (relay tier), or with include_internal=true', async () => {
    const { add, ids, discover, dir } = await mesh();
    const bare = await add();
    const tunnelled = await add({ exposure_mode: 'tunnel_required' });
    for (const n of [bare, tunnelled]) dir.state.nodes[n.nodeId]!.publicReachable = false;
    expect(await ids(`intent=${CHAT}`)).toEqual([tunnelled.nodeId]);
    expect(dig(await discover(`intent=${CHAT}`).then((r) => r.json), 'nodes.0.reachability_tier')).toBe('relay');
    expect(await ids(`intent=${CHAT}&include_internal=true`)).toEqual([bare.nodeId, tunnelled.nodeId]);
  });

  it('not while health_models is [] (no model loaded) or the backend is draining', async () => {
    const { add, ids } = await mesh();
    const node = await add();
    await node.beat({ health_models: [] });
    expect(await ids(`intent=${CHAT}`)).toEqual([]);
    await node.beat({
      health_models: null,
      backend_stability: { backend_state: 'draining', reason_class: 'backend_loading' },
    });
    expect(await ids(`intent=${CHAT}`)).toEqual([]);
    await node.beat({ backend_stability: { backend_state: 'degraded', reason_class: 'backend_cold' } });
    expect(await ids(`intent=${CHAT}`)).toEqual([node.nodeId]);
  });

  it('?model= matches the live health_models when reported, else the registered models', async () => {
    const { add, ids, discover } = await mesh();
    const node = await add({ capabilities: [{ intent: CHAT, models: ['qwen2.5:7b', 'llama3.1:8b'] }] });
    expect(await ids(`intent=${CHAT}&model=qwen2.5:7b`)).toEqual([node.nodeId]);
    expect(await ids(`intent=${CHAT}&model=mistral:7b`)).toEqual([]);
    await node.beat({ health_models: ['llama3.1:8b'] });
    expect(await ids(`intent=${CHAT}&model=qwen2.5:7b`)).toEqual([]);
    expect(await ids(`intent=${CHAT}&model=llama3.1:8b`)).toEqual([node.nodeId]);
    expect(dig(await discover(`intent=${CHAT}`).then((r) => r.json), 'nodes.0.models')).toEqual(['llama3.1:8b']);
  });

  it('?relay_capable=true keeps relay-capable nodes and the envelope says one is available', async () => {
    const { add, ids, discover } = await mesh();
    await add();
    const relay = await add({ relay_capable: true });
    expect(await ids(`intent=${CHAT}&relay_capable=true`)).toEqual([relay.nodeId]);
    expect((await ids(`intent=${CHAT}&relay_capable=false`)).length).toBe(2);
    expect(dig(await discover(`intent=${CHAT}&relay_capable=1`).then((r) => r.json), 'relay_available')).toBe(true);
  });

  it('lists a node at load 1.0 with every slot busy: production does not filter on load', async () => {
    const { add, discover } = await mesh();
    const busy = await add();
    await busy.beat({ load: 1, active_jobs: 4 });
    const r = await discover(`intent=${CHAT}`);
    expect(dig(r.json, 'nodes.0')).toMatchObject({ node_id: busy.nodeId, load: 1, active_jobs: 4, score: 0.445 });
  });
});

describe('GET /v1/discover: ranking (simplified, deterministic)', () => {
  it('ranks by score, keeps registration order on ties, and honours ?limit=', async () => {
    const { add, ids } = await mesh();
    const a = await add();
    const b = await add();
    const c = await add();
    await a.beat({ load: 0.5 });
    expect(await ids(`intent=${CHAT}`)).toEqual([b.nodeId, c.nodeId, a.nodeId]);
    expect(await ids(`intent=${CHAT}&limit=1`)).toEqual([b.nodeId]);
  });

  it('demotes a node without a CX key or with an old SDK (readiness multiplier)', async () => {
    const { add, ids, discover } = await mesh();
    const legacy = await add({ sdk_version: '0.7.1', cx_public_key: null });
    const ready = await add();
    expect(await ids(`intent=${CHAT}`)).toEqual([ready.nodeId, legacy.nodeId]);
    expect(dig(await discover(`intent=${CHAT}`).then((r) => r.json), 'nodes.1.score')).toBeCloseTo(0.905 * 0.85, 4);
  });
});
