/**
 * The two signatures a provider makes (price declaration, receipt), checked against vectors computed here independently
 * from the algorithm the production directory verifies: the message is written out by hand, not by the code under test.
 */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { declarationMessage, declarationSignature, phpJsonNumber, pricingBlock } from '@engine/pricing/declaration';
import { buildReceipt, canonicalJson, responseHash, withoutQueryingNode } from '@engine/pricing/receipt';
import { receiptAmount, registrationCeiling, tierFor } from '@engine/pricing/tier';

const KEY = 'f0e1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3b4a5968778695a4b3c2d1e0f';
const hmacHex = (key: string, msg: string) =>
  createHmac('sha256', Buffer.from(key, 'utf8')).update(msg, 'utf8').digest('hex');

describe('pricing declaration signature', () => {
  it.each([
    [1, 'per_token', '{"credit_cost_multiplier":1,"pricing_model":"per_token"}'],
    [1.5, 'per_token', '{"credit_cost_multiplier":1.5,"pricing_model":"per_token"}'],
    [0.15, 'per_token', '{"credit_cost_multiplier":0.15,"pricing_model":"per_token"}'],
    [2, 'per_request', '{"credit_cost_multiplier":2,"pricing_model":"per_request"}'],
    [0, 'flat', '{"credit_cost_multiplier":0,"pricing_model":"flat"}'],
    [1000, 'per_token', '{"credit_cost_multiplier":1000,"pricing_model":"per_token"}'],
    [0.001, 'per_token', '{"credit_cost_multiplier":0.001,"pricing_model":"per_token"}'],
  ] as const)('multiplier %s, %s → the PHP json_encode bytes and their HMAC', (m, model, message) => {
    expect(declarationMessage(m, model)).toBe(message);
    expect(declarationSignature(m, model, KEY)).toBe(hmacHex(KEY, message));
    expect(pricingBlock(m, model, KEY)).toEqual({
      credit_cost_multiplier: m,
      pricing_model: model,
      declaration_signature: hmacHex(KEY, message),
    });
  });

  it('keys with the HMAC key string as UTF-8, never hex-decoded', () => {
    const wrong = createHmac('sha256', Buffer.from(KEY, 'hex'))
      .update(declarationMessage(1, 'per_token'))
      .digest('hex');
    expect(declarationSignature(1, 'per_token', KEY)).not.toBe(wrong);
  });

  it('refuses multipliers whose bytes PHP would write differently (exponent forms)', () => {
    expect(() => phpJsonNumber(0.00001)).toThrow(RangeError);
    expect(() => phpJsonNumber(1e21)).toThrow(RangeError);
    expect(pricingBlock(1, 'per_token', null)).toEqual({ credit_cost_multiplier: 1, pricing_model: 'per_token' });
  });
});

describe('receipt signature', () => {
  const result = {
    choices: [{ message: { role: 'assistant', content: 'Hi "there"\n' }, index: 0 }],
    usage: { total_tokens: 15, prompt_tokens: 5 },
    model: 'qwen2.5:7b',
  };
  // Sorted keys at every level, no whitespace, standard escaping — written out by hand.
  const canonical =
    '{"choices":[{"index":0,"message":{"content":"Hi \\"there\\"\\n","role":"assistant"}}],"model":"qwen2.5:7b","usage":{"prompt_tokens":5,"total_tokens":15}}';

  it('hashes the canonical JSON of the result', () => {
    expect(canonicalJson(result)).toBe(canonical);
    // Keys in any order (integer-like ones too: JavaScript lists them first), undefined members and array holes.
    const odd = {
      b: [1, undefined, { z: null, a: 'x' }],
      '10': true,
      a: undefined,
      '9': { y: 1e21, x: -0 },
      é: 'u\u2028',
      A: [],
    };
    expect(canonicalJson(odd)).toBe(
      '{"10":true,"9":{"x":0,"y":1e+21},"A":[],"b":[1,null,{"a":"x","z":null}],"é":"u\u2028"}',
    );
    expect(responseHash(result)).toBe(createHash('sha256').update(canonical).digest('hex'));
  });

  it('signs "task:tokens:::nonce:hash" without a consumer node', () => {
    const nonce = '0123456789abcdef0123456789abcdef';
    const r = buildReceipt({
      nodeId: 'n-1',
      taskId: 'task-1',
      tokensUsed: 15,
      amount: 0.015,
      result,
      hmacKey: KEY,
      now: Date.parse('2026-11-21T10:00:00Z'),
      ttlMs: 300_000,
      nonce,
    });
    const hash = createHash('sha256').update(canonical).digest('hex');
    expect(r).toEqual({
      node_id: 'n-1',
      task_id: 'task-1',
      tokens_used: 15,
      amount: 0.015,
      nonce,
      expires_at: '2026-11-21T10:05:00Z',
      response_hash: hash,
      signature: hmacHex(KEY, `task-1:15:::${nonce}:${hash}`),
      reason: 'task_completion',
    });
  });

  it('appends ":querying_node_id" when the consumer sent one', () => {
    const nonce = 'ffffffffffffffffffffffffffffffff';
    const r = buildReceipt({
      nodeId: 'n-1',
      taskId: 'task-2',
      tokensUsed: 40,
      amount: 0.04,
      result,
      queryingNodeId: 'q-9',
      hmacKey: KEY,
      now: 0,
      ttlMs: 1000,
      nonce,
    });
    expect(r.querying_node_id).toBe('q-9');
    expect(r.signature).toBe(hmacHex(KEY, `task-2:40:::${nonce}:${responseHash(result)}:q-9`));
  });

  it('leaves out a querying node id production cannot take: over 36 characters, "" and "0"', () => {
    const nonce = 'ffffffffffffffffffffffffffffffff';
    for (const q of ['q'.repeat(37), '', '0']) {
      const r = buildReceipt({
        nodeId: 'n-1',
        taskId: 'task-3',
        tokensUsed: 40,
        amount: 0.04,
        result,
        queryingNodeId: q,
        hmacKey: KEY,
        now: 0,
        ttlMs: 1000,
        nonce,
      });
      expect(r).not.toHaveProperty('querying_node_id');
      expect(r.signature).toBe(hmacHex(KEY, `task-3:40:::${nonce}:${responseHash(result)}`));
    }
    const ok = buildReceipt({
      nodeId: 'n-1',
      taskId: 'task-3',
      tokensUsed: 40,
      amount: 0.04,
      result,
      queryingNodeId: 'q'.repeat(36),
      hmacKey: KEY,
      now: 0,
      ttlMs: 1000,
      nonce,
    });
    expect(ok.querying_node_id).toBe('q'.repeat(36));
  });

  it('re-signs a receipt without its querying node, keeping nonce, hash, amount and expiry', () => {
    const nonce = 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';
    const r = buildReceipt({
      nodeId: 'n-1',
      taskId: 'task-4',
      tokensUsed: 40,
      amount: 0.04,
      result,
      queryingNodeId: 'q-9',
      hmacKey: KEY,
      now: 0,
      ttlMs: 1000,
      nonce,
    });
    const again = withoutQueryingNode(r, KEY);
    expect(again).not.toHaveProperty('querying_node_id');
    expect(again).toMatchObject({
      nonce,
      response_hash: r.response_hash,
      amount: 0.04,
      expires_at: r.expires_at,
      task_id: 'task-4',
    });
    expect(again.signature).toBe(hmacHex(KEY, `task-4:40:::${nonce}:${responseHash(result)}`));
  });

  it('uses a fresh 128-bit nonce per receipt', () => {
    const a = buildReceipt({
      nodeId: 'n',
      taskId: 't',
      tokensUsed: 1,
      amount: 0.001,
      result: {},
      hmacKey: KEY,
      now: 0,
      ttlMs: 1,
    });
    const b = buildReceipt({
      nodeId: 'n',
      taskId: 't',
      tokensUsed: 1,
      amount: 0.001,
      result: {},
      hmacKey: KEY,
      now: 0,
      ttlMs: 1,
    });
    expect(a.nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(a.nonce).not.toBe(b.nonce);
  });
});

describe('tier and amounts', () => {
  it.each([
    [['qwen2.5:0.5b'], 'sub_1b', 0.05],
    [['llama3.1:8b'], '7b', 1],
    [['qwen2.5:14b', 'qwen2.5:0.5b'], '13b', 2],
    [['mixtral:8x7b'], '7b', 1],
    [['qwen2.5:32b-instruct'], '30b', 6.5],
    [['llama3.3:70b'], '70b', 32],
    [['llama3.1:405b'], '100b_plus', 75],
    [['nomic-embed-text'], '7b', 1],
  ])('%j → %s (weight %s)', (models, name, weight) => {
    expect(tierFor(models)).toMatchObject({ name, weight });
  });

  it('the directory clamps the declared multiplier to three times the tier weight', () => {
    // Exactly 0.15, not 0.05 × 3 = 0.15000000000000002: the node declares and shows this value.
    expect(registrationCeiling(1, tierFor(['qwen2.5:0.5b']))).toBe(0.15);
    expect(registrationCeiling(0.1, tierFor(['qwen2.5:0.5b']))).toBe(0.1);
    expect(registrationCeiling(100, tierFor(['mixtral:8x22b', 'llama3.1:405b']))).toBe(100);
    expect(registrationCeiling(1000, tierFor(['llama3.1:405b']))).toBe(225);
    expect(registrationCeiling(1.5, tierFor(['llama3.1:8b']))).toBe(1.5);
    expect(registrationCeiling(10, tierFor(['llama3.1:8b']))).toBe(3);
  });

  it.each([
    [15, 1, 0.015],
    [15, 0.15, 0.015], // ceil(15/1000) × 0.15 = 0.15 is above 15/1000
    [1000, 1.5, 1],
    [2500, 0.5, 1.5],
    [1, 1, 0.001],
    [29, 1, 0.029], // 0.029 × 1e4 is 289.99999999999997 in floats: computed in whole ten-thousandths
    [123_456, 0.0013, 0.1612], // four decimals, what the directory stores, rounded down
    [7, 0, 0.001], // multiplier 0 claims at the directory's floor of 0.001 per block
  ])('%i tokens at multiplier %s claim %s (never above the ceiling or tokens/1000)', (tokens, m, amount) => {
    expect(receiptAmount(tokens, m)).toBe(amount);
    expect(receiptAmount(tokens, m)).toBeLessThanOrEqual(Math.ceil(tokens / 1000) * Math.max(0.001, m) * 1.1 + 0.0001);
    expect(String(receiptAmount(tokens, m))).toMatch(/^\d+(\.\d{1,4})?$/);
  });
});
