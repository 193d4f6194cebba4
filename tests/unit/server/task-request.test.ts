/**
 * The outer task request is parsed leniently (real consumers send more than the published schema allows): `task_id`
 * and `intent` are required, the fields the node acts on are type- and size-checked, everything else is ignored.
 */
import { describe, expect, it } from 'vitest';
import { intentDomain, TaskRequestSchema } from '@engine/server/task-request';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const minimal = { task_id: '550e8400-e29b-41d4-a716-446655440000', intent: CHAT };
const parse = (body: unknown) => TaskRequestSchema.safeParse(body);
const ok = (body: unknown) => parse(body).success;

describe('TaskRequestSchema', () => {
  it('accepts a minimal task: task_id and intent', () => {
    expect(parse(minimal)).toMatchObject({ success: true, data: minimal });
  });

  it('accepts the task an official Rust consumer sends to a CX node', () => {
    const body = {
      ...minimal,
      constraints: { timeout_ms: 60000, model: 'qwen2.5:7b', qos: 'interactive' },
      iicp_conf: {
        version: 1,
        recipient_key_id: 'cx-0123456789abcdef',
        kem_ciphertext: 'a',
        encrypted_body: 'b',
        nonce: 'c',
        aad: 'd',
        plaintext_size: 87,
      },
      cx_response_encryption: 'required',
    };
    expect(parse(body)).toMatchObject({ success: true, data: body });
  });

  it('ignores fields it does not act on, at the top level and in constraints, and keeps them', () => {
    const body = {
      ...minimal,
      payload: { messages: [] },
      auth: { node_token: 'x' },
      trace: { trace_id: '0af7651916cd43dd8448eb211c80319c', origin_node: 'n' },
      billing: { max_credits: 3 },
      cip: { round: 1 },
      constraints: { priority: 'high', consensus: 'none', max_tokens: 64 },
      source_node_id: 'node-1',
      nonce: 'n-1',
    };
    const r = parse(body);
    expect(r.success).toBe(true);
    expect(r.data).toMatchObject({ auth: { node_token: 'x' }, constraints: { priority: 'high', max_tokens: 64 } });
  });

  it('reads JSON null in an optional field as absent (the reference takes them as serde Options)', () => {
    const r = parse({
      ...minimal,
      payload: null,
      iicp_conf: null,
      nonce: null,
      source_node_id: null,
      cx_response_encryption: null,
      constraints: { qos: null, timeout_ms: null },
    });
    expect(r.success).toBe(true);
    expect(r.data).toEqual({ ...minimal, constraints: {} });
    const noConstraints = parse({ ...minimal, constraints: null });
    expect(noConstraints.success && noConstraints.data.constraints).toBeUndefined();
  });

  it.each([
    ['no task_id', { intent: CHAT }],
    ['no intent', { task_id: 't' }],
    ['an empty task_id', { ...minimal, task_id: '' }],
    ['an empty intent', { ...minimal, intent: '' }],
    ['a numeric task_id', { ...minimal, task_id: 42 }],
    ['a null task_id', { ...minimal, task_id: null }],
    ['an intent that is not a string', { ...minimal, intent: ['urn'] }],
    ['an empty nonce', { ...minimal, nonce: '' }],
    ['constraints that are not an object', { ...minimal, constraints: 'fast' }],
    ['a non-numeric timeout_ms', { ...minimal, constraints: { timeout_ms: '5000' } }],
    ['a non-string qos', { ...minimal, constraints: { qos: 1 } }],
  ])('refuses %s', (_what, body) => {
    expect(ok(body)).toBe(false);
  });

  it.each([
    ['an array', []],
    ['a string', 'task'],
    ['null', null],
    ['a number', 1],
  ])('refuses a body that is %s', (_what, body) => {
    expect(ok(body)).toBe(false);
  });

  it('bounds the sizes of the fields it keeps', () => {
    const limits: [string, (n: number) => Record<string, unknown>, number][] = [
      ['task_id', (n) => ({ ...minimal, task_id: 't'.repeat(n) }), 128],
      ['intent', (n) => ({ ...minimal, intent: 'i'.repeat(n) }), 256],
      ['nonce', (n) => ({ ...minimal, nonce: 'n'.repeat(n) }), 256],
      ['source_node_id', (n) => ({ ...minimal, source_node_id: 's'.repeat(n) }), 64],
      ['cx_response_encryption', (n) => ({ ...minimal, cx_response_encryption: 'r'.repeat(n) }), 32],
      ['constraints.qos', (n) => ({ ...minimal, constraints: { qos: 'q'.repeat(n) } }), 32],
      ['constraints.qos_class', (n) => ({ ...minimal, constraints: { qos_class: 'q'.repeat(n) } }), 32],
      ['constraints.model', (n) => ({ ...minimal, constraints: { model: 'm'.repeat(n) } }), 255],
    ];
    for (const [field, body, max] of limits) {
      expect(ok(body(max)), `${field} of ${max}`).toBe(true);
      expect(ok(body(max + 1)), `${field} of ${max + 1}`).toBe(false);
    }
  });

  it('refuses a non-finite timeout_ms', () => {
    expect(ok({ ...minimal, constraints: { timeout_ms: Infinity } })).toBe(false);
  });
});

describe('intentDomain', () => {
  it.each([
    ['urn:iicp:intent:tool:run:v1', 'tool'],
    ['urn:iicp:intent:llm:chat:v1', 'llm'],
    ['urn:iicp:intent:audio:speech:v1', 'audio'],
    ['urn:iicp:intent', ''],
    ['tool', ''],
    ['', ''],
  ])('%s → %j', (intent, domain) => {
    expect(intentDomain(intent)).toBe(domain);
  });
});
