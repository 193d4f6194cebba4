import { describe, expect, it } from 'vitest';
import { dig, directory, fakeClock, healthServer, hmacHex, LOOPBACK, register, registerBody } from './helpers';

const CX_A = { algorithm: 'X25519', encoding: 'base64url', key: 'A'.repeat(43), key_id: 'cx-aaaaaaaaaaaaaaaa' };
const CX_B = { algorithm: 'X25519', encoding: 'base64url', key: 'B'.repeat(43), key_id: 'cx-bbbbbbbbbbbbbbbb' };

describe('REGISTER validation (PHP RegisterController rules)', () => {
  it('answers 422 validation_error with per-field messages', async () => {
    const { api } = await directory(LOOPBACK);
    const r = await api('POST', '/v1/register', {
      body: {
        endpoint: 'http://127.0.0.1:1',
        region: '1bad region',
        node_id: '-starts-with-dash',
        capabilities: [
          { intent: 'urn:iicp:intent:llm:chat', models: ['m', 'm'], max_tokens: 0, input_modalities: ['smell'] },
        ],
        limits: { max_concurrent: 257 },
        transport_method: 'webrtc_datachannel',
        nat_type: 'carrier',
        exposure_mode: 'public',
        backend: 'koboldcpp',
        sdk_language: 'TypeScript',
      },
    });
    expect(r.status).toBe(422);
    expect(dig(r.json, 'error.code')).toBe('validation_error');
    expect(dig(r.json, 'error.message')).toBe('Input validation failed');
    const fields = dig<Record<string, string[]>>(r.json, 'error.fields');
    expect(Object.keys(fields).sort()).toEqual(
      [
        'backend',
        'capabilities.0.input_modalities.0',
        'capabilities.0.intent',
        'capabilities.0.max_tokens',
        'capabilities.0.models.0',
        'capabilities.0.models.1',
        'exposure_mode',
        'limits.max_concurrent',
        'limits.tokens_per_min',
        'nat_type',
        'node_id',
        'region',
        'sdk_language',
        'transport_method',
      ].sort(),
    );
    // Keys are Laravel's dotted paths, messages embed the attribute like Laravel does.
    expect(fields['limits.tokens_per_min']).toEqual(['The limits.tokens per min field is required.']);
    expect(fields['capabilities.0.intent']).toEqual(['The capabilities.0.intent field format is invalid.']);
  });

  it('accepts the eight exposure modes and the six PHP transport methods', async () => {
    const { api } = await directory(LOOPBACK);
    for (const exposure_mode of [
      'outbound_only',
      'ipv4_public_direct',
      'ipv4_cgnat_blocked',
      'ipv6_direct_firewall_required',
      'ipv6_direct_pinhole_available',
      'relay_required',
      'tunnel_required',
      'dual_stack_available',
    ]) {
      const r = await api('POST', '/v1/register', { body: registerBody('http://127.0.0.1:9', { exposure_mode }) });
      expect(r.status, exposure_mode).toBe(201);
    }
    for (const transport_method of [
      'direct',
      'upnp_mapped',
      'stun_hole_punch',
      'turn_relay',
      'external_tunnel',
      'unknown',
    ]) {
      const r = await api('POST', '/v1/register', { body: registerBody('http://127.0.0.1:9', { transport_method }) });
      expect(r.status, transport_method).toBe(201);
    }
  });

  it('rejects exact duplicate capabilities and unequal SDK versions, one PHP post-check at a time', async () => {
    const { api } = await directory(LOOPBACK);
    const cap = { intent: 'urn:iicp:intent:llm:chat:v1', models: ['a'], max_tokens: 10 };
    const dup = await api('POST', '/v1/register', {
      body: registerBody('http://127.0.0.1:9', { capabilities: [cap, { ...cap }] }),
    });
    expect(dup.status).toBe(422);
    expect(dig(dup.json, 'error.fields')).toEqual({
      'capabilities.1': ['Exact duplicate capability variants are not allowed.'],
    });
    const sdk = await api('POST', '/v1/register', {
      body: registerBody('http://127.0.0.1:9', { sdk_version: '0.7.106', sdk_compatibility_version: '0.7.105' }),
    });
    expect(dig(sdk.json, 'error.fields')).toEqual({
      sdk_compatibility_version: ['Must match sdk_version when both fields are supplied.'],
    });
  });

  it('validates cx_public_key as an object with the required members', async () => {
    const { api } = await directory(LOOPBACK);
    const r = await api('POST', '/v1/register', {
      body: registerBody('http://127.0.0.1:9', {
        cx_public_key: { algorithm: 'RSA', encoding: 'base64url', key: 'x' },
      }),
    });
    expect(Object.keys(dig<object>(r.json, 'error.fields')).sort()).toEqual([
      'cx_public_key.algorithm',
      'cx_public_key.key_id',
    ]);
  });

  it('answers malformed JSON like Laravel (no input → required-field errors), never a crash', async () => {
    const { api } = await directory(LOOPBACK);
    const r = await api('POST', '/v1/register', { raw: '{"endpoint": "http://x' });
    expect(r.status).toBe(422);
    expect(dig(r.json, 'error.fields.endpoint')).toEqual(['The endpoint field is required.']);
  });
});

describe('REGISTER limits (models per capability, region)', () => {
  const chat = 'urn:iicp:intent:llm:chat:v1';
  const models = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `model-${from + i}:7b`);

  it('refuses more than 64 models in one capability object', async () => {
    const { api } = await directory(LOOPBACK);
    const r = await api('POST', '/v1/register', {
      body: registerBody('http://127.0.0.1:9', { capabilities: [{ intent: chat, models: models(65) }] }),
    });
    expect(r.status).toBe(422);
    expect(dig(r.json, 'error.fields')).toEqual({
      'capabilities.0.models': ['The capabilities.0.models field must not have more than 64 items.'],
    });
    expect(
      (
        await api('POST', '/v1/register', {
          body: registerBody('http://127.0.0.1:9', { capabilities: [{ intent: chat, models: models(64) }] }),
        })
      ).status,
    ).toBe(201);
  });

  it('accepts 70 models split into two capability objects of the same intent (only exact duplicates are refused)', async () => {
    const { api } = await directory(LOOPBACK);
    const split = [
      { intent: chat, models: models(64), max_tokens: 8192, input_modalities: ['text'] },
      { intent: chat, models: models(6, 64), max_tokens: 8192, input_modalities: ['text'] },
    ];
    const node = await register(api, registerBody('http://127.0.0.1:9', { capabilities: split }));
    const held = await api('GET', `/v1/registry/nodes/${node.nodeId}`);
    expect(dig<string[]>(held.json, 'models')).toHaveLength(70);
    expect(dig(held.json, 'intents')).toEqual([chat]);
  });

  it('treats the same capability with its keys in another order as an exact duplicate', async () => {
    const { api } = await directory(LOOPBACK);
    const r = await api('POST', '/v1/register', {
      body: registerBody('http://127.0.0.1:9', {
        capabilities: [
          { intent: chat, models: ['a'], max_tokens: 10 },
          { max_tokens: 10, models: ['a'], intent: chat },
        ],
      }),
    });
    expect(dig(r.json, 'error.fields')).toEqual({
      'capabilities.1': ['Exact duplicate capability variants are not allowed.'],
    });
    // Keys without a validation rule are not part of Laravel's validated data, so they cannot tell two objects apart.
    const unknownKeys = await api('POST', '/v1/register', {
      body: registerBody('http://127.0.0.1:9', {
        capabilities: [
          { intent: chat, models: ['a'], note: 1 },
          { intent: chat, models: ['a'], note: 2 },
        ],
      }),
    });
    expect(dig(unknownKeys.json, 'error.fields')).toEqual({
      'capabilities.1': ['Exact duplicate capability variants are not allowed.'],
    });
    const otherWindow = await api('POST', '/v1/register', {
      body: registerBody('http://127.0.0.1:9', {
        capabilities: [
          { intent: chat, models: ['a'], max_tokens: 10 },
          { intent: chat, models: ['a'], max_tokens: 20 },
        ],
      }),
    });
    expect(otherWindow.status).toBe(201);
  });

  it('refuses model names over 255 characters', async () => {
    const { api } = await directory(LOOPBACK);
    const cap = (name: string) =>
      registerBody('http://127.0.0.1:9', { capabilities: [{ intent: chat, models: [name] }] });
    const r = await api('POST', '/v1/register', { body: cap('m'.repeat(256)) });
    expect(dig(r.json, 'error.fields')).toEqual({
      'capabilities.0.models.0': ['The capabilities.0.models.0 field must not be greater than 255 characters.'],
    });
    expect((await api('POST', '/v1/register', { body: cap('m'.repeat(255)) })).status).toBe(201);
  });

  it.each([
    ['eu-central', 201],
    ['us_east-1', 201],
    ['1-eu', 422],
    ['-eu', 422],
    ['eu central', 422],
  ])('region %j → %i (must start with a letter)', async (region, status) => {
    const { api } = await directory(LOOPBACK);
    const r = await api('POST', '/v1/register', { body: registerBody('http://127.0.0.1:9', { region }) });
    expect(r.status).toBe(status);
    if (status === 422)
      expect(dig(r.json, 'error.fields')).toEqual({ region: ['The region field format is invalid.'] });
  });
});

describe('IICP-E035 routability', () => {
  it('rejects RFC1918, loopback, reserved suffixes and bare hosts when the production rule is on', async () => {
    const { api } = await directory({ livenessProbe: false });
    const notRoutable = 'is not routable from external clients. Use a public DNS name or a routable IP.';
    const cases: [string, string | RegExp][] = [
      ['http://10.1.2.3:9484', "IICP-E035: endpoint host '10.1.2.3' is in an RFC1918 private range."],
      ['http://127.0.0.1:9484', "IICP-E035: endpoint host '127.0.0.1' is in 127.0.0.0/8 loopback range."],
      ['http://localhost:9484', `IICP-E035: endpoint host 'localhost' ${notRoutable}`],
      ['http://[::1]:9484', `IICP-E035: endpoint host '::1' ${notRoutable}`],
      ['http://[fd00::1]:9484', "IICP-E035: endpoint host 'fd00::1' is in IPv6 unique-local fc00::/7 range."],
      ['http://node.example', "IICP-E035: endpoint host 'node.example' uses reserved suffix '.example'."],
      ['https://printer.local', "IICP-E035: endpoint host 'printer.local' uses reserved suffix '.local'."],
      ['http://100.64.1.1', /^IICP-E035: endpoint host '100\.64\.1\.1' is in 100\.64\.0\.0\/10 CGNAT range/],
      ['http://provider:9484', /^IICP-E035: endpoint host 'provider' has no domain part/],
    ];
    for (const [endpoint, message] of cases) {
      const r = await api('POST', '/v1/register', { body: registerBody(endpoint) });
      expect(r.status, endpoint).toBe(422);
      const messages = dig<string[]>(r.json, 'error.fields.endpoint');
      expect(messages, endpoint).toHaveLength(1);
      if (typeof message === 'string') expect(messages[0], endpoint).toBe(message);
      else expect(messages[0], endpoint).toMatch(message);
    }
  });

  it('accepts a public host name, and loopback once the rule is switched off', async () => {
    const prod = await directory({ livenessProbe: false });
    expect((await prod.api('POST', '/v1/register', { body: registerBody('https://node.example.com') })).status).toBe(
      201,
    );
    const local = await directory(LOOPBACK);
    expect((await local.api('POST', '/v1/register', { body: registerBody('http://127.0.0.1:9484') })).status).toBe(201);
  });

  it('only checks scheme and syntax for a NATted declaration (concrete nat_type + non-direct method)', async () => {
    const { api } = await directory({ livenessProbe: false });
    const natted = registerBody('http://10.0.0.7:9484', { nat_type: 'full_cone', transport_method: 'upnp_mapped' });
    expect((await api('POST', '/v1/register', { body: natted })).status).toBe(201);
    const unknownNat = registerBody('http://10.0.0.7:9484', { nat_type: 'unknown', transport_method: 'upnp_mapped' });
    expect((await api('POST', '/v1/register', { body: unknownNat })).status).toBe(422);
  });
});

describe('IICP-E036 liveness probe', () => {
  it('rejects the registration when /iicp/health answers 503', async () => {
    const health = await healthServer(503);
    const { api, dir } = await directory({ routabilityCheck: false });
    const r = await api('POST', '/v1/register', { body: registerBody(health.endpoint) });
    expect(r.status).toBe(422);
    expect(dig(r.json, 'error.fields.endpoint')).toEqual([
      'IICP-E036: endpoint unreachable from directory (HTTP 503). Verify port-forwarding / public_endpoint.',
    ]);
    expect(health.hits()).toBe(1);
    expect(dir.state.probes).toMatchObject([{ url: `${health.endpoint}/iicp/health`, ok: false, status: 503 }]);
    expect(dir.state.nodes).toEqual({});
  });

  it('issues credentials once /iicp/health answers 200', async () => {
    const health = await healthServer(200);
    const { api } = await directory({ routabilityCheck: false });
    const r = await api('POST', '/v1/register', { body: registerBody(health.endpoint) });
    expect(r.status).toBe(201);
    expect(health.hits()).toBe(1);
  });

  it('reports a connection failure as "cannot reach"', async () => {
    const health = await healthServer(200);
    await health.close();
    const { api } = await directory({ routabilityCheck: false });
    const r = await api('POST', '/v1/register', { body: registerBody(health.endpoint) });
    expect(dig(r.json, 'error.fields.endpoint')).toEqual([
      `IICP-E036: endpoint unreachable from directory (cannot reach ${health.endpoint}). Verify port-forwarding / public_endpoint.`,
    ]);
  });

  it('skips the probe for a declared-reachable node (concrete nat_type + any transport_method)', async () => {
    const health = await healthServer(503);
    const { api } = await directory({ routabilityCheck: false });
    const body = registerBody(health.endpoint, { nat_type: 'full_cone', transport_method: 'direct' });
    expect((await api('POST', '/v1/register', { body })).status).toBe(201);
    expect(health.hits()).toBe(0);
  });
});

describe('credentials and token rotation', () => {
  it('returns the PHP 201 shape', async () => {
    const { api, dir } = await directory(LOOPBACK);
    const r = await api('POST', '/v1/register', { body: registerBody('http://127.0.0.1:9') });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      node_token: expect.stringMatching(/^[A-Za-z0-9]{40}$/),
      proxy_token: expect.stringMatching(/^[A-Za-z0-9]{40}$/),
      node_hmac_key: expect.stringMatching(/^[0-9a-f]{64}$/),
      expires_at: null,
      jwt_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      jwt_expires_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
      directory: dir.url.replace(/\/api$/, ''),
      observed_source_ip: '127.0.0.1',
      recovered: false,
      lifetime_jobs: 0,
    });
    expect(dig<string>(r.json, 'node_id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('adopts a supplied node_hmac_key and keeps the supplied node_id', async () => {
    const { api } = await directory(LOOPBACK);
    const node = await register(
      api,
      registerBody('http://127.0.0.1:9', { node_id: 'my-node.1', node_hmac_key: 'operator-key' }),
    );
    expect(node.nodeId).toBe('my-node.1');
    expect(node.hmacKey).toBe('operator-key');
  });

  it('mints a new token on every registration and invalidates the previous one at once', async () => {
    const { api } = await directory(LOOPBACK);
    const first = await register(api, registerBody('http://127.0.0.1:9'));
    const second = await register(
      api,
      registerBody('http://127.0.0.1:9', { node_id: first.nodeId, current_node_token: first.token }),
    );
    expect(second.token).not.toBe(first.token);
    expect(second.response.recovered).toBe(true);
    const stale = await api('POST', '/v1/heartbeat', { token: first.token, body: { node_id: first.nodeId } });
    expect(stale.status).toBe(401);
    expect(stale.json).toEqual({ error: { code: 'unauthorized', message: 'Invalid credentials' } });
    const fresh = await api('POST', '/v1/heartbeat', { token: second.token, body: { node_id: first.nodeId } });
    expect(fresh.status).toBe(200);
  });

  it('rotates the HMAC key on re-registration unless the client resends it', async () => {
    const { api } = await directory(LOOPBACK);
    const first = await register(api, registerBody('http://127.0.0.1:9'));
    const rotated = await register(api, registerBody('http://127.0.0.1:9', { node_id: first.nodeId }));
    expect(rotated.hmacKey).not.toBe(first.hmacKey);
    const kept = await register(
      api,
      registerBody('http://127.0.0.1:9', { node_id: first.nodeId, node_hmac_key: rotated.hmacKey }),
    );
    expect(kept.hmacKey).toBe(rotated.hmacKey);
  });
});

describe('ownership proof (IICP-E049 / IICP-E050)', () => {
  it('E049: a changed cx_public_key needs the current token', async () => {
    const { api } = await directory(LOOPBACK);
    const node = await register(api, registerBody('http://127.0.0.1:9', { cx_public_key: CX_A }));
    const denied = await api('POST', '/v1/register', {
      body: registerBody('http://127.0.0.1:9', {
        node_id: node.nodeId,
        cx_public_key: CX_B,
        current_node_token: 'wrong',
      }),
    });
    expect(denied.status).toBe(403);
    expect(denied.json).toEqual({
      error: { code: 'IICP-E049', message: 'cx_public_key update requires valid current_node_token' },
    });
    const same = await api('POST', '/v1/register', {
      body: registerBody('http://127.0.0.1:9', { node_id: node.nodeId, cx_public_key: CX_A }),
    });
    expect(same.status).toBe(201);
    const allowed = await api('POST', '/v1/register', {
      body: registerBody('http://127.0.0.1:9', {
        node_id: node.nodeId,
        cx_public_key: CX_B,
        current_node_token: dig(same.json, 'node_token'),
      }),
    });
    expect(allowed.status).toBe(201);
  });

  it('E050: an endpoint change without the token is refused while the old endpoint is alive', async () => {
    const oldHost = await healthServer(200);
    const newHost = await healthServer(200);
    const { api, dir } = await directory({ routabilityCheck: false });
    const node = await register(api, registerBody(oldHost.endpoint));
    const move = (extra: Record<string, unknown>) =>
      api('POST', '/v1/register', { body: registerBody(newHost.endpoint, { node_id: node.nodeId, ...extra }) });

    const denied = await move({});
    expect(denied.status).toBe(403);
    expect(denied.json).toEqual({
      error: {
        code: 'IICP-E050',
        message:
          'routing-field change requires current_node_token ownership or the previous endpoint to be unreachable',
      },
    });
    expect(dir.state.probes.at(-1)).toMatchObject({ purpose: 'e050_old_endpoint', ok: true });
    expect(dir.state.nodes[node.nodeId]?.endpoint).toBe(oldHost.endpoint);

    const withToken = await move({ current_node_token: node.token });
    expect(withToken.status).toBe(201);
    expect(dir.state.nodes[node.nodeId]?.endpoint).toBe(newHost.endpoint);
  });

  it('E050: a token-less endpoint change is allowed once the old endpoint is dead', async () => {
    const oldHost = await healthServer(200);
    const newHost = await healthServer(200);
    const { api } = await directory({ routabilityCheck: false });
    const node = await register(api, registerBody(oldHost.endpoint));
    oldHost.setStatus(502);
    const r = await api('POST', '/v1/register', { body: registerBody(newHost.endpoint, { node_id: node.nodeId }) });
    expect(r.status).toBe(201);
  });
});

describe('registration pricing (signature, tier cap)', () => {
  const key = 'operator-hmac-key-0123456789';

  it('verifies declaration_signature with the key it is about to store (vectors computed here)', async () => {
    const { api } = await directory(LOOPBACK);
    const sig15 = hmacHex(key, '{"credit_cost_multiplier":1.5,"pricing_model":"per_token"}');
    const good = await register(
      api,
      registerBody('http://127.0.0.1:9', {
        node_hmac_key: key,
        pricing: { credit_cost_multiplier: 1.5, pricing_model: 'per_token', declaration_signature: sig15 },
      }),
    );
    const held = await api('GET', `/v1/registry/nodes/${good.nodeId}`);
    expect(held.json).toMatchObject({ credit_cost_multiplier: 1.5, pricing_model: 'per_token', attested: true });

    // PHP json_encode writes 2.0 as 2, so a signature over "2.0" must fail.
    const wholeOk = hmacHex(key, '{"credit_cost_multiplier":2,"pricing_model":"flat"}');
    const wholeBad = hmacHex(key, '{"credit_cost_multiplier":2.0,"pricing_model":"flat"}');
    const flat = (declaration_signature: string) =>
      registerBody('http://127.0.0.1:9', {
        node_hmac_key: key,
        pricing: { credit_cost_multiplier: 2.0, pricing_model: 'flat', declaration_signature },
      });
    expect((await api('POST', '/v1/register', { body: flat(wholeOk) })).status).toBe(201);
    const bad = await api('POST', '/v1/register', { body: flat(wholeBad) });
    expect(bad.status).toBe(422);
    expect(dig(bad.json, 'error.fields')).toEqual({
      'pricing.declaration_signature': ['Invalid declaration signature (IICP-E010)'],
    });
  });

  it('fails a signature made without sending node_hmac_key (the directory mints a different key)', async () => {
    const { api } = await directory(LOOPBACK);
    const sig = hmacHex(key, '{"credit_cost_multiplier":1,"pricing_model":"per_token"}');
    const r = await api('POST', '/v1/register', {
      body: registerBody('http://127.0.0.1:9', {
        pricing: { credit_cost_multiplier: 1, pricing_model: 'per_token', declaration_signature: sig },
      }),
    });
    expect(r.status).toBe(422);
  });

  it('clamps the stored multiplier to tier_weight × 3 even without declared pricing', async () => {
    const { api } = await directory(LOOPBACK);
    const small = await register(
      api,
      registerBody('http://127.0.0.1:9', {
        capabilities: [{ intent: 'urn:iicp:intent:llm:chat:v1', models: ['qwen2.5:0.5b'], max_tokens: 8192 }],
      }),
    );
    // PHP computes 0.05 × 3.0 in doubles too, so production reports 0.15000000000000002 as well.
    const smallHeld = await api('GET', `/v1/registry/nodes/${small.nodeId}`);
    expect(dig<number>(smallHeld.json, 'credit_cost_multiplier')).toBeCloseTo(0.15, 12);
    const big = await register(
      api,
      registerBody('http://127.0.0.1:9', {
        capabilities: [{ intent: 'urn:iicp:intent:llm:chat:v1', models: ['qwen2.5:7b'], max_tokens: 8192 }],
        pricing: { credit_cost_multiplier: 50, pricing_model: 'per_token' },
      }),
    );
    const held = await api('GET', `/v1/registry/nodes/${big.nodeId}`);
    expect(held.json).toMatchObject({ credit_cost_multiplier: 3, attested: false });
  });

  it('ignores pricing on re-registration (fresh registration only)', async () => {
    const { api } = await directory(LOOPBACK);
    const node = await register(api, registerBody('http://127.0.0.1:9'));
    const pricing = { credit_cost_multiplier: 0.5, pricing_model: 'flat' };
    await register(api, registerBody('http://127.0.0.1:9', { node_id: node.nodeId, pricing }));
    const held = await api('GET', `/v1/registry/nodes/${node.nodeId}`);
    expect(held.json).toMatchObject({ credit_cost_multiplier: 1, pricing_model: 'per_token' });
  });
});

describe('IICP-E034 registration rate limit', () => {
  it('answers the string form after N attempts per source IP per 60 s', async () => {
    const clock = fakeClock();
    const { api } = await directory({ ...LOOPBACK, rateLimitPerMinute: 3, now: clock.now });
    for (let i = 0; i < 3; i++)
      expect((await api('POST', '/v1/register', { body: registerBody('http://127.0.0.1:9') })).status).toBe(201);
    const limited = await api('POST', '/v1/register', { body: registerBody('http://127.0.0.1:9') });
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ error: 'IICP-E034', message: 'TooManyRegistrationAttempts', retry_after: 60 });

    const otherIp = await api('POST', '/v1/register', {
      body: registerBody('http://127.0.0.1:9'),
      headers: { 'cf-connecting-ip': '203.0.113.9' },
    });
    expect(otherIp.status).toBe(201);

    clock.advance(60_000);
    expect((await api('POST', '/v1/register', { body: registerBody('http://127.0.0.1:9') })).status).toBe(201);
  });

  it('counts rejected attempts too, and gives a slot back on DEREGISTER', async () => {
    const { api } = await directory({ ...LOOPBACK, rateLimitPerMinute: 2 });
    expect((await api('POST', '/v1/register', { body: {} })).status).toBe(422);
    const node = await register(api, registerBody('http://127.0.0.1:9'));
    expect((await api('POST', '/v1/register', { body: registerBody('http://127.0.0.1:9') })).status).toBe(429);
    const gone = await api('DELETE', '/v1/register', { token: node.token, body: { node_id: node.nodeId } });
    expect(gone.status).toBe(200);
    // 3 attempts counted, one given back: still over the limit of 2 until the window ends.
    expect((await api('POST', '/v1/register', { body: registerBody('http://127.0.0.1:9') })).status).toBe(429);
  });
});
