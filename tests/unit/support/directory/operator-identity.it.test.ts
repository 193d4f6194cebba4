/** Operator identity at REGISTER and the operator wallet, against RegisterController / NodeRegistry / CreditService. */
import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dig, directory, fakeClock, LOOPBACK, receipt, register, registerBody } from './helpers';

interface Operator {
  pub: string;
  privateKey: KeyObject;
}

function operator(): Operator {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = (publicKey.export({ format: 'der', type: 'spki' }) as Buffer).subarray(-32);
  return { pub: raw.toString('base64'), privateKey };
}

/** As an SDK signs it: compact JSON in this key order, standard base64. */
function delegation(op: Operator, nodeId: string, notAfter: number, signedNodeId = nodeId) {
  const message = JSON.stringify({ node_id: signedNodeId, not_after: notAfter, operator_pub: op.pub });
  return {
    node_id: nodeId,
    operator_pub: op.pub,
    not_after: notAfter,
    sig: sign(null, Buffer.from(message), op.privateKey).toString('base64'),
  };
}

async function setup() {
  const clock = fakeClock();
  const d = await directory({ ...LOOPBACK, now: clock.now });
  const nowS = Math.floor(clock.now() / 1000);
  const reg = (nodeId: string, extra: Record<string, unknown> = {}) =>
    d.api('POST', '/v1/register', { body: registerBody('http://127.0.0.1:9', { node_id: nodeId, ...extra }) });
  return { ...d, clock, nowS, reg };
}

const fields = (json: unknown) => dig<Record<string, string[]>>(json, 'error.fields');

describe('operator fields at REGISTER (Laravel rules)', () => {
  it('answers 422 for a malformed delegation or identity field', async () => {
    const { reg } = await setup();
    const r = await reg(randomUUID(), {
      operator_delegation: { node_id: 5, operator_pub: 'x'.repeat(65), not_after: 'soon', sig: 'y'.repeat(129) },
      operator_display_name: 'bad\u0007name',
      operator_created_at: 'x'.repeat(41),
      operator_integrity_hash: 'ABC',
    });
    expect(r.status).toBe(422);
    expect(fields(r.json)).toEqual({
      operator_display_name: ['The operator display name field format is invalid.'],
      operator_created_at: ['The operator created at field must not be greater than 40 characters.'],
      operator_integrity_hash: [
        'The operator integrity hash field must be 64 characters.',
        'The operator integrity hash field format is invalid.',
      ],
      'operator_delegation.node_id': ['The operator delegation.node id field must be a string.'],
      'operator_delegation.operator_pub': [
        'The operator delegation.operator pub field must not be greater than 64 characters.',
      ],
      'operator_delegation.not_after': ['The operator delegation.not after field must be an integer.'],
      'operator_delegation.sig': ['The operator delegation.sig field must not be greater than 128 characters.'],
    });
    const missing = await reg(randomUUID(), { operator_delegation: { node_id: 'n', not_after: 0 } });
    expect(fields(missing.json)).toEqual({
      'operator_delegation.operator_pub': [
        'The operator delegation.operator pub field is required when operator delegation is present.',
      ],
      'operator_delegation.not_after': ['The operator delegation.not after field must be at least 1.'],
      'operator_delegation.sig': ['The operator delegation.sig field is required when operator delegation is present.'],
    });
    expect(fields((await reg(randomUUID(), { operator_delegation: 'yes' })).json)).toMatchObject({
      operator_delegation: ['The operator delegation field must be an array.'],
    });
    // An empty or null delegation is simply absent.
    expect((await reg(randomUUID(), { operator_delegation: {} })).status).toBe(201);
    expect((await reg(randomUUID(), { operator_delegation: null })).status).toBe(201);
  });
});

describe('delegation verification (OperatorDelegationVerifier)', () => {
  it('binds a verified operator: operator_verified, the operators row, what the REGISTER carried', async () => {
    const { reg, dir, api, nowS, clock } = await setup();
    const op = operator();
    const nodeId = randomUUID();
    const hash = createHash('sha256').update(`${op.pub}:2026-01-01T00:00:00Z`).digest('hex');
    const del = delegation(op, nodeId, nowS + 3600);
    const r = await reg(nodeId, {
      operator_delegation: del,
      operator_display_name: 'Alice',
      operator_created_at: '2026-01-01T00:00:00Z',
      operator_integrity_hash: hash,
    });
    expect(r.status).toBe(201);
    expect(dig((await api('GET', `/v1/node/${nodeId}`)).json, 'operator_verified')).toBe(true);
    expect(dir.state.registrations.at(-1)?.operator).toEqual({ delegation: del, verified: true, reason: 'ok' });
    expect(dir.operators.get(op.pub)).toEqual({
      operatorPubkey: op.pub,
      identityStatus: 'active',
      displayName: 'Alice',
      attestedCreatedAt: '2026-01-01T00:00:00Z',
      operatorIntegrityHash: hash,
      integrityMismatches: 0,
      firstSeenMs: clock.now(),
    });
    // A later REGISTER may rename, but the first integrity hash stays pinned.
    const again = await reg(nodeId, {
      operator_delegation: delegation(op, nodeId, nowS + 3600),
      operator_display_name: 'Alice B',
      operator_integrity_hash: 'f'.repeat(64),
    });
    expect(again.status).toBe(201);
    expect(dir.operators.get(op.pub)).toMatchObject({
      displayName: 'Alice B',
      operatorIntegrityHash: hash,
      integrityMismatches: 1,
    });
  });

  it.each([
    [
      'base64url key',
      (_op: Operator, id: string, t: number) => {
        // A key without + or / would be the same string unpadded, which PHP's strict decoder accepts.
        let op = operator();
        while (!/[+/]/.test(op.pub)) op = operator();
        return { ...delegation(op, id, t), operator_pub: Buffer.from(op.pub, 'base64').toString('base64url') };
      },
      'malformed',
    ],
    [
      'string not_after',
      (op: Operator, id: string, t: number) => ({ ...delegation(op, id, t), not_after: String(t) }),
      'malformed',
    ],
    ['expired', (op: Operator, id: string, t: number) => delegation(op, id, t - 3600), 'expired'],
    ['other node', (op: Operator, id: string, t: number) => delegation(op, `${id}x`, t), 'node_id_mismatch'],
    [
      'signature over other bytes',
      (op: Operator, id: string, t: number) => delegation(op, id, t, 'someone'),
      'bad_signature',
    ],
  ])('a %s leaves the node unverified; the REGISTER still succeeds', async (_name, make, reason) => {
    const { reg, dir, api, nowS } = await setup();
    const op = operator();
    const nodeId = randomUUID();
    expect(
      (await reg(nodeId, { operator_delegation: make(op, nodeId, nowS + 60), operator_display_name: 'Bob' })).status,
    ).toBe(201);
    expect(dig((await api('GET', `/v1/node/${nodeId}`)).json, 'operator_verified')).toBe(false);
    expect(dir.state.registrations.at(-1)?.operator).toMatchObject({ verified: false, reason });
    expect(Object.keys(dir.state.operators)).toEqual([]);
  });

  it('IICP-E051: a display name another active operator holds, compared after normalising; nothing is stored', async () => {
    const { reg, dir, nowS } = await setup();
    const alice = operator();
    const first = randomUUID();
    expect(
      (
        await reg(first, {
          operator_delegation: delegation(alice, first, nowS + 60),
          operator_display_name: 'Alice  Smith',
        })
      ).status,
    ).toBe(201);
    const mallory = operator();
    const second = randomUUID();
    const events = dir.events.list.length;
    const r = await reg(second, {
      operator_delegation: delegation(mallory, second, nowS + 60),
      operator_display_name: ' ALICE   smith ',
    });
    expect([r.status, r.json]).toEqual([
      422,
      {
        error: {
          code: 'validation_error',
          message: 'Input validation failed',
          fields: {
            operator_display_name: [
              'operator_display_name is already claimed by another verified operator (IICP-E051)',
            ],
          },
        },
      },
    ]);
    expect(dir.state.nodes[second]).toBeUndefined();
    expect(dir.operators.get(mallory.pub)).toBeUndefined();
    expect(dir.events.list).toHaveLength(events);
    expect(dir.state.registrations.at(-1)?.operator).toMatchObject({ verified: true, refused: 'IICP-E051' });
    // Once Alice's identity is revoked the name is free again.
    dir.operators.setStatus(alice.pub, 'revoked');
    expect(
      (
        await reg(second, {
          operator_delegation: delegation(mallory, second, nowS + 60),
          operator_display_name: 'Alice Smith',
        })
      ).status,
    ).toBe(201);
  });

  it('IICP-E063: a rotated or revoked operator cannot make new delegation claims; the re-registration is undone', async () => {
    const { reg, dir, nowS, api } = await setup();
    const op = operator();
    const nodeId = randomUUID();
    const ok = await reg(nodeId, { operator_delegation: delegation(op, nodeId, nowS + 60) });
    const token = dig<string>(ok.json, 'node_token');
    expect(dir.operators.setStatus(op.pub, 'rotated').identityStatus).toBe('rotated');
    const r = await reg(nodeId, { operator_delegation: delegation(op, nodeId, nowS + 60), region: 'us-east' });
    expect(r.status).toBe(422);
    expect(fields(r.json)).toEqual({
      operator_delegation: [
        'operator identity is rotated or revoked and cannot make new delegation claims (IICP-E063)',
      ],
    });
    expect(dir.state.nodes[nodeId]?.region).toBe('eu-central');
    expect((await api('POST', '/v1/heartbeat', { token, body: { node_id: nodeId } })).status).toBe(200);
  });
});

describe('operator_wallet in /v1/credits/summary (CreditService::operatorWalletSummary)', () => {
  it('is null for an unbound node and sums the operator nodes otherwise', async () => {
    const { reg, api, nowS, clock } = await setup();
    const op = operator();
    const a = randomUUID();
    const b = randomUUID();
    const ra = await reg(a, { operator_delegation: delegation(op, a, nowS + 60) });
    const rb = await reg(b, { operator_delegation: delegation(op, b, nowS + 60) });
    const loner = await register(api, registerBody('http://127.0.0.1:9'));
    const nodeA = { nodeId: a, hmacKey: dig<string>(ra.json, 'node_hmac_key') };
    const award = await api('POST', '/v1/credits/award', {
      token: dig<string>(ra.json, 'node_token'),
      body: { ...receipt(nodeA, { now: clock.now(), tokens: 1500, amount: 1.5 }) },
    });
    expect(award.status).toBe(200);
    const summary = async (id: string, token: string) =>
      (await api('GET', `/v1/credits/summary?node_id=${id}`, { token })).json;
    expect(dig(await summary(loner.nodeId, loner.token), 'operator_wallet')).toBeNull();
    const wallet = dig(await summary(b, dig<string>(rb.json, 'node_token')), 'operator_wallet');
    expect(wallet).toEqual({
      total_balance: 6.5,
      total_earned: 6.5,
      total_spent: 0,
      tx_count: 2,
      node_count: 2,
      reconciles: true,
      operator_fingerprint: createHash('sha256').update(op.pub).digest('hex').slice(0, 12),
    });
  });
});

describe('a bound consumer pays from its operator wallet (CreditService::debitForConsumer)', () => {
  it('debits the wallet nodes soonest-expiring first, logs CREDIT_SPEND, and refuses a short wallet', async () => {
    const { reg, api, dir, nowS, clock } = await setup();
    const op = operator();
    const a = randomUUID();
    const b = randomUUID();
    // Same source IP: only A gets the 5-credit grant, the consumer B starts at 0.
    const ra = await reg(a, { operator_delegation: delegation(op, a, nowS + 60) });
    const rb = await reg(b, { operator_delegation: delegation(op, b, nowS + 60) });
    const provider = await register(api, registerBody('http://127.0.0.1:9'));
    const tokenOf = {
      [a]: dig<string>(ra.json, 'node_token'),
      [b]: dig<string>(rb.json, 'node_token'),
      [provider.nodeId]: provider.token,
    };
    const award = (server: { nodeId: string; hmacKey: string }, o: Parameters<typeof receipt>[1]) => {
      const body = receipt(server, { now: clock.now(), ...o });
      return api('POST', '/v1/credits/award', { token: tokenOf[server.nodeId], body }).then((r) => ({
        body,
        json: r.json,
      }));
    };
    const debits = (id: string) => dir.state.transactions.filter((t) => t.node_id === id && t.type === 'debit');

    const first = await award(provider, { querying: b, tokens: 1500, amount: 1.5 });
    expect(first.json).toMatchObject({ spent: 1.5, spend_scope: 'operator_wallet', debit_count: 1 });
    expect(debits(a)).toMatchObject([
      {
        amountUnits: 15_000,
        task_id: first.body.task_id,
        reason: `task_spend:operator_wallet:consumer=${b.slice(0, 8)}`,
      },
    ]);
    expect(dir.state.events.at(-2)).toMatchObject({
      event_type: 'CREDIT_SPEND',
      node_id: b,
      payload: {
        task_id: first.body.task_id,
        amount: 1.5,
        serving_node: provider.nodeId,
        scope: 'operator_wallet',
        debit_count: 1,
      },
    });
    const quote = await api(
      'GET',
      `/v1/credits/quote?node_id=${b}&intent=urn:iicp:intent:llm:chat:v1&max_tokens=1000`,
      { token: tokenOf[b] },
    );
    expect(quote.json).toMatchObject({
      consumer_balance: 0,
      effective_balance: 3.5,
      balance_scope: 'operator_wallet',
      operator_wallet_balance: 3.5,
    });

    // B earns 1 later, so A's older credit goes first and B's own row says plain `task_spend`.
    clock.advance(60_000);
    await award({ nodeId: b, hmacKey: dig<string>(rb.json, 'node_hmac_key') }, { tokens: 1000, amount: 1 });
    const split = await award(provider, { querying: b, tokens: 4000, amount: 4 });
    expect(split.json).toMatchObject({ spent: 4, spend_scope: 'operator_wallet', debit_count: 2 });
    expect(debits(a).at(-1)).toMatchObject({ amountUnits: 35_000, task_id: split.body.task_id });
    expect(debits(b)).toMatchObject([{ amountUnits: 5_000, task_id: split.body.task_id, reason: 'task_spend' }]);

    const short = await award(provider, { querying: b, tokens: 1000, amount: 1 });
    expect(short.json).toMatchObject({
      awarded: 1,
      spent: 0,
      spend_scope: 'operator_wallet',
      debit_count: 0,
      spend_reason: 'insufficient_operator_wallet_balance',
    });
    expect(dir.state.events.at(-2)).toMatchObject({
      event_type: 'CREDIT_SPEND_INSUFFICIENT',
      payload: { task_id: short.body.task_id, amount: 1, serving_node: provider.nodeId, scope: 'operator_wallet' },
    });
    expect(Object.keys(dir.state.events.at(-2)!.payload)).not.toContain('debit_count');
  });
});
