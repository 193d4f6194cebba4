/**
 * The operator delegation's signed bytes are what PHP's `OperatorDelegationVerifier::canonicalBytes` builds
 * (`json_encode` with unescaped slashes and unicode), byte for byte, and its signature verifies with the operator's
 * public key; `not_after` is one hour after the clock it is given.
 */
import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DELEGATION_LIFETIME_S,
  delegationBytes,
  phpJsonString,
  signDelegation,
} from '@engine/identity/operator-delegation';
import { generateOperatorKey } from '@engine/identity/operator-key';

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const publicKeyObject = (pub: string) =>
  createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(pub, 'base64')]),
    format: 'der',
    type: 'spki',
  });

describe('the delegation bytes', () => {
  it('are exactly {"node_id":…,"not_after":…,"operator_pub":…} with no whitespace, slashes unescaped', () => {
    const pub = 'ab+/cd==';
    expect(delegationBytes('b30aee67-9089-4337-806e-b560428cf97a', 1_770_000_000, pub).toString('utf8')).toBe(
      '{"node_id":"b30aee67-9089-4337-806e-b560428cf97a","not_after":1770000000,"operator_pub":"ab+/cd=="}',
    );
  });

  it('escape strings as PHP json_encode does: U+2028/U+2029 escaped, other unicode raw, control characters short or \\u00xx', () => {
    expect(phpJsonString('a/b')).toBe('"a/b"');
    expect(phpJsonString('Grüße ☃ 𝄞')).toBe('"Grüße ☃ 𝄞"');
    expect(phpJsonString('\u2028x\u2029')).toBe('"\\u2028x\\u2029"');
    expect(phpJsonString('"\\\n\t\r\b\f')).toBe('"\\"\\\\\\n\\t\\r\\b\\f"');
    expect(phpJsonString('\u0001\u001f\u007f')).toBe('"\\u0001\\u001f\u007f"');
    expect(() => phpJsonString('bad \ud800 half')).toThrow(/lone surrogate/);
    expect(() => phpJsonString('bad \udc00 half')).toThrow(/lone surrogate/);
  });

  it('refuse a not_after that is not a positive whole number', () => {
    expect(() => delegationBytes('n', 1.5, 'p')).toThrow();
    expect(() => delegationBytes('n', 0, 'p')).toThrow();
  });
});

describe('a signed delegation', () => {
  it('carries node id, operator key, not_after = now + 3600 s and a signature that verifies over the exact bytes', () => {
    const key = generateOperatorKey();
    const nodeId = 'b30aee67-9089-4337-806e-b560428cf97a';
    const now = Date.parse('2026-05-01T10:00:00.900Z');
    const d = signDelegation(key, nodeId, now);
    expect(d).toMatchObject({
      node_id: nodeId,
      operator_pub: key.publicKey,
      not_after: Math.floor(now / 1000) + DELEGATION_LIFETIME_S,
    });
    expect(Number.isInteger(d.not_after)).toBe(true);
    expect(d.sig).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    const sig = Buffer.from(d.sig, 'base64');
    expect(sig).toHaveLength(64);
    const bytes = Buffer.from(`{"node_id":"${nodeId}","not_after":${d.not_after},"operator_pub":"${key.publicKey}"}`);
    expect(verify(null, bytes, publicKeyObject(key.publicKey), sig)).toBe(true);
    // Another key's public half does not verify it.
    expect(verify(null, bytes, publicKeyObject(generateOperatorKey().publicKey), sig)).toBe(false);
  });
});
