/** The stand-in's signed event log, `GET /v1/events` and did.json, against EventsController / NodeEventLogger. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_ROOT } from '../../../support/directory';
import { checkChain, CLEAN, didKey, GENESIS_SECRET, readAll, readEvents } from './event-log-helpers';
import { call, dig, directory, fakeClock, LOOPBACK, receipt, register, registerBody } from './helpers';

async function setup(opts = {}) {
  const clock = fakeClock();
  const d = await directory({ ...LOOPBACK, now: clock.now, genesisEd25519SecretKey: GENESIS_SECRET, ...opts });
  const provider = await register(d.api, registerBody('http://127.0.0.1:9'));
  const award = (body: Record<string, unknown>, token = provider.token) =>
    d.api('POST', '/v1/credits/award', { token, body });
  return { ...d, clock, provider, award };
}

const types = (events: { event_type: string }[]): string[] => events.map((e) => e.event_type);

describe('what production logs, on one chain', () => {
  it('REGISTER and the grant, metrics, awards with a consumer debit, dormancy, reactivation, a lazy grant, DEREGISTER', async () => {
    const { dir, api, clock, provider, award } = await setup();
    const consumer = await register(api, registerBody('http://127.0.0.1:9', { region: 'us-east' }));
    const beat = (body: Record<string, unknown>) =>
      api('POST', '/v1/heartbeat', { token: provider.token, body: { node_id: provider.nodeId, ...body } });
    expect(
      (await beat({ metrics: { tasks_success: 3, tasks_failed: 1, avg_latency_ms: 250 }, metrics_batch_id: 'b-1' }))
        .status,
    ).toBe(200);
    // A replayed batch is not applied again, so it is not logged again.
    expect(
      (await beat({ metrics: { tasks_success: 3, tasks_failed: 1, avg_latency_ms: 250 }, metrics_batch_id: 'b-1' }))
        .status,
    ).toBe(200);
    const paid = receipt(provider, { now: clock.now(), tokens: 1200, amount: 1.2, querying: consumer.nodeId });
    expect((await award({ ...paid })).status).toBe(200);
    const plain = receipt(provider, { now: clock.now(), tokens: 6, amount: 0.006 });
    expect((await award({ ...plain })).status).toBe(200);
    clock.advance(91_000);
    expect((await beat({})).status).toBe(200);
    expect((await api('GET', `/v1/credits/balance?node_id=${consumer.nodeId}`, { token: consumer.token })).status).toBe(
      200,
    );
    expect(
      (await api('DELETE', '/v1/register', { token: provider.token, body: { node_id: provider.nodeId } })).status,
    ).toBe(200);

    const events = await readAll(dir);
    expect(types(events)).toEqual([
      'REGISTER',
      'CREDIT_ALLOCATION',
      'REGISTER',
      'REPUTATION_UPDATE',
      'CREDIT_SPEND_INSUFFICIENT',
      'CREDIT_AWARD',
      'CREDIT_AWARD',
      'EVICT',
      'EVICT',
      'REACTIVATE',
      'DEREGISTER',
    ]);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(checkChain(events, await didKey(dir))).toEqual(CLEAN);
    expect(events[0]!.prev_hash).toBe(GENESIS_ROOT);

    const [reg, grant] = events;
    expect(reg!.node_id).toBe(provider.nodeId);
    expect(reg!.payload).toMatchObject({
      endpoint: 'http://127.0.0.1:9',
      region: 'eu-central',
      cip_policy: { allow_remote_inference: false, allow_tool_execution: false, allow_file_access: false },
      cip_conformance_level: 'CIP-None',
      public_reachable: true,
      exposure_mode: null,
      pricing: { credit_cost_multiplier: 1, pricing_model: 'per_token', pricing_credits_per_1000: null },
      policy_manifest: null,
      supported_receipt_profiles: [],
    });
    expect(dig(reg!.payload, 'capabilities.0')).toEqual({
      intent: 'urn:iicp:intent:llm:chat:v1',
      version: null,
      phase: null,
      variant_id: null,
      models: ['llama3.1:8b'],
      max_tokens: 8192,
      input_modalities: ['text'],
      output_modalities: null,
      features: null,
      execution_capabilities: null,
      limits: null,
      supported_profiles: [],
      claim_provenance: null,
      extensions: null,
    });
    expect(grant!.payload).toEqual({ amount: 5, reason: 'free_allocation_on_register', period_h: 6 });
    // The consumer registered from the same IP inside 6 h: no grant at REGISTER, none at the balance read either.
    expect(events[3]!.payload).toEqual({
      source: 'heartbeat_metrics',
      tasks_success: 3,
      tasks_failed: 1,
      avg_latency_ms: 250,
      reputation_score: expect.any(Number),
      reputation_model: 'outcome-v2',
      metrics_batch_id: 'b-1',
    });
    expect(events[4]!).toMatchObject({
      node_id: consumer.nodeId,
      payload: { task_id: paid.task_id, amount: 1.2, serving_node: provider.nodeId, scope: 'node' },
    });
    expect(events[5]!.node_id).toBe(provider.nodeId);
    expect(events[5]!.payload).toEqual({
      task_id: paid.task_id,
      tokens_used: 1200,
      amount: 1.2,
      new_balance: 6.2,
      response_hash: paid.response_hash,
      cip_parent_task_id: null,
      cip_session_key: null,
      querying_node_id: consumer.nodeId,
      attribution: 'attributed_cross_node_unverified_operator',
      trust_weight: 0.5,
      spent: 0,
    });
    expect(dig(events[6]!.payload, 'amount')).toBe(0.006);
    expect(events[9]!.payload).toEqual({ dormant_since_ms: expect.any(Number), dormancy_duration_seconds: 0 });
    expect(events[10]!.payload).toEqual({ endpoint: 'http://127.0.0.1:9', region: 'eu-central' });
  });

  it('logs CREDIT_SPEND when the consumer can pay, and the lazy grant at a balance read', async () => {
    const { api, dir, clock, provider, award } = await setup();
    const consumer = await register(api, registerBody('http://127.0.0.1:9', { region: 'us-east' }));
    clock.advance(6 * 3_600_000);
    expect(
      dig(
        (await api('GET', `/v1/credits/balance?node_id=${consumer.nodeId}`, { token: consumer.token })).json,
        'balance',
      ),
    ).toBe(5);
    expect(
      (await award({ ...receipt(provider, { now: clock.now(), tokens: 1000, amount: 1, querying: consumer.nodeId }) }))
        .status,
    ).toBe(200);
    const events = await readAll(dir);
    expect(types(events).slice(-3)).toEqual(['CREDIT_ALLOCATION', 'CREDIT_SPEND', 'CREDIT_AWARD']);
    expect(events[events.length - 3]!.payload).toEqual({ amount: 5, reason: 'free_allocation', period_h: 6 });
    expect(dig(events[events.length - 2]!.payload, 'debit_count')).toBe(1);
    expect(dig(events[events.length - 1]!.payload, 'spent')).toBe(1);
  });

  it('without a genesis key: unsigned rows, each linking to the genesis root; did.json is a 404', async () => {
    const { dir } = await directory(LOOPBACK);
    await register((m, r, o) => call(`${dir.url}${r}`, m, o), registerBody('http://127.0.0.1:9'));
    const { page } = await readEvents(dir);
    expect(page.events.map((e) => [e.sig, e.prev_hash])).toEqual([
      [null, GENESIS_ROOT],
      [null, GENESIS_ROOT],
    ]);
    expect((await call(`http://127.0.0.1:${dir.port}/.well-known/did.json`, 'GET')).status).toBe(404);
  });
});

describe('GET /v1/events (EventsController)', () => {
  it('pages with an exclusive since_seq, a default limit of 100 and has_more = (count == limit)', async () => {
    const { dir } = await setup();
    dir.events.appendAwards(150);
    const first = await readEvents(dir);
    expect(first.page.count).toBe(100);
    expect(first.page.has_more).toBe(true);
    expect(first.page.next_seq).toBe(100);
    const rest = await readEvents(dir, '?since_seq=100&limit=60');
    expect(rest.page.events.map((e) => e.seq)).toEqual(Array.from({ length: 52 }, (_, i) => 101 + i));
    expect(rest.page.has_more).toBe(false);
    const empty = await readEvents(dir, '?since_seq=500');
    expect(empty.page).toMatchObject({ events: [], count: 0, next_seq: 500, has_more: false });
    const exact = await readEvents(dir, '?since_seq=142&limit=10');
    expect(exact.page.has_more).toBe(true);
  });

  it('filters event_types; CREDIT_ALLOCATION and CREDIT_SPEND are logged but not filterable', async () => {
    const { dir } = await setup();
    dir.events.appendAwards(3);
    const awards = await readEvents(dir, '?event_types=CREDIT_AWARD');
    expect(types(awards.page.events)).toEqual(['CREDIT_AWARD', 'CREDIT_AWARD', 'CREDIT_AWARD']);
    const mixed = await readEvents(dir, '?event_types=%20REGISTER%20,CREDIT_ALLOCATION,nonsense,,');
    expect(types(mixed.page.events)).toEqual(['REGISTER']);
    const none = await call(`${dir.url}/v1/events?event_types=CREDIT_ALLOCATION,CREDIT_SPEND`, 'GET');
    expect([none.status, none.text]).toEqual([422, '{"error":"No valid event_types specified"}']);
    expect((await readEvents(dir, '?event_types=')).page.count).toBe(5);
  });

  it('answers Laravel 422s for a bad since_seq or limit', async () => {
    const { dir } = await setup();
    const bad = async (q: string) => (await call(`${dir.url}/v1/events${q}`, 'GET')).json;
    expect(await bad('?since_seq=-1')).toEqual({
      error: {
        code: 'validation_error',
        message: 'Input validation failed',
        fields: { since_seq: ['The since seq field must be at least 0.'] },
      },
    });
    expect(dig(await bad('?limit=1001'), 'error.fields')).toEqual({
      limit: ['The limit field must not be greater than 1000.'],
    });
    expect(dig(await bad('?limit=0'), 'error.fields')).toEqual({ limit: ['The limit field must be at least 1.'] });
    expect(dig(await bad('?limit=abc&since_seq=1.5'), 'error.fields')).toEqual({
      since_seq: ['The since seq field must be an integer.'],
      limit: ['The limit field must be an integer.'],
    });
  });

  it('sends json_encode bytes (escaped slashes, \\u escapes), signer_did, genesis_hash and replica_lag_ms', async () => {
    const { dir, clock } = await setup();
    dir.events.append({ type: 'OPERATOR_OBSERVED', nodeId: 'n', payload: { note: 'é/✓' } });
    clock.advance(2500);
    const { page, text } = await readEvents(dir);
    expect(text).toContain('"endpoint":"http:\\/\\/127.0.0.1:9"');
    expect(text).toContain('"note":"\\u00e9\\/\\u2713"');
    expect(page.events[0]!.signer_did).toBe('did:web:127.0.0.1');
    expect(Object.keys(page.events[0]!)).toEqual([
      'event_id',
      'event_type',
      'service_id',
      'seq',
      'ts_ms',
      'node_id',
      'payload',
      'prev_hash',
      'sig',
      'signer_did',
    ]);
    const firstPayload = JSON.stringify(dir.events.list[0]!.payload);
    expect(page.genesis_hash).toBe(createHash('sha256').update(firstPayload).digest('hex'));
    expect(page.replica_lag_ms).toBe(2500);
  });

  it('serves did.json at the origin only, with the key /v1/directory-key publishes', async () => {
    const { dir } = await setup();
    const did = await call(`http://127.0.0.1:${dir.port}/.well-known/did.json`, 'GET');
    expect(did.json).toEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
      id: 'did:web:127.0.0.1',
      verificationMethod: [
        {
          id: 'did:web:127.0.0.1#genesis',
          type: 'JsonWebKey2020',
          controller: 'did:web:127.0.0.1',
          publicKeyJwk: {
            kty: 'OKP',
            crv: 'Ed25519',
            x: Buffer.from(GENESIS_SECRET.slice(64), 'hex').toString('base64url'),
          },
        },
      ],
      assertionMethod: ['did:web:127.0.0.1#genesis'],
    });
    expect(did.text).toContain('"https:\\/\\/www.w3.org\\/ns\\/did\\/v1"');
    expect((await call(`${dir.url}/.well-known/did.json`, 'GET')).status).toBe(404);
    expect(dig((await call(`${dir.url}/v1/directory-key`, 'GET')).json, 'public_key')).toBe(GENESIS_SECRET.slice(64));
  });

  it('fills many signed awards at once and serves a deep page as a chained, signed slice', async () => {
    // 20 000 here keeps the suite quick; tests/bench/verify-earnings.bench.mjs fills and verifies 100 000.
    const { dir } = await setup();
    const filled = dir.events.appendAwards(20_000, { nodeId: 'mine', ownEvery: 1000 });
    expect(filled).toMatchObject({ firstSeq: 3, lastSeq: 20_002 });
    expect(filled.own).toHaveLength(20);
    const deep = await readEvents(dir, '?since_seq=19000&limit=1000&event_types=CREDIT_AWARD');
    expect(deep.page.events[0]!.seq).toBe(19_001);
    const key = await didKey(dir);
    expect(checkChain(deep.page.events, key)).toEqual(CLEAN);
    const own = deep.page.events.filter((e) => e.node_id === 'mine');
    const expected = filled.own.filter((o) => o.seq > 19_000 && o.seq <= 20_000);
    expect(own.map((e) => dig(e.payload, 'task_id'))).toEqual(expected.map((o) => o.taskId));
  }, 60_000);
});
