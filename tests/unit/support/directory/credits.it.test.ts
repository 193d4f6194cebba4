import { describe, expect, it } from 'vitest';
import { CREDIT_SCHEDULE } from '../../../support/directory';
import { dig, directory, fakeClock, LOOPBACK, receipt, register, registerBody, type Receipt } from './helpers';

async function setup(opts = {}) {
  const clock = fakeClock();
  const d = await directory({ ...LOOPBACK, now: clock.now, ...opts });
  const provider = await register(d.api, registerBody('http://127.0.0.1:9'));
  const award = (body: Receipt | Record<string, unknown>, token = provider.token) =>
    d.api('POST', '/v1/credits/award', { token, body });
  const make = (o: Parameters<typeof receipt>[1] = {}) => receipt(provider, { now: clock.now(), ...o });
  return { ...d, clock, provider, award, make };
}

const e027 = (message: string) => ({ error: { code: 'IICP-E027', message } });

describe('POST /v1/credits/award (checks in PHP order)', () => {
  it('accepts a correctly signed receipt and writes a ledger row', async () => {
    const { award, make, api, provider, dir } = await setup();
    const r = await award(make({ tokens: 1200, amount: 1.2 }));
    expect(r.status).toBe(200);
    // The 5.0 evaluation grant from REGISTER is already on the balance.
    expect(r.json).toEqual({
      node_id: provider.nodeId,
      awarded: 1.2,
      balance: 6.2,
      spent: 0,
      attribution: 'legacy_unattributed',
      trust_weight: 0,
    });
    expect(dir.state.awards).toMatchObject([{ status: 200, outcome: 'accepted' }]);
    const tx = await api('GET', `/v1/credits/transactions?node_id=${provider.nodeId}`, { token: provider.token });
    // CreditService::award writes no task id; the amount is the `decimal:4` string.
    expect(dig(tx.json, 'transactions.0')).toMatchObject({
      amount: '1.2000',
      type: 'credit',
      task_id: null,
      reason: 'task_completion',
    });
  });

  it('rejects a tampered signature, an expired receipt and an inflated amount with IICP-E027', async () => {
    const { award, make, dir } = await setup();
    const tampered = { ...make(), tokens_used: 99_000 };
    expect(await award(tampered).then((r) => [r.status, r.json])).toEqual([
      422,
      e027('CIPWorkerReceipt HMAC validation failed'),
    ]);
    const expired = make({ expiresInMs: -1000 });
    expect(await award(expired).then((r) => [r.status, r.json])).toEqual([422, e027('CIPWorkerReceipt expired')]);
    // ceil(1200/1000) × 1.0 × 1.1 + 0.0001 = 2.2001
    const inflated = make({ tokens: 1200, amount: 2.21 });
    expect(await award(inflated).then((r) => [r.status, r.json])).toEqual([
      422,
      e027('CIPWorkerReceipt amount exceeds authorized credit ceiling'),
    ]);
    expect((await award(make({ tokens: 1200, amount: 2.2 }))).status).toBe(200);
    expect(dir.state.awards.map((a) => a.outcome)).toEqual(['rejected', 'rejected', 'rejected', 'accepted']);
    expect(dir.state.awards.slice(0, 3).every((a) => a.code === 'IICP-E027')).toBe(true);
  });

  it('rejects a zero-token receipt (ceiling 0) and uses the node multiplier in the ceiling', async () => {
    const { award, make, api, clock } = await setup();
    expect((await award(make({ tokens: 0, amount: 0.001 }))).status).toBe(422);
    const small = await register(
      api,
      registerBody('http://127.0.0.1:9', {
        capabilities: [{ intent: 'urn:iicp:intent:llm:chat:v1', models: ['qwen2.5:0.5b'], max_tokens: 8192 }],
      }),
    );
    // Multiplier 0.15 → ceiling for 1000 tokens is 0.15 × 1.1 + 0.0001.
    const over = receipt(small, { now: clock.now(), tokens: 1000, amount: 0.2 });
    expect((await award(over, small.token)).status).toBe(422);
    const within = receipt(small, { now: clock.now(), tokens: 1000, amount: 0.15 });
    expect((await award(within, small.token)).status).toBe(200);
  });

  it('consumes a nonce once: a replay is IICP-E027', async () => {
    const { award, make } = await setup();
    const r = make();
    expect((await award(r)).status).toBe(200);
    expect(await award(r).then((x) => [x.status, x.json])).toEqual([
      422,
      e027('CIPWorkerReceipt nonce already used (replay rejected)'),
    ]);
  });

  it('does not burn the nonce of a receipt rejected before the nonce step', async () => {
    const { award, make } = await setup();
    const nonce = 'f'.repeat(32);
    expect((await award(make({ nonce, amount: 50 }))).status).toBe(422);
    expect((await award(make({ nonce }))).status).toBe(200);
  });

  it('handles querying_node_id: signed into the HMAC, unknown → E027, self → net-zero, other node → attributed', async () => {
    const { award, make, api, provider, dir } = await setup();
    expect(await award(make({ querying: 'ghost-node' })).then((r) => [r.status, r.json])).toEqual([
      422,
      e027('querying_node_id does not identify a registered node'),
    ]);

    const self = await award(make({ querying: provider.nodeId }));
    expect(self.status).toBe(200);
    expect(self.json).toEqual({
      node_id: provider.nodeId,
      awarded: 0,
      spent: 0,
      excluded: true,
      reason: 'self_query_excluded',
      attribution: 'self_node',
      trust_weight: 0,
    });
    expect(dir.state.awards.at(-1)?.outcome).toBe('excluded');

    const consumer = await register(api, registerBody('http://127.0.0.1:9', {}));
    const unsignedQuerying = { ...make(), querying_node_id: consumer.nodeId };
    expect((await award(unsignedQuerying)).status).toBe(422);

    const cross = await award(make({ querying: consumer.nodeId, tokens: 1000, amount: 1 }));
    expect(cross.status).toBe(200);
    expect(cross.json).toMatchObject({
      attribution: 'attributed_cross_node_unverified_operator',
      trust_weight: 0.5,
      spend_scope: 'node',
    });
  });

  it('enforces the hourly cap of 1000 credits per node per clock hour', async () => {
    const { award, make, clock, api } = await setup();
    const big = await register(
      api,
      registerBody('http://127.0.0.1:9', {
        capabilities: [{ intent: 'urn:iicp:intent:llm:chat:v1', models: ['llama3:70b'], max_tokens: 8192 }],
        pricing: { credit_cost_multiplier: 90, pricing_model: 'per_token' },
      }),
    );
    const bigAward = (amount: number) => award(receipt(big, { now: clock.now(), tokens: 10_000, amount }), big.token);
    expect((await bigAward(900)).status).toBe(200);
    expect(await bigAward(200).then((r) => r.json)).toEqual(
      e027('Credit award rate limit exceeded (max 1000 credits/hour per node)'),
    );
    clock.advance(30 * 60_000);
    expect((await bigAward(200)).status).toBe(200);
    expect((await award(make())).status).toBe(200);
  });

  it('checks the Bearer token before the body, and the body before the signature', async () => {
    const { award, make, dir } = await setup();
    expect((await award(make(), 'not-the-token')).status).toBe(401);
    const invalid = await award({ ...make(), nonce: 'short', signature: 'abc', response_hash: 'XYZ' });
    expect(invalid.status).toBe(422);
    expect(dig(invalid.json, 'error.code')).toBe('validation_error');
    expect(Object.keys(dig<object>(invalid.json, 'error.fields')).sort()).toEqual([
      'nonce',
      'response_hash',
      'signature',
    ]);
    expect(dir.state.awards.map((a) => a.code)).toEqual(['unauthorized', 'validation_error']);
  });
});

describe('GET /v1/credits/* and /v1/stats', () => {
  it('reads balance, summary and transactions with ?node_id= or X-Node-Id', async () => {
    const { api, provider, award, make } = await setup();
    await award(make({ tokens: 2000, amount: 2 }));
    const balance = await api('GET', `/v1/credits/balance?node_id=${provider.nodeId}`, { token: provider.token });
    expect(balance.json).toEqual({ node_id: provider.nodeId, balance: 7, unit: 'credit', tokens_per_credit: 1000 });
    const summary = await api('GET', '/v1/credits/summary', {
      token: provider.token,
      headers: { 'x-node-id': provider.nodeId },
    });
    expect(summary.json).toEqual({
      node_id: provider.nodeId,
      balance: 7,
      total_earned: 7,
      total_spent: 0,
      tx_count: 2,
      reconciles: true,
      unit: 'credit',
      tokens_per_credit: 1000,
      operator_wallet: null,
    });
    const tx = await api('GET', `/v1/credits/transactions?node_id=${provider.nodeId}`, { token: provider.token });
    expect(dig<unknown[]>(tx.json, 'transactions').map((t) => dig(t, 'reason'))).toEqual([
      'task_completion',
      'free_allocation',
    ]);
    expect(dig(tx.json, 'transactions.0')).toMatchObject({
      id: expect.any(Number),
      type: 'credit',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
    });
    expect((await api('GET', '/v1/credits/balance', { token: provider.token })).status).toBe(401);
  });

  it('grants the 5-credit evaluation allocation at most every 6 h per node and per source IP', async () => {
    const { api, provider } = await setup();
    const second = await register(api, registerBody('http://127.0.0.1:9'));
    const bal = async (n: { nodeId: string; token: string }) =>
      dig(
        await api('GET', `/v1/credits/balance?node_id=${n.nodeId}`, { token: n.token }).then((r) => r.json),
        'balance',
      );
    expect(await bal(provider)).toBe(5);
    // Same source IP inside 6 h: no second grant.
    expect(await bal(second)).toBe(0);
  });

  it('publishes the credit schedule verbatim', async () => {
    const { api } = await setup();
    const stats = await api('GET', '/v1/stats');
    expect(dig(stats.json, 'credit_schedule')).toEqual({
      formula: 'ceil(output_tokens / tokens_per_credit) × tier_weight × node_multiplier',
      tokens_per_credit: 1000,
      tier_weights: { sub_1b: 0.05, '7b': 1.0, '13b': 2.0, '30b': 6.5, '70b': 32.0, '100b_plus': 75.0 },
      evaluation_grant: { credits: 5, interval_seconds: 21600 },
      burn_rate_pct: 2.0,
    });
    expect(dig(stats.json, 'credit_schedule')).toEqual(CREDIT_SCHEDULE);
  });
});

describe('money as PHP DECIMAL(15,4), sent as decimal strings', () => {
  const transactions = async (api: Awaited<ReturnType<typeof setup>>['api'], n: { nodeId: string; token: string }) =>
    dig<Record<string, unknown>[]>(
      (await api('GET', `/v1/credits/transactions?node_id=${n.nodeId}`, { token: n.token })).json,
      'transactions',
    );

  it('lists amounts as 4-decimal strings; award rows have task_id null', async () => {
    const { api, award, make, provider } = await setup();
    expect((await award(make({ tokens: 6, amount: 0.006 }))).status).toBe(200);
    expect(await transactions(api, provider)).toEqual([
      expect.objectContaining({ amount: '0.0060', type: 'credit', task_id: null, reason: 'task_completion' }),
      expect.objectContaining({ amount: '5.0000', type: 'credit', task_id: null, reason: 'free_allocation' }),
    ]);
  });

  it('keeps the task id on the consumer debit row', async () => {
    const { api, award, make } = await setup();
    // Its own source address, so the consumer gets its own evaluation grant to spend.
    const consumerReg = await api('POST', '/v1/register', {
      body: registerBody('http://127.0.0.1:9'),
      headers: { 'cf-connecting-ip': '198.51.100.4' },
    });
    const consumer = {
      nodeId: dig<string>(consumerReg.json, 'node_id'),
      token: dig<string>(consumerReg.json, 'node_token'),
    };
    const r = make({ querying: consumer.nodeId, tokens: 1000, amount: 0.25 });
    expect((await award(r)).json).toMatchObject({ spent: 0.25, debit_count: 1 });
    expect((await transactions(api, consumer))[0]).toMatchObject({
      amount: '0.2500',
      type: 'debit',
      task_id: r.task_id,
      reason: 'task_spend',
    });
  });

  it('stores the amount rounded to 4 decimals half away from zero; the award echoes what was sent', async () => {
    const { api, award, make, provider } = await setup();
    const r = await award(make({ tokens: 2000, amount: 1.00005 }));
    expect(r.json).toMatchObject({ awarded: 1.00005, balance: 6.0001 });
    expect((await transactions(api, provider))[0]).toMatchObject({ amount: '1.0001' });
    const summary = await api('GET', `/v1/credits/summary?node_id=${provider.nodeId}`, { token: provider.token });
    expect(summary.json).toMatchObject({ balance: 6.0001, total_earned: 6.0001, total_spent: 0, reconciles: true });
  });

  it('sums without float drift: ten awards of 0.1 on top of the grant are exactly 6', async () => {
    const { api, award, make, provider } = await setup();
    for (let i = 0; i < 10; i++) expect((await award(make({ tokens: 100, amount: 0.1 }))).status).toBe(200);
    const balance = await api('GET', `/v1/credits/balance?node_id=${provider.nodeId}`, { token: provider.token });
    expect(dig(balance.json, 'balance')).toBe(6);
    const summary = await api('GET', `/v1/credits/summary?node_id=${provider.nodeId}`, { token: provider.token });
    expect(summary.json).toMatchObject({ balance: 6, total_earned: 6, total_spent: 0, tx_count: 11, reconciles: true });
  });
});

describe('GET /v1/credits/quote (CreditsController::quote)', () => {
  const CHAT = 'urn:iicp:intent:llm:chat:v1';

  it('needs a node token, then intent and a positive max_tokens', async () => {
    const { api, provider } = await setup();
    const quote = (qs: string, token: string | undefined = provider.token) =>
      api('GET', `/v1/credits/quote?node_id=${provider.nodeId}${qs}`, { token });
    expect((await quote(`&intent=${CHAT}&max_tokens=1000`, 'not-the-token')).status).toBe(401);
    const required = { error: { code: 'validation_error', message: 'intent and max_tokens are required' } };
    expect(await quote('').then((r) => [r.status, r.json])).toEqual([422, required]);
    expect(await quote(`&intent=${CHAT}`).then((r) => [r.status, r.json])).toEqual([422, required]);
    // PHP's `!"0"` is true: a zero is "missing"; "abc" casts to 0 and is not positive.
    expect((await quote(`&intent=${CHAT}&max_tokens=0`)).json).toEqual(required);
    expect((await quote(`&intent=${CHAT}&max_tokens=abc`)).json).toEqual({
      error: { code: 'validation_error', message: 'max_tokens must be a positive integer' },
    });
  });

  it('prices ceil(max_tokens/1000) blocks at the candidates multipliers and reports the caller balance', async () => {
    const { api, provider, clock, dir } = await setup();
    const big = await register(
      api,
      registerBody('http://127.0.0.1:9', {
        capabilities: [{ intent: CHAT, models: ['llama3:70b'], max_tokens: 8192 }],
        pricing: { credit_cost_multiplier: 3, pricing_model: 'per_token' },
      }),
    );
    const quote = async (qs: string, who: { nodeId: string; token: string } = provider) =>
      (await api('GET', `/v1/credits/quote?node_id=${who.nodeId}&intent=${CHAT}${qs}`, { token: who.token })).json;

    // Two candidates at 1.0 and 3.0, 1500 tokens = 2 blocks.
    expect(await quote('&max_tokens=1500')).toEqual({
      quote_id: expect.stringMatching(/^q_[A-Za-z0-9]{12}$/),
      estimated_credits: 4,
      min_credits: 2,
      max_credits: 6,
      price_per_1000_tokens: 2,
      nodes_quoted: 2,
      quote_expires_at: new Date(clock.now() + 60_000).toISOString().replace('Z', '000Z'),
      currency: 'iicp_credits',
      consumer_balance: 5,
      effective_balance: 5,
      balance_scope: 'node',
      operator_wallet_balance: null,
      balance_sufficient: true,
    });
    expect(await quote(`&max_tokens=1000&nodes=${big.nodeId},,ghost`)).toMatchObject({
      estimated_credits: 3,
      nodes_quoted: 1,
    });
    // No candidate: the base rate of 1 credit per block.
    expect(await quote('&max_tokens=2500&min_reputation=0.9')).toMatchObject({
      estimated_credits: 3,
      price_per_1000_tokens: 1,
      nodes_quoted: 0,
    });
    // Only `available` counts, and the caller's own balance (no grant from this IP) decides `balance_sufficient`.
    dir.state.nodes[provider.nodeId]!.available = false;
    expect(await quote('&max_tokens=1000', big)).toMatchObject({
      nodes_quoted: 1,
      estimated_credits: 3,
      consumer_balance: 0,
      balance_sufficient: false,
    });
  });
});
